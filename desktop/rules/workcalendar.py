"""The office's working-time calendar: office hours, China's public holidays and 调休, office overrides.

Several seed deadlines run in working time, not clock time: the 800 problem sheet goes to its handler "在2小时
(工作日内)" and the result comes back "在2个工作日内" (seed 000:95, spec §2.1 and §2.16 rows 2–3). The hotline
itself answers every day (seed 000:24, 29), so a sheet may be received on a Sunday while its clocks only run in
office hours.

Where a day's status comes from, strongest first:

1. the office's own table: ``extra_closures`` (closed although the state calendar works, e.g. a company outing)
   and ``extra_workdays`` (open although the state calendar rests, e.g. a 调休 Saturday the package does not know
   yet — the ``holidays`` package can lag behind the State Council's notice for the next year);
2. the ``holidays`` package (``holidays.CN``): public holidays and substituted days off are closed, the make-up
   working days (``weekend_workdays``, 调休上班) are open;
3. the weekly office hours: a day is open when its weekday has office hours.

A make-up or office-added working day whose weekday has no office hours (a Saturday, usually) keeps the
office's *first* open weekday's hours (Monday's, normally): 调休 moves a weekday onto the weekend, so the
office works a weekday's hours that day.

Everything here is pure: no database, no clock. Times are naive office wall-clock ``datetime`` values, like the
rest of FrontDesk (see :mod:`desktop.services.clock`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

import holidays

from desktop.errors import UserError
from desktop.i18n import _

#: One stretch of office time within a day: (opens, closes), closes > opens.
Interval = tuple[time, time]
#: Office hours per weekday, Monday = index 0 … Sunday = index 6.
WeekHours = tuple[tuple[Interval, ...], ...]

_WEEKDAY_HOURS: tuple[Interval, ...] = ((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30)))
#: Issue 4 default: Monday–Friday 08:30–12:00 and 13:30–17:30, closed at the weekend.
DEFAULT_OFFICE_HOURS: WeekHours = (*([_WEEKDAY_HOURS] * 5), (), ())

#: How far the calendar looks ahead for the next working day before it gives up (a whole year closed is a
#: mistake in the settings, not a real office).
HORIZON_DAYS = 800
_HORIZON_DAYS = HORIZON_DAYS


class NoWorkingTimeError(ValueError):
    """The calendar has no office time within the look-ahead horizon (every day closed)."""


@dataclass(frozen=True)
class WorkCalendar:
    """When the office works: weekly hours, official China holidays with 调休, and the office's own changes.

    Attributes:
        office_hours: seven tuples (Monday … Sunday) of sorted, non-overlapping ``(opens, closes)`` intervals.
        extra_closures: days the office is closed whatever the official calendar says.
        extra_workdays: days the office works whatever the official calendar says.
        official_holidays: follow ``holidays.CN`` (public holidays, days off and make-up working days); False
            for an office that keeps only its own table.

    Raises:
        ValueError: malformed hours, no office hours on any weekday, or a day both closed and open.
    """

    office_hours: WeekHours = DEFAULT_OFFICE_HOURS
    extra_closures: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)
    official_holidays: bool = True

    def __post_init__(self) -> None:
        # Accept any iterables but store frozen, hashable values.
        object.__setattr__(self, "office_hours", tuple(tuple(day) for day in self.office_hours))
        object.__setattr__(self, "extra_closures", frozenset(self.extra_closures))
        object.__setattr__(self, "extra_workdays", frozenset(self.extra_workdays))
        if len(self.office_hours) != 7:
            raise ValueError("office_hours needs seven weekdays, Monday first")
        for weekday, intervals in enumerate(self.office_hours):
            _check_intervals(weekday, intervals)
        if not any(self.office_hours):
            raise ValueError("office_hours has no open weekday")
        both = self.extra_closures & self.extra_workdays
        if both:
            raise ValueError(f"days both closed and open: {sorted(both)}")

    # ---- days ---------------------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether the office works on ``day`` at all (see the module docstring for the order of sources)."""
        return bool(self._day_hours(day))

    def working_intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The office's open stretches on ``day`` as datetimes, in order; empty on a closed day."""
        return tuple(
            (datetime.combine(day, opens), datetime.combine(day, closes))
            for opens, closes in self._day_hours(day)
        )

    def is_working_time(self, moment: datetime) -> bool:
        """Whether the office is open at ``moment``: opening time counts, closing time does not."""
        return any(opens <= moment < closes for opens, closes in self.working_intervals(moment.date()))

    def day_kind(self, day: date) -> str:
        """Why ``day`` is open or closed, for the Settings calendar view.

        Returns:
            ``"office_closure"``, ``"office_workday"``, ``"holiday"``, ``"makeup_workday"``, ``"workday"`` or
            ``"rest_day"``.
        """
        if day in self.extra_closures:
            return "office_closure"
        if day in self.extra_workdays:
            return "office_workday"
        if self.official_holidays:
            days_off, makeup_days = _official_year(day.year)
            if day in days_off:
                return "holiday"
            if day in makeup_days:
                return "makeup_workday"
        return "workday" if self.office_hours[day.weekday()] else "rest_day"

    # ---- moments ------------------------------------------------------------------------------------------

    def next_opening(self, moment: datetime) -> datetime:
        """The first moment at or after ``moment`` when the office is open.

        ``moment`` itself when the office is open then; otherwise the next opening time (after lunch, the next
        morning, or the first working day after a holiday).

        Raises:
            NoWorkingTimeError: no office time within the horizon.
        """
        opens, _closes = next(self._intervals_from(moment))
        return opens

    def add_working_hours(self, start: datetime, hours: float | timedelta) -> datetime:
        """The moment ``hours`` of office time after ``start``.

        Only office time counts (seed 000:95, "2小时(工作日内)"): lunch, evenings, weekends and holidays are
        skipped. A start outside office hours counts from the next opening, so a sheet received on a holiday
        starts its clock at the next working day's opening. When the time runs out exactly at a closing time,
        the due moment is that closing time (received 15:30 + 2 h → 17:30 the same day), not the next opening.

        Example (default hours): received 17:29 with 2 h → 1 minute today, 1 h 59 min tomorrow → 10:29.

        Raises:
            ValueError: ``hours`` is negative.
            NoWorkingTimeError: no office time within the horizon.
        """
        remaining = hours if isinstance(hours, timedelta) else timedelta(hours=hours)
        if remaining < timedelta(0):
            raise ValueError("hours must not be negative")
        for opens, closes in self._intervals_from(start):
            if remaining <= closes - opens:
                return opens + remaining
            remaining -= closes - opens
        raise NoWorkingTimeError(start)  # pragma: no cover - _intervals_from raises first

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The close of office hours on the ``days``-th working day after the day of ``start``.

        Definition (seed 000:95, "相关处理人员须在2个工作日内将处理结果返回800"): the day of ``start`` is not
        counted, whatever the time of day; the following working days are counted 1, 2 …; the result is due
        when the office closes on the last one. A sheet handed over on Monday at 10:00 with 2 days is due on
        Wednesday at 17:30; handed over on Friday at 17:00 it is due on Tuesday at 17:30; handed over on a
        holiday, the first working day after it is day 1.

        Why the end of the day and not "the same clock time, clamped into office hours": this is how a period
        counted in days is read in China (Civil Code art. 201: the starting day is not counted; art. 203: the
        period ends at the close of business on its last day), it is what a handler who promises "within two
        working days" means, and it needs no clamping rule for a hand-over at 07:00 or 12:15 — every sheet
        handed over on the same day shares one due moment, which the desk can read at a glance.

        Raises:
            ValueError: ``days`` is less than 1.
            NoWorkingTimeError: no working day within the horizon.
        """
        if days < 1:
            raise ValueError("days must be at least 1")
        day = start.date()
        counted = 0
        for _step in range(_HORIZON_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
                if counted == days:
                    return self.working_intervals(day)[-1][1]
        raise NoWorkingTimeError(start)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Office time from ``start`` to ``end``; negative when ``end`` is before ``start``.

        Used to show how much working time is left before a deadline (or how late it is).
        """
        if end < start:
            return -self.working_time_between(end, start)
        total = timedelta(0)
        for opens, closes in self._intervals_from(start, until=end):
            if opens >= end:
                break
            total += min(closes, end) - opens
        return total

    # ---- which years the package knows -------------------------------------------------------------------

    def is_year_published(self, year: int) -> bool:
        """Whether the ``holidays`` package has the State Council's arrangement (with 调休) for ``year``.

        For a later year the package still lists the statutory holidays, but guesses the days off and knows no
        make-up working day: the office must enter them itself (TECH-NOTES, Working days).
        """
        return year in published_years()

    def published_years(self) -> tuple[int, ...]:
        """The years the ``holidays`` package has the official arrangement for, ascending."""
        return published_years()

    def needs_office_days(self, year: int) -> bool:
        """True when the GUI should ask the office to enter ``year``'s holidays and 调休 days itself.

        That is when the calendar follows the official holidays, the package does not know ``year``'s
        arrangement, and the office has entered no closure or working day for that year yet.
        """
        if not self.official_holidays or self.is_year_published(year):
            return False
        return not any(day.year == year for day in self.extra_closures | self.extra_workdays)

    # ---- internals ----------------------------------------------------------------------------------------

    def _day_hours(self, day: date) -> tuple[Interval, ...]:
        kind = self.day_kind(day)
        if kind in ("office_closure", "holiday", "rest_day"):
            return ()
        own = self.office_hours[day.weekday()]
        if own:
            return own
        # A make-up or office-added working day on a weekday the office keeps closed: work the hours of the
        # first open weekday (调休 moves a weekday's work onto this day).
        return next(hours for hours in self.office_hours if hours)

    def _intervals_from(
        self, moment: datetime, *, until: datetime | None = None
    ) -> Iterator[tuple[datetime, datetime]]:
        """Open stretches that end after ``moment``, the first one clipped to start at ``moment``.

        Stops after ``until``'s day when given; otherwise raises NoWorkingTimeError past the horizon.
        """
        day = moment.date()
        for offset in range(_HORIZON_DAYS):
            current = day + timedelta(days=offset)
            if until is not None and current > until.date():
                return
            for opens, closes in self.working_intervals(current):
                if closes > moment:
                    yield max(opens, moment), closes
        if until is None:
            raise NoWorkingTimeError(moment)


def _check_intervals(weekday: int, intervals: Sequence[Interval]) -> None:
    previous_close: time | None = None
    for opens, closes in intervals:
        if not isinstance(opens, time) or not isinstance(closes, time):
            raise ValueError(f"weekday {weekday}: office hours must be datetime.time values")
        if closes <= opens:
            raise ValueError(f"weekday {weekday}: {opens}–{closes} closes before it opens")
        if previous_close is not None and opens < previous_close:
            raise ValueError(f"weekday {weekday}: office hours overlap or are not in order")
        previous_close = closes


# ---- the official calendar -------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _official_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, make-up working days) of ``year`` from ``holidays.CN``.

    The next year is loaded too: a make-up day late in December can belong to the next year's New Year
    arrangement (e.g. Sat 29 Dec 2001 for 2002), and the package files it under that year.
    """
    official = holidays.country_holidays("CN", years=(year, year + 1))
    days_off = frozenset(day for day in official if day.year == year)
    makeup_days = frozenset(day for day in official.weekend_workdays if day.year == year)
    return days_off, makeup_days


@cache
def published_years() -> tuple[int, ...]:
    """Years whose official arrangement (substituted days off, 调休) the installed ``holidays`` lists.

    ``holidays`` 0.109 keeps them in ``ChinaStaticHolidays.special_public_holidays`` (one entry per notice of
    the State Council). Should a later version move that table, fall back to "the year has at least one
    make-up working day", which every year since 2001 has had and no unpublished year has.
    """
    try:
        from holidays.countries.china import ChinaStaticHolidays

        return tuple(sorted(int(year) for year in ChinaStaticHolidays.special_public_holidays))
    except (ImportError, AttributeError):  # pragma: no cover - depends on the installed package
        return tuple(year for year in range(2001, 2101) if _official_year(year)[1])


# ---- reading the office's settings -----------------------------------------------------------------------


def parse_office_hours(value: Mapping[str, Any], *, field: str | None = None) -> WeekHours:
    """Office hours from the Settings JSON shape: weekday ``"0"`` (Monday) … ``"6"`` → ``[["08:30", "12:00"], …]``.

    A weekday missing from ``value`` is closed.

    Raises:
        UserError: a malformed time, an interval that closes before it opens, overlapping intervals, or no
            open weekday, with a message for the Settings page.
    """
    week: list[tuple[Interval, ...]] = [() for _day in range(7)]
    if not isinstance(value, Mapping):
        raise UserError(_("Office hours must list the opening times for each weekday."), field)
    for key, pairs in value.items():
        if str(key) not in {str(index) for index in range(7)}:
            raise UserError(_("Office hours name an unknown weekday: {day}.").format(day=key), field)
        weekday = int(key)
        intervals: list[Interval] = []
        for pair in pairs or ():
            if not isinstance(pair, Sequence) or isinstance(pair, str) or len(pair) != 2:
                raise UserError(_("Each stretch of office hours needs an opening and a closing time."), field)
            opens, closes = (_parse_clock(text, field) for text in pair)
            if closes <= opens:
                raise UserError(
                    _("Office hours {opens}–{closes} close before they open.").format(
                        opens=pair[0], closes=pair[1]
                    ),
                    field,
                )
            intervals.append((opens, closes))
        intervals.sort()
        for (_opens, closes), (next_opens, _next_closes) in pairwise(intervals):
            if next_opens < closes:
                raise UserError(_("Office hours on one day overlap; check the times."), field)
        week[weekday] = tuple(intervals)
    if not any(week):
        raise UserError(_("The office must be open on at least one weekday."), field)
    return tuple(week)


def format_office_hours(week: WeekHours) -> dict[str, list[list[str]]]:
    """The Settings JSON shape of ``week`` (the inverse of :func:`parse_office_hours`)."""
    return {
        str(weekday): [[opens.strftime("%H:%M"), closes.strftime("%H:%M")] for opens, closes in intervals]
        for weekday, intervals in enumerate(week)
    }


def parse_dates(values: Iterable[Any], *, field: str | None = None) -> frozenset[date]:
    """ISO dates (``"2026-10-09"``) from a Settings list.

    Raises:
        UserError: an entry is not a date in ISO format.
    """
    days: set[date] = set()
    for value in values or ():
        try:
            days.add(date.fromisoformat(str(value)))
        except ValueError:
            raise UserError(
                _("{value} is not a date; write dates as YYYY-MM-DD, e.g. 2026-10-09.").format(value=value),
                field,
            ) from None
    return frozenset(days)


def calendar_from_settings(
    office_hours: Mapping[str, Any], extra_closures: Iterable[Any], extra_workdays: Iterable[Any]
) -> WorkCalendar:
    """A :class:`WorkCalendar` from the three Settings values (``calendar.office_hours``, ``.extra_closures``,
    ``.extra_workdays``).

    Raises:
        UserError: a malformed value, or a day entered both as a closure and as a working day.
    """
    week = parse_office_hours(office_hours, field="calendar.office_hours")
    closures = parse_dates(extra_closures, field="calendar.extra_closures")
    workdays = parse_dates(extra_workdays, field="calendar.extra_workdays")
    both = sorted(closures & workdays)
    if both:
        raise UserError(
            _("{day} is entered both as a closure and as a working day; keep one.").format(
                day=both[0].isoformat()
            ),
            "calendar.extra_workdays",
        )
    return WorkCalendar(office_hours=week, extra_closures=closures, extra_workdays=workdays)


def _parse_clock(text: Any, field: str | None) -> time:
    try:
        parsed = time.fromisoformat(str(text))
    except ValueError:
        parsed = None
    if parsed is None or len(str(text)) != 5:
        raise UserError(
            _("{value} is not a time of day; write times as HH:MM, e.g. 08:30.").format(value=text), field
        )
    return parsed
