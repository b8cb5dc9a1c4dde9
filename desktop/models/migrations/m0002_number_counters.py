"""Schema 2: the counters behind gap-free record numbers.

One row per numbering scheme (``problem_sheet``, ``complaint`` …) and period (the day, month or year the serial
restarts with, plus the operator when the number shows one: ``2026-03-16|07``); ``last`` is the last serial
handed out. seed 000:97 (F01: date + operator no. + serial) and seed 002:72 (complaints: year, month, serial,
restarting each month). Literal SQL that must build exactly this table forever.
"""

from __future__ import annotations

import peewee

VERSION = 2

_STATEMENTS = (
    """
    CREATE TABLE number_counter (
        scheme TEXT NOT NULL,
        period TEXT NOT NULL,
        last INTEGER NOT NULL CHECK (last >= 1),
        PRIMARY KEY (scheme, period)
    )
    """,
)


def migrate(database: peewee.Database) -> None:
    """Create the ``number_counter`` table (called inside the migration's transaction)."""
    for statement in _STATEMENTS:
        database.execute_sql(statement)
