"""Every record table is replayed by the audit trail, or says why not: a new model cannot be forgotten.

The walk finds every peewee model defined in ``desktop.models`` (not a hand-kept list), so a model added
tomorrow without ``@replayable`` or ``@not_replayed`` fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import peewee
import pytest

import desktop.models as models_package
from desktop.models import replay, trail
from desktop.models.base import BaseModel


def _models() -> dict[str, type[peewee.Model]]:
    """Every concrete model class defined in a module of ``desktop.models``, by table name."""
    found: dict[str, type[peewee.Model]] = {}
    for info in pkgutil.iter_modules(models_package.__path__):
        if info.ispkg:
            continue
        module = importlib.import_module(f"{models_package.__name__}.{info.name}")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, BaseModel)
                and value.__module__ == module.__name__
                and module.__name__ != ("desktop.models.base")
            ):
                found[value._meta.table_name] = value
    return found


def test_the_walk_finds_the_models() -> None:
    tables = _models()
    assert {"problem_sheet", "complaint", "key_loan", "staff", "setting", "audit_event"} <= set(tables)
    assert len(tables) >= 35


def test_every_model_is_registered_once() -> None:
    replayed, left_out = replay.replayed_tables(), replay.not_replayed_tables()
    unregistered = sorted(table for table in _models() if table not in replayed and table not in left_out)
    assert unregistered == [], (
        "add @replayable(N_('label'), number=...) to these models (or @not_replayed('why')): "
        + ", ".join(unregistered)
    )
    assert not set(replayed) & set(left_out)


def test_a_model_without_a_registration_is_caught() -> None:
    """The check above is not vacuous: a model defined without a decorator is not in either list."""

    class Scratch(BaseModel):
        name = peewee.TextField()

        class Meta:
            table_name = "scratch_table"

    assert "scratch_table" not in replay.replayed_tables()
    assert "scratch_table" not in replay.not_replayed_tables()


def test_the_registry_names_real_columns(db: peewee.SqliteDatabase) -> None:
    for table, registered in replay.replayed_tables().items():
        shape = trail.table_shape(db, table)
        assert shape is not None, f"{table} is registered but the schema has no such table"
        if registered.number:
            assert registered.number in shape.columns, f"{table}.{registered.number} is not a column"


@pytest.mark.parametrize("table", sorted(replay.replayed_tables()))
def test_every_replayed_table_is_tracked_on_the_connection(db: peewee.SqliteDatabase, table: str) -> None:
    triggers = {
        row[0]
        for row in db.execute_sql(
            "SELECT name FROM sqlite_temp_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
        )
    }
    assert triggers == {f"trail_{table}_insert", f"trail_{table}_update", f"trail_{table}_delete"}
