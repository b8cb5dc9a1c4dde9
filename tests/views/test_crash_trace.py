"""A crash no exception handler sees still leaves a trace, and the next start tells the desk what it means.

The end-to-end tests start FrontDesk in a child process on a real database, open an entry dialog and type into
it, then kill the process the hard way (SIGABRT as the PySide6 reference bug did, SIGKILL as a task manager or
a power cut would); a second start must say when it stopped, that the database was checked and is sound, and
that the typed form was kept as a draft.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import peewee
import pytest

from desktop import crashtrace, paths
from desktop.models.database import close_database
from desktop.services import drafts
from desktop.views import crash, messages
from tests.views.crash_child import TYPED_NAME

ROOT = Path(__file__).resolve().parents[2]


def dead_pid() -> int:
    """The id of a process that has just ended (so no process has it now)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_marker(pid: int, *, database: Path | None = None, crash_log: Path | None = None) -> Path:
    folder = crashtrace.sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / f"{pid}.json"
    marker.write_text(
        json.dumps(
            {
                "host": socket.gethostname(),
                "pid": pid,
                "started_at": "2026-03-16T08:00:00",
                "database": str(database or ""),
                "crash_log": str(crash_log or ""),
            }
        ),
        encoding="utf-8",
    )
    return marker


# --- the session's own trace -------------------------------------------------------------------------------


def test_a_clean_session_leaves_nothing_behind() -> None:
    session = crashtrace.start(versions="PySide6 x on Python y", database=Path("/data/desk.sqlite3"))
    assert session.marker.is_file() and session.crash_log.is_file()
    assert json.loads(session.marker.read_text())["database"] == "/data/desk.sqlite3"
    assert "PySide6 x on Python y" in session.crash_log.read_text()
    assert crashtrace.unclean_shutdowns() == []  # this process is alive: not a crash
    session.end()
    assert not session.marker.exists() and not session.crash_log.exists()
    assert list(paths.user_log_dir().glob("crash-*.log")) == []


def test_the_heartbeat_moves_the_last_sign_of_life() -> None:
    session = crashtrace.start()
    try:
        os.utime(session.marker, (0, 0))
        session.heartbeat()
        assert session.marker.stat().st_mtime > time.time() - 60
    finally:
        session.end()


def test_a_dead_process_marker_is_an_unclean_shutdown_at_its_last_heartbeat(tmp_path: Path) -> None:
    marker = write_marker(dead_pid(), database=tmp_path / "desk.sqlite3")
    last_alive = datetime(2026, 3, 16, 14, 32, 5)
    os.utime(marker, (last_alive.timestamp(), last_alive.timestamp()))
    (shutdown,) = crashtrace.unclean_shutdowns()
    assert shutdown.ended_at == last_alive
    assert shutdown.database == tmp_path / "desk.sqlite3"
    assert shutdown.traceback is None
    crashtrace.forget(shutdown)
    assert crashtrace.unclean_shutdowns() == []


def test_a_traceback_written_by_faulthandler_dates_the_crash(tmp_path: Path) -> None:
    crash_log = tmp_path / "crash-20260316-080000-1.log"
    crash_log.write_text(
        "FrontDesk 0.1\nprocess 1\nAnything below this line is the traceback of a crash (faulthandler).\n"
        'Fatal Python error: Aborted\n\nCurrent thread 0x00007f (most recent call first):\n  File "x.py"\n'
    )
    crashed_at = datetime(2026, 3, 16, 14, 33, 40)
    os.utime(crash_log, (crashed_at.timestamp(), crashed_at.timestamp()))
    marker = write_marker(dead_pid(), crash_log=crash_log)
    os.utime(marker, (crashed_at.timestamp() - 50, crashed_at.timestamp() - 50))
    (shutdown,) = crashtrace.unclean_shutdowns()
    assert (shutdown.ended_at, shutdown.traceback) == (crashed_at, crash_log)


def test_a_running_frontdesk_is_not_a_crash() -> None:
    write_marker(os.getppid())  # alive: another FrontDesk on another database, say
    assert crashtrace.unclean_shutdowns() == []


def test_an_unreadable_marker_is_dropped() -> None:
    folder = crashtrace.sessions_dir()
    folder.mkdir(parents=True)
    (folder / "12.json").write_text("{half", encoding="utf-8")
    assert crashtrace.unclean_shutdowns() == []
    assert not (folder / "12.json").exists()


def test_quick_check_finds_a_damaged_file(db: peewee.SqliteDatabase, db_path: Path) -> None:
    db.execute_sql("CREATE TABLE filler (text TEXT)")
    with db.atomic():
        for _ in range(200):
            db.execute_sql("INSERT INTO filler VALUES (?)", ("x" * 2000,))
    close_database()
    assert crashtrace.quick_check(db_path) == []
    with db_path.open("r+b") as file:
        file.seek(4096 * 5)
        file.write(b"\xff" * 4096 * 3)  # a torn write over three pages
    assert crashtrace.quick_check(db_path) != []
    assert crashtrace.quick_check(db_path.with_name("gone.sqlite3")) == [
        f"{db_path.with_name('gone.sqlite3')}: file not found"
    ]


# --- what the desk reads -------------------------------------------------------------------------------------


def test_the_notice_says_when_what_was_checked_and_what_was_kept(
    qapp: Any, office_db: peewee.SqliteDatabase, db_path: Path, shown_messages: list[Any], tmp_path: Path
) -> None:
    stopped = datetime.now().replace(hour=14, minute=32, second=0, microsecond=0)
    marker = write_marker(dead_pid(), database=db_path)
    os.utime(marker, (stopped.timestamp(), stopped.timestamp()))
    drafts.save_draft("problem_sheet", None, {"customer_name": "王先生"}, db_path=db_path)
    after: list[str] = []
    crash.tell_unclean_shutdown(
        None, crashtrace.unclean_shutdowns(), database=db_path, then=lambda: after.append("drafts")
    )
    (notice,) = shown_messages
    assert notice.text == "FrontDesk closed unexpectedly at 14:32."
    assert notice.kind is messages.Kind.WARNING
    assert f"No saved data was lost: the database {db_path} was checked and is sound." in notice.informative
    assert "1 form(s) that were not saved yet were kept as drafts" in notice.informative
    assert after == ["drafts"]  # then the drafts are offered
    assert crashtrace.unclean_shutdowns() == []  # told once


def test_a_damaged_database_is_said_plainly(qapp: Any, tmp_path: Path, shown_messages: list[Any]) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"\xff" * 8000)
    write_marker(dead_pid(), database=broken)
    crash.tell_unclean_shutdown(None, crashtrace.unclean_shutdowns(), database=broken)
    (notice,) = shown_messages
    assert notice.kind is messages.Kind.ERROR
    assert "has a problem" in notice.informative and "Restore the latest backup" in notice.informative


def test_no_crash_no_notice(shown_messages: list[Any], db_path: Path) -> None:
    after: list[str] = []
    assert (
        crash.tell_unclean_shutdown(None, [], database=db_path, then=lambda: after.append("drafts")) is None
    )
    assert shown_messages == [] and after == ["drafts"]


# --- the real thing: a child FrontDesk killed while a form is open --------------------------------------------


def start_child(mode: str, db_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.views.crash_child", mode, str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def wait_for_line(child: subprocess.Popen[str], wanted: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    assert child.stdout is not None
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if line.strip() == wanted:
            return
        if not line and child.poll() is not None:
            break
    child.kill()
    raise AssertionError(
        f"child never said {wanted}: exit {child.poll()}\n{child.stderr.read() if child.stderr else ''}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGABRT, signal.SIGKILL], ids=["abort", "kill"])
def test_a_killed_frontdesk_is_reported_at_the_next_start(
    how: signal.Signals, office_db: peewee.SqliteDatabase, db_path: Path
) -> None:
    close_database()
    child = start_child("typing", db_path)
    wait_for_line(child, "READY")
    killed_at = datetime.now()
    child.send_signal(how)
    _out, err = child.communicate(timeout=60)
    assert child.returncode == -how
    crash_logs = list(paths.user_log_dir().glob("crash-*.log"))
    if how == signal.SIGABRT:
        (crash_log,) = crash_logs
        trace = crash_log.read_text()
        assert "Fatal Python error: Aborted" in trace and "most recent call first" in trace
    (kept,) = drafts.pending_drafts(db_path=db_path)
    assert kept.values["customer_name"] == TYPED_NAME

    again = start_child("report", db_path)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err[-2000:]
    shown = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    notice = shown[0]
    # The traceback (SIGABRT) is written at the kill; the last heartbeat (SIGKILL) at most a minute before it.
    assert notice["text"] in {
        f"FrontDesk closed unexpectedly at {killed_at - timedelta(seconds=back):%H:%M}."
        for back in (0, crashtrace.HEARTBEAT_SECONDS)
    }
    assert f"the database {db_path} was checked and is sound" in notice["informative"]
    assert "1 form(s) that were not saved yet were kept as drafts" in notice["informative"]
    assert ("What happened is written in" in notice["informative"]) == (how == signal.SIGABRT)
    assert shown[1]["text"] == "FrontDesk was closed before 1 forms were saved. Open them again now?"
    assert crashtrace.unclean_shutdowns() == []  # the second start ended cleanly and told once
    assert list(crashtrace.sessions_dir().glob("*.json")) == []


def test_a_cleared_log_folder_is_made_again_and_a_failing_one_said_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    session = crashtrace.start()
    try:
        shutil.rmtree(crashtrace.sessions_dir())  # a clean-up tool emptied the log folder
        session.heartbeat()
        assert session.marker.is_file()

        def full_disk(*_args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(crashtrace.os, "replace", full_disk)
        session.marker.unlink()
        caplog.clear()
        for _minute in range(3):
            session.heartbeat()
        assert len([r for r in caplog.records if "no session marker" in r.getMessage()]) == 1
    finally:
        monkeypatch.undo()
        session.end()
