"""Customer inquiries and contacts: 客户咨询记录表 (F03) and 客户沟通记录表 (T01), one record serving both forms.

Seed 000:119-120: every call is logged briefly, what the customer described and the solution given; 000:100-101:
a problem not finally solved that day is marked on the record and handed to the next day's engineer, who must
check the previous shift's unfinished items and solve them. Seed 004:78 (T01) records the same contact with a
channel, a follow-up item and its owner. So: one :class:`~desktop.models.inquiry.Inquiry` row per contact, an
``unfinished`` mark that keeps it on :func:`unfinished_inquiries` until :func:`mark_done`, and
:func:`escalate_to_sheet` when it turns out to need a problem sheet. The two forms' stores map their own keys
onto the same columns (:mod:`desktop.services.inquiry_store`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desktop.errors import ConflictError, UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.inquiry import CHANNELS, Inquiry
from desktop.models.search import contains
from desktop.models.staff import Staff
from desktop.models.ticket import ProblemSheet
from desktop.services import audit, sheets
from desktop.services.authz import requires
from desktop.services.customers import normalise_mobile
from desktop.services.numbering import next_number

RECORD_TYPE = "inquiry"
NUMBER_SCHEME = "inquiry"
#: 咨询 (inquiry) + day + serial; the forms call it 序号 / 编号.
NUMBER_PATTERN = "ZX{date:%Y%m%d}-{serial:03d}"

#: Columns the desk may set, with the longest text each holds (None: no limit / not text).
_LIMITS: dict[str, int | None] = {
    "contacted_at": None,
    "customer_name": 100,
    "customer_id": None,
    "contact": 100,
    "channel": None,
    "site": 200,
    "category": 40,
    "request": 4000,
    "answer": 4000,
    "follow_up": 300,
    "follow_up_due": None,
    "follow_up_by": 60,
    "follow_up_staff_id": None,
    "unfinished": None,
    "unresolved_note": 4000,
    "handed_to": 60,
    "handed_to_staff_id": None,
    "operator": 60,
}
_MOBILE = re.compile(r"^1\d{10}$")


@dataclass(frozen=True)
class InquiryRow:
    """One inquiry / contact.

    Attributes:
        open: marked unfinished and not yet done: it is on the next shift's list.
        follow_up_overdue: open with a follow-up date before the day of the ``now`` it was read at.
        sheet_id, sheet_number: the problem sheet it was turned into, if any.
    """

    id: int
    number: str
    contacted_at: datetime
    customer_name: str
    customer_id: int | None
    contact: str
    channel: str
    site: str
    category: str
    request: str
    answer: str
    follow_up: str
    follow_up_due: date | None
    follow_up_by: str
    follow_up_staff_id: int | None
    unfinished: bool
    unresolved_note: str
    handed_to: str
    handed_to_staff_id: int | None
    done_at: datetime | None
    operator: str
    recorded_by_id: int | None
    sheet_id: int | None
    sheet_number: str
    open: bool
    follow_up_overdue: bool
    version: int


def _row(inquiry: Inquiry, now: datetime, sheet_number: str | None = None) -> InquiryRow:
    if sheet_number is None and inquiry.sheet_id is not None:
        sheet_number = (
            ProblemSheet.select(ProblemSheet.number).where(ProblemSheet.id == inquiry.sheet_id).scalar()
        )
    is_open = bool(inquiry.unfinished) and inquiry.done_at is None
    return InquiryRow(
        id=inquiry.id,
        number=inquiry.number,
        contacted_at=inquiry.contacted_at,
        customer_name=inquiry.customer_name,
        customer_id=inquiry.customer_id,
        contact=inquiry.contact,
        channel=inquiry.channel,
        site=inquiry.site,
        category=inquiry.category,
        request=inquiry.request,
        answer=inquiry.answer,
        follow_up=inquiry.follow_up,
        follow_up_due=inquiry.follow_up_due,
        follow_up_by=inquiry.follow_up_by,
        follow_up_staff_id=inquiry.follow_up_staff_id,
        unfinished=bool(inquiry.unfinished),
        unresolved_note=inquiry.unresolved_note,
        handed_to=inquiry.handed_to,
        handed_to_staff_id=inquiry.handed_to_staff_id,
        done_at=inquiry.done_at,
        operator=inquiry.operator,
        recorded_by_id=inquiry.recorded_by_id,
        sheet_id=inquiry.sheet_id,
        sheet_number=sheet_number or "",
        open=is_open,
        follow_up_overdue=is_open
        and inquiry.follow_up_due is not None
        and inquiry.follow_up_due < now.date(),
        version=inquiry.version,
    )


def _load(inquiry_id: int) -> Inquiry:
    inquiry = Inquiry.get_or_none(Inquiry.id == inquiry_id)
    if inquiry is None:
        raise UserError(_("There is no inquiry with id {id}.").format(id=inquiry_id))
    return inquiry


def _staff_name(staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise UserError(_("There is no staff member with id {id}.").format(id=staff_id))
    return str(staff.name)


def _columns(inquiry: Inquiry) -> dict[str, Any]:
    return {
        field.name: getattr(inquiry, getattr(field, "object_id_name", field.name))
        for field in Inquiry._meta.sorted_fields
    }


def _checked(values: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The columns to write, tidied and checked; UserError with the field for what the desk can fix."""
    unknown = [key for key in values if key not in _LIMITS]
    if unknown:
        raise ValueError(f"not inquiry fields: {unknown}")
    merged = {**current, **values}
    checked: dict[str, Any] = {}
    for key in values:
        value = merged[key]
        limit = _LIMITS[key]
        if limit is not None:
            value = (value or "").strip() if isinstance(value, str | type(None)) else value
            if len(value) > limit:
                raise UserError(_("At most {count} characters.").format(count=limit), field=key)
        checked[key] = value
    if not (merged.get("request") or "").strip():
        raise UserError(_("Write down what the customer asked or reported."), field="request")
    if merged.get("channel", "phone") not in CHANNELS:
        raise UserError(_("Choose phone, online or in person."), field="channel")
    if "follow_up_staff_id" in values and values["follow_up_staff_id"] and not values.get("follow_up_by"):
        checked["follow_up_by"] = _staff_name(values["follow_up_staff_id"])
    if "handed_to_staff_id" in values and values["handed_to_staff_id"] and not values.get("handed_to"):
        checked["handed_to"] = _staff_name(values["handed_to_staff_id"])
    if "unfinished" in checked:
        checked["unfinished"] = bool(checked["unfinished"])
    return {("customer" if k == "customer_id" else k.removesuffix("_id") if k.endswith("staff_id") else k): v
            for k, v in checked.items()}  # fmt: skip


@requires("record.create")
def record_inquiry(values: dict[str, Any], *, by: int | None, now: datetime) -> InquiryRow:
    """Log one contact with a customer (what was asked, what was answered); numbered ZX + day + serial.

    Args:
        values: :class:`InquiryRow` field names the desk fills (``request`` is required; ``contacted_at``
            defaults to ``now``, ``channel`` to phone, ``operator`` to ``by``'s name). Set ``unfinished`` when
            the problem is not solved: it then stays on :func:`unfinished_inquiries` until :func:`mark_done`.

    Raises:
        UserError: nothing written in ``request``, an unknown channel, text too long.
    """
    defaults = {
        "contacted_at": now.replace(second=0, microsecond=0),
        "channel": "phone",
        "operator": _staff_name(by),
    }
    columns = _checked({**defaults, **values}, {})
    with db.atomic():
        number = next_number(NUMBER_SCHEME, pattern=NUMBER_PATTERN, now=columns["contacted_at"])
        inquiry_id = Inquiry.insert(
            **columns, number=number, recorded_by=by, created_at=now, updated_at=now, version=1
        ).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type=RECORD_TYPE,
            record_id=inquiry_id,
            changes=audit.diff({}, _columns(_load(inquiry_id))),
            summary=number,
            by=by,
            now=now,
        )
    return _row(_load(inquiry_id), now)


def _save(
    inquiry: Inquiry,
    updates: dict[str, Any],
    *,
    action: str,
    by: int | None,
    now: datetime,
    summary: str = "",
) -> None:
    before = _columns(inquiry)
    count = (
        Inquiry.update(**updates, updated_at=now, version=inquiry.version + 1)
        .where((Inquiry.id == inquiry.id) & (Inquiry.version == inquiry.version))
        .execute()
    )
    if count != 1:
        raise _conflict(inquiry)
    changes = {
        key: value
        for key, value in audit.diff(before, _columns(_load(inquiry.id))).items()
        if key not in ("updated_at", "version")
    }
    audit.record_event(
        action=action,
        record_type=RECORD_TYPE,
        record_id=inquiry.id,
        changes=changes,
        summary=summary or inquiry.number,
        by=by,
        now=now,
    )


def _conflict(inquiry: Inquiry) -> ConflictError:
    return ConflictError(
        _(
            "Inquiry {number} was changed on another desk after you opened it. Nothing was saved; "
            "open it again to see the changes."
        ).format(number=inquiry.number)
    )


@requires("record.update")
def update_inquiry(
    inquiry_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> InquiryRow:
    """Change an inquiry's fields.

    Raises:
        ConflictError: another desk saved it after ``expected_version`` was read.
        UserError: a value the desk must correct.
    """
    with db.atomic():
        inquiry = _load(inquiry_id)
        if inquiry.version != expected_version:
            raise _conflict(inquiry)
        current = {key: getattr(inquiry, key) for key in ("request", "channel")}
        _save(inquiry, _checked(values, current), action=audit.UPDATE, by=by, now=now)
    return _row(_load(inquiry_id), now)


@requires("record.update")
def mark_done(inquiry_id: int, *, answer: str | None = None, by: int | None, now: datetime) -> InquiryRow:
    """The unfinished item is solved (000:101: the next shift "最终解决"): it leaves the next-shift list.

    Args:
        answer: how it was finally solved, added below the answer given before.

    Raises:
        UserError: the inquiry is done already.
    """
    with db.atomic():
        inquiry = _load(inquiry_id)
        if inquiry.done_at is not None:
            raise UserError(_("Inquiry {number} is done already.").format(number=inquiry.number))
        updates: dict[str, Any] = {"done_at": now.replace(second=0, microsecond=0)}
        if answer and answer.strip():
            updates["answer"] = "\n".join(part for part in (inquiry.answer, answer.strip()) if part)
        _save(inquiry, updates, action="done", by=by, now=now)
    return _row(_load(inquiry_id), now)


def get_inquiry(inquiry_id: int, *, now: datetime) -> InquiryRow:
    """The inquiry with ``inquiry_id``; UserError when there is none."""
    return _row(_load(inquiry_id), now)


def unfinished_inquiries(*, now: datetime) -> list[InquiryRow]:
    """The next shift's list (seed 000:100-101): items marked unfinished and not yet done, oldest first."""
    query = (
        Inquiry.select()
        .where(Inquiry.unfinished & Inquiry.done_at.is_null())
        .order_by(Inquiry.contacted_at, Inquiry.id)
    )
    return [_row(inquiry, now) for inquiry in query]


def list_inquiries(
    *,
    now: datetime,
    date_from: date | None = None,
    date_to: date | None = None,
    unfinished_only: bool = False,
    text: str = "",
    offset: int = 0,
    limit: int = 200,
) -> list[InquiryRow]:
    """Inquiries, newest first, optionally by contact day (inclusive), open ones only, or containing ``text``
    (every word, in customer, contact, site, request or answer; ``%`` and ``_`` literal)."""
    query = Inquiry.select()
    if date_from is not None:
        query = query.where(Inquiry.contacted_at >= datetime.combine(date_from, datetime.min.time()))
    if date_to is not None:
        query = query.where(
            Inquiry.contacted_at < datetime.combine(date_to + timedelta(days=1), datetime.min.time())
        )
    if unfinished_only:
        query = query.where(Inquiry.unfinished & Inquiry.done_at.is_null())
    columns = (
        Inquiry.number,
        Inquiry.customer_name,
        Inquiry.contact,
        Inquiry.site,
        Inquiry.request,
        Inquiry.answer,
    )
    for word in text.split():
        condition = contains(columns[0], word)
        for column in columns[1:]:
            condition = condition | contains(column, word)
        query = query.where(condition)
    query = query.order_by(Inquiry.contacted_at.desc(), Inquiry.id.desc()).offset(offset).limit(limit)
    page = list(query)
    numbers = sheet_numbers({inquiry.sheet_id for inquiry in page if inquiry.sheet_id})
    return [_row(inquiry, now, sheet_number=numbers.get(inquiry.sheet_id, "")) for inquiry in page]


def sheet_numbers(sheet_ids: set[int]) -> dict[int, str]:
    """Sheet id → number for the sheets inquiries were turned into (one query for a page of rows)."""
    if not sheet_ids:
        return {}
    query = ProblemSheet.select(ProblemSheet.id, ProblemSheet.number).where(
        ProblemSheet.id.in_(sorted(sheet_ids))
    )
    return dict(query.tuples())


def _phones(contact: str) -> dict[str, str]:
    """The contact text as the sheet's mobile or office phone, when it is a phone number."""
    digits = normalise_mobile(contact)
    if _MOBILE.match(digits):
        return {"mobile": digits}
    if re.match(r"^\+?[0-9 ()\-]+$", contact) and 5 <= sum(ch.isdigit() for ch in contact) <= 20:
        return {"office_phone": contact}
    return {}


@requires("record.create")
def escalate_to_sheet(inquiry_id: int, *, category: str, by: int | None, now: datetime) -> sheets.SheetRow:
    """Turn an inquiry into a problem sheet in one step and one transaction (seed 000:93-97).

    The sheet takes the customer, phone, site and the description (what was asked, and what was already
    tried); the inquiry is linked to the sheet and leaves the next-shift list, since the sheet now tracks it.

    Raises:
        UserError: the inquiry was turned into a sheet already, or the sheet cannot be filed (e.g. no
            customer name: ValidationError with the sheet's field).
    """
    with db.atomic():
        inquiry = _load(inquiry_id)
        if inquiry.sheet_id is not None:
            number = (
                ProblemSheet.select(ProblemSheet.number).where(ProblemSheet.id == inquiry.sheet_id).scalar()
            )
            raise UserError(
                _("Inquiry {number} was already turned into problem sheet {sheet}.").format(
                    number=inquiry.number, sheet=number
                )
            )
        description = inquiry.request
        if inquiry.answer:
            description = "\n".join(
                (description, _("Tried on the phone: {answer}").format(answer=inquiry.answer))
            )
        values: dict[str, Any] = {
            "category": category,
            "customer_name": inquiry.customer_name,
            "site": inquiry.site,
            "description": description,
            **_phones(inquiry.contact),
        }
        if inquiry.customer_id is not None:
            values["customer_id"] = inquiry.customer_id
        sheet = sheets.file_sheet(values, by=by, now=now)
        _save(
            inquiry,
            {"sheet": sheet.id, "done_at": inquiry.done_at or now.replace(second=0, microsecond=0)},
            action="escalate",
            by=by,
            now=now,
            summary=sheet.number,
        )
    return sheets.get_sheet(sheet.id, now=now)
