"""The audit trail: one event per thing done to a record, hash-chained, written in the caller's transaction.

Every service that creates, changes, deletes, prints or exports a record calls :func:`record_event` inside its
own ``db.atomic()`` block, so the record and its event are committed together or not at all. Each event's
``hash`` is sha256 over the previous event's hash and the canonical JSON of this event (:func:`event_hash`);
:func:`verify_chain` recomputes the chain, which is what ``frontdesk audit verify`` reports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
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
RESTORE = "restore"
PURGE = "purge"

#: Key of a purge event's ``changes``: ``[[event id, hash], …]`` of the events it redacted.
REDACTED_KEY = "redacted_events"
#: What a redacted event's ``changes`` hold instead of the purged personal data.
REDACTED_CHANGES = '{"$redacted":true}'


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


def record_events(events: Sequence[Mapping[str, Any]], *, by: int | None, now: datetime) -> None:
    """Append several events at once, chained as :func:`record_event` chains them (an import's rows).

    Each event holds :func:`record_event`'s ``action``, ``record_type``, ``record_id`` and optionally
    ``changes`` and ``summary``; all happen at ``now`` by ``by``. One read of the trail's head and one insert
    per hundred events instead of two statements per event.

    Raises:
        RuntimeError: when called outside a transaction.
    """
    if not events:
        return
    if not db.in_transaction():
        raise RuntimeError("record_events must run inside the caller's db.atomic() block")
    last = AuditEvent.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1).tuples().first()
    prev_hash = last[0] if last else GENESIS_HASH
    rows = []
    for event in events:
        changes_data = jsonable(event.get("changes") or {})
        summary = str(event.get("summary") or "")
        payload = event_payload(
            at=now,
            staff_id=by,
            record_type=event["record_type"],
            record_id=event["record_id"],
            action=event["action"],
            changes=changes_data,
            summary=summary,
        )
        digest = event_hash(prev_hash, payload)
        rows.append(
            {
                "at": now,
                "staff": by,
                "record_type": event["record_type"],
                "record_id": event["record_id"],
                "action": event["action"],
                "changes": canonical_json(changes_data),
                "summary": summary,
                "prev_hash": prev_hash,
                "hash": digest,
            }
        )
        prev_hash = digest
    for start in range(0, len(rows), 100):
        AuditEvent.insert_many(rows[start : start + 100]).execute()


def _pairs(changes: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Field → (old, new) as stored; a redacted event shows none, a purge's list of events as its new value."""
    if changes.get("$redacted") is True:
        return {}
    return {
        key: (value[0], value[1])
        if key != REDACTED_KEY and isinstance(value, list) and len(value) == 2
        else (None, value)
        for key, value in changes.items()
    }


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
        changes=_pairs(changes),
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
    return list(verify_report(check_records=False).broken_ids)


# --- the chain head and verification (``frontdesk audit verify``) --------------------------------------------


@dataclass(frozen=True)
class ChainHead:
    """Where the trail stands: printed on forms and stored with backups.

    Attributes:
        events: how many events the trail holds.
        hash: the last event's hash (:data:`GENESIS_HASH` for an empty trail).
        last_id: the last event's id, None for an empty trail.
    """

    events: int
    hash: str
    last_id: int | None

    @property
    def short(self) -> str:
        """The first 12 hex digits: enough to compare a printout with ``audit verify`` by eye."""
        return self.hash[:12]


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose link does not hold.

    Attributes:
        at: the event's time as stored (text: an edited row may not even hold a valid time).
        reason: untranslated, for logs and the command line (``hash``, ``prev_hash``, ``unreadable``).
    """

    event_id: int
    at: str
    record_type: str
    record_id: int | None
    reason: str


@dataclass(frozen=True)
class RecordMismatch:
    """A record whose stored value differs from what its audit events say (an out-of-band edit).

    Attributes:
        field: the column that differs, or ``""`` when the whole row is missing or unexpected.
        stored: the value in the table (None when the row is missing).
        expected: the value the trail says (None when the trail says the row does not exist).
        last_event_id: the last event about the record, None when the trail knows no such record.
    """

    record_type: str
    record_id: int
    field: str
    stored: Any
    expected: Any
    last_event_id: int | None


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_report` found: intact when ``first_break`` and ``mismatches`` are both empty."""

    head: ChainHead
    first_break: ChainBreak | None
    broken_ids: tuple[int, ...]
    mismatches: tuple[RecordMismatch, ...]

    @property
    def intact(self) -> bool:
        """Every link holds and every checked record matches its trail."""
        return self.first_break is None and not self.mismatches


#: record type → (table, columns): tables whose every change is written by a service with a full diff, so
#: replaying the trail must give exactly the stored row. Kinds register with :func:`register_replayable`.
#: Only records the trail knows are replayed (bulk demo rows have no per-row events), plus any row newer than
#: all of them, which can only have been added outside FrontDesk.
_REPLAYABLE: dict[str, tuple[str, tuple[str, ...]]] = {
    "customer": ("customer", ("name", "mobile", "office_phone", "organisation", "address")),
}


def register_replayable(record_type: str, table: str, columns: tuple[str, ...]) -> None:
    """Declare that ``table``'s ``columns`` are only ever written through audited services with full diffs."""
    _REPLAYABLE[record_type] = (table, tuple(columns))


def chain_head() -> ChainHead:
    """The trail's current head (count and last hash)."""
    count, last_id = db.execute_sql("SELECT count(*), max(id) FROM audit_event").fetchone()
    if not last_id:
        return ChainHead(events=0, hash=GENESIS_HASH, last_id=None)
    row = db.execute_sql("SELECT hash FROM audit_event WHERE id = ?", (last_id,)).fetchone()
    return ChainHead(events=int(count), hash=str(row[0]), last_id=int(last_id))


def redact_events(record_type: str, record_ids: list[int]) -> list[tuple[int, str]]:
    """Remove the content of every event about these records (a purge); returns ``(id, hash)`` of each.

    Call inside the purge's transaction, then record the purge event with these pairs under
    :data:`REDACTED_KEY`: that event is what lets :func:`verify_report` accept the redactions.
    """
    if not db.in_transaction():
        raise RuntimeError("redact_events must run inside the purge's db.atomic() block")
    pairs: list[tuple[int, str]] = []
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        marks = ", ".join("?" for _id in chunk)
        rows = db.execute_sql(
            f"SELECT id, hash FROM audit_event WHERE record_type = ? AND record_id IN ({marks}) ORDER BY id",
            (record_type, *chunk),
        ).fetchall()
        pairs += [(int(row[0]), str(row[1])) for row in rows]
        db.execute_sql(
            f"UPDATE audit_event SET changes = ?, summary = '' WHERE record_type = ? AND record_id IN ({marks})",
            (REDACTED_CHANGES, record_type, *chunk),
        )
    return sorted(pairs)


def _vouched_redactions() -> dict[int, str]:
    """Event id → hash for every event a purge event says it redacted."""
    vouched: dict[int, str] = {}
    for (changes,) in db.execute_sql("SELECT changes FROM audit_event WHERE action = ?", (PURGE,)):
        try:
            pairs = json.loads(changes or "{}").get(REDACTED_KEY, [])
            vouched.update({int(event_id): str(event_hash) for event_id, event_hash in pairs})
        except (ValueError, TypeError, AttributeError):
            continue  # an unreadable purge event fails its own hash check
    return vouched


def _event_problem(
    row: tuple[Any, ...], expected_prev: str, vouched: dict[int, str] | None = None
) -> str | None:
    """Why one raw ``audit_event`` row breaks the chain, or None when its link holds."""
    event_id, at, staff_id, record_type, record_id, action, changes, summary, prev_hash, stored_hash = row
    if prev_hash != expected_prev:
        return "prev_hash"
    if changes == REDACTED_CHANGES and summary == "":
        # Content removed by a purge: valid exactly when a (chained) purge event vouches for this hash.
        return None if (vouched or {}).get(event_id) == stored_hash else "hash"
    try:
        moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        payload = event_payload(
            at=moment,
            staff_id=staff_id,
            record_type=record_type,
            record_id=record_id,
            action=action,
            changes=json.loads(changes or "{}"),
            summary=summary,
        )
        computed = event_hash(prev_hash, payload)
    except (ValueError, TypeError):
        return "unreadable"
    return None if computed == stored_hash else "hash"


_EVENT_COLUMNS = "id, at, staff_id, record_type, record_id, action, changes, summary, prev_hash, hash"


def verify_report(*, check_records: bool = True) -> ChainReport:
    """Recompute the whole chain from raw rows, then (optionally) replay replayable records against their tables.

    Read with plain SQL rather than the model, so a row edited into nonsense (a time that is no time) is
    reported as broken instead of crashing the check.
    """
    broken: list[int] = []
    first: ChainBreak | None = None
    expected_prev = GENESIS_HASH
    count = 0
    last_id: int | None = None
    vouched = _vouched_redactions()
    cursor = db.execute_sql(f"SELECT {_EVENT_COLUMNS} FROM audit_event ORDER BY id")
    for row in cursor:
        count += 1
        last_id = row[0]
        problem = _event_problem(row, expected_prev, vouched)
        if problem is not None:
            broken.append(row[0])
            if first is None:
                first = ChainBreak(row[0], str(row[1]), str(row[3]), row[4], problem)
        expected_prev = row[9]
    head = ChainHead(events=count, hash=expected_prev, last_id=last_id)
    mismatches = _replay_mismatches() if check_records else []
    return ChainReport(head, first, tuple(broken), tuple(mismatches))


def _comparable(value: Any) -> Any:
    """Stored and trail values side by side: blanks alike, booleans as 0/1, ISO times with a blank."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and len(value) >= 19 and value[10] == "T" and value[:4].isdigit():
        return value.replace("T", " ", 1)
    return value


def _replay_mismatches() -> list[RecordMismatch]:
    found: list[RecordMismatch] = []
    tables = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for record_type, (table, columns) in sorted(_REPLAYABLE.items()):
        if table not in tables:
            continue
        expected: dict[int, dict[str, Any] | None] = {}
        last_event: dict[int, int] = {}
        events = db.execute_sql(
            "SELECT id, record_id, action, changes FROM audit_event "
            "WHERE record_type = ? AND record_id IS NOT NULL ORDER BY id",
            (record_type,),
        )
        for event_id, record_id, action, changes_text in events:
            try:
                changes = json.loads(changes_text or "{}")
            except ValueError:
                continue  # the chain check reports that row
            last_event[record_id] = event_id
            if action in (DELETE, PURGE) or changes == {"$redacted": True}:
                expected[record_id] = None
                continue
            state = expected.get(record_id) or {}
            if action == CREATE:
                state = {}
            for key, pair in changes.items():
                if isinstance(pair, list) and len(pair) == 2:
                    state[key] = pair[1]
            expected[record_id] = state
        quoted = ", ".join(f'"{column}"' for column in columns)
        stored = {
            row[0]: dict(zip(columns, row[1:], strict=True))
            for row in db.execute_sql(f'SELECT id, {quoted} FROM "{table}" ORDER BY id')
        }
        for record_id in sorted(set(expected) | set(stored)):
            wanted = expected.get(record_id)
            row = stored.get(record_id)
            if record_id not in expected:
                # Rows bulk-written without a per-row event (demo data) are older than the trail's records; a
                # row newer than every record the trail knows was inserted behind FrontDesk's back.
                if expected and record_id > max(expected):
                    found.append(RecordMismatch(record_type, record_id, "", "row", None, None))
                continue
            if wanted is None or row is None:
                if wanted is not None or row is not None:
                    found.append(
                        RecordMismatch(
                            record_type,
                            record_id,
                            "",
                            "row" if row is not None else None,
                            "row" if wanted is not None else None,
                            last_event[record_id],
                        )
                    )
                continue
            for column in columns:
                if _comparable(row[column]) != _comparable(wanted.get(column)):
                    found.append(
                        RecordMismatch(
                            record_type,
                            record_id,
                            column,
                            row[column],
                            wanted.get(column),
                            last_event[record_id],
                        )
                    )
    return found
