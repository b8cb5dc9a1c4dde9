"""Staff and departments for the complaint tests: one of each role, in two departments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.models.staff import Department, Staff
from desktop.rules import roles


@dataclass(frozen=True)
class People:
    """Ids of the people and departments a complaint test needs."""

    engineering: int
    service: int
    security: int
    receptionist: int
    head: int
    manager: int
    engineer: int


def make_people(now: datetime) -> People:
    """Three departments (工程部, 客户服务部, 安管部) and a receptionist, head, manager and engineer."""
    stamps = {"created_at": now, "updated_at": now}
    departments = {
        name: int(Department.insert(name=name, **stamps).execute())
        for name in ("工程部", "客户服务部", "安管部")
    }

    def person(no: str, name: str, role: str, department: str) -> int:
        return int(
            Staff.insert(
                employee_no=no, name=name, role=role, department=departments[department], **stamps
            ).execute()
        )

    return People(
        engineering=departments["工程部"],
        service=departments["客户服务部"],
        security=departments["安管部"],
        receptionist=person("KF002", "王芳", roles.RECEPTIONIST, "客户服务部"),
        head=person("GC003", "冯建国", roles.DEPARTMENT_HEAD, "工程部"),
        manager=person("ZR001", "黄志华", roles.MANAGER, "客户服务部"),
        engineer=person("GC001", "吴刚", roles.ENGINEER, "工程部"),
    )
