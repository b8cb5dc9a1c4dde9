"""Complaint statistics (月/季度客户投诉率统计表 F08 表1.3): counted per department and period, printed, exported.

seed 000:158–160 and 165–166: at month and quarter end the HR & PR department sums complaints and repairs per
department, 投诉率 = 投诉次数 ÷ 维修次数, and sends the table to the decision management centre. The arithmetic and
the counting rules are :mod:`desktop.rules.statistics`; this module counts in SQL.

Repairs come from *repair counters*: problem sheets whose result came back (handled, seed 000:95) count for the
department they were handed to; a later repair record kind (property repair notices, P17) registers its own
counter with :func:`register_repair_counter`. The call tally (800电话信息统计报表 F05) belongs to the registers
and is not a column here.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee

from desktop import i18n
from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.complaint import Complaint, ComplaintReport
from desktop.models.staff import Department
from desktop.models.ticket import ProblemSheet
from desktop.rules import complaints as complaint_rules
from desktop.rules import statistics as rules
from desktop.rules.statistics import DepartmentCounts, DepartmentRates, Period
from desktop.services import audit, printing, records
from desktop.services.authz import requires
from desktop.services.settings import get_setting

SLUG = "complaint_rate"

#: ``counter(low, high)`` → department id → repairs handled in ``[low, high)``.
RepairCounter = Callable[[datetime, datetime], dict[int, int]]
_REPAIR_COUNTERS: dict[str, RepairCounter] = {}


def register_repair_counter(name: str, func: RepairCounter) -> None:
    """Count the repairs of one record kind into the statistics (replacing one registered under ``name``)."""
    _REPAIR_COUNTERS[name] = func


def _sheet_repairs(low: datetime, high: datetime) -> dict[int, int]:
    """Problem sheets whose result came back in ``[low, high)``, per department handed to."""
    query = (
        ProblemSheet.select(ProblemSheet.department, peewee.fn.COUNT(ProblemSheet.id))
        .where(
            ProblemSheet.result_returned_at.is_null(False)
            & (ProblemSheet.result_returned_at >= low)
            & (ProblemSheet.result_returned_at < high)
            & ProblemSheet.department.is_null(False)
        )
        .group_by(ProblemSheet.department)
        .tuples()
    )
    return {int(department): int(count) for department, count in query}


register_repair_counter("problem_sheet", _sheet_repairs)


@dataclass(frozen=True)
class StatsTable:
    """The statistics of one period: a row per department, the total, the target.

    Attributes:
        rows: departments in the office's order, then "no department" when complaints have none.
        total: the sum of the rows.
        target: the office's complaint-rate target as a ratio (0.01 = 1 %), or None when it set none.
    """

    period: Period
    rows: tuple[DepartmentRates, ...]
    total: DepartmentRates
    target: float | None


def target_rate() -> float | None:
    """The office's target (Settings ``complaints.target_permille``; seed 001:1400: below 1 %)."""
    permille = int(get_setting("complaints.target_permille"))
    return permille / 1000 if permille else None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, datetime.min.time()), datetime.combine(
        end + timedelta(days=1), datetime.min.time()
    )


def count_period(start: date, end: date, *, now: datetime) -> dict[int | None, DepartmentCounts]:
    """Counts per department id (None: no department) of the days ``start`` … ``end``, judged at ``now``."""
    low, high = _bounds(start, end)
    overdue = (Complaint.late_count > 0) | (
        (Complaint.status == complaint_rules.OPEN)
        & ((Complaint.stage_due < now) | (Complaint.final_due.is_null(False) & (Complaint.final_due < now)))
    )

    def case(condition: peewee.Node) -> peewee.Node:
        return peewee.fn.SUM(peewee.Case(None, [(condition, 1)], 0))

    query = (
        Complaint.select(
            Complaint.department_ref,
            peewee.fn.COUNT(Complaint.id),
            case(Complaint.valid == True),  # noqa: E712 - SQL comparison
            case(ComplaintReport.id.is_null(False)),
            case(ComplaintReport.callback_outcome.is_null(False)),
            case(overdue),
        )
        .join(ComplaintReport, peewee.JOIN.LEFT_OUTER, on=(ComplaintReport.complaint == Complaint.id))
        # A re-complaint continues its chain: it is not a new complaint (rules.statistics module doc).
        .where((Complaint.round == 1) & (Complaint.complained_at >= low) & (Complaint.complained_at < high))
        .group_by(Complaint.department_ref)
        .tuples()
    )
    names = dict(Department.select(Department.id, Department.name).tuples())
    counts: dict[int | None, DepartmentCounts] = {}
    for department_id, complaints, valid, handled, called_back, late in query:
        counts[department_id] = DepartmentCounts(
            department=names.get(department_id, ""),
            department_id=department_id,
            complaints=int(complaints),
            valid=int(valid or 0),
            handled=int(handled or 0),
            called_back=int(called_back or 0),
            overdue=int(late or 0),
        )
    for counter in _REPAIR_COUNTERS.values():
        for department_id, repairs in counter(low, high).items():
            current = counts.get(department_id) or DepartmentCounts(
                names.get(department_id, ""), department_id
            )
            counts[department_id] = rules.add(
                current, DepartmentCounts(current.department, department_id, repairs=repairs)
            )
    return counts


def complaint_statistics(period: Period, *, now: datetime) -> StatsTable:
    """The F08 table of ``period``: every department (zeros included), the "no department" line when needed."""
    counts = count_period(period.start, period.end, now=now)
    target = target_rate()
    rows = []
    for department_id, name in (
        Department.select(Department.id, Department.name).order_by(Department.id).tuples()
    ):
        rows.append(rules.rates(counts.get(department_id) or DepartmentCounts(name, department_id), target))
    if None in counts:
        rows.append(rules.rates(counts[None], target))
    total = rules.rates(rules.total((row.counts for row in rows), _("Total")), target)
    return StatsTable(period=period, rows=tuple(rows), total=total, target=target)


def trend(periods: list[Period], *, now: datetime) -> list[DepartmentRates]:
    """The office-wide total of each period (the trend chart), in the order given."""
    target = target_rate()
    return [
        rules.rates(rules.total(count_period(period.start, period.end, now=now).values(), period.key), target)
        for period in periods
    ]


# ---- display, export, print -----------------------------------------------------------------------------------

#: Column key → header (``N_``), in the order of the screen's table and the exports.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("department", N_("Department")),
    ("complaints", N_("Complaints")),
    ("valid", N_("Valid complaints")),
    ("repairs", N_("Repairs")),
    ("complaint_rate", N_("Complaint rate")),
    ("valid_rate", N_("Valid complaint rate")),
    ("callback_rate", N_("Callback rate")),
    ("overdue_rate", N_("Overdue rate")),
)
RATE_KEYS = frozenset({"complaint_rate", "valid_rate", "callback_rate", "overdue_rate"})


def cell(row: DepartmentRates, key: str) -> Any:
    """The value of column ``key`` for ``row``: a name, a count, or a rate (None = no divisor)."""
    if key == "department":
        return row.counts.department or _("(no department)")
    if key in RATE_KEYS:
        return getattr(row, key)
    return getattr(row.counts, key)


#: Rates divided by the repairs: without repairs, a department with complaints is flagged in these cells.
REPAIR_RATE_KEYS = frozenset({"complaint_rate", "valid_rate"})


def format_cell(value: Any, key: str, lang: str | None = None) -> str:
    """How the screen and the CSV show a cell: rates in percent with two decimals, "—" without a divisor."""
    if key in RATE_KEYS:
        return rules.DASH if value is None else i18n.format_percent(value, lang, digits=2)
    return str(value)


def flagged(row: DepartmentRates, key: str) -> bool:
    """Whether cell ``key`` of ``row`` shows :data:`rules.NO_REPAIRS` instead of a rate."""
    return key in REPAIR_RATE_KEYS and rules.complaints_without_repairs(row.counts)


def cell_text(row: DepartmentRates, key: str, lang: str | None = None) -> str:
    """Cell ``key`` of ``row`` as the screen and the exports show it: a department with complaints but no
    repairs says so in its rate cells instead of "—"."""
    if flagged(row, key):
        return i18n.gettext_for(lang or i18n.ui_language())(rules.NO_REPAIRS)
    return format_cell(cell(row, key), key, lang)


def period_label(period: Period, lang: str | None = None) -> str:
    """ "2026年3月" / "March 2026", "2026年第1季度" / "Q1 2026": babel's skeletons, no catalog needed."""
    from babel.dates import format_skeleton

    locale = i18n.babel_locale(lang or i18n.ui_language())
    skeleton = "yMMMM" if period.kind == rules.MONTH else "yQQQ"
    return str(format_skeleton(skeleton, period.start, locale=locale))


@requires("record.print")
def export_statistics(table: StatsTable, path: Path, *, lang: str, by: int | None, now: datetime) -> Path:
    """Write ``table`` to ``path`` as XLSX (numbers and percent cells) or CSV (text as on screen); audited.

    Raises:
        UserError: an unknown file type, or the file cannot be written.
    """
    gettext = i18n.gettext_for(lang)
    headers = [gettext(title) for _key, title in COLUMNS]
    lines = [*table.rows, table.total]
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            _write_xlsx(table, lines, headers, path, lang)
        elif suffix == ".csv":
            with path.open("w", newline="", encoding="utf-8-sig") as handle:
                writer = csv.writer(handle)
                writer.writerow(headers)
                for line in lines:
                    writer.writerow([cell_text(line, key, lang) for key, _title in COLUMNS])
        else:
            raise UserError(_("Export as .xlsx or .csv."), "path")
    except OSError as exc:
        raise UserError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    with db.atomic():
        audit.record_event(
            action=audit.EXPORT,
            record_type=SLUG,
            record_id=None,
            summary=f"{table.period.key} {path.name}",
            by=by,
            now=now,
        )
    return path


def export_value(row: DepartmentRates, key: str, lang: str | None = None) -> Any:
    """Cell ``key`` of ``row`` as the XLSX holds it: :func:`xlsx_value`, or the no-repairs flag in ``lang``."""
    if flagged(row, key):
        return i18n.gettext_for(lang or i18n.ui_language())(rules.NO_REPAIRS)
    return xlsx_value(cell(row, key))


def xlsx_value(value: Any) -> Any:
    """A cell as written to XLSX: counts as they are, rates rounded to 6 places (0.0001 %: what a spreadsheet
    keeps of a float), a rate without a divisor "—"."""
    if value is None:
        return rules.DASH
    return round(value, 6) if isinstance(value, float) else value


def _write_xlsx(
    table: StatsTable, lines: list[DepartmentRates], headers: list[str], path: Path, lang: str
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = table.period.key
    sheet.append([period_label(table.period, lang)])
    sheet.append(headers)
    for cell_ in sheet[2]:
        cell_.font = Font(bold=True)
    for line in lines:
        values = [cell(line, key) for key, _title in COLUMNS]
        sheet.append([export_value(line, key, lang) for key, _title in COLUMNS])
        for column, (key, _title) in enumerate(COLUMNS, start=1):
            if key in RATE_KEYS and values[column - 1] is not None:
                sheet.cell(row=sheet.max_row, column=column).number_format = "0.00%"
    sheet.column_dimensions["A"].width = 18
    book.save(path)


def print_rows(table: StatsTable, lang: str | None = None) -> list[dict[str, Any]]:
    """The F08 register lines of ``table``: one per department, then the total.

    A rate without repairs stays empty and the remarks say why when there were complaints
    (:data:`rules.NO_REPAIRS`). The total's, "no department"'s and the remarks' words are in ``lang``.
    """
    gettext = i18n.gettext_for(lang or i18n.ui_language())
    rows = []
    for index, line in enumerate([*table.rows, table.total], start=1):
        rows.append(
            {
                "number": str(index) if line is not table.total else "",
                "period_type": table.period.kind,
                "period": table.period.key,
                "department": gettext("Total")
                if line is table.total
                else (line.counts.department or gettext("(no department)")),
                "complaints": line.counts.complaints,
                "valid": line.counts.valid,
                "repairs": line.counts.repairs,
                "rate": _printed_rate(line.complaint_rate),
                "valid_rate": _printed_rate(line.valid_rate),
                "remarks": gettext(rules.NO_REPAIRS)
                if rules.complaints_without_repairs(line.counts)
                else None,
            }
        )
    return rows


def _printed_rate(rate: float | None) -> Decimal | None:
    return None if rate is None else Decimal(str(round(rate, 4)))


def print_statistics(table: StatsTable, *, lang: str) -> bytes:
    """The printed 表1.3 of ``table`` in ``lang``."""
    return printing.print_register(
        SLUG, print_rows(table, lang), lang=lang, title_suffix=period_label(table.period, lang)
    )


def whole_period(start: date, end: date) -> Period:
    """The month or quarter that is exactly ``start`` … ``end``.

    Raises:
        UserError: the days are not one whole month or quarter (表1.3 counts nothing else).
    """
    for kind in (rules.MONTH, rules.QUARTER):
        period = rules.period_of(start, kind)
        if period.start == start and period.end == end:
            return period
    raise UserError(
        _("The complaint-rate table counts a whole month or a whole quarter, not {start} – {end}.").format(
            start=start.isoformat(), end=end.isoformat()
        )
    )


class ComplaintRateStore:
    """:class:`desktop.services.records.RecordStore` of form ``complaint_rate``: computed, never stored.

    Exports list every month from the first complaint to the last, each quarter after its last month (the seed
    asks for both, 000:158); nothing can be imported, and the table is printed for a month or a quarter
    (:func:`print_statistics`, ``frontdesk print complaint_rate --month``).
    """

    #: Computed or filed from elsewhere: the import dialog does not offer it.
    importable = False
    slug = SLUG
    #: Counted, not kept: its lines have no numbers to print one by one (:func:`records.keeps_records`).
    computed = True

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """The tables of every month with complaints (or since ``since``), each quarter's after its last month
        (or after the last month, for the quarter still running)."""
        first = Complaint.select(peewee.fn.MIN(Complaint.complained_at)).scalar()
        last = Complaint.select(peewee.fn.MAX(Complaint.complained_at)).scalar()
        if first is None or last is None:
            return []
        start = max(first, since) if since is not None else first
        period = rules.period_of(start.date(), rules.MONTH)
        end = rules.period_of(last.date(), rules.MONTH)
        values: list[dict[str, Any]] = []
        while period <= end:
            values += print_rows(complaint_statistics(period, now=last))
            if period.number % 3 == 0 or period == end:
                quarter = rules.period_of(period.start, rules.QUARTER)
                values += print_rows(complaint_statistics(quarter, now=last))
            period = Period(period.year + period.number // 12, rules.MONTH, period.number % 12 + 1)
        return values

    def get_values(self, number: str) -> dict[str, Any] | None:
        """Lines of a computed table have no number of their own: None."""
        return None

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The table of the month or quarter ``start`` … ``end``, as the Reports page prints it.

        Raises:
            UserError: the days are not a whole month or quarter.
        """
        return print_rows(complaint_statistics(whole_period(start, end), now=now), lang)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Refused: the table is computed from the complaint register and the repairs."""
        raise UserError(
            _("The complaint-rate table is computed from the register; there is nothing to import.")
        )


records.register_store(ComplaintRateStore())
