"""Drafts: what is typed in an entry dialog, kept on disk until it is saved or thrown away.

The dialog calls :func:`save_draft` shortly after each change (debounced) and :func:`discard_draft` once the
record is saved or the desk cancels. Whatever is left at the next start-up belongs to a session that ended
without either — a crash, a power cut, a killed process — and :func:`pending_drafts` offers it back.

Drafts are small JSON files in ``<user data folder>/drafts/``, not rows of the database, on purpose:

- a draft must survive exactly the failures that stop a save: a full disk *as seen by SQLite*
  (``max_page_count``, a quota), a read-only or locked database file, a database on a stick that was pulled
  out. A separate small file in the user's own folder is written even then;
- a draft is not a record: it has no number, no audit event, and it belongs to this computer's desk (the
  database may be shared later, drafts are not);
- each file is written to a temporary name, flushed to disk and renamed, so a crash mid-write leaves the old
  draft or the new one, never half of one.

Values keep their types through JSON with small tags (``{"$date": "2026-03-16"}``), so a draft offered back
fills the dialog with exactly what was typed, lone surrogates and all (``json`` escapes them).
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.errors import UserError
from desktop.i18n import _
from desktop.services.instance_lock import pid_alive

log = logging.getLogger(__name__)

_ID = re.compile(r"^[A-Za-z0-9_.-]{1,120}$")
FORMAT = 1


@dataclass(frozen=True)
class Draft:
    """One kept draft.

    Attributes:
        id: the draft's name (pass it back to :func:`save_draft` to update the same draft).
        form_slug: the form definition the values follow.
        record_id: the record being edited, None for a new one.
        values: field key → value as the dialog holds it.
        saved_at: when it was last written (computer clock; only shown to the desk).
        db_path: the database the dialog was working on ("" when unknown).
    """

    id: str
    form_slug: str
    record_id: int | None
    values: dict[str, Any]
    saved_at: datetime
    db_path: str


def drafts_dir() -> Path:
    """``<user data folder>/drafts``."""
    return paths.user_data_dir() / "drafts"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": {str(key): _encode(item) for key, item in value.items()}}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict) and len(value) == 1:
        ((tag, item),) = value.items()
        if tag == "$datetime":
            return datetime.fromisoformat(item)
        if tag == "$date":
            return date.fromisoformat(item)
        if tag == "$time":
            return time.fromisoformat(item)
        if tag == "$decimal":
            return Decimal(item)
        if tag == "$dict":
            return {str(key): _decode(inner) for key, inner in item.items()}
    return value


def new_draft_id(form_slug: str, record_id: int | None) -> str:
    """A name for a new draft: stable per edited record, unique per new one."""
    if record_id is not None:
        return f"{form_slug}-record-{int(record_id)}"
    return f"{form_slug}-new-{uuid.uuid4().hex[:12]}"


def _file(draft_id: str) -> Path:
    if not _ID.match(draft_id):
        raise ValueError(f"bad draft id {draft_id!r}")
    return drafts_dir() / f"{draft_id}.json"


def save_draft(
    form_slug: str,
    record_id: int | None,
    values: dict[str, Any],
    *,
    draft_id: str | None = None,
    db_path: str | os.PathLike[str] | None = None,
    saved_at: datetime | None = None,
) -> Draft:
    """Write (or overwrite) a draft atomically and return it.

    Raises:
        UserError: the drafts folder cannot be written (disk full, read-only); the dialog keeps its contents
            and says so.
    """
    draft_id = draft_id or new_draft_id(form_slug, record_id)
    target = _file(draft_id)
    saved_at = saved_at or datetime.now().replace(microsecond=0)
    document = {
        "format": FORMAT,
        "id": draft_id,
        "form_slug": form_slug,
        "record_id": record_id,
        "values": _encode(values),
        "saved_at": saved_at.isoformat(),
        "db_path": os.fspath(db_path) if db_path is not None else "",
        "host": socket.gethostname(),
        "pid": os.getpid(),
    }
    # ensure_ascii: a lone surrogate typed into a field is kept as an escape instead of failing to encode.
    data = json.dumps(document, ensure_ascii=True, sort_keys=True).encode("ascii")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(
            _("FrontDesk could not keep a draft of this form ({reason}); keep the window open.").format(
                reason=exc.strerror or exc
            )
        ) from exc
    return Draft(draft_id, form_slug, record_id, dict(values), saved_at, document["db_path"])


def _read(path: Path) -> tuple[Draft, str, int] | None:
    try:
        document = json.loads(path.read_text(encoding="ascii"))
        draft = Draft(
            id=str(document["id"]),
            form_slug=str(document["form_slug"]),
            record_id=None if document["record_id"] is None else int(document["record_id"]),
            values=_decode(document["values"]),
            saved_at=datetime.fromisoformat(document["saved_at"]),
            db_path=str(document.get("db_path", "")),
        )
        return draft, str(document.get("host", "")), int(document.get("pid", 0))
    except (OSError, ValueError, KeyError, TypeError, ArithmeticError):
        log.warning("unreadable draft %s left in place", path)
        return None


def load_draft(draft_id: str) -> Draft | None:
    """The draft with this id, or None."""
    found = _read(_file(draft_id))
    return found[0] if found else None


def pending_drafts(
    *, db_path: str | os.PathLike[str] | None = None, include_live: bool = False
) -> list[Draft]:
    """Drafts left behind by sessions that ended without saving, oldest first.

    Args:
        db_path: only drafts made on this database (and those that do not say).
        include_live: also drafts of FrontDesk processes still running on this computer (normally they
            belong to another open window and are not offered).
    """
    folder = drafts_dir()
    if not folder.is_dir():
        return []
    wanted = os.path.abspath(os.fspath(db_path)) if db_path is not None else None
    me = (socket.gethostname(), os.getpid())
    drafts = []
    for path in sorted(folder.glob("*.json")):
        found = _read(path)
        if found is None:
            continue
        draft, host, pid = found
        if wanted is not None and draft.db_path and os.path.abspath(draft.db_path) != wanted:
            continue
        if not include_live and host == me[0] and pid != me[1] and pid_alive(pid):
            continue
        drafts.append(draft)
    drafts.sort(key=lambda draft: (draft.saved_at, draft.id))
    return drafts


def discard_draft(draft_id: str) -> None:
    """Forget a draft (saved or thrown away); nothing happens when there is none."""
    _file(draft_id).unlink(missing_ok=True)
