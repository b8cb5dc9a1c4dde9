"""Every benchmark in ``benchmarks/`` still runs: once each, with ``--smoke`` (tiny sizes), in a child process.

The files are enumerated, so a new benchmark is covered without editing this test, and must accept ``--smoke``.
Figures are not checked here (speed targets are the benchmarks' own business); what is checked is that the
code they run — the demo, the generators, the services they time — has not moved under them, as when
``bench_sheets.py`` failed with ``UNIQUE constraint failed: problem_sheet.number`` after the demo grew a year of
sheets.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
FILES = sorted(path for path in BENCHMARKS.glob("*.py") if not path.name.startswith("_"))


def test_the_benchmarks_are_found() -> None:
    assert {"bench_sheets.py", "bench_board.py", "bench_pdf.py"} <= {path.name for path in FILES}


@pytest.mark.slow
@pytest.mark.parametrize("script", FILES, ids=lambda path: path.stem)
def test_every_benchmark_runs_with_tiny_sizes(script: Path, tmp_path: Path) -> None:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    env.pop("FRONTDESK_DB", None)
    done = subprocess.run(
        [sys.executable, str(script), "--smoke"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{script.name} --smoke:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    assert "|" in done.stdout  # each prints its figures as a markdown table
