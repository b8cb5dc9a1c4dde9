"""Open, verify and migrate the database file: the only code in FrontDesk that opens one.

Order matters, because a refusal must leave the file untouched: first look at the file (folder exists, it is a
SQLite file, it is ours, it is whole, it is not from a newer FrontDesk, it is writable), set aside a journal
(``-wal``) left by another file, then open it and *read back* the pragmas that make it crash-safe, run
``PRAGMA quick_check`` (bounded in time), copy it aside and run pending migrations, each in one transaction with
its ``user_version`` bump, and finally compare the audit trail with its anchors (:mod:`desktop.models.anchor`).
A file that fails any of the damage checks raises :class:`DamagedDatabaseError`; the front doors add the
newest verified backup and the one command that restores it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import anchor, migrations, trail
from desktop.models.base import db
from desktop.models.leftovers import remove_leftovers
from desktop.models.seal import Sealer, local_sealer
from desktop.paths import expand_user

log = logging.getLogger(__name__)

#: ``PRAGMA application_id`` stamped into every FrontDesk file: "FDK1".
APPLICATION_ID = 0x46444B31
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
#: ``PRAGMA quick_check`` on opening stops after this long on a large file (it reads every page).
QUICK_CHECK_SECONDS = 2.0
#: Messages of SQLite (and of Python's sqlite3 reading a cell) that mean the file's content is damaged.
_DAMAGE_SIGNS = (
    "malformed",
    "file is not a database",
    "file is encrypted",
    "could not decode",
    "database corruption",
    "disk image",
)

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


class DamagedDatabaseError(UserError):
    """The file is damaged, cut off, or has lost saved changes; nothing was written to it.

    Attributes:
        path: the database file.
        problem: what is wrong, one translated phrase.
        details: SQLite's own findings, a short list (untranslated), for ``frontdesk check``.
    """

    def __init__(self, path: Path, problem: str, details: list[str] | None = None) -> None:
        super().__init__(_("The database {path} is damaged: {problem}").format(path=path, problem=problem))
        self.path = path
        self.problem = problem
        self.details = list(details or [])


def is_damage(exc: BaseException) -> bool:
    """Whether an error from SQLite means the file's content is damaged (not a full disk or a lock)."""
    if isinstance(exc, DamagedDatabaseError):
        return True
    if not isinstance(exc, sqlite3.DatabaseError | peewee.DatabaseError):
        return False
    text = str(exc).lower()
    return any(sign in text for sign in _DAMAGE_SIGNS)


def damaged(path: Path, exc: BaseException) -> DamagedDatabaseError:
    """The :class:`DamagedDatabaseError` for an SQLite error that :func:`is_damage`."""
    if isinstance(exc, DamagedDatabaseError):
        return exc
    return DamagedDatabaseError(path, _("SQLite cannot read it ({reason}).").format(reason=exc), [str(exc)])


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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        #: What the desk should be told although the file opened (see open_database).
        self.notices: list[str] = []

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
        # Rows written after the transaction's last audit event get their images now, inside it.
        trail.flush_untracked(self)
        try:
            super().commit()
        except peewee.OperationalError as exc:
            error = storage_error(exc)
            if error is None:
                raise
            raise error from exc
        trail.end_transaction(self)
        anchor.after_commit(self)

    def rollback(self) -> None:
        trail.end_transaction(self)
        try:
            super().rollback()
        except peewee.OperationalError as exc:
            if "no transaction is active" not in str(exc):
                raise

    def close(self) -> bool:
        if not self.is_closed() and not self.in_transaction():
            anchor.before_close(self)
        return bool(super().close())

    def _initialize_connection(self, conn: sqlite3.Connection) -> None:
        super()._initialize_connection(conn)
        trail.register_functions(conn)
        state = trail.state_of(self)
        if state.tracking:  # reconnected after a close: TEMP triggers live and die with a connection
            trail.install_tracking(self, state.sealer)


@dataclass(frozen=True)
class FileState:
    """What a look at an existing file found, before anything was written."""

    schema_version: int
    is_new: bool


def open_database(
    path: str | os.PathLike[str],
    *,
    create: bool = True,
    sealer: Sealer | None = None,
    check_anchors: bool = True,
) -> FrontDeskDatabase:
    """Open (creating when allowed) the FrontDesk database at ``path`` and bind the models to it.

    ``database.notices`` lists what the desk should be told although the file opened (a journal set aside).

    Args:
        check_anchors: refuse a file that falls short of its anchors; ``audit verify`` opens without this
            check so that it can report the shortfall in detail.

    Raises:
        DamagedDatabaseError: the file is cut off, its header or pages are damaged, or it holds fewer events
            than its anchor (saved changes missing). Nothing has been written to it.
        UserError: the folder is missing, the file is not a FrontDesk database, comes from a newer FrontDesk,
            is read-only, or cannot be made crash-safe. Nothing has been written to it in that case.
    """
    path = expand_user(path).absolute()
    if path.parent.is_dir():
        remove_leftovers(path.parent, prefix=path.name)
    state = inspect_file(path, create=create)
    sealer = sealer if sealer is not None else local_sealer()
    notices = [] if state.is_new else set_aside_stale_journal(path, sealer)
    database = FrontDeskDatabase(
        str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_MS / 1000, lock_type="IMMEDIATE"
    )
    database.notices = notices
    trail.state_of(database).sealer = sealer
    try:
        database.connect()
        verify_pragmas(database)
        if not state.is_new:
            quick_check(database, path)
        migrate(database, path, state)
        if schema_version(database) >= trail.SCHEMA:
            trail.install_tracking(database, sealer)
            behind = anchor.check_at_the_door(database, path, sealer) if check_anchors else None
            if behind is not None:
                raise DamagedDatabaseError(path, lost_changes_problem(database, behind))
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        database.close()
        if is_damage(exc):
            raise damaged(path, exc) from exc
        raise UserError(
            _("FrontDesk could not write to the database {path}: {reason}").format(path=path, reason=exc)
        ) from exc
    except BaseException:
        database.close()
        raise
    db.initialize(database)
    return database


def lost_changes_problem(database: peewee.Database, behind: anchor.Anchor) -> str:
    """What the desk reads when the file holds less than its anchor saw."""
    now = anchor.head_of(database)
    return _(
        "it holds {count} audit events, but on {when} FrontDesk saw {anchored} (anchor {where}). Saved changes "
        "are missing: its journal (-wal) was removed, or an older copy was put in its place."
    ).format(
        count=now.events,
        when=behind.at.strftime("%Y-%m-%d %H:%M") if behind.at else "?",
        anchored=behind.point.events,
        where=behind.where,
    )


def quick_check(database: peewee.SqliteDatabase, path: Path, *, seconds: float = QUICK_CHECK_SECONDS) -> None:
    """``PRAGMA quick_check``, stopped after ``seconds`` on a large file (then what was read is sound).

    Raises:
        DamagedDatabaseError: the pages read hold damage (the first few findings in ``details``).
    """
    connection = database.connection()
    deadline = time.monotonic() + seconds
    connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        rows = [str(row[0]) for row in database.execute_sql("PRAGMA quick_check(20)").fetchall()]
    except (sqlite3.OperationalError, peewee.OperationalError) as exc:
        if "interrupt" not in str(exc).lower():
            raise
        log.info(
            "quick check of %s stopped after %.1f s (large file); the pages read are sound", path, seconds
        )
        return
    finally:
        connection.set_progress_handler(None, 0)
    if rows != ["ok"]:
        raise DamagedDatabaseError(
            path,
            _("SQLite's quick check reports {first} ({count} in all).").format(
                count=len(rows), first=rows[0]
            ),
            rows,
        )


def set_aside_stale_journal(path: Path, sealer: Sealer) -> list[str]:
    """Move aside a ``-wal`` that belongs to another file than ``path`` (a copy made over it by hand).

    SQLite would otherwise replay that journal's pages onto the copied file and show a mix of both. The journal
    is another file's when ``path`` is in rollback-journal format (every FrontDesk backup is; a live FrontDesk
    database never is), or when ``path`` is another database than the one its anchor names. It is renamed
    (with its ``-shm``) to ``<name>-wal.set-aside-<time>``, never deleted.

    Returns:
        What the desk should be told (empty when nothing was done).
    """
    wal = Path(f"{path}-wal")
    try:
        if not wal.is_file() or wal.stat().st_size <= 32:
            return []
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return []
    if len(header) < 100 or header[:16] != SQLITE_HEADER:
        return []
    stale = header[18] == 1 or header[19] == 1
    if not stale:
        identity = _identity_without_journal(path)
        anchors = [found for found in anchor.file_anchors(path) if anchor.seal_state(found, sealer) is True]
        stale = bool(identity) and any(found.identity not in ("", identity) for found in anchors)
    if not stale:
        return []
    aside = Path(f"{wal}.set-aside-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        wal.replace(aside)
        Path(f"{path}-shm").unlink(missing_ok=True)
    except OSError as exc:
        log.error("could not set aside the stale journal %s: %s", wal, exc)
        raise UserError(
            _(
                "The database {path} was replaced by another file while the journal {wal} of the previous "
                "one was still beside it, and FrontDesk cannot move that journal away ({reason}). Move it "
                "to another folder, then start again."
            ).format(path=path, wal=wal, reason=exc.strerror or exc)
        ) from exc
    log.warning("set aside %s: it belonged to the file %s replaced", wal, path)
    return [
        _(
            "The database {path} was replaced by another file (copied over it) while the journal of the "
            "previous file was still beside it. FrontDesk kept that journal apart as {aside} and opened the "
            "copied file as it is, so the two were not mixed."
        ).format(path=path, aside=aside)
    ]


def _identity_without_journal(path: Path) -> str:
    """The identity stored in the main file itself, ignoring any ``-wal`` ("" when unreadable)."""
    try:
        connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    except sqlite3.Error:
        return ""
    try:
        row = connection.execute("SELECT value FROM database_info WHERE key = 'identity'").fetchone()
    except sqlite3.Error:
        return ""
    finally:
        connection.close()
    return str(row[0]) if row else ""


def open_database_read_only(path: str | os.PathLike[str], *, older: bool = False) -> peewee.SqliteDatabase:
    """Open an existing FrontDesk database for reading only (another FrontDesk holds it) and bind the models.

    Nothing is ever written: no pragma that writes, no migration, SQLite's ``mode=ro`` and ``query_only``.
    A save then fails with the read-only :class:`StorageError` message.

    Args:
        older: accept an older schema too (a backup checked for who may restore it: only the staff and setting
            tables are read, and their columns are as old as logins, schema 5).

    Raises:
        UserError: no such file, not ours, newer, or older than this FrontDesk (it must be upgraded by the
            FrontDesk that holds it, which can write).
    """
    path = expand_user(path).absolute()
    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(_("There is no database at {path}.").format(path=path))
    check_whole(path)
    application_id, version, _tables = read_identity(path)
    if application_id != APPLICATION_ID:
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    if version != migrations.latest_version() and not (older and version < migrations.latest_version()):
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
    try:
        database.connect()
        quick_check(database, path)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        database.close()
        if is_damage(exc):
            raise damaged(path, exc) from exc
        raise
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
    check_whole(path)
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


def expected_size(header: bytes) -> int | None:
    """File size a SQLite header promises (page size × page count), None when the header does not say."""
    if len(header) < 100:
        return None
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    if page_count == 0 or header[24:28] != header[92:96] or page_size < 512 or page_size & (page_size - 1):
        return None
    return page_size * page_count


def _looks_like_sqlite_pages(path: Path, size: int) -> bool:
    """Whether the file's body is SQLite b-tree pages (so a bad first page is damage, not a foreign file)."""
    if size < 2 * 4096 or size % 512:
        return False
    with path.open("rb") as handle:
        for page_size in (4096, 1024, 8192, 16384, 65536, 512, 2048, 32768):
            if size % page_size or size < 2 * page_size:
                continue
            handle.seek(page_size)
            if handle.read(1) in (b"\x02", b"\x05", b"\x0a", b"\x0d"):
                return True
    return False


def check_whole(path: Path) -> None:
    """Refuse a SQLite file that is cut off or whose header was overwritten, as *damaged* rather than foreign.

    Raises:
        DamagedDatabaseError: the file is shorter than its header promises, or its first page was overwritten
            on a file that otherwise holds SQLite pages (or that FrontDesk anchored).
        UserError: the file is not a SQLite file at all.
    """
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(100)
    if header[:16] != SQLITE_HEADER:
        if len(header) < 16 and SQLITE_HEADER.startswith(header):
            raise DamagedDatabaseError(path, _("it was cut off after {size} bytes.").format(size=size))
        if anchor.anchor_path(path).is_file() or _looks_like_sqlite_pages(path, size):
            raise DamagedDatabaseError(path, _("its first page (the SQLite header) was overwritten."))
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    promised = expected_size(header)
    if len(header) < 100 or (promised is not None and size < promised):
        raise DamagedDatabaseError(
            path,
            _("it was cut off after {size} of {expected} bytes.").format(size=size, expected=promised or 100),
        )


def read_identity(path: Path) -> tuple[int, int, int]:
    """``(application_id, user_version, number of schema objects)`` of a SQLite file, read without writing.

    Raises:
        DamagedDatabaseError: SQLite cannot read the schema of a file with a SQLite header.
    """
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise damaged(path, exc) from exc
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        table_count = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from exc
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
            if module.VERSION > trail.SCHEMA and current >= trail.SCHEMA:
                # Rows whose columns the migration changed get a new image (and only those: see
                # trail.stale_after_schema_change), so verification goes on comparing field by field.
                stale = trail.stale_after_schema_change(database)
                if stale:
                    trail.write_baseline(
                        database, at=datetime.now(), summary=f"schema {module.VERSION} columns", only=stale
                    )
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
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report; empty when the file is sound.

    Never raises for a damaged file: SQLite's own error (the foreign-key check fails on pages the integrity
    check has already listed) becomes one more problem in the list.
    """
    problems: list[str] = []
    try:
        rows = [str(row[0]) for row in database.execute_sql("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        return [str(exc)]
    try:
        for table, rowid, parent, _index in database.execute_sql("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
    except (sqlite3.DatabaseError, peewee.DatabaseError) as exc:
        problems.append(str(exc))
    return problems
