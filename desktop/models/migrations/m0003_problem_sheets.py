"""Schema 3: problem-handling sheets (F01), the engineer's intake register (F02) and inquiries (F03 / T01).

Literal SQL that must build exactly these tables forever. Indexes serve the sheet list (issue 4): its filters
(status, category, handler, department, received date) each come with ``received_at`` so that a filtered page
sorted newest first is read straight from one index; ``mobile`` and ``office_phone`` serve the "this phone has
an open sheet" warning.
"""

from __future__ import annotations

import peewee

VERSION = 3

_STATEMENTS = (
    # seed 000:95-128 F01; numbers are unique (000:97: date + operator no. + serial).
    """
    CREATE TABLE problem_sheet (
        id {pk},
        number VARCHAR(40) NOT NULL,
        category VARCHAR(40) NOT NULL,
        customer_name VARCHAR(100) NOT NULL,
        contact_person VARCHAR(100) NOT NULL DEFAULT '',
        mobile VARCHAR(40) NOT NULL DEFAULT '',
        office_phone VARCHAR(40) NOT NULL DEFAULT '',
        site VARCHAR(200) NOT NULL DEFAULT '',
        address VARCHAR(300) NOT NULL DEFAULT '',
        description TEXT NOT NULL,
        intake_by VARCHAR(60) NOT NULL DEFAULT '',
        intake_date DATE,
        received_at TIMESTAMP NOT NULL,
        handed_to_department VARCHAR(100) NOT NULL DEFAULT '',
        handed_to_person VARCHAR(60) NOT NULL DEFAULT '',
        handed_over_at TIMESTAMP,
        handover_due TIMESTAMP NOT NULL,
        result_due TIMESTAMP,
        plan TEXT NOT NULL DEFAULT '',
        plan_by VARCHAR(60) NOT NULL DEFAULT '',
        plan_date DATE,
        result TEXT NOT NULL DEFAULT '',
        handler VARCHAR(60) NOT NULL DEFAULT '',
        handled_date DATE,
        result_returned_at TIMESTAMP,
        review TEXT NOT NULL DEFAULT '',
        reviewer VARCHAR(60) NOT NULL DEFAULT '',
        review_date DATE,
        status VARCHAR(20) NOT NULL DEFAULT 'received',
        received_by_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        operator_no VARCHAR(30) NOT NULL DEFAULT '',
        handed_to_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        handed_to_department_id INTEGER REFERENCES department (id) ON DELETE RESTRICT,
        reopen_count INTEGER NOT NULL DEFAULT 0,
        closed_at TIMESTAMP,
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX problem_sheet_number ON problem_sheet (number)",
    "CREATE INDEX problem_sheet_received_at ON problem_sheet (received_at)",
    "CREATE INDEX problem_sheet_status ON problem_sheet (status, received_at)",
    "CREATE INDEX problem_sheet_category ON problem_sheet (category, received_at)",
    "CREATE INDEX problem_sheet_handler ON problem_sheet (handed_to_staff_id, received_at)",
    "CREATE INDEX problem_sheet_department ON problem_sheet (handed_to_department_id, received_at)",
    # The overdue filter and the Today board: open statuses with their deadlines, read from the index alone.
    "CREATE INDEX problem_sheet_due ON problem_sheet (status, handover_due, result_due)",
    "CREATE INDEX problem_sheet_mobile ON problem_sheet (mobile)",
    "CREATE INDEX problem_sheet_office_phone ON problem_sheet (office_phone)",
    "CREATE INDEX problem_sheet_customer_id ON problem_sheet (customer_id)",
    "CREATE INDEX problem_sheet_received_by_id ON problem_sheet (received_by_id)",
    # seed 000:102-103 F02: the engineer's log of the sheets he accepted.
    """
    CREATE TABLE intake_entry (
        id {pk},
        number VARCHAR(40) NOT NULL,
        sheet_id INTEGER NOT NULL REFERENCES problem_sheet (id) ON DELETE RESTRICT,
        accepted_at TIMESTAMP NOT NULL,
        customer_name VARCHAR(100) NOT NULL,
        site VARCHAR(200) NOT NULL DEFAULT '',
        phone VARCHAR(40) NOT NULL DEFAULT '',
        summary TEXT NOT NULL,
        requested_by TIMESTAMP,
        agreed_at TIMESTAMP,
        repair_place VARCHAR(200) NOT NULL DEFAULT '',
        completed_at TIMESTAMP,
        result TEXT NOT NULL DEFAULT '',
        engineer VARCHAR(60) NOT NULL,
        engineer_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX intake_entry_number ON intake_entry (number)",
    "CREATE INDEX intake_entry_sheet_id ON intake_entry (sheet_id)",
    "CREATE INDEX intake_entry_engineer_staff_id ON intake_entry (engineer_staff_id, accepted_at)",
    # seed 000:99-101, 119-120 F03 and seed 004:78, 90-136 T01: one table, two printed forms.
    """
    CREATE TABLE inquiry (
        id {pk},
        number VARCHAR(40) NOT NULL,
        contacted_at TIMESTAMP NOT NULL,
        customer_name VARCHAR(100) NOT NULL DEFAULT '',
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        contact VARCHAR(100) NOT NULL DEFAULT '',
        channel VARCHAR(20) NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'online', 'in_person')),
        site VARCHAR(200) NOT NULL DEFAULT '',
        category VARCHAR(40) NOT NULL DEFAULT '',
        request TEXT NOT NULL,
        answer TEXT NOT NULL DEFAULT '',
        follow_up VARCHAR(300) NOT NULL DEFAULT '',
        follow_up_due DATE,
        follow_up_by VARCHAR(60) NOT NULL DEFAULT '',
        follow_up_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        unfinished BOOLEAN NOT NULL DEFAULT FALSE,
        unresolved_note TEXT NOT NULL DEFAULT '',
        handed_to VARCHAR(60) NOT NULL DEFAULT '',
        handed_to_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        done_at TIMESTAMP,
        operator VARCHAR(60) NOT NULL DEFAULT '',
        recorded_by_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        sheet_id INTEGER REFERENCES problem_sheet (id) ON DELETE SET NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX inquiry_number ON inquiry (number)",
    "CREATE INDEX inquiry_contacted_at ON inquiry (contacted_at)",
    "CREATE INDEX inquiry_unfinished ON inquiry (unfinished, done_at, contacted_at)",
    "CREATE INDEX inquiry_sheet_id ON inquiry (sheet_id)",
    "CREATE INDEX inquiry_customer_id ON inquiry (customer_id)",
)


def _types(database: peewee.Database) -> dict[str, str]:
    if isinstance(database, peewee.PostgresqlDatabase):
        return {"pk": "SERIAL PRIMARY KEY"}
    return {"pk": "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"}


def migrate(database: peewee.Database) -> None:
    """Create the schema-3 tables (called inside the migration's transaction)."""
    types = _types(database)
    for statement in _STATEMENTS:
        database.execute_sql(statement.format(**types))
