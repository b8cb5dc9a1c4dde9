"""Two record stores over one table: 客户咨询记录表 (``inquiry_record``) and 客户沟通记录表 (``communication_record``).

The hotline's F03 and seed 004's T01 describe the same contact with different words (spec §1.3 T01: "a fully
specified modern equivalent"). Each store maps its form's keys onto :class:`~desktop.models.inquiry.Inquiry`'s
columns, so either office's template prints, exports and imports the same records.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.inquiry import Inquiry
from desktop.models.staff import Staff
from desktop.models.ticket import ProblemSheet
from desktop.services import audit, records
from desktop.services.inquiries import NUMBER_PATTERN, NUMBER_SCHEME, RECORD_TYPE, sheet_numbers
from desktop.services.numbering import next_number


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _or_none(value: Any) -> Any:
    return None if value == "" else value


class _InquiryStore:
    """What both stores share: reading rows with their sheet number and importing all-or-nothing."""

    slug = ""

    def to_form(self, inquiry: Inquiry, sheet_number: str | None) -> dict[str, Any]:
        raise NotImplementedError

    def from_form(self, row: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def _query(self) -> Any:
        return Inquiry.select().order_by(Inquiry.id)

    def _form_rows(self, query: Any) -> list[dict[str, Any]]:
        page = list(query)
        numbers = sheet_numbers({inquiry.sheet_id for inquiry in page if inquiry.sheet_id})
        return [self.to_form(inquiry, numbers.get(inquiry.sheet_id)) for inquiry in page]

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every inquiry (or those changed at or after ``since``), oldest first, in this form's keys."""
        query = self._query()
        if since is not None:
            query = query.where(Inquiry.updated_at >= since)
        return self._form_rows(query)

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The inquiry numbered ``number`` in this form's keys, or None."""
        rows = self._form_rows(self._query().where(Inquiry.number == (number or "").strip()))
        return rows[0] if rows else None

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The contacts of the days ``start`` … ``end``, in the order they came in."""
        low = datetime.combine(start, datetime.min.time())
        high = datetime.combine(end + timedelta(days=1), datetime.min.time())
        query = (
            Inquiry.select()
            .where((Inquiry.contacted_at >= low) & (Inquiry.contacted_at < high))
            .order_by(Inquiry.contacted_at, Inquiry.id)
        )
        return self._form_rows(query)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """One inquiry per row, in one transaction; a free number is kept, others are numbered ZX + day."""
        with db.atomic():
            given = [str(row["number"]) for row in rows if row.get("number")]
            taken = {n for (n,) in Inquiry.select(Inquiry.number).where(Inquiry.number.in_(given)).tuples()}
            if taken or len(set(given)) != len(given):
                duplicate = min(taken) if taken else next(n for n in given if given.count(n) > 1)
                raise UserError(
                    _("Record number {number} is taken already; nothing was imported.").format(
                        number=duplicate
                    )
                )
            for row in rows:
                columns = self.from_form(row)
                contacted_at = columns.get("contacted_at") or now.replace(second=0, microsecond=0)
                number = row.get("number") or next_number(
                    NUMBER_SCHEME, pattern=NUMBER_PATTERN, now=contacted_at
                )
                values = {
                    **columns,
                    "contacted_at": contacted_at,
                    "number": number,
                    "recorded_by": by,
                    "created_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                inquiry_id = Inquiry.insert(**values).execute()
                audit.record_event(
                    action=audit.IMPORT,
                    record_type=RECORD_TYPE,
                    record_id=inquiry_id,
                    changes=audit.diff({}, values),
                    summary=f"{number} ({self.slug})",
                    by=by,
                    now=now,
                )
        return len(rows)


def _staff_id(name: str) -> int | None:
    if not name:
        return None
    ids = [row[0] for row in Staff.select(Staff.id).where(Staff.name == name).limit(2).tuples()]
    return ids[0] if len(ids) == 1 else None


class InquiryRecordStore(_InquiryStore):
    """F03 客户咨询记录表: ``resolved`` is the opposite of the open mark; ``ticket_number`` the linked sheet."""

    slug = "inquiry_record"

    def to_form(self, inquiry: Inquiry, sheet_number: str | None) -> dict[str, Any]:
        return {
            "number": inquiry.number,
            "called_at": inquiry.contacted_at,
            "customer_name": _or_none(inquiry.customer_name),
            "phone": _or_none(inquiry.contact),
            "site": _or_none(inquiry.site),
            "category": _or_none(inquiry.category),
            "description": inquiry.request,
            "solution": _or_none(inquiry.answer),
            "resolved": not (inquiry.unfinished and inquiry.done_at is None),
            "unresolved_note": _or_none(inquiry.unresolved_note),
            "handed_to": _or_none(inquiry.handed_to),
            "ticket_number": sheet_number,
            "operator": _or_none(inquiry.operator),
        }

    def from_form(self, row: dict[str, Any]) -> dict[str, Any]:
        sheet_id = None
        if row.get("ticket_number"):
            sheet_id = (
                ProblemSheet.select(ProblemSheet.id)
                .where(ProblemSheet.number == row["ticket_number"])
                .scalar()
            )
        return {
            "contacted_at": row.get("called_at"),
            "customer_name": _text(row.get("customer_name")),
            "contact": _text(row.get("phone")),
            "site": _text(row.get("site")),
            "category": _text(row.get("category")),
            "request": _text(row.get("description")),
            "answer": _text(row.get("solution")),
            "unfinished": row.get("resolved") is False,
            "unresolved_note": _text(row.get("unresolved_note")),
            "handed_to": _text(row.get("handed_to")),
            "handed_to_staff": _staff_id(_text(row.get("handed_to"))),
            "operator": _text(row.get("operator")),
            "sheet": sheet_id,
        }


class CommunicationRecordStore(_InquiryStore):
    """T01 客户沟通记录表: a follow-up item keeps the contact open until it is done."""

    slug = "communication_record"

    def to_form(self, inquiry: Inquiry, sheet_number: str | None) -> dict[str, Any]:
        return {
            "number": inquiry.number,
            "contacted_at": inquiry.contacted_at,
            "customer": inquiry.customer_name,
            "contact": _or_none(inquiry.contact),
            "channel": inquiry.channel,
            "request": inquiry.request,
            "result": _or_none(inquiry.answer),
            "follow_up": _or_none(inquiry.follow_up),
            "follow_up_due": inquiry.follow_up_due,
            "follow_up_by": _or_none(inquiry.follow_up_by),
        }

    def from_form(self, row: dict[str, Any]) -> dict[str, Any]:
        follow_up = _text(row.get("follow_up"))
        return {
            "contacted_at": row.get("contacted_at"),
            "customer_name": _text(row.get("customer")),
            "contact": _text(row.get("contact")),
            "channel": row.get("channel") or "phone",
            "request": _text(row.get("request")),
            "answer": _text(row.get("result")),
            "follow_up": follow_up,
            "follow_up_due": row.get("follow_up_due"),
            "follow_up_by": _text(row.get("follow_up_by")),
            "follow_up_staff": _staff_id(_text(row.get("follow_up_by"))),
            "unfinished": bool(follow_up),
        }


records.register_store(InquiryRecordStore())
records.register_store(CommunicationRecordStore())
