"""Signed forms are frozen; a correction is an amendment with a reason, linked to the original.

Issue 9: once a record is signed — reviewed or approved in FrontDesk, or its paper copy marked "signed copy
received" — its row is never changed again, so the original stays readable and printable exactly as it was
signed. A correction is an :class:`AmendmentRow`: numbered per record, with its reason, the changed fields
(old → new, old being the value after the earlier amendments), who made it and when. The original is read as
before (printing it prints it as signed); :func:`effective_values` gives it with its amendments applied.

Record kinds take part by registering a :class:`FrozenKind`: how to tell that a row was signed, its values and
its number. Their update services call :func:`refuse_if_frozen` before writing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee

from desktop import i18n
from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.models.amendment import Amendment, SignedCopy
from desktop.models.base import db
from desktop.models.staff import Staff
from desktop.services import audit
from desktop.services.authz import requires

#: Audit actions of this module (recorded against the original record).
AMEND = "amend"
SIGNED_COPY = "signed_copy"


@dataclass(frozen=True)
class FrozenState:
    """Why and since when a record is frozen: ``how`` is an English phrase marked ``N_`` ("reviewed")."""

    at: date | datetime
    how: str


@dataclass(frozen=True)
class FrozenKind:
    """A record kind whose signed records are frozen.

    Attributes:
        kind: the record kind (the audit trail's ``record_type``, e.g. ``problem_sheet``).
        label: what the desk calls one, marked ``N_`` ("sheet").
        signed: the record's :class:`FrozenState` when its own status says it is signed, else None; raises
            UserError for an unknown id.
        values: the record's field values as stored (the original).
        number: the record's number for messages.
        fields: the keys an amendment may change.
        validate: checks the corrected values — field → new value, only the fields the amendment changes —
            and raises ValidationError (field → message); None checks nothing.
    """

    kind: str
    label: str
    signed: Callable[[int], FrozenState | None]
    values: Callable[[int], dict[str, Any]]
    number: Callable[[int], str]
    fields: tuple[str, ...]
    validate: Callable[[dict[str, Any]], None] | None = None


@dataclass(frozen=True)
class AmendmentRow:
    """One amendment; ``changes`` maps field → ``(old, new)`` as JSON keeps them (dates as ISO text)."""

    id: int
    record_kind: str
    record_id: int
    number: int
    reason: str
    changes: dict[str, tuple[Any, Any]]
    amended_by_id: int | None
    amended_by_name: str
    amended_at: datetime


_KINDS: dict[str, FrozenKind] = {}


def register_kind(kind: FrozenKind) -> None:
    """Let ``kind``'s signed records be frozen and amended (a later registration replaces an earlier one)."""
    _KINDS[kind.kind] = kind


def registered_kinds() -> list[str]:
    """The kinds registered so far."""
    return sorted(_KINDS)


def _kind(kind: str) -> FrozenKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValueError(f"record kind {kind!r} is not registered for amendments") from None


def frozen_state(kind: str, record_id: int) -> FrozenState | None:
    """Why ``record_id`` is frozen (signed in FrontDesk or signed copy received), or None when it is not."""
    definition = _kind(kind)
    copy = (
        SignedCopy.select(SignedCopy.received_at)
        .where((SignedCopy.record_kind == kind) & (SignedCopy.record_id == record_id))
        .tuples()
        .first()
    )
    state = definition.signed(record_id)
    if copy is not None and (state is None or _as_datetime(copy[0]) < _as_datetime(state.at)):
        return FrozenState(at=copy[0], how=N_("signed copy received"))
    return state


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, datetime.min.time())


def is_frozen(kind: str, record_id: int) -> bool:
    """True when the record was signed and may only be amended."""
    return frozen_state(kind, record_id) is not None


def frozen_message(kind: str, state: FrozenState) -> str:
    """The desk's sentence for a refused change, e.g. "This sheet was signed (reviewed) on … "."""
    day = state.at.date() if isinstance(state.at, datetime) else state.at
    return _(
        "This {record} was signed ({how}) on {date} and cannot be changed. Record an amendment instead."
    ).format(record=_(_kind(kind).label), how=_(state.how), date=i18n.format_date(day))


def refuse_if_frozen(kind: str, record_id: int) -> None:
    """Call before changing a record's fields.

    Raises:
        UserError: the record is signed (the message says since when and what to do instead).
    """
    state = frozen_state(kind, record_id)
    if state is not None:
        raise UserError(frozen_message(kind, state))


def _rows(kind: str, record_id: int) -> list[AmendmentRow]:
    query = (
        Amendment.select(Amendment, Staff.id, Staff.name)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(Amendment.amended_by == Staff.id))
        .where((Amendment.record_kind == kind) & (Amendment.record_id == record_id))
        .order_by(Amendment.number)
    )
    return [
        AmendmentRow(
            id=row.id,
            record_kind=row.record_kind,
            record_id=row.record_id,
            number=row.number,
            reason=row.reason,
            changes={key: (value[0], value[1]) for key, value in json.loads(row.changes).items()},
            amended_by_id=row.amended_by_id,
            amended_by_name=row.amended_by.name if row.amended_by_id else "",
            amended_at=row.amended_at,
        )
        for row in query
    ]


def amendments(kind: str, record_id: int) -> list[AmendmentRow]:
    """The record's amendments, oldest (number 1) first."""
    _kind(kind)
    return _rows(kind, record_id)


def amendments_of_number(kind: str, number: str) -> list[AmendmentRow]:
    """The amendments of the record numbered ``number`` (none for a kind not registered), oldest first.

    For printing, which knows records by number: only records that have amendments are looked at.
    """
    definition = _KINDS.get(kind)
    if definition is None:
        return []
    amended = Amendment.select(Amendment.record_id).where(Amendment.record_kind == kind).distinct().tuples()
    for (record_id,) in amended:
        if definition.number(record_id) == number:
            return _rows(kind, record_id)
    return []


def effective_values(kind: str, record_id: int) -> dict[str, Any]:
    """The record's values with every amendment applied (amended fields as JSON keeps them)."""
    values = dict(_kind(kind).values(record_id))
    for row in _rows(kind, record_id):
        values.update({key: new for key, (_old, new) in row.changes.items()})
    return values


@requires("record.amend")
def amend(
    kind: str, record_id: int, changes: dict[str, Any], *, reason: str, by: int | None, now: datetime
) -> AmendmentRow:
    """Record a correction of a signed record; the original row is left exactly as it was.

    Args:
        kind: a registered record kind.
        record_id: the original record.
        changes: field → corrected value (fields of the kind's ``fields``; unchanged values are ignored).
        reason: why the signed record is corrected (required).

    Raises:
        UserError: no reason, the record is not signed (change it directly), or nothing changes.
        ValidationError: a corrected value is wrong.
        ValueError: an unknown kind or a field that cannot be amended (a bug in the caller).
    """
    definition = _kind(kind)
    unknown = [key for key in changes if key not in definition.fields]
    if unknown:
        raise ValueError(f"{kind} fields that cannot be amended: {unknown}")
    text = (reason or "").strip()
    if not text:
        raise UserError(_("Give the reason for the amendment."), "reason")
    with db.atomic():
        if frozen_state(kind, record_id) is None:
            raise UserError(
                _("This {record} is not signed yet: change it directly.").format(record=_(definition.label))
            )
        current = effective_values(kind, record_id)
        diff = {
            key: [audit.jsonable(current.get(key)), audit.jsonable(value)]
            for key, value in changes.items()
            if audit.jsonable(current.get(key)) != audit.jsonable(value)
        }
        if not diff:
            raise UserError(_("The amendment changes nothing."))
        if definition.validate is not None:
            definition.validate({key: changes[key] for key in diff})
        last = (
            Amendment.select(peewee.fn.MAX(Amendment.number))
            .where((Amendment.record_kind == kind) & (Amendment.record_id == record_id))
            .scalar()
        )
        number = (last or 0) + 1
        amendment_id = Amendment.insert(
            record_kind=kind,
            record_id=record_id,
            number=number,
            reason=text,
            changes=audit.canonical_json(diff),
            amended_by=by,
            amended_at=now,
            created_at=now,
            updated_at=now,
            version=1,
        ).execute()
        audit.record_event(
            action=AMEND,
            record_type=kind,
            record_id=record_id,
            changes=diff,
            summary=f"{definition.number(record_id)} #{number}: {text}",
            by=by,
            now=now,
        )
    return next(row for row in _rows(kind, record_id) if row.id == amendment_id)


@requires("record.update")
def mark_signed_copy_received(kind: str, record_id: int, *, by: int | None, now: datetime) -> FrozenState:
    """The paper form came back signed: from now on the record is frozen (once; a second mark changes nothing).

    Raises:
        UserError: unknown record.
        ValueError: an unknown kind (a bug in the caller).
    """
    definition = _kind(kind)
    with db.atomic():
        definition.number(record_id)  # raises UserError for an unknown record
        exists = (
            SignedCopy.select()
            .where((SignedCopy.record_kind == kind) & (SignedCopy.record_id == record_id))
            .exists()
        )
        if not exists:
            SignedCopy.insert(
                record_kind=kind, record_id=record_id, received_at=now, received_by=by
            ).execute()
            audit.record_event(
                action=SIGNED_COPY,
                record_type=kind,
                record_id=record_id,
                summary=definition.number(record_id),
                by=by,
                now=now,
            )
    state = frozen_state(kind, record_id)
    assert state is not None
    return state
