"""Demo callbacks in every state, so the Today board and the callback book have something to show.

Overdue, due today and upcoming callbacks of every purpose; done ones (satisfied, average, dissatisfied with the
sheet reopened or a complaint asked for); one moved twice because nobody answered; one cancelled. Written with
the services (so numbers, attempts and the audit trail are real) inside :func:`desktop.services.demo.fill_demo`'s
transaction; deterministic through the demo's random source.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from desktop.models.customer import Customer
from desktop.rules import callbacks as rules
from desktop.rules.callbacks import Slot
from desktop.services import callbacks
from desktop.services.calendar import office_calendar
from desktop.services.demo import DemoContext, register_demo_step

_SITES = ("1栋1单元0802", "2栋2单元1503", "3栋1单元0401", "电梯机房", "2栋1单元1102", "1栋2单元1801")
_ENGINEERS = ("吴刚", "郑磊", "赵强", "孙伟")
_PRAISE = (
    "维修及时,师傅很专业,现在用着正常。",
    "水管不漏了,谢谢你们。",
    "门禁已经好了,回访态度也很好。",
    "灯修好了,没有问题。",
)


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day.date(), time(hour, minute))


def _workday(day: datetime, step: int) -> datetime:
    """``day``, or the nearest working day from it in the direction of ``step`` (the desk calls on those)."""
    calendar = office_calendar()
    while not calendar.is_working_day(day.date()):
        day += timedelta(days=step)
    return day


def demo_callbacks(context: DemoContext) -> int:
    """Write the demo callbacks; returns how many."""
    rng, now = context.rng, context.now
    customers = list(
        Customer.select(Customer.id, Customer.name, Customer.mobile)
        .where(Customer.id.in_(context.customer_ids[:40]))
        .order_by(Customer.id)
        .tuples()
    )
    operator = context.staff_ids[1] if len(context.staff_ids) > 1 else None
    made = 0

    def schedule(purpose: str, scheduled: datetime, due: datetime, index: int, ref: str = "") -> int:
        nonlocal made
        customer_id, name, mobile = customers[index % len(customers)]
        row = callbacks.schedule_callback(
            purpose=purpose,
            slot=Slot(scheduled_at=scheduled, due_at=due),
            source_kind="",
            ref_number=ref or f"{(scheduled - timedelta(days=1)):%Y%m%d}-07-{index + 1:03d}",
            customer_id=customer_id,
            customer_name=name,
            phone=mobile,
            site=_SITES[index % len(_SITES)],
            contact=f"{name} {mobile}",
            receiver="王芳",
            engineer=_ENGINEERS[index % len(_ENGINEERS)],
            assignee_id=operator,
            by=None,
            now=min(now, scheduled - timedelta(hours=20)),
        )
        made += 1
        return row.id

    yesterday, today = _workday(now - timedelta(days=1), -1), now
    # Overdue, a handful: the last working day's repair callbacks nobody reached, and a member's. (Complaint
    # callbacks and progress calls come from the complaint demo's real complaints.)
    for index in range(3):
        schedule(rules.REPAIR, _at(yesterday, 9), _at(yesterday, 17, 30), index)
    schedule(rules.MEMBER, _at(yesterday, 10), _at(yesterday, 16), 3)
    # Due today, one of them already tried twice (no answer, then busy).
    for index in range(4, 9):
        schedule(rules.REPAIR if index % 2 else rules.MEMBER, _at(today, 9), _at(today, 17, 30), index)
    tried = schedule(rules.REPAIR, _at(today, 9), _at(today, 17, 30), 9)
    attempt_at = _at(today, 9, 5) if now >= _at(today, 9, 5) else now - timedelta(minutes=30)
    callbacks.reschedule(
        tried, to=_at(today, 14), reason=callbacks.NO_ANSWER, note="无人接听", by=operator, now=attempt_at
    )
    # Upcoming: tomorrow and later this week, a progress call and a periodic account call.
    for index in range(10, 14):
        day = _workday(today + timedelta(days=1 + index % 3), 1)
        schedule(rules.REPAIR, _at(day, 9), _at(day, 17, 30), index)
    later = _workday(today + timedelta(days=2), 1)
    schedule(rules.MEMBER, _at(later, 9), _at(later, 17, 30), 14)
    schedule(
        rules.PERIODIC, _at(today + timedelta(days=5), 9), _at(today + timedelta(days=5), 17, 30), 15, ref=""
    )
    # Done in the last two weeks: mostly satisfied, one average, two dissatisfied (reopened / complaint asked).
    for index in range(16, 30):
        day = _workday(today - timedelta(days=2 + index % 12), -1)
        callback_id = schedule(rules.REPAIR, _at(day, 9), _at(day, 17, 30), index)
        satisfaction = "satisfied" if index % 7 else "average"
        if index in (20, 27):
            satisfaction = "dissatisfied"
        values = {
            "outcome": "running_well" if satisfaction != "dissatisfied" else "not_running_well",
            "satisfaction": satisfaction,
            "evaluation": rng.choice(_PRAISE)
            if satisfaction != "dissatisfied"
            else "问题没有解决,还是老样子。",
            "fault_grade": rng.choice(("grade_1", "grade_2", "grade_3")),
            "channel": "visit" if index % 5 == 0 else "phone",
        }
        callbacks.record_callback(callback_id, values, by=operator, now=_at(day, 10 + index % 6, 15))
        if index == 27:
            callbacks.mark_unsatisfied(
                callback_id,
                action=callbacks.COMPLAINT_OPENED,
                reason="维修后仍漏水,要求投诉",
                by=operator,
                now=_at(day, 11),
            )
    gone = _workday(today - timedelta(days=3), -1)
    cancelled = schedule(rules.REPAIR, _at(gone, 9), _at(gone, 17, 30), 30)
    callbacks.cancel_callback(cancelled, reason="客户已搬离", by=operator, now=_at(gone, 9, 30))
    return made


register_demo_step("callbacks", demo_callbacks)
