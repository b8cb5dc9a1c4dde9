"""The complaint handling report (投诉处理报告单 F07): filed by the handler, signed by the department head.

The handler files the report the next day (000:164-165); under seed 004 the report with preventive measures is
the summary (T03). Filing it finishes the report / summary stage, which starts the callback within 24 h; the
head's signature (000:157) freezes it, so what the customer is called back about cannot change afterwards.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.complaint import ComplaintReport
from desktop.rules import complaints as rules
from desktop.services import audit
from desktop.services.authz import requires
from desktop.services.complaint_records import (
    REPORT_ENTRY_KEYS,
    REPORT_SLUG,
    _advance,
    _write,
    minute,
    open_complaint,
    staff_name,
    stripped,
    validate,
)
from desktop.services.complaint_rows import (
    REPORT_KEYS,
    ComplaintRow,
    get_complaint,
    load,
)


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
        complaint = open_complaint(complaint_id, expected_version)
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
            "recorded_by": staff_name(by) or complaint.received_by,
            "handler": staff_name(by),
            "recorded_date": now.date(),
        }
        merged = {key: value for key, value in {**defaults, **current}.items() if value not in (None, "")}
        for key in REPORT_ENTRY_KEYS:
            if key in values:
                value = values[key]
                merged[key] = value.strip() if isinstance(value, str) else value
        merged = {key: (None if value == "" else value) for key, value in merged.items()}
        validate(form, merged, REPORT_ENTRY_KEYS)
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
            if complaint.stage == rules.SUMMARY and not (
                stripped(columns.get("cause")) and stripped(prevention)
            ):
                # 004:190 T03: the summary analyses the cause and proposes preventive measures.
                raise UserError(
                    _("The summary report needs the cause and the preventive measures."), "prevention"
                )
            _advance(
                complaint, complaint.stage, note=stripped(columns.get("cause")), by=by, now=now, extra=extra
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
        name = staff_name(by) or _("(console)")
        ComplaintReport.update(
            department_head=name, signed_at=minute(now), updated_at=now, version=report.version + 1
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
