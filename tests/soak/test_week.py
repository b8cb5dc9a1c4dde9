"""A working week in compressed time (issue 21): FrontDesk must still be there on Friday night, as lean as on
Monday at nine.

The week runs in a child process (:mod:`tests.soak.week`), so its memory, files and reference counts are
FrontDesk's own and an interpreter abort fails this test instead of killing the test run. It does the counts
issue 21 names — 600 reminder ticks with the board refreshed each time, 500 print previews, 200 page switches
and searches, five midnights, a lock and a login every hour — except the dialogs: every dialog kind is opened
and closed :data:`DIALOG_OPENS` times here instead of 1,000 (42 kinds × 1,000 opens take about 35 minutes on
the CI machine, more than the whole CI may). ``FRONTDESK_SOAK_DIALOG_OPENS=1000 ./scripts/test
tests/soak/test_week.py`` runs the full count.

The bounds, against the figures after the first hour (Monday 08:55):

- the process finished the week and exited cleanly; no warning was logged, by FrontDesk or by Qt;
- every closed dialog was deleted, every opener opened its own dialog, every midnight turned the board's day;
- live Qt objects (Python wrappers, widgets, QObjects): at most :data:`QT_OBJECTS_SLACK` more; open files: at
  most :data:`FILES_SLACK` more;
- resident memory: at most :data:`RSS_SLACK_MIB` MiB more than after the first hour (caches fill during Monday),
  and at most :data:`RSS_LATER_DAYS_MIB` MiB more on Friday night than on Monday night (a steady leak);
- ``None``'s reference count: never more than :data:`NONE_LOSS` below its first-hour value. A loss is what
  aborted Python 3.11 under PySide6 6.12 ("none_dealloc"). PySide6 (6.10 to 6.12) on Python 3.11 also *adds* a
  reference to ``None`` that it never gives back each time it shows a widget (+7 per ``QWidget().show()``,
  about 2.3 million over the CI week): that costs no memory (``None`` is never freed, the RSS stays flat) and
  cannot abort, so it is reported, not bounded. On Python 3.12+ ``None`` is immortal and its count never moves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.soak import week

ROOT = Path(__file__).resolve().parents[2]
#: Opens of each dialog kind in CI (issue 21 names 1,000; see the module docstring).
DIALOG_OPENS = int(os.environ.get("FRONTDESK_SOAK_DIALOG_OPENS", "60"))
QT_OBJECTS_SLACK = 10
FILES_SLACK = 2
RSS_SLACK_MIB = 32
RSS_LATER_DAYS_MIB = 12
NONE_LOSS = 1_000


def run_week() -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    child = subprocess.run(
        [sys.executable, "-m", "tests.soak.week", "--dialog-opens", str(DIALOG_OPENS)],
        capture_output=True,
        text=True,
        timeout=1800 + 2 * DIALOG_OPENS,
        env=env,
        cwd=ROOT,
    )
    assert child.returncode == 0, f"the week ended with exit {child.returncode}:\n{child.stderr[-3000:]}"
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def table(result: dict[str, Any]) -> str:
    """The figures as the README's reliability table prints them."""
    hour, end = result["figures"]["hour 1"], result["figures"]["end"]
    monday = result["daily"][0]
    rows = [
        ("`None` reference count", hour["none_refs"], end["none_refs"], f"≥ first hour − {NONE_LOSS:,}"),
        ("resident memory (MiB)", hour["rss_kib"] / 1024, end["rss_kib"] / 1024,
         f"≤ first hour + {RSS_SLACK_MIB}; ≤ Monday night ({monday['rss_kib'] / 1024:.1f}) + {RSS_LATER_DAYS_MIB}"),
        ("Qt objects with a Python wrapper", hour["qt_wrappers"], end["qt_wrappers"], f"≤ first hour + {QT_OBJECTS_SLACK}"),
        ("widgets", hour["widgets"], end["widgets"], f"≤ first hour + {QT_OBJECTS_SLACK}"),
        ("QObjects in the object tree", hour["qobjects"], end["qobjects"], f"≤ first hour + {QT_OBJECTS_SLACK}"),
        ("open files", hour["open_files"], end["open_files"], f"≤ first hour + {FILES_SLACK}"),
    ]  # fmt: skip
    lines = [
        f"Working week ({result['versions']}): {result['counts']}, "
        f"{result['dialog kinds']} dialog kinds × {result['opens per kind']['max']}, "
        f"{len(result['midnights'])} midnights, {result['warning count']} warnings; "
        f"{result['seconds']['total']:.0f} s ({result['seconds']})",
        "",
        "| measure | after the first hour | Friday night | bound |",
        "|---|---:|---:|---|",
    ]
    for name, first, last, bound in rows:
        fmt = "{:,.1f}" if isinstance(first, float) else "{:,}"
        lines.append(f"| {name} | {fmt.format(first)} | {fmt.format(last)} | {bound} |")
    return "\n".join(lines)


@pytest.mark.slow
def test_a_working_week_leaves_frontdesk_as_it_was_after_the_first_hour(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run_week()
    with capsys.disabled():
        print("\n" + table(result))
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "soak-week.json").write_text(
        json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8"
    )

    counts = result["counts"]
    assert counts["ticks"] == week.DAYS * week.TICKS_PER_DAY == 600
    assert counts["print previews"] == week.PREVIEWS
    assert counts["page switches and searches"] == week.PAGE_VISITS
    assert (
        counts["locks and unlocks"]
        == counts["hourly backup checks"]
        == counts["message boxes"]
        == week.DAYS * 10
    )
    assert result["opens per kind"] == {"min": DIALOG_OPENS, "max": DIALOG_OPENS}
    assert counts["dialog opens"] == DIALOG_OPENS * result["dialog kinds"]
    assert result["midnights"] == [
        "Today, Tuesday, 17 March 2026",
        "Today, Wednesday, 18 March 2026",
        "Today, Thursday, 19 March 2026",
        "Today, Friday, 20 March 2026",
        "Today, Saturday, 21 March 2026",
    ]
    assert result["failed"] == {}
    assert result["not deleted"] == {}
    assert result["warnings"] == []

    hour, end, monday = result["figures"]["hour 1"], result["figures"]["end"], result["daily"][0]
    assert end["none_refs"] >= hour["none_refs"] - NONE_LOSS
    assert end["rss_kib"] <= hour["rss_kib"] + RSS_SLACK_MIB * 1024
    assert end["rss_kib"] <= monday["rss_kib"] + RSS_LATER_DAYS_MIB * 1024
    for measure in ("qt_wrappers", "widgets", "qobjects"):
        assert end[measure] <= hour[measure] + QT_OBJECTS_SLACK, measure
    assert end["open_files"] <= hour["open_files"] + FILES_SLACK
