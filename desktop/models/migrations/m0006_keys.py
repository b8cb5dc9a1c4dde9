"""Schema 6: keys kept at the desk, their loans, owner receipts, copy requests, counts / hand-overs and losses.

Literal SQL that must build exactly these tables forever (spec §2.5, issue 7).

- ``key_loan_open``: a partial unique index, so a key set has at most one loan that has not come back — two
  desks lending the same key at the same moment cannot both succeed — and the Today board reads open loans only.
- ``key_loan_out``: the daily register (P01/P02 by day) and the per-key history.
"""

from __future__ import annotations

import peewee

VERSION = 6

_STATEMENTS = (
    # seed 001:262-276: labelled rings, owner keys by unit, public keys by floor, facility keys by equipment.
    """
    CREATE TABLE key_set (
        id {pk},
        label VARCHAR(100) NOT NULL,
        category VARCHAR(10) NOT NULL CHECK (category IN ('owner', 'public', 'facility')),
        building VARCHAR(20) NOT NULL DEFAULT '',
        floor INTEGER,
        site_id INTEGER REFERENCES site (id) ON DELETE SET NULL,
        description VARCHAR(200) NOT NULL DEFAULT '',
        kind_counts TEXT NOT NULL DEFAULT '{{}}',
        quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 0),
        hook VARCHAR(40) NOT NULL DEFAULT '',
        custodian VARCHAR(60) NOT NULL DEFAULT '',
        status VARCHAR(10) NOT NULL DEFAULT 'in' CHECK (status IN ('in', 'out', 'issued', 'lost', 'retired')),
        note VARCHAR(300) NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX key_set_label ON key_set (label)",
    "CREATE INDEX key_set_filter ON key_set (category, status, building)",
    "CREATE INDEX key_set_site_id ON key_set (site_id)",
    # seed 001:1820-1824, 2098-2120 (P02) and 001:288 (P01).
    """
    CREATE TABLE key_loan (
        id {pk},
        number VARCHAR(40) NOT NULL,
        key_set_id INTEGER NOT NULL REFERENCES key_set (id) ON DELETE RESTRICT,
        borrower_type VARCHAR(12) NOT NULL CHECK (borrower_type IN ('staff', 'contractor', 'resident', 'other')),
        borrower VARCHAR(100) NOT NULL,
        department VARCHAR(200) NOT NULL DEFAULT '',
        id_document VARCHAR(40) NOT NULL DEFAULT '',
        phone VARCHAR(40) NOT NULL DEFAULT '',
        purpose VARCHAR(200) NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity >= 1),
        approver VARCHAR(100) NOT NULL DEFAULT '',
        document VARCHAR(200) NOT NULL DEFAULT '',
        for_work BOOLEAN NOT NULL DEFAULT FALSE,
        out_at TIMESTAMP NOT NULL,
        due_at TIMESTAMP NOT NULL,
        issued_by VARCHAR(60) NOT NULL DEFAULT '',
        issued_by_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        returned_at TIMESTAMP,
        returned_quantity INTEGER CHECK (returned_quantity >= 0),
        return_condition VARCHAR(10) NOT NULL DEFAULT '',
        quantity_mismatch BOOLEAN NOT NULL DEFAULT FALSE,
        received_by VARCHAR(60) NOT NULL DEFAULT '',
        received_by_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        damage_note VARCHAR(300) NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX key_loan_number ON key_loan (number)",
    "CREATE UNIQUE INDEX key_loan_open ON key_loan (key_set_id) WHERE returned_at IS NULL",
    "CREATE INDEX key_loan_key ON key_loan (key_set_id, out_at)",
    "CREATE INDEX key_loan_out ON key_loan (out_at)",
    "CREATE INDEX key_loan_issued_by_staff_id ON key_loan (issued_by_staff_id)",
    "CREATE INDEX key_loan_received_by_staff_id ON key_loan (received_by_staff_id)",
    # seed 001:280, 1864 (P04).
    """
    CREATE TABLE key_receipt (
        id {pk},
        number VARCHAR(40) NOT NULL,
        key_set_id INTEGER NOT NULL REFERENCES key_set (id) ON DELETE RESTRICT,
        receipt_date DATE NOT NULL,
        unit VARCHAR(50) NOT NULL,
        owner_name VARCHAR(100) NOT NULL,
        id_checked BOOLEAN NOT NULL DEFAULT FALSE,
        iron_door_keys INTEGER NOT NULL DEFAULT 0 CHECK (iron_door_keys >= 0),
        unit_door_keys INTEGER NOT NULL DEFAULT 0 CHECK (unit_door_keys >= 0),
        interior_door_keys INTEGER NOT NULL DEFAULT 0 CHECK (interior_door_keys >= 0),
        intercom_keys INTEGER NOT NULL DEFAULT 0 CHECK (intercom_keys >= 0),
        mailbox_keys INTEGER NOT NULL DEFAULT 0 CHECK (mailbox_keys >= 0),
        issued_by VARCHAR(60) NOT NULL DEFAULT '',
        issued_by_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        remarks VARCHAR(300) NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX key_receipt_number ON key_receipt (number)",
    "CREATE INDEX key_receipt_key_set_id ON key_receipt (key_set_id)",
    "CREATE INDEX key_receipt_issued_by_staff_id ON key_receipt (issued_by_staff_id)",
    # seed 001:286: no copy of a public or facility key without the engineering manager's or supervisor's consent.
    """
    CREATE TABLE key_copy_request (
        id {pk},
        key_set_id INTEGER NOT NULL REFERENCES key_set (id) ON DELETE RESTRICT,
        requested_by VARCHAR(100) NOT NULL,
        reason VARCHAR(200) NOT NULL,
        copies INTEGER NOT NULL DEFAULT 1 CHECK (copies >= 1),
        requested_at TIMESTAMP NOT NULL,
        status VARCHAR(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'consented', 'made')),
        consented_by VARCHAR(100) NOT NULL DEFAULT '',
        consented_by_staff_id INTEGER REFERENCES staff (id) ON DELETE RESTRICT,
        consented_at TIMESTAMP,
        made_at TIMESTAMP,
        note VARCHAR(300) NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE INDEX key_copy_request_key_set_id ON key_copy_request (key_set_id)",
    "CREATE INDEX key_copy_request_consented_by_staff_id ON key_copy_request (consented_by_staff_id)",
    # seed 001:1814-1818, 1826 (P03 hand-over) and 001:2112, 2118 (periodic counts).
    """
    CREATE TABLE key_count (
        id {pk},
        number VARCHAR(40) NOT NULL,
        kind VARCHAR(10) NOT NULL CHECK (kind IN ('count', 'handover')),
        reason VARCHAR(10) NOT NULL DEFAULT '',
        counted_at TIMESTAMP NOT NULL,
        from_party VARCHAR(200) NOT NULL DEFAULT '',
        to_party VARCHAR(200) NOT NULL DEFAULT '',
        function_tested BOOLEAN NOT NULL DEFAULT FALSE,
        discrepancy_count INTEGER NOT NULL DEFAULT 0,
        remarks VARCHAR(1000) NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX key_count_number ON key_count (number)",
    "CREATE INDEX key_count_kind ON key_count (kind, counted_at)",
    """
    CREATE TABLE key_count_item (
        id {pk},
        count_id INTEGER NOT NULL REFERENCES key_count (id) ON DELETE CASCADE,
        key_set_id INTEGER NOT NULL REFERENCES key_set (id) ON DELETE RESTRICT,
        label VARCHAR(100) NOT NULL,
        expected INTEGER NOT NULL,
        counted INTEGER,
        condition VARCHAR(10) NOT NULL DEFAULT 'ok',
        discrepancy VARCHAR(12) NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX key_count_item_count_id ON key_count_item (count_id)",
    "CREATE INDEX key_count_item_key_set_id ON key_count_item (key_set_id)",
    # seed 001:1828: report a lost key to the superior at once; the superior arranges the remedy.
    """
    CREATE TABLE key_lost_report (
        id {pk},
        number VARCHAR(40) NOT NULL,
        key_set_id INTEGER NOT NULL REFERENCES key_set (id) ON DELETE RESTRICT,
        loan_id INTEGER REFERENCES key_loan (id) ON DELETE SET NULL,
        reported_at TIMESTAMP NOT NULL,
        reported_by VARCHAR(100) NOT NULL,
        quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
        circumstances TEXT NOT NULL DEFAULT '',
        reported_to VARCHAR(100) NOT NULL DEFAULT '',
        actions TEXT NOT NULL DEFAULT '',
        closed_at TIMESTAMP,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
    )
    """,
    "CREATE UNIQUE INDEX key_lost_report_number ON key_lost_report (number)",
    "CREATE INDEX key_lost_report_key_set_id ON key_lost_report (key_set_id)",
    "CREATE INDEX key_lost_report_loan_id ON key_lost_report (loan_id)",
)


def _types(database: peewee.Database) -> dict[str, str]:
    if isinstance(database, peewee.PostgresqlDatabase):
        return {"pk": "SERIAL PRIMARY KEY"}
    return {"pk": "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"}


def migrate(database: peewee.Database) -> None:
    """Create the schema-6 key tables (called inside the migration's transaction)."""
    types = _types(database)
    for statement in _STATEMENTS:
        database.execute_sql(statement.format(**types))
