"""Backups: a verified copy of the open database, made while the desk keeps working, and their rotation.

Spec §2.14 (seed 002:218-220) asks for regular backups; issue 9 for automatic ones. SQLite's online backup API
copies a consistent snapshot even while another connection writes; the copy goes to a temporary file beside
the target, is checked (integrity, that it is a FrontDesk file, its schema version) and only then renamed into
place, so a failed backup never leaves a half-written file under the target's name or replaces a good older one.

Every database has its own **series**: a folder ``<backup folder>/<file name>-<identity>`` named by the random
identity the file was given (schema 10), so the demo and the office database never share one, and rotation
prunes each series on its own. Every backup gets a sidecar manifest ``<file>.json`` naming the source file and
its identity, the audit chain head *inside the copy* (count, last id and hash: an anchor of the trail, sealed
like :mod:`desktop.models.anchor`'s), when it was made and that it passed its checks — so a backup can be
matched with printed forms and with ``audit verify`` without opening it, and :func:`maybe_backup` knows
whether anything changed since the last one. The live database gets a full ``integrity_check`` before every
backup (a damaged file is refused, not copied over good backups), the copy a quick check. Automatic backups
(on exit, daily) go to the ``backup.folder`` setting (default ``<user data folder>/backups``) and are rotated:
the most recent few, plus the newest of each recent day, week and month (:func:`backups_to_keep`). Two backups
in the same second get ``-2``, ``-3`` … rather than one being skipped.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import anchor, migrations, trail
from desktop.models.audit import GENESIS_HASH
from desktop.models.base import db
from desktop.models.database import (
    APPLICATION_ID,
    SQLITE_HEADER,
    DamagedDatabaseError,
    integrity_problems,
)
from desktop.models.seal import Sealer
from desktop.services import audit, location
from desktop.services.authz import requires

log = logging.getLogger(__name__)

FOLDER_SETTING = "backup.folder"
SIDECAR_SUFFIX = ".json"
#: Reasons of automatic backups; only these files are ever rotated away.
AUTOMATIC_REASONS = ("exit", "daily")
#: A backup taken by FrontDesk itself before something risky; kept, never rotated.
BEFORE_RESTORE = "before-restore"
_AUTO_NAME = re.compile(r"^frontdesk-(\d{8}-\d{6})-(" + "|".join(AUTOMATIC_REASONS) + r")(?:-\d+)?\.sqlite3$")
#: In the user's config folder: database file → its series folder, so a damaged database (whose settings
#: cannot be read) still finds its backups.
SERIES_INDEX = "backup-series.json"


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
    """A backup file and what its manifest (sidecar) says.

    Attributes:
        chain_events, chain_head, chain_last_id: the audit trail inside the copy (count, last hash, last id).
        head_after: the live trail's head after the backup event was recorded ("" when unknown): while the
            live head still equals it, nothing has changed since this backup.
        reason: ``manual``, ``exit``, ``daily``, ``before-restore`` …
        identity: the identity of the database copied ("" for a backup made before schema 10).
        source: the database file copied.
        verified: the copy passed its checks when it was written.
        size: the file's size then (a different size now means the file was changed or cut).
        fields: the manifest as stored (its anchor part and seal are checked by ``audit verify``).
    """

    path: Path
    created: datetime
    reason: str
    schema: int
    chain_events: int
    chain_head: str
    head_after: str
    identity: str = ""
    source: str = ""
    chain_last_id: int | None = None
    verified: bool = False
    size: int = 0
    fields: dict[str, Any] = field(default_factory=dict)

    def intact(self) -> bool:
        """The file is there with the size it had when it was verified, and still starts like a SQLite file."""
        try:
            if self.size and self.path.stat().st_size != self.size:
                return False
            with self.path.open("rb") as handle:
                return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
        except OSError:
            return False


def backup_folder() -> Path:
    """The folder automatic backups go to: the ``backup.folder`` setting, else ``<user data>/backups``."""
    configured = ""
    if db.obj is not None:
        from desktop.services import settings

        configured = settings.get_setting(FOLDER_SETTING) or ""
    return paths.expand_user(configured) if configured else paths.user_data_dir() / "backups"


def series_folder(root: Path | None = None) -> Path:
    """The open database's own backup folder: ``<backup folder>/<file name>-<first 8 digits of its identity>``.

    An existing folder with this identity is used whatever its name (the file may have been renamed since).
    """
    root = root if root is not None else backup_folder()
    database = db.obj
    if database is None:
        return root
    identity = anchor.identity_of(database)
    if not identity:
        return root
    suffix = f"-{identity[:8]}"
    with contextlib.suppress(OSError):
        for child in sorted(root.iterdir()):
            if child.is_dir() and child.name.endswith(suffix):
                return child
    return root / f"{Path(str(database.database)).stem}{suffix}"


def _unique(path: Path) -> Path:
    """``path``, or ``name-2.sqlite3``, ``name-3.sqlite3`` … when it is taken."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def default_backup_path(now: datetime, reason: str | None = None) -> Path:
    """``<series folder>/frontdesk-YYYYMMDD-HHMMSS[-reason][-N].sqlite3``: never a name already taken."""
    suffix = f"-{reason}" if reason else ""
    return _unique(series_folder() / f"frontdesk-{now:%Y%m%d-%H%M%S}{suffix}.sqlite3")


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


def verify_backup(path: Path, *, full: bool = True) -> int:
    """Check that ``path`` is a sound FrontDesk database this version can open.

    Args:
        full: ``integrity_check`` (every index against its table); else ``quick_check`` (every page), enough
            for a fresh copy of a database that has just passed the full check.

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
        pragma = "integrity_check" if full else "quick_check"
        check = [row[0] for row in connection.execute(f"PRAGMA {pragma}").fetchall()]
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
    point = read_chain_point(path)
    return point.events, point.hash


def read_chain_point(path: Path) -> anchor.ChainPoint:
    """Count, last id and last hash of the audit trail inside a FrontDesk file, read without writing."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT count(*), max(id), (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1) FROM audit_event"
        ).fetchone()
    finally:
        connection.close()
    return anchor.ChainPoint(
        int(row[0]), None if row[1] is None else int(row[1]), str(row[2] or GENESIS_HASH)
    )


def read_identity(path: Path) -> str:
    """The identity of the database in a FrontDesk file ("" before schema 10 or when unreadable)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return ""
    try:
        row = connection.execute("SELECT value FROM database_info WHERE key = 'identity'").fetchone()
    except sqlite3.Error:
        return ""
    finally:
        connection.close()
    return str(row[0]) if row else ""


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
            identity=str(data.get("identity", "")),
            source=str(data.get("database", "")),
            chain_last_id=None if data.get("last_id") is None else int(data["last_id"]),
            verified=data.get("verified") is True,
            size=int(data.get("size", 0)),
            fields=dict(data),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def manifest_anchor(info: BackupInfo) -> anchor.Anchor | None:
    """The trail anchor a backup's manifest holds (None for a manifest from before schema 10)."""
    if not info.identity or "hash" not in info.fields:
        return None
    try:
        return anchor.anchor_from(info.fields, str(info.path))
    except (ValueError, KeyError, TypeError):
        return None


def _write_sidecar(info: BackupInfo, point: anchor.ChainPoint, sealer: Sealer) -> None:
    fields = anchor.anchor_fields(info.identity, point, info.created, info.source, sealer)
    data = {
        **fields,
        "created": info.created.isoformat(),
        "reason": info.reason,
        "schema": info.schema,
        "chain_events": info.chain_events,
        "chain_head": info.chain_head,
        "head_after": info.head_after,
        "verified": info.verified,
        "size": info.size,
    }
    data["seal"] = sealer.seal(anchor.sealed_fields(data))
    target = sidecar_path(info.path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        # The backup itself is sound and carries its own trail; a missing sidecar only costs a re-read.
        log.warning("could not write %s: %s", target, exc)
        temporary.unlink(missing_ok=True)


def _series_index_path() -> Path:
    return paths.user_config_dir() / SERIES_INDEX


def _remember_series(source: Path, folder: Path, identity: str) -> None:
    """Note in the config folder where this database's backups go (read when the database cannot be)."""
    index_path = _series_index_path()
    try:
        index = json.loads(index_path.read_text(encoding="utf-8")) if index_path.is_file() else {}
        if not isinstance(index, dict):
            index = {}
    except (OSError, ValueError):
        index = {}
    entry = {"folder": str(folder), "identity": identity}
    if index.get(str(source)) == entry:
        return
    index[str(source)] = entry
    try:
        index_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = index_path.with_name(f".{index_path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(index, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, index_path)
    except OSError as exc:
        log.warning("could not note the backup folder of %s: %s", source, exc)


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
    problems = integrity_problems(database)
    if problems:
        # A damaged file copied over good backups would only push them out of the rotation.
        raise DamagedDatabaseError(
            source,
            _("the integrity check before the backup reports {first} ({count} in all).").format(
                count=len(problems), first=problems[0]
            ),
            problems,
        )
    if target is None:
        target = default_backup_path(now, None if reason == "manual" else reason)
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
        schema = verify_backup(temporary, full=False)
        point = read_chain_point(temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())  # on the disk before the name says it is a backup
        size = temporary.stat().st_size
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        reason_text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UserError(
            _("FrontDesk cannot write the backup to {path}: {reason}").format(path=target, reason=reason_text)
        ) from exc
    finally:
        for leftover in (temporary, Path(f"{temporary}-journal")):
            leftover.unlink(missing_ok=True)
    with db.atomic():
        audit.record_event(
            action=audit.BACKUP,
            record_type="database",
            record_id=None,
            summary=f"{paths.display_path(target)} chain {point.events}:{point.hash}",
            by=by,
            now=now,
        )
    identity = anchor.identity_of(database)
    info = BackupInfo(
        target,
        now,
        reason,
        schema,
        point.events,
        point.hash,
        audit.chain_head().hash,
        identity=identity,
        source=str(source),
        chain_last_id=point.last_id,
        verified=True,
        size=size,
    )
    _write_sidecar(info, point, trail.state_of(database).sealer)
    if target.parent == series_folder():
        _remember_series(source, target.parent, identity)
    anchor.write_anchor(database)
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
        # A new database holds only its baseline event: nothing the desk did yet.
        row = db.execute_sql(
            "SELECT 1 FROM audit_event WHERE action != ? LIMIT 1", (trail.BASELINE_ACTION,)
        ).fetchone()
        return row is not None
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
    folder = series_folder()
    last = latest_backup(folder)
    if not changed_since(last):
        return None
    if reason == "daily":
        automatic = automatic_backups(folder)
        if automatic and now - automatic[-1][0] < timedelta(days=1):
            return None
    target = default_backup_path(now, reason)
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


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """The open database's own series (or ``folder``), newest first; a file without a manifest is left out."""
    folder = folder if folder is not None else series_folder()
    if not folder.is_dir():
        return []
    infos = [info for path in folder.glob("*.sqlite3") if (info := read_backup_info(path)) is not None]
    return sorted(infos, key=lambda info: (info.created, info.path.name), reverse=True)


def series_of(db_path: Path, identity: str = "") -> list[BackupInfo]:
    """Every backup of the database at ``db_path`` (or of ``identity``), newest first, without opening it.

    For a database too damaged to read its settings: the series folder noted in the config folder when its
    last backup was made, plus any series under the default backup folder whose manifests name this file.
    """
    db_path = Path(db_path).absolute()
    folders: list[Path] = []
    try:
        index = json.loads(_series_index_path().read_text(encoding="utf-8"))
        entry = index.get(str(db_path)) if isinstance(index, dict) else None
        if isinstance(entry, dict) and entry.get("folder"):
            folders.append(Path(str(entry["folder"])))
            identity = identity or str(entry.get("identity", ""))
    except (OSError, ValueError):
        pass
    default_root = paths.user_data_dir() / "backups"
    with contextlib.suppress(OSError):
        folders += sorted(child for child in default_root.iterdir() if child.is_dir())
    found: dict[Path, BackupInfo] = {}
    for folder in folders:
        for info in list_backups(folder):
            belongs = (identity and info.identity == identity) or info.source == str(db_path)
            if belongs and info.path not in found:
                found[info.path] = info
    return sorted(found.values(), key=lambda info: (info.created, info.path.name), reverse=True)


def newest_verified_backup(db_path: Path, identity: str = "") -> BackupInfo | None:
    """The newest backup of the database at ``db_path`` that was verified and is still whole."""
    for info in series_of(db_path, identity):
        if info.verified and info.intact():
            return info
    return None
