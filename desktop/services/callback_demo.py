"""Demo callbacks the desk is working on, so the Today board and the callback book show every state truthfully.

Every demo callback follows a record that exists: the sheet demo writes each sheet's repair callback (done,
due, overdue, one in fifty waived), the complaint demo's complaints get theirs through the complaint services,
and this step works on those as a desk would this morning: a call that nobody answered and then the customer
was busy (moved twice), a customer not satisfied whose sheet is reopened ("Reopen the sheet") and handed over
again, one not satisfied who wants to complain (a complaint is opened from the callback), and one account with
periodic callbacks (seed 001:984). The companies among the customers are the centre's key customers, members
from this morning on: their callbacks are kept within three days (seed 001:600-602). Written with the services
(numbers, attempts and the audit trail are real) inside :func:`desktop.services.demo.fill_demo`'s transaction,
after the sheets; deterministic through the demo's random source.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from desktop.i18n import N_
from desktop.models.callback import Callback, CallbackMember
from desktop.models.customer import Customer
from desktop.models.staff import Staff
from desktop.models.ticket import ProblemSheet
from desktop.rules import callbacks as rules
from desktop.rules import roles
from desktop.rules.sheet_workflow import RESOLVED, REVIEWED
from desktop.services import callbacks, settings, sheets
from desktop.services.calendar import office_calendar
from desktop.services.callback_rows import PENDING
from desktop.services.demo import DemoContext, register_demo_step

#: A project the office calls back monthly in its first year, quarterly after (seed 001:984).
_ACCOUNT = {
    "name": "阳光花园二期门禁系统维保",
    "contact": "李经理",
    "phone": "0755-86005678",
    "site": "阳光花园二期",
}


def _pending_repairs(now: datetime) -> list[Callback]:
    """Pending repair callbacks of sheets still waiting for them, those falling due first."""
    return list(
        Callback.select(Callback)
        .join(ProblemSheet, on=(Callback.source_id == ProblemSheet.id))
        .where(
            (Callback.source_kind == "problem_sheet")
            & (Callback.status == PENDING)
            & (Callback.scheduled_at <= now)
            & ProblemSheet.status.in_((RESOLVED, REVIEWED))
        )
        .order_by(Callback.due_at, Callback.id)
    )


def demo_callbacks(context: DemoContext) -> int:
    """Work a few of the sheets' callbacks as the desk would this morning; returns how many were touched."""
    now = context.now
    desk = context.staff_ids[1] if len(context.staff_ids) > 1 else None
    engineer = Staff.select(Staff.id).where(Staff.role == roles.ENGINEER).order_by(Staff.id).scalar()
    touched = 0
    due = _pending_repairs(now)
    this_morning = now - timedelta(minutes=40)
    if due:
        # The oldest one the desk still owes: the customer is unhappy, the sheet goes back to the engineer.
        unhappy = due.pop(0)
        callbacks.record_callback(
            unhappy.id,
            {
                "outcome": "not_running_well",
                "satisfaction": "dissatisfied",
                "evaluation": "问题没有解决,还是老样子。",
            },
            by=desk,
            now=this_morning,
        )
        callbacks.mark_unsatisfied(
            unhappy.id, action=callbacks.REOPENED, reason="回访:设备仍有故障", by=desk, now=this_morning
        )
        sheets.hand_over(
            unhappy.source_id, staff_id=engineer, by=desk, now=this_morning + timedelta(minutes=5)
        )
        touched += 1
    if due:
        # Not satisfied with how it went: the customer wants to complain (a complaint opened from the callback).
        complaint = due.pop(0)
        callbacks.record_callback(
            complaint.id,
            {
                "outcome": "running_well",
                "satisfaction": "dissatisfied",
                "evaluation": "修好了,但师傅迟到两小时还没道歉。",
            },
            by=desk,
            now=this_morning + timedelta(minutes=10),
        )
        callbacks.mark_unsatisfied(
            complaint.id,
            action=callbacks.COMPLAINT_OPENED,
            reason="维修师傅迟到且态度差,要求投诉",
            by=desk,
            now=this_morning + timedelta(minutes=10),
        )
        touched += 1
    if due:
        # Nobody answered, then the customer was busy: moved twice, both attempts kept.
        tried = due.pop(0)
        first, second = this_morning - timedelta(minutes=30), this_morning + timedelta(minutes=15)
        callbacks.reschedule(
            tried.id, to=second, reason=callbacks.NO_ANSWER, note="无人接听", by=desk, now=first
        )
        callbacks.reschedule(
            tried.id,
            to=datetime.combine(_next_day_with_calls(now), time(14)),
            reason=callbacks.BUSY,
            note="客户在开会,下午再打",
            by=desk,
            now=second,
        )
        touched += 1
    # Key customers: the companies, members from now on (their earlier callbacks were made before).
    for customer_id in _key_customers(context):
        callbacks.set_member(customer_id, True, by=None, now=now)
    # Periodic project callbacks, on for this office: one account started 14 months ago (quarterly by now).
    settings.set_setting("callbacks.periodic_enabled", "on", by=None, now=now)
    started = (now - timedelta(days=425)).date()
    if callbacks.add_account(_ACCOUNT, started_on=started, by=None, now=now) is not None:
        touched += 1
    return touched


#: Companies among the demo customers made members (key customers).
KEY_CUSTOMERS = 8


def _key_customers(context: DemoContext) -> list[int]:
    """The first demo customers that are companies (an organisation name), at most :data:`KEY_CUSTOMERS`."""
    query = (
        Customer.select(Customer.id)
        .where(Customer.id.in_(context.customer_ids) & (Customer.organisation != ""))
        .order_by(Customer.id)
        .limit(KEY_CUSTOMERS)
    )
    return [customer_id for (customer_id,) in query.tuples()]


def _next_day_with_calls(now: datetime) -> date:
    calendar, rest = office_calendar(), callbacks.rest_hours()
    return rules.day_slot(now.date() + timedelta(days=1), calendar, rest).scheduled_at.date()


# After the sheets (their callbacks, written in bulk) and before the complaints.
register_demo_step(
    "callbacks",
    demo_callbacks,
    order=20,
    counts={N_("callbacks"): Callback, N_("member customers"): CallbackMember},
)
