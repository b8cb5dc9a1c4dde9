"""Deadlines of the 800 problem-handling sheet (F01) and the reminder when its result is late.

Seed 000:95–96 (spec §2.1 step 7, §2.16 rows 2–3):

* "《800客户问题处理表》应在2小时(工作日内)转给相关问题处理者": hand the sheet over within 2 working hours of
  receiving the problem;
* "相关处理人员须在2个工作日内将处理结果返回800": the handler returns the result within 2 working days;
* "如在规定时间内未将处理结果返回800,提交相关《800客户问题处理表》的800人员应与处理人员联系询问进展并同时与客户联系,
  告知客户此问题目前正在处理之中,并表示歉意": when the result is late, the operator who submitted the sheet chases
  the handler and tells the customer, with an apology, that the problem is being handled.

The durations are the seed's defaults; the office may change them in Settings (``deadline.handover_hours``,
``deadline.result_working_days``). Functions here return data — the due moment, a reminder with an ``N_``
message — and the screens decide how to show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.i18n import N_
from desktop.rules.workcalendar import WorkCalendar

#: seed 000:95: "应在2小时(工作日内)转给相关问题处理者".
DEFAULT_HANDOVER_HOURS = 2
#: seed 000:95: "须在2个工作日内将处理结果返回800".
DEFAULT_RESULT_WORKING_DAYS = 2

#: Reminder kind: the result of a sheet did not come back to 800 in time.
CHASE_RESULT = "chase_result"
#: Reminder kind: the sheet was not handed over in time (no seed action; shown so the desk hands it over now).
HANDOVER_LATE = "handover_late"

#: What the reminder asks of the operator, in the seed's order (000:96).
CHASE_HANDLER = "chase_handler"
INFORM_CUSTOMER = "inform_customer"

# seed 000:96: chase the handler, and tell the customer it is in hand, with an apology.
CHASE_MESSAGE = N_(
    "The result of this problem sheet is overdue. Ask the handler how the work is going, and call the customer "
    "to say that the problem is being handled, with an apology."
)
# seed 000:96 "告知客户此问题目前正在处理之中,并表示歉意": what to say to the customer.
CHASE_CUSTOMER_SCRIPT = N_(
    "We are sorry for the wait: your problem is being handled and we will tell you the result as soon as we have it."
)
HANDOVER_MESSAGE = N_(
    "This problem sheet should already have been handed over to its handler. Hand it over now."
)


@dataclass(frozen=True)
class Reminder:
    """Something the desk should do about one sheet now.

    Attributes:
        kind: :data:`CHASE_RESULT` or :data:`HANDOVER_LATE`.
        due: the deadline that was missed.
        message: English source text marked with ``N_``; translate with ``_()`` where shown.
        actions: what to do, as keys (:data:`CHASE_HANDLER`, :data:`INFORM_CUSTOMER`), so the screen can offer
            a button per action and log each contact.
        customer_script: what to say to the customer (``N_`` text), or "" when no call is asked for.
    """

    kind: str
    due: datetime
    message: str
    actions: tuple[str, ...] = ()
    customer_script: str = ""


def handover_due(
    received_at: datetime, calendar: WorkCalendar, hours: float = DEFAULT_HANDOVER_HOURS
) -> datetime:
    """When a sheet received at ``received_at`` must be with its handler: ``hours`` of office time later.

    seed 000:95 "2小时(工作日内)": counted in office hours only; a problem received on a holiday or at night
    counts from the next opening. Received 17:29 on a working day with default hours → 10:29 the next working
    day.
    """
    return calendar.add_working_hours(received_at, hours)


def result_due(
    handed_over_at: datetime, calendar: WorkCalendar, days: int = DEFAULT_RESULT_WORKING_DAYS
) -> datetime:
    """When the handler's result must be back at 800: close of office on the ``days``-th following working day.

    seed 000:95 "须在2个工作日内将处理结果返回800"; see :meth:`WorkCalendar.add_working_days` for why the day of
    hand-over is not counted and the deadline is the close of office hours.
    """
    return calendar.add_working_days(handed_over_at, days)


def is_overdue(due: datetime, now: datetime) -> bool:
    """Whether ``due`` has passed at ``now``; the due moment itself is still in time."""
    return now > due


def chase_reminder(*, due: datetime, now: datetime, returned_at: datetime | None = None) -> Reminder | None:
    """The seed's late-result reminder, or None while the result is not late.

    Args:
        due: the result deadline (:func:`result_due`).
        now: the moment to judge at.
        returned_at: when the result came back to 800; None while it has not.

    Returns:
        A :data:`CHASE_RESULT` reminder asking the operator to chase the handler and to tell the customer the
        problem is in hand (seed 000:96), or None when the result is back or not yet due.
    """
    if returned_at is not None or not is_overdue(due, now):
        return None
    return Reminder(
        kind=CHASE_RESULT,
        due=due,
        message=CHASE_MESSAGE,
        actions=(CHASE_HANDLER, INFORM_CUSTOMER),
        customer_script=CHASE_CUSTOMER_SCRIPT,
    )


def handover_reminder(
    *, due: datetime, now: datetime, handed_over_at: datetime | None = None
) -> Reminder | None:
    """A reminder to hand the sheet over when the 2-working-hour limit has passed, or None.

    The seed sets the limit (000:95) but no action when it is missed; the desk is simply told to hand it over.
    """
    if handed_over_at is not None or not is_overdue(due, now):
        return None
    return Reminder(kind=HANDOVER_LATE, due=due, message=HANDOVER_MESSAGE)
