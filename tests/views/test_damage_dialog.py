"""The damage screen: the problem, the newest verified backup, and a Restore button that asks for a login
when the backup's office requires one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.models.base import db
from desktop.models.database import DamagedDatabaseError, close_database, open_database
from desktop.services import accounts, backup, customers, office, recovery
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.damage_dialog import DamageDialog

NOW = datetime(2026, 3, 16, 9, 0)


@pytest.fixture(autouse=True)
def _setup() -> Iterator[None]:
    i18n.set_ui_language("en")
    previous = accounts.set_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    accounts.set_hasher(previous)
    close_database()


def _damaged(path: Path, *, password: str | None) -> recovery.Damage:
    open_database(path)
    staff = {"employee_no": "KF001", "name": "陈静", "role": "administrator", "department": "客户服务部"}
    if password:
        staff["password"] = password
    office.complete_first_run(office={"name": "阳光花园"}, departments=["客户服务部"], staff=[staff], now=NOW)
    customers.add_customer({"name": "王芳"}, by=None, now=NOW)
    backup.backup_database(now=NOW)
    customers.add_customer({"name": "李四"}, by=None, now=NOW)
    close_database()
    with path.open("r+b") as handle:
        handle.write(b"\x00" * 100)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(path)
    return recovery.assess(caught.value)


def test_without_logins_one_click_restores(qtbot: QtBot, db_path: Path) -> None:
    damage = _damaged(db_path, password=None)
    dialog = DamageDialog(damage)
    qtbot.addWidget(dialog)
    assert "is damaged: its first page (the SQLite header) was overwritten." in dialog.problem.text()
    assert dialog.backup.text().startswith("The newest verified backup is ")
    assert "made on 2026-03-16 09:00" in dialog.backup.text()
    assert not dialog.login.isVisibleTo(dialog)
    assert dialog.restore_button is not None
    ops.set_clock(FixedClock(NOW))
    dialog.restore_button.click()
    assert dialog.restored
    open_database(db_path)
    assert [row[0] for row in db.execute_sql("SELECT name FROM customer")] == ["王芳"]


def test_with_logins_the_backups_administrator_restores(qtbot: QtBot, db_path: Path) -> None:
    damage = _damaged(db_path, password="admin-pass-001")
    dialog = DamageDialog(damage)
    qtbot.addWidget(dialog)
    assert dialog.login.isVisibleTo(dialog)
    assert dialog.restore_button is not None
    dialog.employee_no.setText("KF001")
    dialog.password.setText("wrong password")
    dialog.restore_button.click()
    assert not dialog.restored
    assert dialog.error.text() == "Wrong work number or password."
    assert dialog.password.text() == ""
    dialog.password.setText("admin-pass-001")
    dialog.restore_button.click()
    assert dialog.restored


def test_without_a_backup_there_is_no_restore_button(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "lonely.sqlite3"
    open_database(path)
    close_database()
    with path.open("r+b") as handle:
        handle.truncate(50)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(path)
    dialog = DamageDialog(recovery.assess(caught.value))
    qtbot.addWidget(dialog)
    assert dialog.restore_button is None
    assert dialog.backup.text().startswith("No verified backup of this database was found.")
