"""Opening the database file: pragmas, migrations, refusals that leave the file untouched, backup first."""

from __future__ import annotations

import os
import sqlite3
import types
from datetime import datetime
from pathlib import Path

import peewee
import pytest

from desktop.errors import UserError
from desktop.models import migrations
from desktop.models.database import APPLICATION_ID, EXPECTED_PRAGMAS, close_database, open_database

TABLES = {"office", "department", "staff", "customer", "site", "audit_event", "setting"}


@pytest.fixture(autouse=True)
def _close() -> object:
    yield
    close_database()


def _identity(path: Path) -> tuple[int, int]:
    connection = sqlite3.connect(path)
    try:
        return (
            connection.execute("PRAGMA application_id").fetchone()[0],
            connection.execute("PRAGMA user_version").fetchone()[0],
        )
    finally:
        connection.close()


def test_pragmas_are_read_back(db: peewee.SqliteDatabase) -> None:
    for name, expected in EXPECTED_PRAGMAS.items():
        value = db.execute_sql(f"PRAGMA {name}").fetchone()[0]
        assert (value.lower() if isinstance(value, str) else value) == expected, name


def test_a_new_file_is_created_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    database = open_database(path)
    assert TABLES <= set(database.get_tables())
    close_database()
    assert _identity(path) == (APPLICATION_ID, migrations.latest_version())


def test_a_zero_byte_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    database = open_database(path)
    assert TABLES <= set(database.get_tables())
    close_database()
    assert _identity(path) == (APPLICATION_ID, migrations.latest_version())


def test_migration_versions_run_one_to_n() -> None:
    versions = [module.VERSION for module in migrations.all_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def _refused(path: Path) -> str:
    before = path.read_bytes()
    with pytest.raises(UserError) as caught:
        open_database(path)
    assert path.read_bytes() == before, "a refused file must stay byte-identical"
    assert not Path(f"{path}-wal").exists()
    return caught.value.message


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 999")
    connection.execute("CREATE TABLE future (id INTEGER)")
    connection.commit()
    connection.close()
    latest = migrations.latest_version()
    assert _refused(path) == (
        f"The database {path} was written by a newer FrontDesk (schema 999; this version reads up to "
        f"{latest}). Install the newer FrontDesk to open it."
    )


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("电话记录\n", encoding="utf-8")
    assert _refused(path) == f"{path} is not a FrontDesk database."


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    assert _refused(path) == f"{path} is not a FrontDesk database."


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "missing"
    with pytest.raises(UserError) as caught:
        open_database(folder / "frontdesk.sqlite3")
    assert caught.value.message == (
        f"The folder {folder} does not exist. Create it, or choose another place for the database."
    )
    assert not folder.exists()


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "frontdesk.sqlite3"
    open_database(path)
    close_database()
    os.chmod(path, 0o444)
    try:
        assert _refused(path) == (
            f"The database {path} is read-only. FrontDesk needs to write to it: check the file's "
            "permissions, or copy it to a folder you can write to."
        )
    finally:
        os.chmod(path, 0o644)


def test_an_older_file_is_backed_up_before_migrating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "frontdesk.sqlite3"
    database = open_database(path)
    database.execute_sql(
        "INSERT INTO customer (name, created_at, updated_at) VALUES ('王芳', '2026-03-16 09:00:00', "
        "'2026-03-16 09:00:00')"
    )
    close_database()
    current = migrations.latest_version()
    real = migrations.all_migrations()
    extra = types.SimpleNamespace(
        VERSION=current + 1, migrate=lambda database: database.execute_sql("CREATE TABLE extra (id INTEGER)")
    )
    monkeypatch.setattr(migrations, "all_migrations", lambda: [*real, extra])

    database = open_database(path)

    assert "extra" in database.get_tables()
    assert _identity(path)[1] == current + 1
    copies = list((tmp_path / "backups").glob(f"frontdesk.schema{current}.*.sqlite3"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == current
        assert copy.execute("SELECT name FROM customer").fetchall() == [("王芳",)]
        assert "extra" not in {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
    finally:
        copy.close()


def test_a_failing_migration_leaves_the_old_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "frontdesk.sqlite3"
    open_database(path)
    close_database()
    current = migrations.latest_version()
    real = migrations.all_migrations()

    def broken(database: peewee.Database) -> None:
        database.execute_sql("CREATE TABLE half (id INTEGER)")
        raise RuntimeError("bug in migration")

    monkeypatch.setattr(
        migrations,
        "all_migrations",
        lambda: [*real, types.SimpleNamespace(VERSION=current + 1, migrate=broken)],
    )
    with pytest.raises(RuntimeError):
        open_database(path)
    assert _identity(path)[1] == current
    connection = sqlite3.connect(path)
    try:
        assert "half" not in {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()


def test_a_full_disk_inside_a_nested_transaction_is_still_the_full_disk(db: peewee.SqliteDatabase) -> None:
    """SQLite rolls the whole transaction back on SQLITE_FULL; the inner savepoint's rollback then finds no
    savepoint, which must not replace the message the desk needs (an import writes its chunks this way)."""
    from desktop.models.base import db as bound
    from desktop.models.customer import Customer
    from desktop.models.database import StorageError

    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages + 4}")
    now = datetime(2026, 3, 16, 9, 0)
    # The second atomic() is a savepoint inside the first one's transaction.
    with (
        pytest.raises(StorageError, match="disk holding the database is full"),
        bound.atomic(),
        bound.atomic(),
    ):
        for index in range(2000):
            Customer.insert(name=f"客户{index}", address="x" * 300, created_at=now, updated_at=now).execute()
    assert Customer.select().count() == 0
