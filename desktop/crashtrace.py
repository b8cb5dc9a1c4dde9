"""What is left when FrontDesk dies where no exception handler can see it: a traceback file and a session marker.

The crash dialog (:mod:`desktop.views.crash`) catches Python exceptions. A crash inside Qt or the interpreter
(the PySide6 reference bug of issue 21 ended in "Fatal Python error: none_dealloc" and SIGABRT), a killed
process or a power cut used to leave nothing: the desk found the window gone and nobody could say why. So a GUI
session, from :func:`start` to :meth:`Session.end`:

- enables :mod:`faulthandler` into ``crash-<YYYYmmdd-HHMMSS>-<pid>.log`` in the log folder: on a fatal signal
  (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL) Python writes the traceback of every thread there before the
  process dies. The file starts with a header (versions, database) and is deleted at a clean exit when nothing
  followed the header; the newest :data:`KEEP_CRASH_LOGS` are kept;
- writes a marker ``sessions/<pid>.json`` in the log folder and touches it every :data:`HEARTBEAT_SECONDS`
  (:meth:`Session.heartbeat`), so its time says when the process was last alive. A clean exit removes it.

At the next start :func:`unclean_shutdowns` finds the markers of processes that no longer run on this computer:
when FrontDesk stopped (the traceback's time when one was written, else the last heartbeat), on which
database, and the traceback file. The app then checks that database (:func:`quick_check`) and tells the desk
(:func:`desktop.views.crash.tell_unclean_shutdown`); :func:`forget` removes the marker once told.
"""

from __future__ import annotations

import faulthandler
import json
import logging
import os
import platform
import socket
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from desktop import __version__, paths
from desktop.services.instance_lock import pid_alive

log = logging.getLogger(__name__)

#: How often a running session touches its marker: the error on "closed unexpectedly at HH:MM" after a kill.
HEARTBEAT_SECONDS = 60
#: Crash logs with a traceback kept in the log folder (older ones are deleted at start).
KEEP_CRASH_LOGS = 10
SESSIONS_FOLDER = "sessions"
CRASH_LOG_GLOB = "crash-*.log"


def sessions_dir() -> Path:
    """Where the markers of running (or crashed) sessions live."""
    return paths.user_log_dir() / SESSIONS_FOLDER


@dataclass(frozen=True)
class UncleanShutdown:
    """A session that ended without :meth:`Session.end`.

    Attributes:
        pid: its process id.
        started_at: when it started (computer clock).
        ended_at: the last sign of life: the traceback's time, else the last heartbeat.
        database: the database it had open (None when it stopped before opening one).
        traceback: the crash log holding the traceback, None when the process died without one (killed,
            power cut).
        marker: the marker file (for :func:`forget`).
    """

    pid: int
    started_at: datetime
    ended_at: datetime
    database: Path | None
    traceback: Path | None
    marker: Path


class Session:
    """The running GUI session's marker and traceback file; see the module docstring.

    Use :func:`start` to make one.
    """

    def __init__(self, marker: Path, crash_log: Path, stream: IO[str] | None, header_size: int) -> None:
        self.marker = marker
        self.crash_log = crash_log
        self._stream = stream
        self._header_size = header_size
        self._started_at = datetime.now().replace(microsecond=0)
        self._database: Path | None = None
        self._marker_failed = False
        self.ended = False

    def set_database(self, database: Path | None) -> None:
        """Note the database this session works on (checked after a crash)."""
        self._database = database
        self._write_marker()

    def heartbeat(self) -> None:
        """Say "still alive" (the marker's modification time)."""
        try:
            os.utime(self.marker)
        except OSError:
            self._write_marker()  # removed behind our back: write it again

    def end(self) -> None:
        """A clean exit: remove the marker, stop faulthandler, drop the traceback file if nothing was written."""
        if self.ended:
            return
        self.ended = True
        self.marker.unlink(missing_ok=True)
        if self._stream is None:
            return
        faulthandler.disable()
        if _faulthandler_was_on:
            faulthandler.enable()  # give back the one the host process had (pytest's, for instance)
        written = self._stream.tell()
        self._stream.close()
        if written <= self._header_size:
            self.crash_log.unlink(missing_ok=True)

    def _write_marker(self) -> None:
        document = {
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": self._started_at.isoformat(),
            "database": str(self._database) if self._database else "",
            "crash_log": str(self.crash_log),
        }
        temporary = self.marker.with_name(self.marker.name + ".tmp")
        try:
            self.marker.parent.mkdir(parents=True, exist_ok=True)  # the log folder may have been cleared
            temporary.write_text(json.dumps(document), encoding="utf-8")
            os.replace(temporary, self.marker)
            self._marker_failed = False
        except OSError as exc:
            if not self._marker_failed:  # once, not every minute
                log.warning("no session marker %s: %s", self.marker, exc)
            self._marker_failed = True


_faulthandler_was_on = False


def start(*, versions: str = "", database: Path | None = None) -> Session:
    """Begin this process's GUI session: traceback file, faulthandler and marker (see the module docstring).

    Args:
        versions: the Qt and Python versions for the traceback file's header ("PySide6 6.11.3 on Python …").
    """
    global _faulthandler_was_on
    started = datetime.now()
    folder = paths.user_log_dir()
    crash_log = folder / f"crash-{started:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    marker = sessions_dir() / f"{os.getpid()}.json"
    stream: IO[str] | None = None
    header_size = 0
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        _prune_crash_logs(folder)
        stream = crash_log.open("w", encoding="utf-8")
        stream.write(_header(started, versions))
        stream.flush()
        header_size = stream.tell()
        _faulthandler_was_on = faulthandler.is_enabled()
        faulthandler.enable(file=stream, all_threads=True)
    except OSError as exc:
        log.warning("no crash trace in %s: %s", folder, exc)
        if stream is not None:
            stream.close()
            stream = None
    session = Session(marker, crash_log, stream, header_size)
    session.set_database(database)
    return session


def _header(started: datetime, versions: str) -> str:
    return (
        f"FrontDesk {__version__}, {versions or 'Python ' + platform.python_version()}, {platform.platform()}\n"
        f"process {os.getpid()} started {started:%Y-%m-%d %H:%M:%S}\n"
        "Anything below this line is the traceback of a crash (faulthandler).\n"
    )


def _prune_crash_logs(folder: Path) -> None:
    logs = sorted(folder.glob(CRASH_LOG_GLOB), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in logs[KEEP_CRASH_LOGS:]:
        old.unlink(missing_ok=True)


def unclean_shutdowns() -> list[UncleanShutdown]:
    """Sessions of this user on this computer that stopped without a clean exit, the latest last."""
    folder = sessions_dir()
    if not folder.is_dir():
        return []
    found = []
    for marker in folder.glob("*.json"):
        shutdown = _read_marker(marker)
        if shutdown is not None:
            found.append(shutdown)
    found.sort(key=lambda shutdown: shutdown.ended_at)
    return found


def _read_marker(marker: Path) -> UncleanShutdown | None:
    try:
        document = json.loads(marker.read_text(encoding="utf-8"))
        host, pid = str(document["host"]), int(document["pid"])
        started_at = datetime.fromisoformat(document["started_at"])
        alive_at = datetime.fromtimestamp(marker.stat().st_mtime)
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("unreadable session marker %s removed", marker)
        marker.unlink(missing_ok=True)
        return None
    if host != socket.gethostname() or pid == os.getpid() or pid_alive(pid):
        return None  # another computer's, this process's, or a FrontDesk still running
    traceback = Path(document["crash_log"]) if document.get("crash_log") else None
    ended_at = alive_at
    if traceback is not None and has_traceback(traceback):
        ended_at = max(alive_at, datetime.fromtimestamp(traceback.stat().st_mtime))
    else:
        traceback = None
    database = Path(document["database"]) if document.get("database") else None
    return UncleanShutdown(pid, started_at, ended_at.replace(microsecond=0), database, traceback, marker)


def has_traceback(crash_log: Path) -> bool:
    """Whether faulthandler wrote anything after the header of ``crash_log``."""
    try:
        text = crash_log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    _header_text, _marker_line, rest = text.partition("(faulthandler).\n")
    return bool(rest.strip())


def forget(shutdown: UncleanShutdown) -> None:
    """The desk was told: remove the marker (the traceback file stays for support)."""
    shutdown.marker.unlink(missing_ok=True)


def quick_check(database: Path) -> list[str]:
    """``PRAGMA quick_check`` of ``database`` in its own connection; empty when the file is sound.

    The quick check reads every page and index entry but skips matching indexes to their tables: seconds even
    for a million-sheet book, and it finds what a crash can do to a file (torn pages, broken b-trees).
    """
    if not database.is_file():
        return [f"{database}: file not found"]
    try:
        connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        connection.close()
    return [] if rows == ["ok"] else rows
