"""A FrontDesk session as a desk runs it, on the demo database, with a clock the caller moves.

:func:`start_demo` fills a new demo database, gives the office's administrator a password (so the screen locks
and asks for it, as in an office with logins), turns drafts on and starts the app's own :class:`~desktop.app.
Shell` — main window, reminder tray, idle lock — with :func:`desktop.views.ops.now` on a
:class:`~desktop.services.clock.FixedClock`. Nothing else is different from ``frontdesk --demo``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop import app as gui
from desktop.models.database import open_database
from desktop.models.staff import Staff
from desktop.rules import roles
from desktop.services import accounts, demo
from desktop.services.clock import FixedClock
from desktop.views import draft_keeper, ops
from desktop.views.main_window import MainWindow

#: The administrator's password in the soaked office.
PASSWORD = "Front-Desk-2026"


@dataclass
class DemoSession:
    """The running app: its shell, window, clock and the administrator who logs in."""

    shell: gui.Shell
    clock: FixedClock
    administrator: Staff

    @property
    def window(self) -> MainWindow:
        assert self.shell.window is not None
        return self.shell.window

    def log_in(self) -> None:
        """Type the password on the lock screen and press Enter, as the desk does."""
        lock = self.shell.idle_lock
        assert lock is not None and lock.locked
        form = lock.overlay.form
        form.choose(self.administrator.employee_no)
        form.password.setText(PASSWORD)
        form.password.returnPressed.emit()
        assert not lock.locked, form.error.text()


def start_demo(
    db_path: Path,
    now: datetime,
    *,
    lang: str = "en",
    before_window: Callable[[datetime, int], object] | None = None,
) -> DemoSession:
    """Fill the demo into ``db_path`` (new) and start the app on it at ``now``, logged in.

    Args:
        before_window: ``(now, administrator id)``: adds records the caller needs before the window reads them.
    """
    qt_app = gui.create_application()
    gui.install_language(qt_app, lang)
    open_database(db_path)
    clock = FixedClock(now)
    ops.set_clock(clock)
    demo.fill_demo(now=now)
    administrator = Staff.get(Staff.role == roles.ADMINISTRATOR)
    accounts.set_password(administrator.id, PASSWORD, by=administrator.id, now=now)
    ops.set_staff_on_duty(administrator.id)
    if before_window is not None:
        before_window(now, administrator.id)
    draft_keeper.enable(db_path)
    shell = gui.Shell(qt_app, db_path)
    shell.start()
    session = DemoSession(shell, clock, administrator)
    session.log_in()  # logins are required now: the window opened locked
    return session
