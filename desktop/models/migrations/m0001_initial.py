"""Schema 1: the office, its people and customers, sites, settings and the audit trail.

Literal SQL, never today's model classes: this migration must build exactly the schema-1 tables forever,
whatever the models become. The few type names that differ between SQLite and PostgreSQL (auto-increment key,
binary) are chosen by the backend so the same statements can later create a shared PostgreSQL database.
"""

from __future__ import annotations

import peewee

VERSION = 1

_STATEMENTS = (
    # One row only (id = 1): the office this database belongs to, printed on every form's header.
    """
    CREATE TABLE office (
        id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        name VARCHAR(200) NOT NULL,
        address VARCHAR(300) NOT NULL DEFAULT '',
        phone VARCHAR(60) NOT NULL DEFAULT '',
        logo {blob},
        office_type VARCHAR(20) NOT NULL DEFAULT 'property',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    """
    CREATE TABLE department (
        id {pk},
        name VARCHAR(100) NOT NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX department_name ON department (name)",
    # seed 002:500-503: never use another person's work ID (工号): employee_no is unique.
    """
    CREATE TABLE staff (
        id {pk},
        employee_no VARCHAR(30) NOT NULL,
        name VARCHAR(60) NOT NULL,
        role VARCHAR(30) NOT NULL,
        department_id INTEGER REFERENCES department (id) ON DELETE RESTRICT,
        phone VARCHAR(60) NOT NULL DEFAULT '',
        active BOOLEAN NOT NULL DEFAULT TRUE,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX staff_employee_no ON staff (employee_no)",
    "CREATE INDEX staff_department_id ON staff (department_id)",
    """
    CREATE TABLE customer (
        id {pk},
        name VARCHAR(100) NOT NULL,
        mobile VARCHAR(30) NOT NULL DEFAULT '',
        office_phone VARCHAR(60) NOT NULL DEFAULT '',
        organisation VARCHAR(200) NOT NULL DEFAULT '',
        address VARCHAR(300) NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    # The desk looks a caller up by the number on the phone's display or by name.
    "CREATE INDEX customer_mobile ON customer (mobile)",
    "CREATE INDEX customer_office_phone ON customer (office_phone)",
    "CREATE INDEX customer_name ON customer (name)",
    # seed 001:268 label 栋号-单元、楼层房号: a property unit, or a free label (clinic or facility room).
    """
    CREATE TABLE site (
        id {pk},
        kind VARCHAR(10) NOT NULL CHECK (kind IN ('property', 'free')),
        building VARCHAR(20) NOT NULL DEFAULT '',
        unit VARCHAR(20) NOT NULL DEFAULT '',
        floor INTEGER,
        room VARCHAR(20) NOT NULL DEFAULT '',
        free_label VARCHAR(100) NOT NULL DEFAULT '',
        label VARCHAR(120) NOT NULL,
        note VARCHAR(300) NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX site_label ON site (label)",
    # Append-only; each row's hash covers the previous row's hash (a chain `audit verify` can check).
    """
    CREATE TABLE audit_event (
        id {pk},
        at TIMESTAMP NOT NULL,
        staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        record_type VARCHAR(40) NOT NULL,
        record_id INTEGER,
        action VARCHAR(20) NOT NULL,
        changes TEXT NOT NULL DEFAULT '{{}}',
        summary TEXT NOT NULL DEFAULT '',
        prev_hash VARCHAR(64) NOT NULL,
        hash VARCHAR(64) NOT NULL
    )
    """,
    "CREATE INDEX audit_event_record ON audit_event (record_type, record_id)",
    "CREATE INDEX audit_event_staff_id ON audit_event (staff_id)",
    "CREATE UNIQUE INDEX audit_event_hash ON audit_event (hash)",
    # Preferences and office rules, as JSON text; the declared keys live in desktop/services/settings.py.
    """
    CREATE TABLE setting (
        key VARCHAR(100) NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
)


def _types(database: peewee.Database) -> dict[str, str]:
    if isinstance(database, peewee.PostgresqlDatabase):
        return {"pk": "SERIAL PRIMARY KEY", "blob": "BYTEA"}
    return {"pk": "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT", "blob": "BLOB"}


def migrate(database: peewee.Database) -> None:
    """Create the schema-1 tables (called inside the migration's transaction)."""
    types = _types(database)
    for statement in _STATEMENTS:
        database.execute_sql(statement.format(**types))
