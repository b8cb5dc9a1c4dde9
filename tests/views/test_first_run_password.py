"""The first-run wizard's staff page: the first administrator's password (optional; with it, logins start)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.services import accounts, office
from desktop.views.first_run import PAGE_PASSWORD, PAGE_STAFF, FirstRunWizard
from desktop.views.staff_editor import COL_EMPLOYEE_NO, COL_NAME


@pytest.fixture(autouse=True)
def _fast_english() -> Iterator[None]:
    i18n.set_ui_language("en")
    previous = accounts.set_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    accounts.set_hasher(previous)


def _to_password_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    wizard.office_page.form.name_edit.setText("康宁诊所")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_STAFF
    model = wizard.staff_page.editor.model
    model.setData(model.index(0, COL_EMPLOYEE_NO), "01")
    model.setData(model.index(0, COL_NAME), "张医生")
    assert wizard.currentId() == PAGE_PASSWORD


def test_the_first_administrator_gets_a_password_and_logins_start(qtbot: QtBot, db: Any) -> None:
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.open()
    _to_password_page(qtbot, wizard)
    fields = wizard.password_page.fields
    fields.password.setText("short")
    fields.repeat.setText("short")
    wizard.accept()
    assert fields.error.text() == "A password needs at least 8 characters."
    assert not office.is_set_up()
    fields.password.setText("clinic admin 1")
    fields.repeat.setText("clinic admin 1")
    with qtbot.waitSignal(wizard.office_set_up):
        wizard.accept()
    admin = office.list_staff()[0]
    assert accounts.has_password(admin.id) and accounts.login_required()
    assert accounts.verify_login("01", "clinic admin 1", now=admin_now()).name == "张医生"


def admin_now() -> Any:
    from desktop.views import ops

    return ops.now()


def test_empty_password_keeps_the_office_without_logins(qtbot: QtBot, db: Any) -> None:
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    wizard.open()
    _to_password_page(qtbot, wizard)
    with qtbot.waitSignal(wizard.office_set_up):
        wizard.accept()
    assert office.is_set_up() and not accounts.login_required()
