"""Deadlines of the 800 problem sheet (seed 000:95–96) and the late-result reminder."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.rules.deadlines import (
    CHASE_HANDLER,
    CHASE_RESULT,
    HANDOVER_LATE,
    INFORM_CUSTOMER,
    chase_reminder,
    handover_due,
    handover_reminder,
    is_overdue,
    result_due,
)
from desktop.rules.workcalendar import WorkCalendar

CAL = WorkCalendar()


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-03-16 09:00", "2026-03-16 11:00"),
        ("2026-03-16 17:29", "2026-03-17 10:29"),  # issue 4 edge: received one minute before closing
        ("2026-03-16 17:30", "2026-03-17 10:30"),  # received at closing time
        ("2026-10-01 10:00", "2026-10-08 10:30"),  # received on a holiday (the hotline answers every day)
        ("2026-02-17 22:00", "2026-02-24 10:30"),  # Spring Festival night
        ("2026-03-22 15:00", "2026-03-23 10:30"),  # Sunday
    ],
)
def test_handover_due_is_two_working_hours_after_receipt(received: str, due: str) -> None:
    assert handover_due(dt(received), CAL) == dt(due)


def test_handover_hours_are_configurable() -> None:
    assert handover_due(dt("2026-03-16 17:00"), CAL, hours=4) == dt("2026-03-17 12:00")


@pytest.mark.parametrize(
    ("handed_over", "due"),
    [
        ("2026-03-16 10:00", "2026-03-18 17:30"),
        ("2026-03-17 10:29", "2026-03-19 17:30"),  # the sheet received 17:29 the day before
        ("2026-03-20 17:29", "2026-03-24 17:30"),  # Friday → Tuesday
        ("2026-10-01 10:00", "2026-10-09 17:30"),  # handed over on a holiday
        ("2026-09-30 11:00", "2026-10-09 17:30"),  # National Day week in between
    ],
)
def test_result_due_is_the_close_of_the_second_working_day(handed_over: str, due: str) -> None:
    assert result_due(dt(handed_over), CAL) == dt(due)


def test_result_days_are_configurable_and_follow_office_days() -> None:
    cal = WorkCalendar(extra_closures=frozenset({date(2026, 3, 17)}))
    assert result_due(dt("2026-03-16 10:00"), cal, days=1) == dt("2026-03-18 17:30")
    assert result_due(dt("2026-03-16 10:00"), CAL, days=3) == dt("2026-03-19 17:30")


def test_overdue_only_after_the_due_moment() -> None:
    due = dt("2026-03-18 17:30")
    assert not is_overdue(due, dt("2026-03-18 17:29"))
    assert not is_overdue(due, due)
    assert is_overdue(due, dt("2026-03-18 17:31"))


def test_late_result_reminds_the_operator_to_chase_the_handler_and_tell_the_customer() -> None:
    due = dt("2026-03-18 17:30")
    reminder = chase_reminder(due=due, now=dt("2026-03-19 08:30"))
    assert reminder is not None
    assert reminder.kind == CHASE_RESULT
    assert reminder.due == due
    assert reminder.actions == (CHASE_HANDLER, INFORM_CUSTOMER)
    assert "handler" in reminder.message
    assert "customer" in reminder.message
    assert "apology" in reminder.message
    assert reminder.customer_script


def test_no_chase_before_due_or_once_the_result_is_back() -> None:
    due = dt("2026-03-18 17:30")
    assert chase_reminder(due=due, now=dt("2026-03-18 17:00")) is None
    assert chase_reminder(due=due, now=dt("2026-03-20 09:00"), returned_at=dt("2026-03-19 09:00")) is None


def test_late_handover_reminder() -> None:
    due = dt("2026-03-16 11:00")
    reminder = handover_reminder(due=due, now=dt("2026-03-16 11:01"))
    assert reminder is not None and reminder.kind == HANDOVER_LATE and reminder.actions == ()
    assert (
        handover_reminder(due=due, now=dt("2026-03-16 12:00"), handed_over_at=dt("2026-03-16 10:00")) is None
    )
    assert handover_reminder(due=due, now=due) is None
