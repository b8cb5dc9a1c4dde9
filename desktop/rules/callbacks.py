"""When to call a customer back: the seeds' callback rules, in the office's working time, outside rest hours.

Rules (spec §2.2, §2.16), each with its seed and a Settings duration:

* repair / problem sheet: "当天故障,第二天回访" — a fault finished on day D is called back on the next working day
  (seed 000:85-88; ``callbacks.repair_working_days``, default 1);
* handled complaint: call back within 24 hours (seed 000:409, 000:256; ``callbacks.complaint_hours``);
* complaint that cannot be solved quickly: a progress call every 2 days until it is, moved back before a
  closed day rather than after it (seed 001:1680-1688; ``callbacks.progress_days``);
* member / key customers: within 3 days, "一个避免,三个必保" (seed 001:594-602; ``callbacks.member_days``);
* periodic account callbacks: monthly in a project's first year, quarterly after (seed 001:984, 002:168;
  off unless ``callbacks.periodic_enabled``).

"一个避免": avoid the customer's rest time (seed 001:594). A call is only ever placed in a *call window*: the
office's working time (:class:`~desktop.rules.workcalendar.WorkCalendar`, somebody must be at the desk to
call) minus the customer's rest hours (:class:`RestHours`; default not before 09:00, not 12:00-14:00, not after
20:00 — setting ``customer_rest_hours``). A callback is a :class:`Slot`: the first moment to call and the
deadline by which it should be done; both always lie in a call window.

Pure: no database, no clock.
"""

from __future__ import annotations

import calendar as _monthcal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from desktop.i18n import N_
from desktop.rules.workcalendar import NoWorkingTimeError, WorkCalendar

#: How far ahead a call window is looked for (a year closed is a settings mistake).
_HORIZON_DAYS = 800

# Why a callback is made; stored on the record and shown in lists.
REPAIR = "repair"
COMPLAINT = "complaint"
PROGRESS = "progress"
MEMBER = "member"
PERIODIC = "periodic"
OTHER = "other"

PURPOSES: tuple[str, ...] = (REPAIR, COMPLAINT, PROGRESS, MEMBER, PERIODIC, OTHER)
PURPOSE_LABELS: dict[str, str] = {
    REPAIR: N_("Repair callback"),
    COMPLAINT: N_("Complaint callback"),
    PROGRESS: N_("Progress callback"),
    MEMBER: N_("Member callback"),
    PERIODIC: N_("Account callback"),
    OTHER: N_("Callback"),
}

# seed 001:1672-1676: callbacks by 电话 / 上门 / 信函.
PHONE = "phone"
VISIT = "visit"
LETTER = "letter"
CHANNELS: tuple[str, ...] = (PHONE, VISIT, LETTER)


@dataclass(frozen=True)
class RestHours:
    """When customers must not be called (seed 001:594 "避免客户休息时间").

    Attributes:
        not_before: no call before this time of day.
        not_after: no call after this time of day.
        quiet: further quiet stretches within the day (lunch and nap: 12:00-14:00 by default).
    """

    not_before: time = time(9, 0)
    not_after: time = time(20, 0)
    quiet: tuple[tuple[time, time], ...] = ((time(12, 0), time(14, 0)),)

    def allowed(self) -> tuple[tuple[time, time], ...]:
        """The stretches of a day when calling is allowed, in order."""
        stretches: list[tuple[time, time]] = []
        start = self.not_before
        for quiet_from, quiet_to in sorted(self.quiet):
            if quiet_to <= start or quiet_from >= self.not_after:
                continue
            if quiet_from > start:
                stretches.append((start, quiet_from))
            start = max(start, quiet_to)
        if start < self.not_after:
            stretches.append((start, self.not_after))
        return tuple(stretches)

    def is_rest_time(self, moment: datetime) -> bool:
        """Whether ``moment`` is in the customer's rest hours (the end of an allowed stretch counts as rest)."""
        clock = moment.time()
        return not any(start <= clock < end for start, end in self.allowed())


def rest_hours_from_setting(value: Mapping[str, Any]) -> RestHours:
    """:class:`RestHours` from the ``customer_rest_hours`` setting (``{"not_before": "09:00", ...}``)."""
    return RestHours(
        not_before=time.fromisoformat(value["not_before"]),
        not_after=time.fromisoformat(value["not_after"]),
        quiet=tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in value.get("quiet", ())),
    )


@dataclass(frozen=True)
class CallbackRules:
    """The office's callback durations (Settings ``callbacks.*``), seed values by default."""

    repair_working_days: int = 1  # seed 000:88 当天故障,第二天回访
    complaint_hours: int = 24  # seed 000:409 投诉24小时内回访
    progress_days: int = 2  # seed 001:1686 每2天回访一次
    member_days: int = 3  # seed 001:602 3天内回访
    periodic_enabled: bool = False  # seed 001:984 only where an office keeps project callbacks
    periodic_first_year_months: int = 1  # seed 001:984 第一年每月
    periodic_later_months: int = 3  # seed 001:984 一年后每季度


@dataclass(frozen=True)
class Slot:
    """When a callback is to be made.

    Attributes:
        scheduled_at: the first moment to call (in a call window).
        due_at: the deadline: the callback is overdue after it (in or at the end of a call window).
    """

    scheduled_at: datetime
    due_at: datetime


# ---- call windows ---------------------------------------------------------------------------------------


def call_windows(day: date, calendar: WorkCalendar, rest: RestHours) -> tuple[tuple[datetime, datetime], ...]:
    """The stretches of ``day`` when the desk may call: office working time minus the customer's rest hours."""
    windows: list[tuple[datetime, datetime]] = []
    for opens, closes in calendar.working_intervals(day):
        for start, end in rest.allowed():
            low = max(opens, datetime.combine(day, start))
            high = min(closes, datetime.combine(day, end))
            if low < high:
                windows.append((low, high))
    windows.sort()
    return tuple(windows)


def _windows_from(
    moment: datetime, calendar: WorkCalendar, rest: RestHours
) -> Iterator[tuple[datetime, datetime]]:
    """Call windows ending after ``moment``, the first clipped to start at ``moment``."""
    for offset in range(_HORIZON_DAYS):
        for start, end in call_windows(moment.date() + timedelta(days=offset), calendar, rest):
            if end > moment:
                yield max(start, moment), end
    raise NoWorkingTimeError(moment)


def is_call_time(moment: datetime, calendar: WorkCalendar, rest: RestHours) -> bool:
    """Whether the desk may call a customer at ``moment`` (the end of a window is not call time)."""
    return any(start <= moment < end for start, end in call_windows(moment.date(), calendar, rest))


def next_call_time(moment: datetime, calendar: WorkCalendar, rest: RestHours) -> datetime:
    """``moment`` when it is call time, else the start of the next call window.

    Raises:
        NoWorkingTimeError: no call window within the horizon (office closed or rest hours cover the day).
    """
    start, _end = next(_windows_from(moment, calendar, rest))
    return start


def window_end(moment: datetime, calendar: WorkCalendar, rest: RestHours) -> datetime:
    """The end of the call window ``moment`` lies in (or of the next one when it lies in none)."""
    _start, end = next(_windows_from(moment, calendar, rest))
    return end


def day_slot(day: date, calendar: WorkCalendar, rest: RestHours) -> Slot:
    """The whole first day on or after ``day`` that has call windows: from its first window to its last."""
    for offset in range(_HORIZON_DAYS):
        windows = call_windows(day + timedelta(days=offset), calendar, rest)
        if windows:
            return Slot(scheduled_at=windows[0][0], due_at=windows[-1][1])
    raise NoWorkingTimeError(datetime.combine(day, time()))


def _within(start: datetime, limit: datetime, calendar: WorkCalendar, rest: RestHours) -> Slot:
    """Call from ``start`` on, done by ``limit``: the deadline is pulled back to the last call time before it.

    When no call window lies between ``start`` and ``limit`` (a weekend, a night), the deadline is the end of
    the first window after ``start``: the earliest the call can possibly be made.
    """
    scheduled = next_call_time(start, calendar, rest)
    due = None
    for window_start, window_end_ in _windows_from(scheduled, calendar, rest):
        if window_start >= limit:
            break
        due = min(window_end_, limit)
    if due is None:
        due = window_end(scheduled, calendar, rest)
    return Slot(scheduled_at=scheduled, due_at=due)


# ---- the rules ------------------------------------------------------------------------------------------


def repair_slot(
    resolved_at: datetime, calendar: WorkCalendar, rest: RestHours, rules: CallbackRules = CallbackRules()
) -> Slot:
    """Callback for a repair or problem sheet whose result came back at ``resolved_at``.

    seed 000:85-88 "当天故障,第二天回访": the day of the result is not counted; the callback is due on the
    ``rules.repair_working_days``-th following working day that has call time, from its first call window to
    its last. Finished on Friday → Monday (or the first working day after a holiday).
    """
    day = resolved_at.date()
    counted = 0
    for _step in range(_HORIZON_DAYS):
        day += timedelta(days=1)
        windows = call_windows(day, calendar, rest)
        if windows:
            counted += 1
            if counted >= rules.repair_working_days:
                return Slot(scheduled_at=windows[0][0], due_at=windows[-1][1])
    raise NoWorkingTimeError(resolved_at)


def complaint_slot(
    handled_at: datetime, calendar: WorkCalendar, rest: RestHours, rules: CallbackRules = CallbackRules()
) -> Slot:
    """Callback for a handled complaint: from the next call time, done within ``rules.complaint_hours``.

    seed 000:409 "投诉24小时内回访"; seed 001:1684 "能立即解决的…立即回访": call as soon as the desk may.
    """
    return _within(handled_at, handled_at + timedelta(hours=rules.complaint_hours), calendar, rest)


def progress_slot(
    last_at: datetime, calendar: WorkCalendar, rest: RestHours, rules: CallbackRules = CallbackRules()
) -> Slot:
    """The next progress call on a complaint that cannot be solved quickly: ``rules.progress_days`` later.

    seed 001:1686 "不能及时解决的…2天回访一次,告知处理进度": on the day ``progress_days`` calendar days after the
    last call, during that day's call windows. When that day has no call time (a weekend, a holiday) the call
    moves *back* to the last day before it that has, so the customer never waits longer than the seed's two
    days; only when no day between the last call and that day has call time (the office is closed the whole
    stretch, e.g. National Day week) does it go to the first day with call time after.
    """
    last_day = last_at.date()
    target = last_day + timedelta(days=rules.progress_days)
    for back in range(max(rules.progress_days, 1)):
        windows = call_windows(target - timedelta(days=back), calendar, rest)
        if windows:
            return Slot(scheduled_at=windows[0][0], due_at=windows[-1][1])
    return day_slot(target + timedelta(days=1), calendar, rest)


def member_slot(
    at: datetime, calendar: WorkCalendar, rest: RestHours, rules: CallbackRules = CallbackRules()
) -> Slot:
    """Callback for a member / key customer: from the next call time, done within ``rules.member_days`` days.

    seed 001:600-602 "会员客户100%回访 … 3天内回访".
    """
    return _within(at, at + timedelta(days=rules.member_days), calendar, rest)


def with_member_limit(slot: Slot, member: Slot) -> Slot:
    """A slot that satisfies both its own rule and the member rule: the earlier deadline wins."""
    if member.due_at >= slot.due_at:
        return slot
    return Slot(scheduled_at=min(slot.scheduled_at, member.scheduled_at), due_at=member.due_at)


#: When the repair a callback asks about was finished, as the script says it (seed 000:88 "昨天…").
REPAIRED_TODAY = "today"
REPAIRED_YESTERDAY = "yesterday"
REPAIRED_ON = "on"
REPAIRED_RECENTLY = "recently"


def repair_day(repaired_on: date | None, today: date) -> str:
    """How the script names the repair day: "yesterday" only when it was the calendar day before ``today``.

    seed 000:88 "当天故障,第二天回访" makes it yesterday on most calls, but not on a Monday call about a Friday
    repair, after a holiday, or on a call made late: then the script says the date (:data:`REPAIRED_ON`).
    Unknown (a callback that follows no sheet): :data:`REPAIRED_RECENTLY`.
    """
    if repaired_on is None or repaired_on > today:
        return REPAIRED_RECENTLY
    if repaired_on == today:
        return REPAIRED_TODAY
    if repaired_on == today - timedelta(days=1):
        return REPAIRED_YESTERDAY
    return REPAIRED_ON


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, on the month's last day when it is shorter (31 Jan + 1 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, _monthcal.monthrange(year, month)[1]))


def next_periodic_date(started_on: date, after: date, rules: CallbackRules = CallbackRules()) -> date:
    """The next periodic account callback strictly after ``after``.

    seed 001:984 "第一年每月回访一次,一年后每季度回访一次": month 1 … 12 after the start, then every
    ``periodic_later_months`` months counted from the first anniversary. Dates are counted from the start so
    a late call does not shift the later ones.
    """
    months = 0
    for _step in range(2000):
        months += rules.periodic_first_year_months if months < 12 else rules.periodic_later_months
        candidate = add_months(started_on, months)
        if candidate > after:
            return candidate
    raise ValueError("no periodic date within the horizon")  # pragma: no cover - 2000 steps is centuries


def periodic_slot(
    started_on: date,
    after: date,
    calendar: WorkCalendar,
    rest: RestHours,
    rules: CallbackRules = CallbackRules(),
) -> Slot:
    """The next periodic account callback as a slot: its day's call windows (or the next day with any)."""
    return day_slot(next_periodic_date(started_on, after, rules), calendar, rest)


def appointment_slot(to: datetime, calendar: WorkCalendar, rest: RestHours) -> Slot:
    """A callback moved to a time the customer gave (seed 001:602 "不方便时另约时间").

    The customer's own time is kept even in rest hours or outside office time: they asked for it. The deadline
    is the end of the call window it lies in, or the time itself when it lies in none.
    """
    for start, end in call_windows(to.date(), calendar, rest):
        if start <= to < end:
            return Slot(scheduled_at=to, due_at=end)
    return Slot(scheduled_at=to, due_at=to)
