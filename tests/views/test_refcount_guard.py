"""The installed PySide6 must keep Python's reference counts: the guard that catches a regressing release in CI.

PySide6 6.12.0 on Python 3.11 lost a reference to ``None`` on every void Qt call and one to ``True`` on every
emit, and a desk left open aborted after some hours of reminder ticks. These tests run the micro-test on the
versions this environment actually installed, in a child process (a leaking build aborts the interpreter).
"""

from __future__ import annotations

import os
import subprocess
import sys

from desktop.views import refcount_guard


def _run_guard(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "desktop.views.refcount_guard", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_ten_thousand_void_qt_calls_and_emits_keep_none_and_true_alive() -> None:
    result = _run_guard()
    assert result.returncode == 0, (
        f"{refcount_guard.versions()}: exit {result.returncode}\n{result.stdout}{result.stderr[-800:]}"
    )
    assert "reference counts kept over 10,000 Qt calls" in result.stdout


def test_the_in_app_check_measures_without_harm(qapp: object) -> None:
    """The start-up check runs in the app's own interpreter: it must report sound here and leave no loss."""
    before = sys.getrefcount(None)
    drift = refcount_guard.drift()
    assert drift.sound, drift
    assert sys.getrefcount(None) >= before - 2


def test_a_leak_is_reported_as_unsound_and_noise_is_not() -> None:
    calls = refcount_guard.QUICK_CALLS
    assert not refcount_guard.Drift(none=-2 * calls, true=0, calls=calls).sound  # what 6.12 on 3.11 did
    assert not refcount_guard.Drift(none=0, true=-calls, calls=calls).sound
    assert refcount_guard.Drift(none=-3, true=2, calls=calls).sound  # another thread freeing a few objects
