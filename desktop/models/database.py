"""Open, verify and migrate the database file: the only code in FrontDesk that opens one.

Order matters, because a refusal must leave the file untouched: first look at the file (folder exists, it is a
SQLite file, it is ours, it is not from a newer FrontDesk, it is writable), then open it and *read back* the
pragmas that make it crash-safe, then copy it aside and run pending migrations, each in one transaction with its
``user_version`` bump.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import migrations
from desktop.models.base import db
from desktop.paths import expand_user

log = logging.getLogger(__name__)

#: ``PRAGMA application_id`` stamped into every FrontDesk file: "FDK1".
APPLICATION_ID = 0x46444B31
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

#: Pragmas set on every connection; :func:`verify_pragmas` reads each one back.
PRAGMAS = (
    ("journal_mode", "wal"),  # readers never block the writer; a crash leaves committed pages intact
    ("synchronous", "full"),  # a commit is on the disk before it returns: power cuts lose nothing committed
    ("foreign_keys", 1),
    ("busy_timeout", BUSY_TIMEOUT_MS),  # a second desk waits up to 5 s instead of failing at once
)
EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
}


class StorageError(UserError):
    """SQLite could not write: a full disk, media gone read-only, a locked file. Nothing was saved."""


def storage_error(exc: Exception) -> StorageError | None:
    """The desk's message for a write that failed because of the storage, or None for any other error.

    SQLite rolls the transaction back in each of these cases, so the file is as it was before the save. Each
    message has a screen wording (the dialog keeps what was typed) and a command-line one (run it again).
    """
    text = str(exc).lower()
    if "database or disk is full" in text or "disk is full" in text:
        return StorageError(
            _(
                "The disk holding the database is full, so nothing was saved. Free some space on it, then "
                "save again: what you typed is still in the form."
            ),
            command_line=_(
                "The disk holding the database is full, so nothing was saved. Free some space on it, then "
                "run the command again."
            ),
        )
    if "readonly database" in text or "read-only" in text:
        return StorageError(
            _(
                "The database file cannot be written any more (read-only), so nothing was saved. Check that "
                "the disk or USB drive is still connected and writable, then save again."
            ),
            command_line=_(
                "The database file cannot be written any more (read-only), so nothing was saved. Check that "
                "the disk or USB drive is still connected and writable, then run the command again."
            ),
        )
    if "database is locked" in text or "database is busy" in text:
        return StorageError(
            _(
                "Another FrontDesk is saving to the database right now; nothing was saved. Try again in a moment."
            ),
            command_line=_(
                "Another FrontDesk is saving to the database right now; nothing was saved. Run the command "
                "again in a moment."
            ),
        )
    if "disk i/o error" in text:
        return StorageError(
            _(
                "The disk reported an error while saving, so nothing was saved. Check the disk, then try again."
            ),
            command_line=_(
                "The disk reported an error while saving, so nothing was saved. Check the disk, then run the "
                "command again."
            ),
        )
    return None


class FrontDeskDatabase(peewee.SqliteDatabase):
    """A SQLite database whose storage failures arrive as :class:`StorageError` (a UserError) with a message.

    ``begin``, ``execute_sql`` and ``commit`` are where SQLite reports a full disk, a file gone read-only or a
    write lock held longer than the busy timeout; the
    transaction is rolled back by ``db.atomic()`` as for any error, and a ROLLBACK after SQLite already rolled
    back by itself (it does after SQLITE_FULL) is not an error worth hiding the real one behind.
    """

    def execute_sql(self, sql: str, params: object = None) -> object:
        try:
            return super().execute_sql(sql, params)
        except peewee.OperationalError as exc:
            if "no such savepoint" in str(exc) and sql.lstrip().upper().startswith("ROLLBACK TO SAVEPOINT"):
                # SQLite already rolled the whole transaction back (it does on SQLITE_FULL): a nested
                # db.atomic() has nothing left to undo, and must not hide the error that got it here.
                return None
            error = storage_error(exc)
            if error is None:
                raise
            raise error from exc

    def begin(self, lock_type: str | None = None) -> None:
        try:
            super().begin(lock_type)
        except peewee.OperationalError as exc:
            error = storage_error(exc)
            if error is None:
                raise
            raise error from exc

    def commit(self) -> None:
        try:
            super().commit()
        except peewee.OperationalError as exc:
            error = storage_error(exc)
            if error is None:
                raise
            raise error from exc

    def rollback(self) -> None:
        try:
            super().rollback()
        except peewee.OperationalError as exc:
            if "no transaction is active" not in str(exc):
                raise


@dataclass(frozen=True)
class FileState:
    """What a look at an existing file found, before anything was written."""

    schema_version: int
    is_new: bool


def open_database(path: str | os.PathLike[str], *, create: bool = True) -> peewee.SqliteDatabase:
    """Open (creating when allowed) the FrontDesk database at ``path`` and bind the models to it.

    Raises:
        UserError: the folder is missing, the file is not a FrontDesk database, comes from a newer FrontDesk,
            is read-only, or cannot be made crash-safe. Nothing has been written to it in that case.
    """
    path = expand_user(path).absolute()
    state = inspect_file(path, create=create)
    database = FrontDeskDatabase(
        str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000, lock_type="IMMEDIATE"
    )
    try:
        database.connect()
        verify_pragmas(database)
        migrate(database, path, state)
    except sqlite3.OperationalError as exc:
        database.close()
        raise UserError(
            _("FrontDesk could not write to the database {path}: {reason}").format(path=path, reason=exc)
        ) from exc
    except BaseException:
        database.close()
        raise
    db.initialize(database)
    return database


def open_database_read_only(path: str | os.PathLike[str]) -> peewee.SqliteDatabase:
    """Open an existing FrontDesk database for reading only (another FrontDesk holds it) and bind the models.

    Nothing is ever written: no pragma that writes, no migration, SQLite's ``mode=ro`` and ``query_only``.
    A save then fails with the read-only :class:`StorageError` message.

    Raises:
        UserError: no such file, not ours, newer, or older than this FrontDesk (it must be upgraded by the
            FrontDesk that holds it, which can write).
    """
    path = expand_user(path).absolute()
    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(_("There is no database at {path}.").format(path=path))
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    application_id, version, _tables = read_identity(path)
    if application_id != APPLICATION_ID:
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    if version != migrations.latest_version():
        raise UserError(
            _(
                "The database {path} has schema {found}; this FrontDesk reads schema {supported}. It can only "
                "be opened read-only once the FrontDesk that holds it has closed and it has been upgraded."
            ).format(path=path, found=version, supported=migrations.latest_version())
        )
    database = FrontDeskDatabase(
        f"file:{path}?mode=ro",
        uri=True,
        pragmas=(("busy_timeout", BUSY_TIMEOUT_MS), ("query_only", 1)),
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    database.connect()
    db.initialize(database)
    return database


def is_read_only_connection(database: peewee.Database | None = None) -> bool:
    """Whether the models are bound to a read-only connection (:func:`open_database_read_only`)."""
    database = database if database is not None else db.obj
    return bool(database is not None and "mode=ro" in str(database.database))


def close_database() -> None:
    """Close the connection the models are bound to, checkpointing the WAL into the main file."""
    database = db.obj
    if database is not None and not database.is_closed():
        database.close()


def inspect_file(path: Path, *, create: bool = True) -> FileState:
    """Decide from the outside whether ``path`` may be opened; writes nothing.

    Raises:
        UserError: with the exact reason the desk sees.
    """
    folder = path.parent
    if not folder.is_dir():
        raise UserError(
            _(
                "The folder {folder} does not exist. Create it, or choose another place for the database."
            ).format(folder=folder)
        )
    if not path.exists():
        if not create:
            raise UserError(_("There is no database at {path}.").format(path=path))
        if not os.access(folder, os.W_OK):
            raise UserError(
                _("FrontDesk cannot create a database in {folder}: the folder is read-only.").format(
                    folder=folder
                )
            )
        return FileState(schema_version=0, is_new=True)
    if not path.is_file():
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    if is_read_only(path):
        raise UserError(
            _(
                "The database {path} is read-only. FrontDesk needs to write to it: check the file's "
                "permissions, or copy it to a folder you can write to."
            ).format(path=path)
        )
    if path.stat().st_size == 0:
        return FileState(schema_version=0, is_new=True)
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    application_id, schema_version, table_count = read_identity(path)
    if application_id != APPLICATION_ID and (application_id != 0 or table_count > 0):
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    supported = migrations.latest_version()
    if schema_version > supported:
        raise UserError(
            _(
                "The database {path} was written by a newer FrontDesk (schema {found}; this version reads up to "
                "{supported}). Install the newer FrontDesk to open it."
            ).format(path=path, found=schema_version, supported=supported)
        )
    return FileState(schema_version=schema_version, is_new=table_count == 0)


def is_read_only(path: Path) -> bool:
    """True when the file cannot or should not be written: no permission, or no write bit at all.

    The write bits are checked too because an administrator (root) may write anywhere, yet a file marked
    read-only was marked so on purpose.
    """
    mode = path.stat().st_mode
    return not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def read_identity(path: Path) -> tuple[int, int, int]:
    """``(application_id, user_version, number of schema objects)`` of a SQLite file, read without writing."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path)) from exc
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        table_count = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path)) from exc
    finally:
        connection.close()
    return application_id, user_version, table_count


def verify_pragmas(database: peewee.SqliteDatabase) -> None:
    """Read back every pragma that keeps the file safe; refuse to work without them.

    Raises:
        UserError: e.g. WAL is refused on some network drives.
    """
    for name, expected in EXPECTED_PRAGMAS.items():
        actual = database.execute_sql(f"PRAGMA {name}").fetchone()[0]
        if isinstance(actual, str):
            actual = actual.lower()
        if actual != expected:
            raise UserError(
                _(
                    "The database {path} cannot be made crash-safe here ({name} is {actual}, needs {expected}). "
                    "Keep the database on this computer's own disk."
                ).format(path=database.database, name=name, actual=actual, expected=expected)
            )


def schema_version(database: peewee.SqliteDatabase) -> int:
    """``PRAGMA user_version``: the number of the last migration applied."""
    return int(database.execute_sql("PRAGMA user_version").fetchone()[0])


def migrate(database: peewee.SqliteDatabase, path: Path, state: FileState) -> list[int]:
    """Apply pending migrations in order; a file with data is copied aside first.

    Returns:
        The versions applied.
    """
    current = schema_version(database)
    pending = [module for module in migrations.all_migrations() if module.VERSION > current]
    if not pending:
        return []
    if not state.is_new and current > 0:
        copy = backup_before_migration(database, path, current)
        log.info("copied %s to %s before migrating from schema %d", path, copy, current)
    applied = []
    for module in pending:
        with database.atomic():
            module.migrate(database)
            database.execute_sql(f"PRAGMA user_version = {int(module.VERSION)}")
            database.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        applied.append(module.VERSION)
        log.info("migrated %s to schema %d", path, module.VERSION)
    return applied


def backup_before_migration(database: peewee.SqliteDatabase, path: Path, version: int) -> Path:
    """Copy the database with SQLite's online backup into ``backups/`` beside it, before a migration."""
    folder = path.parent / "backups"
    folder.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}.schema{version}.{stamp}.sqlite3"
    destination = sqlite3.connect(target)
    try:
        database.connection().backup(destination)
    finally:
        destination.close()
    return target


def integrity_problems(database: peewee.SqliteDatabase) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report; empty when the file is sound."""
    rows = [row[0] for row in database.execute_sql("PRAGMA integrity_check").fetchall()]
    problems = [] if rows == ["ok"] else rows
    for table, rowid, parent, _index in database.execute_sql("PRAGMA foreign_key_check").fetchall():
        problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    return problems
