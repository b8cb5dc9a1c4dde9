"""What the desk is told when its database is damaged, and the tidying every start and command does.

A damaged file (:class:`~desktop.models.database.DamagedDatabaseError`, or SQLite failing on a damaged page
later) gets one message: what is wrong, the newest *verified* backup of this database with its date (found
without opening the damaged file: :func:`desktop.services.backup.newest_verified_backup`), and the one command
or button that puts it back. Restoring keeps the damaged file as a copy first; nothing is ever overwritten
without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop import paths
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import anchor
from desktop.models.base import db
from desktop.models.database import DamagedDatabaseError, close_database, open_database_read_only
from desktop.models.leftovers import remove_leftovers
from desktop.services import backup, restore


@dataclass(frozen=True)
class Damage:
    """A damaged database and the way back.

    Attributes:
        problem: the full first sentence (which file, what is wrong).
        backup: the newest verified backup, None when there is none.
    """

    path: Path
    problem: str
    details: tuple[str, ...]
    backup: backup.BackupInfo | None


def assess(error: DamagedDatabaseError) -> Damage:
    """The damage and the newest verified backup of the same database (by its anchor's identity or its path)."""
    identity = ""
    for held in anchor.file_anchors(error.path):
        identity = identity or held.identity
    newest = backup.newest_verified_backup(error.path, identity)
    return Damage(error.path, error.message, tuple(error.details), newest)


def backup_sentence(damage: Damage) -> str:
    """Which backup would be restored, or that there is none."""
    if damage.backup is None:
        return _(
            "No verified backup of this database was found. Keep the file as it is (do not delete it) and ask "
            "for help; a copy of it may still be rescued."
        )
    info = damage.backup
    return _("The newest verified backup is {file}, made on {date} ({count} audit events).").format(
        file=info.path, date=info.created.strftime("%Y-%m-%d %H:%M"), count=info.chain_events
    )


def command_line(damage: Damage, restore_command: str) -> str:
    """The one line the command line prints: problem, backup, and the command that restores it."""
    parts = [damage.problem, backup_sentence(damage)]
    if damage.backup is not None:
        parts.append(
            _("Restore it with: {command} (the damaged file is kept as a copy first).").format(
                command=restore_command
            )
        )
    text = ""
    for part in (part.strip() for part in parts):
        # Sentences follow each other with a blank in English, without one after a Chinese full stop.
        text += part if not text or text.endswith("。") else " " + part
    return text


def tidy(db_path: Path) -> list[Path]:
    """Remove what killed backups, restores and anchor writes left behind (run at every start and command)."""
    removed = remove_leftovers(db_path.parent, prefix=db_path.name)
    folders = {
        paths.user_config_dir(),
        paths.user_config_dir() / "anchors",
        paths.user_data_dir() / "backups",
    }
    if db.obj is not None and not db.obj.is_closed():
        folders |= {backup.backup_folder(), backup.series_folder()}
    for folder in sorted(folders):
        removed += remove_leftovers(folder)
    return removed


def backup_requires_login(info: backup.BackupInfo) -> bool:
    """Whether the office in that backup requires logins (then restoring it asks for a password)."""
    from desktop.services import accounts

    open_database_read_only(info.path, older=True)
    try:
        return accounts.login_required()
    finally:
        close_database()


def restore_damaged(
    damage: Damage, *, employee_no: str = "", password: str = "", now: datetime
) -> restore.RestoreResult:
    """Put the newest verified backup in place of a damaged database (the damaged file is copied first).

    The damaged file cannot say who may do this, so the backup does: when its office requires logins, the work
    number and password are checked against the staff stored in the backup (read-only) and the role must be
    allowed ``database.restore``; the restore event in the restored trail names that person.

    Raises:
        UserError: no backup, a wrong password or role, or the restore failed (the damaged file is as it was).
    """
    from desktop.services import accounts, authz

    if damage.backup is None:
        raise UserError(_("There is no verified backup to restore."))
    by: int | None = None
    open_database_read_only(damage.backup.path, older=True)
    try:
        if accounts.login_required():
            by = accounts.check_password(employee_no, password).id
            authz.check("database.restore", by)
    finally:
        close_database()
    return restore.restore_database(damage.backup.path, db_path=damage.path, now=now, by=by)
