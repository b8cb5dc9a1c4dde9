"""The staff tab's "Set password…": offered for a saved person, it sets their password through the service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services import accounts, office
from desktop.views import ops
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.staff_editor import COL_NAME, StaffEditor
from tests.views.conftest import ShownMessage


def staff_ids() -> dict[str, int]:
    return {row.name: row.id for row in office.list_staff(active_only=False)}


def row_of(editor: StaffEditor, name: str) -> int:
    return next(i for i, row in enumerate(editor.model.rows()) if row.name == name)


def test_set_password_for_the_selected_saved_person(qtbot: QtBot, office_db: Any) -> None:
    ops.set_staff_on_duty(staff_ids()["张三"])  # the administrator
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.staff)
    dialog.open()
    editor = dialog.staff
    assert editor.password_button.isVisible() and not editor.password_button.isEnabled()
    editor.view.setCurrentIndex(editor.model.index(row_of(editor, "李四"), COL_NAME))
    assert editor.password_button.isEnabled()
    qtbot.mouseClick(editor.password_button, Qt.MouseButton.LeftButton)
    password_dialog = editor.password_dialog
    assert password_dialog is not None and password_dialog.isVisible()
    assert password_dialog.windowTitle() == "Set password for 李四"
    password_dialog.fields.password.setText("a new desk password")
    password_dialog.fields.repeat.setText("a new desk password")
    with qtbot.waitSignal(password_dialog.accepted):
        password_dialog.save()
    assert accounts.verify_login("002", "a new desk password", now=ops.now()).name == "李四"


def test_a_new_row_has_no_password_yet(qtbot: QtBot, office_db: Any) -> None:
    editor = StaffEditor(show_password=True)
    qtbot.addWidget(editor)
    editor.add_new()
    assert not editor.password_button.isEnabled()
    editor.set_password()
    assert editor.password_dialog is None
    assert editor.error.text() == "Choose a saved staff member first."
    assert StaffEditor().password_button.isHidden()  # the first-run wizard has its own password page


def test_a_receptionist_is_refused(qtbot: QtBot, office_db: Any, shown_messages: list[ShownMessage]) -> None:
    ids = staff_ids()
    ops.set_staff_on_duty(ids["李四"])
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    editor = dialog.staff
    editor.view.setCurrentIndex(editor.model.index(row_of(editor, "张三"), COL_NAME))
    editor.set_password()
    assert editor.password_dialog is not None
    editor.password_dialog.fields.password.setText("admin password 2")
    editor.password_dialog.fields.repeat.setText("admin password 2")
    editor.password_dialog.save()
    assert [message.text for message in shown_messages] == [
        "李四 (Receptionist) may not set another person's password. Allowed: Administrator."
    ]
    assert editor.password_dialog.result() == 0
    assert not accounts.login_choices()
