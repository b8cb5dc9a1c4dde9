"""Reading rendered PDFs back in tests."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from desktop.i18n import gettext_for


def text_of(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Text without any whitespace, to compare content regardless of line wrapping."""
    return re.sub(r"\s+", "", text)


def page_label(lang: str, page: int, pages: int) -> str:
    """The page number the chrome prints in ``lang``: ``Page 1 / 3`` / ``第 1 / 3 页``."""
    return gettext_for(lang)("Page {page} / {pages}").format(page=page, pages=pages)
