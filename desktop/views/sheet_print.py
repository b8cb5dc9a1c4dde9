"""Printing one problem sheet: its preview in the office's print language or the other one."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.views.forms_menu import print_language
from desktop.views.preview import PreviewWindow
from desktop.views.record_print import open_record_preview

__all__ = ["open_sheet_preview", "other_language", "print_language"]


def other_language(lang: str) -> str:
    """English for Chinese and Chinese for English: what "print in the other language" prints in."""
    return "en" if lang == "zh_CN" else "zh_CN"


def open_sheet_preview(number: str, lang: str, parent: QWidget | None) -> PreviewWindow | None:
    """Render sheet ``number`` in ``lang`` and open its preview; None (after telling the desk) when it failed."""
    return open_record_preview("problem_sheet", number, parent, lang=lang)
