"""Restore: put a backup in place of the live database, or refuse it and leave the live file untouched.

The order is what makes it safe:

1. **Check the backup** (:func:`check_backup`) before anything else is touched: an empty file, a truncated
   one, a file that is not FrontDesk's, one from a newer FrontDesk, or one that fails ``integrity_check`` is
   refused with a :class:`UserError`; the live database has not been opened for writing, so it stays
   byte-identical.
2. **Back up the live database** into its backup series (``…-before-restore.sqlite3``), through SQLite's
   backup API when it is open and sound, else as a byte-for-byte copy of the file and its WAL (a damaged live
   file is exactly when one restores: it is kept as it was).
3. **Replace**: close the connection (which checkpoints the WAL), copy the backup to a temporary file
   ``.<database>.restore.<pid>.tmp`` beside the database, flush it to disk, check the copy (and remove the
   ``-wal``/``-shm`` that checking a WAL-mode copy leaves), remove any leftover ``-wal``/``-shm`` of the
   database (a stale WAL would be replayed onto the restored file), ``os.replace`` it into place and flush the
   folder. A restore killed half-way leaves only temporary files, removed at the next start or command.
4. **Reopen** through :func:`~desktop.models.database.open_database` (which migrates an older backup, with its
   own backup first; the anchors of the replaced file do not hold against an older one and are set aside for
   this open), record a ``restore`` event in the restored trail naming the trail it replaced, and anchor the
   restored file.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop import paths
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import anchor
from desktop.models.base import db
from desktop.models.database import (
    SQLITE_HEADER,
    DamagedDatabaseError,
    close_database,
    expected_size,
    open_database,
)
from desktop.models.staff import Staff
from desktop.services import audit, backup, instance_lock
from desktop.services.authz import requires

log = logging.getLogger(__name__)

_HEADER_SIZE = 100


@dataclass(frozen=True)
class BackupCheck:
    """A backup that passed every check.

    Attributes:
        schema: its schema version.
        chain_events, chain_head: the audit trail inside it.
    """

    path: Path
    schema: int
    chain_events: int
    chain_head: str


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did.

    Attributes:
        safety_backup: the copy of the database as it was before the restore (None when there was none).
    """

    restored_from: Path
    safety_backup: Path | None
    schema: int
    chain_events: int
    chain_head: str


def check_backup(path: str | os.PathLike[str]) -> BackupCheck:
    """Refuse a file that must not replace the database; read-only, the file is never written.

    Raises:
        UserError: missing, empty, truncated, not a FrontDesk database, damaged, or from a newer FrontDesk.
    """
    path = paths.expand_user(path).absolute()
    if not path.is_file():
        raise UserError(_("The backup {path} does not exist.").format(path=path))
    size = path.stat().st_size
    if size == 0:
        raise UserError(_("The file {path} is empty: it is not a FrontDesk backup.").format(path=path))
    with path.open("rb") as handle:
        header = handle.read(_HEADER_SIZE)
    if not header.startswith(SQLITE_HEADER):
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    expected = expected_size(header) if len(header) == _HEADER_SIZE else None
    if len(header) < _HEADER_SIZE or (expected is not None and size < expected):
        raise UserError(
            _("The backup {path} is incomplete: it was cut off after {size} of {expected} bytes.").format(
                path=path, size=size, expected=expected or _HEADER_SIZE
            )
        )
    schema = backup.verify_backup(path)  # integrity, application_id, newer schema
    events, head = backup.read_chain_head(path)
    return BackupCheck(path, schema, events, head)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - Windows cannot open a folder; NTFS journals the rename
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _safety_copy(db_path: Path, *, now: datetime, by: int | None) -> Path | None:
    """A copy of the live database before it is replaced; None when there is no live file."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    database = db.obj
    if database is not None and Path(database.database).absolute() == db_path and not database.is_closed():
        target = backup.default_backup_path(now, backup.BEFORE_RESTORE)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            return backup.backup_database(target, now=now, by=by, reason=backup.BEFORE_RESTORE)
        except DamagedDatabaseError:
            pass  # damaged: keep its bytes as they are, below
    # Not open here (damaged, or from another FrontDesk): keep its bytes, and its -wal, exactly as they are.
    known = backup.series_of(db_path)
    folder = known[0].path.parent if known else paths.user_data_dir() / "backups"
    target = backup._unique(folder / f"frontdesk-{now:%Y%m%d-%H%M%S}-{backup.BEFORE_RESTORE}.sqlite3")
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        source_file = Path(f"{db_path}{suffix}")
        if source_file.exists():
            shutil.copy2(source_file, Path(f"{target}{suffix}"))
    return target


@requires("database.restore")
def restore_database(
    backup_file: str | os.PathLike[str],
    *,
    db_path: str | os.PathLike[str],
    now: datetime,
    by: int | None = None,
) -> RestoreResult:
    """Replace the database at ``db_path`` with ``backup_file`` (see the module docstring for the steps).

    If the database at ``db_path`` is the one the models are bound to, it is closed and reopened: the models
    are bound to the restored file afterwards. Otherwise it is left closed.

    Raises:
        UserError: the backup was refused (nothing changed), or the copy failed (the live database is kept,
            and the safety backup exists).
    """
    db_path = paths.expand_user(db_path).absolute()
    checked = check_backup(backup_file)
    if checked.path == db_path:
        raise UserError(_("That file is the database itself; choose a backup."))
    holder = instance_lock.holder(db_path)
    if holder is not None and holder != (instance_lock.this_host(), os.getpid()):
        raise UserError(
            _(
                "FrontDesk is open on this database on {host} (process {pid}). Close it there, then restore."
            ).format(host=holder[0], pid=holder[1])
        )
    was_open = db.obj is not None and Path(db.obj.database).absolute() == db_path and not db.obj.is_closed()
    try:
        safety = _safety_copy(db_path, now=now, by=by)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(
            _(
                "The database was not restored: FrontDesk could not first back up the current one ({reason})."
            ).format(reason=exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
        ) from exc
    replaced = _head_of_file(db_path)
    if was_open:
        close_database()
    temporary = db_path.with_name(f".{db_path.name}.restore.{os.getpid()}.tmp")
    try:
        with checked.path.open("rb") as source, temporary.open("wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
            target.flush()
            os.fsync(target.fileno())
        check_backup(temporary)  # the copy is what goes live: check it, not just the original
        _remove_journal(temporary)  # checking a WAL-mode copy leaves its -wal/-shm beside it
        _retire_wal(db_path)
        os.replace(temporary, db_path)
        _fsync_folder(db_path.parent)
    except (OSError, UserError) as exc:
        temporary.unlink(missing_ok=True)
        _remove_journal(temporary)
        if was_open:
            open_database(db_path)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UserError(
            _("The database was not restored ({reason}); it is as it was.").format(reason=reason)
        ) from exc
    # The anchors describe the file that was replaced; the restored one is older by design.
    for path in (anchor.anchor_path(db_path), anchor.config_anchor_path(db_path)):
        path.unlink(missing_ok=True)
    database = open_database(db_path)
    try:
        with database.atomic():
            # The person who restored may not exist in the older file: then the event names nobody.
            if by is not None and not Staff.select().where(Staff.id == by).exists():
                by = None
            audit.record_event(
                action=audit.RESTORE,
                record_type="database",
                record_id=None,
                summary=f"from {paths.display_name(checked.path)} chain {checked.chain_events}:{checked.chain_head}"
                + (f" replacing chain {replaced}" if replaced else ""),
                by=by,
                now=now,
            )
        anchor.write_anchor(database)
    finally:
        if not was_open:
            close_database()
    log.info("restored %s from %s (safety copy %s)", db_path, checked.path, safety)
    return RestoreResult(checked.path, safety, checked.schema, checked.chain_events, checked.chain_head)


def _head_of_file(db_path: Path) -> str:
    """``events:hash`` of the trail in the file about to be replaced ("" when it cannot be read)."""
    try:
        point = backup.read_chain_point(db_path)
    except (OSError, sqlite3.Error):
        return ""
    return f"{point.events}:{point.hash}"


def _remove_journal(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _retire_wal(db_path: Path) -> None:
    """Fold any leftover WAL into the old file, then remove ``-wal``/``-shm`` so none is replayed later."""
    wal = Path(f"{db_path}-wal")
    if wal.exists() and wal.stat().st_size > 0 and db_path.exists():
        connection = sqlite3.connect(db_path)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
