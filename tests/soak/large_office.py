"""A large office's database: the demo office plus as many problem sheets as a busy desk files in years.

:func:`fill` writes the demo (:func:`desktop.services.demo.fill_demo`) and then ``sheets`` more problem sheets
from the demo's own generator (:func:`desktop.services.sheet_demo.generate_sheets`) with 40,000 more customers,
in one transaction with ``insert_many``. The generated sheets are received over the three years *before* the
demo's oldest sheet, window by window (so a million rows never sit in memory at once), and numbered per day and
operator as the office does, so they never collide with the demo's own numbers. Most of them are closed, as in
a real book; those of the last days before the demo's sheets stay open and are overdue at :data:`NOW`: about
3,500 overdue items on the Today board at a million sheets, the office the board has to stay usable for.

Used by ``benchmarks/bench_large_office.py`` (a million sheets, by hand) and by
``tests/soak/test_large_office.py`` (a smaller book, in CI).
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from pathlib import Path

import peewee

from desktop.models.base import db
from desktop.models.customer import Customer
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
_ENGLISH = (
    "David Chen",
    "Lucy Wang",
    "Tom Li",
    "Emma Zhang",
    "Peter Liu",
    "Grace Wu",
    "John Smith",
    "Anna Lee",
)


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
            _add_customers(rng)
            _add_sheets(rng, sheets, days)
        db.execute_sql("ANALYZE")
    finally:
        close_database()
    return time.perf_counter() - started


def _add_customers(rng: random.Random) -> None:
    used = {mobile for (mobile,) in Customer.select(Customer.mobile).tuples()}
    rows = []
    for index in range(EXTRA_CUSTOMERS):
        name = rng.choice(_ENGLISH) if index % 20 == 0 else demo._name(rng)
        rows.append(
            {"name": name, "mobile": demo._mobile(rng, used), "office_phone": "", "organisation": "",
             "address": "", "created_at": NOW, "updated_at": NOW, "version": 1}
        )  # fmt: skip
    for batch in peewee.chunked(rows, 500):
        Customer.insert_many(batch).execute()


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
