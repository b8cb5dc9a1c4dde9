"""Cold start to the first painted main window, with 200,000 customers in the database.

Each run is a fresh interpreter (``python -c …``) timed from just before the process is spawned until it
reports the first paint event of its main window. FrontDesk starts through its real front door
(``desktop.cli.main``: parser, logging, font, translators, database open and verify, main window); the baseline is
a bare PySide6 ``QMainWindow`` started the same way in the same session. Runs alternate between the two so
disk-cache and CPU-frequency effects hit both alike; the table shows the median of each.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--customers 200000] [--smoke]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The child installs an event filter before anything else, then starts its window; the first paint of a widget
# inside a QMainWindow prints "painted" and quits the event loop.
_PAINT_PROBE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])

class FirstPaint(QObject):
    done = False

    def eventFilter(self, obj, event):
        if (
            not self.done
            and event.type() == QEvent.Type.Paint
            and obj.isWidgetType()
            and isinstance(obj.window(), QMainWindow)
        ):
            self.done = True
            print("painted", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False

probe = FirstPaint()
app.installEventFilter(probe)
"""

CHILD_FRONTDESK = (
    _PAINT_PROBE
    + """
from desktop.cli import main
sys.exit(main(["--db", sys.argv[1], "--lang", "en"]))
"""
)

CHILD_BARE = (
    _PAINT_PROBE
    + """
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 720)
window.show()
sys.exit(app.exec())
"""
)


def build_database(path: Path, customers: int) -> None:
    """A set-up office with ``customers`` customer rows, written in one transaction."""
    from desktop.models.base import db
    from desktop.models.database import close_database, open_database
    from desktop.services import office

    now = datetime(2026, 3, 16, 9, 0)
    open_database(path)
    office.complete_first_run(
        office={"name": "Benchmark Service Centre", "office_type": "property"},
        departments=["Customer service"],
        staff=[{"employee_no": "001", "name": "Bench", "role": "administrator"}],
        now=now,
    )
    stamp = now.isoformat(sep=" ")
    rows = [
        (
            f"客户{n:06d}",
            f"139{n:08d}",
            "",
            "",
            f"{n % 40 + 1}栋{n % 3 + 1}单元{n % 30 + 1:02d}01",
            stamp,
            stamp,
            1,
        )
        for n in range(customers)
    ]
    with db.atomic():
        db.execute_sql("DELETE FROM customer")
        for start in range(0, len(rows), 10_000):
            chunk = rows[start : start + 10_000]
            placeholders = ",".join(["(?,?,?,?,?,?,?,?)"] * len(chunk))
            db.execute_sql(
                "INSERT INTO customer (name, mobile, office_phone, organisation, address, created_at, "
                "updated_at, version) VALUES " + placeholders,
                [value for row in chunk for value in row],
            )
    count = db.execute_sql("SELECT count(*) FROM customer").fetchone()[0]
    assert count == customers, count
    close_database()


def time_child(code: str, argv: list[str], env: dict[str, str]) -> float:
    """Seconds from spawning a fresh interpreter to its first painted main window."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = process.communicate(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"child did not paint (exit {process.returncode}): {err[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes, to check the benchmark still runs (the test suite does this)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.customers = 1, 200
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as folder:
        home = Path(folder)
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[var] = str(home / var.lower())
            os.environ[var] = env[var]
        env["PYTHONPATH"] = str(ROOT)
        db_path = home / "bench.sqlite3"
        started = time.perf_counter()
        build_database(db_path, args.customers)
        fill_seconds = time.perf_counter() - started
        bare: list[float] = []
        frontdesk: list[float] = []
        for _run in range(args.runs):
            bare.append(time_child(CHILD_BARE, [], env))
            frontdesk.append(time_child(CHILD_FRONTDESK, [str(db_path)], env))
        size_mb = db_path.stat().st_size / 1e6
    print(
        f"Database: {args.customers:,} customers, {size_mb:.1f} MB, filled in {fill_seconds:.1f} s "
        f"(one transaction). Platform: {env['QT_QPA_PLATFORM']}, Python {sys.version.split()[0]}."
    )
    print()
    print(f"| Cold start to first paint (median of {args.runs}) | median | min | max |")
    print("|---|---:|---:|---:|")
    for label, times in (("Bare PySide6 QMainWindow", bare), ("FrontDesk main window", frontdesk)):
        print(
            f"| {label} | {statistics.median(times) * 1000:.0f} ms | {min(times) * 1000:.0f} ms "
            f"| {max(times) * 1000:.0f} ms |"
        )
    overhead = statistics.median(frontdesk) - statistics.median(bare)
    print(f"| FrontDesk − bare | {overhead * 1000:+.0f} ms | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
