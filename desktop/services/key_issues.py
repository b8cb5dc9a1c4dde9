"""Keys that leave the desk for good or are copied: owner receipts at move-in (P04) and copy requests.

seed 001:280, 1864: CS verifies the owner's move-in identity, the owner signs the 钥匙签收单 and the keys are
registered by kind. seed 001:286: "公用门窗、设施设备房钥匙未经工程部经理或主管同意,任何人不得私配钥匙" — a copy of a
public or plant-room key is recorded as a request and made only after the engineering manager or supervisor
consented; recording the consent needs the ``key.duplicate`` permission (spec §2.13).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.key import KeyCopyRequest, KeyReceipt, KeySet
from desktop.models.staff import Department, Staff
from desktop.rules import keys as rules
from desktop.services import audit, authz
from desktop.services.authz import requires
from desktop.services.keys import set_status
from desktop.services.numbering import next_number

RECEIPT_SLUG = "key_receipt"
RECEIPT_SCHEME = "key_receipt"
#: 签收 (signed for) + day + serial.
RECEIPT_PATTERN = "QS{date:%Y%m%d}-{serial:03d}"
COPY_RECORD_TYPE = "key_copy_request"

PENDING = "pending"
CONSENTED = "consented"
MADE = "made"


@dataclass(frozen=True)
class ReceiptRow:
    """An owner's key receipt (P04)."""

    id: int
    number: str
    key_id: int
    receipt_date: date
    unit: str
    owner_name: str
    id_checked: bool
    kind_counts: dict[str, int]
    issued_by: str
    remarks: str


@dataclass(frozen=True)
class CopyRequestRow:
    """A request to copy a key."""

    id: int
    key_id: int
    key_label: str
    key_category: str
    requested_by: str
    reason: str
    copies: int
    requested_at: datetime
    status: str
    consented_by: str
    consented_at: datetime | None
    made_at: datetime | None


def _staff_name(staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    return str(Staff.select(Staff.name).where(Staff.id == staff_id).scalar() or "")


def _receipt_row(receipt: KeyReceipt) -> ReceiptRow:
    return ReceiptRow(
        id=receipt.id,
        number=receipt.number,
        key_id=receipt.key_set_id,
        receipt_date=receipt.receipt_date,
        unit=receipt.unit,
        owner_name=receipt.owner_name,
        id_checked=receipt.id_checked,
        kind_counts={
            kind: getattr(receipt, field)
            for kind, field in rules.RECEIPT_FIELDS.items()
            if getattr(receipt, field)
        },
        issued_by=receipt.issued_by,
        remarks=receipt.remarks,
    )


@requires("record.create")
def issue_to_owner(
    key_id: int,
    *,
    owner_name: str,
    id_checked: bool,
    kind_counts: dict[str, int] | None = None,
    remarks: str = "",
    by: int | None,
    now: datetime,
) -> ReceiptRow:
    """Hand an owner set to its owner at move-in and write the receipt the owner signs (P04).

    Args:
        kind_counts: keys handed over per owner key kind; default: the set's own counts.

    Raises:
        ValidationError: identity not checked, no owner name, nothing to hand over.
        UserError: not an owner set, or not on its hook.
    """
    errors: dict[str, str] = {}
    name = " ".join((owner_name or "").split())
    if not name:
        errors["owner_name"] = _("Enter the owner's name.")
    # seed 001:280: "客户服务人员验证客户的入住身份后,由业主签领钥匙".
    if not id_checked:
        errors["id_checked"] = _("Check the owner's identity (move-in papers) before handing over the keys.")
    if len(remarks or "") > 300:
        errors["remarks"] = _("At most {count} characters.").format(count=300)
    with db.atomic():
        key = KeySet.get_or_none(KeySet.id == key_id)
        if key is None:
            raise UserError(_("There is no key with id {id}.").format(id=key_id))
        if key.category != rules.OWNER:
            raise UserError(
                _("Only owner keys are issued to owners; {label} is not one.").format(label=key.label)
            )
        if key.status != rules.IN:
            raise UserError(
                _("Key {label} is not on its hook; it cannot be issued now.").format(label=key.label)
            )
        counts = kind_counts if kind_counts is not None else json.loads(key.kind_counts or "{}")
        counts = {kind: int(counts.get(kind, 0) or 0) for kind in rules.OWNER_KINDS}
        if any(count < 0 for count in counts.values()) or not sum(counts.values()):
            errors["kind_counts"] = _("List the keys handed over by kind.")
        if errors:
            raise ValidationError(errors)
        number = next_number(RECEIPT_SCHEME, pattern=RECEIPT_PATTERN, now=now)
        values = {
            "number": number,
            "key_set": key_id,
            "receipt_date": now.date(),
            "unit": key.label,
            "owner_name": name,
            "id_checked": True,
            **{rules.RECEIPT_FIELDS[kind]: count for kind, count in counts.items()},
            "issued_by": _staff_name(by),
            "issued_by_staff": by,
            "remarks": " ".join((remarks or "").split()),
        }
        receipt_id = KeyReceipt.insert(**values, created_at=now, updated_at=now, version=1).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type=RECEIPT_SLUG,
            record_id=receipt_id,
            changes=audit.diff({}, values),
            summary=f"{number} {key.label}",
            by=by,
            now=now,
        )
        set_status(key, rules.ISSUED, by=by, now=now)
    return _receipt_row(KeyReceipt.get_by_id(receipt_id))


def receipts_of(key_id: int) -> list[ReceiptRow]:
    """The receipts of key set ``key_id``, oldest first."""
    query = KeyReceipt.select().where(KeyReceipt.key_set == key_id).order_by(KeyReceipt.id)
    return [_receipt_row(receipt) for receipt in query]


# ---- copies (001:286) ---------------------------------------------------------------------------------------


def _copy_row(request: KeyCopyRequest) -> CopyRequestRow:
    key = KeySet.get_by_id(request.key_set_id)
    return CopyRequestRow(
        id=request.id,
        key_id=key.id,
        key_label=key.label,
        key_category=key.category,
        requested_by=request.requested_by,
        reason=request.reason,
        copies=request.copies,
        requested_at=request.requested_at,
        status=request.status,
        consented_by=request.consented_by,
        consented_at=request.consented_at,
        made_at=request.made_at,
    )


@requires("record.create")
def request_copy(
    key_id: int, *, requested_by: str, reason: str, copies: int = 1, by: int | None, now: datetime
) -> CopyRequestRow:
    """Record a request to copy key set ``key_id``; it waits for consent when the key needs it.

    Raises:
        ValidationError: no requester, no reason, fewer than one copy.
        UserError: no such key set.
    """
    errors: dict[str, str] = {}
    requester = " ".join((requested_by or "").split())
    why = " ".join((reason or "").split())
    if not requester:
        errors["requested_by"] = _("Enter who asks for the copy.")
    if not why:
        errors["reason"] = _("State why a copy is needed.")
    if copies < 1:
        errors["copies"] = _("Ask for at least one copy.")
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        key = KeySet.get_or_none(KeySet.id == key_id)
        if key is None:
            raise UserError(_("There is no key with id {id}.").format(id=key_id))
        request_id = KeyCopyRequest.insert(
            key_set=key_id,
            requested_by=requester[:100],
            reason=why[:200],
            copies=copies,
            requested_at=now,
            status=PENDING,
            created_at=now,
            updated_at=now,
            version=1,
        ).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type=COPY_RECORD_TYPE,
            record_id=request_id,
            changes={"key": [None, key.label], "copies": [None, copies], "reason": [None, why]},
            summary=key.label,
            by=by,
            now=now,
        )
    return _copy_row(KeyCopyRequest.get_by_id(request_id))


def check_may_consent(by: int | None) -> None:
    """Refuse unless ``by`` may consent to a copy: the ``key.duplicate`` role *and* the engineering department.

    The screens call it before the consent dialog opens; :func:`consent_copy` calls it again.

    Raises:
        PermissionDenied: a role without ``key.duplicate``, or a head of another department (001:286).
    """
    authz.check("key.duplicate", by)
    if by is None:
        return  # the system (the command line without logins): whoever sits at the console owns the file
    row = (
        Staff.select(Staff.name, Department.name)
        .join(Department, peewee.JOIN.LEFT_OUTER, on=(Staff.department == Department.id))
        .where(Staff.id == by)
        .tuples()
        .first()
    )
    name, department = row if row is not None else ("", None)
    refusal = rules.consent_refusal(department)
    if refusal is not None:
        raise authz.PermissionDeniedError(
            _(refusal.message).format(name=name, department=department or _("no department")),
            permission="key.duplicate",
        )


@requires("key.duplicate")
def consent_copy(request_id: int, *, consented_by: str = "", by: int | None, now: datetime) -> CopyRequestRow:
    """The engineering manager or supervisor consents to a copy (001:286).

    Args:
        consented_by: the manager's name as they signed; default the person recording it (who must hold the
            ``key.duplicate`` permission either way).

    Raises:
        UserError: no such request, or it was consented or made already.
        PermissionDenied: the person on duty may not consent to copies: not a manager or supervisor, or not
            of the engineering department (001:286).
    """
    check_may_consent(by)
    name = " ".join((consented_by or _staff_name(by)).split())
    if not name:
        raise ValidationError(
            {"consented_by": _("Enter the engineering manager or supervisor who consented.")}
        )
    with db.atomic():
        request = KeyCopyRequest.get_or_none(KeyCopyRequest.id == request_id)
        if request is None:
            raise UserError(_("There is no copy request with id {id}.").format(id=request_id))
        if request.status != PENDING:
            raise UserError(_("This copy request was decided already."))
        KeyCopyRequest.update(
            status=CONSENTED,
            consented_by=name[:100],
            consented_by_staff=by,
            consented_at=now,
            updated_at=now,
            version=request.version + 1,
        ).where(KeyCopyRequest.id == request_id).execute()
        audit.record_event(
            action=audit.UPDATE,
            record_type=COPY_RECORD_TYPE,
            record_id=request_id,
            changes={"status": [PENDING, CONSENTED], "consented_by": ["", name]},
            by=by,
            now=now,
        )
    return _copy_row(KeyCopyRequest.get_by_id(request_id))


@requires("record.update")
def record_copy_made(request_id: int, *, by: int | None, now: datetime) -> CopyRequestRow:
    """The copies were cut: the set's key count grows. Refused without consent where the seed requires it.

    Raises:
        ValidationError: a public or plant-room key without the engineering manager's or supervisor's consent.
        UserError: no such request, or it was made already.
    """
    with db.atomic():
        request = KeyCopyRequest.get_or_none(KeyCopyRequest.id == request_id)
        if request is None:
            raise UserError(_("There is no copy request with id {id}.").format(id=request_id))
        if request.status == MADE:
            raise UserError(_("These copies were recorded already."))
        key = KeySet.get_by_id(request.key_set_id)
        refusal = rules.copy_refusal(key.category, request.consented_by)
        if refusal is not None:
            raise ValidationError({refusal.field: _(refusal.message)})
        KeyCopyRequest.update(status=MADE, made_at=now, updated_at=now, version=request.version + 1).where(
            KeyCopyRequest.id == request_id
        ).execute()
        audit.record_event(
            action=audit.UPDATE,
            record_type=COPY_RECORD_TYPE,
            record_id=request_id,
            changes={"status": [request.status, MADE]},
            by=by,
            now=now,
        )
        set_status(key, key.status, by=by, now=now, quantity=key.quantity + request.copies)
    return _copy_row(KeyCopyRequest.get_by_id(request_id))


def copy_requests(*, key_id: int | None = None, pending_only: bool = False) -> list[CopyRequestRow]:
    """Copy requests, newest first."""
    query = KeyCopyRequest.select().order_by(KeyCopyRequest.id.desc())
    if key_id is not None:
        query = query.where(KeyCopyRequest.key_set == key_id)
    if pending_only:
        query = query.where(KeyCopyRequest.status != MADE)
    return [_copy_row(request) for request in query]


def receipt_values(receipt: KeyReceipt) -> dict[str, Any]:
    """The receipt as key_receipt form values."""
    return {
        "number": receipt.number,
        "receipt_date": receipt.receipt_date,
        "unit": receipt.unit,
        "owner_name": receipt.owner_name,
        "id_checked": receipt.id_checked,
        **{field: getattr(receipt, field) for field in rules.RECEIPT_FIELDS.values()},
        "issued_by": receipt.issued_by or None,
        "remarks": receipt.remarks or None,
    }
