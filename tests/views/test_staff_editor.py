"""The staff table model and editor shared by the wizard and the settings dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.views.staff_editor import (
    COL_ACTIVE,
    COL_EMPLOYEE_NO,
    COL_NAME,
    COL_ROLE,
    StaffDraft,
    StaffEditor,
    StaffTableModel,
)


def sample_rows() -> list[StaffDraft]:
    return [
        StaffDraft(
            employee_no="001", name="张三", role="administrator", department="客服部", id=1, version=1
        ),
        StaffDraft(employee_no="002", name="Li", role="receptionist", active=False, id=2, version=3),
    ]


def test_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = StaffTableModel()
    model.set_rows(sample_rows())
    qtmodeltester.check(model)
    model.append_row()
    qtmodeltester.check(model)


def test_roles_are_keys_stored_and_labels_shown() -> None:
    i18n.set_ui_language("en")
    model = StaffTableModel()
    model.set_rows(sample_rows())
    index = model.index(0, COL_ROLE)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "Administrator"
    assert model.data(index, Qt.ItemDataRole.EditRole) == "administrator"
    assert not model.setData(index, "janitor")  # not a role
    assert model.setData(index, "manager")
    assert model.rows()[0].role == "manager"


def test_changed_rows_are_new_rows_with_content_and_edited_saved_rows() -> None:
    model = StaffTableModel()
    model.set_rows(sample_rows())
    assert model.changed_rows() == []
    model.setData(model.index(1, COL_ACTIVE), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    blank = model.append_row()
    assert [row.employee_no for row in model.changed_rows()] == ["002"]
    model.setData(model.index(blank, COL_NAME), "New")
    assert [row.name for row in model.changed_rows()] == ["Li", "New"]


def test_saved_rows_cannot_be_removed_new_ones_can() -> None:
    model = StaffTableModel()
    model.set_rows(sample_rows())
    assert not model.remove_row(0)
    position = model.append_row()
    assert model.remove_row(position)
    assert model.rowCount() == 2


def test_editor_validation_messages(qtbot: QtBot) -> None:
    editor = StaffEditor()
    qtbot.addWidget(editor)
    model = editor.model
    assert not editor.validate()
    assert editor.error.text() == "Add at least one staff member: every record names who took it."
    model.set_rows([StaffDraft(employee_no="01", name="A"), StaffDraft(employee_no="01", name="B")])
    assert not editor.validate()
    assert editor.error.text() == "The employee number 01 is used twice; each person has their own."
    model.setData(model.index(1, COL_EMPLOYEE_NO), "02")
    assert editor.validate()
    assert not editor.error.isVisible()


def test_removing_a_saved_row_explains_why_not(qtbot: QtBot) -> None:
    editor = StaffEditor()
    qtbot.addWidget(editor)
    editor.model.set_rows(sample_rows())
    editor.view.setCurrentIndex(editor.model.index(0, 0))
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 2
    assert editor.error.text() == "Saved staff cannot be removed; untick Active instead."
