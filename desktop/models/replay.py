"""Which tables the audit trail replays: every model says so once, beside its columns.

``audit verify`` proves a record only if the trail holds what the record looks like. Every audited change
therefore carries the *after-image* of each row it touched (:mod:`desktop.models.trail`), and verification
compares every live row of every replayed table with its newest image. A model joins by a decorator::

    @replayable(N_("complaint"), number="number")
    class Complaint(RecordModel): ...

and a table that must not be replayed says why (``@not_replayed("derived from problem_sheet by triggers")``).
``tests/models/test_replay_registry.py`` walks every peewee model in ``desktop.models`` and fails for one that
has neither, so a new record table cannot be forgotten.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import peewee

M = TypeVar("M", bound=type[peewee.Model])


@dataclass(frozen=True)
class ReplayedTable:
    """A table whose every row the trail can account for.

    Attributes:
        table: the SQL table name.
        label: what the desk calls one row, English, marked with ``N_`` (``"complaint"``).
        number: the column people know a row by (``number``), or None to name it by its key.
        secret: columns imaged by their sha256 only (a password hash): a change is still seen, but the trail
            does not keep every value it ever had.
    """

    table: str
    label: str
    number: str | None
    secret: tuple[str, ...] = ()


_REPLAYED: dict[str, ReplayedTable] = {}
#: table → why it is not replayed.
_NOT_REPLAYED: dict[str, str] = {}


def replayable(label: str, *, number: str | None = None, secret: tuple[str, ...] = ()) -> Callable[[M], M]:
    """Class decorator: the model's table is tracked and replayed by the audit trail."""

    def register(model: M) -> M:
        table = model._meta.table_name
        _REPLAYED[table] = ReplayedTable(table=table, label=label, number=number, secret=tuple(secret))
        return model

    return register


def not_replayed(reason: str) -> Callable[[M], M]:
    """Class decorator: the model's table is deliberately outside the replay, for ``reason``."""

    def register(model: M) -> M:
        _NOT_REPLAYED[model._meta.table_name] = reason
        return model

    return register


def load_models() -> None:
    """Import every module of ``desktop.models`` so that every decorator has run."""
    import desktop.models as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.ispkg:
            importlib.import_module(f"{package.__name__}.{info.name}")


def replayed_tables() -> dict[str, ReplayedTable]:
    """Every replayed table by name (all model modules imported first)."""
    load_models()
    return dict(sorted(_REPLAYED.items()))


def not_replayed_tables() -> dict[str, str]:
    """Every table deliberately left out of the replay, with the reason."""
    load_models()
    return dict(sorted(_NOT_REPLAYED.items()))
