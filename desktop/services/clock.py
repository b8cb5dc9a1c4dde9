"""Where "now" comes from, so rules and services never read the wall clock themselves.

FrontDesk stores office wall-clock time (naive ``datetime`` in the office's time zone): every desk of an
office sits in one time zone, and the printed forms show exactly what is stored. Tests use :class:`FixedClock`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that can tell the office's current wall-clock time."""

    def now(self) -> datetime:
        """The current moment, naive, in office time, to the second."""
        ...


class SystemClock:
    """The computer's clock."""

    def now(self) -> datetime:
        """The current local time without microseconds."""
        return datetime.now().replace(microsecond=0)


class FixedClock:
    """A clock that stands still until told to move: for tests and benchmarks."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        """The moment the clock was set to."""
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to ``moment``."""
        self._now = moment

    def advance(self, **delta: float) -> None:
        """Move forward by ``timedelta(**delta)``."""
        self._now += timedelta(**delta)


def local_offset_iso(moment: datetime) -> str:
    """ISO 8601 with the computer's UTC offset, e.g. ``2026-11-23T09:30:00+08:00``, for CLI and JSON output."""
    return moment.astimezone().isoformat(timespec="seconds")
