"""Reading rendered PDFs back in tests."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def text_of(pdf: bytes) -> list[str]:
    """The extracted text of each page."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Text without any whitespace, to compare content regardless of line wrapping."""
    return re.sub(r"\s+", "", text)
