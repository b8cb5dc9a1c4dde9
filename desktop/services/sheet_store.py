"""The problem sheet as a generic record kind: export, import and printing through ``records.register_store``.

Values are the form's (``forms/problem_sheet.toml``): the workflow status goes out as the form's status option
and comes back through :data:`~desktop.services.sheets.STATUS_FROM_FORM`; the handler's and department's names
are matched back to staff and departments where they are unambiguous. An import keeps a row's number when it is
free and numbers the others like new sheets; it is all in one transaction with one audit event per sheet.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.staff import Department, Staff
from desktop.models.ticket import ProblemSheet
from desktop.rules.sheet_workflow import CLOSED, HANDED_OVER, PLANNED, RECEIVED
from desktop.services import audit, records
from desktop.services.calendar import handover_due_at, result_due_at
from desktop.services.customers import normalise_mobile
from desktop.services.sheets import SLUG, STATUS_FROM_FORM, form_values, take_number

_TEXT_KEYS = (
    "category",
    "customer_name",
    "contact_person",
    "office_phone",
    "site",
    "address",
    "description",
    "intake_by",
    "handed_to_department",
    "handed_to_person",
    "plan",
    "plan_by",
    "result",
    "handler",
    "review",
    "reviewer",
)
_KEPT_KEYS = (
    "intake_date",
    "handed_over_at",
    "plan_date",
    "handled_date",
    "result_returned_at",
    "review_date",
)


def _unique_id(model: type[Staff] | type[Department], name: str) -> int | None:
    """The id of the only staff member / department called ``name``, else None."""
    if not name:
        return None
    ids = [row[0] for row in model.select(model.id).where(model.name == name).limit(2).tuples()]
    return ids[0] if len(ids) == 1 else None


class ProblemSheetStore:
    """:class:`desktop.services.records.RecordStore` of form ``problem_sheet``."""

    slug = SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every sheet (or those changed at or after ``since``), oldest first, as form values."""
        query = ProblemSheet.select().order_by(ProblemSheet.id)
        if since is not None:
            query = query.where(ProblemSheet.updated_at >= since)
        return [form_values(sheet) for sheet in query.iterator()]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The sheet numbered ``number`` as form values (with both due moments, printed on the sheet)."""
        sheet = ProblemSheet.get_or_none(ProblemSheet.number == (number or "").strip())
        return form_values(sheet) if sheet else None

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Create one sheet per row in one transaction; keeps free numbers, numbers the rest.

        Raises:
            UserError: a row's number is taken already or appears twice in the file (nothing is imported).
        """
        staff = Staff.get_or_none(Staff.id == by) if by is not None else None
        with db.atomic():
            given = [str(row["number"]).strip() for row in rows if row.get("number")]
            seen: set[str] = set()
            for number in given:
                if number in seen:
                    raise UserError(
                        _("Sheet number {number} appears twice in the file.").format(number=number)
                    )
                seen.add(number)
            taken = set()
            for start in range(0, len(given), 500):
                chunk = given[start : start + 500]
                taken.update(
                    n
                    for (n,) in ProblemSheet.select(ProblemSheet.number)
                    .where(ProblemSheet.number.in_(chunk))
                    .tuples()
                )
            if taken:
                raise UserError(
                    _("Sheet number {number} is taken already; nothing was imported.").format(
                        number=min(taken)
                    )
                )
            reserved = frozenset(given)
            for row in rows:
                self._import_one(row, staff=staff, by=by, now=now, reserved=reserved)
        return len(rows)

    def _import_one(
        self,
        row: dict[str, Any],
        *,
        staff: Staff | None,
        by: int | None,
        now: datetime,
        reserved: frozenset[str],
    ) -> None:
        status = STATUS_FROM_FORM.get(row.get("status") or "", RECEIVED)
        received_at = row.get("received_at") or (
            datetime.combine(row["intake_date"], datetime.min.time()) if row.get("intake_date") else now
        )
        handed_over_at = row.get("handed_over_at")
        result_due = row.get("result_due")
        if result_due is None and handed_over_at is not None and status in (HANDED_OVER, PLANNED):
            result_due = result_due_at(handed_over_at)
        number = row.get("number") or take_number(
            received_at, operator=staff.employee_no if staff else "", reserved=reserved
        )
        values: dict[str, Any] = {key: row.get(key) or "" for key in _TEXT_KEYS}
        values.update({key: row.get(key) for key in _KEPT_KEYS})
        values.update(
            number=number,
            status=status,
            mobile=normalise_mobile(row.get("mobile") or ""),
            received_at=received_at,
            handover_due=row.get("handover_due") or handover_due_at(received_at),
            result_due=result_due,
            handed_to_staff=_unique_id(Staff, values["handed_to_person"]),
            department=_unique_id(Department, values["handed_to_department"]),
            closed_at=(row.get("result_returned_at") or received_at) if status == CLOSED else None,
            created_at=now,
            updated_at=now,
            version=1,
        )
        sheet_id = ProblemSheet.insert(**values).execute()
        audit.record_event(
            action=audit.IMPORT,
            record_type=SLUG,
            record_id=sheet_id,
            changes=audit.diff({}, {**values, "handed_to_staff": values["handed_to_staff"]}),
            summary=number,
            by=by,
            now=now,
        )


records.register_store(ProblemSheetStore())
