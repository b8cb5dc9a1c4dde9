"""Anchors: the trail's head (count, last id, hash) kept where the database file cannot rewrite it.

A hash chain proves that nothing *inside* it changed, but not that its tail is all there: delete the last 200
events and the rest still links. So the head is written down outside the file, sealed with the key of
:mod:`desktop.models.seal`:

- ``<database>.anchor`` beside the file, rewritten after commits that added events (at most once a second;
  pending writes are done when the database closes), and a copy in the user's config folder
  (``anchors/<hash of the database's path>.json``), out of reach of someone who has only the database folder;
- every backup's manifest (:mod:`desktop.services.backup`);
- every printout's footer, in short form (``1257:3f2a9c1b7d0e``), which ``audit verify --printed`` checks.

On opening, an anchor *ahead* of the file (more events than it holds, or another hash at the anchored event)
means saved changes are missing — a ``-wal`` removed, an older copy put in place — and the file is refused as
damaged (:func:`check_at_the_door`). Anchors of another database identity, and anchors whose seal does not
verify here, are ignored at the door (``audit verify`` reports them).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import peewee

from desktop import paths
from desktop.models.seal import Sealer
from desktop.models.trail import canonical_json, state_of

log = logging.getLogger(__name__)

ANCHOR_SUFFIX = ".anchor"
#: Anchors are rewritten at most this often while commits keep coming (seconds).
ANCHOR_INTERVAL = 1.0

#: Results of comparing an anchor with the trail.
MATCHES = "matches"
AHEAD = "ahead"  # the anchor saw more events than the file holds: the tail was cut
DIVERGED = "diverged"  # the anchored event has another hash: the trail was rewritten
FORGED = "forged"  # the anchor's own seal does not verify: the anchor was edited
UNCHECKABLE = "uncheckable"  # sealed with a key this computer does not hold
OTHER_DATABASE = "other database"


@dataclass(frozen=True)
class ChainPoint:
    """Where a trail stands: ``events`` counted, the last event's id and hash."""

    events: int
    last_id: int | None
    hash: str

    @property
    def short(self) -> str:
        """``events:first 12 hex digits`` — the form printed in footers."""
        return f"{self.events}:{self.hash[:12]}"


@dataclass(frozen=True)
class Anchor:
    """A head written down somewhere.

    Attributes:
        where: what holds it (a file path, a backup file, "printout"), for the report.
        identity: the database identity it belongs to ("" when it does not say, e.g. a printout).
        seal: the anchor's own seal, None when it has none (a printout).
    """

    where: str
    identity: str
    point: ChainPoint
    at: datetime | None
    seal: str | None
    fields: dict[str, Any]


def anchor_path(db_path: str | os.PathLike[str]) -> Path:
    """``frontdesk.sqlite3`` → ``frontdesk.sqlite3.anchor`` in the same folder."""
    path = Path(db_path)
    return path.with_name(path.name + ANCHOR_SUFFIX)


def config_anchor_path(db_path: str | os.PathLike[str]) -> Path:
    """The copy in the user's config folder, named by the database's absolute path."""
    name = hashlib.sha256(str(Path(db_path).absolute()).encode("utf-8")).hexdigest()[:16]
    return paths.user_config_dir() / "anchors" / f"{name}.json"


def identity_of(database: peewee.Database) -> str:
    """The database's identity ("" before schema 10)."""
    try:
        row = database.execute_sql("SELECT value FROM database_info WHERE key = 'identity'").fetchone()
    except peewee.OperationalError:
        return ""
    return str(row[0]) if row else ""


def head_of(database: peewee.Database) -> ChainPoint:
    """The trail's head now."""
    count, last_id = database.execute_sql("SELECT count(*), max(id) FROM audit_event").fetchone()
    if not last_id:
        return ChainPoint(0, None, "0" * 64)
    (digest,) = database.execute_sql("SELECT hash FROM audit_event WHERE id = ?", (last_id,)).fetchone()
    return ChainPoint(int(count), int(last_id), str(digest))


def sealed_fields(fields: dict[str, Any]) -> str:
    """The text an anchor's seal covers: its fields as canonical JSON, without the seal itself."""
    return canonical_json({key: value for key, value in fields.items() if key != "seal"})


def anchor_fields(
    identity: str, point: ChainPoint, at: datetime, db_path: str, sealer: Sealer
) -> dict[str, Any]:
    """The fields of an anchor (or a backup manifest's anchor part), sealed."""
    fields: dict[str, Any] = {
        "application": "FrontDesk",
        "identity": identity,
        "events": point.events,
        "last_id": point.last_id,
        "hash": point.hash,
        "at": at.isoformat(timespec="seconds"),
        "database": db_path,
    }
    fields["seal"] = sealer.seal(sealed_fields(fields))
    return fields


def _write_json(target: Path, data: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_anchor(database: peewee.Database) -> bool:
    """Write the head beside the database and in the config folder; False (logged) when it could not be.

    Never raises: an anchor that could not be written costs only a weaker check, never a save.
    """
    state = state_of(database)
    db_path = str(Path(str(database.database)).absolute())
    try:
        fields = anchor_fields(
            identity_of(database), head_of(database), datetime.now(), db_path, state.sealer
        )
        for target in (anchor_path(db_path), config_anchor_path(db_path)):
            _write_json(target, fields)
    except (OSError, peewee.DatabaseError) as exc:
        log.warning("could not write the audit anchor of %s: %s", db_path, exc)
        return False
    state.events_written = 0
    state.anchored_at = time.monotonic()
    return True


def after_commit(database: peewee.Database) -> None:
    """Anchor the head if events were added and the last anchor is at least :data:`ANCHOR_INTERVAL` old."""
    state = state_of(database)
    if not state.events_written or not state.tracking:
        return
    if time.monotonic() - state.anchored_at >= ANCHOR_INTERVAL:
        write_anchor(database)


def before_close(database: peewee.Database) -> None:
    """Write a pending anchor before the connection closes."""
    state = state_of(database)
    if state.events_written and state.tracking:
        write_anchor(database)


def anchor_from(fields: dict[str, Any], where: str) -> Anchor:
    """An :class:`Anchor` from its stored fields.

    Raises:
        ValueError, KeyError, TypeError: the fields are not an anchor.
    """
    point = ChainPoint(
        events=int(fields["events"]),
        last_id=None if fields.get("last_id") is None else int(fields["last_id"]),
        hash=str(fields["hash"]),
    )
    at = datetime.fromisoformat(str(fields["at"])) if fields.get("at") else None
    return Anchor(where, str(fields.get("identity", "")), point, at, fields.get("seal"), dict(fields))


def read_anchor_file(path: Path) -> Anchor | None:
    """The anchor stored in ``path``; None when there is none or it is unreadable."""
    try:
        return anchor_from(json.loads(path.read_text(encoding="utf-8")), str(path))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def file_anchors(db_path: str | os.PathLike[str]) -> list[Anchor]:
    """The anchors kept for the database at ``db_path``: beside it and in the config folder."""
    found = []
    for path in (anchor_path(db_path), config_anchor_path(db_path)):
        anchor = read_anchor_file(path)
        if anchor is not None:
            found.append(anchor)
    return found


def seal_state(anchor: Anchor, sealer: Sealer) -> bool | None:
    """True: sealed here and valid; False: forged; None: no seal or another computer's key."""
    if not anchor.seal:
        return None
    return sealer.check(str(anchor.seal), sealed_fields(anchor.fields))


def compare(database: peewee.Database, point: ChainPoint, *, prefix: bool = False) -> str:
    """How the trail stands against an anchored point: :data:`MATCHES`, :data:`AHEAD` or :data:`DIVERGED`.

    Args:
        prefix: ``point.hash`` is only the first digits (a printout).
    """
    if point.events == 0 or point.last_id is None:
        return MATCHES
    row = database.execute_sql("SELECT hash FROM audit_event WHERE id = ?", (point.last_id,)).fetchone()
    if row is None:
        return AHEAD
    stored = str(row[0])
    if (stored.startswith(point.hash) if prefix else stored == point.hash) is False:
        return DIVERGED
    (count,) = database.execute_sql(
        "SELECT count(*) FROM audit_event WHERE id <= ?", (point.last_id,)
    ).fetchone()
    return MATCHES if int(count) == point.events else DIVERGED


def check_at_the_door(database: peewee.Database, db_path: Path, sealer: Sealer) -> Anchor | None:
    """The first trusted anchor whose last event this file does not hold (saved changes missing), else None.

    Only anchors of this database's identity sealed with a key held here count: anything else could be planted
    to keep the desk out of its own database.
    """
    identity = identity_of(database)
    for anchor in file_anchors(db_path):
        if anchor.identity != identity or seal_state(anchor, sealer) is not True:
            continue
        if anchor.point.last_id is None:
            continue
        # Only a missing anchored event counts here; an event changed or removed in the middle of a trail that
        # still reaches the anchor is tampering, for ``audit verify`` to report, not a reason to lock the desk out.
        row = database.execute_sql(
            "SELECT 1 FROM audit_event WHERE id = ?", (anchor.point.last_id,)
        ).fetchone()
        if row is None:
            return anchor
    return None


def reset_anchors(database: peewee.Database) -> None:
    """Anchor the file as it is now, whatever the old anchors said (after a restore put an older file in place)."""
    write_anchor(database)
