"""The audit trail: one event per thing done to a record, hash-chained, sealed, with the rows it left behind.

Every service that creates, changes, deletes, prints or exports a record calls :func:`record_event` inside its
own ``db.atomic()`` block, so the record and its event are committed together or not at all. The event carries
the after-image of every row the transaction wrote (noted by triggers on the connection, see
:mod:`desktop.models.trail`: no service can forget one). Each event's ``hash`` is sha256 over the previous
event's hash, the canonical JSON of this event and its images' digests (:func:`event_hash`); its ``seal`` is an
HMAC of that hash with a key kept outside the file (:mod:`desktop.models.seal`).

:func:`verify_report` is what ``frontdesk audit verify`` reports: every link, every seal it can check, every
image against its digest, then every live row of every replayed table (:mod:`desktop.models.replay`) against its
newest image, named by table, number and field. Anchors outside the file are compared by
:mod:`desktop.services.anchors`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import peewee

from desktop.i18n import _
from desktop.models import replay, trail
from desktop.models.audit import GENESIS_HASH, AuditEvent
from desktop.models.base import db
from desktop.models.seal import Sealer
from desktop.models.staff import Staff
from desktop.models.trail import canonical_json, event_hash, event_payload, images_digest

__all__ = ["canonical_json", "event_hash", "event_payload"]

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

    The event takes the after-image of every row written since the transaction's previous event.

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
    trail.append_event(
        db.obj,
        at=now,
        staff_id=by,
        record_type=record_type,
        record_id=record_id,
        action=action,
        changes=jsonable(changes or {}),
        summary=summary,
    )


def record_events(events: Sequence[Mapping[str, Any]], *, by: int | None, now: datetime) -> None:
    """Append several events at once, as :func:`record_event` one by one would (an import's rows).

    Each event holds :func:`record_event`'s ``action``, ``record_type``, ``record_id`` and optionally
    ``changes`` and ``summary``; all happen at ``now`` by ``by``. Call it after writing the rows: each event
    carries the after-image of its own record's row, the first one every other row written since the
    transaction's previous event (:func:`desktop.models.trail.append_events`). The chain, images and seals are
    what :func:`record_event` writes, in a few statements per hundred events instead of several per event.

    Raises:
        RuntimeError: when called outside a transaction.
    """
    if not events:
        return
    if not db.in_transaction():
        raise RuntimeError("record_events must run inside the caller's db.atomic() block")
    trail.append_events(
        db.obj,
        [
            trail.NewEvent(
                record_type=event["record_type"],
                record_id=event["record_id"],
                action=event["action"],
                changes=jsonable(event.get("changes") or {}),
                summary=str(event.get("summary") or ""),
            )
            for event in events
        ],
        at=now,
        staff_id=by,
    )


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

    @property
    def anchor_text(self) -> str:
        """``events:first 12 hex digits``, the short anchor printed in footers (``audit verify --printed``)."""
        return f"{self.events}:{self.short}"


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose link does not hold.

    Attributes:
        at: the event's time as stored (text: an edited row may not even hold a valid time).
        reason: untranslated, for logs and the command line: ``prev_hash``, ``hash``, ``unreadable``, ``seal``
            (the seal does not verify: recomputed), ``unsealed`` (a seal is missing where every event has one),
            ``image`` (a row image was edited, erased or moved).
    """

    event_id: int
    at: str
    record_type: str
    record_id: int | None
    reason: str


@dataclass(frozen=True)
class RecordMismatch:
    """A row whose stored value differs from what its trail says (an out-of-band edit).

    Attributes:
        table: the table.
        label: what one row is called (English, ``N_``-marked: translate when showing).
        key: the row's key as the trail names it.
        number: what people call the row (its number, label, name), else the key.
        field: the column that differs, or ``""`` when the whole row is missing or unexpected.
        stored: the value in the table (None when the row is missing; ``"row"`` when the whole row is there).
        expected: the value the trail says (None when the trail says the row does not exist).
        last_event_id: the event of the row's newest image, None when the trail knows no such row.
    """

    table: str
    label: str
    key: str
    number: str
    field: str
    stored: Any
    expected: Any
    last_event_id: int | None

    @property
    def record_type(self) -> str:
        """The table (the name events of older versions used for the kind)."""
        return self.table

    @property
    def record_id(self) -> int | str:
        """The row's key, as an integer when it is one."""
        return int(self.key) if self.key.isdigit() else self.key

    @property
    def record(self) -> str:
        """``complaint 202611-0001``: the row as the desk names it, in the screen language."""
        return f"{_(self.label)} {self.number}"


@dataclass(frozen=True)
class SealCount:
    """What the seals said.

    Attributes:
        checked: events whose seal was checked with a key held on this computer (all valid, or a break).
        other_keys: events sealed with a key this computer does not hold (not checkable here).
        unsealed_history: events from before the trail was sealed (schema 10): chained, not sealed.
    """

    checked: int = 0
    other_keys: int = 0
    unsealed_history: int = 0


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_report` found: intact when ``first_break`` and ``mismatches`` are both empty.

    Attributes:
        rows_checked: live rows compared with their images; ``tables_checked``: in how many tables.
        baseline_event: the first event of the schema-10 baseline (rows are proved from there on).
    """

    head: ChainHead
    first_break: ChainBreak | None
    broken_ids: tuple[int, ...]
    mismatches: tuple[RecordMismatch, ...]
    seals: SealCount = field(default_factory=SealCount)
    rows_checked: int = 0
    tables_checked: int = 0
    baseline_event: int | None = None

    @property
    def intact(self) -> bool:
        """Every link and seal holds and every checked record matches its trail."""
        return self.first_break is None and not self.mismatches


def chain_head() -> ChainHead:
    """The trail's current head (count and last hash)."""
    count, last_id = db.execute_sql("SELECT count(*), max(id) FROM audit_event").fetchone()
    if not last_id:
        return ChainHead(events=0, hash=GENESIS_HASH, last_id=None)
    row = db.execute_sql("SELECT hash FROM audit_event WHERE id = ?", (last_id,)).fetchone()
    return ChainHead(events=int(count), hash=str(row[0]), last_id=int(last_id))


#: Key of a purge event's ``changes``: ``[[table, key], …]`` of the rows whose images it erased.
REDACTED_IMAGES_KEY = "redacted_images"


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


def redact_images(table: str, keys: list[str]) -> list[list[str]]:
    """Erase every image of these rows of ``table`` (a purge; digests stay); returns ``[[table, key], …]``.

    Record the result under :data:`REDACTED_IMAGES_KEY` in the purge event: it is what lets
    :func:`verify_report` accept exactly those erasures.
    """
    if not db.in_transaction():
        raise RuntimeError("redact_images must run inside the purge's db.atomic() block")
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ", ".join("?" for _key in chunk)
        db.execute_sql(
            f"UPDATE audit_image SET image = NULL WHERE table_name = ? AND row_key IN ({marks})",
            (table, *chunk),
        )
    return [[table, key] for key in sorted(keys)]


def _vouched_redactions() -> tuple[dict[int, str], set[tuple[str, str]]]:
    """Event id → hash of every event, and ``(table, key)`` of every row image, a purge event says it redacted."""
    events: dict[int, str] = {}
    images: set[tuple[str, str]] = set()
    for (changes,) in db.execute_sql("SELECT changes FROM audit_event WHERE action = ?", (PURGE,)):
        try:
            data = json.loads(changes or "{}")
            events.update({int(event_id): str(digest) for event_id, digest in data.get(REDACTED_KEY, [])})
            images.update((str(table), str(key)) for table, key in data.get(REDACTED_IMAGES_KEY, []))
        except (ValueError, TypeError, AttributeError):
            continue  # an unreadable purge event fails its own hash check
    return events, images


_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
#: The JSON string encoder ``json.dumps(ensure_ascii=False)`` uses (the C one), called without its wrapper.
_quote = json.encoder.encode_basestring


def _json(value: Any) -> str:
    """``_encode(value)`` for the scalar types an event's columns hold, without the encoder's overhead."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return str(_quote(value))
    if kind is int:
        return str(value)
    return _encode(value)


def _iso(at: Any) -> str:
    """The ``isoformat()`` of a stored time, as :func:`event_payload` writes it."""
    if isinstance(at, str) and len(at) >= 19 and at[10] == " ":
        return f"{at[:10]}T{at[11:]}"  # how SQLite holds what str(datetime) wrote
    moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    return moment.isoformat()


def _stored_hash(row: tuple[Any, ...], images: str | None) -> str:
    """The hash of one raw event row, built from the stored ``changes`` text as it is (fast path).

    ``record_event`` stores ``changes`` as canonical JSON, so splicing the text into the payload gives the same
    bytes as :func:`event_payload` would, without parsing and re-serialising every event; when it does not
    match, :func:`_event_problem` recomputes the hash the slow way before calling the event changed.
    """
    _id, at, staff_id, record_type, record_id, action, changes, summary, prev_hash, _hash, _seal = row
    text = (
        f'{prev_hash}{{"action":{_json(action)},"at":"{_iso(at)}","changes":{changes or "{}"}'
        + (f',"images":"{images}"' if images is not None else "")
        + f',"record_id":{_json(record_id)},"record_type":{_json(record_type)}'
        f',"staff_id":{_json(staff_id)},"summary":{_json(summary)}}}'
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _event_problem(
    row: tuple[Any, ...], expected_prev: str, vouched: dict[int, str], images: str | None
) -> str | None:
    """Why one raw ``audit_event`` row breaks the chain, or None when its link holds."""
    (
        event_id,
        at,
        staff_id,
        record_type,
        record_id,
        action,
        changes,
        summary,
        prev_hash,
        stored_hash,
        _seal,
    ) = row
    if prev_hash != expected_prev:
        return "prev_hash"
    if changes == REDACTED_CHANGES and summary == "":
        # Content removed by a purge: valid exactly when a (chained) purge event vouches for this hash.
        return None if vouched.get(event_id) == stored_hash else "hash"
    try:
        if _stored_hash(row, images) == stored_hash:
            return None
        moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        payload = event_payload(
            at=moment,
            staff_id=staff_id,
            record_type=record_type,
            record_id=record_id,
            action=action,
            changes=json.loads(changes or "{}"),
            summary=summary,
            images=images,
        )
        computed = event_hash(prev_hash, payload)
    except (ValueError, TypeError):
        return "unreadable"
    return None if computed == stored_hash else "hash"


_EVENT_COLUMNS = "id, at, staff_id, record_type, record_id, action, changes, summary, prev_hash, hash, seal"

#: Kinds of a row's newest image.
_ROW, _DELETED, _REDACTED = 0, 1, 2


#: table → row key → (digest, kind, event id) of the row's newest image, gathered while walking the chain.
_Newest = dict[str, dict[str, tuple[str, int, int]]]


def verify_report(*, check_records: bool = True, sealer: Sealer | None = None) -> ChainReport:
    """Recompute the whole chain from raw rows, check seals and images, then replay every replayed table.

    Read with plain SQL rather than the model, so a row edited into nonsense (a time that is no time) is
    reported as broken instead of crashing the check.

    Args:
        sealer: the keys to check seals with (default: the connection's, i.e. this computer's).
    """
    sealer = sealer if sealer is not None else trail.state_of(db.obj).sealer
    broken: list[int] = []
    first: ChainBreak | None = None
    expected_prev = GENESIS_HASH
    count = 0
    last_id: int | None = None
    checked = other_keys = unsealed_history = 0
    sealed_from: int | None = None
    baseline: int | None = None
    vouched_events, vouched_images = _vouched_redactions()
    newest: _Newest = {}
    keys = sealer.keys
    sha256, sep = hashlib.sha256, trail.KEY_SEPARATOR
    has_images = _table_exists("audit_image")
    images = (
        db.execute_sql(
            "SELECT event_id, table_name, row_key, image, digest FROM audit_image ORDER BY event_id, id"
        )
        if has_images
        else iter(())
    )
    pending = next(images, None)
    columns = (
        _EVENT_COLUMNS if _has_column("audit_event", "seal") else _EVENT_COLUMNS.replace(", seal", ", NULL")
    )
    for row in db.execute_sql(f"SELECT {columns} FROM audit_event ORDER BY id"):
        count += 1
        event_id = row[0]
        last_id = event_id
        digests: list[str] = []
        image_problem: str | None = None
        while pending is not None and pending[0] <= event_id:
            owner, table, key, image, digest = pending
            if owner < event_id:
                image_problem = "image"  # an image whose event is gone
            else:
                digests.append(str(digest))
                if image is None:
                    kind = _REDACTED
                    if (table, key) not in vouched_images:
                        image_problem = "image"
                else:
                    kind = _DELETED if image == "null" else _ROW
                    # image_digest(), inlined: it runs once per image
                    if sha256(f"{table}{sep}{key}{sep}{image}".encode()).hexdigest() != digest:
                        image_problem = "image"
                bucket = newest.get(table)
                if bucket is None:
                    bucket = newest[table] = {}
                bucket[key] = (digest, kind, event_id)
            pending = next(images, None)
        problem = _event_problem(row, expected_prev, vouched_events, images_digest(digests)) or image_problem
        seal = row[10]
        if row[5] == trail.BASELINE_ACTION and baseline is None:
            baseline = event_id
        if seal:
            sealed_from = event_id if sealed_from is None else sealed_from
            key_id, _sep, mac = str(seal).partition(":")
            key = keys.get(key_id)
            if key is None:
                other_keys += 1
            else:
                checked += 1  # the same HMAC as Sealer.check, inlined: it runs once per event
                if hmac.digest(key, str(row[9]).encode("ascii"), "sha256").hex() != mac and problem is None:
                    problem = "seal"
        elif sealed_from is not None or baseline is not None:
            problem = problem or "unsealed"
        else:
            unsealed_history += 1
        if problem is not None:
            broken.append(event_id)
            if first is None:
                first = ChainBreak(event_id, str(row[1]), str(row[3]), row[4], problem)
        expected_prev = row[9]
    while pending is not None:  # images of events that are gone
        if first is None:
            first = ChainBreak(int(pending[0]), "", "audit_image", None, "image")
        pending = next(images, None)
    head = ChainHead(events=count, hash=expected_prev, last_id=last_id)
    mismatches: list[RecordMismatch] = []
    rows = tables = 0
    if check_records and has_images:
        mismatches, rows, tables = _replay_mismatches(newest)
    return ChainReport(
        head,
        first,
        tuple(broken),
        tuple(mismatches),
        SealCount(checked, other_keys, unsealed_history),
        rows,
        tables,
        baseline,
    )


def _table_exists(table: str) -> bool:
    row = db.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return row is not None


def _has_column(table: str, column: str) -> bool:
    return any(row[1] == column for row in db.execute_sql(f'PRAGMA table_info("{table}")'))


def _live_images(shape: trail.TableShape) -> Iterator[tuple[str, str]]:
    """``(key, image)`` of every row of a table, in rowid order.

    Without the blob guard, which costs a third of the time on a large table; at the first blob SQLite refuses
    ("JSON cannot hold BLOB values") and the rest of the table is read with the guard, from where it stopped.
    """
    last = -(2**63)
    for blobs in (False, True):
        query = (
            f'SELECT rowid, {shape.key_sql()}, {shape.image_sql(blobs=blobs)} FROM "{shape.table}" '
            "WHERE rowid > ? ORDER BY rowid"
        )
        try:
            for rowid, key, image in db.execute_sql(query, (last,)):
                last = rowid
                yield key, image
            return
        except peewee.OperationalError as exc:
            if blobs or "blob" not in str(exc).lower():
                raise


def _trail_image(table: str, key: str) -> str | None:
    row = db.execute_sql(
        "SELECT image FROM audit_image WHERE table_name = ? AND row_key = ? ORDER BY id DESC LIMIT 1",
        (table, key),
    ).fetchone()
    return None if row is None else row[0]


def _number(registered: replay.ReplayedTable, key: str, *images: str | None) -> str:
    """What people call a row: its number column from whichever image has it, else its key."""
    if registered.number:
        for image in images:
            try:
                value = json.loads(image or "null")
            except ValueError:
                continue
            if isinstance(value, dict) and value.get(registered.number) not in (None, ""):
                return str(value[registered.number])
    return key.replace(trail.KEY_SEPARATOR, " / ")


def _replay_mismatches(newest: _Newest) -> tuple[list[RecordMismatch], int, int]:
    """Every live row of every replayed table against its newest image; ``(mismatches, rows, tables)``."""
    found: list[RecordMismatch] = []
    rows = tables = 0
    registry = replay.replayed_tables()
    for table, registered in registry.items():
        shape = trail.table_shape(db.obj, table)
        expected = newest.get(table, {})
        if shape is None:
            if any(kind == _ROW for _digest, kind, _event in expected.values()):
                found.append(
                    RecordMismatch(
                        table, registered.label, "", _("(the whole table)"), "", None, "rows", None
                    )
                )
            continue
        tables += 1
        seen: set[str] = set()
        sha256, sep = hashlib.sha256, trail.KEY_SEPARATOR
        for key, image in _live_images(shape):
            rows += 1
            seen.add(key)
            wanted = expected.get(key)
            # image_digest(), inlined: it runs once per live row
            if (
                wanted is not None
                and wanted[1] == _ROW
                and wanted[0] == sha256(f"{table}{sep}{key}{sep}{image}".encode()).hexdigest()
            ):
                continue
            key, image = str(key), str(image)
            found += _row_mismatches(registered, key, image, wanted)
        for key, (_digest, kind, event_id) in expected.items():
            if key not in seen and kind == _ROW:
                trail_text = _trail_image(table, key)
                found.append(
                    RecordMismatch(
                        table,
                        registered.label,
                        key,
                        _number(registered, key, trail_text),
                        "",
                        None,
                        "row",
                        event_id,
                    )
                )
    return found, rows, tables


def _row_mismatches(
    registered: replay.ReplayedTable, key: str, image: str, wanted: tuple[str, int, int] | None
) -> list[RecordMismatch]:
    """How one live row differs from its newest image (or that it should not exist)."""
    table, label = registered.table, registered.label
    number = _number(registered, key, image)
    if wanted is None or wanted[1] != _ROW:
        # No image at all (inserted behind FrontDesk's back), or the trail says it was deleted or purged.
        return [
            RecordMismatch(table, label, key, number, "", "row", None, None if wanted is None else wanted[2])
        ]
    trail_text = _trail_image(table, key) or "{}"
    try:
        stored, expected = json.loads(image), json.loads(trail_text)
    except ValueError:
        return [RecordMismatch(table, label, key, number, "", "row", "row", wanted[2])]
    differences = [
        RecordMismatch(table, label, key, number, column, stored.get(column), expected.get(column), wanted[2])
        for column in sorted(set(stored) | set(expected))
        if stored.get(column) != expected.get(column) or (column in stored) != (column in expected)
    ]
    return differences or [RecordMismatch(table, label, key, number, "", "row", "row", wanted[2])]
