"""Sample problem sheets with their callbacks, inquiries and intake entries for ``frontdesk demo`` and the
list benchmark.

A year of sheets: about 300 over the last 60 days in every status, with realistic problems per category (ATM吞卡,
打印机卡纸, 门禁无法刷卡, 报价咨询, 服务态度 …), and before them ten months of handled repairs (the repairs the
complaint rate divides by). Every sheet whose result came back has its repair callback (当天故障,第二天回访,
000:85-88), made on the next working day or still due, and a sheet is closed only once it was reviewed and its
customer called back (or, rarely, the callback waived with a reason): the demo shows the workflow as it runs.
About 80 inquiries (some still unfinished, some turned into sheets) and about 40 engineer's intake entries.
Deterministic (the demo's ``random.Random``) and written with ``insert_many`` inside
:func:`desktop.services.demo.fill_demo`'s one transaction, before any audited callback. :func:`generate_sheets`
is also what ``benchmarks/bench_sheets.py`` uses to fill 200,000 sheets.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import peewee

from desktop.i18n import N_
from desktop.models.callback import Callback, CallbackAttempt
from desktop.models.counter import NumberCounter
from desktop.models.customer import Customer
from desktop.models.inquiry import Inquiry
from desktop.models.intake import IntakeEntry
from desktop.models.staff import Department, Staff
from desktop.models.ticket import ProblemSheet
from desktop.rules import callbacks as callback_rules
from desktop.rules import deadlines, roles
from desktop.rules.callbacks import CallbackRules, RestHours
from desktop.rules.numbering import format_number, period_key
from desktop.rules.sheet_workflow import (
    CLOSED,
    HANDED_OVER,
    PLANNED,
    RECEIVED,
    RESOLVED,
    REVIEWED,
    default_route,
)
from desktop.rules.workcalendar import WorkCalendar
from desktop.services import inquiries, intake, sheets
from desktop.services.calendar import office_calendar
from desktop.services.callback_records import NUMBER_SCHEME as CALLBACK_SCHEME
from desktop.services.callback_records import callback_rules as office_callback_rules
from desktop.services.callback_records import rest_hours as office_rest_hours
from desktop.services.callback_rows import CANCELLED, DONE, PENDING
from desktop.services.demo import DemoContext, register_demo_step
from desktop.services.settings import get_setting

#: What customers report, per category (seed 000: ATM, APM, 安防 for the hotline; 门禁 for a property desk).
PROBLEMS: dict[str, tuple[str, ...]] = {
    "technical": (
        "ATM吞卡,客户银行卡未退出",
        "ATM屏幕显示暂停服务",
        "ATM出钞口卡钞,客户未取到现金",
        "打印机卡纸,凭条无法打印",
        "凭条打印机不出纸",
        "门禁无法刷卡,业主进不了单元门",
        "门禁对讲主机无声音",
        "监控摄像头画面黑屏",
        "安防报警器夜间误报",
        "APM触摸屏无响应",
        "存折补登机不进折",
        "自助终端网络中断",
        "ATM读卡器故障,银行卡被吞",
        "大堂自助机凭条打印机卡纸",
        "监控摄像头从今早起离线",
    ),
    "service": (
        "服务态度差,工程师说话不耐烦",
        "工程师未按约定时间上门",
        "备件未到导致维修延迟",
        "维修后设备再次故障,客户不满",
        "客服电话长时间无人接听",
        "上门维修未出示工作证",
        "工程师迟到,没修好就走了",
    ),
    "sales": (
        "报价咨询:ATM年度维保合同",
        "报价咨询:门禁系统升级",
        "广告内容与实际不符",
        "促销内容与实际不符,赠品未到",
        "价格高于媒体报价",
        "代理商承诺的培训未兑现",
        "咨询维保合同报价",
    ),
    "other": (
        "发票开具有误,需重开",
        "咨询操作培训安排",
        "设备搬迁申请",
        "索取产品说明书",
        "索取服务协议复印件",
    ),
}
PLANS: dict[str, tuple[str, ...]] = {
    "technical": (
        "安排工程师上门检查更换部件",
        "远程指导重启,如无效上门处理",
        "更换读卡器模块",
        "清理打印机通道并更换纸卷",
    ),
    "service": ("向客户致歉并安排主管回访", "调查当事工程师情况并加急备件"),
    "sales": ("产品事业部出具正式报价", "核实宣传内容并给客户书面答复"),
    "other": ("转相关部门办理", "邮寄资料给客户"),
}
RESULTS: dict[str, tuple[str, ...]] = {
    "technical": (
        "已上门更换读卡器,设备恢复正常",
        "已清理卡纸,打印正常",
        "已更换门禁读头,刷卡正常",
        "远程重启后恢复",
    ),
    "service": ("已致歉并更换服务工程师,客户接受", "备件已到并完成维修,客户满意"),
    "sales": ("已发送报价单,客户确认收到", "已按宣传内容补发赠品"),
    "other": ("已重开发票并寄出", "资料已发送至客户邮箱"),
}
SOLVED_ON_PHONE = ("指导客户重启设备后恢复", "告知客户正确操作步骤,问题解决", "已电话解答")
SITES = (
    "招商银行南山支行",
    "建设银行科技园支行",
    "工商银行蛇口支行",
    "中国银行福田支行",
    "农业银行宝安支行",
    "平安银行罗湖支行",
    "阳光花园1栋",
    "阳光花园2栋",
    "阳光花园3栋地下车库",
)
CONTACTS = ("李经理", "王主任", "张行长", "陈主管", "刘先生", "赵女士", "")

#: Demo sheets: (statuses and weights) by age of the sheet — a well-run desk a few days before a crunch: older
#: than a week closed or reviewed (a few results awaiting review), the open ones from the last days.
_STATUS_WEIGHTS = (
    (7, {CLOSED: 85, REVIEWED: 10, RESOLVED: 5}),
    (2, {CLOSED: 45, REVIEWED: 15, RESOLVED: 15, PLANNED: 10, HANDED_OVER: 12, RECEIVED: 3}),
    (0, {CLOSED: 15, RESOLVED: 10, PLANNED: 15, HANDED_OVER: 30, RECEIVED: 30}),
)
#: How many open sheets the demo leaves past their deadline (a handful, so the overdue column means something).
OVERDUE_RANGE = (3, 6)
#: How many of the last days' callbacks the desk has not made yet (some it works on in the callback demo).
MISSED_CALLBACKS = 7
_ORDER = (RECEIVED, HANDED_OVER, PLANNED, RESOLVED, REVIEWED, CLOSED)


@dataclass(frozen=True)
class Person:
    """A staff member as the generator needs them."""

    id: int
    name: str
    employee_no: str
    role: str
    department_id: int | None
    department_name: str


@dataclass(frozen=True)
class Caller:
    """A customer as the generator needs them."""

    id: int | None
    name: str
    mobile: str
    office_phone: str


def load_people() -> list[Person]:
    """Active staff with their department names."""
    query = (
        Staff.select(Staff.id, Staff.name, Staff.employee_no, Staff.role, Staff.department, Department.name)
        .join(Department, peewee.JOIN.LEFT_OUTER)
        .where(Staff.active)
        .order_by(Staff.id)
        .tuples()
    )
    return [Person(i, name, no, role, dept, dept_name or "") for i, name, no, role, dept, dept_name in query]


def load_callers() -> list[Caller]:
    """Every customer (the demo has 300)."""
    query = Customer.select(Customer.id, Customer.name, Customer.mobile, Customer.office_phone).tuples()
    return [Caller(*row) for row in query]


def _working_moment(rng: random.Random, day: datetime, calendar: WorkCalendar) -> datetime | None:
    if not calendar.is_working_day(day.date()):
        return None
    minutes = rng.randrange(0, 9 * 60)  # 08:30-17:30, lunch included: callers ring over lunch too
    return datetime.combine(day.date(), time(8, 30)) + timedelta(minutes=minutes)


def _handler_for(category: str, people: Sequence[Person], rng: random.Random) -> Person | None:
    route = default_route(category)
    matches = [p for p in people if route.department_hint in p.department_name and p.role == route.role]
    if not matches:
        matches = [p for p in people if p.role == roles.ENGINEER]
    return rng.choice(matches) if matches else None


def generate_sheets(
    rng: random.Random,
    *,
    count: int,
    now: datetime,
    days: int,
    people: Sequence[Person],
    callers: Sequence[Caller],
    calendar: WorkCalendar,
    pattern: str,
    handover_hours: float = deadlines.DEFAULT_HANDOVER_HOURS,
    result_days: int = deadlines.DEFAULT_RESULT_WORKING_DAYS,
    counters: dict[str, int] | None = None,
    callbacks: CallbackTimes | None = None,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """``count`` sheet rows received over the ``days`` before ``now``, numbered, in every status.

    Args:
        counters: the number counters already used (period key → last serial), e.g. by sheets generated for an
            earlier stretch or read with :func:`used_counters`; numbers continue after them, so two batches never
            collide. Updated in place.
        callbacks: when callbacks are made (the office's rules); each sheet whose result came back gets the plan
            of its repair callback under the key ``"_callback"`` (written by :func:`insert_callbacks`).

    Returns:
        The rows for ``ProblemSheet.insert_many`` (oldest first) and the number counters they used
        (period key → last serial) for ``NumberCounter``.
    """
    callbacks = callbacks or CallbackTimes(calendar)
    operators = [p for p in people if p.role == roles.RECEPTIONIST] or list(people)
    reviewers = [p for p in people if p.role in (roles.DEPARTMENT_HEAD, roles.MANAGER)] or list(people)
    moments: list[datetime] = []
    start = now - timedelta(days=days)
    while len(moments) < count:
        moment = _working_moment(rng, start + timedelta(days=rng.random() * days), calendar)
        if moment is not None and moment < now:
            moments.append(moment)
    moments.sort()
    counters = {} if counters is None else counters
    rows: list[dict[str, Any]] = []
    categories = ("technical",) * 5 + ("service",) * 2 + ("sales",) * 2 + ("other",)
    for received_at in moments:
        operator = rng.choice(operators)
        category = rng.choice(categories)
        caller = rng.choice(callers)
        period = period_key(pattern, received_at, operator.employee_no)
        counters[period] = counters.get(period, 0) + 1
        age = (now - received_at).days
        weights = next(w for limit, w in _STATUS_WEIGHTS if age >= limit)
        status = rng.choices(list(weights), list(weights.values()))[0]
        row: dict[str, Any] = {
            "number": format_number(
                pattern, moment=received_at, operator=operator.employee_no, serial=counters[period]
            ),
            "category": category,
            "customer_name": caller.name,
            "contact_person": rng.choice(CONTACTS),
            "mobile": caller.mobile,
            "office_phone": caller.office_phone,
            "site": rng.choice(SITES),
            "address": "",
            "description": rng.choice(PROBLEMS[category]),
            "intake_by": operator.name,
            "intake_date": received_at.date(),
            "received_at": received_at,
            "received_by": operator.id,
            "operator_no": operator.employee_no,
            "handover_due": calendar.add_working_hours(received_at, handover_hours),
            "customer": caller.id,
            "status": RECEIVED,
            "reopen_count": 0,
            "created_at": received_at,
            "updated_at": received_at,
            "version": 1,
        }
        if status == CLOSED and rng.random() < 0.3:
            # seed 000:90-92: solved on the phone, closed at once.
            answered = received_at + timedelta(minutes=rng.randrange(3, 20))
            row.update(
                result=rng.choice(SOLVED_ON_PHONE), handler=operator.name, handled_date=answered.date(),
                result_returned_at=answered, closed_at=answered, status=CLOSED, version=2,
            )  # fmt: skip
            rows.append(row)
            continue
        _advance(rng, row, status, now=now, people=people, reviewers=reviewers, calendar=calendar,
                 result_days=result_days, callbacks=callbacks)  # fmt: skip
        rows.append(row)
    return rows, counters


@dataclass(frozen=True)
class CallbackTimes:
    """What the generator needs to time repair callbacks: the calendar, the customers' rest hours, the rules."""

    calendar: WorkCalendar
    rest: RestHours = field(default_factory=RestHours)
    rules: CallbackRules = field(default_factory=CallbackRules)


#: Why a head closed a demo sheet without calling back (sheet_workflow.CLOSE_WITHOUT_CALLBACK).
WAIVE_REASONS = ("客户已搬离,电话停机", "客户明确表示不需要回访", "客户当场验收并签字确认")
_PRAISE = ("维修及时,师傅很专业,现在用着正常。", "已经好了,谢谢你们。", "门禁已经好了,回访态度也很好。",
           "设备运行正常,没有问题。", "修好了,以后有问题再找你们。")  # fmt: skip
_AVERAGE = ("修好了,就是等得有点久。", "能用了,希望下次来得快一点。")


def _advance(
    rng: random.Random,
    row: dict[str, Any],
    status: str,
    *,
    now: datetime,
    people: Sequence[Person],
    reviewers: Sequence[Person],
    calendar: WorkCalendar,
    result_days: int,
    callbacks: CallbackTimes,
) -> None:
    """Take ``row`` through the workflow up to ``status``, each step at a plausible moment before ``now``.

    A sheet whose result came back gets its repair callback (``row["_callback"]``): made during its call day
    when that has passed, still due otherwise (:func:`leave_missed` keeps a few of the last days' not made).
    A sheet closes after its review *and* its callback, so a sheet whose customer is not called back yet stays
    reviewed; one closing sheet in fifty has its callback waived by a head instead.
    """
    row.pop("_callback", None)
    category = row["category"]
    target = _ORDER.index(status)
    # Most sheets go over on time; about one in ten late (so the overdue marks show).
    late = rng.random() < 0.1
    handed_at = calendar.add_working_hours(
        row["received_at"], rng.uniform(2.1, 6) if late else rng.uniform(0.1, 1.9)
    )
    if target < 1 or handed_at > now:
        return
    handler = _handler_for(category, people, rng)
    row.update(
        status=HANDED_OVER,
        handed_over_at=handed_at,
        result_due=calendar.add_working_days(handed_at, result_days),
        handed_to_staff=handler.id if handler else None,
        handed_to_person=handler.name if handler else "",
        department=handler.department_id if handler else None,
        handed_to_department=handler.department_name if handler else "",
        version=2,
    )
    step = calendar.add_working_hours(handed_at, rng.uniform(0.5, 4))
    if target >= 2 and step <= now and rng.random() < 0.8:
        row.update(status=PLANNED, plan=rng.choice(PLANS[category]), plan_by=row["handed_to_person"],
                   plan_date=step.date(), version=3)  # fmt: skip
    returned = calendar.add_working_hours(handed_at, rng.uniform(20, 30) if late else rng.uniform(1, 14))
    if target < 3 or returned > now:
        return
    row.update(status=RESOLVED, result=rng.choice(RESULTS[category]), handler=row["handed_to_person"],
               handled_date=returned.date(), result_returned_at=returned, version=4)  # fmt: skip
    slot = callback_rules.repair_slot(returned, callbacks.calendar, callbacks.rest, callbacks.rules)
    called = slot.scheduled_at + (slot.due_at - slot.scheduled_at) * rng.uniform(0.02, 0.6)
    plan: dict[str, Any] = {"slot": slot, "state": PENDING, "at": None}
    if called <= now:
        plan.update(state=DONE, at=called.replace(second=0, microsecond=0))
    row["_callback"] = plan
    reviewed = calendar.add_working_hours(returned, rng.uniform(0.5, 8))
    if not (target >= 4 and reviewed <= now and rng.random() < 0.85):
        return
    reviewer = rng.choice(reviewers)
    row.update(status=REVIEWED, review=rng.choice(("同意", "处理及时,同意结案", "请加强回访")),
               reviewer=reviewer.name, review_date=reviewed.date(), version=5)  # fmt: skip
    if target < 5:
        return
    if rng.random() < 0.02:
        # The customer cannot be reached or does not want a call: a head closes without it, with the reason.
        waived = min(reviewed + timedelta(hours=rng.uniform(0.2, 4)), now).replace(second=0, microsecond=0)
        plan.update(state=CANCELLED, at=waived, reason=rng.choice(WAIVE_REASONS))
        row.update(status=CLOSED, closed_at=waived, version=6)
        return
    if plan["state"] != DONE:
        return  # reviewed, waiting for its callback
    closed = calendar.add_working_hours(max(reviewed, plan["at"]), rng.uniform(0.2, 4))
    if closed <= now:
        row.update(status=CLOSED, closed_at=closed, version=6)


def used_counters(scheme: str = sheets.NUMBER_SCHEME) -> dict[str, int]:
    """The number counters already used in the database (period key → last serial), for :func:`generate_sheets`."""
    query = NumberCounter.select(NumberCounter.period, NumberCounter.last).where(
        NumberCounter.scheme == scheme
    )
    return {period: int(last) for period, last in query.tuples()}


def _save_counters(scheme: str, counters: dict[str, int]) -> None:
    for period, last in counters.items():
        NumberCounter.insert(scheme=scheme, period=period, last=last).on_conflict(
            conflict_target=[NumberCounter.scheme, NumberCounter.period],
            update={NumberCounter.last: peewee.fn.MAX(NumberCounter.last, last)},
        ).execute()


def insert_sheets(rows: list[dict[str, Any]], counters: dict[str, int]) -> None:
    """Write generated rows and their number counters (inside the caller's transaction).

    The callback plans the rows carry are not written here: see :func:`insert_callbacks`.
    """
    keys = sorted({key for row in rows for key in row if not key.startswith("_")})
    for batch in peewee.chunked(rows, 500):
        ProblemSheet.insert_many([{key: row.get(key) for key in keys} for row in batch]).execute()
    _save_counters(sheets.NUMBER_SCHEME, counters)


def insert_callbacks(rng: random.Random, rows: list[dict[str, Any]], *, pattern: str) -> int:
    """Write the repair callbacks the rows plan, linked to their sheets (after :func:`insert_sheets`).

    Numbered as the callback book numbers them (by the day the result came back), each done one with its
    attempt; returns how many.
    """
    planned = sorted((row for row in rows if "_callback" in row), key=lambda row: row["result_returned_at"])
    if not planned:
        return 0
    ids = dict(ProblemSheet.select(ProblemSheet.number, ProblemSheet.id).tuples())
    counters = used_counters(CALLBACK_SCHEME)
    records: list[dict[str, Any]] = []
    for row in planned:
        plan, created = row["_callback"], row["result_returned_at"]
        period = period_key(pattern, created)
        counters[period] = counters.get(period, 0) + 1
        person, phone = row.get("contact_person") or row["customer_name"], row.get("mobile") or ""
        record: dict[str, Any] = {
            "number": format_number(pattern, moment=created, serial=counters[period]),
            "ref_number": row["number"], "site": row.get("site") or "", "receiver": row["intake_by"],
            "contact": " ".join(part for part in (person, phone) if part), "channel": callback_rules.PHONE,
            "outcome": None, "satisfaction": None, "evaluation": "", "engineer": row.get("handler") or "",
            "fault_grade": None, "remarks": "", "attempts": 0, "caller": "", "callback_date": None,
            "purpose": callback_rules.REPAIR, "status": plan["state"], "source_kind": sheets.SLUG,
            "source_id": ids[row["number"]], "customer": row.get("customer"),
            "customer_name": row["customer_name"], "phone": phone, "scheduled_at": plan["slot"].scheduled_at,
            "due_at": plan["slot"].due_at, "first_due_at": plan["slot"].due_at, "assignee": row["received_by"],
            "caller_staff": None, "done_at": None, "last_attempt_at": None, "follow_up": "",
            "complaint_requested": False, "complaint_id": None, "account": None,
            "created_at": created, "updated_at": plan["at"] or created, "version": 1,
        }  # fmt: skip
        if plan["state"] == DONE:
            satisfied = rng.random() < 0.88
            record.update(
                outcome="running_well", satisfaction="satisfied" if satisfied else "average",
                evaluation=rng.choice(_PRAISE if satisfied else _AVERAGE),
                fault_grade=rng.choice(("grade_1", "grade_2", "grade_3")), attempts=1,
                caller=row["intake_by"], caller_staff=row["received_by"], callback_date=plan["at"].date(),
                done_at=plan["at"], last_attempt_at=plan["at"], version=2,
            )  # fmt: skip
        elif plan["state"] == CANCELLED:
            record.update(remarks=plan["reason"], version=2)
        records.append(record)
    for batch in peewee.chunked(records, 300):
        Callback.insert_many(batch).execute()
    _save_counters(CALLBACK_SCHEME, counters)
    made = dict(Callback.select(Callback.number, Callback.id).where(Callback.status == DONE).tuples())
    attempts = [
        {"callback": made[record["number"]], "at": record["done_at"], "staff": record["caller_staff"],
         "result": "done", "note": record["evaluation"], "previous_due_at": None, "rescheduled_to": None}
        for record in records
        if record["status"] == DONE
    ]  # fmt: skip
    for batch in peewee.chunked(attempts, 500):
        CallbackAttempt.insert_many(batch).execute()
    return len(records)


def _overdue(row: dict[str, Any], now: datetime) -> bool:
    due = row.get("handover_due") if row["status"] == RECEIVED else row.get("result_due")
    return row["status"] in (RECEIVED, HANDED_OVER, PLANNED) and due is not None and due < now


def keep_overdue(
    rng: random.Random,
    rows: list[dict[str, Any]],
    *,
    now: datetime,
    people: Sequence[Person],
    calendar: WorkCalendar,
    result_days: int,
    limit: int | None = None,
    callbacks: CallbackTimes | None = None,
) -> int:
    """Leave only a handful of sheets past their deadline (:data:`OVERDUE_RANGE`, the most recent ones); the
    others are worked on to the end, as a desk that keeps up would have. Returns how many stay overdue."""
    callbacks = callbacks or CallbackTimes(calendar)
    limit = rng.randint(*OVERDUE_RANGE) if limit is None else limit
    reviewers = [p for p in people if p.role in (roles.DEPARTMENT_HEAD, roles.MANAGER)] or list(people)
    late = [row for row in rows if _overdue(row, now)]
    for row in late[: max(len(late) - limit, 0)]:  # rows are oldest first: the newest few stay late
        for _attempt in range(20):
            _advance(rng, row, CLOSED, now=now, people=people, reviewers=reviewers, calendar=calendar,
                     result_days=result_days, callbacks=callbacks)  # fmt: skip
            if not _overdue(row, now):
                break
    return sum(_overdue(row, now) for row in rows)


def finish(
    rng: random.Random,
    rows: list[dict[str, Any]],
    *,
    now: datetime,
    people: Sequence[Person],
    calendar: WorkCalendar,
    result_days: int,
    callbacks: CallbackTimes,
) -> None:
    """Work every sheet of ``rows`` to the end by ``now`` (reviewed, called back, closed), as a desk would have
    long since."""
    reviewers = [p for p in people if p.role in (roles.DEPARTMENT_HEAD, roles.MANAGER)] or list(people)
    for row in rows:
        for _attempt in range(20):
            if row["status"] == CLOSED:
                break
            _advance(rng, row, CLOSED, now=now, people=people, reviewers=reviewers, calendar=calendar,
                     result_days=result_days, callbacks=callbacks)  # fmt: skip


def leave_missed(rows: list[dict[str, Any]], *, now: datetime, count: int = MISSED_CALLBACKS) -> int:
    """Leave the ``count`` most recent callbacks that fell due (of sheets not closed yet) not made: the desk has
    not reached those customers yet. Returns how many were left."""
    candidates = [
        row
        for row in rows
        if row.get("_callback", {}).get("state") == DONE
        and row["status"] in (RESOLVED, REVIEWED)
        and row["_callback"]["slot"].due_at < now
    ]
    candidates.sort(key=lambda row: row["_callback"]["slot"].due_at, reverse=True)
    for row in candidates[:count]:
        row["_callback"].update(state=PENDING, at=None)
    return min(count, len(candidates))


def _fill_defaults(rows: list[dict[str, Any]]) -> None:
    """Text columns are NOT NULL with "" defaults; insert_many needs each key set on every row."""
    text = (
        "handed_to_person",
        "handed_to_department",
        "plan",
        "plan_by",
        "result",
        "handler",
        "review",
        "reviewer",
    )
    for row in rows:
        for key in text:
            row.setdefault(key, "")


#: Closed problem sheets per working day in the ten months before the last 60 days (the complaint rate's repairs).
REPAIRS_PER_DAY = 7


def demo_step(context: DemoContext) -> int:
    """The demo's year of problem sheets with their callbacks, inquiries and intake entries; returns how many
    sheets."""
    rng, now = context.rng, context.now
    people = load_people()
    callers = load_callers()
    calendar = office_calendar()
    pattern = get_setting("numbering.problem_sheet")
    result_days = get_setting("deadline.result_working_days")
    times = CallbackTimes(calendar, office_rest_hours(), office_callback_rules())
    counters: dict[str, int] = {}
    # Ten months of repairs before the last 60 days: two months on, every one was dealt with.
    start = now - timedelta(days=60)
    year, _used = generate_sheets(
        rng, count=REPAIRS_PER_DAY * 305 * 5 // 7, now=start, days=305, people=people, callers=callers,
        calendar=calendar, pattern=pattern, counters=counters, callbacks=times,
    )  # fmt: skip
    finish(rng, year, now=now, people=people, calendar=calendar, result_days=result_days, callbacks=times)
    recent, _used = generate_sheets(
        rng, count=300, now=now, days=60, people=people, callers=callers, calendar=calendar, pattern=pattern,
        handover_hours=get_setting("deadline.handover_hours"), result_days=result_days, counters=counters,
        callbacks=times,
    )  # fmt: skip
    keep_overdue(rng, recent, now=now, people=people, calendar=calendar, result_days=result_days,
                 callbacks=times)  # fmt: skip
    leave_missed(recent, now=now)
    rows = year + recent
    _fill_defaults(rows)
    insert_sheets(rows, counters)
    insert_callbacks(rng, rows, pattern=get_setting("numbering.callback_record"))
    _demo_intake(rng, now)
    _demo_inquiries(rng, now, people, callers)
    return len(rows)


def _demo_intake(rng: random.Random, now: datetime) -> None:
    """About 40 engineer's register lines for sheets handed to engineers."""
    query = (
        ProblemSheet.select(ProblemSheet, Staff.name)
        .join(Staff, on=(ProblemSheet.handed_to_staff == Staff.id))
        .where(ProblemSheet.handed_over_at.is_null(False) & (Staff.role == roles.ENGINEER))
        .order_by(ProblemSheet.handed_over_at)
    )
    candidates = list(query)
    chosen = sorted(rng.sample(candidates, min(40, len(candidates))), key=lambda s: s.handed_over_at)
    entries = []
    serials: dict[str, int] = {}
    for sheet in chosen:
        accepted = sheet.handed_over_at + timedelta(minutes=rng.randrange(5, 60))
        period = period_key(intake.NUMBER_PATTERN, accepted)
        serials[period] = serials.get(period, 0) + 1
        agreed = datetime.combine(accepted.date() + timedelta(days=1), time(rng.choice((9, 10, 14, 15))))
        done = sheet.result_returned_at
        entries.append(
            {
                "number": format_number(intake.NUMBER_PATTERN, moment=accepted, serial=serials[period]),
                "sheet": sheet.id,
                "accepted_at": accepted,
                "customer_name": sheet.customer_name,
                "site": sheet.site,
                "phone": sheet.mobile,
                "summary": sheet.description,
                "requested_by": agreed + timedelta(hours=rng.choice((2, 4, 24))),
                "agreed_at": agreed,
                "repair_place": sheet.site,
                "completed_at": done if done and done > accepted else None,
                "result": sheet.result if done and done > accepted else "",
                "engineer": sheet.handed_to_person,
                "engineer_staff": sheet.handed_to_staff_id,
                "created_at": accepted,
                "updated_at": accepted,
                "version": 1,
            }
        )
    if entries:
        IntakeEntry.insert_many(entries).execute()
    for period, last in serials.items():
        NumberCounter.insert(scheme=intake.NUMBER_SCHEME, period=period, last=last).execute()


_QUESTIONS = (
    ("保修期多久?", "整机保修一年,配件三个月"),
    ("ATM维保合同到期怎么续签?", "已告知续签流程并转销售"),
    ("门禁卡丢失如何补办?", "携带身份证到服务中心补办,工本费20元"),
    ("打印机卡纸怎么处理?", "指导打开后盖取出卡纸"),
    ("发票什么时候寄出?", "已查询,明天寄出"),
    ("工程师什么时候上门?", "已联系工程师,明早9点上门"),
    ("自助机怎么重启?", "已告知重启步骤"),
)


def _demo_inquiries(
    rng: random.Random, now: datetime, people: Sequence[Person], callers: Sequence[Caller]
) -> None:
    """About 80 logged contacts: most answered at once, some unfinished (recent ones still open)."""
    operators = [p for p in people if p.role == roles.RECEPTIONIST] or list(people)
    engineers = [p for p in people if p.role == roles.ENGINEER] or list(people)
    moments = sorted(now - timedelta(days=rng.random() * 60, minutes=rng.randrange(60)) for _ in range(80))
    sheet_ids = [i for (i,) in ProblemSheet.select(ProblemSheet.id).order_by(ProblemSheet.id).tuples()]
    rows = []
    serials: dict[str, int] = {}
    for moment in moments:
        moment = moment.replace(second=0, microsecond=0)
        caller = rng.choice(callers)
        operator = rng.choice(operators)
        question, answer = rng.choice(_QUESTIONS)
        recent = (now - moment).days < 7
        # Unsolved calls are marked (seed 000:100); the recent ones still wait on the next shift's list.
        unfinished = rng.random() < (0.6 if recent else 0.2)
        follow = rng.choice(engineers) if unfinished else None
        period = period_key(inquiries.NUMBER_PATTERN, moment)
        serials[period] = serials.get(period, 0) + 1
        rows.append(
            {
                "number": format_number(inquiries.NUMBER_PATTERN, moment=moment, serial=serials[period]),
                "contacted_at": moment,
                "customer_name": caller.name,
                "customer": caller.id,
                "contact": caller.mobile,
                "channel": rng.choices(("phone", "online", "in_person"), (7, 2, 1))[0],
                "site": rng.choice(SITES),
                "category": rng.choice(("technical", "service", "sales", "other")),
                "request": question,
                "answer": answer if not unfinished else "已记录,待工程师确认",
                "follow_up": "次日回电告知结果" if unfinished else "",
                "follow_up_due": (moment + timedelta(days=1)).date() if unfinished else None,
                "follow_up_by": follow.name if follow else "",
                "follow_up_staff": follow.id if follow else None,
                "unfinished": unfinished,
                "unresolved_note": "客户要求明天上午回电" if unfinished else "",
                "handed_to": follow.name if follow else "",
                "handed_to_staff": follow.id if follow else None,
                "done_at": None if (not unfinished or recent) else moment + timedelta(days=1),
                "operator": operator.name,
                "recorded_by": operator.id,
                # about one in eight became a problem sheet
                "sheet": rng.choice(sheet_ids) if sheet_ids and rng.random() < 0.12 else None,
                "created_at": moment,
                "updated_at": moment,
                "version": 1,
            }
        )
    Inquiry.insert_many(rows).execute()
    for period, last in serials.items():
        NumberCounter.insert(scheme=inquiries.NUMBER_SCHEME, period=period, last=last).execute()


# First: sheets and their callbacks are written in bulk, before any audited callback of the later steps.
register_demo_step(
    "problem_sheets",
    demo_step,
    order=10,
    counts={
        N_("problem sheets"): ProblemSheet,
        N_("inquiries"): Inquiry,
        N_("engineer's intake entries"): IntakeEntry,
    },
)
