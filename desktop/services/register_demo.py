"""Demo registers: visitors, owner files with loans and a disposal, notices and a month of call tallies.

Written with the services (numbers, approvals, witnesses and the audit trail are real) inside
:func:`desktop.services.demo.fill_demo`'s transaction, at moments before the demo's ``now`` so every state shows:
visitors who left and some still on site, a loan waiting for approval, one out and overdue, one returned, a
confidential file, a disposal at each step, a notice to take down, and calls on every working day of the month.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from desktop.i18n import N_
from desktop.models.register import (
    ArchiveItem,
    CallTallyEntry,
    Disposal,
    DocumentLoan,
    Notice,
    PhoneNotice,
    Visitor,
)
from desktop.services import call_tally, disposals, documents, notices, visitors
from desktop.services.demo import DemoContext, register_demo_step

_VISITORS = (
    # name, organisation, phone, people, purpose, visited, raised
    ("赵建华", "华为技术", "13912345678", 2, "business", "3-2-502 业主", "咨询车位租赁"),
    ("钱丽", "", "13687654321", 1, "repair", "工程部", "厨房水管渗水"),
    ("孙国强", "顺丰速运", "18612340000", 1, "visiting", "1-1-1203 住户", "送件"),
    ("李梅", "", "13798765432", 3, "inquiry", "客服中心", "咨询装修手续"),
    ("周涛", "万科物业", "13500001111", 2, "tour", "服务中心经理", "参观交流"),
    ("吴静", "", "15012345678", 1, "complaint", "客服主管", "楼上噪音"),
    ("郑伟", "大疆创新", "13322223333", 1, "business", "2-1-0801 业主", "办理入住"),
    ("王磊", "", "18988887777", 2, "visiting", "3-1-1502 住户", "探亲"),
)
_UNITS = ("3-2-502", "1-1-1203", "2-1-0801", "3-1-1502", "2-2-1601")
_DOCUMENTS = (
    ("move_in", "入住通知书", False),
    ("move_in", "业主资料登记表", False),
    ("move_in", "业主身份证复印件", True),
    ("fit_out", "装修申请表及图纸", False),
    ("daily", "2019年装修押金收据", False),
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _working_days(today: date, count: int) -> list[date]:
    days: list[date] = []
    day = today
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def demo_registers(context: DemoContext) -> int:
    """Write the demo registers; returns how many records."""
    rng, now = context.rng, context.now
    staff = context.staff_ids
    desk, head, manager = staff[1], staff[4], staff[-1]
    today = now.date()
    made = 0
    days = _working_days(today, 6)
    # Visitors: earlier days all signed out, except one forgotten yesterday; today two still on site.
    for index, (name, org, phone, people, purpose, visited, raised) in enumerate(_VISITORS):
        day = days[index % len(days)] if index < 6 else today
        arrived = _at(day, 9 + index % 7, 10 * (index % 5))
        if day == today and arrived > now:
            arrived = now - timedelta(minutes=20 + 5 * index)
        row = visitors.register_visitor(
            {"visitor_name": name, "organisation": org, "phone": phone, "people": people, "purpose": purpose,
             "person_visited": visited, "id_checked": bool(org), "raised": raised,
             "visit_date": arrived.date(), "arrived_at": arrived.time()},
            by=desk,
            now=arrived,
        )  # fmt: skip
        made += 1
        forgotten = index == 4 and day != today
        if day != today and not forgotten:
            visitors.sign_out(row.id, by=desk, now=arrived + timedelta(minutes=25 + rng.randrange(60)))
    # Owner files, one loan in each state, a confidential document.
    items: dict[tuple[str, str], int] = {}
    for unit in _UNITS:
        for category, title, confidential in _DOCUMENTS:
            row = documents.add_document(
                {"unit": unit, "owner": "", "category": category, "title": title, "confidential": confidential,
                 "received_date": today - timedelta(days=400 + rng.randrange(900)), "copies": 1,
                 "original": "copy" if confidential else "original", "location": f"档案柜{unit[0]}-{unit[2]}"},
                by=desk,
                now=now - timedelta(days=30),
            )  # fmt: skip
            items[(unit, title)] = row.id
            made += 1
    loans = (
        ("3-2-502", "装修申请表及图纸", "吴刚", "工程部", "核对装修图纸", "returned"),
        ("1-1-1203", "入住通知书", "高峰", "安管部", "核对住户信息", "out_overdue"),
        ("2-1-0801", "装修申请表及图纸", "郑磊", "工程部", "维修前查看管线图", "out"),
        ("3-1-1502", "业主资料登记表", "李娜", "客户服务部", "更新紧急联系人", "requested"),
    )
    for unit, title, borrower, department, reason, state in loans:
        start = now - timedelta(days=6 if state in ("returned", "out_overdue") else 1)
        loan = documents.request_loan(
            items[(unit, title)],
            {"borrower": borrower, "department": department, "reason": reason,
             "due_date": start.date() + timedelta(days=3)},
            by=desk,
            now=start,
        )  # fmt: skip
        made += 1
        if state == "requested":
            continue
        documents.approve_loan(loan.id, by=manager, now=start + timedelta(minutes=20))
        documents.hand_out(loan.id, by=desk, now=start + timedelta(minutes=30))
        if state == "returned":
            documents.return_document(loan.id, by=desk, now=start + timedelta(days=2))
    documents.remove_document(
        items[("2-2-1601", "入住通知书")], reason="业主取回原件", by=desk, now=now - timedelta(days=3)
    )
    # Disposals: destroyed, approved, reviewed and waiting for review.
    for position, unit in enumerate(_UNITS[:4]):
        start = now - timedelta(days=10 - position)
        disposal = disposals.propose_disposal(
            {"reason": "expired", "retention": "5年", "expiry_date": today - timedelta(days=30 + position)},
            item_id=items[(unit, "2019年装修押金收据")],
            by=head,
            now=start,
        )
        made += 1
        if position < 3:
            disposals.review_disposal(disposal.id, by=head, now=start + timedelta(hours=1))
        if position < 2:
            disposals.approve_disposal(disposal.id, by=manager, now=start + timedelta(hours=2))
        if position == 0:
            disposals.record_destruction(
                disposal.id, ["刘洋", "王芳"], by=head, now=start + timedelta(days=1)
            )
    # Notices: one to take down today, one up, one taken down; two phone notices.
    for title, place, issued, expires, down in (
        ("关于二次供水水箱清洗停水的通知", "各栋大堂公告栏", 8, -1, False),
        ("春季消杀作业通知", "1栋、2栋电梯厅", 3, 14, False),
        ("电梯年检通知", "3栋电梯厅", 20, -10, True),
    ):
        notice = notices.post_notice(
            {"title": title, "branch": "阳光花园物业服务中心", "approved_by": "黄志华", "posted_where": place,
             "issued_on": today - timedelta(days=issued), "expires_on": today + timedelta(days=expires)},
            by=desk,
            now=now - timedelta(days=issued),
        )  # fmt: skip
        made += 1
        if down:
            notices.take_down(notice.id, by=desk, now=now + timedelta(days=expires + 1))
    for hours, event, person, phone in (
        (30, "2栋地下车库积水,请暂勿停车", "2-1-0801 郑伟", "13322223333"),
        (2, "3栋今晚22:00临时停电抢修", "3-2-502 赵建华", "13912345678"),
    ):
        notices.record_phone_notice(
            {"event": event, "person_notified": person, "phone": phone,
             "notified_at": (now - timedelta(hours=hours)).replace(second=0, microsecond=0)},
            by=desk,
            now=now - timedelta(hours=hours),
        )  # fmt: skip
        made += 1
    # The call tally: every working day of the month so far, more technical calls than others.
    weights = {"technical": 6, "service": 3, "sales": 2, "other": 1}
    day = today.replace(day=1)
    while day <= today:
        if day.weekday() < 5:
            for category, weight in weights.items():
                for _ in range(rng.randrange(weight + 1)):
                    moment = _at(day, 9 + rng.randrange(8), rng.randrange(60))
                    if moment <= now:
                        call_tally.count_call(category, by=desk, now=moment)
                        made += 1
        day += timedelta(days=1)
    return made


register_demo_step(
    "registers",
    demo_registers,
    counts={
        N_("visitors"): Visitor,
        N_("archive items"): ArchiveItem,
        N_("document loans"): DocumentLoan,
        N_("disposals"): Disposal,
        N_("notices"): Notice,
        N_("phone notices"): PhoneNotice,
        N_("calls tallied"): CallTallyEntry,
    },
)
