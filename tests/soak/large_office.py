"""A large office's database: the demo office plus as many problem sheets as a busy desk files in years.

:func:`fill` writes the demo (:func:`desktop.services.demo.fill_demo`) and then ``sheets`` more problem sheets
from the demo's own generator (:func:`desktop.services.sheet_demo.generate_sheets`) with 40,000 more customers,
in one transaction with ``insert_many``. The generated sheets are received over the three years *before* the
demo's oldest sheet, window by window (so a million rows never sit in memory at once), and numbered per day and
operator as the office does, so they never collide with the demo's own numbers. Most of them are closed, as in
a real book; those of the last days before the demo's sheets stay open and are overdue at :data:`NOW`: about
3,500 overdue items on the Today board at a million sheets, the office the board has to stay usable for.

:func:`run_day` (``python -m tests.soak.large_office DB``) starts FrontDesk on such a database and lets a full day
of reminder ticks run, in a process of its own. Used by ``benchmarks/bench_large_office.py`` (a million sheets,
by hand) and by ``tests/soak/test_large_office.py`` (a smaller book with as many overdue items, in CI).
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import peewee

from desktop.models.base import db
from desktop.models.database import close_database, open_database
from desktop.models.ticket import ProblemSheet
from desktop.rules import deadlines
from desktop.services import demo, sheet_demo
from desktop.services.calendar import office_calendar
from desktop.services.settings import get_setting

#: The demo's "now": a Monday morning.
NOW = datetime(2026, 3, 16, 9, 0)
#: How far back the generated sheets reach.
YEARS = 3
#: Sheets generated and written per window of days (bounds the memory of a million-sheet fill).
WINDOW_SHEETS = 50_000
EXTRA_CUSTOMERS = 40_000
#: A full day of reminder ticks at the default 5-minute interval.
DAY_TICKS = 24 * 12


def fill(path: Path, sheets: int, *, days: int = YEARS * 365, seed: int = 7) -> float:
    """Create the database at ``path`` (which must not exist) with ``sheets`` more sheets; seconds taken.

    Args:
        days: the span the sheets are received over; a short span packs the board of a big office (thousands
            overdue) into a small file.
    """
    started = time.perf_counter()
    open_database(path)
    try:
        demo.fill_demo(now=NOW)
        rng = random.Random(seed)
        with db.atomic():
            demo.add_customers(rng, EXTRA_CUSTOMERS, now=NOW)
            _add_sheets(rng, sheets, days)
        db.execute_sql("ANALYZE")
    finally:
        close_database()
    return time.perf_counter() - started


def _add_sheets(rng: random.Random, count: int, days: int) -> None:
    """``count`` sheets over the ``days`` before the demo's oldest sheet, oldest window first."""
    oldest = ProblemSheet.select(peewee.fn.MIN(ProblemSheet.received_at)).scalar()
    end = datetime.combine(oldest.date(), datetime.min.time()) if oldest else NOW
    windows = max(1, -(-count // WINDOW_SHEETS))
    people, callers = sheet_demo.load_people(), sheet_demo.load_callers()
    calendar, pattern = office_calendar(), get_setting("numbering.problem_sheet")
    written = 0
    for window in range(windows):
        # Windows end at midnight, so a day (and its per-day serials) never spans two of them.
        first_day = days * window // windows
        last_day = days * (window + 1) // windows
        window_end = end - timedelta(days=days - last_day)
        share = count * (window + 1) // windows - written
        rows, counters = sheet_demo.generate_sheets(
            rng,
            count=share,
            now=window_end,
            days=last_day - first_day,
            people=people,
            callers=callers,
            calendar=calendar,
            pattern=pattern,
        )
        if window < windows - 1:
            # The generator leaves the sheets of its last days open; in an older window they were worked on
            # long ago. Only the newest window's open sheets stay overdue.
            sheet_demo.keep_overdue(rng, rows, now=end, people=people, calendar=calendar,
                                    result_days=deadlines.DEFAULT_RESULT_WORKING_DAYS, limit=0)  # fmt: skip
        sheet_demo._fill_defaults(rows)
        sheet_demo.insert_sheets(rows, counters)
        written += share


# --- a day at the desk, in a child process ----------------------------------------------------------------------


def run_day(path: Path, ticks: int) -> dict[str, Any]:
    """Start FrontDesk on ``path`` at :data:`NOW` and let the reminder timer tick ``ticks`` times, 5 minutes apart.

    Returns what was measured: start-up to the first painted window, each tick (board computed and shown),
    scrolling the overdue column to its end, the board's size, widgets, memory and ``None``'s count.
    """
    from PySide6.QtWidgets import QApplication

    from desktop import app as gui
    from desktop.services.clock import FixedClock
    from desktop.views import ops
    from tests.soak import probe

    trap = probe.WarningTrap().install()
    qt_app = gui.create_application()
    gui.install_language(qt_app, "en")
    clock = FixedClock(NOW)
    ops.set_clock(clock)
    started = time.perf_counter()
    open_database(path)
    shell = gui.Shell(qt_app, path)
    shell.start()
    window = shell.window
    assert window is not None
    QApplication.processEvents()
    window.grab()  # the first paint, as the desk sees it
    start_seconds = time.perf_counter() - started
    today: Any = window.pages["today"]
    overdue = today.columns["overdue"]
    first = probe.measure()
    cards_at_start = overdue.count()
    tick_ms = []
    for _ in range(ticks):
        clock.advance(minutes=5)
        began = time.perf_counter()
        window.tray.timer.timeout.emit()
        QApplication.processEvents()
        tick_ms.append((time.perf_counter() - began) * 1000)
    board = today.board
    assert board is not None
    scroll_started = time.perf_counter()
    bar = overdue.list.verticalScrollBar()
    while overdue.count() < overdue.model.total():
        bar.setValue(bar.maximum())
        QApplication.processEvents()
    scroll_seconds = time.perf_counter() - scroll_started
    last = probe.measure()
    tick_ms.sort()
    result = {
        "sheets": ProblemSheet.select().count(),
        "start_s": round(start_seconds, 2),
        "overdue": len(board.overdue),
        "due_today": len(board.today),
        "upcoming": len(board.upcoming),
        "cards_built_at_start": cards_at_start,
        "ticks": len(tick_ms),
        "clock_at_end": clock.now().isoformat(),
        "tick_ms": {
            "p50": round(tick_ms[len(tick_ms) // 2], 1),
            "p95": round(tick_ms[min(len(tick_ms) - 1, round(0.95 * len(tick_ms)))], 1),
            "max": round(tick_ms[-1], 1),
        },
        "scroll_to_end_s": round(scroll_seconds, 2),
        "cards_after_scroll": overdue.count(),
        "first": first.as_dict(),
        "last": last.as_dict(),
        "warnings": trap.records[:20],
    }
    window.quit()
    close_database()
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.soak.large_office DB [--ticks N]``: run a day on DB and print the figures as JSON."""
    import argparse
    import json
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--ticks", type=int, default=DAY_TICKS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="frontdesk-large-") as home:
        for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(home) / variable.lower())  # never the real user's folders
        print(json.dumps(run_day(args.db, args.ticks)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
