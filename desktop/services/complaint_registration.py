"""Writing a complaint in the register (投诉记录表 F06): numbered, its first deadline set, audited.

A complaint enters the register from the desk (:func:`register_complaint`), from an unsatisfied callback and from
a callback result that reopens it (:mod:`desktop.services.complaint_callbacks`); all three go through
:func:`_insert` inside their own transaction, so the numbering (monthly, 002:72), the workflow preset, the first
stage's deadline and the ``complaint_registered`` event (a progress call every 2 days while it stays open,
001:1686) are the same for each.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.complaint import Complaint
from desktop.models.customer import Customer
from desktop.rules import complaints as rules
from desktop.services import audit, hooks
from desktop.services.authz import requires
from desktop.services.calendar import office_calendar
from desktop.services.complaint_records import (
    ENTRY_KEYS,
    NUMBER_SCHEME,
    RECORD_TYPE,
    SLUG,
    find_department,
    find_staff,
    minute,
    preset_key,
    stripped,
    validate,
)
from desktop.services.complaint_rows import (
    ComplaintRow,
    get_complaint,
)
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting


def _insert(
    values: dict[str, Any],
    *,
    by: int | None,
    now: datetime,
    parent: Complaint | None = None,
    source_kind: str = "",
    source_id: int | None = None,
) -> int:
    """Validate and write one register entry; returns its id (inside the caller's transaction)."""
    form = load_form(SLUG)
    staff = find_staff(by)
    complained_at = minute(values.get("complained_at") or now)
    merged = {
        "received_by": staff.name if staff is not None else None,
        **{key: values[key] for key in ENTRY_KEYS if values.get(key) not in (None, "")},
        "complained_at": complained_at,
    }
    for key in ("organisation", "matter", "contact", "received_by"):
        if isinstance(merged.get(key), str):
            merged[key] = merged[key].strip() or None
    validate(form, merged, ENTRY_KEYS)
    category = merged.get("category") or "other"
    channel = values.get("channel") or rules.PHONE
    complexity = values.get("complexity") or rules.SIMPLE
    if channel not in rules.CHANNELS:
        raise UserError(_("Choose how the complaint came in."), "channel")
    if complexity not in rules.COMPLEXITIES:
        raise UserError(_("Choose whether the complaint is simple or complex."), "complexity")
    department = find_department(values.get("department_id"))
    customer_id = values.get("customer_id")
    if customer_id is not None and not Customer.select().where(Customer.id == customer_id).exists():
        raise UserError(_("There is no customer with id {id}.").format(id=customer_id))
    preset = rules.preset(parent.preset if parent is not None else preset_key())
    answered = bool(values.get("answered_on_spot"))
    stage = rules.first_stage(preset, answered_on_spot=answered)
    calendar = office_calendar()
    number = next_number(NUMBER_SCHEME, pattern=get_setting("numbering.complaint"), now=complained_at)
    while Complaint.select().where(Complaint.number == number).exists():  # an import kept this one
        number = next_number(NUMBER_SCHEME, pattern=get_setting("numbering.complaint"), now=complained_at)
    row = {
        "number": number,
        "organisation": merged["organisation"],
        "matter": merged["matter"],
        "complained_at": complained_at,
        "contact": merged.get("contact") or "",
        "received_by": merged.get("received_by") or "",
        "category": category,
        "department": department.name if department is not None else "",
        "department_ref": department.id if department is not None else None,
        "channel": channel,
        "phone": stripped(values.get("phone")),
        "address": stripped(values.get("address")),
        "customer": customer_id,
        "received_by_staff": by,
        "complexity": complexity,
        "answered_on_spot": answered,
        "valid": True,
        "preset": preset.key,
        "stage": stage,
        "stage_started_at": complained_at,
        "stage_due": rules.due_for(preset.stage(stage).limit, complained_at, calendar, complexity=complexity),
        "final_due": rules.final_due(preset, complained_at, calendar),
        "status": rules.OPEN,
        "parent": parent.id if parent is not None else None,
        "root": (parent.root_id or parent.id) if parent is not None else None,
        "round": parent.round + 1 if parent is not None else 1,
        "source_kind": source_kind,
        "source_id": source_id,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    complaint_id = int(Complaint.insert(**row).execute())
    audit.record_event(
        action=audit.CREATE,
        record_type=RECORD_TYPE,
        record_id=complaint_id,
        changes=audit.diff(
            {}, {key: value for key, value in row.items() if key not in ("created_at", "updated_at")}
        ),
        summary=number,
        by=by,
        now=now,
    )
    hooks.emit(
        "complaint_registered",
        complaint_id=complaint_id,
        number=number,
        quick_answer_due=rules.quick_answer_due(complained_at, complexity),
        by=by,
        now=now,
    )
    return complaint_id


@requires("record.create")
def register_complaint(
    values: dict[str, Any],
    *,
    by: int | None,
    now: datetime,
    source_kind: str = "",
    source_id: int | None = None,
) -> ComplaintRow:
    """Write a complaint in the register (F06): numbered monthly (002:72), its first deadline set, audited.

    Args:
        values: register keys the desk typed (:data:`ENTRY_KEYS`: ``organisation`` and ``matter`` required,
            ``complained_at`` defaults to now, ``received_by`` to the person on duty, ``category`` to other),
            plus ``channel`` (:data:`~desktop.rules.complaints.CHANNELS`), ``department_id``, ``phone``,
            ``address``, ``customer_id``, ``complexity`` (simple / complex, 000:304) and ``answered_on_spot``.
        by: who took the complaint (受理人).
        now: when it was written down.
        source_kind, source_id: where it came from (``"callback"``, ``"performance_rating"``), if anywhere.

    Raises:
        ValidationError: a required field is empty or a value is wrong.
        UserError: an unknown channel, department or customer.
    """
    with db.atomic():
        complaint_id = _insert(values, by=by, now=now, source_kind=source_kind, source_id=source_id)
    return get_complaint(complaint_id, now=now)
