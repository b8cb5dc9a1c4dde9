"""Backups: a verified copy of the open database, made while the desk keeps working, and their rotation.

Spec §2.14 (seed 002:218-220) asks for regular backups; issue 9 for automatic ones. SQLite's online backup API
copies a consistent snapshot even while another connection writes; the copy goes to a temporary file beside
the target, is checked (integrity, that it is a FrontDesk file, its schema version) and only then renamed into
place, so a failed backup never leaves a half-written file under the target's name or replaces a good older one.

Every backup gets a small sidecar ``<file>.json`` with the audit chain head *inside the copy* (count and last
hash), so a backup can be matched with printed forms and with ``audit verify`` without opening it, and so
:func:`maybe_backup` knows whether anything changed since the last one. Automatic backups (on exit, daily)
go to the ``backup.folder`` setting (default ``<user data folder>/backups``) and are rotated: the most recent
few, plus the newest of each recent day, week and month (:func:`backups_to_keep`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop import paths
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import migrations
from desktop.models.audit import GENESIS_HASH
from desktop.models.base import db
from desktop.models.database import APPLICATION_ID, SQLITE_HEADER
from desktop.services import audit, location
from desktop.services.authz import requires

log = logging.getLogger(__name__)

FOLDER_SETTING = "backup.folder"
SIDECAR_SUFFIX = ".json"
#: Reasons of automatic backups; only these files are ever rotated away.
AUTOMATIC_REASONS = ("exit", "daily")
#: A backup taken by FrontDesk itself before something risky; kept, never rotated.
BEFORE_RESTORE = "before-restore"
_AUTO_NAME = re.compile(r"^frontdesk-(\d{8}-\d{6})-(" + "|".join(AUTOMATIC_REASONS) + r")\.sqlite3$")


@dataclass(frozen=True)
class Rotation:
    """How many automatic backups to keep: the ``recent`` newest, plus the newest of each of the last
    ``daily`` days, ``weekly`` ISO weeks and ``monthly`` months."""

    recent: int = 5
    daily: int = 7
    weekly: int = 5
    monthly: int = 12


@dataclass(frozen=True)
class BackupInfo:
    """A backup file and what its sidecar says.

    Attributes:
        chain_events, chain_head: the audit trail inside the copy (count, last hash).
        head_after: the live trail's head after the backup event was recorded ("" when unknown): while the
            live head still equals it, nothing has changed since this backup.
        reason: ``manual``, ``exit``, ``daily``, ``before-restore`` …
    """

    path: Path
    created: datetime
    reason: str
    schema: int
    chain_events: int
    chain_head: str
    head_after: str


def backup_folder() -> Path:
    """The folder automatic backups go to: the ``backup.folder`` setting, else ``<user data>/backups``."""
    configured = ""
    if db.obj is not None:
        from desktop.services import settings

        configured = settings.get_setting(FOLDER_SETTING) or ""
    return paths.expand_user(configured) if configured else paths.user_data_dir() / "backups"


def default_backup_path(now: datetime, reason: str | None = None) -> Path:
    """``<backup folder>/frontdesk-YYYYMMDD-HHMMSS[-reason].sqlite3``."""
    suffix = f"-{reason}" if reason else ""
    return backup_folder() / f"frontdesk-{now:%Y%m%d-%H%M%S}{suffix}.sqlite3"


def same_disk_warning(db_path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> str | None:
    """A warning when the backup folder is on the same disk as the database (one dead disk loses both)."""
    try:
        same = location.same_device(Path(db_path), Path(folder))
    except OSError:
        return None
    if not same:
        return None
    return _(
        "The backup folder {folder} is on the same disk as the database. If that disk fails, the backups are "
        "lost with it: choose a USB drive, another disk or a network folder for backups."
    ).format(folder=folder)


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


def read_chain_head(path: Path) -> tuple[int, str]:
    """``(events, last hash)`` of the audit trail inside a FrontDesk file, read without writing."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT count(*), (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1) FROM audit_event"
        ).fetchone()
    finally:
        connection.close()
    return int(row[0]), str(row[1] or GENESIS_HASH)


def sidecar_path(path: Path) -> Path:
    """``backup.sqlite3`` → ``backup.sqlite3.json``."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_backup_info(path: Path) -> BackupInfo | None:
    """What the sidecar of ``path`` says; None when there is none or it is unreadable."""
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        return BackupInfo(
            path=path,
            created=datetime.fromisoformat(data["created"]),
            reason=str(data.get("reason", "")),
            schema=int(data.get("schema", 0)),
            chain_events=int(data.get("chain_events", 0)),
            chain_head=str(data.get("chain_head", "")),
            head_after=str(data.get("head_after", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_sidecar(info: BackupInfo) -> None:
    data = {
        "created": info.created.isoformat(),
        "reason": info.reason,
        "schema": info.schema,
        "chain_events": info.chain_events,
        "chain_head": info.chain_head,
        "head_after": info.head_after,
        "application": "FrontDesk",
    }
    target = sidecar_path(info.path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        # The backup itself is sound and carries its own trail; a missing sidecar only costs a re-read.
        log.warning("could not write %s: %s", target, exc)
        temporary.unlink(missing_ok=True)


@requires("database.backup")
def backup_database(
    target: Path | None = None, *, now: datetime, by: int | None = None, reason: str = "manual"
) -> Path:
    """Copy the open database to ``target`` (default: :func:`default_backup_path`), verified.

    The copy's audit chain head is written to a sidecar ``<target>.json``; then a ``backup`` event is
    recorded in the live trail.

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
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                _("FrontDesk cannot write the backup to {path}: {reason}").format(
                    path=target, reason=exc.strerror or exc
                )
            ) from exc
    target = paths.expand_user(target).absolute()
    if target == source:
        raise UserError(_("Choose another file: a backup cannot replace the database it copies."))
    if target.is_dir():
        raise UserError(
            _("{path} is a folder: give the name of the backup file to write in it.").format(
                path=paths.display_path(target)
            )
        )
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
        schema = verify_backup(temporary)
        events, head = read_chain_head(temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())  # on the disk before the name says it is a backup
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
            action=audit.BACKUP,
            record_type="database",
            record_id=None,
            summary=f"{paths.display_path(target)} chain {events}:{head}",
            by=by,
            now=now,
        )
    _write_sidecar(BackupInfo(target, now, reason, schema, events, head, audit.chain_head().hash))
    log.info("backed up %s to %s", source, target)
    return target


# --- automatic backups and rotation ---------------------------------------------------------------------------


def automatic_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """``(time in the name, file)`` of the automatic backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _AUTO_NAME.match(path.name)
        if match:
            found.append((datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"), path))
    return sorted(found)


def backups_to_keep(stamps: list[datetime], *, now: datetime, policy: Rotation = Rotation()) -> set[datetime]:
    """Which backup times survive rotation (a pure function of the times and the policy).

    The newest ``policy.recent``; then, for each of the last ``daily`` days, ``weekly`` ISO weeks and
    ``monthly`` months counted back from ``now``, the newest backup in it. Anything in the future (a clock
    set wrong) is kept rather than trusted to be old.
    """
    ordered = sorted(stamps, reverse=True)
    keep = set(ordered[: policy.recent])
    keep.update(stamp for stamp in ordered if stamp > now)
    today = now.date()

    def newest_per(bucket_of: Callable[[datetime], Hashable], buckets: set[Hashable]) -> None:
        seen: set[Hashable] = set()
        for stamp in ordered:
            bucket = bucket_of(stamp)
            if bucket in buckets and bucket not in seen:
                seen.add(bucket)
                keep.add(stamp)

    days: set[Hashable] = {today - timedelta(days=n) for n in range(policy.daily)}
    newest_per(lambda stamp: stamp.date(), days)
    weeks: set[Hashable] = {
        tuple((today - timedelta(weeks=n)).isocalendar())[:2] for n in range(policy.weekly)
    }
    newest_per(lambda stamp: tuple(stamp.date().isocalendar())[:2], weeks)
    months: set[Hashable] = set()
    year, month = today.year, today.month
    for _n in range(policy.monthly):
        months.add((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    newest_per(lambda stamp: (stamp.year, stamp.month), months)
    return keep


def rotate(folder: Path, *, now: datetime, policy: Rotation = Rotation()) -> list[Path]:
    """Delete the automatic backups (and their sidecars) :func:`backups_to_keep` does not keep.

    Returns:
        The files removed. Manual and before-restore backups are never touched.
    """
    found = automatic_backups(folder)
    keep = backups_to_keep([stamp for stamp, _path in found], now=now, policy=policy)
    removed = []
    for stamp, path in found:
        if stamp in keep:
            continue
        try:
            path.unlink()
            sidecar_path(path).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove old backup %s: %s", path, exc)
            continue
        removed.append(path)
    return removed


def latest_backup(folder: Path) -> BackupInfo | None:
    """The newest backup in ``folder`` that has a readable sidecar."""
    if not folder.is_dir():
        return None
    infos = [
        info
        for path in folder.glob("*.sqlite3")
        if (info := read_backup_info(path)) is not None and path.exists()
    ]
    return max(infos, key=lambda info: (info.created, info.path.name), default=None)


def changed_since(info: BackupInfo | None) -> bool:
    """Whether the live database changed since that backup (every change is an audit event)."""
    if info is None:
        return audit.chain_head().events > 0
    return audit.chain_head().hash not in (info.head_after, info.chain_head)


@requires("database.auto_backup")
def maybe_backup(
    *, now: datetime, reason: str, by: int | None = None, policy: Rotation = Rotation()
) -> Path | None:
    """The automatic backup the app calls on exit (``reason="exit"``) and periodically (``"daily"``).

    On exit: back up when anything changed since the newest backup. Daily: back up when anything changed and
    the newest automatic backup is a day old or more (or there is none). Then rotate the folder.

    Returns:
        The new backup, or None when none was needed.

    Raises:
        UserError: the backup could not be written (full disk, missing folder): the app tells the desk.
    """
    if reason not in AUTOMATIC_REASONS:
        raise ValueError(f"unknown automatic backup reason {reason!r}")
    folder = backup_folder()
    last = latest_backup(folder)
    if not changed_since(last):
        return None
    if reason == "daily":
        automatic = automatic_backups(folder)
        if automatic and now - automatic[-1][0] < timedelta(days=1):
            return None
    target = default_backup_path(now, reason)
    if target.exists():
        return None  # two calls in the same second
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            _("FrontDesk cannot write the backup to {path}: {reason}").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    path = backup_database(target, now=now, by=by, reason=reason)
    rotate(folder, now=now, policy=policy)
    return path
