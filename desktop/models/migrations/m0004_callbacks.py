"""Schema 4: callbacks (F04), their attempts, member customers and accounts with periodic callbacks.

Literal SQL that must build exactly these tables forever. ``callback_open`` serves the Today board and
``frontdesk due`` (pending callbacks by due moment) without reading done ones, which are the vast majority;
``callback_done`` serves the callback rate and the daily / monthly register; ``callback_source`` finds the
callbacks of one sheet or complaint.
"""

from __future__ import annotations

import peewee

VERSION = 4

_STATEMENTS = (
    # seed 001:984: projects called back monthly in year one, quarterly after.
    """
    CREATE TABLE callback_account (
        id {pk},
        name VARCHAR(200) NOT NULL,
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        contact VARCHAR(100) NOT NULL DEFAULT '',
        phone VARCHAR(40) NOT NULL DEFAULT '',
        site VARCHAR(200) NOT NULL DEFAULT '',
        started_on DATE NOT NULL,
        active BOOLEAN NOT NULL DEFAULT TRUE,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE INDEX callback_account_customer_id ON callback_account (customer_id)",
    # seed 000:129-131 F04 columns + issue 5 schedule, source and follow-up.
    """
    CREATE TABLE callback (
        id {pk},
        number VARCHAR(40) NOT NULL,
        ref_number VARCHAR(40) NOT NULL DEFAULT '',
        site VARCHAR(200) NOT NULL DEFAULT '',
        receiver VARCHAR(60) NOT NULL DEFAULT '',
        contact VARCHAR(100) NOT NULL DEFAULT '',
        channel VARCHAR(10) NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'visit', 'letter')),
        outcome VARCHAR(30),
        satisfaction VARCHAR(20),
        evaluation TEXT NOT NULL DEFAULT '',
        engineer VARCHAR(60) NOT NULL DEFAULT '',
        fault_grade VARCHAR(20),
        remarks VARCHAR(300) NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        caller VARCHAR(60) NOT NULL DEFAULT '',
        callback_date DATE,
        purpose VARCHAR(20) NOT NULL,
        status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
        source_kind VARCHAR(30) NOT NULL DEFAULT '',
        source_id INTEGER,
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        customer_name VARCHAR(100) NOT NULL DEFAULT '',
        phone VARCHAR(40) NOT NULL DEFAULT '',
        scheduled_at TIMESTAMP NOT NULL,
        due_at TIMESTAMP NOT NULL,
        first_due_at TIMESTAMP NOT NULL,
        assignee_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        caller_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        done_at TIMESTAMP,
        last_attempt_at TIMESTAMP,
        follow_up VARCHAR(20) NOT NULL DEFAULT '',
        complaint_requested BOOLEAN NOT NULL DEFAULT FALSE,
        complaint_id INTEGER,
        account_id INTEGER REFERENCES callback_account (id) ON DELETE SET NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX callback_number ON callback (number)",
    "CREATE INDEX callback_open ON callback (status, due_at)",
    "CREATE INDEX callback_done ON callback (done_at)",
    "CREATE INDEX callback_first_due ON callback (first_due_at)",
    "CREATE INDEX callback_source ON callback (source_kind, source_id)",
    "CREATE INDEX callback_customer_id ON callback (customer_id)",
    "CREATE INDEX callback_phone ON callback (phone)",
    "CREATE INDEX callback_account_id ON callback (account_id)",
    "CREATE INDEX callback_assignee_id ON callback (assignee_id)",
    "CREATE INDEX callback_caller_staff_id ON callback (caller_staff_id)",
    # Every try: rescheduling keeps the record and counts the attempt (issue 5).
    """
    CREATE TABLE callback_attempt (
        id {pk},
        callback_id INTEGER NOT NULL REFERENCES callback (id) ON DELETE CASCADE,
        at TIMESTAMP NOT NULL,
        staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        result VARCHAR(20) NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        previous_due_at TIMESTAMP,
        rescheduled_to TIMESTAMP
    )
    """,
    "CREATE INDEX callback_attempt_callback_id ON callback_attempt (callback_id, at)",
    "CREATE INDEX callback_attempt_staff_id ON callback_attempt (staff_id)",
    # seed 001:600-602: member customers, 100 % callback within 3 days.
    """
    CREATE TABLE callback_member (
        customer_id INTEGER NOT NULL PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
        since TIMESTAMP NOT NULL
    )
    """,
)


def _types(database: peewee.Database) -> dict[str, str]:
    if isinstance(database, peewee.PostgresqlDatabase):
        return {"pk": "SERIAL PRIMARY KEY"}
    return {"pk": "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"}


def migrate(database: peewee.Database) -> None:
    """Create the schema-4 tables (called inside the migration's transaction)."""
    types = _types(database)
    for statement in _STATEMENTS:
        database.execute_sql(statement.format(**types))
