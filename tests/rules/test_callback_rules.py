"""Callback scheduling rules (seed 000:85-88, 000:409, 001:594-602, 001:984, 001:1680-1688)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.rules.callbacks import (
    CallbackRules,
    RestHours,
    Slot,
    add_months,
    appointment_slot,
    call_windows,
    complaint_slot,
    is_call_time,
    member_slot,
    next_call_time,
    next_periodic_date,
    periodic_slot,
    progress_slot,
    repair_day,
    repair_slot,
    rest_hours_from_setting,
    with_member_limit,
)
from desktop.rules.workcalendar import WorkCalendar

CAL = WorkCalendar()  # Mon-Fri 08:30-12:00, 13:30-17:30, China's holidays
REST = RestHours()  # not before 09:00, not 12:00-14:00, not after 20:00
#: A hotline office open every day 08:00-22:00, where only the rest hours limit the calls.
LONG = WorkCalendar(office_hours=tuple([((time(8, 0), time(22, 0)),)] * 7), official_holidays=False)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def slot(scheduled: str, due: str) -> Slot:
    return Slot(scheduled_at=dt(scheduled), due_at=dt(due))


def test_rest_hours_default_leave_two_stretches() -> None:
    assert REST.allowed() == ((time(9, 0), time(12, 0)), (time(14, 0), time(20, 0)))
    assert REST.is_rest_time(dt("2026-03-16 08:59"))
    assert REST.is_rest_time(dt("2026-03-16 12:30"))
    assert REST.is_rest_time(dt("2026-03-16 20:00"))
    assert not REST.is_rest_time(dt("2026-03-16 14:00"))


def test_rest_hours_from_the_setting_shape() -> None:
    value = {"not_before": "08:30", "not_after": "21:00", "quiet": [["12:00", "13:00"], ["18:00", "19:00"]]}
    assert rest_hours_from_setting(value).allowed() == (
        (time(8, 30), time(12, 0)),
        (time(13, 0), time(18, 0)),
        (time(19, 0), time(21, 0)),
    )


def test_call_windows_are_office_time_minus_rest_hours() -> None:
    assert call_windows(date(2026, 3, 16), CAL, REST) == (
        (dt("2026-03-16 09:00"), dt("2026-03-16 12:00")),
        (dt("2026-03-16 14:00"), dt("2026-03-16 17:30")),
    )
    assert call_windows(date(2026, 3, 21), CAL, REST) == ()  # Saturday
    assert call_windows(date(2026, 10, 1), CAL, REST) == ()  # National Day


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-03-16 08:40", "2026-03-16 09:00"),  # office open, customer not yet: not before 09:00
        ("2026-03-16 10:00", "2026-03-16 10:00"),
        ("2026-03-16 12:10", "2026-03-16 14:00"),  # lunch rest 12:00-14:00, though the office opens 13:30
        ("2026-03-16 17:30", "2026-03-17 09:00"),
        ("2026-03-20 18:00", "2026-03-23 09:00"),  # Friday evening → Monday
        ("2026-09-30 16:00", "2026-09-30 16:00"),
        ("2026-10-01 09:00", "2026-10-08 09:00"),  # National Day holidays 1-7 Oct
    ],
)
def test_next_call_time_skips_rest_hours_weekends_and_holidays(moment: str, expected: str) -> None:
    assert next_call_time(dt(moment), CAL, REST) == dt(expected)


@pytest.mark.parametrize(
    ("resolved", "expected"),
    [
        # 当天故障,第二天回访: the next working day, its whole call time.
        ("2026-03-16 10:00", slot("2026-03-17 09:00", "2026-03-17 17:30")),
        ("2026-03-16 23:30", slot("2026-03-17 09:00", "2026-03-17 17:30")),
        ("2026-03-20 15:00", slot("2026-03-23 09:00", "2026-03-23 17:30")),  # Friday → Monday
        ("2026-03-21 11:00", slot("2026-03-23 09:00", "2026-03-23 17:30")),  # fixed on a Saturday
        ("2026-04-30 16:00", slot("2026-05-06 09:00", "2026-05-06 17:30")),  # Labour Day holidays 1-5 May
        ("2026-05-08 16:00", slot("2026-05-09 09:00", "2026-05-09 17:30")),  # Sat 9 May is a make-up workday
        ("2026-02-13 16:00", slot("2026-02-14 09:00", "2026-02-14 17:30")),  # Sat 14 Feb make-up day
        ("2026-02-14 16:00", slot("2026-02-24 09:00", "2026-02-24 17:30")),  # Spring Festival
    ],
)
def test_repair_callback_is_due_the_next_working_day(resolved: str, expected: Slot) -> None:
    assert repair_slot(dt(resolved), CAL, REST) == expected


def test_repair_callback_days_come_from_settings() -> None:
    assert repair_slot(dt("2026-03-19 10:00"), CAL, REST, CallbackRules(repair_working_days=2)) == slot(
        "2026-03-23 09:00", "2026-03-23 17:30"
    )


def test_repair_callback_in_a_long_hours_office_stops_at_the_rest_hours() -> None:
    assert repair_slot(dt("2026-03-21 21:00"), LONG, REST) == slot("2026-03-22 09:00", "2026-03-22 20:00")


@pytest.mark.parametrize(
    ("handled", "expected"),
    [
        ("2026-03-16 10:00", slot("2026-03-16 10:00", "2026-03-17 10:00")),  # within 24 h, call at once
        ("2026-03-16 12:30", slot("2026-03-16 14:00", "2026-03-17 12:00")),  # limit 12:30 is lunch rest
        ("2026-03-16 18:00", slot("2026-03-17 09:00", "2026-03-17 17:30")),  # limit 18:00 after closing
        ("2026-03-20 16:00", slot("2026-03-20 16:00", "2026-03-20 17:30")),  # Friday: last call time < 24 h
        ("2026-03-20 18:00", slot("2026-03-23 09:00", "2026-03-23 12:00")),  # no call time in 24 h: earliest
    ],
)
def test_complaint_callback_within_24_hours(handled: str, expected: Slot) -> None:
    assert complaint_slot(dt(handled), CAL, REST) == expected


def test_complaint_callback_in_a_long_hours_office_respects_the_evening() -> None:
    # Handled at 20:30: the customer rests until 09:00, and 24 h later is 20:30, also rest: due 20:00.
    assert complaint_slot(dt("2026-03-21 20:30"), LONG, REST) == slot("2026-03-22 09:00", "2026-03-22 20:00")


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ("2026-03-16 10:00", slot("2026-03-18 09:00", "2026-03-18 17:30")),  # every 2 days
        # Thursday: two days on is Saturday → back to Friday, not on to Monday (four days).
        ("2026-03-19 10:00", slot("2026-03-20 09:00", "2026-03-20 17:30")),
        # Friday: nothing callable before Sunday but Friday itself → Monday, the earliest possible.
        ("2026-03-20 10:00", slot("2026-03-23 09:00", "2026-03-23 17:30")),
        # Tuesday before National Day: 1 Oct is closed → Wednesday 30 Sep, not 8 Oct (nine days).
        ("2026-09-29 10:00", slot("2026-09-30 09:00", "2026-09-30 17:30")),
        # The last working day before the holiday week: the office is shut until 8 Oct.
        ("2026-09-30 10:00", slot("2026-10-08 09:00", "2026-10-08 17:30")),
    ],
)
def test_progress_callback_every_two_days(last: str, expected: Slot) -> None:
    assert progress_slot(dt(last), CAL, REST) == expected


def _callable(day: date, calendar: WorkCalendar) -> bool:
    return bool(call_windows(day, calendar, REST))


def _closures(days: list[int]) -> frozenset[date]:
    return frozenset(date(2026, 1, 1) + timedelta(days=offset) for offset in days)


@settings(max_examples=400, deadline=None)
@given(
    last=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31)),
    every=st.integers(min_value=1, max_value=5),
    closed=st.lists(st.integers(min_value=0, max_value=400), max_size=60),
    saturdays=st.booleans(),
)
def test_progress_calls_never_wait_longer_than_the_rule_unless_the_office_is_shut(
    last: datetime, every: int, closed: list[int], saturdays: bool
) -> None:
    """001:1686 over the calendar: the next call is the last callable day within ``every`` days of the last one;
    later only when not one day in between can be called on, and then the first callable day after."""
    hours = list(CAL.office_hours)
    if saturdays:
        hours[5] = hours[0]
    calendar = WorkCalendar(office_hours=tuple(hours), extra_closures=_closures(closed))
    result = progress_slot(last, calendar, REST, CallbackRules(progress_days=every)).scheduled_at.date()
    start, limit = last.date(), last.date() + timedelta(days=every)
    within = [
        start + timedelta(days=n)
        for n in range(1, every + 1)
        if _callable(start + timedelta(days=n), calendar)
    ]
    assert result > start
    if within:
        assert result == within[-1]
        assert (result - start).days <= every
    else:
        assert result > limit
        assert all(
            not _callable(limit + timedelta(days=n), calendar) for n in range(1, (result - limit).days)
        )
        assert _callable(result, calendar)


def test_progress_calls_over_every_day_of_the_official_calendar() -> None:
    """Every day of 2024-2026 with China's holidays and 调休: the gap exceeds two days only across a closure."""
    day = date(2024, 1, 1)
    while day <= date(2026, 12, 31):
        result = progress_slot(datetime.combine(day, time(10)), CAL, REST).scheduled_at.date()
        gap = (result - day).days
        if gap > 2:
            assert not any(_callable(day + timedelta(days=n), CAL) for n in range(1, gap)), day
        day += timedelta(days=1)


def test_member_callback_within_three_days() -> None:
    assert member_slot(dt("2026-03-16 10:00"), CAL, REST) == slot("2026-03-16 10:00", "2026-03-19 10:00")
    # Thursday evening: three days later is Sunday evening; the last call time before it is Friday 17:30.
    assert member_slot(dt("2026-03-19 19:00"), CAL, REST) == slot("2026-03-20 09:00", "2026-03-20 17:30")


def test_member_limit_only_tightens() -> None:
    repair = repair_slot(dt("2026-03-16 10:00"), CAL, REST)
    assert with_member_limit(repair, member_slot(dt("2026-03-16 10:00"), CAL, REST)) == repair
    late = slot("2026-03-25 09:00", "2026-03-25 17:30")
    member = member_slot(dt("2026-03-16 10:00"), CAL, REST)
    assert with_member_limit(late, member) == slot("2026-03-16 10:00", "2026-03-19 10:00")


def test_add_months_clamps_to_the_end_of_short_months() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_periodic_callbacks_monthly_in_the_first_year_then_quarterly() -> None:
    start = date(2026, 1, 10)
    dates = []
    after = start
    for _n in range(15):
        after = next_periodic_date(start, after)
        dates.append(after)
    assert dates[:12] == [add_months(start, m) for m in range(1, 13)]
    assert dates[12:] == [date(2027, 4, 10), date(2027, 7, 10), date(2027, 10, 10)]


def test_periodic_slot_moves_off_a_holiday() -> None:
    # 1 Oct 2026 is National Day: the call goes to the first day with call time after the holiday week.
    assert periodic_slot(date(2026, 9, 1), date(2026, 9, 2), CAL, REST) == slot(
        "2026-10-08 09:00", "2026-10-08 17:30"
    )


def test_an_appointment_keeps_the_customers_time() -> None:
    assert appointment_slot(dt("2026-03-16 15:00"), CAL, REST) == slot("2026-03-16 15:00", "2026-03-16 17:30")
    # The customer asked for 19:00: kept, and due then.
    assert appointment_slot(dt("2026-03-16 19:00"), CAL, REST) == slot("2026-03-16 19:00", "2026-03-16 19:00")


moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda m: m.replace(second=0, microsecond=0)
)


@given(moments)
def test_no_rule_ever_schedules_into_rest_hours_or_closed_time(moment: datetime) -> None:
    for rule in (repair_slot, complaint_slot, progress_slot, member_slot):
        result = rule(moment, CAL, REST)
        assert is_call_time(result.scheduled_at, CAL, REST)
        assert result.scheduled_at >= moment
        assert result.scheduled_at < result.due_at
        assert is_call_time(result.due_at - timedelta(minutes=1), CAL, REST)


@pytest.mark.parametrize(
    ("repaired_on", "today", "said"),
    [
        (date(2026, 3, 19), date(2026, 3, 20), "yesterday"),  # Thursday's repair, Friday's call
        (
            date(2026, 3, 20),
            date(2026, 3, 23),
            "on",
        ),  # Friday's repair, Monday's call: the date, not yesterday
        (date(2026, 9, 30), date(2026, 10, 8), "on"),  # after National Day
        (date(2026, 3, 23), date(2026, 3, 23), "today"),
        (None, date(2026, 3, 23), "recently"),  # a callback that follows no sheet
        (date(2026, 3, 24), date(2026, 3, 23), "recently"),  # a clock set wrong says nothing untrue
    ],
)
def test_the_script_says_yesterday_only_when_it_was(repaired_on: date | None, today: date, said: str) -> None:
    assert repair_day(repaired_on, today) == said
