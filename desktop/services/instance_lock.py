"""One FrontDesk per database: a lock file beside it naming the host and process that hold it.

SQLite itself lets two processes write the same file (each commit is serialised), so a second FrontDesk would
not corrupt anything; but two windows on one desk editing the same records is how work gets overwritten or done
twice. The app therefore takes ``<database>.lock`` at start-up. A lock left by a process that no longer runs on
this host (a crash, a power cut) is stale and taken over; a lock held by a live process — or by another
computer, whose processes we cannot see — raises :class:`InUse` so the desk can choose read-only or another
database.

The file is created with ``O_CREAT | O_EXCL``, so two instances starting at the same moment cannot both win.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from desktop.processes import pid_alive

log = logging.getLogger(__name__)


class InUse(Exception):  # noqa: N818 - the name callers were promised
    """Another live FrontDesk holds the database.

    Attributes:
        host: the computer name written in the lock.
        pid: the process id written in the lock.
    """

    def __init__(self, host: str, pid: int) -> None:
        super().__init__(f"database in use by process {pid} on {host}")
        self.host = host
        self.pid = pid


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """``frontdesk.sqlite3`` → ``frontdesk.sqlite3.lock`` in the same folder."""
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


def this_host() -> str:
    """The computer's name as written in lock files."""
    return socket.gethostname()


@dataclass
class Lock:
    """A held lock; :meth:`release` (or leaving a ``with`` block) removes the file."""

    path: Path
    host: str
    pid: int
    released: bool = False

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        if self.released:
            return
        self.released = True
        holder = read_lock(self.path)
        if holder == (self.host, self.pid):
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def read_lock(path: Path) -> tuple[str, int] | None:
    """``(host, pid)`` written in a lock file; None when absent or unreadable (a half-written lock)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data["host"]), int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def holder(db_path: str | os.PathLike[str]) -> tuple[str, int] | None:
    """Who holds the database's lock now, if anyone alive does (a stale lock counts as none)."""
    found = read_lock(lock_path(db_path))
    if found is None:
        return None
    host, pid = found
    if host == this_host() and not pid_alive(pid):
        return None
    return found


def acquire(db_path: str | os.PathLike[str], *, pid: int | None = None, host: str | None = None) -> Lock:
    """Take the lock of ``db_path`` for this process.

    A lock of a dead process on this host, or an unreadable one, is replaced. A lock already held by this very
    process (same host and pid) is taken again.

    Raises:
        InUse: a live process (or one on another computer) holds it.
        OSError: the folder cannot be written (the caller reports it).
    """
    path = lock_path(db_path)
    pid = os.getpid() if pid is None else pid
    host = this_host() if host is None else host
    content = json.dumps({"host": host, "pid": pid}).encode("utf-8")
    for _attempt in range(3):
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            found = read_lock(path)
            if found == (host, pid):
                return Lock(path, host, pid)
            if found is not None and (found[0] != host or pid_alive(found[1])):
                raise InUse(*found) from None
            # Stale (dead pid on this host) or unreadable: remove and try again. A racing instance that
            # removes it first just makes our next O_EXCL fail or win cleanly.
            log.info("removing stale lock %s (%s)", path, found)
            path.unlink(missing_ok=True)
            continue
        try:
            os.write(descriptor, content)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        return Lock(path, host, pid)
    found = read_lock(path)
    raise InUse(*(found or ("?", 0)))


def take_over(db_path: str | os.PathLike[str]) -> Lock:
    """Remove whatever lock there is and take it (the desk chose "open anyway" after checking)."""
    lock_path(db_path).unlink(missing_ok=True)
    return acquire(db_path)
