"""The problem-sheet list with 200,000 sheets: open, filter, search — FrontDesk's service next to bare SQL.

Fills a fresh database (the demo office, 40,000 extra customers with Chinese and English names, 200,000 sheets
over three years from :func:`desktop.services.sheet_demo.generate_sheets`, ``insert_many`` in one transaction),
then times :func:`desktop.services.sheets.list_sheets` (one page of 200 rows, peewee + row dataclasses) and the
same SQL text with the same parameters through the bare ``sqlite3`` module (for a search: the same scan of the
narrow search table first, then the page), alternating, ~30 runs each after two warm-up runs. Also :func:`count_sheets`, which the list needs for its scrollbar. Prints a markdown table.

Run: ``.venv/bin/python benchmarks/bench_sheets.py [--sheets 200000] [--runs 30] [--keep FILE] [--smoke]``
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.models.base import db  # noqa: E402
from desktop.models.database import close_database, open_database  # noqa: E402
from desktop.models.ticket import ProblemSheet, ProblemSheetSearch  # noqa: E402
from desktop.services import demo, sheet_demo, sheets  # noqa: E402
from desktop.services.calendar import office_calendar  # noqa: E402
from desktop.services.settings import get_setting  # noqa: E402
from desktop.services.sheet_list import FEW_MATCHES, list_select, text_match  # noqa: E402
from desktop.services.sheets import SheetQuery  # noqa: E402

NOW = datetime(2026, 3, 16, 9, 0)


def fill(path: Path, count: int) -> float:
    """Create the database at ``path`` with ``count`` sheets; returns the seconds it took."""
    started = time.perf_counter()
    open_database(path)
    demo.fill_demo(now=NOW)
    rng = random.Random(7)
    with db.atomic():
        demo.add_customers(rng, 40_000, now=NOW)
        # Numbers continue after the demo's year of sheets (the same days, the same operators).
        counters = sheet_demo.used_counters()
        generated, counters = sheet_demo.generate_sheets(
            rng,
            count=max(count - ProblemSheet.select().count(), 0),
            now=NOW - timedelta(days=61),
            days=3 * 365,
            people=sheet_demo.load_people(),
            callers=sheet_demo.load_callers(),
            calendar=office_calendar(),
            pattern=get_setting("numbering.problem_sheet"),
            counters=counters,
        )
        sheet_demo._fill_defaults(generated)
        sheet_demo.insert_sheets(generated, counters)
    db.execute_sql("ANALYZE")
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="reuse / keep the database file here")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes, to check the benchmark still runs (the test suite does this)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.sheets, args.runs = 2500, 1
    path = args.keep or Path(tempfile.mkdtemp()) / "bench.sqlite3"
    if path.exists():
        open_database(path)
        print(f"reusing {path}", file=sys.stderr)
    else:
        seconds = fill(path, args.sheets)
        print(f"filled {args.sheets} sheets in {seconds:.1f} s ({path})", file=sys.stderr)
    total = sheets.count_sheets(SheetQuery(), now=NOW)
    # A 2-character name that is in the book, and an English word from the descriptions.
    name = next(
        n for (n,) in db.execute_sql("SELECT customer_name FROM problem_sheet ORDER BY id DESC").fetchall()
        if len(n) == 2
    )  # fmt: skip
    cases = [
        ("first page, unfiltered", SheetQuery()),
        ("status = handed over", SheetQuery(statuses=("handed_over",))),
        ("open statuses + overdue", SheetQuery(statuses=("received", "handed_over", "planned"), overdue_only=True)),
        ("category + date range (1 month)", SheetQuery(category="sales", date_from=date(2025, 6, 1), date_to=date(2025, 6, 30))),
        (f"search 2-char Chinese name {name}", SheetQuery(text=name)),
        ("search English word 'printer'", SheetQuery(text="printer")),
        ("search no match 'zzzz'", SheetQuery(text="zzzz")),
    ]  # fmt: skip
    bare = sqlite3.connect(str(path))
    bare.execute("PRAGMA query_only = 1")
    print(f"\n{total} sheets, {args.runs} runs each, page of 200 rows; ms\n")
    print("| Query | rows | list_sheets p50 | p95 | bare SQL p50 | p95 | count_sheets p50 | p95 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, query in cases:
        sql, params = list_select(query, now=NOW).sql()
        params = [value.isoformat(" ") if isinstance(value, datetime) else value for value in params]
        # A text search first scans the narrow search table for the matching ids (sheet_list._text_condition):
        # the bare run does that scan too, with the same SQL.
        words = query.text.split()
        scan_sql, scan_params = (
            ProblemSheetSearch.select(ProblemSheetSearch.sheet_id)
            .where(*[text_match(ProblemSheetSearch.text, word) for word in words])
            .limit(FEW_MATCHES + 1)
            .sql()
            if words
            else ("", [])
        )

        def run_bare(s: str = sql, p: list = params, ss: str = scan_sql, sp: list = scan_params) -> None:
            if ss:
                bare.execute(ss, sp).fetchall()
            bare.execute(s, p).fetchall()

        service: list[float] = []
        raw: list[float] = []
        counting: list[float] = []
        rows = 0
        for run in range(args.runs + 2):
            a = timed(lambda q=query: sheets.list_sheets(q, now=NOW))
            b = timed(run_bare)
            c = timed(lambda q=query: sheets.count_sheets(q, now=NOW))
            if run >= 2:
                service.append(a)
                raw.append(b)
                counting.append(c)
        rows = len(sheets.list_sheets(query, now=NOW))
        assert rows == len(bare.execute(sql, params).fetchall())
        print(
            f"| {label} | {rows} | {statistics.median(service):.1f} | {percentile(service, 0.95):.1f} "
            f"| {statistics.median(raw):.1f} | {percentile(raw, 0.95):.1f} "
            f"| {statistics.median(counting):.1f} | {percentile(counting, 0.95):.1f} |"
        )
    # For comparison: the same 2-character search as seven LIKEs over the wide rows (before schema 9).
    columns = ("number", "customer_name", "contact_person", "mobile", "office_phone", "site", "description")
    wide = (
        "SELECT id, number, received_at, category, customer_name, mobile, handed_to_person, handed_to_department, "
        "status, handover_due, result_due FROM problem_sheet WHERE ("
        + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in columns)
        + ") ORDER BY received_at DESC, id DESC LIMIT 200"
    )
    times = [timed(lambda: bare.execute(wide, [f"%{name}%"] * 7).fetchall()) for _ in range(args.runs + 2)][
        2:
    ]
    print(
        f"| (seven LIKEs over the wide rows, {name}) | {len(bare.execute(wide, [f'%{name}%'] * 7).fetchall())} "
        f"| – | – | {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | – | – |"
    )
    bare.close()
    close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
