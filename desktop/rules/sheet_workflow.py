"""The problem-handling sheet's life cycle (800客户问题处理表, seed 000 §4.5.6, spec §2.1).

received → handed over → handling plan → result → reviewed → (called back) → closed, with "solved on the phone"
closing a sheet at once and "reopen with a reason" sending a finished sheet back to be handed over again.

Closing follows the seed's order (000 ch.3, spec §2.1 steps 8-11 and the derived status model 已审核 → 已回访 →
已结案): the result is reviewed in the 审核栏 *and* the customer has been called back about it (当天故障,第二天
回访, 000:85-88; 100 % of repairs, 001:1698). Only a role allowed to may waive the callback, with a reason
(:data:`CLOSE_WITHOUT_CALLBACK`). This module only says which step may follow which and where a sheet goes by
default; services do the writing, the audit, and find out whether the customer was called back.
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
CLOSE_WITHOUT_CALLBACK = "close_without_callback"
REOPEN = "reopen"

ACTION_LABELS: dict[str, str] = {
    HAND_OVER: N_("Hand over"),
    SOLVE_ON_PHONE: N_("Solved on the phone"),
    RECORD_PLAN: N_("Record handling plan"),
    RECORD_RESULT: N_("Record result"),
    REVIEW: N_("Review"),
    CLOSE: N_("Close sheet"),
    CLOSE_WITHOUT_CALLBACK: N_("Close without callback…"),
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
    # 000 ch.3: reviewed, then called back, then closed; closing needs the callback (see close_refusal).
    CLOSE: (frozenset({REVIEWED}), CLOSED),
    # [design] the 100 % callback rule (001:1698) has exceptions (the customer moved away, cannot be reached):
    # a head waives it with a reason, and the pending callback is cancelled with that reason.
    CLOSE_WITHOUT_CALLBACK: (frozenset({REVIEWED}), CLOSED),
    # A callback finding "运行情况不好" (spec §2.1) or a customer still unhappy sends the sheet back.
    REOPEN: (frozenset({RESOLVED, REVIEWED, CLOSED}), RECEIVED),
}


def allowed_actions(status: str, *, called_back: bool = False) -> tuple[str, ...]:
    """The actions the desk may take on a sheet in ``status``, in workflow order.

    ``called_back``: the customer has been called back since the latest result. A reviewed sheet offers
    :data:`CLOSE` once that is so, and :data:`CLOSE_WITHOUT_CALLBACK` while it is not.
    """
    skipped = CLOSE_WITHOUT_CALLBACK if called_back else CLOSE
    return tuple(
        action
        for action, (sources, _target) in TRANSITIONS.items()
        if status in sources and action != skipped
    )


def close_refusal(status: str, *, called_back: bool) -> str | None:
    """Why a sheet in ``status`` may not be closed now (an ``N_`` message), None when it may.

    Used by the service to refuse and by the screens to say what the sheet waits for.
    """
    if status == CLOSED:
        return N_("The sheet is closed already.")
    if status != REVIEWED:
        return N_("A sheet is closed after its result has been reviewed in the review box and the customer "
                  "called back.")  # fmt: skip
    if not called_back:
        return N_("The customer has not been called back about the result yet: make the callback first, or "
                  "close the sheet without callback and give the reason.")  # fmt: skip
    return None


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
