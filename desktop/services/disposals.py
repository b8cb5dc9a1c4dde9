"""Disposal of expired files (P08 过期文件处理登记表): proposed, reviewed, approved, destroyed before two witnesses.

seed 001:358-362: the 客服主任 fills in the register, the 客户服务部主管 reviews it (``document.dispose_review``), the
服务中心主任 approves it (``document.dispose``); at least two people are present when the files are destroyed, and
both are recorded (a destruction with one witness is refused). A destroyed document leaves its unit's file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

import peewee

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.register import ArchiveItem, Disposal, DisposalWitness
from desktop.rules import registers as rules
from desktop.services import audit, register_book
from desktop.services.authz import requires
from desktop.services.documents import DISPOSED, KEPT
from desktop.services.register_book import Book, RegisterRow, text_of

SLUG = "document_disposal"
KEYS = ("document", "archive", "created_date", "retention", "expiry_date", "reason", "method", "remarks",
        "filled_by", "filled_date")  # fmt: skip


class DisposalBook(Book):
    """The disposal register."""

    slug = SLUG
    record_type = "disposal"
    model = Disposal
    date_key = "filled_date"
    search_keys = ("number", "document", "archive", "reviewer", "approver", "remarks")
    sort_keys = ("number", "document", "archive", "expiry_date", "reason", "filled_date", "destroyed_date")
    statuses: ClassVar[dict[str, str]] = rules.DISPOSAL_STATUS_LABELS
    scheme = SLUG
    pattern = "XH{date:%Y}-{serial:03d}"

    def values_of(self, record: Any) -> dict[str, Any]:
        values = super().values_of(record)
        names = witnesses(record.id)
        values["witness_1"] = names[0] if names else None
        values["witness_2"] = ", ".join(names[1:]) or None
        for key in ("reviewer", "approver"):
            values[key] = values[key] or None
        return values

    def status_of(self, record: Any, now: datetime) -> tuple[str, bool]:
        return record.status, False

    def status_condition(self, status: str, now: datetime) -> peewee.Node | None:
        return Disposal.status == status

    def import_row(self, row: Mapping[str, Any], number: str, *, by: int | None, now: datetime) -> int:
        columns = _columns(row, by=by)
        columns.update(
            reviewer=text_of(row, "reviewer", 60),
            approver=text_of(row, "approver", 60),
            destroyed_date=row.get("destroyed_date"),
            status=rules.DISPOSAL_DESTROYED if row.get("destroyed_date") else rules.DISPOSAL_DRAFT,
        )
        disposal_id = int(Disposal.insert(number=number, created_at=now, updated_at=now, **columns).execute())
        for position, key in enumerate(("witness_1", "witness_2"), start=1):
            if text_of(row, key):
                DisposalWitness.insert(
                    disposal=disposal_id, position=position, name=text_of(row, key, 60)
                ).execute()
        return disposal_id


BOOK = register_book.register_book(DisposalBook())


def _columns(values: Mapping[str, Any], *, by: int | None) -> dict[str, Any]:
    columns: dict[str, Any] = {
        key: text_of(values, key, limit)
        for key, limit in (
            ("document", 200),
            ("archive", 200),
            ("retention", 40),
            ("remarks", 300),
            ("filled_by", 60),
        )
    }
    columns["filled_by"] = columns["filled_by"] or register_book.staff_name(by)
    if not columns["filled_by"]:
        raise UserError(_("Choose who fills in the register."), field="filled_by")
    for key in ("created_date", "expiry_date", "filled_date"):
        columns[key] = values.get(key)
    columns["reason"] = values.get("reason") or "expired"
    columns["method"] = values.get("method") or "destroy"
    return columns


@requires("record.create")
def propose_disposal(
    values: Mapping[str, Any], *, by: int | None, now: datetime, item_id: int | None = None
) -> RegisterRow:
    """The CS supervisor enters a document to dispose of; it waits for review.

    Args:
        values: ``document_disposal`` form values.
        item_id: the archive document it concerns (fills document and archive when they are empty).

    Raises:
        ValidationError: a value the form refuses.
    """
    merged = {**values, "filled_date": values.get("filled_date") or now.date()}
    with db.atomic():
        if item_id is not None:
            item = ArchiveItem.get_or_none(ArchiveItem.id == item_id)
            if item is None or item.status != KEPT:
                raise UserError(_("That document is not in the archive now."), field="document")
            merged.setdefault("document", item.title)
            merged["document"] = merged["document"] or item.title
            merged["archive"] = merged.get("archive") or item.unit
            merged["created_date"] = merged.get("created_date") or item.received_date
        merged["filled_by"] = merged.get("filled_by") or register_book.staff_name(by) or None
        register_book.check_values(BOOK, merged, KEYS)
        columns = _columns(merged, by=by)
        columns["item"] = item_id
        disposal_id = register_book.create(BOOK, columns, by=by, now=now, summary=columns["document"])
    return BOOK.row(BOOK.get(disposal_id), now)


@requires("document.dispose_review")
def review_disposal(disposal_id: int, *, by: int | None, now: datetime) -> RegisterRow:
    """The customer-service supervisor reviews the disposal (seed 001:360 客户服务部主管审核)."""
    with db.atomic():
        record = BOOK.get(disposal_id)
        rules.check_review(record.status)
        register_book.update(
            BOOK,
            record,
            {"status": rules.DISPOSAL_REVIEWED, "reviewer": register_book.staff_name(by), "reviewed_at": now},
            by=by,
            now=now,
        )
    return BOOK.row(BOOK.get(disposal_id), now)


@requires("document.dispose")
def approve_disposal(disposal_id: int, *, by: int | None, now: datetime) -> RegisterRow:
    """The service-centre director approves the reviewed disposal (seed 001:360 服务中心主任批准)."""
    with db.atomic():
        record = BOOK.get(disposal_id)
        rules.check_approve(record.status)
        register_book.update(
            BOOK,
            record,
            {"status": rules.DISPOSAL_APPROVED, "approver": register_book.staff_name(by), "approved_at": now},
            by=by,
            now=now,
        )
    return BOOK.row(BOOK.get(disposal_id), now)


@requires("record.update")
def record_destruction(
    disposal_id: int, witnesses: Sequence[str], *, by: int | None, now: datetime
) -> RegisterRow:
    """The approved files were destroyed before ``witnesses`` (at least two different people, seed 001:362).

    Raises:
        UserError: not approved, already destroyed, or fewer than two witnesses (nothing is written).
    """
    with db.atomic():
        record = BOOK.get(disposal_id)
        names = rules.check_destroy(record.status, witnesses)
        for position, name in enumerate(names, start=1):
            DisposalWitness.insert(disposal=disposal_id, position=position, name=name[:60]).execute()
        register_book.update(
            BOOK, record, {"status": rules.DISPOSAL_DESTROYED, "destroyed_date": now.date()}, by=by, now=now
        )
        audit.record_event(
            action=audit.UPDATE,
            record_type=BOOK.record_type,
            record_id=disposal_id,
            changes={"witnesses": [None, names]},
            summary=record.number,
            by=by,
            now=now,
        )
        if record.item_id is not None:
            ArchiveItem.update(status=DISPOSED, changed_date=now.date(), updated_at=now).where(
                ArchiveItem.id == record.item_id
            ).execute()
    return BOOK.row(BOOK.get(disposal_id), now)


def witnesses(disposal_id: int) -> list[str]:
    """The people recorded as present at the destruction, in order."""
    select = (
        DisposalWitness.select(DisposalWitness.name)
        .where(DisposalWitness.disposal == disposal_id)
        .order_by(DisposalWitness.position)
    )
    return [str(name) for (name,) in register_book.tuples(select)]
