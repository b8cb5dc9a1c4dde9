"""Fixtures for widget tests: a set-up office, a clean ops session, and a recorder for message boxes.

Every message box goes through :func:`desktop.views.messages.show`; :func:`shown_messages` replaces it so a
test reads what the desk would have seen without a modal box in the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee
import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from desktop.services import office
from desktop.services.clock import FixedClock
from desktop.views import messages, ops


@dataclass
class ShownMessage:
    """One message box the code asked for."""

    text: str
    kind: messages.Kind
    title: str | None = None
    informative: str = ""
    details: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(autouse=True)
def ops_session(clock: FixedClock) -> Iterator[None]:
    """Each test starts with nobody on duty, the fixed clock and the last test's windows gone.

    pytest-qt closes a test's widgets with ``deleteLater()``, which only an event loop carries out: until then a
    main window of the last test's database would still hear this test's application-wide signals.
    """
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ops.set_clock(clock)
    ops._session.staff_id = None
    yield
    ops._session.staff_id = None


@pytest.fixture
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[ShownMessage]:
    """Record every message box instead of showing it."""
    shown: list[ShownMessage] = []

    def fake_show(
        _parent: Any, text: str, *, kind: messages.Kind = messages.Kind.ERROR, **kwargs: Any
    ) -> None:
        shown.append(
            ShownMessage(
                text=text,
                kind=kind,
                title=kwargs.pop("title", None),
                informative=kwargs.pop("informative", ""),
                details=kwargs.pop("details", ""),
                extra=kwargs,
            )
        )

    monkeypatch.setattr(messages, "show", fake_show)
    return shown


@pytest.fixture
def office_db(db: peewee.SqliteDatabase, clock: FixedClock) -> peewee.SqliteDatabase:
    """The test database with a property office, two departments and three staff (one inactive)."""
    office.complete_first_run(
        office={
            "name": "绿园物业服务中心",
            "address": "绿园路1号",
            "phone": "0571-8888",
            "office_type": "property",
        },
        departments=["客户服务部", "工程部"],
        staff=[
            {"employee_no": "001", "name": "张三", "role": "administrator", "department": "客户服务部"},
            {"employee_no": "002", "name": "李四", "role": "receptionist", "department": "客户服务部"},
            {"employee_no": "003", "name": "王五", "role": "engineer", "department": "工程部"},
        ],
        now=clock.now(),
    )
    leaver = next(row for row in office.list_staff() if row.employee_no == "003")
    office.set_staff_active(leaver.id, False, by=None, now=clock.now())
    return db


@pytest.fixture
def main_window(qtbot: QtBot, office_db: peewee.SqliteDatabase, db_path: Path) -> Any:
    """The main window over :func:`office_db`, shown offscreen."""
    from desktop.views.main_window import MainWindow

    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database filled once per test session (about 6 s); tests work on copies of it."""
    from desktop.models.database import close_database, open_database
    from desktop.services import demo
    from tests.views.screens import NOW

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    open_database(path)
    try:
        demo.fill_demo(now=NOW)
    finally:
        close_database()
    return path


@pytest.fixture
def demo_screens(demo_template: Path, tmp_path: Path) -> Iterator[Any]:
    """A copy of the demo database, open, with the records the screens of :mod:`tests.views.screens` open on."""
    import shutil

    from desktop.models.database import close_database, open_database
    from desktop.services.clock import FixedClock
    from tests.views.screens import NOW, Demo

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    open_database(path)
    ops.set_clock(FixedClock(NOW))
    yield Demo(path)
    close_database()
