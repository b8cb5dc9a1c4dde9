"""Printing one record of any form: its preview, in the office's print language or the other one.

The one way the app previews a single stored record — a sheet with all its copies, or a register's page with
that one line — through :func:`desktop.services.printing.print_record`, the function ``frontdesk print SLUG
NUMBER`` prints with too, so a record looks the same from the app and from the command line.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.formspec.loader import load_form
from desktop.i18n import ui_language
from desktop.services import printing
from desktop.views import ops
from desktop.views.forms_menu import file_name, print_language
from desktop.views.preview import PreviewWindow


def open_record_preview(
    slug: str,
    number: str,
    parent: QWidget | None,
    *,
    lang: str | None = None,
    record_id: int | None = None,
) -> PreviewWindow | None:
    """Render record ``number`` of form ``slug`` and open its preview; None (after telling the desk) on failure.

    Args:
        lang: the printout's language (default: the office's print language).
        record_id: the record's id, so that printing it is recorded against it in the audit trail.
    """
    if lang is None:
        chosen = ops.query(print_language, parent=parent)
        if not chosen.ok or chosen.value is None:
            return None
        lang = chosen.value
    language = lang
    result = ops.query(lambda: printing.print_record(slug, number, lang=language), parent=parent)
    if not result.ok or result.value is None:
        return None
    form = load_form(slug)
    window = PreviewWindow(
        result.value,
        title=f"{form.title.get(ui_language())} {number}",
        suggested_name=file_name(f"{form.code} {number}"),
        lang=language,
        rerender=lambda other: printing.print_record(slug, number, lang=other),
        parent=parent,
        audit_record=(slug, record_id),
    )
    window.show()
    return window
