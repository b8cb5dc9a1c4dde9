"""Complaints (投诉记录表 F06 / 投诉处理报告单 F07): register, relay, handle, report, call back, reopen, re-code.

Seed 000 第四章 (spec §2.3.1): the complaint-hotline officer writes the complaint in the register, relays it at
once to the responsible head (000:163), the handler files the handling report the next day (000:164–165), the
HR & PR department calls the customer back and writes the result on the report; not satisfied → a new register
entry, linked, and the cycle repeats; satisfied → closed (000:165). Seed 004's stage table is the other preset.
Which stages and limits apply is :mod:`desktop.rules.complaints`; this module writes them, each use-case in one
transaction with its audit event, and checks permissions at the front door (``@requires``): re-coding a
complaint is a manager's (the F08 rates appraise the heads, 000:158, 166), signing the report a head's (000:157).

A callback in the callback book that found a customer unsatisfied opens a complaint here through
:func:`open_from_callback`, registered with :func:`desktop.services.callbacks.register_complaint_opener`.

The calls themselves live in the callback book (:mod:`desktop.services.callbacks`), linked through
:mod:`desktop.services.hooks` so neither module calls the other's workflow: a new entry emits
``complaint_registered`` (a progress call every 2 days while it stays open, 001:1686), the handling report
emits ``complaint_handled`` (the callback within 24 h, 000:409), the callback result emits ``complaint_closed``
(pending calls stopped or completed); the callback book emits ``callback_recorded`` when the desk makes the
call, and :func:`_on_callback_recorded` writes the result on the report (表1.2) through
:func:`record_callback_result` — satisfied closes, otherwise the linked new entry (000:165).
Reading (lists, due items, record stores, printing) is :mod:`desktop.services.complaint_list`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop import i18n
from desktop.errors import ConflictError, UserError, ValidationError
from desktop.formspec.loader import load_form
from desktop.formspec.model import FormDef
from desktop.formspec.types import type_of
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.complaint import Complaint, ComplaintReport, ComplaintStep
from desktop.models.customer import Customer
from desktop.models.staff import Department, Staff
from desktop.rules import callbacks as callback_rules
from desktop.rules import complaints as rules
from desktop.rules.roles import MANAGER
from desktop.services import audit, callbacks, hooks
from desktop.services.audit import AuditRow
from desktop.services.authz import requires
from desktop.services.calendar import office_calendar
from desktop.services.complaint_rows import (
    REPORT_KEYS,
    ComplaintRow,
    chain,
    get_complaint,
    get_complaint_by_number,
    load,
)
from desktop.services.numbering import next_number
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

__all__ = [
    "ComplaintRow",
    "chain",
    "complete_stage",
    "ensure_callback",
    "escalate",
    "file_report",
    "get_complaint",
    "get_complaint_by_number",
    "history",
    "open_from_callback",
    "recode",
    "record_callback_result",
    "register_complaint",
    "relay",
    "sign_report",
]


# ---- helpers --------------------------------------------------------------------------------------------------


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _text(value: Any) -> str:
    return str(value or "").strip()


def _staff(staff_id: int | None) -> Staff | None:
    if staff_id is None:
        return None
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise UserError(_("There is no staff member with id {id}.").format(id=staff_id))
    return staff


def _staff_name(staff_id: int | None) -> str:
    staff = _staff(staff_id)
    return staff.name if staff is not None else ""


def _department(department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    department = Department.get_or_none(Department.id == department_id)
    if department is None:
        raise UserError(_("There is no department with id {id}.").format(id=department_id), "department")
    return department


def _check_version(complaint: Complaint, expected_version: int | None) -> None:
    if expected_version is not None and complaint.version != expected_version:
        raise ConflictError(
            _(
                "Complaint {number} was changed on another desk after you opened it. Nothing was saved; "
                "open it again to see the changes."
            ).format(number=complaint.number)
        )


def _validate(form: FormDef, values: dict[str, Any], keys: tuple[str, ...]) -> None:
    errors: dict[str, str] = {}
    for key in keys:
        field = form.field(key)
        message = type_of(field).validate(values.get(key), field)
        if message:
            errors[key] = message
    if errors:
        raise ValidationError(errors)


def _column(complaint: Complaint, key: str) -> Any:
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
    old = {key: _column(complaint, key) for key in updates}
    count = (
        Complaint.update(**updates, updated_at=now, version=complaint.version + 1)
        .where((Complaint.id == complaint.id) & (Complaint.version == complaint.version))
        .execute()
    )
    if count != 1:
        _check_version(complaint, -1)
    audit.record_event(
        action=action,
        record_type=RECORD_TYPE,
        record_id=complaint.id,
        changes=audit.diff(old, updates),
        summary=summary or complaint.number,
        by=by,
        now=now,
    )


def _open(complaint_id: int, expected_version: int | None) -> Complaint:
    complaint = load(complaint_id)
    _check_version(complaint, expected_version)
    if complaint.status != rules.OPEN:
        raise UserError(
            _("Complaint {number} is finished: {status}.").format(
                number=complaint.number, status=_(rules.STATUSES.get(complaint.status, complaint.status))
            )
        )
    return complaint


def _require_stage(complaint: Complaint, stage: str) -> None:
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
    _require_stage(complaint, stage)
    at = _minute(now)
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


# ---- registering ----------------------------------------------------------------------------------------------


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
    staff = _staff(by)
    complained_at = _minute(values.get("complained_at") or now)
    merged = {
        "received_by": staff.name if staff is not None else None,
        **{key: values[key] for key in ENTRY_KEYS if values.get(key) not in (None, "")},
        "complained_at": complained_at,
    }
    for key in ("organisation", "matter", "contact", "received_by"):
        if isinstance(merged.get(key), str):
            merged[key] = merged[key].strip() or None
    _validate(form, merged, ENTRY_KEYS)
    category = merged.get("category") or "other"
    channel = values.get("channel") or rules.PHONE
    complexity = values.get("complexity") or rules.SIMPLE
    if channel not in rules.CHANNELS:
        raise UserError(_("Choose how the complaint came in."), "channel")
    if complexity not in rules.COMPLEXITIES:
        raise UserError(_("Choose whether the complaint is simple or complex."), "complexity")
    department = _department(values.get("department_id"))
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
        "phone": _text(values.get("phone")),
        "address": _text(values.get("address")),
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


@requires("record.create")
def open_from_callback(callback: Any, reason: str, *, by: int | None, now: datetime) -> int:
    """The callback book's opener: an unsatisfied callback becomes a complaint (channel "callback").

    Registered with :func:`desktop.services.callbacks.register_complaint_opener`; runs inside the callback's
    transaction. Opening a complaint is ordinary desk work (001:958–972 首问负责制), hence ``record.create``;
    called from the checked :func:`desktop.services.callbacks.mark_unsatisfied` it is part of that use-case. The department is the one the followed-up problem sheet was handed to, if any.
    """
    department_id = None
    if getattr(callback, "source_kind", "") == "problem_sheet" and callback.source_id is not None:
        from desktop.models.ticket import ProblemSheet

        department_id = (
            ProblemSheet.select(ProblemSheet.department).where(ProblemSheet.id == callback.source_id).scalar()
        )
    matter = stored_text(N_("Callback {number}: {reason}")).format(number=callback.number, reason=reason)
    return _insert(
        {
            "organisation": callback.customer_name or callback.contact or stored_text(N_("(unknown caller)")),
            "matter": matter,
            "contact": callback.contact or callback.phone,
            "phone": callback.phone,
            "customer_id": callback.customer_id,
            "department_id": department_id,
            "channel": rules.CALLBACK,
            "category": "service",
        },
        by=by,
        now=now,
        source_kind="callback",
        source_id=callback.id,
    )


callbacks.register_complaint_opener(open_from_callback)


# ---- the workflow ---------------------------------------------------------------------------------------------


@requires("record.update")
def relay(
    complaint_id: int,
    *,
    to_staff_id: int | None = None,
    to_name: str = "",
    department_id: int | None = None,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> ComplaintRow:
    """The complaint was relayed to the responsible head (000:163): 转述时间 and 转述人 written, next stage starts.

    Under seed 004 there is no relay stage; relaying still fills the register's columns.

    Raises:
        UserError: nobody named, someone who left, or the complaint is finished.
    """
    staff = _staff(to_staff_id)
    name = staff.name if staff is not None else " ".join(to_name.split())
    if not name:
        raise UserError(_("Name the head the complaint was relayed to."), "relayed_to")
    if staff is not None and not staff.active:
        raise UserError(
            _("{name} no longer works here; choose someone else.").format(name=staff.name), "relayed_to"
        )
    if department_id is None and staff is not None:
        department_id = staff.department_id
    department = _department(department_id)
    at = _minute(now)
    with db.atomic():
        complaint = _open(complaint_id, expected_version)
        updates: dict[str, Any] = {"relayed_at": at, "relayed_to": name, "relayed_to_staff": to_staff_id}
        if department is not None:
            updates.update(department=department.name, department_ref=department.id)
        if complaint.stage == rules.RELAY:
            _advance(complaint, rules.RELAY, note=name, by=by, now=now, extra=updates)
        else:
            _write(complaint, updates, action=rules.RELAY, by=by, now=now, summary=name)
    return get_complaint(complaint_id, now=now)


@requires("record.update")
def complete_stage(
    complaint_id: int,
    stage: str,
    *,
    note: str,
    promised_at: datetime | None = None,
    confirmation: str | None = None,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> ComplaintRow:
    """Finish a stage that needs only a note: the answer (000:304), verify, plan, confirm, carry out (004).

    Args:
        stage: the stage the complaint waits for.
        note: what was done or said (required).
        promised_at: at the plan stage, what was promised to the customer for carrying it out (004:176).
        confirmation: at the confirm stage, how the customer accepted (:data:`~desktop.rules.complaints.CONFIRMATIONS`).

    Raises:
        UserError: no note, another stage is due, a missing confirmation, or the complaint is finished.
    """
    text = _text(note)
    if not text:
        raise UserError(_("Write down what was done."), "note")
    if stage in (rules.RELAY, rules.REPORT, rules.SUMMARY, rules.CALLBACK_STAGE):
        raise ValueError(f"stage {stage!r} has its own use-case")
    if stage == rules.CONFIRM and confirmation not in rules.CONFIRMATIONS:
        # 004:170: the plan needs the customer's signature or recorded consent.
        raise UserError(
            _("Say how the customer accepted the plan: signed, or consent recorded."), "confirmation"
        )
    with db.atomic():
        complaint = _open(complaint_id, expected_version)
        extra: dict[str, Any] = {}
        if promised_at is not None:
            extra["promised_at"] = _minute(promised_at)
        if confirmation is not None:
            text = f"{_(rules.CONFIRMATIONS[confirmation])}: {text}"
        _advance(complaint, stage, note=text, by=by, now=now, extra=extra)
    return get_complaint(complaint_id, now=now)


@requires("record.update")
def file_report(
    complaint_id: int,
    values: dict[str, Any],
    *,
    prevention: str | None = None,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> ComplaintRow:
    """Write the handling report (F07) of a complaint, or change it; finishes the report / summary stage.

    The report is numbered like its complaint (one report per register entry; F06 column 9 shows it). Under
    seed 004 the report with ``prevention`` is the summary report (T03: cause analysis, preventive measures).

    Args:
        values: report keys (:data:`REPORT_ENTRY_KEYS`); ``description`` is required, customer details default
            to the register's, the recorder to the person on duty.

    Raises:
        ValidationError: a value the form refuses.
        UserError: the report is signed already, or the complaint is finished.
    """
    form = load_form(REPORT_SLUG)
    with db.atomic():
        complaint = _open(complaint_id, expected_version)
        report = ComplaintReport.get_or_none(ComplaintReport.complaint == complaint.id)
        if report is not None and report.department_head:
            raise UserError(
                _("The report of complaint {number} is signed; it can no longer be changed.").format(
                    number=complaint.number
                )
            )
        current = {key: getattr(report, key) for key in REPORT_KEYS} if report is not None else {}
        defaults = {
            "customer_name": complaint.organisation,
            "customer_address": complaint.address,
            "phone": complaint.phone,
            "contact_person": complaint.contact,
            "description": complaint.matter,
            "recorded_by": _staff_name(by) or complaint.received_by,
            "handler": _staff_name(by),
            "recorded_date": now.date(),
        }
        merged = {key: value for key, value in {**defaults, **current}.items() if value not in (None, "")}
        for key in REPORT_ENTRY_KEYS:
            if key in values:
                value = values[key]
                merged[key] = value.strip() if isinstance(value, str) else value
        merged = {key: (None if value == "" else value) for key, value in merged.items()}
        _validate(form, merged, REPORT_ENTRY_KEYS)
        columns = {
            key: merged.get(key)
            if key in ("handled_at", "recorded_date", "handled_date")
            else (merged.get(key) or "")
            for key in REPORT_ENTRY_KEYS
        }
        if prevention is not None:
            columns["prevention"] = prevention.strip()
        if report is None:
            ComplaintReport.insert(
                complaint=complaint.id, number=complaint.number, created_at=now, updated_at=now, **columns
            ).execute()
        else:
            ComplaintReport.update(**columns, updated_at=now, version=report.version + 1).where(
                ComplaintReport.id == report.id
            ).execute()
        audit.record_event(
            action=audit.CREATE if report is None else audit.UPDATE,
            record_type=REPORT_SLUG,
            record_id=complaint.id,
            changes=audit.diff(current, columns),
            summary=complaint.number,
            by=by,
            now=now,
        )
        extra = {"report_number": complaint.number}
        if complaint.stage in (rules.REPORT, rules.SUMMARY):
            if complaint.stage == rules.SUMMARY and not (_text(columns.get("cause")) and _text(prevention)):
                # 004:190 T03: the summary analyses the cause and proposes preventive measures.
                raise UserError(
                    _("The summary report needs the cause and the preventive measures."), "prevention"
                )
            _advance(
                complaint, complaint.stage, note=_text(columns.get("cause")), by=by, now=now, extra=extra
            )
        elif not complaint.report_number:
            _write(complaint, extra, action=audit.UPDATE, by=by, now=now)
    return get_complaint(complaint_id, now=now)


@requires("complaint.sign")
def sign_report(complaint_id: int, *, by: int | None, now: datetime) -> ComplaintRow:
    """The department head signs the handling report (000:157 部门主管); it is frozen from then on.

    Raises:
        UserError: there is no report yet, or it is signed already.
    """
    with db.atomic():
        complaint = load(complaint_id)
        report = ComplaintReport.get_or_none(ComplaintReport.complaint == complaint.id)
        if report is None:
            raise UserError(
                _("Complaint {number} has no handling report to sign yet.").format(number=complaint.number)
            )
        if report.department_head:
            raise UserError(_("The report is signed already by {name}.").format(name=report.department_head))
        name = _staff_name(by) or _("(console)")
        ComplaintReport.update(
            department_head=name, signed_at=_minute(now), updated_at=now, version=report.version + 1
        ).where(ComplaintReport.id == report.id).execute()
        audit.record_event(
            action="sign",
            record_type=REPORT_SLUG,
            record_id=complaint.id,
            changes={"department_head": ["", name]},
            summary=complaint.number,
            by=by,
            now=now,
        )
    return get_complaint(complaint_id, now=now)


@requires("record.update")
def record_callback_result(
    complaint_id: int,
    *,
    outcome: str,
    result: str,
    by: int | None,
    now: datetime,
    expected_version: int | None = None,
) -> ComplaintRow:
    """The customer was called back (000:165): the result goes on the report; satisfied closes the complaint.

    Dissatisfied or a suggestion → this entry is marked reopened and a new register entry, linked to it (same
    customer, department and category; channel "callback"), starts the cycle again; the returned row's
    ``next_id`` is the new entry.

    Raises:
        UserError: no result written, an unknown outcome, no report filed yet, or another stage is due.
    """
    text = _text(result)
    if outcome not in rules.OUTCOMES:
        raise UserError(_("Choose the callback outcome."), "callback_outcome")
    if not text:
        # 000:165 "如实填写回访结果".
        raise UserError(_("Write down what the customer said."), "callback_result")
    with db.atomic():
        complaint = _open(complaint_id, expected_version)
        _require_stage(complaint, rules.CALLBACK_STAGE)
        report = ComplaintReport.get_or_none(ComplaintReport.complaint == complaint.id)
        if report is None:
            raise UserError(_("File the handling report before the callback result."))
        ComplaintReport.update(
            callback_outcome=outcome, callback_result=text, updated_at=now, version=report.version + 1
        ).where(ComplaintReport.id == report.id).execute()
        status = rules.after_callback(outcome)
        at = _minute(now)
        _advance(
            complaint,
            rules.CALLBACK_STAGE,
            note=f"{_(rules.OUTCOMES[outcome])}: {text}",
            by=by,
            now=now,
            extra={"status": status, "stage": None, "stage_due": None, "closed_at": at},
        )
        follow_id = None
        if status == rules.REOPENED:
            # 000:165 人力公关部应重新填写《投诉记录表》: a new entry, relayed to the head again.
            follow_id = _insert(
                {
                    "organisation": complaint.organisation,
                    "matter": stored_text(N_("Not satisfied after complaint {number}: {result}")).format(
                        number=complaint.number, result=text
                    ),
                    "contact": complaint.contact,
                    "phone": complaint.phone,
                    "address": complaint.address,
                    "customer_id": complaint.customer_id,
                    "department_id": complaint.department_id,
                    "category": complaint.category,
                    "complexity": complaint.complexity,
                    "channel": rules.CALLBACK,
                },
                by=by,
                now=now,
                parent=load(complaint.id),
                source_kind="complaint",
                source_id=complaint.id,
            )
        # The callback book stops the progress calls and completes the complaint's callback if the result
        # was written here rather than in the callback dialog (older data, the command line, the demo).
        hooks.emit("complaint_closed", complaint_id=complaint.id, status=status, outcome=outcome, result=text,
                   follow_id=follow_id, by=by, now=now)  # fmt: skip
    return get_complaint(complaint_id, now=now)


def _on_callback_recorded(
    *,
    source_kind: str,
    source_id: int | None,
    purpose: str,
    satisfaction: str | None,
    result: str,
    by: int | None,
    now: datetime,
    **_payload: Any,
) -> int | None:
    """The callback book made a complaint's callback: its result goes on the report (表1.2) and decides.

    Satisfied closes the complaint; not satisfied (or average) reopens it as a new linked entry, whose id is
    returned so the callback shows where the complaint went. Progress calls change nothing here.

    Raises:
        ValidationError: the satisfaction was not ticked (the complaint cannot be decided without it).
    """
    if source_kind != "complaint" or source_id is None or purpose != callback_rules.COMPLAINT:
        return None
    complaint = Complaint.get_or_none(Complaint.id == source_id)
    if complaint is None or complaint.status != rules.OPEN or complaint.stage != rules.CALLBACK_STAGE:
        return None
    outcome = rules.outcome_from_satisfaction(satisfaction)
    if outcome is None:
        raise ValidationError(
            {"satisfaction": _("Tick whether the customer is satisfied: it decides the complaint.")}
        )
    row = record_callback_result(source_id, outcome=outcome, result=result, by=by, now=now)
    return row.next_id


hooks.on("callback_recorded", _on_callback_recorded, name="complaints")


@requires("record.update")
def ensure_callback(complaint_id: int, *, by: int | None, now: datetime) -> int | None:
    """The callback-book entry of a complaint waiting for its callback: the pending one, or a new one.

    The complaint detail opens the callback dialog on it, so the call is recorded in one place. None when the
    complaint does not wait for its callback.
    """
    with db.atomic():
        complaint = load(complaint_id)
        if complaint.status != rules.OPEN or complaint.stage != rules.CALLBACK_STAGE:
            return None
        results = hooks.emit("complaint_handled", complaint_id=complaint.id, number=complaint.number,
                             solved=True, handled_at=complaint.stage_started_at or _minute(now), by=by,
                             now=now)  # fmt: skip
    return next((int(row.id) for row in results if getattr(row, "id", None) is not None), None)


@requires("complaint.recode")
def recode(
    complaint_id: int,
    *,
    category: str | None = None,
    department_id: int | None = None,
    valid: bool | None = None,
    reason: str,
    by: int | None,
    now: datetime,
) -> ComplaintRow:
    """A manager re-codes a complaint: category, responsible department, valid or not (有效投诉, 001:1400).

    The category and department the complaint had first are kept (``original_category``,
    ``original_department``) the first time it is re-coded; the complaint stays one complaint in the statistics.

    Raises:
        UserError: no reason, nothing to change, or an unknown category or department.
    """
    text = _text(reason)
    if not text:
        raise UserError(_("Give the reason for re-coding the complaint."), "reason")
    if category is not None and category not in rules.CATEGORIES:
        raise UserError(_("Choose one of the complaint categories."), "category")
    department = _department(department_id)
    with db.atomic():
        complaint = load(complaint_id)
        updates: dict[str, Any] = {}
        if category is not None and category != complaint.category:
            updates["category"] = category
        if department is not None and department.id != complaint.department_id:
            updates.update(department=department.name, department_ref=department.id)
        if valid is not None and valid != bool(complaint.valid):
            updates["valid"] = valid
        if not updates:
            raise UserError(_("Nothing would change: choose another category, department or validity."))
        if complaint.original_category is None:
            updates["original_category"] = complaint.category
            updates["original_department"] = complaint.department
        updates.update(recoded_by=by, recoded_at=_minute(now))
        _write(complaint, updates, action="recode", by=by, now=now, summary=text)
    return get_complaint(complaint_id, now=now)


def manager_name() -> str:
    """The first active manager's name: who an overdue complaint is escalated to."""
    return str(
        Staff.select(Staff.name).where((Staff.role == MANAGER) & Staff.active).order_by(Staff.id).scalar()
        or ""
    )


@requires("record.update")
def escalate(complaint_id: int, *, by: int | None, now: datetime) -> ComplaintRow:
    """Record that an overdue complaint was reported to the manager (issue 6: escalation on a missed deadline).

    Raises:
        UserError: the complaint is finished or not overdue.
    """
    with db.atomic():
        complaint = _open(complaint_id, None)
        reminder = rules.escalation(due=complaint.stage_due or now, now=now, final=complaint.final_due)
        if reminder is None:
            raise UserError(_("Complaint {number} is not overdue.").format(number=complaint.number))
        _write(
            complaint,
            {"escalated_at": _minute(now)},
            action="escalate",
            by=by,
            now=now,
            summary=manager_name(),
        )
    return get_complaint(complaint_id, now=now)
