"""What opening a database checks before anything is written: leftovers, a journal of another file, damage, anchors."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from desktop import i18n
from desktop.models import anchor
from desktop.models.base import db as db_proxy
from desktop.models.database import (
    DamagedDatabaseError,
    close_database,
    open_database,
    quick_check,
)
from desktop.services import backup, customers, restore
from desktop.services.clock import FixedClock


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield
    close_database()


def _customers() -> int:
    return int(db_proxy.execute_sql("SELECT count(*) FROM customer").fetchone()[0])


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_leftovers_of_killed_backups_and_restores_are_removed_and_live_ones_kept(db_path: Path) -> None:
    open_database(db_path)
    close_database()
    folder = db_path.parent
    dead, alive = _dead_pid(), os.getpid()
    left = [
        f".{db_path.name}.restore.tmp",  # before schema 10: no process id
        f".{db_path.name}.restore.tmp-wal",
        f".{db_path.name}.restore.{dead}.tmp",
        f".{db_path.name}.restore.{dead}.tmp-shm",
        f".{db_path.name}.anchor.{dead}.tmp",
    ]
    kept = [f".{db_path.name}.restore.{alive}.tmp", "notes.txt", f".{db_path.name}.lock"]
    for name in left + kept:
        (folder / name).write_bytes(b"x")
    open_database(db_path)
    names = set(os.listdir(folder))
    assert not names & set(left)
    assert set(kept) <= names


def test_leftovers_in_the_backup_folder_go_at_the_next_command(
    db_path: Path, capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    from desktop.cli import main

    open_database(db_path)
    series = backup.backup_database(now=clock.now()).parent
    close_database()
    debris = series / f".frontdesk-20260316-090000.sqlite3.{_dead_pid()}.tmp"
    debris.write_bytes(b"half a backup")
    assert main(["--db", str(db_path), "check"]) == 0
    capsys.readouterr()
    assert not debris.exists()


def _killed_with_a_live_wal(db_path: Path, clock: FixedClock, tmp_path: Path) -> Path:
    """A database whose last saves are only in its -wal (as when the PC lost power), and a backup before them."""
    open_database(db_path)
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    copy = backup.backup_database(tmp_path / "backup.sqlite3", now=clock.now())
    db_proxy.execute_sql("PRAGMA wal_autocheckpoint = 0")
    db_proxy.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for number in range(30):
        customers.add_customer({"name": f"客户{number}"}, by=None, now=clock.now())
    anchor.write_anchor(db_proxy.obj)
    frozen = tmp_path / "frozen"
    frozen.mkdir()
    for suffix in ("", "-wal", ".anchor"):
        shutil.copy2(f"{db_path}{suffix}", frozen / f"{db_path.name}{suffix}")
    close_database()
    assert copy.exists()
    return frozen / db_path.name


def test_a_backup_copied_by_hand_over_a_database_with_a_live_wal_is_not_mixed_with_it(
    db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    live = _killed_with_a_live_wal(db_path, clock, tmp_path)
    assert Path(f"{live}-wal").stat().st_size > 0
    shutil.copy2(tmp_path / "backup.sqlite3", live)  # what the desk does in Explorer
    Path(f"{live}.anchor").unlink()  # (the anchor would rightly say saved changes are missing; see below)
    database = open_database(live)
    assert _customers() == 1  # the copied file as it is, not the old journal's pages on top of it
    (notice,) = database.notices
    assert "was replaced by another file (copied over it) while the journal of the previous file" in notice
    aside = list(live.parent.glob(f"{live.name}-wal.set-aside-*"))
    assert len(aside) == 1 and aside[0].stat().st_size > 0  # kept, never deleted
    assert quick_check(database, live) is None


def test_another_database_copied_over_one_with_a_live_wal_is_not_mixed_with_it(
    db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    live = _killed_with_a_live_wal(db_path, clock, tmp_path)
    other = tmp_path / "other.sqlite3"
    open_database(other)
    customers.add_customer({"name": "别的库"}, by=None, now=clock.now())
    close_database()
    shutil.copy2(other, live)  # a WAL-mode file of another database, its own -wal left behind
    database = open_database(live)
    assert [row[0] for row in db_proxy.execute_sql("SELECT name FROM customer")] == ["别的库"]
    assert database.notices and "was replaced by another file" in database.notices[0]


def test_a_database_that_lost_its_wal_is_refused_as_damaged(
    db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    live = _killed_with_a_live_wal(db_path, clock, tmp_path)
    Path(f"{live}-wal").unlink()
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(live)
    assert (
        "Saved changes are missing: its journal (-wal) was removed, or an older copy" in caught.value.message
    )


def test_the_wal_itself_is_replayed_when_it_is_the_files_own(
    db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    live = _killed_with_a_live_wal(db_path, clock, tmp_path)
    database = open_database(live)
    assert _customers() == 31 and database.notices == []


def test_a_forged_anchor_does_not_lock_the_desk_out(db_path: Path, clock: FixedClock) -> None:
    open_database(db_path)
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    close_database()
    for path in (anchor.anchor_path(db_path), anchor.config_anchor_path(db_path)):
        data = json.loads(path.read_text())
        data["events"], data["last_id"] = 9999, 9999
        path.write_text(json.dumps(data))
    open_database(db_path)  # a planted anchor without a valid seal is ignored at the door
    from desktop.services import anchors

    results = anchors.check(db_path)
    assert {result.status for result in results} == {anchor.FORGED}


def test_restore_re_anchors_so_the_older_file_opens(db_path: Path, clock: FixedClock, tmp_path: Path) -> None:
    open_database(db_path)
    copy = backup.backup_database(tmp_path / "b.sqlite3", now=clock.now())
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    close_database()
    restore.restore_database(copy, db_path=db_path, now=clock.now())
    open_database(db_path)
    assert _customers() == 0


def test_quick_check_is_bounded_in_time(db: peewee.SqliteDatabase, db_path: Path) -> None:
    assert quick_check(db, db_path, seconds=0.0) is None  # stopped at once: not an error
    assert quick_check(db, db_path) is None


@pytest.mark.parametrize("keep", [16 * 1024, 100, 10])
def test_a_cut_off_file_is_damaged_not_foreign(db_path: Path, clock: FixedClock, keep: int) -> None:
    open_database(db_path)
    for number in range(200):
        customers.add_customer({"name": f"客户{number}", "address": "x" * 200}, by=None, now=clock.now())
    close_database()
    with db_path.open("r+b") as handle:
        handle.truncate(keep)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)
    assert "was cut off after" in caught.value.message
    assert "not a FrontDesk database" not in caught.value.message


def test_an_overwritten_header_is_damage(db_path: Path, clock: FixedClock) -> None:
    open_database(db_path)
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    close_database()
    with db_path.open("r+b") as handle:
        handle.write(b"\xff" * 100)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)
    assert "its first page (the SQLite header) was overwritten" in caught.value.message


def test_a_foreign_sqlite_file_is_still_foreign(tmp_path: Path) -> None:
    path = tmp_path / "contacts.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(Exception) as caught:
        open_database(path)
    assert not isinstance(caught.value, DamagedDatabaseError)
    assert "is not a FrontDesk database" in str(caught.value)
