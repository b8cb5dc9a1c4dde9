"""The first-run wizard: refuses to go on without an office name, completes into a saved office."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop.services import office
from desktop.views.first_run import PAGE_DEPARTMENTS, PAGE_OFFICE, PAGE_STAFF, FirstRunWizard
from desktop.views.staff_editor import COL_EMPLOYEE_NO, COL_NAME, COL_PHONE


@pytest.fixture
def wizard(qtbot: QtBot, db: Any) -> FirstRunWizard:
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    return wizard


def choose_type(qtbot: QtBot, wizard: FirstRunWizard, key: str) -> None:
    button = wizard.office_page.form.type_buttons[key]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def click(qtbot: QtBot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def test_next_is_refused_without_an_office_name(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    form = wizard.office_page.form
    assert wizard.currentId() == PAGE_OFFICE
    assert form.name_error.isVisible()
    assert form.name_error.text() == "Enter the office's name."
    qtbot.keyClicks(form.name_edit, "Green Garden")
    assert not form.name_error.isVisible()  # typing clears the message


def test_finish_is_refused_without_an_office_name(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.office_page.form.name_edit.setText("Green Garden")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.staff_page.editor.model.set_rows([])
    wizard.staff_page.initializePage()
    model = wizard.staff_page.editor.model
    model.setData(model.index(0, COL_EMPLOYEE_NO), "01")
    model.setData(model.index(0, COL_NAME), "Zhang San")
    wizard.office_page.form.name_edit.setText("   ")  # emptied behind the wizard's back
    with qtbot.assertNotEmitted(wizard.office_set_up):
        wizard.accept()
    assert wizard.isVisible()
    assert wizard.office_page.form.name_error.text() == "Enter the office's name."
    assert office.get_office() is None


def test_wizard_completes_into_a_saved_office(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    form = wizard.office_page.form
    choose_type(qtbot, wizard, "clinic")
    form.name_edit.setText("康宁诊所")
    qtbot.keyClicks(form.address_edit, "1 Health Road")
    qtbot.keyClicks(form.phone_edit, "0571-1234")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_DEPARTMENTS
    departments = wizard.departments_page.editor
    assert departments.names() == ["Reception", "Outpatient department", "Customer service"]
    qtbot.mouseClick(departments.add_button, Qt.MouseButton.LeftButton)
    departments.list_widget.currentItem().setText("Pharmacy")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PAGE_STAFF
    model = wizard.staff_page.editor.model
    assert model.rowCount() == 1
    model.setData(model.index(0, COL_EMPLOYEE_NO), "01")
    model.setData(model.index(0, COL_NAME), "张医生")
    model.setData(model.index(0, COL_PHONE), "139")
    with qtbot.waitSignal(wizard.office_set_up):
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    saved = office.get_office()
    assert saved is not None
    assert (saved.name, saved.address, saved.phone, saved.office_type) == (
        "康宁诊所",
        "1 Health Road",
        "0571-1234",
        "clinic",
    )
    assert {d.name for d in office.list_departments()} == {
        "Reception",
        "Outpatient department",
        "Customer service",
        "Pharmacy",
    }
    (person,) = office.list_staff()
    assert (person.employee_no, person.name, person.role, person.department_name) == (
        "01",
        "张医生",
        "administrator",
        "Reception",
    )
    assert office.is_set_up()
    assert not wizard.isVisible()


def test_staff_page_needs_at_least_one_person(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.office_page.form.name_edit.setText("Green Garden")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    editor = wizard.staff_page.editor
    model = editor.model
    model.setData(model.index(0, COL_NAME), "No Number")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.isVisible()
    assert editor.error.text() == "Every staff member needs an employee number and a name."
    model.set_rows([])
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert editor.error.text() == "Add at least one staff member: every record names who took it."
    assert office.get_office() is None


def test_departments_follow_the_office_type_until_edited(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    form = wizard.office_page.form
    form.name_edit.setText("Hotline")
    choose_type(qtbot, wizard, "hotline")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.departments_page.editor.names() == ["Hotline", "Technical support", "Customer service"]
    click(qtbot, wizard, QWizard.WizardButton.BackButton)
    choose_type(qtbot, wizard, "property")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.departments_page.editor.names() == ["Customer service", "Engineering", "Security"]


def test_a_refusal_from_the_service_lands_beside_the_field(
    qtbot: QtBot, wizard: FirstRunWizard, shown_messages: list[Any]
) -> None:
    wizard.office_page.form.name_edit.setText("Green Garden")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    model = wizard.staff_page.editor.model
    model.setData(model.index(0, COL_EMPLOYEE_NO), "x" * 31)
    model.setData(model.index(0, COL_NAME), "Zhang")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.staff_page.editor.error.text() == "At most 30 characters."
    assert shown_messages == []
    assert office.get_office() is None


def test_logo_is_previewed_and_a_non_picture_refused(
    qtbot: QtBot, wizard: FirstRunWizard, tmp_path: Any
) -> None:
    from PySide6.QtGui import QColor, QImage

    form = wizard.office_page.form
    picture = tmp_path / "logo.png"
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f5d8a"))
    assert image.save(str(picture))
    assert form.load_logo_file(str(picture))
    assert not form.logo_preview.pixmap().isNull()
    assert form.values()["logo"] == picture.read_bytes()
    assert form.logo_clear_button.isEnabled()
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    assert not form.load_logo_file(str(text))
    assert form.logo_error.text() == "This file is not a PNG or JPEG picture."
    assert form.values()["logo"] == picture.read_bytes()  # the good logo stays
    qtbot.mouseClick(form.logo_clear_button, Qt.MouseButton.LeftButton)
    assert form.values()["logo"] is None
