"""The engineer's intake register (800用户问题受理登记表, F02): what he accepted and what he agreed with the customer.

Seed 000:102-103: the technical support engineer who receives a problem sheet fills in the register and agrees
the repair time and place with the customer, aiming to finish by the time the customer asked for. Each entry is
linked to its sheet and starts from the sheet's customer, phone, site and description.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desktop.errors import ConflictError, UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.intake import IntakeEntry
from desktop.models.staff import Staff
from desktop.models.ticket import ProblemSheet
from desktop.rules.sheet_workflow import HANDED_OVER, PLANNED
from desktop.services import audit, printing, records
from desktop.services.authz import requires
from desktop.services.numbering import next_number

RECORD_TYPE = "intake_register"
NUMBER_SCHEME = "intake"
#: 受理 (accepted) + day + serial; the form calls it 序号.
NUMBER_PATTERN = "SL{date:%Y%m%d}-{serial:03d}"

_TEXT_LIMITS = {
    "customer_name": 100,
    "site": 200,
    "phone": 40,
    "summary": 4000,
    "repair_place": 200,
    "result": 4000,
}
#: Sheet statuses in which the sheet is with an engineer, so he can log that he accepted it (seed 000:102-103:
#: the register is filled by the engineer the sheet was passed to).
INTAKE_STATUSES = (HANDED_OVER, PLANNED)

_MOMENTS = ("accepted_at", "requested_by", "agreed_at", "completed_at")
_KEYS = frozenset({*_TEXT_LIMITS, *_MOMENTS, "engineer_id"})


@dataclass(frozen=True)
class IntakeRow:
    """One line of an engineer's register.

    Attributes:
        requested_by: when the customer wants it done by.
        agreed_at, repair_place: the appointment agreed with the customer.
        engineer: the engineer's name as written; ``engineer_id`` the staff member.
    """

    id: int
    number: str
    sheet_id: int
    sheet_number: str
    accepted_at: datetime
    customer_name: str
    site: str
    phone: str
    summary: str
    requested_by: datetime | None
    agreed_at: datetime | None
    repair_place: str
    completed_at: datetime | None
    result: str
    engineer: str
    engineer_id: int | None
    version: int


def _row(entry: IntakeEntry, sheet_number: str) -> IntakeRow:
    return IntakeRow(
        id=entry.id,
        number=entry.number,
        sheet_id=entry.sheet_id,
        sheet_number=sheet_number,
        accepted_at=entry.accepted_at,
        customer_name=entry.customer_name,
        site=entry.site,
        phone=entry.phone,
        summary=entry.summary,
        requested_by=entry.requested_by,
        agreed_at=entry.agreed_at,
        repair_place=entry.repair_place,
        completed_at=entry.completed_at,
        result=entry.result,
        engineer=entry.engineer,
        engineer_id=entry.engineer_staff_id,
        version=entry.version,
    )


def _minute(moment: datetime | None) -> datetime | None:
    return moment.replace(second=0, microsecond=0) if moment is not None else None


def _columns(entry: IntakeEntry) -> dict[str, Any]:
    return {
        field.name: getattr(entry, getattr(field, "object_id_name", field.name))
        for field in IntakeEntry._meta.sorted_fields
    }


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    unknown = [key for key in values if key not in _KEYS]
    if unknown:
        raise ValueError(f"not intake fields: {unknown}")
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key in _TEXT_LIMITS:
            text = (value or "").strip()
            if len(text) > _TEXT_LIMITS[key]:
                raise UserError(_("At most {count} characters.").format(count=_TEXT_LIMITS[key]), field=key)
            checked[key] = text
        elif key in _MOMENTS:
            if value is not None and not isinstance(value, datetime):
                raise UserError(_("Give a date and a time."), field=key)
            checked[key] = _minute(value)
        elif key == "engineer_id":
            engineer = Staff.get_or_none(Staff.id == value) if value is not None else None
            if engineer is None:
                raise UserError(_("Choose the engineer who accepted the problem."), field="engineer")
            checked["engineer_staff"] = engineer.id
            checked["engineer"] = engineer.name
    if (
        checked.get("completed_at")
        and checked.get("accepted_at")
        and checked["completed_at"] < checked["accepted_at"]
    ):
        raise UserError(_("The problem cannot be completed before it was accepted."), field="completed_at")
    return checked


@requires("record.create")
def record_intake(sheet_id: int, values: dict[str, Any], *, by: int | None, now: datetime) -> IntakeRow:
    """Log that an engineer accepted problem sheet ``sheet_id`` (seed 000:102-103).

    Args:
        values: :class:`IntakeRow` field names; ``engineer_id`` defaults to ``by``, ``accepted_at`` to ``now``,
            customer, site, phone and summary to the sheet's.

    Raises:
        UserError: no such sheet, no engineer, a value to correct.
    """
    sheet = ProblemSheet.get_or_none(ProblemSheet.id == sheet_id)
    if sheet is None:
        raise UserError(_("There is no problem sheet with id {id}.").format(id=sheet_id))
    defaults = {
        "engineer_id": by,
        "accepted_at": now,
        "customer_name": sheet.customer_name,
        "site": sheet.site,
        "phone": sheet.mobile or sheet.office_phone,
        "summary": sheet.description,
    }
    columns = _checked({**defaults, **values})
    if not columns["summary"]:
        raise UserError(_("Write down the problem."), field="summary")
    with db.atomic():
        number = next_number(NUMBER_SCHEME, pattern=NUMBER_PATTERN, now=columns["accepted_at"])
        entry_id = IntakeEntry.insert(
            **columns, number=number, sheet=sheet_id, created_at=now, updated_at=now, version=1
        ).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type=RECORD_TYPE,
            record_id=entry_id,
            changes=audit.diff({}, _columns(IntakeEntry.get_by_id(entry_id))),
            summary=f"{number} {sheet.number}",
            by=by,
            now=now,
        )
    return _row(IntakeEntry.get_by_id(entry_id), sheet.number)


@requires("record.update")
def update_intake(
    entry_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> IntakeRow:
    """Change an entry: the agreed appointment, completion time and result are usually filled in later.

    Raises:
        ConflictError: another desk saved it after ``expected_version`` was read.
        UserError: no such entry or a value to correct.
    """
    with db.atomic():
        entry = IntakeEntry.get_or_none(IntakeEntry.id == entry_id)
        if entry is None:
            raise UserError(_("There is no intake entry with id {id}.").format(id=entry_id))
        if entry.version != expected_version:
            raise ConflictError(
                _(
                    "Intake entry {number} was changed on another desk after you opened it. Nothing was saved; "
                    "open it again to see the changes."
                ).format(number=entry.number)
            )
        checked = _checked({"accepted_at": entry.accepted_at, **values})
        before = _columns(entry)
        IntakeEntry.update(**checked, updated_at=now, version=entry.version + 1).where(
            IntakeEntry.id == entry_id
        ).execute()
        changes = {
            key: value
            for key, value in audit.diff(before, _columns(IntakeEntry.get_by_id(entry_id))).items()
            if key not in ("updated_at", "version")
        }
        audit.record_event(
            action=audit.UPDATE,
            record_type=RECORD_TYPE,
            record_id=entry_id,
            changes=changes,
            summary=entry.number,
            by=by,
            now=now,
        )
    return get_intake(entry_id)


def _select() -> Any:
    # The sheet's id too: a joined sheet without it would leave every row's ``sheet_id`` None.
    return IntakeEntry.select(IntakeEntry, ProblemSheet.id, ProblemSheet.number).join(
        ProblemSheet, on=(IntakeEntry.sheet == ProblemSheet.id)
    )


def get_intake(entry_id: int) -> IntakeRow:
    """The entry with ``entry_id``; UserError when there is none."""
    entry = _select().where(IntakeEntry.id == entry_id).first()
    if entry is None:
        raise UserError(_("There is no intake entry with id {id}.").format(id=entry_id))
    return _row(entry, entry.sheet.number)


def list_intake(
    engineer_id: int | None = None,
    *,
    sheet_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    open_only: bool = False,
    offset: int = 0,
    limit: int = 200,
) -> list[IntakeRow]:
    """An engineer's register (or everyone's), oldest first as the paper register runs.

    Args:
        engineer_id: only this engineer's entries.
        sheet_id: only the entries of one sheet.
        date_from, date_to: accepted on these days (inclusive).
        open_only: only entries not completed yet.
    """
    query = _select()
    if engineer_id is not None:
        query = query.where(IntakeEntry.engineer_staff == engineer_id)
    if sheet_id is not None:
        query = query.where(IntakeEntry.sheet == sheet_id)
    if date_from is not None:
        query = query.where(IntakeEntry.accepted_at >= datetime.combine(date_from, datetime.min.time()))
    if date_to is not None:
        end = datetime.combine(date_to + timedelta(days=1), datetime.min.time())
        query = query.where(IntakeEntry.accepted_at < end)
    if open_only:
        query = query.where(IntakeEntry.completed_at.is_null())
    query = query.order_by(IntakeEntry.accepted_at, IntakeEntry.id).offset(offset).limit(limit)
    return [_row(entry, entry.sheet.number) for entry in query]


# --- the register as a record kind (print, export, import) -----------------------------------------------------


def _form_values(entry: IntakeEntry, sheet_number: str) -> dict[str, Any]:
    def empty(value: Any) -> Any:
        return None if value == "" else value

    return {
        "number": entry.number,
        "ticket_number": sheet_number,
        "accepted_at": entry.accepted_at,
        "customer_name": entry.customer_name,
        "site": empty(entry.site),
        "phone": empty(entry.phone),
        "summary": entry.summary,
        "requested_by": entry.requested_by,
        "agreed_at": entry.agreed_at,
        "repair_place": empty(entry.repair_place),
        "completed_at": entry.completed_at,
        "result": empty(entry.result),
        "engineer": entry.engineer,
    }


def register_rows(
    engineer_id: int | None = None, *, date_from: date | None = None, date_to: date | None = None
) -> list[dict[str, Any]]:
    """The lines of the printed register: one engineer's (or everyone's) entries accepted in the period, oldest
    first, as form values of ``forms/intake_register.toml``."""
    query = _select()
    if engineer_id is not None:
        query = query.where(IntakeEntry.engineer_staff == engineer_id)
    if date_from is not None:
        query = query.where(IntakeEntry.accepted_at >= datetime.combine(date_from, datetime.min.time()))
    if date_to is not None:
        end = datetime.combine(date_to + timedelta(days=1), datetime.min.time())
        query = query.where(IntakeEntry.accepted_at < end)
    query = query.order_by(IntakeEntry.accepted_at, IntakeEntry.id)
    return [_form_values(entry, entry.sheet.number) for entry in query]


def print_register(
    engineer_id: int | None = None,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    lang: str,
    title_suffix: str = "",
) -> bytes:
    """The register (F02) of :func:`register_rows` as PDF bytes in ``lang``."""
    rows = register_rows(engineer_id, date_from=date_from, date_to=date_to)
    return printing.print_register(RECORD_TYPE, rows, lang=lang, title_suffix=title_suffix)


class IntakeRegisterStore:
    """:class:`desktop.services.records.RecordStore` of form ``intake_register``."""

    slug = "intake_register"

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every entry (or those changed at or after ``since``), oldest first."""
        query = _select().order_by(IntakeEntry.id)
        if since is not None:
            query = query.where(IntakeEntry.updated_at >= since)
        return [_form_values(entry, entry.sheet.number) for entry in query]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The entry numbered ``number``, or None."""
        entry = _select().where(IntakeEntry.number == (number or "").strip()).first()
        return _form_values(entry, entry.sheet.number) if entry else None

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """Every engineer's entries of the period, as the intake panel prints them with no engineer chosen."""
        return register_rows(None, date_from=start, date_to=end)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """One entry per row in one transaction; each row must name an existing problem sheet.

        Raises:
            UserError: a row without a sheet number, an unknown sheet, or a number already taken.
        """
        with db.atomic():
            for row in rows:
                ticket = (row.get("ticket_number") or "").strip()
                if not ticket:
                    raise UserError(_("Each intake entry needs the number of its problem sheet."))
                sheet_id = ProblemSheet.select(ProblemSheet.id).where(ProblemSheet.number == ticket).scalar()
                if sheet_id is None:
                    raise UserError(
                        _("There is no problem sheet numbered {number}; nothing was imported.").format(
                            number=ticket
                        )
                    )
                number = row.get("number")
                if number and IntakeEntry.select().where(IntakeEntry.number == number).exists():
                    raise UserError(
                        _("Record number {number} is taken already; nothing was imported.").format(
                            number=number
                        )
                    )
                accepted_at = row.get("accepted_at") or _minute(now)
                engineer = row.get("engineer") or ""
                staff_ids = [
                    i for (i,) in Staff.select(Staff.id).where(Staff.name == engineer).limit(2).tuples()
                ]
                values = {
                    "number": number or next_number(NUMBER_SCHEME, pattern=NUMBER_PATTERN, now=accepted_at),
                    "sheet": sheet_id,
                    "accepted_at": accepted_at,
                    "customer_name": row.get("customer_name") or "",
                    "site": row.get("site") or "",
                    "phone": row.get("phone") or "",
                    "summary": row.get("summary") or "",
                    "requested_by": row.get("requested_by"),
                    "agreed_at": row.get("agreed_at"),
                    "repair_place": row.get("repair_place") or "",
                    "completed_at": row.get("completed_at"),
                    "result": row.get("result") or "",
                    "engineer": engineer,
                    "engineer_staff": staff_ids[0] if len(staff_ids) == 1 else None,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                entry_id = IntakeEntry.insert(**values).execute()
                audit.record_event(
                    action=audit.IMPORT,
                    record_type=RECORD_TYPE,
                    record_id=entry_id,
                    changes=audit.diff({}, values),
                    summary=str(values["number"]),
                    by=by,
                    now=now,
                )
        return len(rows)


records.register_store(IntakeRegisterStore())
