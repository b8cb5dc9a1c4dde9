"""Reading complaints: the register list, the Today board's due source, the record stores and printing.

The list filters and sorts in SQL and reads only the columns it shows (STYLE 17). The due source lists each open
complaint's stage deadline, with the escalation reminder (chase the head, tell the manager) once a deadline has
passed. The stores make the register (F06) and the handling reports (F07) exportable and printable like every
other record kind; the F07 prints in its two copies (二联, 000:158).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import peewee
from peewee import fn

from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.callback import Callback
from desktop.models.complaint import Complaint, ComplaintReport
from desktop.models.search import every_word_somewhere
from desktop.rules import callbacks as callback_rules
from desktop.rules import complaints as rules
from desktop.services import audit, printing, records
from desktop.services.callback_rows import PENDING
from desktop.services.complaint_oversight import manager_name
from desktop.services.complaint_records import NUMBER_SCHEME, RECORD_TYPE, REPORT_SLUG, SLUG, preset_key
from desktop.services.complaint_rows import (
    REGISTER_KEYS,
    ComplaintListRow,
    register_values,
    report_values,
)
from desktop.services.due import DueItem, register_due_source, register_kind_label, register_record_page
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting

#: DueItem.kind of a complaint's stage deadline.
DUE_COMPLAINT = "complaint"
#: Status filter: open and past a deadline.
OVERDUE = "overdue"
SORT_KEYS: tuple[str, ...] = (
    "number",
    "complained_at",
    "organisation",
    "channel",
    "category",
    "department",
    "status",
    "stage_due",
)


@dataclass(frozen=True)
class ComplaintQuery:
    """Filters and order of the register list (every filter optional, combined with AND).

    Attributes:
        status: :data:`~desktop.rules.complaints.OPEN`, ``closed``, ``reopened``, :data:`OVERDUE`, or None.
        channel, category: keys, or None.
        department_id: the responsible department, or None.
        date_from, date_to: received on or after / on or before these days.
        text: every blank-separated word must occur in the number, organisation, matter, contact or phone.
    """

    status: str | None = None
    channel: str | None = None
    category: str | None = None
    department_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    sort_key: str = "complained_at"
    descending: bool = True


def _overdue(now: datetime) -> peewee.Node:
    return (Complaint.status == rules.OPEN) & (
        (Complaint.stage_due < now) | (Complaint.final_due.is_null(False) & (Complaint.final_due < now))
    )


def _conditions(query: ComplaintQuery, now: datetime) -> list[peewee.Node]:
    conditions: list[peewee.Node] = []
    if query.status == OVERDUE:
        conditions.append(_overdue(now))
    elif query.status:
        conditions.append(Complaint.status == query.status)
    if query.channel:
        conditions.append(Complaint.channel == query.channel)
    if query.category:
        conditions.append(Complaint.category == query.category)
    if query.department_id is not None:
        conditions.append(Complaint.department_ref == query.department_id)
    if query.date_from:
        conditions.append(Complaint.complained_at >= datetime.combine(query.date_from, datetime.min.time()))
    if query.date_to:
        end = datetime.combine(query.date_to + timedelta(days=1), datetime.min.time())
        conditions.append(Complaint.complained_at < end)
    columns = (Complaint.number, Complaint.organisation, Complaint.matter, Complaint.contact, Complaint.phone)
    conditions += every_word_somewhere(columns, query.text)
    return conditions


def _where(select: peewee.ModelSelect, conditions: list[peewee.Node]) -> peewee.ModelSelect:
    return select.where(*conditions) if conditions else select


def list_complaints(
    query: ComplaintQuery, *, now: datetime, offset: int = 0, limit: int = 200
) -> list[ComplaintListRow]:
    """One page of the register list, filtered and sorted in SQL."""
    if query.sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {query.sort_key!r}")
    column = getattr(Complaint, query.sort_key)
    order = [
        column.desc() if query.descending else column.asc(),
        Complaint.id.desc() if query.descending else Complaint.id,
    ]
    select = Complaint.select(
        Complaint.id,
        Complaint.number,
        Complaint.complained_at,
        Complaint.organisation,
        Complaint.matter,
        Complaint.channel,
        Complaint.category,
        Complaint.department,
        Complaint.status,
        Complaint.stage,
        Complaint.stage_due,
        Complaint.final_due,
        Complaint.round,
        Complaint.valid,
        Complaint.original_category,
    )
    select = _where(select, _conditions(query, now)).order_by(*order).offset(offset).limit(limit)
    rows = []
    for (ident, number, at, organisation, matter, channel, category, department, status, stage, due, final,
         round_, valid, original) in select.tuples():  # fmt: skip
        late = status == rules.OPEN and any(m is not None and now > m for m in (due, final))
        rows.append(
            ComplaintListRow(
                id=ident,
                number=number,
                complained_at=at,
                organisation=organisation,
                matter=matter,
                channel=channel,
                category=category,
                department=department,
                status=status,
                stage=stage,
                stage_due=due,
                overdue=late,
                round=round_,
                valid=bool(valid),
                recoded=original is not None,
            )
        )
    return rows


def count_complaints(query: ComplaintQuery, *, now: datetime) -> int:
    """How many complaints :func:`list_complaints` would list without paging."""
    return int(_where(Complaint.select(), _conditions(query, now)).count())


# ---- the Today board ------------------------------------------------------------------------------------------


def _pending_callback() -> peewee.ModelSelect:
    """The complaint's pending callback in the callback book (correlated): the board shows that one instead."""
    return Callback.select(Callback.id).where(
        (Callback.source_kind == "complaint")
        & (Callback.source_id == Complaint.id)
        & (Callback.purpose == callback_rules.COMPLAINT)
        & (Callback.status == PENDING)
    )


def due_items(*, now: datetime) -> list[DueItem]:
    """Every open complaint's stage deadline; overdue ones carry the escalation reminder (to the manager).

    A complaint waiting for its callback is left to the callback book's line when it has one (the call is made
    there, one line on the Today board, not two)."""
    select = (
        Complaint.select(
            Complaint.id,
            Complaint.number,
            Complaint.organisation,
            Complaint.stage,
            Complaint.stage_due,
            Complaint.final_due,
            Complaint.relayed_to,
            Complaint.department,
        )
        .where(
            (Complaint.status == rules.OPEN)
            & Complaint.stage_due.is_null(False)
            & ~((Complaint.stage == rules.CALLBACK_STAGE) & fn.EXISTS(_pending_callback()))
        )
        .order_by(Complaint.stage_due)
    )
    template = _("{customer}: {step}")
    manager = None
    items = []
    for ident, number, organisation, stage, due, final, relayed_to, department in select.tuples().iterator():
        reminder = rules.escalation(due=due, now=now, final=final)
        assignee = relayed_to or department
        if reminder is not None:
            manager = manager_name() if manager is None else manager
            assignee = _("{head} → {manager}").format(head=assignee or "—", manager=manager or "—")
        items.append(
            DueItem(
                kind=DUE_COMPLAINT,
                record_id=ident,
                number=number,
                title=template.format(customer=organisation, step=_(rules.STAGE_LABELS.get(stage, stage))),
                due_at=min(m for m in (due, final) if m is not None),
                overdue=reminder is not None,
                assignee=assignee,
                record_type=RECORD_TYPE,
                reminder=reminder,
            )
        )
    return items


register_due_source(due_items, name=SLUG)
register_record_page(SLUG, "complaints")
register_kind_label(DUE_COMPLAINT, N_("Complaint step"))


# ---- record stores --------------------------------------------------------------------------------------------


class ComplaintStore:
    """:class:`desktop.services.records.RecordStore` of form ``complaint_register`` (F06)."""

    slug = SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every register entry (or those changed at or after ``since``), oldest first."""
        query = Complaint.select().order_by(Complaint.id)
        if since is not None:
            query = query.where(Complaint.updated_at >= since)
        return [register_values(complaint) for complaint in query.iterator()]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The entry numbered ``number``, or None."""
        complaint = Complaint.get_or_none(Complaint.number == (number or "").strip())
        return register_values(complaint) if complaint is not None else None

    def period_rows(self, start: date, end: date, *, now: datetime, lang: str) -> list[dict[str, Any]]:
        """The complaints received in the period, as the Complaints page prints the register (表1.1)."""
        return register_rows(start, end)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Register entries kept on paper, imported as closed complaints (one transaction)."""
        with db.atomic():
            for row in rows:
                number = str(row.get("number") or "").strip()
                if number and Complaint.select().where(Complaint.number == number).exists():
                    raise UserError(
                        _("Complaint number {number} is taken already; nothing was imported.").format(
                            number=number
                        )
                    )
                at = row.get("complained_at") or now
                number = number or next_number(
                    NUMBER_SCHEME, pattern=get_setting("numbering.complaint"), now=at
                )
                values = {key: row[key] for key in REGISTER_KEYS if row.get(key) is not None}
                values.update(number=number, complained_at=at)
                complaint_id = Complaint.insert(
                    **values,
                    preset=preset_key(),
                    status=rules.CLOSED,
                    stage=None,
                    closed_at=at,
                    created_at=now,
                    updated_at=now,
                ).execute()
                audit.record_event(
                    action=audit.IMPORT,
                    record_type=RECORD_TYPE,
                    record_id=int(complaint_id),
                    summary=number,
                    by=by,
                    now=now,
                )
        return len(rows)


class ComplaintReportStore:
    """:class:`desktop.services.records.RecordStore` of form ``complaint_report`` (F07)."""

    #: Computed or filed from elsewhere: the import dialog does not offer it.
    importable = False
    slug = REPORT_SLUG

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        """Every handling report (or those changed at or after ``since``), oldest first."""
        query = ComplaintReport.select().order_by(ComplaintReport.id)
        if since is not None:
            query = query.where(ComplaintReport.updated_at >= since)
        return [report_values(report) for report in query.iterator()]

    def get_values(self, number: str) -> dict[str, Any] | None:
        """The report numbered ``number``, or None."""
        report = ComplaintReport.get_or_none(ComplaintReport.number == (number or "").strip())
        return report_values(report) if report is not None else None

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        """Reports belong to their register entry: they are filed from the complaint, not imported."""
        raise UserError(
            _("Handling reports are filed from their complaint; import the complaint register instead.")
        )


records.register_store(ComplaintStore())
records.register_store(ComplaintReportStore())


# ---- printing -------------------------------------------------------------------------------------------------


def register_rows(start: date, end: date) -> list[dict[str, Any]]:
    """The register entries received on the days ``start`` … ``end``, in the order received."""
    low = datetime.combine(start, datetime.min.time())
    high = datetime.combine(end + timedelta(days=1), datetime.min.time())
    query = (
        Complaint.select()
        .where((Complaint.complained_at >= low) & (Complaint.complained_at < high))
        .order_by(Complaint.complained_at, Complaint.id)
    )
    return [register_values(complaint) for complaint in query.iterator()]


def print_register(start: date, end: date, *, lang: str, title_suffix: str = "") -> bytes:
    """The complaint register (表1.1) of the complaints received in the period, in ``lang``."""
    return printing.print_register(SLUG, register_rows(start, end), lang=lang, title_suffix=title_suffix)


def print_report(number: str, *, lang: str) -> bytes:
    """The handling report (表1.2) of complaint ``number``, both copies, in ``lang``.

    Raises:
        UserError: the complaint has no report yet.
    """
    if ComplaintReportStore().get_values(number) is None:
        raise UserError(_("Complaint {number} has no handling report yet.").format(number=number))
    return printing.print_record(REPORT_SLUG, number, lang=lang)
