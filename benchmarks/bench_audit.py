"""``audit verify`` on a 200,000-record database (target: under 10 s), against a bare SHA-256 pass.

Fills a fresh database with the demo office and ``--records`` callbacks, each created the way the desk creates
one: its row, then its audit event carrying the row's after-image (one transaction for all, so the fill takes
seconds, not hours). Then, ``--runs`` times after one warm-up each:

- **verify**: :func:`desktop.services.audit.verify_report` — every link, seal and image digest, then every live
  row of every replayed table against its newest image — plus :func:`desktop.services.anchors.check`;
- **bare SHA-256**: one ``sqlite3`` pass reading the same rows (every event, every image, every live row of the
  replayed tables) and hashing each with ``hashlib.sha256``: the least any check of those rows can cost.

Prints the median, min and max of each and their ratio as a markdown table.

Run: ``.venv/bin/python benchmarks/bench_audit.py [--records 200000] [--runs 5] [--keep FILE] [--smoke]``
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.models import replay, trail  # noqa: E402
from desktop.models.base import db  # noqa: E402
from desktop.models.database import close_database, open_database  # noqa: E402
from desktop.services import anchors, audit, demo  # noqa: E402

NOW = datetime(2026, 3, 16, 9, 0)


def fill(path: Path, records: int) -> tuple[float, int, int]:
    """Create the database; returns ``(seconds, events, images)``."""
    started = time.perf_counter()
    open_database(path)
    demo.fill_demo(now=NOW)
    rng = random.Random(14)
    existing = int(db.execute_sql("SELECT count(*) FROM callback").fetchone()[0])
    with db.atomic():
        for index in range(existing, records):
            due = (NOW - timedelta(minutes=rng.randrange(60, 3 * 365 * 24 * 60))).replace(
                second=0, microsecond=0
            )
            number = f"HF{due:%Y%m%d}-{index:06d}"
            cursor = db.execute_sql(
                "INSERT INTO callback (number, ref_number, site, contact, evaluation, purpose, status, "
                "customer_name, phone, scheduled_at, due_at, first_due_at, done_at, callback_date, attempts, "
                "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (
                    number,
                    f"{due:%Y%m%d}-07-{index % 1000:03d}",
                    "1栋1单元0802",
                    "张三 13800138000",
                    "运行良好",
                    "repair",
                    "done",
                    demo._name(rng),
                    "13800138000",
                    due.replace(hour=9, minute=0),
                    due,
                    due,
                    due,
                    due.date(),
                    1,
                    due,
                    due,
                ),
            )
            trail.append_event(
                db.obj,
                at=due,
                staff_id=None,
                record_type="callback_record",
                record_id=int(cursor.lastrowid),
                action="create",
                changes={"number": [None, number], "status": [None, "done"]},
                summary=number,
            )
    events = int(db.execute_sql("SELECT count(*) FROM audit_event").fetchone()[0])
    images = int(db.execute_sql("SELECT count(*) FROM audit_image").fetchone()[0])
    close_database()
    return time.perf_counter() - started, events, images


def bare_sha256(path: Path, tables: list[str]) -> int:
    """Read every event, image and replayed row once and hash each: the floor for checking them."""
    connection = sqlite3.connect(path)
    rows = 0
    try:
        for table in ["audit_event", "audit_image", *tables]:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                hashlib.sha256(repr(row).encode("utf-8")).hexdigest()
                rows += 1
    finally:
        connection.close()
    return rows


def verify(path: Path) -> audit.ChainReport:
    open_database(path, check_anchors=False)
    try:
        report = audit.verify_report()
        anchors.check(path)
    finally:
        close_database()
    return report


def timed(runs: int, call: object) -> list[float]:
    times = []
    call()  # type: ignore[operator]
    for _run in range(runs):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--keep", type=Path, help="build the database here and keep it (reused when it exists)"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes, to check the benchmark still runs (the test suite does this)",
    )
    options = parser.parse_args()
    if options.smoke:
        options.records, options.runs = 2000, 1
    folder = tempfile.TemporaryDirectory()
    path = options.keep or Path(folder.name) / "audit.sqlite3"
    if not path.exists():
        seconds, events, images = fill(path, options.records)
        print(f"filled {path} in {seconds:.1f} s: {events} events, {images} row images")
    report = verify(path)
    assert report.intact, report.first_break or report.mismatches[:3]
    tables = sorted(replay.replayed_tables())
    rows = bare_sha256(path, tables)
    print(f"{report.head.events} events, {report.rows_checked} live rows in {report.tables_checked} tables; "
          f"bare pass reads {rows} rows\n")  # fmt: skip
    verify_times = timed(options.runs, lambda: verify(path))
    bare_times = timed(options.runs, lambda: bare_sha256(path, tables))
    print("| | median | min | max |")
    print("|---|---:|---:|---:|")
    for label, times in (("`audit verify` (chain, seals, images, every row, anchors)", verify_times),
                         ("bare SHA-256 pass over the same rows", bare_times)):  # fmt: skip
        print(f"| {label} | {statistics.median(times):.2f} s | {min(times):.2f} s | {max(times):.2f} s |")
    print(f"\nratio (median): {statistics.median(verify_times) / statistics.median(bare_times):.1f}×")


if __name__ == "__main__":
    main()
