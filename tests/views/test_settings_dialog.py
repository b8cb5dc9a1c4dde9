"""The settings dialog: office data, departments, staff (add/edit/deactivate) and languages."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.services import office, settings
from desktop.views import ops, preferences
from desktop.views.events import record_events
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.staff_editor import COL_ACTIVE, COL_EMPLOYEE_NO, COL_NAME, COL_PHONE


@pytest.fixture
def dialog(qtbot: QtBot, office_db: Any) -> SettingsDialog:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot: QtBot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_dialog_shows_what_is_stored(dialog: SettingsDialog) -> None:
    assert dialog.office_form.name_edit.text() == "绿园物业服务中心"
    assert dialog.office_form.office_type() == "property"
    assert set(dialog.departments.names()) == {"客户服务部", "工程部"}
    assert [(row.employee_no, row.active) for row in dialog.staff.model.rows()] == [
        ("001", True),
        ("002", True),
        ("003", False),
    ]
    assert dialog.screen_language.currentData() is None  # this computer: as the computer
    assert dialog.ui_language.currentData() == "zh_CN"  # the office's language: Chinese until chosen
    assert dialog.print_language.currentData() == "zh_CN"


def test_saving_changes_office_departments_and_staff(qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.office_form.name_edit.setText("绿园服务中心")
    dialog.departments.add_new()
    dialog.departments.list_widget.currentItem().setText("安管部")
    model = dialog.staff.model
    model.setData(model.index(1, COL_PHONE), "138")
    model.setData(model.index(1, COL_ACTIVE), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    new = model.append_row()
    model.setData(model.index(new, COL_EMPLOYEE_NO), "004")
    model.setData(model.index(new, COL_NAME), "赵六")
    with qtbot.waitSignal(dialog.saved), qtbot.waitSignal(record_events().records_changed):
        save(qtbot, dialog)
    assert not dialog.isVisible()
    assert office.get_office().name == "绿园服务中心"
    assert "安管部" in {d.name for d in office.list_departments()}
    by_number = {row.employee_no: row for row in office.list_staff(active_only=False)}
    assert (by_number["002"].phone, by_number["002"].active) == ("138", False)
    assert by_number["004"].name == "赵六"
    assert by_number["004"].department_name == ""


def test_empty_name_is_refused_beside_the_field(qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.office_form.name_edit.setText("")
    with qtbot.assertNotEmitted(dialog.saved):
        save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.office_form.name_error.text() == "Enter the office's name."
    assert office.get_office().name == "绿园物业服务中心"


def test_a_taken_employee_number_is_shown_and_save_can_continue(qtbot: QtBot, dialog: SettingsDialog) -> None:
    model = dialog.staff.model
    model.setData(model.index(1, COL_PHONE), "139")
    new = model.append_row()
    model.setData(model.index(new, COL_EMPLOYEE_NO), "003")  # the inactive 王五 keeps his number
    model.setData(model.index(new, COL_NAME), "Someone")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.staff.error.text() == "The employee number 003 is used twice; each person has their own."
    model.setData(model.index(new, COL_EMPLOYEE_NO), "005")
    with qtbot.waitSignal(dialog.saved):
        save(qtbot, dialog)
    assert {row.employee_no for row in office.list_staff()} == {"001", "002", "005"}


def test_changing_the_screen_language_asks_for_a_rebuild(
    qtbot: QtBot, dialog: SettingsDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)  # a computer that names no language shows the office's
    dialog.ui_language.setCurrentIndex(dialog.ui_language.findData("en"))
    dialog.print_language.setCurrentIndex(dialog.print_language.findData("en"))
    with qtbot.waitSignal(dialog.ui_language_changed) as blocker:
        save(qtbot, dialog)
    assert blocker.args == ["en"]
    assert settings.get_setting("ui.language") == "en"
    assert settings.get_setting("print.language") == "en"


def as_receptionist(qtbot: QtBot) -> SettingsDialog:
    receptionist = next(row for row in office.list_staff() if row.role == "receptionist")
    ops.set_staff_on_duty(receptionist.id)
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_receptionist_changes_her_own_screen_language_but_no_office_setting(
    qtbot: QtBot, office_db: Any, shown_messages: list[Any]
) -> None:
    dialog = as_receptionist(qtbot)
    assert dialog.tabs.currentWidget() is dialog.languages
    assert dialog.screen_language.isEnabled()
    for part in (dialog.office_form, dialog.departments, dialog.staff, dialog.calendar, dialog.ui_language,
                 dialog.print_language, *dialog.setting_forms):  # fmt: skip
        assert not part.isEnabled()
    assert dialog.permission_note.isVisible()
    assert "Manager, Administrator" in dialog.permission_note.text()
    dialog.screen_language.setCurrentIndex(dialog.screen_language.findData("en"))
    with qtbot.waitSignal(dialog.ui_language_changed) as blocker:
        save(qtbot, dialog)
    assert blocker.args == ["en"]
    assert shown_messages == []  # nothing offered was refused
    assert not dialog.isVisible()
    assert preferences.screen_language() == "en"
    assert settings.get_setting("ui.language") is None  # the office's settings are untouched


def test_a_manager_changes_settings_but_not_the_staff_accounts(
    qtbot: QtBot, office_db: Any, clock: Any
) -> None:
    manager = office.add_staff(
        {"employee_no": "009", "name": "钱经理", "role": "manager"}, by=None, now=clock.now()
    )
    ops.set_staff_on_duty(manager.id)
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.office_form.isEnabled() and dialog.ui_language.isEnabled()
    assert not dialog.staff.isEnabled()
    security = next(form for form in dialog.setting_forms if form.group.name == "security")
    assert not security.isEnabled()  # logins and locking are the administrator's
    dialog.print_language.setCurrentIndex(dialog.print_language.findData("en"))
    with qtbot.waitSignal(dialog.saved):
        save(qtbot, dialog)
    assert settings.get_setting("print.language") == "en"
