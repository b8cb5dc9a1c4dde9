"""Demo keys: a building's worth of key sets and loans in every state, so the Keys page and the board show something.

Building 1 of the demo estate: an owner set per unit (two units × 18 floors × 4 rooms, the five owner key kinds),
most already issued to their owners with a receipt; public door/window keys by floor; the facility rooms' keys
held by engineering. Loans over the last days (returned, one short by a key), keys out now and due at closing
time, one not back since yesterday (escalated to the manager), an external contractor's loan with the leader's
approval, a copy request waiting for consent. Written through the services inside
:func:`desktop.services.demo.fill_demo`'s transaction; deterministic through the demo's random source.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, time, timedelta

from desktop.i18n import N_
from desktop.models.key import KeyLoan, KeySet
from desktop.models.site import Site
from desktop.models.staff import Staff
from desktop.rules import keys as rules
from desktop.rules.sites import unit_label
from desktop.services import key_counts, key_issues, key_loans
from desktop.services.calendar import office_calendar
from desktop.services.demo import (
    BUILDINGS,
    FACILITY_ROOMS,
    FLOORS,
    GIVEN,
    ROOMS,
    SURNAMES,
    UNITS,
    DemoContext,
    register_demo_step,
)

_PUBLIC_PARTS = "楼梯间及公共门窗"
_FACILITY_HOOKS = {name: f"E-{index + 1:02d}" for index, name in enumerate(FACILITY_ROOMS)}
_PURPOSES = ("水泵房例行巡检", "更换楼道灯具", "消防设施月检", "电梯维保", "配电柜检修", "清洁天台排水口")
_CONTRACTORS = (("陈师傅", "深圳市安达电梯工程有限公司"), ("李工", "深圳市鹏城消防技术有限公司"))


def _working_days_before(day: datetime, count: int) -> list[datetime]:
    calendar = office_calendar()
    days: list[datetime] = []
    cursor = day
    while len(days) < count:
        cursor -= timedelta(days=1)
        if calendar.is_working_day(cursor.date()):
            days.append(cursor)
    return days


def _key_rows(context: DemoContext) -> list[dict[str, object]]:
    now = context.now
    stamps = {"created_at": now, "updated_at": now, "version": 1}
    sites = dict(Site.select(Site.label, Site.id).tuples())
    building = BUILDINGS[0]
    rows: list[dict[str, object]] = []
    for unit in UNITS:
        for floor in range(1, FLOORS + 1):
            for room in ROOMS:
                label = unit_label(building, unit, floor, room)
                counts = {rules.IRON_DOOR: 2, rules.UNIT_DOOR: 2, rules.INTERIOR_DOOR: 3, rules.INTERCOM: 1}
                counts[rules.MAILBOX] = 1
                rows.append(
                    {
                        "label": label,
                        "category": rules.OWNER,
                        "building": building,
                        "floor": floor,
                        "site": sites.get(label),
                        "kind_counts": json.dumps(counts, sort_keys=True),
                        "quantity": sum(counts.values()),
                        "hook": f"{unit}-{floor:02d}",
                        "custodian": "客户服务部",
                        "status": rules.IN,
                        **stamps,
                    }
                )
            rows.append(
                {
                    "label": f"{building}-{unit}-{floor}F 公共门窗",
                    "category": rules.PUBLIC,
                    "building": building,
                    "floor": floor,
                    "description": f"{floor}层{_PUBLIC_PARTS}",
                    "quantity": 2,
                    "hook": f"P{unit}-{floor:02d}",
                    "custodian": "客户服务部",
                    "status": rules.IN,
                    **stamps,
                }
            )
    for name in FACILITY_ROOMS:
        rows.append(
            {
                "label": name,
                "category": rules.FACILITY,
                "building": building,
                "site": sites.get(name),
                "description": "设施设备房",
                "quantity": 2,
                "hook": _FACILITY_HOOKS[name],
                "custodian": "工程部",
                "status": rules.IN,
                **stamps,
            }
        )
    return rows


def demo_keys(context: DemoContext) -> int:
    """Write the demo key sets, receipts and loans; returns how many key sets."""
    rng, now = context.rng, context.now
    rows = _key_rows(context)
    for start in range(0, len(rows), 100):
        KeySet.insert_many(rows[start : start + 100]).execute()
    labels = dict(KeySet.select(KeySet.label, KeySet.id).tuples())
    staff = dict(Staff.select(Staff.name, Staff.id).tuples())
    desk = staff.get("王芳")
    engineers = [(name, staff.get(name)) for name in ("吴刚", "郑磊") if name in staff]
    days = _working_days_before(now, 4)

    # Move-in: most owner sets already with their owners.
    owner_labels = [
        label
        for (label,) in KeySet.select(KeySet.label)
        .where(KeySet.category == rules.OWNER)
        .order_by(KeySet.label)
        .tuples()
    ]
    for label in rng.sample(owner_labels, int(len(owner_labels) * 0.7)):
        day = days[-1] - timedelta(days=rng.randrange(30, 400))
        key_issues.issue_to_owner(
            labels[label], owner_name=_owner_name(rng), id_checked=True, by=desk, now=day.replace(hour=10)
        )

    def lend(label: str, when: datetime, values: dict[str, object]) -> key_loans.LoanRow:
        return key_loans.lend_key(labels[label], {"quantity": 1, **values}, by=desk, now=when)

    def staff_loan(name: str, purpose: str) -> dict[str, object]:
        return {"borrower_type": rules.STAFF, "borrower": name, "department": "工程部", "phone": _phone(rng),
                "purpose": purpose}  # fmt: skip

    # Returned loans over the last working days (one came back a key short).
    facility = list(FACILITY_ROOMS)
    for index, day in enumerate(reversed(days[1:])):
        for step in range(3):
            name = engineers[(index + step) % len(engineers)][0] if engineers else "吴刚"
            label = facility[(index * 3 + step) % len(facility)]
            loan = lend(label, _at(day, 9 + step * 2), staff_loan(name, rng.choice(_PURPOSES)))
            short = index == 0 and step == 1
            key_loans.return_key(
                loan.id,
                quantity=0 if short else loan.quantity,
                damage_note="借用人称钥匙遗落在天台,已签字说明" if short else "",
                received_by="王芳",
                by=desk,
                now=_at(day, 10 + step * 2, 40),
            )
    # The engineering keys handed over when the plant-room custodian went on leave (P03, both sign).
    handover_day = days[1]
    plant_keys = key_counts.expected_keys(category=rules.FACILITY)
    key_counts.record_count(
        {item.key_id: item.expected for item in plant_keys},
        kind=key_counts.HANDOVER,
        category=rules.FACILITY,
        from_party="吴刚",
        to_party="郑磊",
        reason="deputy",
        function_tested=True,
        remarks="吴刚休假一周,设施设备房钥匙由郑磊代管",
        by=desk,
        now=_at(handover_day, 17, 30),
    )
    # Yesterday: one not back (escalates to the manager this morning).
    yesterday = days[0]
    lend("电梯机房", _at(yesterday, 14, 10), {
        "borrower_type": rules.CONTRACTOR, "borrower": _CONTRACTORS[0][0], "department": _CONTRACTORS[0][1],
        "id_document": "440301198805126618", "phone": "13923456781", "purpose": "电梯季度保养",
        "approver": "冯建国", "document": "电梯维保工单 WB-2026-031"})  # fmt: skip
    # Today: keys out now, due at closing time.
    today = now if office_calendar().is_working_day(now.date()) else yesterday
    lend("水泵房", _at(today, 8, 40), staff_loan("吴刚", "水泵房例行巡检"))
    lend("1-1-12F 公共门窗", _at(today, 8, 55), staff_loan("郑磊", "更换楼道灯具"))
    lend("消防控制室", _at(today, 8, 50), {
        "borrower_type": rules.CONTRACTOR, "borrower": _CONTRACTORS[1][0], "department": _CONTRACTORS[1][1],
        "id_document": "440303199104078812", "phone": "13714567890", "purpose": "消防设施月检",
        "approver": "黄志华", "document": "消防检测委托单 XF-0316"})  # fmt: skip
    key_issues.request_copy(
        labels["配电房"],
        requested_by="吴刚",
        reason="工程部夜班需备用钥匙",
        copies=1,
        by=desk,
        now=_at(today, 8, 45),
    )
    return len(rows)


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day.date(), time(hour, minute))


def _owner_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _phone(rng: random.Random) -> str:
    return f"139{rng.randrange(10**8):08d}"


register_demo_step("keys", demo_keys, counts={N_("key sets"): KeySet, N_("key loans"): KeyLoan})
