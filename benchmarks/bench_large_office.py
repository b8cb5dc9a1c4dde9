"""A large office: start-up and a full day of reminder ticks on a 1,000,000-sheet database, against the demo's.

Fills a database with the demo office and ``--sheets`` more problem sheets over three years from the demo's own
generator (``tests/soak/large_office.py``: 40,000 more customers, one transaction, numbered per day and operator
before the demo's own sheets so nothing collides; ~5 minutes for a million, ~930 MB), then runs FrontDesk on it in
a fresh process (``python -m tests.soak.large_office``): time to the first painted window, ``--ticks`` reminder
ticks 5 minutes apart (a full day, through midnight: the board recomputed and shown each time), then scrolling
the overdue column to its last card. The same run on the demo database alone (about 20 overdue items) is the
baseline, measured in the same run; the table gives the ratio. Also times the database check an unclean
shutdown triggers (``PRAGMA quick_check``).

Run: ``.venv/bin/python benchmarks/bench_large_office.py [--sheets 1000000] [--ticks 288] [--keep FILE] [--smoke]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop import crashtrace  # noqa: E402
from tests.soak import large_office  # noqa: E402


def run_day(path: Path, ticks: int) -> dict[str, Any]:
    """Start FrontDesk on ``path`` in a fresh interpreter and let it tick; what it measured, plus wall time."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-m", "tests.soak.large_office", str(path), "--ticks", str(ticks)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if child.returncode != 0:
        raise SystemExit(f"FrontDesk on {path} ended with exit {child.returncode}:\n{child.stderr[-3000:]}")
    result = dict(json.loads(child.stdout.strip().splitlines()[-1]))
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1_000_000)
    parser.add_argument("--ticks", type=int, default=large_office.DAY_TICKS)
    parser.add_argument("--keep", type=Path, help="reuse / keep the large database here")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes: 2,000 sheets, 6 ticks (the test suite)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.sheets, args.ticks = 2_000, 6
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-bench-"))
    large = args.keep or folder / "large.sqlite3"
    if large.exists():
        print(f"reusing {large}", file=sys.stderr)
    else:
        seconds = large_office.fill(large, args.sheets)
        print(f"filled {args.sheets:,} sheets in {seconds:.0f} s ({large})", file=sys.stderr)
    baseline = folder / "demo.sqlite3"
    large_office.fill(baseline, 0)
    started = time.perf_counter()
    problems = crashtrace.quick_check(large)
    check_seconds = time.perf_counter() - started
    small = run_day(baseline, args.ticks)
    big = run_day(large, args.ticks)
    size_mb = large.stat().st_size / 1e6

    def ratio(key: str, sub: str | None = None) -> str:
        a = small[key][sub] if sub else small[key]
        b = big[key][sub] if sub else big[key]
        return f"{b / a:.1f}×" if a else "–"

    print(f"\n{big['sheets']:,} problem sheets ({size_mb:,.0f} MB) against the demo's {small['sheets']:,}; "
          f"{args.ticks} ticks 5 minutes apart from {large_office.NOW:%Y-%m-%d %H:%M}.\n")  # fmt: skip
    print("| | demo database | large office | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| overdue / due today / upcoming | {small['overdue']} / {small['due_today']} / {small['upcoming']} "
          f"| {big['overdue']:,} / {big['due_today']} / {big['upcoming']} | |")  # fmt: skip
    print(f"| start to the first painted window | {small['start_s']:.2f} s | {big['start_s']:.2f} s "
          f"| {ratio('start_s')} |")  # fmt: skip
    for key in ("p50", "p95", "max"):
        print(f"| reminder tick {key} (board computed and shown) | {small['tick_ms'][key]:.0f} ms "
              f"| {big['tick_ms'][key]:.0f} ms | {ratio('tick_ms', key)} |")  # fmt: skip
    print(
        f"| overdue cards built at start | {small['cards_built_at_start']} | {big['cards_built_at_start']} | |"
    )
    print(f"| scrolling the overdue column to its last card | {small['scroll_to_end_s']:.2f} s "
          f"| {big['scroll_to_end_s']:.2f} s ({big['cards_after_scroll']:,} cards) | |")  # fmt: skip
    print(f"| widgets at start → after the day | {small['first']['widgets']} → {small['last']['widgets']} "
          f"| {big['first']['widgets']} → {big['last']['widgets']} | |")  # fmt: skip
    print(f"| resident memory at start → after the day | {small['first']['rss_kib'] / 1024:.0f} → "
          f"{small['last']['rss_kib'] / 1024:.0f} MiB | {big['first']['rss_kib'] / 1024:.0f} → "
          f"{big['last']['rss_kib'] / 1024:.0f} MiB | |")  # fmt: skip
    print(f"| whole run, fresh process (start + day + scroll) | {small['wall_s']:.0f} s | {big['wall_s']:.0f} s "
          f"| {ratio('wall_s')} |")  # fmt: skip
    print(f"| database check after an unclean shutdown (quick_check) | | {check_seconds:.1f} s "
          f"({'sound' if not problems else problems[0]}) | |")  # fmt: skip
    warnings = small["warnings"] + big["warnings"]
    if warnings:
        print("\nwarnings:", *warnings, sep="\n  ")
    return 0 if not warnings and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
