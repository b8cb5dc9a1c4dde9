"""Schema 8: the complaint register (F06) with its workflow and reopen chain, stages done, handling reports (F07)
and customer performance ratings (F09).

Literal SQL that must build exactly these tables forever. ``complaint_received`` and ``complaint_department``
serve the monthly / quarterly statistics (F08), ``complaint_open`` the Today board (open complaints by stage
deadline), ``complaint_root`` the reopen chain; ``performance_rating_date`` the rating averages.
"""

from __future__ import annotations

import peewee

VERSION = 8

_STATEMENTS = (
    # seed 000:152-153 F06 columns + issue 6 workflow, re-coding and chain.
    """
    CREATE TABLE complaint (
        id {pk},
        number VARCHAR(40) NOT NULL,
        organisation VARCHAR(200) NOT NULL,
        matter TEXT NOT NULL,
        complained_at TIMESTAMP NOT NULL,
        contact VARCHAR(200) NOT NULL DEFAULT '',
        received_by VARCHAR(60) NOT NULL DEFAULT '',
        relayed_at TIMESTAMP,
        relayed_to VARCHAR(100) NOT NULL DEFAULT '',
        report_number VARCHAR(40) NOT NULL DEFAULT '',
        category VARCHAR(20) NOT NULL DEFAULT 'other'
            CHECK (category IN ('technical', 'service', 'sales', 'other')),
        department VARCHAR(100) NOT NULL DEFAULT '',
        channel VARCHAR(20) NOT NULL DEFAULT 'phone'
            CHECK (channel IN ('phone', 'walk_in', 'letter', 'online', 'callback')),
        phone VARCHAR(40) NOT NULL DEFAULT '',
        address VARCHAR(300) NOT NULL DEFAULT '',
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        department_id INTEGER REFERENCES department (id) ON DELETE RESTRICT,
        received_by_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        relayed_to_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        complexity VARCHAR(10) NOT NULL DEFAULT 'simple' CHECK (complexity IN ('simple', 'complex')),
        answered_on_spot BOOLEAN NOT NULL DEFAULT FALSE,
        valid BOOLEAN NOT NULL DEFAULT TRUE,
        original_category VARCHAR(20),
        original_department VARCHAR(100),
        recoded_by_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        recoded_at TIMESTAMP,
        preset VARCHAR(20) NOT NULL,
        stage VARCHAR(20),
        stage_started_at TIMESTAMP,
        stage_due TIMESTAMP,
        final_due TIMESTAMP,
        promised_at TIMESTAMP,
        late_count INTEGER NOT NULL DEFAULT 0 CHECK (late_count >= 0),
        escalated_at TIMESTAMP,
        status VARCHAR(20) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'reopened')),
        closed_at TIMESTAMP,
        parent_id INTEGER REFERENCES complaint (id) ON DELETE RESTRICT,
        root_id INTEGER REFERENCES complaint (id) ON DELETE RESTRICT,
        round INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
        source_kind VARCHAR(30) NOT NULL DEFAULT '',
        source_id INTEGER,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX complaint_number ON complaint (number)",
    "CREATE INDEX complaint_received ON complaint (complained_at)",
    "CREATE INDEX complaint_department ON complaint (department_id, complained_at)",
    "CREATE INDEX complaint_open ON complaint (status, stage_due)",
    "CREATE INDEX complaint_root ON complaint (root_id)",
    "CREATE INDEX complaint_parent ON complaint (parent_id)",
    "CREATE INDEX complaint_customer_id ON complaint (customer_id)",
    "CREATE INDEX complaint_phone ON complaint (phone)",
    "CREATE INDEX complaint_source ON complaint (source_kind, source_id)",
    "CREATE INDEX complaint_received_by_staff_id ON complaint (received_by_staff_id)",
    "CREATE INDEX complaint_relayed_to_staff_id ON complaint (relayed_to_staff_id)",
    "CREATE INDEX complaint_recoded_by_id ON complaint (recoded_by_id)",
    """
    CREATE TABLE complaint_step (
        id {pk},
        complaint_id INTEGER NOT NULL REFERENCES complaint (id) ON DELETE CASCADE,
        stage VARCHAR(20) NOT NULL,
        due_at TIMESTAMP,
        done_at TIMESTAMP NOT NULL,
        late BOOLEAN NOT NULL DEFAULT FALSE,
        staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        note TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX complaint_step_complaint_id ON complaint_step (complaint_id, done_at)",
    "CREATE INDEX complaint_step_staff_id ON complaint_step (staff_id)",
    # seed 000:154-158 F07, one per complaint; T03 preventive measures (004:190).
    """
    CREATE TABLE complaint_report (
        id {pk},
        complaint_id INTEGER NOT NULL REFERENCES complaint (id) ON DELETE CASCADE,
        number VARCHAR(40) NOT NULL,
        customer_name VARCHAR(200) NOT NULL,
        customer_address VARCHAR(300) NOT NULL DEFAULT '',
        phone VARCHAR(40) NOT NULL DEFAULT '',
        contact_person VARCHAR(100) NOT NULL DEFAULT '',
        handled_at TIMESTAMP,
        description TEXT NOT NULL,
        recorded_by VARCHAR(60) NOT NULL DEFAULT '',
        recorded_date DATE,
        method TEXT NOT NULL DEFAULT '',
        handler VARCHAR(60) NOT NULL DEFAULT '',
        handled_date DATE,
        department_head VARCHAR(60) NOT NULL DEFAULT '',
        cause TEXT NOT NULL DEFAULT '',
        penalty TEXT NOT NULL DEFAULT '',
        callback_outcome VARCHAR(20) CHECK (callback_outcome IN ('satisfied', 'dissatisfied', 'suggestion')),
        callback_result TEXT NOT NULL DEFAULT '',
        signed_at TIMESTAMP,
        prevention TEXT NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX complaint_report_complaint_id ON complaint_report (complaint_id)",
    "CREATE UNIQUE INDEX complaint_report_number ON complaint_report (number)",
    # seed 000:35-49 F09.
    """
    CREATE TABLE performance_rating (
        id {pk},
        number VARCHAR(40) NOT NULL,
        rating_date DATE NOT NULL,
        province VARCHAR(50) NOT NULL DEFAULT '',
        city VARCHAR(50) NOT NULL DEFAULT '',
        organisation VARCHAR(200) NOT NULL,
        evaluator VARCHAR(100) NOT NULL,
        items VARCHAR(100) NOT NULL DEFAULT '',
        presales_project VARCHAR(200) NOT NULL DEFAULT '',
        implementation_project VARCHAR(200) NOT NULL DEFAULT '',
        aftersales_project VARCHAR(200) NOT NULL DEFAULT '',
        technical_score DECIMAL(6, 4) NOT NULL CHECK (technical_score BETWEEN -0.5 AND 2),
        attitude_score DECIMAL(6, 4) NOT NULL CHECK (attitude_score BETWEEN -0.5 AND 2),
        comments TEXT NOT NULL DEFAULT '',
        department_id INTEGER REFERENCES department (id) ON DELETE RESTRICT,
        engineer VARCHAR(60) NOT NULL DEFAULT '',
        engineer_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        complaint_id INTEGER REFERENCES complaint (id) ON DELETE SET NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX performance_rating_number ON performance_rating (number)",
    "CREATE INDEX performance_rating_date ON performance_rating (rating_date)",
    "CREATE INDEX performance_rating_department_id ON performance_rating (department_id)",
    "CREATE INDEX performance_rating_engineer_staff_id ON performance_rating (engineer_staff_id)",
    "CREATE INDEX performance_rating_customer_id ON performance_rating (customer_id)",
    "CREATE INDEX performance_rating_complaint_id ON performance_rating (complaint_id)",
)


def _types(database: peewee.Database) -> dict[str, str]:
    if isinstance(database, peewee.PostgresqlDatabase):
        return {"pk": "SERIAL PRIMARY KEY"}
    return {"pk": "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"}


def migrate(database: peewee.Database) -> None:
    """Create the schema-8 tables (called inside the migration's transaction)."""
    types = _types(database)
    for statement in _STATEMENTS:
        database.execute_sql(statement.format(**types))
