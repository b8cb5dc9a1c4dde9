"""Schema 7: the small registers: visitors, archive documents, document loans, disposals, notices, the call tally.

Literal SQL that must build exactly these tables forever. ``visitor_on_site`` serves the Today board's "still on
site" list without reading the visitors who left; ``document_loan_open`` the files out; ``notice_up`` the
notices still posted; ``call_tally_day`` the counts per day and month.
"""

from __future__ import annotations

import peewee

VERSION = 7

_STAMPS = """
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1"""

_STATEMENTS = (
    # seed 001:398 P10: written within 10 minutes after the visit; issue 8 adds people and ID checked.
    f"""
    CREATE TABLE visitor (
        id {{pk}},
        number VARCHAR(40) NOT NULL,
        visit_date DATE NOT NULL,
        arrived_at TIME NOT NULL,
        left_at TIME,
        visitor_name VARCHAR(100) NOT NULL,
        salutation VARCHAR(10),
        organisation VARCHAR(200) NOT NULL DEFAULT '',
        phone VARCHAR(40) NOT NULL DEFAULT '',
        people INTEGER NOT NULL DEFAULT 1 CHECK (people >= 1),
        purpose VARCHAR(20) NOT NULL,
        person_visited VARCHAR(100) NOT NULL DEFAULT '',
        id_checked BOOLEAN NOT NULL DEFAULT FALSE,
        appointment BOOLEAN,
        first_visit BOOLEAN,
        source VARCHAR(200) NOT NULL DEFAULT '',
        raised TEXT NOT NULL DEFAULT '',
        receptionist VARCHAR(60) NOT NULL,
        follow_up VARCHAR(300) NOT NULL DEFAULT '',
        registered_at TIMESTAMP NOT NULL,
        receptionist_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,{_STAMPS}
    )
    """,
    "CREATE UNIQUE INDEX visitor_number ON visitor (number)",
    "CREATE INDEX visitor_visit_date ON visitor (visit_date, arrived_at)",
    "CREATE INDEX visitor_on_site ON visitor (left_at, visit_date)",
    "CREATE INDEX visitor_receptionist_staff_id ON visitor (receptionist_staff_id)",
    # seed 001:346 P07: one line per document of an owner's file.
    f"""
    CREATE TABLE archive_item (
        id {{pk}},
        number VARCHAR(40) NOT NULL,
        unit VARCHAR(120) NOT NULL,
        site_id INTEGER REFERENCES site (id) ON DELETE SET NULL,
        owner VARCHAR(100) NOT NULL DEFAULT '',
        category VARCHAR(20) NOT NULL,
        title VARCHAR(200) NOT NULL,
        received_date DATE,
        copies INTEGER NOT NULL DEFAULT 1 CHECK (copies >= 1),
        original VARCHAR(10),
        location VARCHAR(100) NOT NULL DEFAULT '',
        confidential BOOLEAN NOT NULL DEFAULT FALSE,
        changed_date DATE,
        remarks VARCHAR(300) NOT NULL DEFAULT '',
        keeper VARCHAR(60) NOT NULL DEFAULT '',
        status VARCHAR(10) NOT NULL DEFAULT 'kept'
            CHECK (status IN ('kept', 'lent', 'disposed', 'removed')),
        removed_on DATE,{_STAMPS}
    )
    """,
    "CREATE UNIQUE INDEX archive_item_number ON archive_item (number)",
    "CREATE INDEX archive_item_unit ON archive_item (unit, status)",
    "CREATE INDEX archive_item_site_id ON archive_item (site_id)",
    # seed 001:342 P06: approved by the service-centre manager before the file leaves.
    f"""
    CREATE TABLE document_loan (
        id {{pk}},
        number VARCHAR(40) NOT NULL,
        document_id INTEGER REFERENCES archive_item (id) ON DELETE RESTRICT,
        loan_date DATE NOT NULL,
        file_ref VARCHAR(200) NOT NULL,
        copies INTEGER NOT NULL DEFAULT 1 CHECK (copies >= 1),
        borrower VARCHAR(100) NOT NULL,
        department VARCHAR(100) NOT NULL DEFAULT '',
        reason VARCHAR(200) NOT NULL,
        approved_by VARCHAR(100) NOT NULL DEFAULT '',
        approved_by_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        approved_at TIMESTAMP,
        registered_by VARCHAR(60) NOT NULL DEFAULT '',
        copy_or_take VARCHAR(10) NOT NULL DEFAULT 'no',
        due_date DATE,
        lent_at TIMESTAMP,
        returned_date DATE,
        remarks VARCHAR(300) NOT NULL DEFAULT '',
        status VARCHAR(10) NOT NULL DEFAULT 'requested'
            CHECK (status IN ('requested', 'approved', 'out', 'returned')),{_STAMPS},
        CHECK (status = 'requested' OR approved_at IS NOT NULL)
    )
    """,
    "CREATE UNIQUE INDEX document_loan_number ON document_loan (number)",
    "CREATE INDEX document_loan_open ON document_loan (status, due_date)",
    "CREATE INDEX document_loan_document_id ON document_loan (document_id)",
    "CREATE INDEX document_loan_approved_by_staff_id ON document_loan (approved_by_staff_id)",
    # seed 001:358-362 P08: reviewed, approved, destroyed before two or more witnesses.
    f"""
    CREATE TABLE disposal (
        id {{pk}},
        number VARCHAR(40) NOT NULL,
        item_id INTEGER REFERENCES archive_item (id) ON DELETE SET NULL,
        document VARCHAR(200) NOT NULL,
        archive VARCHAR(200) NOT NULL DEFAULT '',
        created_date DATE,
        retention VARCHAR(40) NOT NULL DEFAULT '',
        expiry_date DATE,
        reason VARCHAR(20) NOT NULL,
        method VARCHAR(10) NOT NULL DEFAULT 'destroy',
        remarks VARCHAR(300) NOT NULL DEFAULT '',
        filled_by VARCHAR(60) NOT NULL,
        filled_date DATE,
        reviewer VARCHAR(60) NOT NULL DEFAULT '',
        reviewed_at TIMESTAMP,
        approver VARCHAR(60) NOT NULL DEFAULT '',
        approved_at TIMESTAMP,
        destroyed_date DATE,
        status VARCHAR(10) NOT NULL DEFAULT 'draft'
            CHECK (status IN ('draft', 'reviewed', 'approved', 'destroyed')),{_STAMPS}
    )
    """,
    "CREATE UNIQUE INDEX disposal_number ON disposal (number)",
    "CREATE INDEX disposal_status ON disposal (status)",
    "CREATE INDEX disposal_item_id ON disposal (item_id)",
    """
    CREATE TABLE disposal_witness (
        id {pk},
        disposal_id INTEGER NOT NULL REFERENCES disposal (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name VARCHAR(60) NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX disposal_witness_position ON disposal_witness (disposal_id, position)",
    # seed 001:1832-1842 P31: posted notices, taken down at expiry; phone notices.
    f"""
    CREATE TABLE notice (
        id {{pk}},
        number VARCHAR(40) NOT NULL,
        issued_on DATE NOT NULL,
        title VARCHAR(200) NOT NULL,
        branch VARCHAR(100) NOT NULL,
        approved_by VARCHAR(60) NOT NULL,
        posted_where VARCHAR(200) NOT NULL DEFAULT '',
        expires_on DATE,
        taken_down_on DATE,
        taken_down_by VARCHAR(60) NOT NULL DEFAULT '',
        remarks VARCHAR(300) NOT NULL DEFAULT '',{_STAMPS}
    )
    """,
    "CREATE UNIQUE INDEX notice_number ON notice (number)",
    "CREATE INDEX notice_up ON notice (taken_down_on, expires_on)",
    f"""
    CREATE TABLE phone_notice (
        id {{pk}},
        number VARCHAR(40) NOT NULL,
        notified_at TIMESTAMP NOT NULL,
        event TEXT NOT NULL,
        person_notified VARCHAR(100) NOT NULL,
        phone VARCHAR(40) NOT NULL DEFAULT '',
        notified_by VARCHAR(60) NOT NULL DEFAULT '',{_STAMPS}
    )
    """,
    "CREATE UNIQUE INDEX phone_notice_number ON phone_notice (number)",
    "CREATE INDEX phone_notice_notified_at ON phone_notice (notified_at)",
    # seed 000:120-121 F05: one row per call, counted per day / month and category.
    """
    CREATE TABLE call_tally_entry (
        id {pk},
        at TIMESTAMP NOT NULL,
        tally_date DATE NOT NULL,
        category VARCHAR(20) NOT NULL,
        handling VARCHAR(20),
        operator VARCHAR(60) NOT NULL DEFAULT '',
        staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,
        remarks VARCHAR(300) NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX call_tally_day ON call_tally_entry (tally_date, category)",
    "CREATE INDEX call_tally_entry_staff_id ON call_tally_entry (staff_id)",
)


def _types(database: peewee.Database) -> dict[str, str]:
    if isinstance(database, peewee.PostgresqlDatabase):
        return {"pk": "SERIAL PRIMARY KEY"}
    return {"pk": "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"}


def migrate(database: peewee.Database) -> None:
    """Create the schema-7 tables (called inside the migration's transaction)."""
    types = _types(database)
    for statement in _STATEMENTS:
        database.execute_sql(statement.format(**types))
