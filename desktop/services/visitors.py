"""The visitor register (P10 来访客户登记表): sign a visitor in, sign them out, list who is still on site.

seed 001:398 asks for the entry within 10 minutes after the visit, so the desk signs visitors in as they arrive
(two keystrokes from anywhere, Ctrl+Shift+V) and out in one click; FrontDesk stamps ``registered_at`` so a late
entry shows. A visitor not signed out is on site; the Today board lists them with the office's closing time as
their deadline, red once the office has closed (:func:`desktop.rules.registers.on_site_at_closing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, ClassVar

import peewee

from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.register import Visitor
from desktop.rules import registers as rules
from desktop.services import register_book
from desktop.services.authz import requires
from desktop.services.due import DueItem, register_due_source, register_kind_label, register_record_page
from desktop.services.register_book import Book, RegisterRow, text_of

SLUG = "visitor_register"
RECORD_TYPE = "visitor"
#: DueItem.kind of a visitor still on site.
DUE_ON_SITE = "visitor_on_site"
ON_SITE = "on_site"
LEFT = "left"
#: Keys the desk types (the rest FrontDesk fills in).
EDITABLE = (
    "visit_date", "arrived_at", "left_at", "visitor_name", "salutation", "organisation", "phone", "people",
    "purpose", "person_visited", "id_checked", "appointment", "first_visit", "source", "raised", "receptionist",
    "follow_up",
)  # fmt: skip
_TEXT_LIMITS = {"visitor_name": 100, "organisation": 200, "phone": 40, "person_visited": 100, "source": 200,
                "receptionist": 60, "follow_up": 300}  # fmt: skip


def closing_on(day: date) -> datetime:
    """When the office closes on ``day`` (its last open stretch, else 17:30)."""
    from desktop.services.calendar import office_calendar

    return rules.closing_time(day, office_calendar().working_intervals(day))


class VisitorBook(Book):
    """The visitor register as a list."""

    slug = SLUG
    record_type = RECORD_TYPE
    model = Visitor
    date_key = "visit_date"
    search_keys = (
        "number",
        "visitor_name",
        "organisation",
        "phone",
        "person_visited",
        "receptionist",
        "raised",
    )
    sort_keys = ("number", "visit_date", "arrived_at", "left_at", "visitor_name", "organisation", "people",
                 "purpose", "person_visited", "receptionist")  # fmt: skip
    statuses: ClassVar[dict[str, str]] = {ON_SITE: N_("On site"), LEFT: N_("Left")}
    scheme = SLUG
    pattern = "FK{date:%Y%m%d}-{serial:03d}"

    def __init__(self) -> None:
        self._closing: tuple[date, datetime] | None = None

    def _closing_today(self, now: datetime) -> datetime:
        if self._closing is None or self._closing[0] != now.date():
            self._closing = (now.date(), closing_on(now.date()))
        return self._closing[1]

    def status_of(self, record: Any, now: datetime) -> tuple[str, bool]:
        if record.left_at is not None:
            return LEFT, False
        closed = record.visit_date < now.date() or now >= self._closing_today(now)
        return ON_SITE, closed

    def status_condition(self, status: str, now: datetime) -> peewee.Node | None:
        if status == ON_SITE:
            return Visitor.left_at.is_null()
        if status == LEFT:
            return Visitor.left_at.is_null(False)
        return None

    def tie_breakers(self, key: str) -> list[peewee.Field]:
        return [Visitor.arrived_at] if key == "visit_date" else []

    def import_row(self, row: Mapping[str, Any], number: str, *, by: int | None, now: datetime) -> int:
        columns = _columns(row, now=now, receptionist_default=register_book.staff_name(by))
        columns["registered_at"] = row.get("registered_at") or now
        return int(Visitor.insert(number=number, created_at=now, updated_at=now, **columns).execute())


BOOK = register_book.register_book(VisitorBook())
register_record_page(SLUG, "registers")


def _columns(values: Mapping[str, Any], *, now: datetime, receptionist_default: str) -> dict[str, Any]:
    """The table columns of a visit from the form values, defaults filled in."""
    columns: dict[str, Any] = {key: text_of(values, key, limit) for key, limit in _TEXT_LIMITS.items()}
    columns["receptionist"] = columns["receptionist"] or receptionist_default
    columns["raised"] = text_of(values, "raised")
    columns["visit_date"] = values.get("visit_date") or now.date()
    columns["arrived_at"] = values.get("arrived_at") or now.time().replace(second=0, microsecond=0)
    columns["left_at"] = values.get("left_at")
    columns["salutation"] = values.get("salutation")
    columns["people"] = int(values.get("people") or 1)
    columns["purpose"] = values.get("purpose") or "other"
    columns["id_checked"] = bool(values.get("id_checked"))
    for key in ("appointment", "first_visit"):
        columns[key] = values.get(key)
    if not columns["receptionist"]:
        raise UserError(_("Choose who received the visitor."), field="receptionist")
    if columns["people"] < 1:
        raise UserError(_("At least one person visits."), field="people")
    if columns["left_at"] is not None:
        rules.check_sign_out(
            datetime.combine(columns["visit_date"], columns["arrived_at"]),
            datetime.combine(columns["visit_date"], columns["left_at"]),
        )
    return columns


@requires("record.create")
def register_visitor(values: Mapping[str, Any], *, by: int | None, now: datetime) -> RegisterRow:
    """Sign a visitor in (or register a visit that has ended): one numbered line of the register.

    Args:
        values: form values (``visitor_register``); the date and arrival default to ``now``, the receptionist
            to the person on duty.

    Raises:
        ValidationError: a value the form refuses (field key → message).
        UserError: no receptionist, or a departure before the arrival.
    """
    receptionist = register_book.staff_name(by)
    merged = {**values, "receptionist": values.get("receptionist") or receptionist or None}
    merged.setdefault("visit_date", now.date())
    register_book.check_values(BOOK, merged, EDITABLE)
    with db.atomic():
        columns = _columns(merged, now=now, receptionist_default=receptionist)
        columns["registered_at"] = now
        columns["receptionist_staff"] = by
        visitor_id = register_book.create(BOOK, columns, by=by, now=now, summary=columns["visitor_name"])
    return get_visitor(visitor_id, now=now)


@requires("record.update")
def update_visitor(
    visitor_id: int, values: Mapping[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> RegisterRow:
    """Correct a visit's line; keys left out keep their value.

    Raises:
        ConflictError: the line changed since ``expected_version``.
        ValidationError / UserError: as :func:`register_visitor`.
    """
    with db.atomic():
        record = BOOK.get(visitor_id)
        merged = {**BOOK.values_of(record), **values}
        register_book.check_values(BOOK, merged, EDITABLE)
        columns = _columns(merged, now=now, receptionist_default=record.receptionist)
        register_book.update(BOOK, record, columns, by=by, now=now, expected_version=expected_version)
    return get_visitor(visitor_id, now=now)


@requires("record.update")
def sign_out(visitor_id: int, *, by: int | None, now: datetime, left_at: time | None = None) -> RegisterRow:
    """The visitor left: record the departure time (``now`` unless given). One click in the register.

    Raises:
        UserError: the visitor was signed out already, or ``left_at`` is before the arrival.
    """
    with db.atomic():
        record = BOOK.get(visitor_id)
        if record.left_at is not None:
            raise UserError(
                _("{name} was already signed out at {time}.").format(
                    name=record.visitor_name, time=record.left_at.strftime("%H:%M")
                )
            )
        moment = left_at or now.time().replace(second=0, microsecond=0)
        if record.visit_date < now.date() and left_at is None:
            moment = closing_on(
                record.visit_date
            ).time()  # signed out the next day: left by closing at the latest
        rules.check_sign_out(
            datetime.combine(record.visit_date, record.arrived_at),
            datetime.combine(record.visit_date, moment),
        )
        register_book.update(BOOK, record, {"left_at": moment}, by=by, now=now)
    return get_visitor(visitor_id, now=now)


def get_visitor(visitor_id: int, *, now: datetime) -> RegisterRow:
    """One line of the register.

    Raises:
        UserError: no such visit.
    """
    return BOOK.row(BOOK.get(visitor_id), now)


def on_site(*, now: datetime) -> list[RegisterRow]:
    """Visitors signed in and not signed out, earliest arrival first."""
    select = (
        Visitor.select()
        .where(Visitor.left_at.is_null() & (Visitor.visit_date <= now.date()))
        .order_by(Visitor.visit_date, Visitor.arrived_at, Visitor.id)
    )
    return [BOOK.row(record, now) for record in select]


def on_site_at_closing(*, now: datetime) -> list[RegisterRow]:
    """Visitors still on site after their visit day's closing time (the rule, over the register)."""
    rows = on_site(now=now)
    presences = [
        rules.VisitPresence(
            row.id, datetime.combine(row.values["visit_date"], row.values["arrived_at"]), None
        )
        for row in rows
    ]
    by_id = {row.id: row for row in rows}
    late: list[RegisterRow] = []
    for presence in presences:
        day = presence.arrived_at.date()
        if rules.on_site_at_closing([presence], now=now, closing=closing_on(day)):
            late.append(by_id[presence.id])
    return late


def due_items(*, now: datetime) -> list[DueItem]:
    """Every visitor still on site, due by the close of their visit day (overdue once the office closed)."""
    items = []
    closing: dict[date, datetime] = {}
    template = _("{visitor} on site since {time} (visiting {person})")
    short = _("{visitor} on site since {time}")
    for row in on_site(now=now):
        day = row.values["visit_date"]
        closing.setdefault(day, closing_on(day))
        values = row.values
        arrived = values["arrived_at"].strftime("%H:%M")
        visitor = values["visitor_name"] + (f" ({values['organisation']})" if values["organisation"] else "")
        title = (
            template.format(visitor=visitor, time=arrived, person=values["person_visited"])
            if values["person_visited"]
            else short.format(visitor=visitor, time=arrived)
        )
        items.append(
            DueItem(
                kind=DUE_ON_SITE,
                record_id=row.id,
                number=row.number,
                title=title,
                due_at=closing[day],
                overdue=now >= closing[day],
                assignee=str(values["receptionist"] or ""),
                record_type=SLUG,
            )
        )
    return items


register_due_source(due_items, name=SLUG)
register_kind_label(DUE_ON_SITE, N_("Visitor still on site"))
