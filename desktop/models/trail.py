"""How an audit event is written: after-images of every touched row, the hash chain and the seal.

Services call :func:`desktop.services.audit.record_event` inside their transaction; it lands here. Three
things make the trail prove records rather than only itself:

- **Change tracking in the connection.** :func:`install_tracking` creates TEMP triggers (per connection, never
  stored in the file) on every replayed table (:mod:`desktop.models.replay`): each insert, update or delete
  notes the row's table and key in a temp table. Nothing in a service has to remember it.
- **After-images.** :func:`append_event` takes every noted row and stores what it looks like now — all its
  columns as JSON built by SQLite's ``json_object`` (blobs as ``{"$blob": hex}``), or ``null`` when it is gone —
  in ``audit_image``, and covers them with the event's hash through their sha256 digests. Rows written after a
  transaction's last event (or by a transaction that wrote none) are imaged by :func:`flush_untracked` just
  before COMMIT, in an event of their own, so no change reaches the file without its image.
- **A seal** (:mod:`desktop.models.seal`): HMAC of the hash with a key kept outside the file.

``audit verify`` then compares each live row with its newest image, field by field. The images are built by
SQLite from the stored values, so a comparison is exact and needs no knowledge of column types.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import peewee

from desktop.models.audit import GENESIS_HASH
from desktop.models.replay import replayed_tables
from desktop.models.seal import Sealer

#: The schema version from which events carry images and seals (migration m0010).
SCHEMA = 10
#: Columns of a composite key are joined by this character (unit separator) into one ``row_key``.
KEY_SEPARATOR = "\x1f"
#: The SQL function (registered on FrontDesk's connections) that images a secret column by its digest.
DIGEST_FUNCTION = "trail_digest"
#: The temp table the triggers fill.
DIRTY_TABLE = "trail_dirty"
#: Action and record type of the event that images rows written after a transaction's last event.
ROWS_ACTION = "update"
ROWS_RECORD_TYPE = "rows"
BASELINE_ACTION = "baseline"
#: At most this many images per baseline event, so no single event is huge.
BASELINE_CHUNK = 2000


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
    images: str | None = None,
) -> dict[str, Any]:
    """What the hash covers: every column of the event except ``id``, hashes and seal, plus its images' digest.

    ``images`` appears only for events that carry images, so every event written before schema 10 keeps its
    hash.
    """
    payload: dict[str, Any] = {
        "at": at.isoformat(),
        "staff_id": staff_id,
        "record_type": record_type,
        "record_id": record_id,
        "action": action,
        "changes": changes,
        "summary": summary,
    }
    if images is not None:
        payload["images"] = images
    return payload


def event_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    """sha256 hex of ``prev_hash`` followed by the canonical JSON of ``payload``."""
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


def image_digest(table: str, row_key: str, image: str) -> str:
    """sha256 hex naming one image: table, key and content together, so an image cannot move to another row."""
    text = f"{table}{KEY_SEPARATOR}{row_key}{KEY_SEPARATOR}{image}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def images_digest(digests: Sequence[str]) -> str | None:
    """The one value an event's hash covers for its images (None when it has none)."""
    if not digests:
        return None
    return hashlib.sha256("\n".join(digests).encode("ascii")).hexdigest()


# --- table shapes and the SQL that images a row -----------------------------------------------------------


@dataclass(frozen=True)
class TableShape:
    """A table as the file has it now: its columns (sorted) and its primary-key columns."""

    table: str
    columns: tuple[str, ...]
    key_columns: tuple[str, ...]
    secret: tuple[str, ...] = ()

    def key_sql(self, row: str = "") -> str:
        """SQL for the row's key as text (``row`` is ``NEW``/``OLD`` in a trigger, "" in a query)."""
        prefix = f"{row}." if row else ""
        columns = self.key_columns or ("rowid",)
        parts = [f'CAST({prefix}"{column}" AS TEXT)' for column in columns]
        return " || char(31) || ".join(parts)

    def image_sql(self, *, blobs: bool = True) -> str:
        """SQL for the row as canonical JSON: columns in sorted order, blobs as ``{"$blob": hex}``.

        Args:
            blobs: guard every column against a blob. Without the guard the SQL is faster (verification runs it
                on every row) and gives the same text for a row without blobs; SQLite refuses a blob with
                "JSON cannot hold BLOB values", and the caller then asks again with the guard.
        """

        def value(column: str) -> str:
            if column in self.secret:
                return f'{DIGEST_FUNCTION}("{column}")'  # the digest only: see ReplayedTable.secret
            if not blobs:
                return f'"{column}"'
            return f'CASE WHEN typeof("{column}") = \'blob\' THEN json_object(\'$blob\', hex("{column}")) ELSE "{column}" END'

        return "json_object(" + ", ".join(f"'{column}', {value(column)}" for column in self.columns) + ")"


def secret_digest(value: object) -> str | None:
    """What the trail keeps of a secret column (:attr:`desktop.models.replay.ReplayedTable.secret`)."""
    if value is None:
        return None
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()


def register_functions(connection: Any) -> None:
    """Give a connection the SQL function images of secret columns use (at every connect)."""
    connection.create_function(DIGEST_FUNCTION, 1, secret_digest, deterministic=True)


def table_shape(database: peewee.Database, table: str) -> TableShape | None:
    """The shape of ``table`` in the open file, or None when the file has no such table."""
    rows = database.execute_sql(f'PRAGMA table_info("{table}")').fetchall()
    if not rows:
        return None
    columns = tuple(sorted(str(row[1]) for row in rows))
    keyed = sorted((int(row[5]), str(row[1])) for row in rows if int(row[5]) > 0)
    registered = replayed_tables().get(table)
    return TableShape(
        table=table,
        columns=columns,
        key_columns=tuple(name for _n, name in keyed),
        secret=tuple(column for column in (registered.secret if registered else ()) if column in columns),
    )


def shapes(database: peewee.Database) -> dict[str, TableShape]:
    """Shapes of every replayed table the file has."""
    found = {}
    for table in replayed_tables():
        shape = table_shape(database, table)
        if shape is not None:
            found[table] = shape
    return found


# --- per-connection state and the tracking triggers -------------------------------------------------------


@dataclass
class TrailState:
    """What one connection knows while it writes.

    Attributes:
        shapes: replayed tables as the file has them (set when tracking is installed).
        sealer: seals new events.
        last_staff: ``staff_id`` of the last event of the open transaction (for :func:`flush_untracked`).
        events_written: events appended since the last anchor was written (the anchor hook reads it).
        tracking: the temp triggers are installed on this connection.
        anchored_at: ``time.monotonic()`` of the last anchor written.
    """

    shapes: dict[str, TableShape] = field(default_factory=dict)
    sealer: Sealer = field(default_factory=Sealer)
    last_staff: int | None = None
    events_written: int = 0
    tracking: bool = False
    anchored_at: float = 0.0


def state_of(database: peewee.Database) -> TrailState:
    """The trail state of a connection (made on first use)."""
    state = getattr(database, "trail_state", None)
    if state is None:
        state = TrailState()
        database.trail_state = state  # type: ignore[attr-defined]
    return state


def install_tracking(database: peewee.Database, sealer: Sealer) -> None:
    """Create the temp table and TEMP triggers that note every written row of every replayed table.

    TEMP objects belong to this connection only: they are not in the file, so they are neither copied by a
    backup nor visible to (or removable by) anyone editing the file.
    """
    state = state_of(database)
    state.sealer = sealer
    state.shapes = shapes(database)
    # No key on the notes: a conflict clause inside a trigger yields to the outer statement's (an upsert's), so
    # duplicates are allowed here and folded when read.
    database.execute_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {DIRTY_TABLE} (tbl TEXT NOT NULL, key TEXT NOT NULL, rid INTEGER NOT NULL)"
    )
    for table, shape in state.shapes.items():
        note_new = f"INSERT INTO {DIRTY_TABLE} VALUES ('{table}', {shape.key_sql('NEW')}, NEW.rowid);"
        note_old = f"INSERT INTO {DIRTY_TABLE} VALUES ('{table}', {shape.key_sql('OLD')}, OLD.rowid);"
        for kind, body in (
            ("INSERT", note_new),
            ("UPDATE", note_old + note_new),
            ("DELETE", note_old),
        ):
            database.execute_sql(
                f'CREATE TEMP TRIGGER IF NOT EXISTS "trail_{table}_{kind.lower()}" AFTER {kind} '
                f'ON main."{table}" BEGIN {body} END'
            )
    state.tracking = True


# --- images -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Image:
    """One row after a transaction: ``image`` is its JSON, or ``"null"`` when the row no longer exists."""

    table: str
    row_key: str
    image: str

    @property
    def digest(self) -> str:
        return image_digest(self.table, self.row_key, self.image)


def _images_of(database: peewee.Database, shape: TableShape, noted: dict[str, list[int]]) -> list[Image]:
    """Images of the noted rows of one table (key → the rowids it had), in key order."""
    found: dict[str, str] = {}
    rowids = sorted({rid for rids in noted.values() for rid in rids})
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        marks = ", ".join("?" for _rid in chunk)
        cursor = database.execute_sql(
            f'SELECT {shape.key_sql()}, {shape.image_sql()} FROM "{shape.table}" WHERE rowid IN ({marks})',
            chunk,
        )
        found.update({str(key): str(image) for key, image in cursor})
    return [Image(shape.table, key, found.get(key, "null")) for key in sorted(noted)]


#: Rows imaged per batch when a transaction wrote many (an import, the demo): memory stays flat.
IMAGE_BATCH = 500


def take_dirty(database: peewee.Database) -> Iterator[list[Image]]:
    """Images of every row noted since the last event, a batch at a time; the notes are forgotten at once."""
    state = state_of(database)
    if not state.tracking:
        return
    noted = database.execute_sql(f"SELECT DISTINCT tbl, key, rid FROM {DIRTY_TABLE}").fetchall()
    if not noted:
        return
    database.execute_sql(f"DELETE FROM {DIRTY_TABLE}")
    by_table: dict[str, dict[str, list[int]]] = {}
    for table, key, rid in noted:
        by_table.setdefault(str(table), {}).setdefault(str(key), []).append(int(rid))
    for table in sorted(by_table):
        shape = state.shapes.get(table)
        if shape is None:
            continue
        keys = sorted(by_table[table])
        for start in range(0, len(keys), IMAGE_BATCH):
            chunk = {key: by_table[table][key] for key in keys[start : start + IMAGE_BATCH]}
            yield _images_of(database, shape, chunk)


def has_dirty(database: peewee.Database) -> bool:
    """Whether rows were written since the last event."""
    if not state_of(database).tracking:
        return False
    return database.execute_sql(f"SELECT 1 FROM {DIRTY_TABLE} LIMIT 1").fetchone() is not None


# --- writing events ---------------------------------------------------------------------------------------


def last_hash(database: peewee.Database) -> str:
    """The hash of the last event, :data:`GENESIS_HASH` for an empty trail."""
    row = database.execute_sql("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else GENESIS_HASH


def append_event(
    database: peewee.Database,
    *,
    at: datetime,
    staff_id: int | None,
    record_type: str,
    record_id: int | None,
    action: str,
    changes: dict[str, Any],
    summary: str,
    images: Iterable[Image] | None = None,
) -> int:
    """Insert one chained, sealed event with ``images`` (default: every row written since the last event).

    The caller holds the transaction. Returns the new event's id.
    """
    state = state_of(database)
    batches: Iterable[list[Image]] = take_dirty(database) if images is None else [list(images)]
    prev_hash = last_hash(database)
    # The event row first (its images point to it), under a unique placeholder; its hash covers the digests
    # of all its images, known once they are written, batch by batch.
    cursor = database.execute_sql(
        "INSERT INTO audit_event (at, staff_id, record_type, record_id, action, changes, summary, prev_hash, "
        "hash, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        (
            at.isoformat(sep=" "),
            staff_id,
            record_type,
            record_id,
            action,
            canonical_json(changes),
            summary,
            prev_hash,
            f"pending:{uuid.uuid4().hex}",
        ),
    )
    event_id = int(cursor.lastrowid)
    digests: list[str] = []
    for batch in batches:
        rows = [(event_id, image.table, image.row_key, image.image, image.digest) for image in batch]
        digests += [row[4] for row in rows]
        for start in range(0, len(rows), 100):
            chunk = rows[start : start + 100]
            database.execute_sql(
                "INSERT INTO audit_image (event_id, table_name, row_key, image, digest) VALUES "
                + ", ".join("(?, ?, ?, ?, ?)" for _row in chunk),
                [value for row in chunk for value in row],
            )
    payload = event_payload(
        at=at,
        staff_id=staff_id,
        record_type=record_type,
        record_id=record_id,
        action=action,
        changes=changes,
        summary=summary,
        images=images_digest(digests),
    )
    digest = event_hash(prev_hash, payload)
    database.execute_sql(
        "UPDATE audit_event SET hash = ?, seal = ? WHERE id = ?",
        (digest, state.sealer.seal(digest), event_id),
    )
    state.last_staff = staff_id
    state.events_written += 1
    return event_id


@dataclass(frozen=True)
class NewEvent:
    """One event of a batch (:func:`append_events`): the columns :func:`append_event` takes one by one."""

    record_type: str
    record_id: int | None
    action: str
    changes: dict[str, Any] = field(default_factory=dict)
    summary: str = ""


def append_events(
    database: peewee.Database, events: Sequence[NewEvent], *, at: datetime, staff_id: int | None
) -> list[int]:
    """Insert several chained, sealed events at once, exactly as many :func:`append_event` calls would.

    An import writes its rows first and its events after; each event then carries the image of its own row
    (the row of table ``record_type`` keyed ``record_id``), and every other row written since the last event (a
    number counter, a child row) goes with the first event of the batch, as :func:`append_event` would have
    given it to the first. Hashes, image digests and seals are those :func:`append_event` computes, so ``audit
    verify`` cannot tell the two apart; only the statements are fewer: one insert per hundred events or images,
    and one update per event for its hash once its images are in. The caller holds the transaction.

    Returns:
        The new events' ids, in order.
    """
    if not events:
        return []
    state = state_of(database)
    prev_hash = last_hash(database)
    tag = f"pending:{uuid.uuid4().hex}:"
    for start in range(0, len(events), 100):
        chunk = events[start : start + 100]
        values: list[Any] = []
        for index, event in enumerate(chunk, start=start):
            values += [
                at.isoformat(sep=" "),
                staff_id,
                event.record_type,
                event.record_id,
                event.action,
                canonical_json(event.changes),
                event.summary,
                prev_hash,  # the first event's; the others' are set with their hashes below
                f"{tag}{index:08d}",
            ]
        database.execute_sql(
            "INSERT INTO audit_event (at, staff_id, record_type, record_id, action, changes, summary, prev_hash, "
            "hash, seal) VALUES " + ", ".join("(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)" for _event in chunk),
            values,
        )
    # The placeholders sort as the events do; the range reads them back through the hash's unique index.
    ids = [
        int(row[0])
        for row in database.execute_sql(
            "SELECT id FROM audit_event WHERE hash >= ? AND hash < ? ORDER BY hash", (tag, tag[:-1] + ";")
        )
    ]
    if len(ids) != len(events):
        raise RuntimeError(f"wrote {len(events)} events but found {len(ids)}")  # a bug, never a user's error
    owner = {
        (event.record_type, str(event.record_id)): index
        for index, event in enumerate(events)
        if event.record_id is not None
    }
    digests: list[list[str]] = [[] for _event in events]
    for batch in take_dirty(database):
        rows = []
        for image in batch:
            index = owner.get((image.table, image.row_key), 0)
            rows.append((ids[index], image.table, image.row_key, image.image, image.digest))
            digests[index].append(image.digest)
        for start in range(0, len(rows), 100):
            part = rows[start : start + 100]
            database.execute_sql(
                "INSERT INTO audit_image (event_id, table_name, row_key, image, digest) VALUES "
                + ", ".join("(?, ?, ?, ?, ?)" for _row in part),
                [value for row in part for value in row],
            )
    for event_id, event, own in zip(ids, events, digests, strict=True):
        payload = event_payload(
            at=at,
            staff_id=staff_id,
            record_type=event.record_type,
            record_id=event.record_id,
            action=event.action,
            changes=event.changes,
            summary=event.summary,
            images=images_digest(own),
        )
        digest = event_hash(prev_hash, payload)
        database.execute_sql(
            "UPDATE audit_event SET prev_hash = ?, hash = ?, seal = ? WHERE id = ?",
            (prev_hash, digest, state.sealer.seal(digest), event_id),
        )
        prev_hash = digest
    state.last_staff = staff_id
    state.events_written += len(events)
    return ids


def flush_untracked(database: peewee.Database, at: datetime | None = None) -> int | None:
    """Image rows written after the transaction's last event in one more event; call just before COMMIT.

    Returns:
        The event's id, or None when every written row was imaged already.
    """
    if not has_dirty(database):
        return None
    return append_event(
        database,
        at=at or datetime.now(),
        staff_id=state_of(database).last_staff,
        record_type=ROWS_RECORD_TYPE,
        record_id=None,
        action=ROWS_ACTION,
        changes={},
        summary="rows written after the transaction's last event",
    )


def end_transaction(database: peewee.Database) -> None:
    """Forget the transaction's person (after COMMIT or ROLLBACK)."""
    state_of(database).last_staff = None


# --- baselines --------------------------------------------------------------------------------------------


def all_images(database: peewee.Database, shape: TableShape) -> Iterable[Image]:
    """An image of every row of one table, in key order."""
    cursor = database.execute_sql(
        f'SELECT {shape.key_sql()}, {shape.image_sql()} FROM "{shape.table}" ORDER BY {shape.key_sql()}'
    )
    for key, image in cursor:
        yield Image(shape.table, str(key), str(image))


def write_baseline(
    database: peewee.Database, *, at: datetime, summary: str, only: dict[str, set[str]] | None = None
) -> int:
    """Image every row of every replayed table (or only the ``only`` keys per table) in baseline events.

    Used by the schema-10 migration, which starts the replay from what the file holds at the upgrade, and after
    later migrations that change a table's columns. Returns the number of events written.
    """
    events = 0
    batch: list[Image] = []

    def write(batch: list[Image]) -> None:
        nonlocal events
        events += 1
        append_event(
            database,
            at=at,
            staff_id=None,
            record_type="database",
            record_id=None,
            action=BASELINE_ACTION,
            changes={},
            summary=f"{summary} (part {events})",
            images=batch,
        )

    for table, shape in shapes(database).items():
        wanted = None if only is None else only.get(table)
        if only is not None and not wanted:
            continue
        for image in all_images(database, shape):
            if wanted is not None and image.row_key not in wanted:
                continue
            batch.append(image)
            if len(batch) >= BASELINE_CHUNK:
                write(batch)
                batch = []
    if batch:
        write(batch)
    return events


def newest_images(database: peewee.Database) -> dict[tuple[str, str], str | None]:
    """``(table, key)`` → newest image text (None where redacted) over the whole trail."""
    newest: dict[tuple[str, str], str | None] = {}
    for table, key, image in database.execute_sql(
        "SELECT table_name, row_key, image FROM audit_image ORDER BY id"
    ):
        newest[(str(table), str(key))] = image
    return newest


def stale_after_schema_change(database: peewee.Database) -> dict[str, set[str]]:
    """Rows whose newest image differs from the row *only* by columns a migration added or dropped.

    Those are re-imaged after a migration; a row that differs in any column both sides have keeps its
    mismatch, so an upgrade never launders an out-of-band edit.
    """
    newest = newest_images(database)
    stale: dict[str, set[str]] = {}
    for table, shape in shapes(database).items():
        for image in all_images(database, shape):
            before = newest.get((table, image.row_key))
            if before is None or before == image.image or before == "null":
                continue
            try:
                old, new = json.loads(before), json.loads(image.image)
            except ValueError:
                continue
            if set(old) == set(new):
                continue
            common = set(old) & set(new)
            if all(old[column] == new[column] for column in common):
                stale.setdefault(table, set()).add(image.row_key)
    return stale
