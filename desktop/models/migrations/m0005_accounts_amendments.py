"""Schema 5: staff passwords, amendments to signed records, and "signed copy received" marks.

Literal SQL that must build exactly this schema forever.

- ``staff.password_hash``: an argon2id hash (never the password). NULL for someone without a password: they
  cannot log in while the office requires logins (spec §2.14: per-user logins, no shared IDs, 002:500–503).
- ``amendment``: a correction to a record that was signed (reviewed, approved or its signed paper copy received).
  The original row stays as it was signed; each amendment is numbered per record, keeps the reason and the
  changed fields (JSON ``field → [old, new]``), who made it and when.
- ``signed_copy``: the desk marks that the paper form came back signed; from then on the record is frozen.
"""

from __future__ import annotations

import peewee

VERSION = 5

_STATEMENTS = (
    "ALTER TABLE staff ADD COLUMN password_hash TEXT",
    """
    CREATE TABLE amendment (
        id {pk},
        record_kind VARCHAR(40) NOT NULL,
        record_id INTEGER NOT NULL,
        number INTEGER NOT NULL CHECK (number >= 1),
        reason TEXT NOT NULL,
        changes TEXT NOT NULL,
        amended_by_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        amended_at TIMESTAMP NOT NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX amendment_record ON amendment (record_kind, record_id, number)",
    """
    CREATE TABLE signed_copy (
        id {pk},
        record_kind VARCHAR(40) NOT NULL,
        record_id INTEGER NOT NULL,
        received_at TIMESTAMP NOT NULL,
        received_by_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT
    )
    """,
    "CREATE UNIQUE INDEX signed_copy_record ON signed_copy (record_kind, record_id)",
)


def _types(database: peewee.Database) -> dict[str, str]:
    if isinstance(database, peewee.PostgresqlDatabase):
        return {"pk": "SERIAL PRIMARY KEY"}
    return {"pk": "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"}


def migrate(database: peewee.Database) -> None:
    """Add the password column and the amendment tables (called inside the migration's transaction)."""
    types = _types(database)
    for statement in _STATEMENTS:
        database.execute_sql(statement.format(**types))
