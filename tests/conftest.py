"""Fixtures shared by the whole suite.

Qt must run offscreen before any Qt module is imported: without a display, QApplication would abort the whole
pytest process. Every test gets its own user folders (platformdirs honours the XDG variables), so no test reads
or writes the real user's database, log or settings.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import peewee
import pytest

from desktop import i18n
from desktop.models.database import close_database, open_database
from desktop.services.clock import FixedClock


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--show-windows", action="store_true", help="show the widgets tests create")


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private home for platformdirs: data, log, config, cache and state folders under tmp."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    return home / "data" / "FrontDesk"


@pytest.fixture(autouse=True)
def _ui_language_reset() -> Iterator[None]:
    """Each test starts in English, the source language, so messages compare against the code's own text.

    Tests about Chinese switch with ``i18n.set_ui_language("zh_CN")`` (or the ``--lang`` option) themselves.
    """
    i18n.set_ui_language("en")
    yield
    i18n.set_ui_language("en")


#: Module-level registries that services fill at import time: (module, attribute) pairs.
_REGISTRIES = (
    ("desktop.services.records", "_STORES"),
    ("desktop.services.due", "_SOURCES"),
    ("desktop.services.due", "_PAGES"),
    ("desktop.services.due", "_KIND_LABELS"),
    ("desktop.services.hooks", "_HANDLERS"),
    ("desktop.services.demo", "_STEPS"),
    ("desktop.services.amendments", "_KINDS"),
    ("desktop.services.callbacks", "_complaint_opener"),
)


@pytest.fixture(autouse=True)
def _registries_restored() -> Iterator[None]:
    """Put every registry back as the services left it, whatever a test registered or removed.

    Tests swap in fake record stores, hooks and openers; without this a later test in the same process would
    meet the fake (or miss the real one) and fail for reasons of its own.
    """
    import copy
    import importlib

    from desktop.services import records

    records.discover_stores()  # every service module registers itself once, before the snapshot
    saved = []
    for module_name, attribute in _REGISTRIES:
        module = importlib.import_module(module_name)
        if hasattr(module, attribute):
            saved.append((module, attribute, copy.copy(getattr(module, attribute))))
    snapshot_of_hooks = {
        event: dict(handlers)
        for event, handlers in getattr(
            importlib.import_module("desktop.services.hooks"), "_HANDLERS", {}
        ).items()
    }
    yield
    for module, attribute, value in saved:
        current = getattr(module, attribute)
        if isinstance(current, dict) and isinstance(value, dict):
            current.clear()
            current.update(value)
        else:
            setattr(module, attribute, value)
    hooks = importlib.import_module("desktop.services.hooks")
    if hasattr(hooks, "_HANDLERS"):
        hooks._HANDLERS.clear()
        hooks._HANDLERS.update({event: dict(handlers) for event, handlers in snapshot_of_hooks.items()})


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test database lives."""
    return tmp_path / "frontdesk.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[peewee.SqliteDatabase]:
    """A new, migrated FrontDesk database in tmp, bound to the models."""
    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at Monday 2026-03-16 09:00, a working day."""
    return FixedClock(datetime(2026, 3, 16, 9, 0))
