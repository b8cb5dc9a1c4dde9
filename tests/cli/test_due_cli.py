"""``frontdesk due [--at] [--json]``: items overdue or due by a moment, as lines or JSON."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.models.database import close_database, open_database
from desktop.rules import callbacks as rules
from desktop.rules.callbacks import Slot
from desktop.services import callbacks


@pytest.fixture(autouse=True)
def _china_time() -> Iterator[None]:
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "due.sqlite3"
    open_database(path)
    now = datetime(2026, 3, 16, 9, 0)
    for day, name in ((16, "张三"), (17, "李四")):
        callbacks.schedule_callback(
            purpose=rules.REPAIR,
            slot=Slot(datetime(2026, 3, day, 9, 0), datetime(2026, 3, day, 17, 30)),
            customer_name=name,
            by=None,
            now=now,
        )
    close_database()
    return path


def run(capsys: pytest.CaptureFixture[str], db_file: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "--db", str(db_file), "due", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_items_due_by_the_moment(capsys: pytest.CaptureFixture[str], db_file: Path) -> None:
    code, out, err = run(capsys, db_file, "--at", "2026-03-16T18:00", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == [
        {
            "kind": "callback",
            "record_type": "callback_record",
            "number": "HF20260316-001",
            "title": "张三: Repair callback",
            "due_at": "2026-03-16T17:30:00+08:00",
            "overdue": True,
            "assignee": "",
        }
    ]


def test_later_moment_lists_both_and_nothing_before(
    capsys: pytest.CaptureFixture[str], db_file: Path
) -> None:
    code, out, _err = run(capsys, db_file, "--at", "2026-03-17T17:30+08:00", "--json")
    assert code == 0
    assert [(row["number"], row["overdue"]) for row in json.loads(out)] == [
        ("HF20260316-001", True),
        ("HF20260316-002", False),
    ]
    code, out, _err = run(capsys, db_file, "--at", "2026-03-16T08:00", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_text_lines(capsys: pytest.CaptureFixture[str], db_file: Path) -> None:
    code, out, _err = run(capsys, db_file, "--at", "2026-03-16T18:00")
    assert code == 0
    assert out.startswith("OVERDUE\t")
    assert "HF20260316-001\t张三: Repair callback" in out
    code, out, _err = run(capsys, db_file, "--at", "2026-03-01T08:00")
    assert out == "Nothing due.\n"


def test_bad_moment_is_one_line(capsys: pytest.CaptureFixture[str], db_file: Path) -> None:
    code, _out, err = run(capsys, db_file, "--at", "tomorrow")
    assert code == 1
    assert err.strip().endswith("is not a date and time in ISO 8601 format, e.g. 2026-03-16T17:29.")
