"""The roles a staff member can have, and what each may approve.

The seeds name some thirty job titles (spec §2.12); a small front desk needs five roles that cover them:
the receptionist (前台, 客服助理, 800 hotline operator), the engineer (技术支持工程师, 工程部), the department head
(部门主管, 客服主任), the manager (服务中心经理, 技术服务部经理) and the administrator, who also sets the office up.
"""

from __future__ import annotations

from desktop.i18n import N_

RECEPTIONIST = "receptionist"
ENGINEER = "engineer"
DEPARTMENT_HEAD = "department_head"
MANAGER = "manager"
ADMINISTRATOR = "administrator"

#: Role key → English label (translate with ``_()`` where shown). Order is the order of choice lists.
ROLES: dict[str, str] = {
    RECEPTIONIST: N_("Receptionist"),
    ENGINEER: N_("Engineer"),
    DEPARTMENT_HEAD: N_("Department head"),
    MANAGER: N_("Manager"),
    ADMINISTRATOR: N_("Administrator"),
}

#: Roles that may sign off review blocks by default (spec §2.13: 部门主管, 技术经理, 服务中心经理).
REVIEWER_ROLES: tuple[str, ...] = (DEPARTMENT_HEAD, MANAGER)


def is_role(key: str) -> bool:
    """True when ``key`` names one of :data:`ROLES`."""
    return key in ROLES


def role_label(key: str) -> str:
    """The untranslated label of ``key`` (the key itself for an unknown role, so old data still shows)."""
    return ROLES.get(key, key)
