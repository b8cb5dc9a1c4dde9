"""Retention: records kept past their period are listed for a manager, who approves their purge.

seed 001:356-362 (P08/P09): records past the office's retention period (《档案保存期限规定》, periods not given
[design]: setting ``retention.<kind>`` in years, 0 = for ever) are listed; a manager approves the disposal. A
purge here means the rows are *gone from the file*:

- ``PRAGMA secure_delete = ON`` for the purge, so SQLite overwrites the freed content with zeros instead of
  leaving it in free pages, and a ``wal_checkpoint(TRUNCATE)`` afterwards, so no older page image stays in the
  WAL file;
- the audit events about the purged records lose their ``changes`` and ``summary`` (the personal data: names,
  phones, descriptions). Their ``hash`` and ``prev_hash`` stay, so the chain still links; the ``purge`` event,
  itself chained, lists each redacted event's id and hash, which is how ``audit verify`` accepts exactly those
  redactions and no others (:mod:`desktop.services.audit`). The purge event says "purged N records of kind X",
  with the numbers' count and the period, never the content.

Purgeable kinds register a :class:`PurgeableKind` (table, the date the period counts from, which rows are
eligible, dependent rows that go with them); FrontDesk registers the problem sheet here, other kinds add
themselves with :func:`register_purgeable`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.models import replay
from desktop.models.base import db
from desktop.services import audit
from desktop.services.authz import requires

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PurgeableKind:
    """A record kind that may be purged after its retention period.

    Attributes:
        kind: the record type as the audit trail names it (and the setting ``retention.<kind>``).
        label: English plural label, marked with ``N_``.
        table: the table holding the records (literal name).
        date_column: the moment the period counts from (e.g. when the sheet was closed).
        number_column: what the list shows to identify a record.
        default_years: the period when no setting is declared for the kind.
        eligible: an SQL condition on ``table`` a record must meet besides its age (e.g. closed).
        dependents: ``(table, column)`` pairs of rows referring to a record that are purged with it (literal).
    """

    kind: str
    label: str
    table: str
    date_column: str
    number_column: str
    default_years: int
    eligible: str = "1 = 1"
    dependents: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PurgeCandidate:
    """One record past its retention period, as the manager's list shows it."""

    id: int
    number: str
    since: datetime


@dataclass(frozen=True)
class PurgeResult:
    """What a purge removed.

    Attributes:
        redacted_events: audit events whose content was removed (their links kept).
    """

    kind: str
    count: int
    redacted_events: int


_KINDS: dict[str, PurgeableKind] = {}


def register_purgeable(kind: PurgeableKind) -> None:
    """Make ``kind`` purgeable (replacing an earlier registration of the same name)."""
    _KINDS[kind.kind] = kind


def purgeable_kinds() -> list[PurgeableKind]:
    """Every registered purgeable kind, by name."""
    return [_KINDS[name] for name in sorted(_KINDS)]


def purgeable_kind(kind: str) -> PurgeableKind:
    """The registration of ``kind``.

    Raises:
        UserError: the kind cannot be purged.
    """
    try:
        return _KINDS[kind]
    except KeyError:
        raise UserError(_("Records of kind {kind} cannot be purged.").format(kind=kind)) from None


def retention_years(kind: str) -> int:
    """Years records of ``kind`` are kept: the ``retention.<kind>`` setting when declared, else the kind's default."""
    from desktop.services import settings

    definition = purgeable_kind(kind)
    try:
        settings.setting_def(f"retention.{kind}")
    except KeyError:
        return definition.default_years
    return int(settings.get_setting(f"retention.{kind}"))


def cutoff(now: datetime, years: int) -> datetime:
    """``now`` minus ``years`` calendar years (29 February counts back to 28 February)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def _table_exists(table: str) -> bool:
    row = db.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    return row is not None


def records_past_retention(kind: str, *, now: datetime) -> list[PurgeCandidate]:
    """Records of ``kind`` whose retention period has passed at ``now``, oldest first (empty when kept for ever)."""
    definition = purgeable_kind(kind)
    years = retention_years(kind)
    if years <= 0 or not _table_exists(definition.table):
        return []
    query = (
        f'SELECT id, "{definition.number_column}", "{definition.date_column}" FROM "{definition.table}" '
        f'WHERE "{definition.date_column}" IS NOT NULL AND "{definition.date_column}" < ? '
        f'AND ({definition.eligible}) ORDER BY "{definition.date_column}", id'
    )
    limit = cutoff(now, years)
    rows = db.execute_sql(query, (str(limit),)).fetchall()
    return [PurgeCandidate(int(row[0]), str(row[1] or ""), _as_datetime(row[2])) for row in rows]


def _as_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


@requires("records.purge")
def purge(kind: str, ids: list[int], *, by: int | None, now: datetime) -> PurgeResult:
    """Delete the approved records of ``kind`` (and their dependent rows) so that nothing of them stays in the file.

    Only records that are past their retention period at ``now`` are purged; asking for any other is refused
    and nothing is deleted.

    Raises:
        UserError: an id is not (or no longer) past its period, or other records still refer to one of them.
    """
    definition = purgeable_kind(kind)
    wanted = sorted(set(ids))
    if not wanted:
        return PurgeResult(kind, 0, 0)
    allowed = {candidate.id for candidate in records_past_retention(kind, now=now)}
    refused = [record_id for record_id in wanted if record_id not in allowed]
    if refused:
        raise UserError(
            _("Record {id} is not past its retention period; nothing was purged.").format(id=refused[0])
        )
    placeholders = ", ".join("?" for _id in wanted)
    replayed = replay.replayed_tables()
    db.execute_sql("PRAGMA secure_delete = ON")
    try:
        with db.atomic():
            # The trail's images of the purged rows hold the same personal data: erased too (digests stay).
            erased: list[list[str]] = []
            if definition.table in replayed:
                erased += audit.redact_images(definition.table, [str(record_id) for record_id in wanted])
            for table, column in definition.dependents:
                if _table_exists(table):
                    if table in replayed:
                        keys = db.execute_sql(
                            f'SELECT id FROM "{table}" WHERE "{column}" IN ({placeholders})', wanted
                        ).fetchall()
                        erased += audit.redact_images(table, [str(key) for (key,) in keys])
                    db.execute_sql(f'DELETE FROM "{table}" WHERE "{column}" IN ({placeholders})', wanted)
            try:
                with db.atomic():
                    deleted = db.execute_sql(
                        f'DELETE FROM "{definition.table}" WHERE id IN ({placeholders})', wanted
                    ).rowcount
            except peewee.IntegrityError:
                raise UserError(
                    _("Other records still refer to these records; purge or change those first.")
                ) from None
            redacted = audit.redact_events(definition.kind, wanted)
            audit.record_event(
                action=audit.PURGE,
                record_type=definition.kind,
                record_id=None,
                changes={
                    audit.REDACTED_KEY: [[event_id, event_hash] for event_id, event_hash in redacted],
                    **({audit.REDACTED_IMAGES_KEY: erased} if erased else {}),
                },
                summary=f"purged {deleted} records of kind {definition.kind} "
                f"(retention {retention_years(kind)} years)",
                by=by,
                now=now,
            )
    finally:
        db.execute_sql("PRAGMA secure_delete = OFF")
    # Older page images of the purged rows may still sit in the WAL: fold it in and empty it.
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    log.info("purged %d %s records", deleted, kind)
    return PurgeResult(kind, int(deleted), len(redacted))


# seed 000 F01 (spec §2.1): a problem sheet becomes purgeable once closed for the retention period; the
# engineer's intake entries (F02) about it copy its personal data and go with it.
register_purgeable(
    PurgeableKind(
        kind="problem_sheet",
        label=N_("Problem sheets"),
        table="problem_sheet",
        date_column="closed_at",
        number_column="number",
        default_years=3,
        eligible="status = 'closed'",
        dependents=(("intake_entry", "sheet_id"),),
    )
)
