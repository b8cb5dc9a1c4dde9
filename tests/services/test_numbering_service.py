"""Gap-free numbers from the database counter, including two desks numbering at the same moment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import peewee
import pytest

from desktop.models.base import db as db_proxy
from desktop.models.counter import NumberCounter
from desktop.rules.numbering import F01_PATTERN, MONTHLY_PATTERN
from desktop.services.numbering import next_number, preview_number

NOW = datetime(2026, 3, 16, 9, 0)
DAILY = "{date:%Y%m%d}-{serial:03d}"
REPO = Path(__file__).resolve().parents[2]


def take(scheme: str, pattern: str, *, now: datetime = NOW, operator: str = "") -> str:
    with db_proxy.atomic():
        return next_number(scheme, pattern=pattern, operator=operator, now=now)


def test_f01_numbers_count_per_day_and_operator(db: peewee.SqliteDatabase) -> None:
    assert take("problem_sheet", F01_PATTERN, operator="07") == "20260316-07-001"
    assert take("problem_sheet", F01_PATTERN, operator="07") == "20260316-07-002"
    assert take("problem_sheet", F01_PATTERN, operator="12") == "20260316-12-001"
    assert (
        take("problem_sheet", F01_PATTERN, operator="07", now=datetime(2026, 3, 17, 8, 0))
        == "20260317-07-001"
    )


def test_monthly_numbers_restart_each_month(db: peewee.SqliteDatabase) -> None:
    # seed 002:72: "编号周期以年度月份为原则"
    assert take("complaint", MONTHLY_PATTERN, now=datetime(2026, 3, 1)) == "202603-0001"
    assert take("complaint", MONTHLY_PATTERN, now=datetime(2026, 3, 31, 23, 59)) == "202603-0002"
    assert take("complaint", MONTHLY_PATTERN, now=datetime(2026, 4, 1)) == "202604-0001"


def test_schemes_have_separate_counters(db: peewee.SqliteDatabase) -> None:
    assert take("problem_sheet", DAILY) == "20260316-001"
    assert take("callback", DAILY) == "20260316-001"
    assert NumberCounter.select().count() == 2


def test_a_rolled_back_save_leaves_no_gap(db: peewee.SqliteDatabase) -> None:
    assert take("problem_sheet", DAILY) == "20260316-001"
    with pytest.raises(ZeroDivisionError), db_proxy.atomic():
        assert next_number("problem_sheet", pattern=DAILY, now=NOW) == "20260316-002"
        _ = 1 / 0  # the save fails after the number was taken
    assert take("problem_sheet", DAILY) == "20260316-002"


def test_outside_a_transaction_is_a_bug(db: peewee.SqliteDatabase) -> None:
    with pytest.raises(RuntimeError):
        next_number("problem_sheet", pattern=DAILY, now=NOW)
    assert NumberCounter.select().count() == 0


def test_preview_does_not_take_a_number(db: peewee.SqliteDatabase) -> None:
    assert preview_number("problem_sheet", pattern=DAILY, now=NOW) == "20260316-001"
    assert preview_number("problem_sheet", pattern=DAILY, now=NOW) == "20260316-001"
    take("problem_sheet", DAILY)
    assert preview_number("problem_sheet", pattern=DAILY, now=NOW) == "20260316-002"


# ---- two desks at once ----------------------------------------------------------------------------------------

_DESK = """
import json, sys
from datetime import datetime
from desktop.models.base import db
from desktop.models.database import close_database, open_database
from desktop.services.numbering import next_number

open_database(sys.argv[1], create=False)
print("ready", flush=True)
sys.stdin.readline()  # wait until both desks are ready, so they number at the same time
numbers = []
for _ in range(int(sys.argv[2])):
    with db.atomic():  # one transaction per sheet, like a real save
        numbers.append(next_number("problem_sheet", pattern=sys.argv[3], now=datetime(2026, 3, 16, 9, 0)))
close_database()
print(json.dumps(numbers), flush=True)
"""


@pytest.mark.slow
def test_two_desks_numbering_at_once_get_distinct_gap_free_numbers(
    db: peewee.SqliteDatabase, db_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", _DESK, str(db_path), "200", DAILY],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )
        for _desk in range(2)
    ]
    try:
        for desk in desks:
            assert desk.stdout is not None
            assert desk.stdout.readline().strip() == "ready"
        for desk in desks:
            assert desk.stdin is not None
            desk.stdin.write("go\n")
            desk.stdin.flush()
        results = []
        for desk in desks:
            out, err = desk.communicate(timeout=120)
            assert desk.returncode == 0, err
            results.append(json.loads(out))
    finally:
        for desk in desks:
            if desk.poll() is None:
                desk.kill()
    numbers = results[0] + results[1]
    assert len(numbers) == 400
    assert len(set(numbers)) == 400
    serials = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert serials == list(range(1, 401))
    # each desk's own numbers rise: a desk never sees the counter go back
    for own in results:
        assert own == sorted(own)
    assert NumberCounter.get_by_id(("problem_sheet", "2026-03-16")).last == 400
