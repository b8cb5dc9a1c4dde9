"""Owner and tenant files: the archive list per unit (P07) and document loans (P06) with approval before lending.

Archive (seed 001:322-346, spec §2.6): one line per document of a unit's file (一户一档); adding or removing a
document updates the list (001:346 "档案变更时…及时修改《档案资料清单》") and the audit trail keeps every change.
A removed document keeps its line, marked with the day it left the file.

Loans (seed 001:338-342, 1634-1646): a loan is requested (registered by the desk), approved by the service-centre
manager (``loan.approve``), handed out — refused until approved — and returned. Confidential documents are never
lent or copied (001:340), refused with the reason. Files out past their due date are on the Today board.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any, ClassVar

import peewee

from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.register import ArchiveItem, DocumentLoan
from desktop.models.site import Site
from desktop.rules import registers as rules
from desktop.services import audit, register_book
from desktop.services.authz import requires
from desktop.services.due import DueItem, register_due_source, register_kind_label, register_record_page
from desktop.services.register_book import Book, RegisterQuery, RegisterRow, text_of

ARCHIVE_SLUG = "archive_list"
LOAN_SLUG = "document_loan"
KEPT = "kept"
LENT = "lent"
DISPOSED = "disposed"
REMOVED = "removed"
ITEM_STATUSES = {
    KEPT: N_("In the file"),
    LENT: N_("Lent out"),
    DISPOSED: N_("Destroyed"),
    REMOVED: N_("Removed"),
}
#: DueItem.kind of a file out past its due date.
DUE_LOAN = "document_loan_overdue"
OVERDUE = "overdue"
OPEN = "open"
ITEM_KEYS = ("unit", "owner", "category", "title", "received_date", "copies", "original", "location",
             "confidential", "remarks")  # fmt: skip
LOAN_KEYS = ("loan_date", "file_ref", "copies", "borrower", "department", "reason", "copy_or_take", "due_date",
             "remarks")  # fmt: skip


# ---- the archive list -------------------------------------------------------------------------------------

#: seed 001:1614 archive categories, in the seed's order (the printed list follows it).
CATEGORY_ORDER = ("move_in", "fit_out", "daily", "fee_notice", "lawyer_letter", "contract", "other")


def _category_rank() -> peewee.Node:
    return peewee.Case(
        ArchiveItem.category, [(key, index) for index, key in enumerate(CATEGORY_ORDER)], len(CATEGORY_ORDER)
    )


class ArchiveBook(Book):
    """The documents of every unit's file."""

    slug = ARCHIVE_SLUG
    record_type = "archive_item"
    model = ArchiveItem
    date_key = "received_date"
    search_keys = ("number", "unit", "owner", "title", "location", "remarks")
    sort_keys = ("number", "unit", "owner", "category", "title", "received_date", "copies", "location",
                 "changed_date")  # fmt: skip
    statuses = ITEM_STATUSES
    scheme = ARCHIVE_SLUG
    pattern = "DA{date:%Y}-{serial:04d}"

    def status_of(self, record: Any, now: datetime) -> tuple[str, bool]:
        return record.status, False

    def status_condition(self, status: str, now: datetime) -> peewee.Node | None:
        return ArchiveItem.status == status

    def unit_condition(self, unit: str) -> peewee.Node | None:
        return ArchiveItem.unit == unit

    def tie_breakers(self, key: str) -> list[peewee.Field]:
        return [ArchiveItem.category, ArchiveItem.received_date] if key == "unit" else []

    def print_rows(self, query: RegisterQuery, *, now: datetime) -> list[dict[str, Any]]:
        """The printed archive list: documents in their files now, by unit, category and date received."""
        conditions = [*self.conditions(query, now), ArchiveItem.status.in_((KEPT, LENT))]
        select = (
            ArchiveItem.select()
            .where(*conditions)
            .order_by(ArchiveItem.unit, _category_rank(), ArchiveItem.received_date, ArchiveItem.id)
        )
        return [self.values_of(record) for record in select]

    def import_row(self, row: Mapping[str, Any], number: str, *, by: int | None, now: datetime) -> int:
        columns = _item_columns(row, now=now)
        return int(ArchiveItem.insert(number=number, created_at=now, updated_at=now, **columns).execute())


ARCHIVE = register_book.register_book(ArchiveBook())


def _item_columns(values: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    unit = " ".join(text_of(values, "unit").split())
    if not unit:
        raise UserError(_("Enter the unit the file belongs to, e.g. 3-2-502."), field="unit")
    site_id = Site.select(Site.id).where(Site.label == unit).scalar()
    return {
        "unit": unit,
        "site": site_id,
        "owner": text_of(values, "owner", 100),
        "category": values.get("category") or "other",
        "title": text_of(values, "title", 200),
        "received_date": values.get("received_date"),
        "copies": int(values.get("copies") or 1),
        "original": values.get("original"),
        "location": text_of(values, "location", 100),
        "confidential": bool(values.get("confidential")),
        "changed_date": now.date(),
        "remarks": text_of(values, "remarks", 300),
        "keeper": text_of(values, "keeper", 60),
    }


@requires("record.create")
def add_document(values: Mapping[str, Any], *, by: int | None, now: datetime) -> RegisterRow:
    """Put a document in a unit's file: one new line of its archive list (seed 001:346).

    Raises:
        ValidationError: a value the form refuses.
        UserError: no unit.
    """
    register_book.check_values(ARCHIVE, values, ITEM_KEYS)
    with db.atomic():
        columns = _item_columns(values, now=now)
        columns["keeper"] = columns["keeper"] or register_book.staff_name(by)
        item_id = register_book.create(
            ARCHIVE, columns, by=by, now=now, summary=f"{columns['unit']} {columns['title']}"
        )
    return ARCHIVE.row(ARCHIVE.get(item_id), now)


@requires("record.update")
def update_document(
    item_id: int, values: Mapping[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> RegisterRow:
    """Change a document's line (content or number of copies changed: the list is kept up to date)."""
    with db.atomic():
        record = ARCHIVE.get(item_id)
        merged = {**ARCHIVE.values_of(record), **values}
        register_book.check_values(ARCHIVE, merged, ITEM_KEYS)
        columns = _item_columns(merged, now=now)
        columns["keeper"] = record.keeper
        register_book.update(ARCHIVE, record, columns, by=by, now=now, expected_version=expected_version)
    return ARCHIVE.row(ARCHIVE.get(item_id), now)


@requires("record.update")
def remove_document(item_id: int, *, reason: str, by: int | None, now: datetime) -> RegisterRow:
    """Take a document out of its file (handed back to the owner, replaced …); its line stays, marked removed.

    Raises:
        UserError: the document is lent out or already gone, or no reason is given.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise UserError(_("Say why the document leaves the file."), field="reason")
    with db.atomic():
        record = ARCHIVE.get(item_id)
        if record.status == LENT:
            raise UserError(
                _("{title} is lent out: take it back before removing it.").format(title=record.title)
            )
        if record.status in (REMOVED, DISPOSED):
            raise UserError(_("{title} is no longer in the file.").format(title=record.title))
        remarks = (f"{record.remarks}; {reason}" if record.remarks else reason)[:300]
        register_book.update(
            ARCHIVE,
            record,
            {"status": REMOVED, "removed_on": now.date(), "changed_date": now.date(), "remarks": remarks},
            by=by,
            now=now,
        )
    return ARCHIVE.row(ARCHIVE.get(item_id), now)


def archive_units() -> list[str]:
    """Units that have a file, in label order."""
    select = ArchiveItem.select(ArchiveItem.unit).distinct().order_by(ArchiveItem.unit)
    return [str(unit) for (unit,) in register_book.tuples(select)]


def archive_list_rows(unit: str) -> list[dict[str, Any]]:
    """The printable archive list (P07) of ``unit``: the documents in the file now, by category and date."""
    select = (
        ArchiveItem.select()
        .where((ArchiveItem.unit == unit) & ArchiveItem.status.in_((KEPT, LENT)))
        .order_by(_category_rank(), ArchiveItem.received_date, ArchiveItem.id)
    )
    return [ARCHIVE.values_of(record) for record in select]


def find_documents(text: str, *, limit: int = 30) -> list[RegisterRow]:
    """Documents in a file whose unit, owner or title contains ``text`` (for choosing the file to lend)."""
    needle = " ".join((text or "").split())
    select = ArchiveItem.select().where(ArchiveItem.status.in_((KEPT,)))
    if needle:
        select = select.where(
            register_book.contains(ArchiveItem.unit, needle)
            | register_book.contains(ArchiveItem.title, needle)
            | register_book.contains(ArchiveItem.owner, needle)
        )
    now = datetime.min  # an archive line's status does not depend on the moment
    return [
        ARCHIVE.row(record, now) for record in select.order_by(ArchiveItem.unit, ArchiveItem.id).limit(limit)
    ]


# ---- loans ----------------------------------------------------------------------------------------------------


def _due_moment(due: Any) -> datetime:
    # [design] a file is due back by the end of its due day.
    return datetime.combine(due, time(23, 59))


class LoanBook(Book):
    """The document loan register."""

    slug = LOAN_SLUG
    record_type = "document_loan"
    model = DocumentLoan
    date_key = "loan_date"
    search_keys = ("number", "file_ref", "borrower", "department", "reason", "approved_by")
    sort_keys = ("number", "loan_date", "file_ref", "borrower", "department", "approved_by", "due_date",
                 "returned_date")  # fmt: skip
    statuses: ClassVar[dict[str, str]] = {
        **rules.LOAN_STATUS_LABELS,
        OPEN: N_("Not returned"),
        OVERDUE: N_("Overdue"),
    }
    scheme = LOAN_SLUG
    pattern = "JY{date:%Y%m}-{serial:03d}"

    def status_of(self, record: Any, now: datetime) -> tuple[str, bool]:
        overdue = rules.loan_overdue(status=record.status, due_date=record.due_date, today=now.date())
        return record.status, overdue

    def status_condition(self, status: str, now: datetime) -> peewee.Node | None:
        if status == OVERDUE:
            return (DocumentLoan.status == rules.LOAN_OUT) & (DocumentLoan.due_date < now.date())
        if status == OPEN:
            return DocumentLoan.status != rules.LOAN_RETURNED
        return DocumentLoan.status == status

    def unit_condition(self, unit: str) -> peewee.Node | None:
        return DocumentLoan.document.in_(ArchiveItem.select(ArchiveItem.id).where(ArchiveItem.unit == unit))

    def import_row(self, row: Mapping[str, Any], number: str, *, by: int | None, now: datetime) -> int:
        columns = {key: row.get(key) for key in LOAN_KEYS if row.get(key) is not None}
        returned = row.get("returned_date")
        approved = text_of(row, "approved_by", 100)
        columns.update(
            loan_date=row.get("loan_date") or now.date(),
            approved_by=approved,
            approved_at=now if approved else None,
            registered_by=text_of(row, "registered_by", 60),
            returned_date=returned,
            status=rules.LOAN_RETURNED
            if returned
            else (rules.LOAN_OUT if approved else rules.LOAN_REQUESTED),
        )
        return int(DocumentLoan.insert(number=number, created_at=now, updated_at=now, **columns).execute())


LOANS = register_book.register_book(LoanBook())
register_record_page(LOAN_SLUG, "registers")


@requires("record.create")
def request_loan(
    document_id: int, values: Mapping[str, Any], *, by: int | None, now: datetime
) -> RegisterRow:
    """Register a loan of document ``document_id``: it waits for the service-centre manager's approval.

    Args:
        values: ``document_loan`` form values: borrower, department, reason, copies, copy_or_take, due_date
            (default: :data:`~desktop.rules.registers.DEFAULT_LOAN_DAYS` days), remarks.

    Raises:
        UserError: the document is confidential (refused with the reason, seed 001:340), not in the file, or
            lent out already.
        ValidationError: a value the form refuses.
    """
    merged = {**values, "loan_date": values.get("loan_date") or now.date()}
    merged["due_date"] = merged.get("due_date") or now.date() + timedelta(days=rules.DEFAULT_LOAN_DAYS)
    with db.atomic():
        item = ArchiveItem.get_or_none(ArchiveItem.id == document_id)
        if item is None:
            raise UserError(_("That document is no longer in the archive."), field="document")
        file_ref = f"{item.unit} {item.title}"
        merged["file_ref"] = file_ref
        rules.check_lendable(
            file=file_ref, confidential=item.confidential, copy_or_take=merged.get("copy_or_take") or ""
        )
        if (
            DocumentLoan.select()
            .where((DocumentLoan.document == document_id) & (DocumentLoan.status != rules.LOAN_RETURNED))
            .exists()
        ):
            raise UserError(
                _("{file} is already lent or waiting for approval.").format(file=file_ref), field="document"
            )
        if item.status != KEPT:
            raise UserError(_("{file} is not in the file now.").format(file=file_ref), field="document")
        register_book.check_values(LOANS, merged, LOAN_KEYS)
        if merged["due_date"] < merged["loan_date"]:
            raise UserError(_("The file cannot be due back before it is lent."), field="due_date")
        columns = {key: merged.get(key) for key in LOAN_KEYS}
        for key, limit in (
            ("file_ref", 200),
            ("borrower", 100),
            ("department", 100),
            ("reason", 200),
            ("remarks", 300),
        ):
            columns[key] = text_of(merged, key, limit)
        columns.update(
            document=document_id,
            copies=int(merged.get("copies") or 1),
            copy_or_take=merged.get("copy_or_take") or rules.NO_COPY,
            registered_by=register_book.staff_name(by),
            status=rules.LOAN_REQUESTED,
        )
        loan_id = register_book.create(
            LOANS, columns, by=by, now=now, summary=f"{columns['borrower']}: {file_ref}"
        )
    return LOANS.row(LOANS.get(loan_id), now)


@requires("loan.approve")
def approve_loan(loan_id: int, *, by: int | None, now: datetime) -> RegisterRow:
    """The service-centre manager on duty approves the loan (seed 001:342); recorded before the file leaves.

    Raises:
        PermissionDenied: the person on duty may not approve loans.
        UserError: the loan is not waiting for approval.
    """
    with db.atomic():
        loan = LOANS.get(loan_id)
        if loan.status != rules.LOAN_REQUESTED:
            raise UserError(_("This loan has already been approved."))
        approver = register_book.staff_name(by) or _("the manager")
        register_book.update(
            LOANS,
            loan,
            {
                "status": rules.LOAN_APPROVED,
                "approved_by": approver,
                "approved_by_staff": by,
                "approved_at": now,
            },
            by=by,
            now=now,
        )
    return LOANS.row(LOANS.get(loan_id), now)


@requires("record.update")
def hand_out(loan_id: int, *, by: int | None, now: datetime) -> RegisterRow:
    """The file leaves the archive: refused until the loan is approved (seed 001:342).

    Raises:
        UserError: not approved yet, or already handed out.
    """
    with db.atomic():
        loan = LOANS.get(loan_id)
        rules.check_hand_out(status=loan.status, approved_by=loan.approved_by)
        register_book.update(
            LOANS, loan, {"status": rules.LOAN_OUT, "lent_at": now, "loan_date": now.date()}, by=by, now=now
        )
        if loan.document_id is not None:
            ArchiveItem.update(status=LENT, updated_at=now).where(
                ArchiveItem.id == loan.document_id
            ).execute()
    return LOANS.row(LOANS.get(loan_id), now)


@requires("record.update")
def return_document(loan_id: int, *, by: int | None, now: datetime, remarks: str = "") -> RegisterRow:
    """The file came back (archivist and borrower check it together and both sign, 001:1640).

    Raises:
        UserError: the file is not out.
    """
    with db.atomic():
        loan = LOANS.get(loan_id)
        if loan.status != rules.LOAN_OUT:
            raise UserError(_("This file is not out."))
        columns: dict[str, Any] = {"status": rules.LOAN_RETURNED, "returned_date": now.date()}
        note = " ".join((remarks or "").split())
        if note:
            columns["remarks"] = (f"{loan.remarks}; {note}" if loan.remarks else note)[:300]
        register_book.update(LOANS, loan, columns, by=by, now=now)
        if loan.document_id is not None:
            ArchiveItem.update(status=KEPT, updated_at=now).where(
                (ArchiveItem.id == loan.document_id) & (ArchiveItem.status == LENT)
            ).execute()
    return LOANS.row(LOANS.get(loan_id), now)


@requires("record.update")
def cancel_loan(loan_id: int, *, by: int | None, now: datetime) -> None:
    """Drop a loan that never left (not approved, or approved but not handed out)."""
    with db.atomic():
        loan = LOANS.get(loan_id)
        if loan.status not in (rules.LOAN_REQUESTED, rules.LOAN_APPROVED):
            raise UserError(_("Only a loan whose file has not left can be cancelled."))
        DocumentLoan.delete().where(DocumentLoan.id == loan_id).execute()
        audit.record_event(
            action=audit.DELETE,
            record_type=LOANS.record_type,
            record_id=loan_id,
            changes=audit.diff(LOANS.values_of(loan), {}),
            summary=loan.number,
            by=by,
            now=now,
        )


def due_items(*, now: datetime) -> list[DueItem]:
    """Files out and due back today or earlier (overdue after their due day)."""
    select = (
        DocumentLoan.select()
        .where((DocumentLoan.status == rules.LOAN_OUT) & (DocumentLoan.due_date <= now.date()))
        .order_by(DocumentLoan.due_date, DocumentLoan.id)
    )
    template = _("{borrower} has {file}")
    return [
        DueItem(
            kind=DUE_LOAN,
            record_id=loan.id,
            number=loan.number,
            title=template.format(borrower=loan.borrower, file=loan.file_ref),
            due_at=_due_moment(loan.due_date),
            overdue=loan.due_date is not None and now.date() > loan.due_date,
            assignee=loan.registered_by,
            record_type=LOAN_SLUG,
        )
        for loan in select
    ]


register_due_source(due_items, name=LOAN_SLUG)
register_kind_label(DUE_LOAN, N_("File due back"))
