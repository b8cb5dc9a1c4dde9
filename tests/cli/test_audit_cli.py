"""``frontdesk audit verify``: intact chain reported with its head; an out-of-band edit with sqlite3 detected."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.models.database import close_database, open_database
from desktop.services import audit, customers


@pytest.fixture(autouse=True)
def _close() -> object:
    yield
    close_database()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo database plus two customers added at the desk (through the service, so with their events)."""
    path = tmp_path / "frontdesk.sqlite3"
    assert _run(capsys, "--db", str(path), "demo")[0] == 0
    open_database(path)
    now = datetime(2026, 3, 16, 9, 0)
    first = customers.add_customer({"name": "王芳", "mobile": "13800138000"}, by=None, now=now)
    customers.update_customer(first.id, {"address": "3-2-502"}, expected_version=1, by=None, now=now)
    customers.add_customer({"name": "李四"}, by=None, now=now)
    close_database()
    return path


def _shell(path: Path, sql: str) -> None:
    """Edit the file the way someone at the sqlite3 shell would (the Python module when the shell is absent)."""
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(path), sql], check=True, capture_output=True)
    else:  # pragma: no cover
        connection = sqlite3.connect(path)
        connection.executescript(sql)
        connection.close()


def test_an_intact_chain_prints_its_count_and_head(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_database(demo_db)
    head = audit.chain_head()
    close_database()
    assert head.events > 0
    code, out, err = _run(capsys, "--db", str(demo_db), "audit", "verify")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"audit chain intact: {head.events} events, head {head.hash}"
    assert lines[1].startswith("records: ") and lines[1].endswith(" tables match their trail")
    assert lines[2] == f"seals: {head.events} events sealed with this computer's key checked"
    assert lines[3] == "anchors checked, newest first:"
    assert f"{demo_db}.anchor ({head.events} events, " in out and out.rstrip().endswith("matches")


def test_an_edited_event_is_the_first_broken_link(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _shell(demo_db, "UPDATE audit_event SET summary = 'nothing to see' WHERE id = 3;")
    code, out, err = _run(capsys, "--db", str(demo_db), "audit", "verify")
    assert (code, out) == (1, "")
    assert err.startswith("audit chain broken at event 3 (")
    assert "): the event was changed; 1 events do not match." in err


def test_a_deleted_event_breaks_the_next_link(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _shell(demo_db, "DELETE FROM audit_event WHERE id = 2;")
    code, _out, err = _run(capsys, "--db", str(demo_db), "audit", "verify")
    assert code == 1
    assert err.startswith("audit chain broken at event 3 (")


def test_a_record_edited_with_the_sqlite3_shell_is_detected(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    connection = sqlite3.connect(demo_db)
    (customer_id,) = connection.execute("SELECT id FROM customer WHERE name = '王芳'").fetchone()
    connection.close()
    _shell(demo_db, f"UPDATE customer SET name = 'Mallory' WHERE id = {customer_id};")
    code, out, err = _run(capsys, "--db", str(demo_db), "audit", "verify")
    assert (code, out) == (1, "")
    assert err.startswith(f"customer {customer_id}: name is 'Mallory' but the audit trail says '王芳'")
    assert err.splitlines()[0].endswith("changed outside FrontDesk.")


def test_rows_added_or_removed_behind_frontdesks_back_are_detected(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _shell(
        demo_db,
        "INSERT INTO customer (id, name, created_at, updated_at) VALUES (9999, 'ghost', '2026-01-01', '2026-01-01');"
        "DELETE FROM customer WHERE name = '李四';",
    )
    code, _out, err = _run(capsys, "--db", str(demo_db), "audit", "verify")
    assert code == 1
    assert "is missing but the audit trail never deleted it: removed outside FrontDesk." in err
    assert "customer 9999 exists but the audit trail has no record of it: added outside FrontDesk." in err


def test_a_time_edited_into_nonsense_is_reported_not_crashed_on(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _shell(demo_db, "UPDATE audit_event SET at = 'yesterday' WHERE id = 2;")
    code, _out, err = _run(capsys, "--db", str(demo_db), "audit", "verify")
    assert code == 1
    assert err.startswith("audit chain broken at event 2 (yesterday, ")
