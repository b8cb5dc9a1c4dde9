"""The Forms menu: every printable form, printed blank for filling in by hand.

One action per definition in ``forms/`` (so a new TOML appears here with no code change), titled in the UI
language and sorted by form code. The blank prints in the office's print language (setting ``print.language``)
and the preview offers the other language.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desktop.formspec.loader import load_all, load_form
from desktop.formspec.model import FormDef
from desktop.i18n import DEFAULT_LANGUAGE, _, normalize_language, ui_language
from desktop.services import printing
from desktop.services.settings import get_setting
from desktop.views import ops
from desktop.views.preview import PreviewWindow


def forms_in_menu_order() -> list[FormDef]:
    """Every form definition, by code (``F01``, ``F04``, … ``P10``)."""
    return sorted(load_all().values(), key=lambda form: (form.code, form.slug))


def print_language() -> str:
    """The language blank and filled forms print in (the office's ``print.language``, else Chinese)."""
    return normalize_language(get_setting("print.language") or DEFAULT_LANGUAGE)


def file_name(title: str) -> str:
    """``title`` as a PDF file name every system accepts (no ``/ \\ : * ? " < > |``)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", title).strip(" .")
    return f"{cleaned or 'form'}.pdf"


def populate_forms_menu(menu: QMenu, parent_widget: QWidget) -> list[QAction]:
    """Add one "print blank" action per form to ``menu``; returns the actions added.

    Args:
        menu: the menu to fill (its other actions are left alone).
        parent_widget: the window the previews belong to.
    """
    actions = []
    lang = ui_language()
    for form in forms_in_menu_order():
        action = QAction(f"{form.code}  {form.title.get(lang)}", menu)
        action.setObjectName(f"print_blank_{form.slug}")
        action.setToolTip(_("Print a blank {title} to fill in by hand").format(title=form.title.get(lang)))
        action.setStatusTip(action.toolTip())
        action.triggered.connect(lambda _checked=False, slug=form.slug: open_blank_form(slug, parent_widget))
        menu.addAction(action)
        actions.append(action)
    return actions


def open_blank_form(slug: str, parent_widget: QWidget | None) -> PreviewWindow | None:
    """Render the blank ``slug`` in the print language and open its preview; None when it could not be rendered.

    The desk is told why in a message box (through :mod:`desktop.views.ops`).
    """
    lang_result = ops.query(print_language, parent=parent_widget)
    if not lang_result.ok or lang_result.value is None:
        return None
    lang = lang_result.value
    result = ops.query(lambda: printing.print_blank(slug, lang=lang), parent=parent_widget)
    if not result.ok or result.value is None:
        return None
    form = load_form(slug)
    window = PreviewWindow(
        result.value,
        title=form.title.get(ui_language()),
        suggested_name=file_name(f"{form.code} {form.title.get(lang)}"),
        lang=lang,
        rerender=lambda other: printing.print_blank(slug, lang=other),
        parent=parent_widget,
    )
    window.show()
    return window
