"""Reading callbacks: the list, the callback rate, the Today board's due source, the record store and printing.

The callback list filters and sorts in SQL and reads only the columns it shows (STYLE 17). The due source
(:func:`due_items`) reads pending callbacks through the ``callback_open`` index, so the board stays fast when
the book holds hundreds of thousands of done ones. The callback rate is the seed's target "回访率 100 %"
(001:1398, 1688, 1698): of the callbacks that fell due in a period, how many were made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import peewee

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.callback import Callback
from desktop.models.search import every_word_somewhere
from desktop.models.staff import Staff
from desktop.rules import callbacks as rules
from desktop.services import audit, printing, records
from desktop.services.callback_records import NUMBER_SCHEME, RECORD_TYPE, SLUG
from desktop.services.callback_rows import (
    CANCELLED,
    DONE,
    FORM_KEYS,
    PENDING,
    CallbackRow,
    form_values,
    get_callback,
)
from desktop.services.due import DueItem, register_due_source, register_record_page
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting

#: DueItem.kind of a callback.
DUE_CALLBACK = "callback"
#: Filter of the list: overdue = pending and past its deadline.
OVERDUE = "overdue"
SORT_KEYS: tuple[str, ...] = ("number", "customer_name", "purpose", "due_at", "attempts", "status", "done_at")


@dataclass(frozen=True)
class CallbackQuery:
    """Filters and order of the callback list (every filter optional, combined with AND).

    Attributes:
        status: :data:`PENDING`, :data:`DONE`, :data:`CANCELLED`, :data:`OVERDUE`, or None for all.
        purpose: one of :data:`desktop.rules.callbacks.PURPOSES`, or None.
        date_from, date_to: due (pending) or done (finished) on or after / on or before these days.
        text: every blank-separated word must occur in the number, 对应号, customer, phone or site.
    """

    status: str | None = None
    purpose: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    sort_key: str = "due_at"
    descending: bool = False


@dataclass(frozen=True)
class CallbackListRow:
    """One line of the callback list."""

    id: int
    number: str
    purpose: str
    status: str
    customer_name: str
    phone: str
    ref_number: str
    due_at: datetime
    overdue: bool
    attempts: int
    assignee_name: str
    satisfaction: str | None
    done_at: datetime | None
    follow_up: str


@dataclass(frozen=True)
class CallbackRate:
    """How many of the callbacks that fell due in a period were made.

    Attributes:
        due: callbacks (not cancelled) whose rule deadline lies in the period and that are done or past due.
        done: of those, the ones made.
        on_time: of those made, the ones made by their deadline (a customer's new time counts).
        rate: ``done / due`` (1.0 when nothing fell due); the seed's target is 100 %.
        on_time_rate: ``on_time / due`` (1.0 when nothing fell due).
    """

    start: date
    end: date
    due: int
    done: int
    on_time: int

    @property
    def rate(self) -> float:
        """Share of due callbacks made."""
        return self.done / self.due if self.due else 1.0

    @property
    def on_time_rate(self) -> float:
        """Share of due callbacks made in time."""
        return self.on_time / self.due if self.due else 1.0


def month_period(day: date) -> tuple[date, date]:
    """First and last day of ``day``'s month."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _conditions(query: CallbackQuery, now: datetime) -> list[peewee.Node]:
    conditions: list[peewee.Node] = []
    if query.status == OVERDUE:
        conditions += [Callback.status == PENDING, Callback.due_at < now]
    elif query.status:
        conditions.append(Callback.status == query.status)
    if query.purpose:
        conditions.append(Callback.purpose == query.purpose)
    moment = peewee.Case(None, [(Callback.status == PENDING, Callback.due_at)], Callback.done_at)
    if query.date_from:
        conditions.append(moment >= datetime.combine(query.date_from, datetime.min.time()))
    if query.date_to:
        conditions.append(moment < datetime.combine(query.date_to + timedelta(days=1), datetime.min.time()))
    columns = (Callback.number, Callback.ref_number, Callback.customer_name, Callback.phone, Callback.site)
    conditions += every_word_somewhere(columns, query.text)
    return conditions


def _where(select: peewee.ModelSelect, conditions: list[peewee.Node]) -> peewee.ModelSelect:
    return select.where(*conditions) if conditions else select


def list_callbacks(
    query: CallbackQuery, *, now: datetime, offset: int = 0, limit: int = 200
) -> list[CallbackListRow]:
    """One page of the callback list, filtered and sorted in SQL."""
    if query.sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {query.sort_key!r}")
    column = getattr(Callback, query.sort_key)
    order = [
        column.desc() if query.descending else column.asc(),
        Callback.id.desc() if query.descending else Callback.id,
    ]
    select = Callback.select(
        Callback.id,
        Callback.number,
        Callback.purpose,
        Callback.status,
        Callback.customer_name,
        Callback.phone,
        Callback.ref_number,
        Callback.due_at,
        Callback.attempts,
        Staff.name,
        Callback.satisfaction,
        Callback.done_at,
        Callback.follow_up,
    ).join(Staff, peewee.JOIN.LEFT_OUTER, on=(Callback.assignee == Staff.id))
    select = _where(select, _conditions(query, now)).order_by(*order).offset(offset).limit(limit)
    return [
        CallbackListRow(
            id=row[0],
            number=row[1],
            purpose=row[2],
            status=row[3],
            customer_name=row[4],
            phone=row[5],
            ref_number=row[6],
            due_at=row[7],
            overdue=row[3] == PENDING and now > row[7],
            attempts=row[8],
            assignee_name=row[9] or "",
            satisfaction=row[10],
            done_at=row[11],
            follow_up=row[12],
        )
        for row in select.tuples()
    ]


def latest_for_source(source_kind: str, source_id: int, *, now: datetime) -> CallbackRow | None:
    """The newest callback about one record (a problem sheet's repair callback …), or None."""
    found = (
        Callback.select(Callback.id)
        .where((Callback.source_kind == source_kind) & (Callback.source_id == source_id))
        .order_by(Callback.id.desc())
        .scalar()
    )
    return get_callback(int(found), now=now) if found is not None else None


def count_callbacks(query: CallbackQuery, *, now: datetime) -> int:
    """How many callbacks :func:`list_callbacks` would list without paging."""
    return int(_where(Callback.select(), _conditions(query, now)).count())


def callback_rate(start: date, end: date, *, now: datetime) -> CallbackRate:
    """The callback rate of the days ``start`` … ``end`` (inclusive), judged at ``now``."""
    low = datetime.combine(start, datetime.min.time())
    high = datetime.combine(end + timedelta(days=1), datetime.min.time())
    in_period = (
        (Callback.first_due_at >= low)
        & (Callback.first_due_at < high)
        & (Callback.status != CANCELLED)
        & ((Callback.status == DONE) | (Callback.due_at < now))
    )
    done = Callback.status == DONE
    on_time = done & (Callback.done_at <= Callback.due_at)
    due_count, done_count, on_time_count = (
        Callback.select(
            peewee.fn.COUNT(Callback.id),
            peewee.fn.SUM(peewee.Case(None, [(done, 1)], 0)),
            peewee.fn.SUM(peewee.Case(None, [(on_time, 1)], 0)),
        )
        .where(in_period)
        .tuples()
        .first()
    ) or (0, 0, 0)
    return CallbackRate(
        start=start,
        end=end,
        due=int(due_count or 0),
        done=int(done_count or 0),
        on_time=int(on_time_count or 0),
    )


# ---- the Today board -------------------------------------------------------------------------------------


def due_items(*, now: datetime) -> list[DueItem]:
    """Every pending callback as a due item (overdue, due today or later), by deadline."""
    select = (
        Callback.select(
            Callback.id,
            Callback.number,
            Callback.customer_name,
            Callback.purpose,
            Callback.due_at,
            Staff.name,
            Callback.attempts,
        )
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(Callback.assignee == Staff.id))
        .where(Callback.status == PENDING)
        .order_by(Callback.due_at)
    )
    labels = {purpose: _(label) for purpose, label in rules.PURPOSE_LABELS.items()}
    template = _("{customer}: {purpose}")
    return [
        DueItem(
            kind=DUE_CALLBACK,
            record_id=callback_id,
            number=number,
            title=template.format(customer=customer, purpose=labels.get(purpose, purpose)),
            due_at=due_at,
            overdue=now > due_at,
            assignee=assignee or "",
            record_type=SLUG,
        )
        for callback_id, number, customer, purpose, due_at, assignee, _attempts in select.tuples().iterator()
    ]


register_due_source(due_items, name=SLUG)
register_record_page(SLUG, "callbacks")


# ---- record store and printing ------------------------------------------------------------------------------


class CallbackStore:
    """:class:`desktop.services.records.RecordStore` of form ``callback_record``."""

    slug = SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every callback (or those changed at or after ``since``), oldest first."""
        query = Callback.select().order_by(Callback.id)
        if since is not None:
            query = query.where(Callback.updated_at >= since)
        return [form_values(callback) for callback in query.iterator()]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The callback numbered ``number``, or None."""
        callback = Callback.get_or_none(Callback.number == (number or "").strip())
        return form_values(callback) if callback else None

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The callbacks made in the period, as the Callbacks page prints its register."""
        return register_rows(start, end)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Callbacks made on paper, imported as done ones unless the row's ``status`` says otherwise (an export
        read back keeps its cancelled lines cancelled); one transaction, a taken number refuses all."""
        with db.atomic():
            for row in rows:
                number = str(row.get("number") or "").strip()
                if number and Callback.select().where(Callback.number == number).exists():
                    raise UserError(
                        _("Callback number {number} is taken already; nothing was imported.").format(
                            number=number
                        )
                    )
                number = number or next_number(
                    NUMBER_SCHEME, pattern=get_setting("numbering.callback_record"), now=now
                )
                day = row.get("callback_date") or now.date()
                moment = datetime.combine(day, datetime.min.time()).replace(hour=12)
                values = {key: row[key] for key in FORM_KEYS if key in row and row[key] is not None}
                values.pop("number", None)
                status = values.pop("status", None) or DONE
                callback_id = Callback.insert(
                    **values,
                    number=number,
                    callback_date=day,
                    purpose=rules.OTHER,
                    status=status,
                    scheduled_at=moment,
                    due_at=moment,
                    first_due_at=moment,
                    done_at=moment if status == DONE else None,
                    attempts=max(1, int(row.get("attempts") or 1)),
                    created_at=now,
                    updated_at=now,
                ).execute()
                audit.record_event(
                    action=audit.IMPORT,
                    record_type=RECORD_TYPE,
                    record_id=int(callback_id),
                    summary=number,
                    by=by,
                    now=now,
                )
        return len(rows)


records.register_store(CallbackStore())


def print_callback(number: str, *, lang: str) -> bytes:
    """One callback record (F04 is a register: its one line, with the signature block), in ``lang``.

    Raises:
        UserError: no callback has that number.
    """
    return printing.print_record(SLUG, number, lang=lang)


def register_rows(start: date, end: date) -> list[dict[str, Any]]:
    """The callbacks made on the days ``start`` … ``end``, in the order they were made."""
    query = (
        Callback.select()
        .where(
            (Callback.status == DONE) & (Callback.callback_date >= start) & (Callback.callback_date <= end)
        )
        .order_by(Callback.done_at, Callback.id)
    )
    return [form_values(callback) for callback in query.iterator()]


def print_callback_register(start: date, end: date, *, lang: str, title_suffix: str = "") -> bytes:
    """The daily or monthly callback register (seed 001:1696 "每月汇总") of the callbacks made in the period."""
    return printing.print_register(SLUG, register_rows(start, end), lang=lang, title_suffix=title_suffix)
