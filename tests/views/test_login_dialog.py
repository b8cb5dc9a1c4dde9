"""Logging in and switching the staff member on duty; Enter submits; one message for a wrong password."""

from __future__ import annotations

from collections.abc import Iterator

import peewee
import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.models.staff import Staff
from desktop.services import accounts, office
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.login_dialog import LoginDialog, SetPasswordDialog


@pytest.fixture(autouse=True)
def _fast_english() -> Iterator[None]:
    i18n.set_ui_language("en")
    previous = accounts.set_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    accounts.set_hasher(previous)


@pytest.fixture
def people(office_db: peewee.SqliteDatabase, clock: FixedClock) -> dict[str, int]:
    ids = {row.name: row.id for row in office.list_staff()}
    accounts.set_password(ids["张三"], "admin-pass-1", by=None, now=clock.now())
    accounts.set_password(ids["李四"], "desk-pass-2", by=None, now=clock.now())
    return ids


def test_enter_logs_in_and_puts_the_person_on_duty(qtbot: QtBot, people: dict[str, int]) -> None:
    dialog = LoginDialog(staff_id=people["李四"])
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.form.staff.currentText() == "002 李四"
    qtbot.keyClicks(dialog.form.password, "desk-pass-2")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.logged_in_row is not None and dialog.logged_in_row.name == "李四"
    assert ops.staff_on_duty() == people["李四"]


def test_a_wrong_password_says_so_beside_the_field(qtbot: QtBot, people: dict[str, int]) -> None:
    dialog = LoginDialog(staff_id=people["李四"])
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.form.password, "not-it-at-all")
    qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.form.error.text() == "Wrong work number or password."
    assert dialog.form.password.text() == ""
    assert ops.staff_on_duty() is None


def test_only_people_with_a_password_are_offered(qtbot: QtBot, office_db: peewee.SqliteDatabase) -> None:
    admin = next(row for row in office.list_staff() if row.name == "张三")
    accounts.set_password(admin.id, "admin-pass-1", by=None, now=ops.now())
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    assert [dialog.form.staff.itemText(i) for i in range(dialog.form.staff.count())] == ["001 张三"]


def test_the_administrator_sets_a_password(qtbot: QtBot, people: dict[str, int]) -> None:
    ops.set_staff_on_duty(people["张三"])
    dialog = SetPasswordDialog(people["李四"], "李四")
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.fields.password.setText("short")
    dialog.fields.repeat.setText("short")
    dialog.save()
    assert dialog.fields.error.text() == "A password needs at least 8 characters."
    dialog.fields.password.setText("a new desk password")
    dialog.fields.repeat.setText("a new desk passwort")
    dialog.save()
    assert dialog.fields.error.text() == "The two passwords are not the same."
    dialog.fields.repeat.setText("a new desk password")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    assert accounts.verify_login("002", "a new desk password", now=ops.now()).name == "李四"
    assert Staff.get_by_id(people["李四"]).password_hash.startswith("$argon2id$")
