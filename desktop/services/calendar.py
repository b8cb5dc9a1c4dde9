"""The office's working-time calendar and deadlines, built from its Settings.

Settings keys (declared in :mod:`desktop.services.settings`): ``calendar.office_hours``,
``calendar.extra_closures``, ``calendar.extra_workdays`` (the office's own table, because the ``holidays``
package can lag behind the State Council's notice), ``deadline.handover_hours`` and
``deadline.result_working_days`` (seed 000:95: 2 working hours to hand over, 2 working days for the result).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from desktop.errors import UserError
from desktop.i18n import _
from desktop.rules import deadlines
from desktop.rules.workcalendar import HORIZON_DAYS, NoWorkingTimeError, WorkCalendar, calendar_from_settings
from desktop.services.settings import get_setting


def office_calendar() -> WorkCalendar:
    """The office's calendar: its hours, China's holidays with 调休, and its extra closures and working days.

    Raises:
        UserError: the stored settings contradict each other (a day both closed and open).
    """
    return calendar_from_settings(
        get_setting("calendar.office_hours"),
        get_setting("calendar.extra_closures"),
        get_setting("calendar.extra_workdays"),
    )


def deadline_from(
    start: datetime, *, working_hours: float | None = None, working_days: int | None = None
) -> datetime:
    """The due moment ``working_hours`` of office time, or ``working_days`` working days, after ``start``.

    The deadline calculator of Settings and ``frontdesk deadline``; see
    :meth:`WorkCalendar.add_working_hours` and :meth:`WorkCalendar.add_working_days` for how each counts.

    Raises:
        UserError: neither or both durations given, a negative / zero duration, or a due moment further ahead
            than the calendar looks (about two years) or than a date can be.
    """
    if working_hours is not None and working_days is None:
        if working_hours < 0:
            raise UserError(_("The number of working hours cannot be negative."), "working_hours")
        with _within_reach(start, "working_hours"):
            return office_calendar().add_working_hours(start, working_hours)
    if working_days is not None and working_hours is None:
        if working_days < 1:
            raise UserError(_("The number of working days must be at least 1."), "working_days")
        with _within_reach(start, "working_days"):
            return office_calendar().add_working_days(start, working_days)
    raise UserError(_("Give either a number of working hours or a number of working days."))


@contextmanager
def _within_reach(start: datetime, field: str) -> Iterator[None]:
    """Turn "no working time found" and date arithmetic past year 9999 into a message about the amount."""
    try:
        yield
    except (NoWorkingTimeError, OverflowError):
        raise UserError(
            _(
                "That moment is too far ahead: FrontDesk counts working time up to {days} days after the start "
                "({start}). Give a smaller number."
            ).format(days=HORIZON_DAYS, start=start.strftime("%Y-%m-%d %H:%M")),
            field,
        ) from None


def handover_due_at(received_at: datetime) -> datetime:
    """When a problem sheet received at ``received_at`` must be with its handler (seed 000:95, Settings hours)."""
    return deadlines.handover_due(received_at, office_calendar(), get_setting("deadline.handover_hours"))


def result_due_at(handed_over_at: datetime) -> datetime:
    """When the handler's result must be back at 800 (seed 000:95, Settings working days)."""
    return deadlines.result_due(
        handed_over_at, office_calendar(), get_setting("deadline.result_working_days")
    )


def years_needing_office_days(*years: int) -> list[int]:
    """Which of ``years`` the office must enter its holidays and 调休 days for (the package lacks them).

    For the GUI's warning, e.g. ``years_needing_office_days(now.year, now.year + 1)`` in December.
    """
    calendar = office_calendar()
    return [year for year in years if calendar.needs_office_days(year)]
