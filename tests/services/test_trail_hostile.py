"""Hostile edits made behind FrontDesk's back are all reported by ``audit verify``.

A generated set of 1,000 out-of-band edits — an update of a random field, a deleted row, an inserted row, over
every replayed table in turn — is made with a plain ``sqlite3`` connection to a copy of a database written
through the services (the way someone at the sqlite3 shell would), 25 edits on 25 different rows at a time;
``audit verify``'s report must name every one by table, key and field. Then 120 tail truncations of random
length (with and without the row images of the cut events), and the attacks of the issue's table one by one.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.models import anchor, replay, trail
from desktop.models.base import db
from desktop.models.database import close_database, open_database
from desktop.services import anchors, audit
from tests.trail_base import Base, copy_of, trail_base, use_base_key

EDITS = 1000
PER_COPY = 25
TRUNCATIONS = 120


@pytest.fixture
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    built = trail_base(tmp_path_factory)
    use_base_key(built)
    return built


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    yield
    close_database()


@dataclass(frozen=True)
class Edit:
    """One out-of-band edit and what the report must say about it."""

    kind: str  # update, delete, insert
    table: str
    key: str
    field: str  # the column changed ("" for a whole row)


def _shape(connection: sqlite3.Connection, table: str) -> trail.TableShape:
    rows = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
    keyed = sorted((int(row[5]), str(row[1])) for row in rows if int(row[5]) > 0)
    return trail.TableShape(table, tuple(sorted(str(row[1]) for row in rows)), tuple(n for _p, n in keyed))


def _changed(value: Any, attempt: int) -> Any:
    """A different value of the same kind (attempt 1 tries another kind, for columns with CHECKs)."""
    if attempt == 1:
        return "hostile" if not isinstance(value, str) else 7
    if value is None:
        return "hostile"
    if isinstance(value, bool | int):
        return value + 1
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, bytes):
        return value + b"\0"
    return f"{value}·"


def _update(
    connection: sqlite3.Connection, shape: trail.TableShape, rowid: int, rng: random.Random
) -> Edit | None:
    columns = [column for column in shape.columns if column not in shape.key_columns]
    rng.shuffle(columns)
    key = connection.execute(
        f'SELECT {shape.key_sql()} FROM "{shape.table}" WHERE rowid = ?', (rowid,)
    ).fetchone()[0]
    for column in columns:
        (old,) = connection.execute(
            f'SELECT "{column}" FROM "{shape.table}" WHERE rowid = ?', (rowid,)
        ).fetchone()
        for attempt in (0, 1):
            connection.execute("SAVEPOINT edit")
            try:
                connection.execute(
                    f'UPDATE "{shape.table}" SET "{column}" = ? WHERE rowid = ?',
                    (_changed(old, attempt), rowid),
                )
            except sqlite3.IntegrityError:
                connection.execute("ROLLBACK TO edit")
                connection.execute("RELEASE edit")
                continue
            connection.execute("RELEASE edit")
            return Edit("update", shape.table, str(key), column)
    return None


def _insert(connection: sqlite3.Connection, shape: trail.TableShape, rowid: int, serial: int) -> Edit | None:
    row = dict(
        zip(
            shape.columns,
            connection.execute(
                f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in shape.columns)} FROM "{shape.table}" '
                "WHERE rowid = ?",
                (rowid,),
            ).fetchone(),
            strict=True,
        )
    )
    for column in shape.key_columns or ():
        row[column] = 900_000 + serial if isinstance(row[column], int) else f"{row[column]}-hostile{serial}"
    for suffix_text in (False, True):
        values = dict(row)
        if suffix_text:
            values = {
                column: f"{value}·{serial}"
                if isinstance(value, str) and column not in shape.key_columns
                else value
                for column, value in values.items()
            }
        names = ", ".join(f'"{column}"' for column in values)
        marks = ", ".join("?" for _value in values)
        connection.execute("SAVEPOINT edit")
        try:
            cursor = connection.execute(
                f'INSERT INTO "{shape.table}" ({names}) VALUES ({marks})', list(values.values())
            )
        except sqlite3.IntegrityError:
            connection.execute("ROLLBACK TO edit")
            connection.execute("RELEASE edit")
            continue
        connection.execute("RELEASE edit")
        (key,) = connection.execute(
            f'SELECT {shape.key_sql()} FROM "{shape.table}" WHERE rowid = ?', (cursor.lastrowid,)
        ).fetchone()
        return Edit("insert", shape.table, str(key), "")
    return None


def _make_edits(path: Path, tables: list[str], start: int, count: int, rng: random.Random) -> list[Edit]:
    """``count`` edits on different rows, tables in turn from ``start``; committed like a shell session."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    made: list[Edit] = []
    touched: set[tuple[str, int]] = set()
    serial = start
    while len(made) < count:
        table = tables[serial % len(tables)]
        serial += 1
        shape = _shape(connection, table)
        rowids = [rowid for (rowid,) in connection.execute(f'SELECT rowid FROM "{table}"')]
        rowids = [rowid for rowid in rowids if (table, rowid) not in touched]
        if not rowids:
            continue
        rowid = rng.choice(rowids)
        kind = rng.choices(("update", "delete", "insert"), weights=(3, 1, 1))[0]
        edit: Edit | None
        if kind == "delete":
            key = connection.execute(
                f'SELECT {shape.key_sql()} FROM "{table}" WHERE rowid = ?', (rowid,)
            ).fetchone()[0]
            connection.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
            edit = Edit("delete", table, str(key), "")
        elif kind == "insert":
            edit = _insert(connection, shape, rowid, serial) or _update(connection, shape, rowid, rng)
        else:
            edit = _update(connection, shape, rowid, rng)
        if edit is not None:
            touched.add((table, rowid))
            made.append(edit)
    connection.execute("COMMIT")
    connection.close()
    return made


def _reported(report: audit.ChainReport) -> set[tuple[str, str, str]]:
    return {(m.table, m.key, m.field) for m in report.mismatches}


def test_every_one_of_a_thousand_out_of_band_edits_is_reported(base: Base, tmp_path: Path) -> None:
    rng = random.Random(14)
    tables = sorted(replay.replayed_tables())
    kinds: dict[str, int] = {}
    covered: set[str] = set()
    for batch in range(EDITS // PER_COPY):
        path = copy_of(base, tmp_path / f"edited-{batch}.sqlite3")
        edits = _make_edits(path, tables, batch * PER_COPY, PER_COPY, rng)
        open_database(path)
        report = audit.verify_report()
        close_database()
        reported = _reported(report)
        for edit in edits:
            kinds[edit.kind] = kinds.get(edit.kind, 0) + 1
            covered.add(edit.table)
            assert (edit.table, edit.key, edit.field) in reported, f"not reported: {edit}"
        assert report.first_break is None  # the trail itself was not touched
        path.unlink()
    assert sum(kinds.values()) == EDITS
    assert min(kinds.values()) >= 100, kinds  # every kind of edit, many times
    assert covered == set(tables)  # every replayed table


def test_a_hundred_and_twenty_tail_truncations_are_reported(base: Base, tmp_path: Path) -> None:
    """Each cut is made in a savepoint on one connection and rolled back; the verify runs on the cut trail."""
    rng = random.Random(1401)
    path = copy_of(base, tmp_path / "cut.sqlite3", with_anchor=True)
    open_database(path, check_anchors=False)
    db.execute_sql("PRAGMA foreign_keys = OFF")  # as in the sqlite3 shell, which does not enforce them
    last_id = int(db.execute_sql("SELECT max(id) FROM audit_event").fetchone()[0])
    special = [1, 2, 200, last_id - 1]  # the cases, and everything but the first event
    lengths = special + rng.sample([n for n in range(3, last_id - 1) if n != 200], TRUNCATIONS - len(special))
    for index, length in enumerate(lengths):
        db.execute_sql("SAVEPOINT cut")
        db.execute_sql("DELETE FROM audit_event WHERE id > ?", (last_id - length,))
        if index % 2:  # half the time the attacker removes the cut events' row images too
            db.execute_sql("DELETE FROM audit_image WHERE event_id > ?", (last_id - length,))
        report = audit.verify_report()
        results = anchors.check(path)
        db.execute_sql("ROLLBACK TO cut")
        db.execute_sql("RELEASE cut")
        assert report.head.events == last_id - length
        assert any(result.status == anchor.AHEAD for result in results), f"cut of {length} not reported"
    assert len(lengths) == TRUNCATIONS


# --- the table, row by row, through the command ---------------------------------------------------


def _verify(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    from desktop.cli import main

    code = main(["--lang", "en", "--db", str(path), "audit", "verify"])
    out, err = capsys.readouterr()
    return code, out, err


def _shell(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


@pytest.fixture
def edited(base: Base, tmp_path: Path) -> Path:
    return copy_of(base, tmp_path / "frontdesk.sqlite3", with_anchor=True)


def _one(path: Path, sql: str) -> Any:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchone()
    finally:
        connection.close()


def test_a_complaints_text_status_and_closing_time(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number, matter = _one(
        edited, "SELECT number, matter FROM complaint WHERE closed_at IS NOT NULL ORDER BY id LIMIT 1"
    )
    _shell(
        edited,
        f"UPDATE complaint SET matter = 'nothing happened', status = 'open', closed_at = NULL WHERE number = '{number}'",
    )
    code, out, err = _verify(capsys, edited)
    assert (code, out) == (1, "")
    assert f"complaint {number}: matter is 'nothing happened' but the audit trail says {matter!r}" in err
    assert f"complaint {number}: status is 'open' but the audit trail says " in err
    assert f"complaint {number}: closed_at is None but the audit trail says " in err


def test_a_complaint_row_deleted(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (number,) = _one(
        edited,
        "SELECT number FROM complaint WHERE id NOT IN (SELECT complaint_id FROM complaint_step) LIMIT 1",
    ) or _one(edited, "SELECT number FROM complaint LIMIT 1")
    _shell(edited, f"DELETE FROM complaint WHERE number = '{number}'")
    code, _out, err = _verify(capsys, edited)
    assert code == 1
    assert (
        f"complaint {number} is missing but the audit trail never deleted it: removed outside FrontDesk."
        in err
    )


def test_a_sheet_description_and_a_key_loan(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (sheet,) = _one(edited, "SELECT number FROM problem_sheet ORDER BY id LIMIT 1")
    (loan,) = _one(edited, "SELECT number FROM key_loan ORDER BY id LIMIT 1")
    _shell(
        edited,
        f"UPDATE problem_sheet SET description = 'all fine' WHERE number = '{sheet}'",
        f"DELETE FROM key_loan WHERE number = '{loan}'",
    )
    code, _out, err = _verify(capsys, edited)
    assert code == 1
    assert f"problem sheet {sheet}: description is 'all fine' but the audit trail says " in err
    assert f"key loan {loan} is missing but the audit trail never deleted it" in err


def test_a_role_raised_and_logins_switched_off(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (number,) = _one(edited, "SELECT employee_no FROM staff WHERE role = 'receptionist' ORDER BY id LIMIT 1")
    _shell(
        edited,
        f"UPDATE staff SET role = 'administrator' WHERE employee_no = '{number}'",
        "INSERT OR REPLACE INTO setting (key, value) VALUES ('security.login_required', 'false')",
    )
    code, _out, err = _verify(capsys, edited)
    assert code == 1
    assert f"staff member {number}: role is 'administrator' but the audit trail says 'receptionist'" in err
    assert "setting security.login_required exists but the audit trail has no record of it" in err


@pytest.mark.parametrize("cut", [1, 200])
def test_the_last_events_deleted(edited: Path, capsys: pytest.CaptureFixture[str], cut: int) -> None:
    (last,) = _one(edited, "SELECT max(id) FROM audit_event")
    _shell(edited, f"DELETE FROM audit_event WHERE id > {last - cut}")
    code, _out, err = _verify(capsys, edited)
    assert code == 1
    assert "the trail ends before it: events at the end were removed" in err
    assert f"frontdesk.sqlite3.anchor ({last} events, " in err


def test_an_event_edited_and_every_later_hash_recomputed(
    edited: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The attacker uses FrontDesk's own hash function; without the key, the seals give it away."""
    connection = sqlite3.connect(edited)
    rows = connection.execute(
        "SELECT id, at, staff_id, record_type, record_id, action, changes, summary, prev_hash, hash, seal "
        "FROM audit_event ORDER BY id"
    ).fetchall()
    target = len(rows) // 2
    images: dict[int, list[str]] = {}
    for event_id, digest in connection.execute(
        "SELECT event_id, digest FROM audit_image ORDER BY event_id, id"
    ):
        images.setdefault(event_id, []).append(digest)
    prev = rows[target - 1][9]
    for index in range(target, len(rows)):
        event_id, at, staff_id, record_type, record_id, action, changes, summary, _prev, _hash, _seal = rows[
            index
        ]
        if index == target:
            summary = "nothing to see"
        from datetime import datetime

        payload = trail.event_payload(
            at=datetime.fromisoformat(at),
            staff_id=staff_id,
            record_type=record_type,
            record_id=record_id,
            action=action,
            changes=__import__("json").loads(changes),
            summary=summary,
            images=trail.images_digest(images.get(event_id, [])),
        )
        digest = trail.event_hash(prev, payload)
        connection.execute(
            "UPDATE audit_event SET summary = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (summary, prev, digest, event_id),
        )
        prev = digest
    connection.commit()
    connection.close()
    code, _out, err = _verify(capsys, edited)
    assert code == 1
    assert f"audit chain broken at event {rows[target][0]} (" in err
    assert "its seal does not verify: the chain was recomputed without the key" in err
    assert "the trail differs from it: events were changed and the chain recomputed" in err
    # Dropping the seals instead does not help either.
    _shell(edited, f"UPDATE audit_event SET seal = NULL WHERE id >= {rows[target][0]}")
    code, _out, err = _verify(capsys, edited)
    assert code == 1 and "its seal is missing: written or recomputed outside FrontDesk" in err


@pytest.mark.parametrize(
    "edit",
    ["UPDATE audit_event SET summary = 'x' WHERE id = {mid}", "DELETE FROM audit_event WHERE id = {mid}"],
)
def test_an_event_in_the_middle_edited_or_deleted(
    edited: Path, capsys: pytest.CaptureFixture[str], edit: str
) -> None:
    (last,) = _one(edited, "SELECT max(id) FROM audit_event")
    _shell(edited, edit.format(mid=last // 2))
    code, _out, err = _verify(capsys, edited)
    assert code == 1 and "audit chain broken at event " in err


def test_a_customer_edited_deleted_and_inserted(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _shell(
        edited,
        "UPDATE customer SET mobile = '13000000000' WHERE id = 1",
        "DELETE FROM customer WHERE id = 2",
        "INSERT INTO customer (id, name, mobile, office_phone, organisation, address, created_at, updated_at, "
        "version) VALUES (99999, 'ghost', '', '', '', '', '2026-01-01', '2026-01-01', 1)",
    )
    code, _out, err = _verify(capsys, edited)
    assert code == 1
    assert "customer 1: mobile is '13000000000' but the audit trail says " in err
    assert "customer 2 is missing but the audit trail never deleted it" in err
    assert "customer 99999 exists but the audit trail has no record of it: added outside FrontDesk." in err


def test_the_untouched_copy_verifies(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _verify(capsys, edited)
    assert (code, err) == (0, "")
    assert "tables match their trail" in out and "matches" in out
