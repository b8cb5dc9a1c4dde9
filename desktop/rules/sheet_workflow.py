"""The problem-handling sheet's life cycle (800客户问题处理表, seed 000 §4.5.6, spec §2.1).

received → handed over → handling plan → result → reviewed → closed, with "solved on the phone" closing a sheet at
once and "reopen with a reason" sending a finished sheet back to be handed over again. This module only says which
step may follow which and where a sheet goes by default; services do the writing and the audit.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.i18n import N_

RECEIVED = "received"
HANDED_OVER = "handed_over"
PLANNED = "planned"
RESOLVED = "resolved"
REVIEWED = "reviewed"
CLOSED = "closed"

STATUSES: tuple[str, ...] = (RECEIVED, HANDED_OVER, PLANNED, RESOLVED, REVIEWED, CLOSED)
#: Statuses in which the sheet still waits for someone; the Today board and overdue checks look only at these.
OPEN_STATUSES: frozenset[str] = frozenset({RECEIVED, HANDED_OVER, PLANNED})

STATUS_LABELS: dict[str, str] = {
    RECEIVED: N_("Received"),
    HANDED_OVER: N_("Handed over"),
    PLANNED: N_("Plan drafted"),
    RESOLVED: N_("Result returned"),
    REVIEWED: N_("Reviewed"),
    CLOSED: N_("Closed"),
}

# Actions the desk takes on a sheet.
HAND_OVER = "hand_over"
SOLVE_ON_PHONE = "solve_on_phone"
RECORD_PLAN = "record_plan"
RECORD_RESULT = "record_result"
REVIEW = "review"
CLOSE = "close"
REOPEN = "reopen"

ACTION_LABELS: dict[str, str] = {
    HAND_OVER: N_("Hand over"),
    SOLVE_ON_PHONE: N_("Solved on the phone"),
    RECORD_PLAN: N_("Record handling plan"),
    RECORD_RESULT: N_("Record result"),
    REVIEW: N_("Review"),
    CLOSE: N_("Close sheet"),
    REOPEN: N_("Reopen"),
}

#: action → (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # seed 000:90-92: a known solution given on the phone needs no hand-over.
    SOLVE_ON_PHONE: (frozenset({RECEIVED}), CLOSED),
    # seed 000:95: the sheet goes to the person responsible within 2 working hours.
    HAND_OVER: (frozenset({RECEIVED, HANDED_OVER, PLANNED}), HANDED_OVER),
    RECORD_PLAN: (frozenset({HANDED_OVER, PLANNED}), PLANNED),
    # seed 000:95: the handler returns the result to 800 within 2 working days; a plan is not compulsory.
    RECORD_RESULT: (frozenset({HANDED_OVER, PLANNED}), RESOLVED),
    REVIEW: (frozenset({RESOLVED}), REVIEWED),
    CLOSE: (frozenset({RESOLVED, REVIEWED}), CLOSED),
    # A callback finding "运行情况不好" (spec §2.1) or a customer still unhappy sends the sheet back.
    REOPEN: (frozenset({RESOLVED, REVIEWED, CLOSED}), RECEIVED),
}


def allowed_actions(status: str) -> tuple[str, ...]:
    """The actions the desk may take on a sheet in ``status``, in workflow order."""
    return tuple(action for action, (sources, _target) in TRANSITIONS.items() if status in sources)


def next_status(status: str, action: str) -> str | None:
    """The status ``action`` leads to from ``status``, or None when the action is not allowed there."""
    sources, target = TRANSITIONS[action]
    return target if status in sources else None


@dataclass(frozen=True)
class Route:
    """Where a sheet of one category goes by default: a department name hint and the role to look for."""

    department_hint: str
    role: str


#: seed 000:97-118 routing by category; only a default, the operator may pick any person or department.
DEFAULT_ROUTES: dict[str, Route] = {
    "technical": Route(department_hint="技术", role="engineer"),  # → 技术支持工程师
    "sales": Route(department_hint="产品", role="department_head"),  # → 产品事业部主管
    "service": Route(department_hint="客户服务", role="engineer"),  # → 客户服务部服务实施工程师
    "other": Route(
        department_hint="技术", role="engineer"
    ),  # 000:117-118: others also go to technical support
}


def default_route(category: str) -> Route:
    """The default hand-over target for a problem ``category`` (technical, service, sales, other)."""
    return DEFAULT_ROUTES.get(category, DEFAULT_ROUTES["other"])
