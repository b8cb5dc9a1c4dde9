"""The audit trail: one event per thing done to a record, hash-chained, written in the caller's transaction.

Every service that creates, changes, deletes, prints or exports a record calls :func:`record_event` inside its
own ``db.atomic()`` block, so the record and its event are committed together or not at all. Each event's
``hash`` is sha256 over the previous event's hash and the canonical JSON of this event (:func:`event_hash`);
:func:`verify_chain` recomputes the chain, which is what ``frontdesk audit verify`` reports.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import peewee

from desktop.models.audit import GENESIS_HASH, AuditEvent
from desktop.models.base import db
from desktop.models.staff import Staff

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
PRINT = "print"
EXPORT = "export"
IMPORT = "import"
BACKUP = "backup"


@dataclass(frozen=True)
class AuditRow:
    """One audit event as the history list shows it.

    Attributes:
        changes: field → ``(old, new)``, values as JSON keeps them (dates are ISO strings).
        staff_name: the person on duty, or ``""`` for the system.
    """

    id: int
    at: datetime
    staff_id: int | None
    staff_name: str
    record_type: str
    record_id: int | None
    action: str
    changes: dict[str, tuple[Any, Any]]
    summary: str


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: dates to ISO text, Decimals to text, bytes to a size note."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        # Binary content (a logo) is not copied into the trail: its size and digest say that it changed.
        data = bytes(value)
        return f"<{len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()[:16]}>"
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    return str(value)


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Field → ``[old, new]`` for every key of either dict whose value differs.

    ``diff({}, values)`` describes a creation, ``diff(values, {})`` a deletion; empty fields are left out of
    those two.
    """
    changes: dict[str, list[Any]] = {}
    for key in list(old) + [key for key in new if key not in old]:
        before, after = jsonable(old.get(key)), jsonable(new.get(key))
        if (key not in old or key not in new) and before in (None, "") and after in (None, ""):
            continue  # an empty field of a created or deleted record says nothing
        if before != after:
            changes[key] = [before, after]
    return changes


def canonical_json(data: Any) -> str:
    """The one JSON spelling hashed and stored: sorted keys, no blanks, UTF-8 characters kept."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def event_payload(
    *,
    at: datetime,
    staff_id: int | None,
    record_type: str,
    record_id: int | None,
    action: str,
    changes: dict[str, Any],
    summary: str,
) -> dict[str, Any]:
    """What the hash covers: every column of the event except ``id``, ``prev_hash`` and ``hash``."""
    return {
        "at": at.isoformat(),
        "staff_id": staff_id,
        "record_type": record_type,
        "record_id": record_id,
        "action": action,
        "changes": changes,
        "summary": summary,
    }


def event_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """sha256 hex of ``prev_hash`` followed by the canonical JSON of ``payload``."""
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


def record_event(
    *,
    action: str,
    record_type: str,
    record_id: int | None,
    changes: dict[str, Any] | None = None,
    summary: str = "",
    by: int | None,
    now: datetime,
) -> None:
    """Append one event to the trail; call it inside the transaction that did the work.

    Args:
        action: ``create``, ``update``, ``delete``, ``print``, ``export`` … (module constants).
        record_type: the record kind, e.g. ``"customer"``.
        record_id: the record's id, or None for something without one (a setting, the database).
        changes: field → ``[old, new]`` (see :func:`diff`).
        summary: a short untranslated note (a number, a file name).
        by: the staff id on duty, or None for the system.
        now: when it happened.

    Raises:
        RuntimeError: when called outside a transaction (a bug: the event could be lost or stand alone).
    """
    if not db.in_transaction():
        raise RuntimeError("record_event must run inside the caller's db.atomic() block")
    changes_data = jsonable(changes or {})
    payload = event_payload(
        at=now,
        staff_id=by,
        record_type=record_type,
        record_id=record_id,
        action=action,
        changes=changes_data,
        summary=summary,
    )
    last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1).tuples().first()
    prev_hash = last[0] if last else GENESIS_HASH
    AuditEvent.insert(
        at=now,
        staff=by,
        record_type=record_type,
        record_id=record_id,
        action=action,
        changes=canonical_json(changes_data),
        summary=summary,
        prev_hash=prev_hash,
        hash=event_hash(prev_hash, payload),
    ).execute()


def _row(event: AuditEvent, staff_name: str | None) -> AuditRow:
    changes = json.loads(event.changes or "{}")
    return AuditRow(
        id=event.id,
        at=event.at,
        staff_id=event.staff_id,
        staff_name=staff_name or "",
        record_type=event.record_type,
        record_id=event.record_id,
        action=event.action,
        changes={key: (value[0], value[1]) for key, value in changes.items()},
        summary=event.summary,
    )


def history(record_type: str, record_id: int | None) -> list[AuditRow]:
    """Every event about one record, oldest first."""
    record_filter = AuditEvent.record_id.is_null() if record_id is None else AuditEvent.record_id == record_id
    # LEFT OUTER: a system event has no staff.
    query = (
        AuditEvent.select(AuditEvent, Staff.id, Staff.name)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(AuditEvent.staff == Staff.id))
        .where((AuditEvent.record_type == record_type) & record_filter)
        .order_by(AuditEvent.id)
    )
    return [_row(event, event.staff.name if event.staff_id else None) for event in query]


def verify_chain() -> list[int]:
    """Ids of events whose ``prev_hash`` or ``hash`` does not match the chain; empty when the trail is intact."""
    bad: list[int] = []
    expected_prev = GENESIS_HASH
    for event in AuditEvent.select().order_by(AuditEvent.id).iterator():
        payload = event_payload(
            at=event.at,
            staff_id=event.staff_id,
            record_type=event.record_type,
            record_id=event.record_id,
            action=event.action,
            changes=json.loads(event.changes or "{}"),
            summary=event.summary,
        )
        if event.prev_hash != expected_prev or event.hash != event_hash(event.prev_hash, payload):
            bad.append(event.id)
        expected_prev = event.hash
    return bad
