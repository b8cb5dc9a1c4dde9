"""The hotline call tally (F05 800电话信息统计报表): one stroke per call, counted per category, day and month.

seed 000:120-121: "每处理完一个电话后,必须在《800电话信息统计报表》中以“正”字登记" — after every call the operator adds
a stroke to a 正. FrontDesk keeps one row per call (one keystroke, F5-F8, from anywhere in the app), so the counts
of any day or month come from SQL and the printout draws them as 正 strokes
(:func:`desktop.rules.registers.tally_strokes`). A stroke made by mistake is taken back with :func:`undo_last_call`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import peewee

from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.register import CallTallyEntry
from desktop.rules import registers as rules
from desktop.services import audit, printing, records, register_book
from desktop.services.authz import requires

SLUG = "call_tally"
RECORD_TYPE = "call_tally"
#: Category keys in the order of their shortcuts F5-F8 (seed 000 F01 用户问题类别: 技术质量 / 服务 / 销售 / 其它).
CATEGORIES: tuple[str, ...] = ("technical", "service", "sales", "other")
HANDLINGS: tuple[str, ...] = ("direct", "transferred")


@dataclass(frozen=True)
class TallyCounts:
    """Calls per category on one day (or in one period).

    Attributes:
        counts: category key → calls, every category present (0 when none).
    """

    start: date
    end: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """All calls."""
        return sum(self.counts.values())


def category_label(key: str, lang: str) -> str:
    """The label of category ``key`` in ``lang``, from the form definition."""
    for option in load_form(SLUG).field("category").options:
        if option.key == key:
            return option.label.get(lang)
    return key


def _check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise UserError(_("Unknown call category: {category}.").format(category=category), field="category")


@requires("record.create")
def count_call(
    category: str, *, by: int | None, now: datetime, handling: str | None = None, remarks: str = ""
) -> TallyCounts:
    """Add one stroke for a call of ``category`` (one keystroke); returns today's counts.

    Raises:
        UserError: an unknown category or handling.
    """
    _check_category(category)
    if handling is not None and handling not in HANDLINGS:
        raise UserError(_("Unknown handling: {handling}.").format(handling=handling), field="handling")
    with db.atomic():
        entry_id = CallTallyEntry.insert(
            at=now,
            tally_date=now.date(),
            category=category,
            handling=handling,
            operator=register_book.staff_name(by),
            staff=by,
            remarks=" ".join(remarks.split())[:300],
        ).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type=RECORD_TYPE,
            record_id=int(entry_id),
            changes={"category": [None, category]},
            summary=category,
            by=by,
            now=now,
        )
    return counts_for_day(now.date())


@requires("record.update")
def undo_last_call(*, by: int | None, now: datetime) -> TallyCounts:
    """Take back the last stroke made today by the person on duty (a key pressed by mistake).

    Raises:
        UserError: they made no stroke today.
    """
    with db.atomic():
        query = CallTallyEntry.select().where(CallTallyEntry.tally_date == now.date())
        query = query.where(CallTallyEntry.staff.is_null() if by is None else CallTallyEntry.staff == by)
        entry = query.order_by(CallTallyEntry.at.desc(), CallTallyEntry.id.desc()).first()
        if entry is None:
            raise UserError(_("You have counted no call today."))
        CallTallyEntry.delete().where(CallTallyEntry.id == entry.id).execute()
        audit.record_event(
            action=audit.DELETE,
            record_type=RECORD_TYPE,
            record_id=entry.id,
            changes={"category": [entry.category, None]},
            summary=entry.category,
            by=by,
            now=now,
        )
    return counts_for_day(now.date())


def counts_between(start: date, end: date) -> TallyCounts:
    """Calls per category on the days ``start`` … ``end`` (inclusive)."""
    counts = dict.fromkeys(CATEGORIES, 0)
    select = (
        CallTallyEntry.select(CallTallyEntry.category, peewee.fn.COUNT(CallTallyEntry.id))
        .where((CallTallyEntry.tally_date >= start) & (CallTallyEntry.tally_date <= end))
        .group_by(CallTallyEntry.category)
        .tuples()
    )
    for category, count in register_book.tuples(select):
        counts[category] = counts.get(category, 0) + int(count)
    return TallyCounts(start=start, end=end, counts=counts)


def counts_for_day(day: date) -> TallyCounts:
    """Calls per category on ``day``."""
    return counts_between(day, day)


def counts_for_month(day: date) -> TallyCounts:
    """Calls per category in ``day``'s month."""
    first, last = rules.month_bounds(day)
    return counts_between(first, last)


def counts_by_day(start: date, end: date) -> dict[date, dict[str, int]]:
    """Day → category → calls, for the days with calls from ``start`` to ``end``."""
    result: dict[date, dict[str, int]] = {}
    select = (
        CallTallyEntry.select(
            CallTallyEntry.tally_date, CallTallyEntry.category, peewee.fn.COUNT(CallTallyEntry.id)
        )
        .where((CallTallyEntry.tally_date >= start) & (CallTallyEntry.tally_date <= end))
        .group_by(CallTallyEntry.tally_date, CallTallyEntry.category)
        .order_by(CallTallyEntry.tally_date)
        .tuples()
    )
    for day, category, count in register_book.tuples(select):
        result.setdefault(day, dict.fromkeys(CATEGORIES, 0))[category] = int(count)
    return result


def _grouped(start: date, end: date) -> list[tuple[date, str, str | None, str, int]]:
    select = (
        CallTallyEntry.select(
            CallTallyEntry.tally_date,
            CallTallyEntry.operator,
            CallTallyEntry.category,
            CallTallyEntry.handling,
            peewee.fn.COUNT(CallTallyEntry.id),
        )
        .where((CallTallyEntry.tally_date >= start) & (CallTallyEntry.tally_date <= end))
        .group_by(
            CallTallyEntry.tally_date,
            CallTallyEntry.operator,
            CallTallyEntry.category,
            CallTallyEntry.handling,
        )
        .tuples()
    )
    order = {key: index for index, key in enumerate(CATEGORIES)}
    rows = [
        (day, category, handling, operator, int(count))
        for day, operator, category, handling, count in register_book.tuples(select)
    ]
    rows.sort(key=lambda row: (row[0], row[3], order.get(row[1], 99), row[2] or ""))
    return rows


def report_rows(start: date, end: date, *, per_day: bool = True) -> list[dict[str, Any]]:
    """The printable F05 rows of ``start`` … ``end``: per day, operator, category and handling, or per category.

    Each row's ``tally`` is the count drawn as 正 strokes. ``per_day=False`` gives the monthly summary: one row per
    category (every category, also with no calls) and the period's dates left to the title.
    """
    rows: list[dict[str, Any]] = []
    if per_day:
        for index, (day, category, handling, operator, count) in enumerate(_grouped(start, end), start=1):
            rows.append(
                {"number": str(index), "tally_date": day, "operator": operator or None, "category": category,
                 "handling": handling, "tally": rules.tally_strokes(count), "count": count, "remarks": None}
            )  # fmt: skip
        return rows
    totals = counts_between(start, end)
    for index, category in enumerate(CATEGORIES, start=1):
        count = totals.counts[category]
        rows.append(
            {"number": str(index), "tally_date": None, "operator": None, "category": category, "handling": None,
             "tally": rules.tally_strokes(count), "count": count, "remarks": None}
        )  # fmt: skip
    return rows


def period_report_rows(start: date, end: date) -> list[dict[str, Any]]:
    """The F05 rows as printed for a period: one day in detail, a longer period as totals per category."""
    return report_rows(start, end, per_day=start == end)


def print_report(start: date, end: date, *, lang: str, per_day: bool = True, title_suffix: str = "") -> bytes:
    """The F05 call statistics of the period as PDF."""
    return printing.print_register(
        SLUG, report_rows(start, end, per_day=per_day), lang=lang, title_suffix=title_suffix
    )


class CallTallyStore:
    """:class:`~desktop.services.records.RecordStore` of ``call_tally``: one line per day, operator, category, handling.

    A line's number is ``YYYYMMDD-n`` (its place in that day's report); importing a line adds ``count`` strokes at
    noon of its day.
    """

    slug = SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every day's lines (or those of the days with a call at or after ``since``), oldest first."""
        first = CallTallyEntry.select(peewee.fn.MIN(CallTallyEntry.tally_date)).scalar()
        if first is None:
            return []
        start = since.date() if since is not None else first
        last = CallTallyEntry.select(peewee.fn.MAX(CallTallyEntry.tally_date)).scalar()
        values: list[dict[str, Any]] = []
        day = start
        while day <= last:
            for row in report_rows(day, day):
                values.append({**row, "number": f"{day:%Y%m%d}-{row['number']}"})
            day += timedelta(days=1)
        return values

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The line numbered ``YYYYMMDD-n``, or None."""
        try:
            day_text, index_text = (number or "").strip().split("-", 1)
            day = datetime.strptime(day_text, "%Y%m%d").date()
            index = int(index_text)
        except ValueError:
            return None
        rows = report_rows(day, day)
        if not 1 <= index <= len(rows):
            return None
        return {**rows[index - 1], "number": number.strip()}

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The report as the call-tally tab prints it for the period (an empty period still lists the categories)."""
        return period_report_rows(start, end)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Each line adds ``count`` strokes to its day (one transaction)."""
        with db.atomic():
            for row in rows:
                _check_category(str(row.get("category") or ""))
                day = row.get("tally_date") or now.date()
                moment = datetime.combine(day, time(12, 0))
                count = int(row.get("count") or 0)
                entries: list[Mapping[str, Any]] = [
                    {"at": moment, "tally_date": day, "category": row["category"], "handling": row.get("handling"),
                     "operator": str(row.get("operator") or ""), "staff": None,
                     "remarks": str(row.get("remarks") or "")[:300]}
                    for _ in range(count)
                ]  # fmt: skip
                for batch in peewee.chunked(entries, 100):
                    CallTallyEntry.insert_many(batch).execute()
                audit.record_event(
                    action=audit.IMPORT,
                    record_type=RECORD_TYPE,
                    record_id=None,
                    changes={"count": [None, count]},
                    summary=f"{day} {row['category']}",
                    by=by,
                    now=now,
                )
        return len(rows)


records.register_store(CallTallyStore())
