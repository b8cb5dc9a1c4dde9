"""One FrontDesk per database: the lock file with host and PID, stale locks taken over."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from desktop.services import instance_lock
from desktop.services.instance_lock import InUse, acquire


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_acquire_writes_host_and_pid_and_release_removes_it(tmp_path) -> None:
    db_path = tmp_path / "frontdesk.sqlite3"
    lock = acquire(db_path)
    data = json.loads((tmp_path / "frontdesk.sqlite3.lock").read_text())
    assert data == {"host": instance_lock.this_host(), "pid": os.getpid()}
    lock.release()
    assert not (tmp_path / "frontdesk.sqlite3.lock").exists()


def test_a_live_process_on_this_host_holds_the_database(tmp_path) -> None:
    db_path = tmp_path / "frontdesk.sqlite3"
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        acquire(db_path, pid=child.pid)
        with pytest.raises(InUse) as caught:
            acquire(db_path)
        assert (caught.value.host, caught.value.pid) == (instance_lock.this_host(), child.pid)
        assert instance_lock.holder(db_path) == (instance_lock.this_host(), child.pid)
    finally:
        child.kill()
        child.wait()


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path) -> None:
    db_path = tmp_path / "frontdesk.sqlite3"
    acquire(db_path, pid=_dead_pid())
    assert instance_lock.holder(db_path) is None
    with acquire(db_path) as lock:
        assert lock.pid == os.getpid()
    assert not instance_lock.lock_path(db_path).exists()


def test_a_lock_from_another_computer_is_respected(tmp_path) -> None:
    db_path = tmp_path / "frontdesk.sqlite3"
    acquire(db_path, host="reception-pc-2", pid=_dead_pid())
    with pytest.raises(InUse) as caught:
        acquire(db_path)
    assert caught.value.host == "reception-pc-2"
    assert instance_lock.take_over(db_path).pid == os.getpid()


def test_an_unreadable_lock_is_replaced(tmp_path) -> None:
    db_path = tmp_path / "frontdesk.sqlite3"
    instance_lock.lock_path(db_path).write_text("{half")
    assert acquire(db_path).pid == os.getpid()


def test_taking_the_same_lock_twice_in_one_process_is_allowed(tmp_path) -> None:
    db_path = tmp_path / "frontdesk.sqlite3"
    first = acquire(db_path)
    second = acquire(db_path)
    assert first.path == second.path


def test_release_leaves_someone_elses_lock_alone(tmp_path) -> None:
    db_path = tmp_path / "frontdesk.sqlite3"
    lock = acquire(db_path)
    instance_lock.lock_path(db_path).write_text(json.dumps({"host": "other", "pid": 1}))
    lock.release()
    assert instance_lock.lock_path(db_path).exists()
