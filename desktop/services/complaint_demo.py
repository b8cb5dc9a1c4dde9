"""A year of demo complaints, ratings and handled repairs, so the complaint statistics and the charts mean something.

About a dozen complaints a month over the last twelve months, written with the services (numbers, steps,
deadlines, history and the audit trail are real): most closed after a satisfied callback, some reopened once
(the chain of seed 000:165), a few late steps, a few re-coded by the manager or judged invalid, and the recent
ones open in every stage, some overdue. Customer ratings (F09) every month, a few strongly dissatisfied ones
turned into complaints (000:47). The repairs the complaint rate divides by are the sheet demo's year of problem
sheets. Deterministic through the demo's random source, inside :func:`desktop.services.demo.fill_demo`'s
transaction.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from desktop.i18n import N_
from desktop.models.callback import Callback
from desktop.models.complaint import Complaint, PerformanceRating
from desktop.models.customer import Customer
from desktop.models.staff import Staff
from desktop.rules import callbacks as callback_rules
from desktop.rules import complaints as rules
from desktop.rules import roles
from desktop.services import callbacks, complaints, ratings
from desktop.services.calendar import office_calendar
from desktop.services.callback_rows import PENDING
from desktop.services.demo import DemoContext, register_demo_step

#: Complaints per responsible department (weights): 客户服务部 and 安管部 have complaints but no repairs.
_DEPARTMENTS = {"技术服务部": 5, "工程部": 2, "产品事业部": 2, "客户服务部": 1, "安管部": 0.5}
_MATTERS = {
    "technical": ("电梯维修后三天又坏,业主被困十分钟", "门禁刷卡仍然失灵,已报修两次", "ATM修好后第二天又吞卡",
                  "监控维修后画面仍有雪花", "水管维修后漏水更严重"),
    "service": ("维修师傅说话不耐烦,态度恶劣", "约好上午上门,下午才来且未提前通知", "客服电话半小时无人接听",
                "保安拒绝协助搬运,态度生硬", "工程师维修后没有清理现场"),
    "sales": ("报价高于宣传价格", "促销赠品至今未到", "维保合同价格与报价不一致"),
    "other": ("停车场收费标准不清楚", "公告张贴不及时,停水未通知"),
}  # fmt: skip
_METHODS = ("部门主管致电道歉并安排重新维修", "更换配件,主管回访确认", "对当事员工批评教育,向业主书面道歉",
            "调整上门预约流程,当日回复客户")  # fmt: skip
_CAUSES = ("配件质量问题导致故障复发", "员工服务意识不足", "预约排班冲突未及时通知客户", "报价口径不统一")
_PENALTIES = ("通报批评", "扣当月绩效5%", "书面检讨", "无")
_SATISFIED = ("客户表示满意", "问题已解决,客户认可处理结果", "客户接受道歉")
_UNSATISFIED = ("客户仍不满意,要求主管上门", "问题未彻底解决,客户再次投诉")
_RATING_COMMENTS = ("工程师很专业,响应及时", "服务态度好", "希望缩短上门时间", "整体满意", "", "")
_ANGRY = ("对本月服务极度不满,工程师三次爽约", "非常不满,维修质量太差,要投诉")

COMPLAINTS_PER_MONTH = 6
RATINGS_PER_MONTH = 16


def _staff_by_role() -> dict[str, list[tuple[int, str, int | None]]]:
    people: dict[str, list[tuple[int, str, int | None]]] = {}
    for ident, name, role, department in (
        Staff.select(Staff.id, Staff.name, Staff.role, Staff.department).order_by(Staff.id).tuples()
    ):
        people.setdefault(role, []).append((ident, name, department))
    return people


def _moment(rng: random.Random, day: datetime) -> datetime:
    # The complaint phone is on 24 h (000:28), but most complaints come in office hours.
    hour = rng.choice((8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 19, 21))
    return datetime.combine(day.date(), time(hour, rng.randrange(60)))


def _progress_calls(complaint_id: int, until: datetime, *, desk: int) -> None:
    """Make the progress calls (every 2 days, 001:1686) that fell due before ``until``, each on its day."""
    for _call in range(100):
        found = (
            Callback.select(Callback.id, Callback.scheduled_at)
            .where(
                (Callback.source_kind == "complaint")
                & (Callback.source_id == complaint_id)
                & (Callback.purpose == callback_rules.PROGRESS)
                & (Callback.status == PENDING)
                & (Callback.due_at <= until)
            )
            .order_by(Callback.id)
            .tuples()
            .first()
        )
        if found is None:
            return
        callback_id, scheduled = found
        callbacks.record_callback(callback_id, {"evaluation": "已告知客户处理进度,客户表示理解", "satisfaction": "satisfied"}, by=desk,
                                  now=min(scheduled + timedelta(minutes=40), until))  # fmt: skip


def _work_complaint(
    rng: random.Random,
    row: complaints.ComplaintRow,
    at: datetime,
    now: datetime,
    *,
    desk: int,
    head: int,
    engineer: int,
) -> complaints.ComplaintRow:
    """Take a complaint through its stages at plausible moments until ``now`` stops it."""
    calendar = office_calendar()
    moment = at
    while row.status == rules.OPEN and row.stage is not None:
        late = rng.random() < 0.08
        due = row.stage_due or moment
        if late:
            step_at = due + timedelta(hours=rng.uniform(1, 20))
        else:
            span = max((due - moment).total_seconds(), 600)
            step_at = moment + timedelta(seconds=rng.uniform(0.1, 0.9) * span)
        if step_at > now:
            return row
        _progress_calls(row.id, step_at, desk=desk)
        if row.stage == rules.RELAY:
            row = complaints.relay(
                row.id, to_staff_id=head, department_id=row.department_id, by=desk, now=step_at
            )
        elif row.stage == rules.REPORT:
            row = complaints.file_report(
                row.id,
                {
                    "method": rng.choice(_METHODS),
                    "cause": rng.choice(_CAUSES),
                    "penalty": rng.choice(_PENALTIES),
                    "handled_at": step_at,
                    "handled_date": step_at.date(),
                },
                by=engineer,
                now=step_at,
            )
            if rng.random() < 0.7:
                row = complaints.sign_report(row.id, by=head, now=step_at)
        elif row.stage == rules.CALLBACK_STAGE:
            unhappy = rng.random() < 0.15 and row.round == 1
            row = complaints.record_callback_result(
                row.id,
                outcome=rules.DISSATISFIED if unhappy else rules.SATISFIED,
                result=rng.choice(_UNSATISFIED if unhappy else _SATISFIED),
                by=desk,
                now=step_at,
            )
            if row.next_id is not None:
                follow = complaints.get_complaint(row.next_id, now=step_at)
                _work_complaint(rng, follow, step_at, now, desk=desk, head=head, engineer=engineer)
        else:
            row = complaints.complete_stage(row.id, row.stage, note="已电话答复客户", by=head, now=step_at)
        moment = max(step_at, calendar.next_opening(step_at) if row.stage == rules.REPORT else step_at)
    return row


def demo_complaints(context: DemoContext) -> int:
    """Write the demo's year of repairs, complaints and ratings; returns how many complaints."""
    rng, now = context.rng, context.now
    people = _staff_by_role()
    desks = people.get(roles.RECEPTIONIST) or people[roles.ADMINISTRATOR]
    heads = people.get(roles.DEPARTMENT_HEAD) or desks
    manager = (people.get(roles.MANAGER) or people[roles.ADMINISTRATOR])[0][0]
    engineers = people.get(roles.ENGINEER) or desks
    departments = {name: ident for name, ident in context.department_ids.items() if name in _DEPARTMENTS}
    customers = list(
        Customer.select(Customer.id, Customer.name, Customer.mobile, Customer.organisation, Customer.address)
        .order_by(Customer.id)
        .tuples()
    )
    categories = ("technical",) * 4 + ("service",) * 4 + ("sales",) + ("other",)
    count = 0
    for month_back in range(11, -1, -1):
        index = now.year * 12 + now.month - 1 - month_back
        first = datetime(index // 12, index % 12 + 1, 1)
        for _index in range(COMPLAINTS_PER_MONTH + rng.randrange(-2, 3)):
            at = _moment(rng, first + timedelta(days=rng.randrange(28)))
            if at > now - timedelta(hours=1):
                continue
            name = rng.choices(list(departments), [_DEPARTMENTS[n] for n in departments])[0]
            category = rng.choice(categories)
            customer_id, customer, mobile, organisation, address = rng.choice(customers)
            desk = rng.choice(desks)[0]
            row = complaints.register_complaint(
                {
                    "organisation": organisation or customer,
                    "matter": rng.choice(_MATTERS[category]),
                    "complained_at": at,
                    "contact": f"{customer} {mobile}",
                    "phone": mobile,
                    "address": address,
                    "customer_id": customer_id,
                    "department_id": departments[name],
                    "category": category,
                    "channel": rng.choice((rules.PHONE,) * 5 + (rules.WALK_IN, rules.LETTER, rules.ONLINE)),
                    "complexity": rules.COMPLEX if rng.random() < 0.3 else rules.SIMPLE,
                    "answered_on_spot": rng.random() < 0.4,
                },
                by=desk,
                now=at,
            )
            count += 1
            # The last days' complaints stop part-way, so the register shows open ones in different stages; the
            # desk keeps up with the progress calls of those still open.
            until = at + (now - at) * rng.random() if now - at < timedelta(days=3) else now
            row = _work(rng, row, at, until, desk=desk, heads=heads, engineers=engineers)
            if rng.random() < 0.06:
                complaints.recode(
                    row.id,
                    valid=False,
                    reason="核实后不属实",
                    by=manager,
                    now=min(now, at + timedelta(days=2)),
                )
            elif rng.random() < 0.05 and row.category != "service":
                complaints.recode(
                    row.id,
                    category="service",
                    reason="实为服务态度问题",
                    by=manager,
                    now=min(now, at + timedelta(days=2)),
                )
        for row, at in _demo_ratings(rng, first, now, engineers, desks, customers):
            _work(rng, row, at, now, desk=rng.choice(desks)[0], heads=heads, engineers=engineers)
            count += 1
    still_open = Complaint.select(Complaint.id).where(Complaint.status == rules.OPEN).tuples()
    for (complaint_id,) in still_open:
        _progress_calls(complaint_id, now, desk=desks[0][0])
    return count


def _work(
    rng: random.Random,
    row: complaints.ComplaintRow,
    at: datetime,
    now: datetime,
    *,
    desk: int,
    heads: list[tuple[int, str, int | None]],
    engineers: list[tuple[int, str, int | None]],
) -> complaints.ComplaintRow:
    """Work a complaint with the head and an engineer of its department (anyone when it has none)."""
    head = next((h for h in heads if h[2] == row.department_id), rng.choice(heads))[0]
    engineer = next((e for e in engineers if e[2] == row.department_id), rng.choice(engineers))[0]
    return _work_complaint(rng, row, at, now, desk=desk, head=head, engineer=engineer)


def _demo_ratings(
    rng: random.Random,
    first: datetime,
    now: datetime,
    engineers: list[tuple[int, str, int | None]],
    desks: list[tuple[int, str, int | None]],
    customers: list[tuple[int, str, str, str, str]],
) -> list[tuple[complaints.ComplaintRow, datetime]]:
    """One month of customer ratings; strongly dissatisfied ones become complaints (000:47), returned."""
    made: list[tuple[complaints.ComplaintRow, datetime]] = []
    scores = [Decimal(value) / 10 for value in range(-5, 21)]
    weights = [0.2 if value < 6 else 3 if 8 <= value <= 14 else 1 for value in range(-5, 21)]
    for _index in range(RATINGS_PER_MONTH):
        day = first + timedelta(days=rng.randrange(28))
        moment = datetime.combine(day.date(), time(rng.randrange(9, 18), rng.randrange(60)))
        if moment > now:
            continue
        angry = rng.random() < 0.05
        engineer = rng.choice(engineers)
        customer_id, name, _mobile, organisation, _address = rng.choice(customers)
        item = rng.choice(("presales", "implementation", "aftersales"))
        row = ratings.record_rating(
            {
                "rating_date": moment.date(),
                "province": "广东",
                "city": "深圳",
                "organisation": organisation or name,
                "evaluator": name,
                "items": [item],
                f"{item}_project": rng.choice(
                    ("门禁系统维保", "ATM年度维保", "监控系统升级", "电梯年检配合")
                ),
                "technical_score": Decimal("-0.3") if angry else rng.choices(scores, weights)[0],
                "attitude_score": Decimal("-0.5") if angry else rng.choices(scores, weights)[0],
                "comments": rng.choice(_ANGRY) if angry else rng.choice(_RATING_COMMENTS),
                "engineer_id": engineer[0],
                "customer_id": customer_id,
            },
            by=rng.choice(desks)[0],
            now=moment,
        )
        if angry:
            at = moment + timedelta(minutes=30)
            made.append((ratings.rating_to_complaint(row.id, by=rng.choice(desks)[0], now=at), at))
    return made


register_demo_step(
    "complaints",
    demo_complaints,
    order=30,
    counts={N_("complaints"): Complaint, N_("customer ratings"): PerformanceRating},
)
