"""Backups: a verified copy of the open database, made while the desk keeps working.

Spec §2.14 (seed 002:218-220) asks for regular backups. SQLite's online backup API copies a consistent
snapshot even while another connection writes; the copy goes to a temporary file beside the target, is checked
(integrity, that it is a FrontDesk file, its schema version) and only then renamed into place, so a failed
backup never leaves a half-written file under the target's name or replaces a good older one.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop import paths
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import migrations
from desktop.models.base import db
from desktop.models.database import APPLICATION_ID, SQLITE_HEADER
from desktop.services import audit

log = logging.getLogger(__name__)


def default_backup_path(now: datetime) -> Path:
    """``<user data folder>/backups/frontdesk-YYYYMMDD-HHMMSS.sqlite3``."""
    return paths.user_data_dir() / "backups" / f"frontdesk-{now:%Y%m%d-%H%M%S}.sqlite3"


def verify_backup(path: Path) -> int:
    """Check that ``path`` is a sound FrontDesk database this version can open.

    Returns:
        Its schema version.

    Raises:
        UserError: saying what is wrong with the file.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(_("The backup {path} does not exist.").format(path=path))
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserError(
            _("The backup {path} cannot be read: {reason}").format(path=path, reason=exc)
        ) from exc
    try:
        check = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise UserError(_("The backup {path} is damaged: {reason}").format(path=path, reason=exc)) from exc
    finally:
        connection.close()
    if check != ["ok"]:
        raise UserError(_("The backup {path} is damaged: {reason}").format(path=path, reason=check[0]))
    if application_id != APPLICATION_ID or version < 1:
        raise UserError(_("{path} is not a FrontDesk database.").format(path=path))
    if version > migrations.latest_version():
        raise UserError(
            _("The backup {path} was written by a newer FrontDesk (schema {found}).").format(
                path=path, found=version
            )
        )
    return int(version)


def backup_database(target: Path | None = None, *, now: datetime, by: int | None = None) -> Path:
    """Copy the open database to ``target`` (default: :func:`default_backup_path`), verified.

    Returns:
        The backup file.

    Raises:
        UserError: no folder to write to, the target is the open database itself, or the copy failed its check.
    """
    database = db.obj
    if database is None:
        raise RuntimeError("backup_database needs an open database")
    source = Path(database.database).absolute()
    if target is None:
        target = default_backup_path(now)
        target.parent.mkdir(parents=True, exist_ok=True)
    target = Path(target).expanduser().absolute()
    if target == source:
        raise UserError(_("Choose another file: a backup cannot replace the database it copies."))
    if not target.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=target.parent))
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        destination = sqlite3.connect(temporary)
        try:
            database.connection().backup(destination)
            # A single self-contained file: no -wal beside it to lose when the backup is moved.
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        verify_backup(temporary)
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UserError(
            _("FrontDesk cannot write the backup to {path}: {reason}").format(path=target, reason=reason)
        ) from exc
    finally:
        temporary.unlink(missing_ok=True)
    with db.atomic():
        audit.record_event(
            action=audit.BACKUP, record_type="database", record_id=None, summary=str(target), by=by, now=now
        )
    log.info("backed up %s to %s", source, target)
    return target
