"""Schema 10: the trail proves records — after-images, seals, a database identity, and a baseline.

- ``audit_image``: what each row looked like after an event (see :mod:`desktop.models.trail`);
- ``audit_event.seal``: the HMAC seal of each new event (:mod:`desktop.models.seal`);
- ``database_info``: a random ``identity`` given to the file once, so its backups and anchors are its own.

Events written before this version carry no images: they say *that* a record changed and how (old → new), but
a trail made of them cannot rebuild every table. So the migration ends with a **baseline**: events of action
``baseline`` imaging every row of every replayed table as the file holds it at the upgrade. ``audit verify``
checks records against the trail from that baseline on; history before it is checked as a chain only (every
link, as before), not row by row. A new database gets the same baseline, of its one ``database_info`` row.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import peewee

VERSION = 10

_STATEMENTS = (
    "ALTER TABLE audit_event ADD COLUMN seal TEXT",
    """
    CREATE TABLE audit_image (
        id INTEGER NOT NULL PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES audit_event (id) ON DELETE RESTRICT,
        table_name TEXT NOT NULL,
        row_key TEXT NOT NULL,
        image TEXT,
        digest VARCHAR(64) NOT NULL
    )
    """,
    "CREATE INDEX audit_image_row ON audit_image (table_name, row_key)",
    "CREATE INDEX audit_image_event ON audit_image (event_id)",
    "CREATE TABLE database_info (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
)


def migrate(database: peewee.Database) -> None:
    """Create the tables, give the file its identity, then write the baseline of every row."""
    from desktop.models import trail  # the trail's own writer: the baseline must hash exactly as events do

    for statement in _STATEMENTS:
        database.execute_sql(statement)
    now = datetime.now().replace(microsecond=0)
    database.execute_sql(
        "INSERT INTO database_info (key, value) VALUES ('identity', ?), ('created', ?)",
        (uuid.uuid4().hex, now.isoformat()),
    )
    trail.write_baseline(database, at=now, summary="schema 10 baseline: every row as the file held it")
