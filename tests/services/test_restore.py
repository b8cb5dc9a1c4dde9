"""Restore: a round trip gives back every field; every wrong file is refused with the live file byte-identical."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.models import migrations
from desktop.models.base import db as db_proxy
from desktop.models.database import APPLICATION_ID, close_database
from desktop.services import audit, backup, customers, demo, instance_lock, settings
from desktop.services.clock import FixedClock
from desktop.services.restore import check_backup, restore_database


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are compared in English, the source language."""
    i18n.set_ui_language("en")


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in rowid/primary-key order (the whole content, field by field)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if row[0] != "sqlite_sequence"
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() for table in tables
        }
    finally:
        connection.close()


def _files(db_path: Path) -> dict[str, bytes]:
    """The database and its WAL, as bytes (after the models' connection is closed)."""
    return {
        p.name: p.read_bytes()
        for p in db_path.parent.glob(db_path.name + "*")
        if not p.name.endswith(".lock")
    }


def test_backup_then_restore_gives_back_every_field(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    demo.fill_demo(now=clock.now())
    settings.set_setting("deadline.handover_hours", 4, by=None, now=clock.now())
    target = backup.backup_database(tmp_path / "good.sqlite3", now=clock.now())
    close_database()
    before = _dump(target)
    assert before["customer"]  # the demo filled something worth comparing
    # The office goes on working, then restores the morning's backup.
    from desktop.models.database import open_database

    open_database(db_path)
    customers.add_customer({"name": "后来的客户"}, by=None, now=clock.now())
    victim = customers.list_customers()[0]
    customers.update_customer(
        victim.id, {"name": "改过的名字"}, expected_version=victim.version, by=None, now=clock.now()
    )
    result = restore_database(target, db_path=db_path, now=clock.now())
    assert db_proxy.obj is not None and Path(db_proxy.obj.database) == db_path  # reopened, models bound
    close_database()
    after = _dump(db_path)
    # Field by field, every table; the trail has one event more: the restore itself, appended.
    assert after["audit_event"][: len(before["audit_event"])] == before["audit_event"]
    assert [row[5] for row in after["audit_event"][len(before["audit_event"]) :]] == ["restore"]
    del after["audit_event"], before["audit_event"]
    assert after == before
    assert result.safety_backup is not None
    safety = _dump(result.safety_backup)
    assert any(row[1] == "后来的客户" for row in safety["customer"])  # the replaced state is kept
    from desktop.models.database import open_database as reopen

    reopen(db_path)
    assert audit.verify_chain() == []
    assert audit.history("database", None)[-1].action == "restore"


def _sqlite(
    path: Path, *, application_id: int = APPLICATION_ID, version: int = 1, table: bool = True
) -> Path:
    connection = sqlite3.connect(path)
    if table:
        connection.execute("CREATE TABLE audit_event (id INTEGER PRIMARY KEY, hash TEXT)")
    connection.execute(f"PRAGMA application_id = {application_id}")
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()
    return path


def _wrong_files(tmp_path: Path, good: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    data = good.read_bytes()
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(data[: len(data) // 2])
    text = tmp_path / "notes.sqlite3"
    text.write_text("收据 2026\n")
    other_app = _sqlite(tmp_path / "other.sqlite3", application_id=0x12345678)
    newer = _sqlite(tmp_path / "newer.sqlite3", version=migrations.latest_version() + 1)
    header_only = tmp_path / "header.sqlite3"
    header_only.write_bytes(data[:60])
    return {
        "empty": (empty, f"The file {empty} is empty: it is not a FrontDesk backup."),
        "truncated": (truncated, f"The backup {truncated} is incomplete: it was cut off after"),
        "header": (header_only, f"The backup {header_only} is incomplete"),
        "not sqlite": (text, f"{text} is not a FrontDesk database."),
        "not ours": (other_app, f"{other_app} is not a FrontDesk database."),
        "newer": (newer, f"The backup {newer} was written by a newer FrontDesk (schema"),
        "missing": (tmp_path / "nope.sqlite3", f"The backup {tmp_path / 'nope.sqlite3'} does not exist."),
    }


@pytest.mark.parametrize(
    "kind", ["empty", "truncated", "header", "not sqlite", "not ours", "newer", "missing"]
)
def test_a_wrong_file_is_refused_and_the_live_database_is_byte_identical(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock, tmp_path: Path, kind: str
) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    good = backup.backup_database(tmp_path / "good.sqlite3", now=clock.now())
    wrong, message = _wrong_files(tmp_path, good)[kind]
    close_database()
    before = _files(db_path)
    with pytest.raises(UserError) as caught:
        restore_database(wrong, db_path=db_path, now=clock.now())
    assert caught.value.message.startswith(message)
    assert _files(db_path) == before
    assert not list(tmp_path.glob(".*restore.tmp"))


def test_a_wrong_file_is_refused_while_the_database_is_open(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db_path.read_bytes()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(UserError):
        restore_database(empty, db_path=db_path, now=clock.now())
    assert db_path.read_bytes() == before
    assert customers.count_customers() == 1  # still open and working


def test_a_damaged_backup_is_refused(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    for n in range(200):
        customers.add_customer({"name": f"客户{n}", "address": "x" * 200}, by=None, now=clock.now())
    good = backup.backup_database(tmp_path / "good.sqlite3", now=clock.now())
    data = bytearray(good.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # scribble over a b-tree page
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(bytes(data))
    with pytest.raises(UserError, match=r"damaged|not a FrontDesk"):
        check_backup(damaged)


def test_restore_is_refused_while_another_frontdesk_holds_the_database(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    good = backup.backup_database(tmp_path / "good.sqlite3", now=clock.now())
    instance_lock.acquire(db_path, host="reception-2", pid=4242)
    with pytest.raises(UserError, match="FrontDesk is open on this database on reception-2"):
        restore_database(good, db_path=db_path, now=clock.now())


def test_restore_over_a_damaged_live_database_keeps_its_bytes(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    good = backup.backup_database(tmp_path / "good.sqlite3", now=clock.now())
    close_database()
    broken = b"SQLite format 3\x00" + b"\x00" * 5000
    db_path.write_bytes(broken)
    result = restore_database(good, db_path=db_path, now=clock.now())
    assert result.safety_backup is not None and result.safety_backup.read_bytes() == broken
    assert [row[1] for row in _dump(db_path)["customer"]] == ["王芳"]
