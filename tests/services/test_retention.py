"""Retention: records past their period listed, purged only on approval, gone from the file, the trail redacted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.models.base import db as db_proxy
from desktop.services import audit, retention, settings
from desktop.services.clock import FixedClock
from desktop.services.retention import PurgeableKind

SECRET = "张秘密13800138000"
NOW = datetime(2026, 3, 16, 9, 0)


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are compared in English, the source language."""
    i18n.set_ui_language("en")


@pytest.fixture
def visits(db: peewee.SqliteDatabase) -> Iterator[PurgeableKind]:
    """A purgeable kind over a table of its own, with a dependent table, registered for the test."""
    db.execute_sql(
        "CREATE TABLE visit (id INTEGER PRIMARY KEY, number TEXT, visitor TEXT, left_at TIMESTAMP, status TEXT)"
    )
    db.execute_sql(
        "CREATE TABLE visit_note (id INTEGER PRIMARY KEY, visit_id INTEGER REFERENCES visit (id), note TEXT)"
    )
    kind = PurgeableKind(
        kind="visit",
        label="Visits",
        table="visit",
        date_column="left_at",
        number_column="number",
        default_years=2,
        eligible="status = 'closed'",
        dependents=(("visit_note", "visit_id"),),
    )
    retention.register_purgeable(kind)
    yield kind
    retention._KINDS.pop("visit", None)


def _visit(number: str, left_at: datetime | None, *, status: str = "closed", visitor: str = SECRET) -> int:
    with db_proxy.atomic():
        cursor = db_proxy.execute_sql(
            "INSERT INTO visit (number, visitor, left_at, status) VALUES (?, ?, ?, ?)",
            (number, visitor, str(left_at) if left_at else None, status),
        )
        visit_id = int(cursor.lastrowid)
        db_proxy.execute_sql(
            "INSERT INTO visit_note (visit_id, note) VALUES (?, ?)", (visit_id, f"note {visitor}")
        )
        audit.record_event(
            action=audit.CREATE,
            record_type="visit",
            record_id=visit_id,
            changes={"visitor": [None, visitor], "number": [None, number]},
            summary=number,
            by=None,
            now=left_at or NOW,
        )
    return visit_id


def test_records_past_their_period_are_listed_oldest_first(visits: PurgeableKind) -> None:
    old = _visit("V-2022-1", datetime(2022, 5, 1, 10, 0))
    older = _visit("V-2021-1", datetime(2021, 1, 4, 10, 0))
    _visit("V-2025-1", datetime(2025, 1, 4, 10, 0))  # inside the 2 years
    _visit("V-2020-open", datetime(2020, 1, 4, 10, 0), status="open")  # not eligible
    _visit("V-none", None)
    listed = retention.records_past_retention("visit", now=NOW)
    assert [(c.id, c.number) for c in listed] == [(older, "V-2021-1"), (old, "V-2022-1")]
    assert listed[0].since == datetime(2021, 1, 4, 10, 0)


def test_purge_removes_the_rows_from_the_file_and_redacts_the_trail(
    visits: PurgeableKind, db_path: Path, clock: FixedClock
) -> None:
    keep = _visit("V-2025-1", datetime(2025, 6, 1, 10, 0), visitor="李保留")
    gone = [_visit(f"V-2021-{n}", datetime(2021, 1, 4 + n, 10, 0)) for n in range(3)]
    result = retention.purge("visit", gone, by=None, now=clock.now())
    assert (result.count, result.redacted_events) == (3, 3)
    assert db_proxy.execute_sql("SELECT id FROM visit").fetchall() == [(keep,)]
    assert db_proxy.execute_sql("SELECT count(*) FROM visit_note").fetchone()[0] == 1
    # The fact of the purge stays, without the personal data.
    (event,) = [e for e in audit.history("visit", None) if e.action == "purge"]
    assert event.summary == "purged 3 records of kind visit (retention 2 years)"
    assert SECRET not in str(event.changes)
    assert all(
        e.changes == {} or "$redacted" in str(e.changes) for g in gone for e in audit.history("visit", g)
    )
    # The chain still verifies: the purge event vouches for exactly the redacted events.
    assert audit.verify_report().intact
    # Nothing of the purged rows is left anywhere in the file or its WAL.
    data = b"".join(path.read_bytes() for path in db_path.parent.glob(db_path.name + "*") if path.is_file())
    assert SECRET.encode("utf-8") not in data
    assert "李保留".encode() in data


def test_a_redaction_without_a_purge_event_breaks_the_chain(visits: PurgeableKind, clock: FixedClock) -> None:
    visit_id = _visit("V-2021-1", datetime(2021, 1, 4, 10, 0))
    db_proxy.execute_sql(
        "UPDATE audit_event SET changes = ?, summary = '' WHERE record_id = ?",
        (audit.REDACTED_CHANGES, visit_id),
    )
    report = audit.verify_report()
    assert report.first_break is not None and report.first_break.record_type == "visit"


def test_purge_refuses_a_record_not_past_its_period(visits: PurgeableKind, clock: FixedClock) -> None:
    old = _visit("V-2021-1", datetime(2021, 1, 4, 10, 0))
    recent = _visit("V-2025-1", datetime(2025, 6, 1, 10, 0))
    with pytest.raises(UserError) as caught:
        retention.purge("visit", [old, recent], by=None, now=clock.now())
    assert caught.value.message == f"Record {recent} is not past its retention period; nothing was purged."
    assert db_proxy.execute_sql("SELECT count(*) FROM visit").fetchone()[0] == 2


def test_problem_sheets_are_purgeable_with_a_setting_for_their_period(
    db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    assert "problem_sheet" in [kind.kind for kind in retention.purgeable_kinds()]
    assert retention.retention_years("problem_sheet") == 3
    settings.set_setting("retention.problem_sheet", 0, by=None, now=clock.now())
    assert retention.records_past_retention("problem_sheet", now=clock.now()) == []  # 0 keeps for ever
    settings.set_setting("retention.problem_sheet", 5, by=None, now=clock.now())
    assert retention.retention_years("problem_sheet") == 5
    assert retention.records_past_retention("problem_sheet", now=clock.now()) == []


def test_an_unknown_kind_is_refused(db: peewee.SqliteDatabase) -> None:
    with pytest.raises(UserError, match=r"Records of kind ghost cannot be purged\."):
        retention.records_past_retention("ghost", now=NOW)


def test_cutoff_handles_29_february() -> None:
    assert retention.cutoff(datetime(2028, 2, 29, 12, 0), 1) == datetime(2027, 2, 28, 12, 0)
