"""The lock: opens locked when logins are required, locks when idle (timer driven by hand), blocks input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import peewee
import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.services import accounts, office, settings
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.idle_lock import IdleLock


@pytest.fixture(autouse=True)
def _fast_english() -> Iterator[None]:
    i18n.set_ui_language("en")
    previous = accounts.set_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    accounts.set_hasher(previous)


@pytest.fixture
def ids(office_db: peewee.SqliteDatabase) -> dict[str, int]:
    return {row.name: row.id for row in office.list_staff()}


def _with_passwords(ids: dict[str, int], clock: FixedClock) -> None:
    accounts.set_password(ids["张三"], "admin-pass-1", by=None, now=clock.now())
    accounts.set_password(ids["李四"], "desk-pass-2", by=None, now=clock.now())


def _key(widget: Any) -> None:
    QApplication.sendEvent(
        widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    )


def test_without_passwords_nothing_locks(qtbot: QtBot, main_window: Any) -> None:
    lock = IdleLock(main_window)
    assert not lock.required and not lock.locked
    assert main_window.staff_combo.isEnabled() and not lock.switch_button.isVisible()
    lock.lock()
    assert not lock.locked


def test_opens_locked_and_unlocks_with_a_password(
    qtbot: QtBot, main_window: Any, ids: dict[str, int], clock: FixedClock
) -> None:
    _with_passwords(ids, clock)
    lock = IdleLock(main_window)
    assert lock.locked and lock.overlay.isVisible()
    assert not main_window.staff_combo.isEnabled()
    form = lock.overlay.form
    form.choose("002")
    form.password.setText("desk-pass-2")
    with qtbot.waitSignal(lock.locked_changed):
        form.submit()
    assert not lock.locked and not lock.overlay.isVisible()
    assert ops.staff_on_duty() == ids["李四"]
    assert main_window.staff_combo.currentData() == ids["李四"]


def test_idle_time_locks_and_input_restarts_the_timer(
    qtbot: QtBot, main_window: Any, ids: dict[str, int], clock: FixedClock
) -> None:
    _with_passwords(ids, clock)
    settings.set_setting("security.idle_lock_minutes", 5, by=None, now=clock.now())
    lock = IdleLock(main_window)
    lock.unlock()
    assert lock.timer.interval() == 5 * 60_000 and lock.timer.isActive()
    lock.timer.stop()
    _key(main_window.navigation)  # someone typed: the idle time starts again
    assert lock.timer.isActive()
    lock.timer.timeout.emit()  # five quiet minutes, without waiting for them
    assert lock.locked and lock.overlay.isVisible()


def test_while_locked_input_outside_the_overlay_is_swallowed(
    qtbot: QtBot, main_window: Any, ids: dict[str, int], clock: FixedClock
) -> None:
    _with_passwords(ids, clock)
    other = QDialog()
    qtbot.addWidget(other)
    other.show()
    lock = IdleLock(main_window)
    assert lock.locked and not other.isVisible()  # nothing stays readable behind the lock
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    assert lock.eventFilter(main_window.navigation, press)
    assert not lock.eventFilter(lock.overlay.form.password, press)
    lock.overlay.form.choose("001")
    lock.overlay.form.password.setText("admin-pass-1")
    lock.overlay.form.submit()
    assert other.isVisible()


def test_switch_asks_for_the_password_of_the_person_taking_over(
    qtbot: QtBot, main_window: Any, ids: dict[str, int], clock: FixedClock
) -> None:
    _with_passwords(ids, clock)
    lock = IdleLock(main_window)
    lock.overlay.form.choose("001")
    lock.overlay.form.password.setText("admin-pass-1")
    lock.overlay.form.submit()
    dialog = lock.open_switch_dialog()
    dialog.form.choose("002")
    dialog.form.password.setText("desk-pass-2")
    with qtbot.waitSignal(dialog.accepted):
        dialog.form.submit()
    assert ops.staff_on_duty() == ids["李四"]
    assert main_window.staff_combo.currentData() == ids["李四"]
