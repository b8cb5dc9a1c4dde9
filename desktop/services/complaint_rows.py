"""The frozen rows complaints are read as: one complaint with its F06 and F07 values, its steps, list lines.

Shared by :mod:`desktop.services.complaints` (which returns them after each use-case) and
:mod:`desktop.services.complaint_list` (lists, the due source, record stores, printing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.complaint import Complaint, ComplaintReport, ComplaintStep
from desktop.models.staff import Staff
from desktop.rules import complaints as rules

#: Keys of ``forms/complaint_register.toml`` (all stored as columns of the same name).
REGISTER_KEYS: tuple[str, ...] = (
    "number",
    "organisation",
    "matter",
    "complained_at",
    "contact",
    "received_by",
    "relayed_at",
    "relayed_to",
    "report_number",
    "category",
    "department",
)
#: Keys of ``forms/complaint_report.toml`` stored as columns (the head's signature is the signer's name).
REPORT_KEYS: tuple[str, ...] = (
    "number",
    "customer_name",
    "customer_address",
    "phone",
    "contact_person",
    "handled_at",
    "description",
    "recorded_by",
    "recorded_date",
    "method",
    "handler",
    "handled_date",
    "department_head",
    "cause",
    "penalty",
    "callback_outcome",
    "callback_result",
)


@dataclass(frozen=True)
class StepRow:
    """One finished stage, oldest first in :attr:`ComplaintRow.steps`."""

    stage: str
    due_at: datetime | None
    done_at: datetime
    late: bool
    staff_name: str
    note: str


@dataclass(frozen=True)
class ComplaintRow:
    """One complaint with its workflow, chain, re-coding and report.

    Attributes:
        status: :data:`desktop.rules.complaints.STATUSES`.
        stage: the stage it waits for (None once closed or reopened).
        overdue: open and past its stage deadline or its overall deadline at the ``now`` of the read.
        parent_id, root_id, round: the reopen chain (000:165): the entry this one continues, the first entry,
            and how many entries the chain has up to this one.
        next_id: the entry written when this one's callback found the customer not satisfied.
        original_category: the category before a manager re-coded it (None when never re-coded).
        values: F06 values by form key; report: F07 values by form key (None before the report is filed).
        report_signed: the department head signed the report.
        steps: the stages done so far.
    """

    id: int
    number: str
    status: str
    stage: str | None
    preset: str
    channel: str
    category: str
    original_category: str | None
    department_id: int | None
    department_name: str
    original_department: str | None
    organisation: str
    matter: str
    complained_at: datetime
    phone: str
    address: str
    complexity: str
    answered_on_spot: bool
    valid: bool
    stage_due: datetime | None
    final_due: datetime | None
    overdue: bool
    late_count: int
    escalated_at: datetime | None
    closed_at: datetime | None
    parent_id: int | None
    root_id: int
    round: int
    next_id: int | None
    source_kind: str
    source_id: int | None
    customer_id: int | None
    recoded_at: datetime | None
    values: dict[str, Any]
    report: dict[str, Any] | None
    report_signed: bool
    prevention: str
    steps: tuple[StepRow, ...]
    version: int


@dataclass(frozen=True)
class ComplaintListRow:
    """One line of the complaint register list."""

    id: int
    number: str
    complained_at: datetime
    organisation: str
    matter: str
    channel: str
    category: str
    department: str
    status: str
    stage: str | None
    stage_due: datetime | None
    overdue: bool
    round: int
    valid: bool
    recoded: bool


def register_values(complaint: Complaint) -> dict[str, Any]:
    """The complaint's F06 values by form key (empty text as None, like every record store)."""
    values: dict[str, Any] = {}
    for key in REGISTER_KEYS:
        value = getattr(complaint, key)
        values[key] = None if value == "" else value
    return values


def report_values(report: ComplaintReport) -> dict[str, Any]:
    """The report's F07 values by form key (empty text as None)."""
    values: dict[str, Any] = {}
    for key in REPORT_KEYS:
        value = getattr(report, key)
        values[key] = None if value == "" else value
    return values


def is_overdue(complaint: Complaint, now: datetime) -> bool:
    """Open and past its stage deadline or its overall deadline."""
    if complaint.status != rules.OPEN:
        return False
    return any(moment is not None and now > moment for moment in (complaint.stage_due, complaint.final_due))


def steps(complaint_id: int) -> tuple[StepRow, ...]:
    """The stages done, oldest first."""
    query = (
        ComplaintStep.select(
            ComplaintStep.stage,
            ComplaintStep.due_at,
            ComplaintStep.done_at,
            ComplaintStep.late,
            Staff.name,
            ComplaintStep.note,
        )
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(ComplaintStep.staff == Staff.id))
        .where(ComplaintStep.complaint == complaint_id)
        .order_by(ComplaintStep.done_at, ComplaintStep.id)
    )
    return tuple(
        StepRow(stage=stage, due_at=due, done_at=done, late=bool(late), staff_name=name or "", note=note)
        for stage, due, done, late, name, note in query.tuples()
    )


def row_of(complaint: Complaint, now: datetime) -> ComplaintRow:
    """A :class:`ComplaintRow` of a loaded complaint."""
    report = ComplaintReport.get_or_none(ComplaintReport.complaint == complaint.id)
    next_id = Complaint.select(Complaint.id).where(Complaint.parent == complaint.id).scalar()
    return ComplaintRow(
        id=complaint.id,
        number=complaint.number,
        status=complaint.status,
        stage=complaint.stage,
        preset=complaint.preset,
        channel=complaint.channel,
        category=complaint.category,
        original_category=complaint.original_category,
        department_id=complaint.department_id,
        department_name=complaint.department,
        original_department=complaint.original_department,
        organisation=complaint.organisation,
        matter=complaint.matter,
        complained_at=complaint.complained_at,
        phone=complaint.phone,
        address=complaint.address,
        complexity=complaint.complexity,
        answered_on_spot=bool(complaint.answered_on_spot),
        valid=bool(complaint.valid),
        stage_due=complaint.stage_due,
        final_due=complaint.final_due,
        overdue=is_overdue(complaint, now),
        late_count=complaint.late_count,
        escalated_at=complaint.escalated_at,
        closed_at=complaint.closed_at,
        parent_id=complaint.parent_id,
        root_id=complaint.root_id or complaint.id,
        round=complaint.round,
        next_id=int(next_id) if next_id is not None else None,
        source_kind=complaint.source_kind,
        source_id=complaint.source_id,
        customer_id=complaint.customer_id,
        recoded_at=complaint.recoded_at,
        values=register_values(complaint),
        report=report_values(report) if report is not None else None,
        report_signed=bool(report is not None and report.department_head),
        prevention=report.prevention if report is not None else "",
        steps=steps(complaint.id),
        version=complaint.version,
    )


def load(complaint_id: int) -> Complaint:
    """The complaint with ``complaint_id``.

    Raises:
        UserError: there is none.
    """
    complaint = Complaint.get_or_none(Complaint.id == complaint_id)
    if complaint is None:
        raise UserError(_("There is no complaint with id {id}.").format(id=complaint_id))
    return complaint


def get_complaint(complaint_id: int, *, now: datetime) -> ComplaintRow:
    """The complaint with ``complaint_id``, overdue judged at ``now``.

    Raises:
        UserError: there is none.
    """
    return row_of(load(complaint_id), now)


def get_complaint_by_number(number: str, *, now: datetime) -> ComplaintRow | None:
    """The complaint numbered ``number`` (blanks around it ignored), or None."""
    complaint = Complaint.get_or_none(Complaint.number == (number or "").strip())
    return row_of(complaint, now) if complaint is not None else None


def chain(complaint_id: int, *, now: datetime) -> list[ComplaintRow]:
    """Every entry of the complaint's reopen chain, first entry first (000:165)."""
    complaint = load(complaint_id)
    root = complaint.root_id or complaint.id
    query = (
        Complaint.select().where((Complaint.id == root) | (Complaint.root == root)).order_by(Complaint.round)
    )
    return [row_of(item, now) for item in query]
