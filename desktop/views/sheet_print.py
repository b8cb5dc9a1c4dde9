"""Printing one problem sheet: its preview in the office's print language or the other one."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.formspec.loader import load_form
from desktop.i18n import ui_language
from desktop.services import printing
from desktop.views import ops
from desktop.views.forms_menu import file_name, print_language
from desktop.views.preview import PreviewWindow

__all__ = ["open_sheet_preview", "other_language", "print_language"]


def other_language(lang: str) -> str:
    """English for Chinese and Chinese for English: what "print in the other language" prints in."""
    return "en" if lang == "zh_CN" else "zh_CN"


def open_sheet_preview(number: str, lang: str, parent: QWidget | None) -> PreviewWindow | None:
    """Render sheet ``number`` in ``lang`` and open its preview; None (after telling the desk) when it failed."""
    result = ops.query(lambda: printing.print_record("problem_sheet", number, lang=lang), parent=parent)
    if not result.ok or result.value is None:
        return None
    form = load_form("problem_sheet")
    window = PreviewWindow(
        result.value,
        title=f"{form.title.get(ui_language())} {number}",
        suggested_name=file_name(f"{form.code} {number}"),
        lang=lang,
        rerender=lambda other: printing.print_record("problem_sheet", number, lang=other),
        parent=parent,
    )
    window.show()
    return window
