"""Complaint statistics (F08 表1.3, spec §2.15): periods and the rates per department, pure arithmetic.

seed 000:158–160: 投诉率 = 投诉次数 ÷ 维修次数 per department, per month or quarter, compiled by 人力公关部 and sent to
the 决策管理中心 (000:165–166). seed 001:1400: 有效投诉率 < 1 %, 回访处理率 100 %. A rate whose divisor is 0 is
*None* — shown as "—" — never 0 % and never infinity: a department with complaints but no repairs has no
complaint rate, it has a problem the table must not hide behind a number.

Counting rules [design, spec F08 open question]: a re-complaint (the new entry written after a dissatisfied
callback, 000:165) is not a new complaint — the chain counts once, in the period and department of its first
entry; a manager's re-coding moves a complaint to its new department and category, it does not add one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from desktop.i18n import N_

MONTH = "month"
QUARTER = "quarter"
PERIOD_KINDS: dict[str, str] = {MONTH: N_("Month"), QUARTER: N_("Quarter")}
#: How a rate without a divisor is shown.
DASH = "—"
#: What the table says for a department with complaints but no repairs, instead of a silent "—": its rate
#: cannot be computed, and that is a finding (are its repairs recorded at all?), not an empty cell.
NO_REPAIRS = N_("Complaints but no repairs")

_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_KEY = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    """A month or a quarter.

    Attributes:
        year: the year.
        kind: :data:`MONTH` or :data:`QUARTER`.
        number: 1–12 for a month, 1–4 for a quarter.
    """

    year: int
    kind: str
    number: int

    def __post_init__(self) -> None:
        top = 12 if self.kind == MONTH else 4 if self.kind == QUARTER else 0
        if not 1 <= self.number <= top:
            raise ValueError(f"bad period {self.kind} {self.number}")

    @property
    def first_month(self) -> int:
        """The first month of the period."""
        return self.number if self.kind == MONTH else 3 * self.number - 2

    @property
    def start(self) -> date:
        """The first day."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """The last day (inclusive)."""
        months = 1 if self.kind == MONTH else 3
        month = self.first_month + months
        following = date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        return following - timedelta(days=1)

    @property
    def key(self) -> str:
        """``2026-03`` or ``2026-Q1`` (the F08 form's period text)."""
        return f"{self.year}-{self.number:02d}" if self.kind == MONTH else f"{self.year}-Q{self.number}"

    def months(self) -> list[Period]:
        """The months of the period (itself for a month)."""
        if self.kind == MONTH:
            return [self]
        return [Period(self.year, MONTH, self.first_month + offset) for offset in range(3)]

    def previous(self) -> Period:
        """The period before this one, of the same kind."""
        top = 12 if self.kind == MONTH else 4
        if self.number == 1:
            return Period(self.year - 1, self.kind, top)
        return Period(self.year, self.kind, self.number - 1)


def period_of(day: date, kind: str) -> Period:
    """The month or quarter ``day`` falls in."""
    if kind == MONTH:
        return Period(day.year, MONTH, day.month)
    return Period(day.year, QUARTER, (day.month - 1) // 3 + 1)


def parse_period(text: str) -> Period:
    """``2026-03`` or ``2026-Q1`` as a :class:`Period`.

    Raises:
        ValueError: anything else.
    """
    text = (text or "").strip()
    month = _MONTH_KEY.match(text)
    if month:
        return Period(int(month.group(1)), MONTH, int(month.group(2)))
    quarter = _QUARTER_KEY.match(text)
    if quarter:
        return Period(int(quarter.group(1)), QUARTER, int(quarter.group(2)))
    raise ValueError(f"not a period: {text!r}")


def recent_periods(day: date, kind: str, count: int) -> list[Period]:
    """The ``count`` periods up to and including the one of ``day``, oldest first (for the trend chart)."""
    periods = [period_of(day, kind)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``, or None when the divisor is 0 (shown as :data:`DASH`)."""
    if denominator == 0:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class DepartmentCounts:
    """What was counted for one department in one period.

    Attributes:
        department: the department's name ("" for complaints with no department yet).
        department_id: its id, or None.
        complaints: first register entries received in the period (re-complaints left out, see module doc).
        valid: of those, the ones not judged invalid.
        repairs: repairs handled in the period (problem sheets whose result came back, and other repair kinds).
        handled: complaints of the period that reached the callback (their handling is reported).
        called_back: of those, the ones whose callback result is recorded.
        overdue: complaints of the period that missed a deadline (or are past one now).
    """

    department: str
    department_id: int | None
    complaints: int = 0
    valid: int = 0
    repairs: int = 0
    handled: int = 0
    called_back: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class DepartmentRates:
    """One row of the statistics: the counts and the rates derived from them (None = "—").

    Attributes:
        complaint_rate: complaints ÷ repairs (000:158–160).
        valid_rate: valid complaints ÷ repairs (有效投诉率, 001:1400).
        callback_rate: called back ÷ handled (回访率, 001:1400).
        overdue_rate: overdue ÷ complaints.
        above_target: the complaint rate is above the office's target (None without a rate or a target).
    """

    counts: DepartmentCounts
    complaint_rate: float | None
    valid_rate: float | None
    callback_rate: float | None
    overdue_rate: float | None
    above_target: bool | None


def rates(counts: DepartmentCounts, target: float | None = None) -> DepartmentRates:
    """The rates of one department's counts, judged against ``target`` (a ratio, e.g. 0.01)."""
    complaint_rate = ratio(counts.complaints, counts.repairs)
    return DepartmentRates(
        counts=counts,
        complaint_rate=complaint_rate,
        valid_rate=ratio(counts.valid, counts.repairs),
        callback_rate=ratio(counts.called_back, counts.handled),
        overdue_rate=ratio(counts.overdue, counts.complaints),
        above_target=None if complaint_rate is None or target is None else complaint_rate > target,
    )


def complaints_without_repairs(counts: DepartmentCounts) -> bool:
    """The department had complaints in the period but no repairs: flag it (:data:`NO_REPAIRS`)."""
    return counts.complaints > 0 and counts.repairs == 0


def total(rows: Iterable[DepartmentCounts], name: str = "") -> DepartmentCounts:
    """The sum of ``rows`` (the table's total line)."""
    items = list(rows)
    return DepartmentCounts(
        department=name,
        department_id=None,
        complaints=sum(row.complaints for row in items),
        valid=sum(row.valid for row in items),
        repairs=sum(row.repairs for row in items),
        handled=sum(row.handled for row in items),
        called_back=sum(row.called_back for row in items),
        overdue=sum(row.overdue for row in items),
    )


def add(left: DepartmentCounts, right: DepartmentCounts) -> DepartmentCounts:
    """Two counts of the same department added (e.g. repairs from two record kinds)."""
    return replace(
        left,
        complaints=left.complaints + right.complaints,
        valid=left.valid + right.valid,
        repairs=left.repairs + right.repairs,
        handled=left.handled + right.handled,
        called_back=left.called_back + right.called_back,
        overdue=left.overdue + right.overdue,
    )


def average(values: Iterable[float | None]) -> float | None:
    """The mean of the values given (None ones left out), or None when there are none (rating averages)."""
    numbers = [value for value in values if value is not None]
    return sum(numbers) / len(numbers) if numbers else None
