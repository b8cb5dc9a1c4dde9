"""Backups: a verified copy, written beside the target and renamed into place."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee
import pytest

from desktop.errors import UserError
from desktop.models.database import APPLICATION_ID
from desktop.services import audit, backup, customers
from desktop.services.clock import FixedClock


def test_backup_to_a_named_file(db: peewee.SqliteDatabase, clock: FixedClock, tmp_path: Path) -> None:
    customers.add_customer({"name": "王芳"}, by=None, now=clock.now())
    target = tmp_path / "copy.sqlite3"
    assert backup.backup_database(target, now=clock.now()) == target
    assert backup.verify_backup(target) >= 1
    connection = sqlite3.connect(target)
    try:
        assert connection.execute("SELECT name FROM customer").fetchall() == [("王芳",)]
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert [e.action for e in audit.history("database", None)] == ["baseline", "backup"]


def test_backup_default_goes_to_the_user_data_folder(
    db: peewee.SqliteDatabase, clock: FixedClock, data_dir: Path
) -> None:
    path = backup.backup_database(now=clock.now())
    assert path == backup.series_folder() / "frontdesk-20260316-090000.sqlite3"
    assert path.parent.parent == data_dir / "backups"
    backup.verify_backup(path)


def test_backup_replaces_an_older_file(db: peewee.SqliteDatabase, clock: FixedClock, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"old")
    backup.backup_database(target, now=clock.now())
    backup.verify_backup(target)


def test_backup_refuses_its_own_file_and_a_missing_folder(
    db: peewee.SqliteDatabase, db_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="a backup cannot replace the database it copies"):
        backup.backup_database(db_path, now=clock.now())
    with pytest.raises(UserError) as caught:
        backup.backup_database(tmp_path / "nowhere" / "copy.sqlite3", now=clock.now())
    assert caught.value.message == f"The folder {tmp_path / 'nowhere'} does not exist."


def _sqlite(path: Path, *, application_id: int, version: int) -> Path:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {application_id}")
    connection.execute(f"PRAGMA user_version = {version}")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    return path


def test_verify_backup_reasons(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    other = _sqlite(tmp_path / "other.sqlite3", application_id=0, version=0)
    newer = _sqlite(tmp_path / "newer.sqlite3", application_id=APPLICATION_ID, version=999)
    cases = {
        missing: f"The backup {missing} does not exist.",
        text: f"{text} is not a FrontDesk database.",
        other: f"{other} is not a FrontDesk database.",
        newer: f"The backup {newer} was written by a newer FrontDesk (schema 999).",
    }
    for path, message in cases.items():
        with pytest.raises(UserError) as caught:
            backup.verify_backup(path)
        assert caught.value.message == message


def test_verify_backup_finds_damage(db: peewee.SqliteDatabase, clock: FixedClock, tmp_path: Path) -> None:
    for index in range(200):
        customers.add_customer({"name": f"客户{index}", "address": "阳光花园" * 20}, by=None, now=clock.now())
    target = backup.backup_database(tmp_path / "copy.sqlite3", now=clock.now())
    size = target.stat().st_size
    with open(target, "r+b") as handle:  # scribble over a page in the middle of the file
        handle.seek(size // 2)
        handle.write(os.urandom(4096))
    with pytest.raises(UserError, match="is damaged"):
        backup.verify_backup(target)
