"""The entry dialog warns beside a field when a typed character cannot be printed as typed (issue 13)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.formspec.loader import load_form
from desktop.views.fields.text import TextEditor
from desktop.views.form_dialog import FormDialog

NOW = datetime(2026, 3, 16, 9, 0)


def _type(dialog: FormDialog, key: str, text: str) -> TextEditor:
    editor = dialog.editor(key)
    assert isinstance(editor, TextEditor)
    editor.line_edit().setText(text)
    editor.line_edit().textEdited.emit(text)  # as typing does (QTest cannot type beyond Latin-1)
    return editor


def test_a_character_without_a_glyph_is_named_under_its_field(qtbot: QtBot) -> None:
    dialog = FormDialog(load_form("visitor_register"), lang="en", now=NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = _type(dialog, "visitor_name", "王芳 \U0001fae0")
    warning = editor.findChild(QLabel, "print_warning_visitor_name")
    qtbot.waitUntil(lambda: warning.isVisible())
    assert warning.text().startswith("Prints as [melting face]:")
    assert "The record keeps what you typed." in warning.text()
    assert editor.value() == "王芳 \U0001fae0"  # a hint, not a refusal: the value is kept as typed
    assert editor.error() is None

    _type(dialog, "visitor_name", "王芳 😀 ئابدۇرېھىم דוד")  # emoji, Uyghur and Hebrew all print
    qtbot.waitUntil(lambda: not warning.isVisible())


def test_only_free_text_fields_are_watched(qtbot: QtBot) -> None:
    dialog = FormDialog(load_form("visitor_register"), lang="zh_CN", now=NOW)
    qtbot.addWidget(dialog)
    watched = {
        key
        for key in dialog.editable_keys()
        if dialog.editor(key).findChild(QLabel, f"print_warning_{key}") is not None
    }
    form = load_form("visitor_register")
    assert watched == {
        key for key in dialog.editable_keys() if form.field(key).type in ("text", "multiline", "person")
    }
