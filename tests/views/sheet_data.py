"""Demo-like problem sheets and customers for the sheet screens' tests, made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.services import customers, office, sheets
from desktop.services.sheets import SheetRow


@dataclass
class Desk:
    """What :func:`fill_desk` made: staff ids by name, the sheets by customer name."""

    staff: dict[str, int]
    departments: dict[str, int]
    sheets: dict[str, SheetRow]


def fill_desk(now: datetime) -> Desk:
    """Three customers and five sheets received over the last days, in several statuses, one overdue.

    Needs the ``office_db`` fixture's office (张三 administrator, 李四 receptionist, departments 客户服务部, 工程部).
    """
    staff = {row.name: row.id for row in office.list_staff(active_only=False)}
    departments = {row.name: row.id for row in office.list_departments()}
    by = staff["张三"]
    customers.add_customer(
        {"name": "王芳", "mobile": "13800138000", "organisation": "绿园3栋", "address": "绿园路3号"},
        by=by,
        now=now,
    )
    customers.add_customer(
        {"name": "Li Lei", "mobile": "13900139000", "organisation": "Block 5"}, by=by, now=now
    )
    customers.add_customer({"name": "王芳菲", "mobile": "13700137000"}, by=by, now=now)
    made: dict[str, SheetRow] = {}
    plan = [
        ("王芳", "technical", "13800138000", "电梯异响", now - timedelta(days=3)),
        ("Li Lei", "service", "13900139000", "Door bell broken", now - timedelta(days=2)),
        ("陈明", "sales", "13600136000", "报价高于广告价", now - timedelta(hours=5)),
        ("赵强", "other", "13500135000", "停车卡无法使用", now - timedelta(minutes=30)),
        ("王芳菲", "technical", "13700137000", "空调不制冷", now - timedelta(days=1)),
    ]
    for name, category, mobile, description, received in plan:
        made[name] = sheets.file_sheet(
            {"category": category, "customer_name": name, "mobile": mobile, "description": description},
            by=by,
            now=received,
        )
    # Li Lei's sheet is with customer service (result due); 王芳菲's result came back.
    made["Li Lei"] = sheets.hand_over(
        made["Li Lei"].id, staff_id=staff["李四"], by=by, now=now - timedelta(days=2) + timedelta(minutes=20)
    )
    made["王芳菲"] = sheets.hand_over(made["王芳菲"].id, department_id=departments["工程部"], by=by, now=now)
    made["王芳菲"] = sheets.record_result(made["王芳菲"].id, result="已更换滤网", by=by, now=now)
    return Desk(staff=staff, departments=departments, sheets=made)
