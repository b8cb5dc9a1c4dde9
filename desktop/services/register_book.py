"""What every small register shares: a list query, list rows in the form's vocabulary, and a record store.

The visitor register, the archive list, document loans, disposals, notices and phone notices are each one table
with one form definition whose keys name its columns. A :class:`Book` describes one of them (model, form, date
column, search columns, statuses) and gives the list, count and printout queries in SQL (STYLE 17), and the
:class:`~desktop.services.records.RecordStore` for CSV/XLSX export and import. The Registers page shows any book
through one table model: its columns are the form's columns, displayed by the form's field types.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, ClassVar

import peewee

from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.formspec.model import FormDef
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.search import contains
from desktop.models.staff import Staff
from desktop.services import audit, records
from desktop.services.authz import requires
from desktop.services.numbering import next_number, take_numbers


@dataclass(frozen=True)
class RegisterQuery:
    """Filters and order of a register list (every filter optional, combined with AND).

    Attributes:
        text: every blank-separated word must occur in one of the book's search columns.
        status: one of the book's :attr:`Book.statuses` keys, or None for all.
        date_from, date_to: the book's date column on or after / on or before these days.
        unit: only this unit (the archive list and loans of one owner's file).
        sort_key: a form key of the book's :attr:`Book.sort_keys`; ``""`` for the book's default order.
        descending: newest first.
    """

    text: str = ""
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    unit: str | None = None
    sort_key: str = ""
    descending: bool = True


@dataclass(frozen=True)
class RegisterRow:
    """One line of a register list.

    Attributes:
        values: the record in its form's vocabulary (field key → value), read-only.
        status: the book's status key of the record (``""`` for books without statuses).
        attention: needs the desk now (overdue loan, visitor on site after closing, notice to take down).
    """

    id: int
    number: str
    values: Mapping[str, Any]
    status: str = ""
    attention: bool = False
    version: int = 1


def tuples(select: Any) -> list[tuple[Any, ...]]:
    """The rows of ``select`` as plain tuples (typed for mypy: peewee's stubs say a select yields models)."""
    return [tuple(row) for row in select.tuples()]


def staff_name(staff_id: int | None) -> str:
    """The name of staff member ``staff_id`` ("" for the system or an unknown id)."""
    if staff_id is None:
        return ""
    return str(Staff.select(Staff.name).where(Staff.id == staff_id).scalar() or "")


def text_of(values: Mapping[str, Any], key: str, limit: int | None = None) -> str:
    """``values[key]`` as stored text: None → "", blanks tidied for one-line fields."""
    value = values.get(key)
    text = "" if value is None else str(value).strip()
    return text[:limit] if limit else text


class Book:
    """One register: its model, form and list queries. Subclasses set the class attributes.

    Attributes:
        slug: the form definition (``forms/<slug>.toml``) and the record kind the views announce.
        record_type: the audit trail's record type.
        model: the peewee model.
        date_key: the form key of the date the period filter and the default order use.
        search_keys: model columns the search box looks in.
        sort_keys: form keys the list can be sorted by (each a model column).
        statuses: status key → English label (``N_``), for the status filter.
        scheme, pattern: the numbering counter and pattern of new records.
    """

    slug: ClassVar[str] = ""
    record_type: ClassVar[str] = ""
    model: ClassVar[type[peewee.Model]]
    date_key: ClassVar[str] = ""
    search_keys: ClassVar[tuple[str, ...]] = ("number",)
    sort_keys: ClassVar[tuple[str, ...]] = ()
    statuses: ClassVar[dict[str, str]] = {}
    scheme: ClassVar[str] = ""
    pattern: ClassVar[str] = ""

    @property
    def form(self) -> FormDef:
        """The form definition."""
        return load_form(self.slug)

    # -- per book --------------------------------------------------------------------------------------------

    def values_of(self, record: Any) -> dict[str, Any]:
        """The record's form values (every key except signatures); the default reads same-named columns."""
        return {
            field_def.key: getattr(record, field_def.key, None)
            for field_def in self.form.fields
            if field_def.type != "signature"
        }

    def status_of(self, record: Any, now: datetime) -> tuple[str, bool]:
        """The record's status key and whether it needs the desk's attention now."""
        return "", False

    def status_condition(self, status: str, now: datetime) -> peewee.Node | None:
        """The SQL condition of the status filter ``status`` (None: no condition)."""
        return None

    def unit_condition(self, unit: str) -> peewee.Node | None:
        """The SQL condition of the unit filter (None when the book has no unit)."""
        return None

    def import_row(self, row: Mapping[str, Any], number: str, *, by: int | None, now: datetime) -> int:
        """Insert one imported row (already parsed) under ``number``; returns its id."""
        raise UserError(_("This register cannot be imported."))

    # -- shared ----------------------------------------------------------------------------------------------

    def column(self, key: str) -> peewee.Field:
        """The model column of form key ``key``."""
        return getattr(self.model, key)  # type: ignore[no-any-return]

    def conditions(self, query: RegisterQuery, now: datetime) -> list[peewee.Node]:
        """The WHERE conditions of ``query``."""
        conditions: list[peewee.Node] = []
        if query.status:
            condition = self.status_condition(query.status, now)
            if condition is not None:
                conditions.append(condition)
        if query.unit:
            condition = self.unit_condition(query.unit)
            if condition is not None:
                conditions.append(condition)
        if self.date_key:
            moment = self.column(self.date_key)
            if query.date_from:
                conditions.append(moment >= self._bound(query.date_from, 0))
            if query.date_to:
                conditions.append(moment < self._bound(query.date_to, 1))
        for word in query.text.split():
            match: peewee.Node | None = None
            for key in self.search_keys:
                part = contains(self.column(key), word)
                match = part if match is None else (match | part)
            if match is not None:
                conditions.append(match)
        return conditions

    def _bound(self, day: date, add_days: int) -> date | datetime:
        from datetime import timedelta

        column = self.column(self.date_key)
        bound = day + timedelta(days=add_days)
        if isinstance(column, peewee.DateTimeField):
            return datetime.combine(bound, datetime.min.time())
        return bound

    def order(self, query: RegisterQuery) -> list[peewee.Node]:
        """ORDER BY of ``query``: its sort key (or the date column), then the id."""
        key = query.sort_key or self.date_key or "number"
        if key not in self.sort_keys and key != self.date_key:
            raise ValueError(f"unknown sort key {key!r} for {self.slug}")
        columns = [self.column(key), *self.tie_breakers(key)]
        id_column = self.model.id  # type: ignore[attr-defined]
        nodes = [column.desc() if query.descending else column.asc() for column in columns]
        return [*nodes, id_column.desc() if query.descending else id_column.asc()]

    def tie_breakers(self, key: str) -> list[peewee.Field]:
        """Columns ordered after ``key`` (visitors: the arrival time after the date)."""
        return []

    def select(self, query: RegisterQuery, now: datetime) -> peewee.ModelSelect:
        """The records ``query`` selects, in its order."""
        select = self.model.select()
        conditions = self.conditions(query, now)
        if conditions:
            select = select.where(*conditions)
        return select.order_by(*self.order(query))

    def row(self, record: Any, now: datetime) -> RegisterRow:
        """One list row of ``record``."""
        status, attention = self.status_of(record, now)
        return RegisterRow(
            id=record.id,
            number=record.number,
            values=MappingProxyType(self.values_of(record)),
            status=status,
            attention=attention,
            version=getattr(record, "version", 1),
        )

    def rows(
        self, query: RegisterQuery, *, now: datetime, offset: int = 0, limit: int = 200
    ) -> list[RegisterRow]:
        """One page of the list, filtered and sorted in SQL."""
        return [self.row(record, now) for record in self.select(query, now).offset(offset).limit(limit)]

    def count(self, query: RegisterQuery, *, now: datetime) -> int:
        """How many records :meth:`rows` would list without paging."""
        conditions = self.conditions(query, now)
        select = self.model.select()
        if conditions:
            select = select.where(*conditions)
        return int(select.count())

    def print_rows(self, query: RegisterQuery, *, now: datetime) -> list[dict[str, Any]]:
        """Every record ``query`` selects as printable values, oldest first (as the paper register runs)."""
        ordered = RegisterQuery(**{**query.__dict__, "descending": False})
        return [self.values_of(record) for record in self.select(ordered, now).iterator()]

    def get(self, record_id: int) -> Any:
        """The record, or a UserError when it is gone."""
        record = self.model.get_or_none(self.model.id == record_id)  # type: ignore[attr-defined]
        if record is None:
            raise UserError(_("That record no longer exists."))
        return record

    def new_number(self, now: datetime) -> str:
        """The next number of this register (inside the caller's transaction)."""
        return next_number(self.scheme, pattern=self.pattern, now=now)

    def new_numbers(self, count: int, now: datetime) -> list[str]:
        """``count`` next numbers at once (an import; inside the caller's transaction)."""
        return take_numbers(self.scheme, count, pattern=self.pattern, now=now)


@dataclass
class _BookStore:
    """The :class:`~desktop.services.records.RecordStore` of a :class:`Book`."""

    book: Book
    slug: str = field(init=False)

    def __post_init__(self) -> None:
        self.slug = self.book.slug

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every record (or those changed at or after ``since``), oldest first."""
        model = self.book.model
        select = model.select().order_by(model.id)  # type: ignore[attr-defined]
        if since is not None and hasattr(model, "updated_at"):
            select = select.where(model.updated_at >= since)  # type: ignore[attr-defined]
        return [self.book.values_of(record) for record in select.iterator()]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The record numbered ``number``, or None."""
        model = self.book.model
        record = model.get_or_none(model.number == (number or "").strip())  # type: ignore[attr-defined]
        return self.book.values_of(record) if record else None

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The lines of the period, as the register's tab prints them with only the date filter set."""
        return self.book.print_rows(RegisterQuery(date_from=start, date_to=end), now=now)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """One record per row in one transaction; a number already taken refuses the whole import.

        Numbers for the rows without one are taken in one step, and the audit events written together: an
        import of tens of thousands of rows spends its time on the rows, not on the bookkeeping.
        """
        model = self.book.model
        given = [text_of(row, "number") for row in rows]
        with db.atomic():
            wanted = [number for number in given if number]
            repeated = [number for number, count in Counter(wanted).items() if count > 1]
            taken = repeated[0] if repeated else None
            if taken is None and wanted:
                taken = model.select(model.number).where(model.number.in_(wanted)).scalar()  # type: ignore[attr-defined]
            if taken:
                raise UserError(
                    _("Number {number} is taken already; nothing was imported.").format(number=taken)
                )
            fresh = iter(self.book.new_numbers(sum(1 for number in given if not number), now))
            events = []
            for row, number in zip(rows, given, strict=True):
                number = number or next(fresh)
                record_id = self.book.import_row(row, number, by=by, now=now)
                events.append(
                    {"action": audit.IMPORT, "record_type": self.book.record_type, "record_id": record_id,
                     "summary": number}
                )  # fmt: skip
            audit.record_events(events, by=by, now=now)
        return len(rows)


_BOOKS: dict[str, Book] = {}


def register_book(book: Book, *, store: bool = True) -> Book:
    """Make ``book`` reachable by its slug (and its records exportable through a record store)."""
    _BOOKS[book.slug] = book
    if store:
        records.register_store(_BookStore(book))
    return book


def get_book(slug: str) -> Book:
    """The book of form ``slug``.

    Raises:
        KeyError: no register of that slug (a bug in the caller).
    """
    records.discover_stores()
    return _BOOKS[slug]


@requires("record.create")
def create(
    book: Book,
    columns: Mapping[str, Any],
    *,
    by: int | None,
    now: datetime,
    summary: str = "",
) -> int:
    """Insert a numbered record with its audit event (inside the caller's transaction); returns its id."""
    number = book.new_number(now)
    stamps = {"created_at": now, "updated_at": now, "version": 1} if hasattr(book.model, "version") else {}
    record_id = int(book.model.insert(number=number, **columns, **stamps).execute())
    audit.record_event(
        action=audit.CREATE,
        record_type=book.record_type,
        record_id=record_id,
        changes=audit.diff({}, {"number": number, **columns}),
        summary=summary or number,
        by=by,
        now=now,
    )
    return record_id


@requires("record.update")
def update(
    book: Book,
    record: Any,
    columns: Mapping[str, Any],
    *,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> dict[str, list[Any]]:
    """Change ``record``'s ``columns`` with an audit event (inside the caller's transaction); returns the changes.

    Raises:
        ConflictError: the record changed since ``expected_version``.
    """
    from desktop.errors import ConflictError

    if expected_version is not None and record.version != expected_version:
        raise ConflictError(_("Someone else changed this record meanwhile. Reopen it and try again."))
    old = {key: getattr(record, key) for key in columns}
    changes = audit.diff(old, dict(columns))
    if not changes:
        return changes
    model = book.model
    model.update(updated_at=now, version=model.version + 1, **columns).where(  # type: ignore[attr-defined]
        model.id == record.id  # type: ignore[attr-defined]
    ).execute()
    audit.record_event(
        action=audit.UPDATE,
        record_type=book.record_type,
        record_id=record.id,
        changes=changes,
        summary=record.number,
        by=by,
        now=now,
    )
    return changes


def check_values(book: Book, values: Mapping[str, Any], keys: Sequence[str]) -> None:
    """Check ``values`` of ``keys`` with the form's field types.

    Raises:
        ValidationError: field key → message, for every field that is wrong.
    """
    from desktop.errors import ValidationError
    from desktop.formspec.types import type_of

    form = book.form
    errors: dict[str, str] = {}
    for key in keys:
        field_def = form.field(key)
        message = type_of(field_def).validate(values.get(key), field_def)
        if message:
            errors[key] = message
    if errors:
        raise ValidationError(errors)
