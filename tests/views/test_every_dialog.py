"""Rules every dialog keeps, checked on every dialog class found in ``desktop.views`` (issue 13).

- A message under a field (or above the form) is shown whole, never cut mid-line.
- Escape never throws typed text away: the dialog asks first (or keeps a draft).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.views import messages
from desktop.views.desk_dialog import MESSAGE_PROPERTY, THROWAWAY_PROPERTY
from tests.views import screens
from tests.views.conftest import ShownMessage

#: Longer than any message FrontDesk shows beside a field, in either language.
LONG_MESSAGE = {
    "en": "Enter a phone number to reach the borrower while the key is out. " * 3,
    "zh_CN": "请填写借用人电话,以便钥匙借出期间联系。" * 4,
}


#: Dialogs that put no message beside a field (they have none to fill in); a refusal is one message box.
WITHOUT_MESSAGE_LINES = {
    "desktop.views.complaint_detail.ComplaintDetail": "a detail with step buttons; each step has its dialog",
    "desktop.views.drafts_dialog.DraftsDialog": "a list of drafts to restore or delete",
    "desktop.views.key_followup_dialogs.CopyMadeDialog": "one confirmation button",
    "desktop.views.key_followup_dialogs.CopyRequestsDialog": "a list to act on",
    "desktop.views.key_followup_dialogs.LostKeysDialog": "a list to act on",
    "desktop.views.register_dialogs.DocumentPicker": "a search and a list to choose from",
    "desktop.views.restore_dialog.RestoreDialog": "a list of backups to choose from",
    "desktop.views.retention_dialog.RetentionDialog": "a list of records to purge",
}


#: Dialogs that hold no typed text (choices, lists, passwords, a search): Escape closes them at once.
WITHOUT_TEXT_INPUT = {
    *WITHOUT_MESSAGE_LINES,
    "desktop.views.damage_dialog.DamageDialog",  # a work number and password, only for a backup with logins
    "desktop.views.inquiry_dialog.CategoryDialog",
    "desktop.views.intake_dialog.SheetPicker",
    "desktop.views.login_dialog.LoginDialog",
    "desktop.views.login_dialog.SetPasswordDialog",
    "desktop.views.sheet_detail.SheetDetail",
}


def test_every_dialog_class_has_a_builder() -> None:
    assert screens.missing_builders() == []


def settle(dialog: QWidget) -> None:
    for _round in range(3):
        QApplication.processEvents()


def open_faces(qtbot: QtBot, name: str, demo: screens.Demo) -> list[QDialog]:
    dialogs = screens.build(name, demo)
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
    return dialogs


def message_lines(dialog: QWidget) -> list[QLabel]:
    return [label for label in dialog.findChildren(QLabel) if label.property(MESSAGE_PROPERTY)]


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped(label: QLabel) -> str | None:
    """Why ``label`` does not show its whole text, or None."""
    needed = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
    if label.height() < needed:
        return f"{label.height()} px high, needs {needed}"
    if not label.wordWrap() and label.width() < label.sizeHint().width():
        return f"{label.width()} px wide, needs {label.sizeHint().width()}"
    if not in_scroll_area(label):
        window = label.window()
        bottom = label.mapTo(window, label.rect().bottomLeft()).y()
        if bottom > window.height():
            return f"ends {bottom - window.height()} px below the window"
    return None


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("name", screens.dialog_names())
def test_messages_are_shown_whole(
    qtbot: QtBot, demo_screens: screens.Demo, name: str, lang: str, shown_messages: list[ShownMessage]
) -> None:
    i18n.set_ui_language(lang)
    checked = 0
    for dialog in open_faces(qtbot, name, demo_screens):
        for label in message_lines(dialog):
            if not label.parentWidget().isVisibleTo(dialog):
                continue  # a field the dialog hides now (e.g. an external borrower's document)
            label.setText(LONG_MESSAGE[lang])
            label.show()
            settle(dialog)
            problem = clipped(label)
            assert problem is None, f"{type(dialog).__name__} {label.objectName()}: {problem}"
            label.hide()
            settle(dialog)
            checked += 1
    if name in WITHOUT_MESSAGE_LINES:
        return
    assert checked, f"{name} has no message lines: are its errors shown some other way?"


def first_text_input(dialog: QDialog) -> QLineEdit | QPlainTextEdit | None:
    for widget in dialog.findChildren(QWidget):
        if widget.property(THROWAWAY_PROPERTY) or not widget.isVisibleTo(dialog) or not widget.isEnabled():
            continue
        if (
            isinstance(widget, QLineEdit)
            and not widget.isReadOnly()
            and widget.echoMode() == QLineEdit.EchoMode.Normal
        ):
            if isinstance(widget.parentWidget(), QWidget) and widget.parentWidget().property(
                THROWAWAY_PROPERTY
            ):
                continue
            return widget
        if isinstance(widget, QPlainTextEdit) and not widget.isReadOnly():
            return widget
    return None


@pytest.mark.parametrize("name", screens.dialog_names())
def test_escape_never_throws_typed_text_away(
    qtbot: QtBot, demo_screens: screens.Demo, name: str, shown_messages: list[ShownMessage]
) -> None:
    typed_into = 0
    for dialog in open_faces(qtbot, name, demo_screens):
        field = first_text_input(dialog)
        if field is None:
            continue  # nothing to type into (a list, a read-only detail)
        typed_into += 1
        field.setFocus()
        if isinstance(field, QLineEdit):
            field.setText(field.text() + "typed at the desk")
        else:
            field.setPlainText(field.toPlainText() + "typed at the desk")
        shown_messages.clear()
        qtbot.keyClick(field, Qt.Key.Key_Escape)
        questions = [m for m in shown_messages if m.kind is messages.Kind.QUESTION]
        assert dialog.isVisible(), f"{type(dialog).__name__}: Escape closed it and the typed text is lost"
        assert [m.text for m in questions] == ["Discard what you typed in this form?"], type(dialog).__name__
    assert typed_into or name in WITHOUT_TEXT_INPUT, f"{name}: found nothing to type into"


def test_answering_yes_discards_and_no_keeps(
    qtbot: QtBot, demo_screens: screens.Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Any] = []
    monkeypatch.setattr(messages, "show", lambda *args, **kwargs: asked.append(kwargs.get("on_yes")))
    (dialog,) = open_faces(qtbot, "desktop.views.callback_dialog.CallbackDialog", demo_screens)
    field = first_text_input(dialog)
    assert field is not None
    field.setFocus()
    qtbot.keyClicks(field, "customer says thanks")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1  # "No" is doing nothing: the text stays
    asked[0]()  # "Yes"
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


#: A pasted complaint longer than any box (digits, so that phone fields accept it too).
LONG_PASTE = "1234567890" * 500


def text_inputs(root: QWidget) -> list[QLineEdit | QPlainTextEdit]:
    """Every input the desk can type or paste into (spin boxes and date pickers hold numbers, not text)."""
    found: list[QLineEdit | QPlainTextEdit] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue
        if isinstance(widget, QLineEdit | QPlainTextEdit) and not widget.isReadOnly():
            found.append(widget)
    return found


@pytest.mark.parametrize("name", screens.dialog_names())
def test_nothing_pasted_is_cut_silently(
    qtbot: QtBot, demo_screens: screens.Demo, name: str, shown_messages: list[ShownMessage]
) -> None:
    for dialog in open_faces(qtbot, name, demo_screens):
        for field in text_inputs(dialog):
            if isinstance(field, QLineEdit):
                field.selectAll()
                field.insert(LONG_PASTE)
                text = field.text()
            else:
                field.selectAll()
                field.insertPlainText(LONG_PASTE)
                text = field.toPlainText()
            assert LONG_PASTE in text, (
                f"{type(dialog).__name__} {field.objectName()}: kept {len(text)} characters"
            )


@pytest.mark.parametrize("name", screens.dialog_names())
def test_escape_with_nothing_typed_closes_at_once(
    qtbot: QtBot, demo_screens: screens.Demo, name: str, shown_messages: list[ShownMessage]
) -> None:
    for dialog in open_faces(qtbot, name, demo_screens):
        QTest.qWait(250)  # lookups and checks that run after the dialog opens change nothing typed
        shown_messages.clear()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), f"{type(dialog).__name__}: Escape did not close it"
        assert [m.text for m in shown_messages if m.kind is messages.Kind.QUESTION] == []
