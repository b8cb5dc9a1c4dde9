"""Shared set-up for the problem-sheet tests: a small hotline office with an operator numbered 07."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.models.staff import Department, Staff

NOW = datetime(2026, 3, 16, 9, 0)  # Monday, a working day


@dataclass(frozen=True)
class People:
    """Ids of the departments and staff of the test office."""

    tech: int
    sales: int
    service: int
    operator: int  # 王芳, receptionist, employee no. 07
    engineer: int  # 赵强, engineer, 技术支持部
    head: int  # 刘洋, department head, 客户服务部
    sales_head: int  # 何敏, department head, 产品事业部
    manager: int  # 周明, manager


def make_people() -> People:
    """Departments and staff named as the seed routes them (技术 / 产品 / 客户服务)."""
    stamps = {"created_at": NOW, "updated_at": NOW}
    tech = Department.create(name="技术支持部", **stamps).id
    sales = Department.create(name="产品事业部", **stamps).id
    service = Department.create(name="客户服务部", **stamps).id

    def staff(no: str, name: str, role: str, department: int) -> int:
        return int(Staff.create(employee_no=no, name=name, role=role, department=department, **stamps).id)

    return People(
        tech=tech,
        sales=sales,
        service=service,
        operator=staff("07", "王芳", "receptionist", service),
        engineer=staff("JS01", "赵强", "engineer", tech),
        head=staff("KF05", "刘洋", "department_head", service),
        sales_head=staff("CP01", "何敏", "department_head", sales),
        manager=staff("ZR01", "周明", "manager", service),
    )


def sheet_values(**changes: Any) -> dict[str, Any]:
    """A valid new sheet: ATM swallowed a card at a bank branch."""
    values: dict[str, Any] = {
        "category": "technical",
        "customer_name": "张伟",
        "contact_person": "李经理",
        "mobile": "13800138000",
        "office_phone": "0755-86001234",
        "site": "招商银行南山支行",
        "address": "深圳市南山区科苑路1号",
        "description": "ATM吞卡,客户卡未退出",
    }
    values.update(changes)
    return values
