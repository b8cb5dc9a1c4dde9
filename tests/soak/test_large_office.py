"""A large office (issue 21): FrontDesk starts and runs a full day of reminder ticks on a book with thousands of
overdue items, building a page of cards at a time.

CI uses 20,000 sheets received over two weeks, which puts as many overdue items on the board (about 3,000) as
the million-sheet book of ``benchmarks/bench_large_office.py`` does; the day runs in a child process, as a desk
would start FrontDesk, so an abort fails the test rather than the test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.views.tablemodels.due_cards import PAGE
from tests.soak import large_office

ROOT = Path(__file__).resolve().parents[2]
SHEETS = 20_000
DAYS = 14


@pytest.mark.slow
def test_start_and_a_full_day_of_ticks_with_thousands_overdue(tmp_path: Path) -> None:
    path = tmp_path / "large.sqlite3"
    large_office.fill(path, SHEETS, days=DAYS)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.run(
        [sys.executable, "-m", "tests.soak.large_office", str(path), "--ticks", str(large_office.DAY_TICKS)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        cwd=ROOT,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    day = json.loads(child.stdout.strip().splitlines()[-1])
    assert day["sheets"] > SHEETS
    assert day["overdue"] > 2_000
    assert day["ticks"] == 24 * 12 and day["clock_at_end"] == "2026-03-17T09:00:00"  # through midnight
    assert day["cards_built_at_start"] == PAGE  # the most urgent page, not thousands of cards
    assert day["cards_after_scroll"] == day["overdue"]  # the rest comes on scroll
    first, last = day["first"], day["last"]
    assert last["widgets"] == first["widgets"]  # cards are painted, not widgets
    assert last["qobjects"] <= first["qobjects"] + 2
    assert last["rss_kib"] <= first["rss_kib"] + 16 * 1024
    assert last["none_refs"] >= first["none_refs"] - 1_000
    assert day["warnings"] == []
