"""The Today board over 200,000 records: how long computing it takes (target: under 100 ms at p95).

Fills a fresh database with the demo office and ``--records`` callbacks spread over three years (``insert_many``
in one transaction): most are done, as in a real book; ``--open`` of them (default 1 %) are still pending, due
from two weeks ago to a month ahead. Then times :func:`desktop.services.reminders.compute_board` (every
registered due source, grouped and counted) ``--runs`` times after two warm-up runs, and prints p50 / p95 / max
as a markdown table.

Run: ``.venv/bin/python benchmarks/bench_board.py [--records 200000] [--open 0.01] [--runs 50] [--keep FILE] [--smoke]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import peewee  # noqa: E402

from desktop.models.base import db  # noqa: E402
from desktop.models.callback import Callback  # noqa: E402
from desktop.models.database import close_database, open_database  # noqa: E402
from desktop.services import demo, reminders  # noqa: E402

NOW = datetime(2026, 3, 16, 9, 0)


def fill(path: Path, records: int, open_share: float) -> float:
    """Create the database with ``records`` callbacks; returns the seconds it took."""
    started = time.perf_counter()
    open_database(path)
    demo.fill_demo(now=NOW)
    rng = random.Random(5)
    existing = Callback.select().count()
    with db.atomic():
        batch = []
        for index in range(existing, records):
            pending = rng.random() < open_share
            if pending:
                due = NOW + timedelta(minutes=rng.randrange(-14 * 24 * 60, 30 * 24 * 60))
            else:
                due = NOW - timedelta(minutes=rng.randrange(60, 3 * 365 * 24 * 60))
            due = due.replace(second=0)
            batch.append(
                {
                    "number": f"HF{due:%Y%m%d}-{index:06d}",
                    "ref_number": f"{due:%Y%m%d}-07-{index % 1000:03d}",
                    "site": "1栋1单元0802",
                    "contact": "张三 13800138000",
                    "evaluation": "" if pending else "运行良好",
                    "purpose": "repair",
                    "status": "pending" if pending else "done",
                    "customer_name": demo._name(rng),
                    "phone": "13800138000",
                    "scheduled_at": due.replace(hour=9, minute=0),
                    "due_at": due,
                    "first_due_at": due,
                    "done_at": None if pending else due,
                    "callback_date": None if pending else due.date(),
                    "attempts": 0 if pending else 1,
                    "created_at": due,
                    "updated_at": due,
                }
            )
            if len(batch) == 1000:
                Callback.insert_many(batch).execute()
                batch = []
        if batch:
            Callback.insert_many(batch).execute()
    db.execute_sql("ANALYZE")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--open", type=float, default=0.01, dest="open_share")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="keep the database at this path")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes, to check the benchmark still runs (the test suite does this)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.records, args.runs = 3000, 1
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "board.sqlite3"
        seconds = fill(path, args.records, args.open_share)
        total = Callback.select().count()
        pending = Callback.select().where(Callback.status == "pending").count()
        times = []
        board = None
        for run in range(args.runs + 2):
            started = time.perf_counter()
            board = reminders.compute_board(now=NOW)
            elapsed = (time.perf_counter() - started) * 1000
            if run >= 2:
                times.append(elapsed)
        close_database()
    assert board is not None
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(
        f"Filled {total:,} callbacks ({pending:,} pending) in {seconds:.1f} s; peewee {peewee.__version__}."
    )
    print(
        f"Board: {len(board.overdue)} overdue, {len(board.today)} today, {len(board.upcoming)} upcoming "
        f"(14-day horizon)."
    )
    print()
    print("| computation | runs | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    print(
        f"| compute_board (all due sources) | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | "
        f"{times[-1]:.1f} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
