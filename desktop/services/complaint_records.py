"""One complaint record as the workflow writes it: its numbers, keys, checks, versioned write and stage advance.

Every complaint use-case (registering, relaying, the handling report, the callback result, re-coding) loads the
entry, refuses a stale or finished one, writes its columns with a version bump and an audit event, and, when it
finishes the stage the complaint waits for, records the step and starts the next stage's clock
(:mod:`desktop.rules.complaints`). Doing that in one place keeps the deadlines, the late count and the trail the
same whichever step wrote them. The use-cases live beside it and are imported through
:mod:`desktop.services.complaints`. ``_write`` and ``_advance`` take the staff member on duty but are steps inside
a use-case that checked the permission already, so they stay private: the authz walk asks every public function
taking ``by`` for a permission of its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop import i18n
from desktop.errors import ConflictError, UserError, ValidationError
from desktop.formspec.model import FormDef
from desktop.formspec.types import type_of
from desktop.i18n import _
from desktop.models.complaint import Complaint, ComplaintStep
from desktop.models.staff import Department, Staff
from desktop.rules import complaints as rules
from desktop.services import audit, hooks
from desktop.services.audit import AuditRow
from desktop.services.calendar import office_calendar
from desktop.services.complaint_rows import load
from desktop.services.settings import get_setting

SLUG = "complaint_register"
REPORT_SLUG = "complaint_report"
#: record_type of audit events and due items.
RECORD_TYPE = SLUG
NUMBER_SCHEME = "complaint"

#: Register keys the desk types when it registers a complaint.
ENTRY_KEYS: tuple[str, ...] = (
    "organisation",
    "matter",
    "complained_at",
    "contact",
    "received_by",
    "category",
)
#: Report keys the handler types (the head signs separately; the callback result is its own step).
REPORT_ENTRY_KEYS: tuple[str, ...] = (
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
    "cause",
    "penalty",
)


# ---- helpers --------------------------------------------------------------------------------------------------


def minute(moment: datetime) -> datetime:
    """The moment to the minute, as the register writes times."""
    return moment.replace(second=0, microsecond=0)


def stripped(value: Any) -> str:
    """A typed value as text without surrounding blanks ("" for None)."""
    return str(value or "").strip()


def find_staff(staff_id: int | None) -> Staff | None:
    """The staff member with ``staff_id`` (None for None); refused when there is none."""
    if staff_id is None:
        return None
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise UserError(_("There is no staff member with id {id}.").format(id=staff_id))
    return staff


def staff_name(staff_id: int | None) -> str:
    """The name of the staff member with ``staff_id``, "" for the console."""
    staff = find_staff(staff_id)
    return staff.name if staff is not None else ""


def find_department(department_id: int | None) -> Department | None:
    """The department with ``department_id`` (None for None); refused when there is none."""
    if department_id is None:
        return None
    department = Department.get_or_none(Department.id == department_id)
    if department is None:
        raise UserError(_("There is no department with id {id}.").format(id=department_id), "department")
    return department


def check_version(complaint: Complaint, expected_version: int | None) -> None:
    """Refuse to save over a change another desk made since ``expected_version`` was read."""
    if expected_version is not None and complaint.version != expected_version:
        raise ConflictError(
            _(
                "Complaint {number} was changed on another desk after you opened it. Nothing was saved; "
                "open it again to see the changes."
            ).format(number=complaint.number)
        )


def validate(form: FormDef, values: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Check ``keys`` of ``values`` with the form's own field types; every refusal at once."""
    errors: dict[str, str] = {}
    for key in keys:
        field = form.field(key)
        message = type_of(field).validate(values.get(key), field)
        if message:
            errors[key] = message
    if errors:
        raise ValidationError(errors)


def column_value(complaint: Complaint, key: str) -> Any:
    """A column's stored value (a foreign key as its id, without loading the row it points at)."""
    field = Complaint._meta.fields[key]
    return getattr(complaint, field.object_id_name if hasattr(field, "object_id_name") else key)


def _write(
    complaint: Complaint,
    updates: dict[str, Any],
    *,
    action: str,
    by: int | None,
    now: datetime,
    summary: str = "",
) -> None:
    """Apply ``updates`` with a version bump (refused if the row changed meanwhile) and audit them."""
    old = {key: column_value(complaint, key) for key in updates}
    count = (
        Complaint.update(**updates, updated_at=now, version=complaint.version + 1)
        .where((Complaint.id == complaint.id) & (Complaint.version == complaint.version))
        .execute()
    )
    if count != 1:
        check_version(complaint, -1)
    audit.record_event(
        action=action,
        record_type=RECORD_TYPE,
        record_id=complaint.id,
        changes=audit.diff(old, updates),
        summary=summary or complaint.number,
        by=by,
        now=now,
    )


def open_complaint(complaint_id: int, expected_version: int | None) -> Complaint:
    """The complaint a step acts on: current, and still open."""
    complaint = load(complaint_id)
    check_version(complaint, expected_version)
    if complaint.status != rules.OPEN:
        raise UserError(
            _("Complaint {number} is finished: {status}.").format(
                number=complaint.number, status=_(rules.STATUSES.get(complaint.status, complaint.status))
            )
        )
    return complaint


def require_stage(complaint: Complaint, stage: str) -> None:
    """Refuse a step that is not the one the complaint waits for."""
    if complaint.stage != stage:
        raise UserError(
            _('"{step}" is not the step complaint {number} waits for: it waits for "{current}".').format(
                step=_(rules.STAGE_LABELS.get(stage, stage)),
                number=complaint.number,
                current=_(rules.STAGE_LABELS.get(complaint.stage or "", complaint.stage or "")),
            )
        )


def _advance(
    complaint: Complaint,
    stage: str,
    *,
    note: str,
    by: int | None,
    now: datetime,
    extra: dict[str, Any] | None = None,
) -> None:
    """Finish ``stage`` (the one the complaint waits for): record the step, start the next stage's clock."""
    require_stage(complaint, stage)
    at = minute(now)
    late = complaint.stage_due is not None and at > complaint.stage_due
    ComplaintStep.insert(
        complaint=complaint.id,
        stage=stage,
        due_at=complaint.stage_due,
        done_at=at,
        late=late,
        staff=by,
        note=note,
    ).execute()
    preset = rules.preset(complaint.preset)
    following = rules.next_stage(preset, stage, answered_on_spot=bool(complaint.answered_on_spot))
    promised = (extra or {}).get("promised_at", complaint.promised_at)
    updates: dict[str, Any] = dict(extra or {})
    updates["late_count"] = complaint.late_count + (1 if late else 0)
    if following is not None:
        updates.update(
            stage=following,
            stage_started_at=at,
            stage_due=rules.due_for(
                preset.stage(following).limit,
                at,
                office_calendar(),
                complexity=complaint.complexity,
                promised=promised,
            ),
        )
    _write(complaint, updates, action=stage, by=by, now=now, summary=note or complaint.number)
    if following == rules.CALLBACK_STAGE:
        # 000:409: handled → the callback book schedules the call within 24 h, in this transaction.
        hooks.emit("complaint_handled", complaint_id=complaint.id, number=complaint.number, solved=True,
                   handled_at=at, by=by, now=now)  # fmt: skip


# ---- reading --------------------------------------------------------------------------------------------------


def stored_text(message: str) -> str:
    """``message`` translated into the office's print language: text FrontDesk writes into a record (a matter
    composed for a re-complaint) is the office's data, not the screen's, whoever is at the desk."""
    return i18n.gettext_for(str(get_setting("print.language")))(message)


def history(complaint_id: int) -> list[AuditRow]:
    """Every audit event of the complaint, oldest first."""
    return audit.history(RECORD_TYPE, complaint_id)


def preset_key() -> str:
    """The office's complaint workflow (Settings ``complaints.preset``)."""
    return str(get_setting("complaints.preset"))
