"""kill -9 of a FrontDesk writer at random moments, many times: committed records lost and integrity failures.

The same harness as ``tests/models/test_crash_safety.py`` (``tests/models/crash_harness.py``), run longer: a
writer process adds customers through the service (one transaction per record with its audit event, as the
desk does) and reports each id after its commit returned; the parent reads the reports while the child runs,
sends SIGKILL after a random number of commits plus a random fraction of the next (one kill in ten while
the database is still being opened), then checks
with a fresh connection that every reported id is in the file and ``PRAGMA integrity_check`` is ok. At the
end the audit chain is verified.

Run: ``.venv/bin/python benchmarks/bench_crash.py [--kills 2000] [--seed 1] [--max-after 6] [--max-jitter 0.01] [--smoke]``. Prints a
markdown table; writes only to a temporary folder. POSIX only (fork).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.models.database import close_database, integrity_problems, open_database  # noqa: E402
from desktop.services import audit  # noqa: E402
from tests.models.crash_harness import run_kills  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-after", type=int, default=6, help="most commits reported before a kill")
    parser.add_argument("--max-jitter", type=float, default=0.01, help="most seconds added after those")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny sizes, to check the benchmark still runs (the test suite does this)",
    )
    args = parser.parse_args()
    if args.smoke:
        args.kills = 3
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "frontdesk.sqlite3"
        open_database(path)
        close_database()
        stats = run_kills(
            path, kills=args.kills, seed=args.seed, max_after=args.max_after, max_jitter=args.max_jitter
        )
        database = open_database(path)
        try:
            broken = audit.verify_chain()
            problems = integrity_problems(database)
            stored = database.execute_sql("SELECT count(*) FROM customer").fetchone()[0]
        finally:
            close_database()
    print("| measure | value |")
    print("|---|---|")
    print(f"| kills (SIGKILL at random moments) | {stats.kills} |")
    print(f"| … of which before the first commit | {stats.killed_before_first_commit} |")
    print(f"| committed records reported by the writers | {stats.reported} |")
    print(f"| records in the file at the end | {stored} |")
    print(f"| committed records lost | {stats.lost} |")
    print(f"| integrity_check failures (after every kill) | {stats.integrity_failures} |")
    print(f"| final integrity / foreign-key problems | {len(problems)} |")
    print(f"| audit chain events broken | {len(broken)} |")
    print(f"| time | {stats.seconds:.1f} s ({1000 * stats.seconds / max(stats.kills, 1):.0f} ms per kill) |")
    return 0 if stats.lost == 0 and stats.integrity_failures == 0 and not broken and not problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
