"""Lending and taking back keys (P02 钥匙借用登记表, P01 房屋钥匙管理记录表), and keys still out at closing time.

seed 001:264: no private loans, every loan registered; 001:1820-1824: internal borrowers state the purpose,
external ones bring a document signed by the responsible leader; 001:2102: "当天借当天还"; 001:1816, 2110: the
return is counted by both sides and damage or loss explained and signed; 001:288: a public or plant-room key
taken for work is entered in 房屋钥匙管理记录表. The rules are :mod:`desktop.rules.keys`; this module writes.

The Today board's due source (:func:`due_items`) lists every key that is out with its holder and phone: due
today until closing time, overdue after it, and from the next morning on escalated to the manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import peewee

from desktop.errors import UserError, ValidationError
from desktop.i18n import N_, _
from desktop.models.base import db
from desktop.models.key import KeyLoan, KeySet
from desktop.models.staff import Staff
from desktop.rules import keys as rules
from desktop.rules import roles
from desktop.rules.deadlines import Reminder
from desktop.services import audit
from desktop.services.authz import requires
from desktop.services.calendar import office_calendar
from desktop.services.due import DueItem, register_due_source, register_kind_label, register_record_page
from desktop.services.keys import set_status
from desktop.services.numbering import next_number
from desktop.services.settings import get_setting

SLUG = "key_loan"
LOG_SLUG = "key_log"
NUMBER_SCHEME = "key_loan"
#: record_type of loan audit events and due items.
RECORD_TYPE = SLUG
#: DueItem.kind of a key that is out (due back at closing time).
DUE_KEY_OUT = "key_out"
#: DueItem.kind of a key still out the morning after: the manager is told.
DUE_KEY_ESCALATED = "key_escalated"

ESCALATION_MESSAGE = N_(
    "This key was not returned on the day it was lent. Tell the manager, call the borrower and get it back; if it "
    "is lost, write a lost key report."
)
OVERDUE_MESSAGE = N_("This key should be back by closing time. Call the borrower.")

_LIMITS = {
    "borrower": 100,
    "department": 200,
    "id_document": 40,
    "phone": 40,
    "purpose": 200,
    "approver": 100,
    "document": 200,
}


@dataclass(frozen=True)
class LoanRow:
    """One loan, as the register, the return dialog and the printouts use it."""

    id: int
    number: str
    key_id: int
    key_label: str
    key_category: str
    borrower_type: str
    borrower: str
    department: str
    id_document: str
    phone: str
    purpose: str
    quantity: int
    approver: str
    document: str
    for_work: bool
    out_at: datetime
    due_at: datetime
    issued_by: str
    returned_at: datetime | None
    returned_quantity: int | None
    return_condition: str
    quantity_mismatch: bool
    received_by: str
    damage_note: str
    version: int

    @property
    def is_open(self) -> bool:
        """The key has not come back yet."""
        return self.returned_at is None


@dataclass(frozen=True)
class ReturnResult:
    """What a return recorded, and what it flagged (translated sentences; empty when all was well)."""

    loan: LoanRow
    flags: tuple[str, ...]

    @property
    def id(self) -> int:
        """The loan's id (so the views announce the change)."""
        return self.loan.id


def loan_due_setting() -> str | int:
    """``"same_day"`` or the number of hours a key is lent for (Settings ``keys.loan_due``/``keys.loan_hours``)."""
    if get_setting("keys.loan_due") == rules.SAME_DAY:
        return rules.SAME_DAY
    return int(get_setting("keys.loan_hours"))


def due_back_at(out_at: datetime) -> datetime:
    """When a key lent at ``out_at`` is due back: closing time of the office calendar, or the set hours."""
    return rules.due_back(out_at, office_calendar(), loan_due_setting())


def _select() -> peewee.ModelSelect:
    return (
        KeyLoan.select(KeyLoan, KeySet.label.alias("key_label"), KeySet.category.alias("key_category"))
        .join(KeySet, on=(KeyLoan.key_set == KeySet.id))
        .objects()
    )


def _row(loan: Any) -> LoanRow:
    return LoanRow(
        id=loan.id,
        number=loan.number,
        key_id=loan.key_set_id,
        key_label=loan.key_label,
        key_category=loan.key_category,
        borrower_type=loan.borrower_type,
        borrower=loan.borrower,
        department=loan.department,
        id_document=loan.id_document,
        phone=loan.phone,
        purpose=loan.purpose,
        quantity=loan.quantity,
        approver=loan.approver,
        document=loan.document,
        for_work=loan.for_work,
        out_at=loan.out_at,
        due_at=loan.due_at,
        issued_by=loan.issued_by,
        returned_at=loan.returned_at,
        returned_quantity=loan.returned_quantity,
        return_condition=loan.return_condition,
        quantity_mismatch=loan.quantity_mismatch,
        received_by=loan.received_by,
        damage_note=loan.damage_note,
        version=loan.version,
    )


def get_loan(loan_id: int) -> LoanRow:
    """The loan ``loan_id``; UserError when there is none."""
    loan = _select().where(KeyLoan.id == loan_id).first()
    if loan is None:
        raise UserError(_("There is no key loan with id {id}.").format(id=loan_id))
    return _row(loan)


def open_loan_of(key_id: int) -> LoanRow | None:
    """The loan of key set ``key_id`` that has not come back, or None."""
    loan = _select().where((KeyLoan.key_set == key_id) & KeyLoan.returned_at.is_null()).first()
    return _row(loan) if loan is not None else None


def list_loans(
    *,
    key_id: int | None = None,
    day: date | None = None,
    date_to: date | None = None,
    open_only: bool = False,
    work_log_only: bool = False,
    limit: int | None = None,
) -> list[LoanRow]:
    """Loans in the order they went out: of one key, of one day (or ``day`` … ``date_to``), or still out.

    Args:
        work_log_only: only public and facility keys (the lines of 房屋钥匙管理记录表, P01).
    """
    query = _select()
    if key_id is not None:
        query = query.where(KeyLoan.key_set == key_id)
    if day is not None:
        end = (date_to or day) + timedelta(days=1)
        query = query.where(
            (KeyLoan.out_at >= datetime.combine(day, datetime.min.time()))
            & (KeyLoan.out_at < datetime.combine(end, datetime.min.time()))
        )
    if open_only:
        query = query.where(KeyLoan.returned_at.is_null())
    if work_log_only:
        query = query.where(KeySet.category.in_((rules.PUBLIC, rules.FACILITY)))
    query = query.order_by(KeyLoan.out_at, KeyLoan.id)
    if limit is not None:
        query = query.limit(limit)
    return [_row(loan) for loan in query]


def _staff_name(staff_id: int | None) -> str:
    if staff_id is None:
        return ""
    return str(Staff.select(Staff.name).where(Staff.id == staff_id).scalar() or "")


def _clean(values: dict[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for key, limit in _LIMITS.items():
        text = " ".join(str(values.get(key) or "").split())
        if len(text) > limit:
            raise UserError(_("At most {count} characters.").format(count=limit), field=key)
        cleaned[key] = text
    return cleaned


def _refused(refusals: list[rules.Refusal], quantity: int) -> ValidationError:
    errors: dict[str, str] = {}
    for refusal in refusals:
        errors.setdefault(refusal.field, _(refusal.message).format(count=quantity))
    return ValidationError(errors)


@requires("record.create")
def lend_key(key_id: int, values: dict[str, Any], *, by: int | None, now: datetime) -> LoanRow:
    """Lend key set ``key_id``: checked against the seed's rules, numbered, registered, the key marked out.

    Args:
        values: ``borrower_type`` (:data:`desktop.rules.keys.BORROWER_TYPES`), ``borrower``, ``department``,
            ``id_document``, ``phone``, ``purpose``, ``quantity`` (default all keys of the set), for external
            borrowers ``approver`` (the leader who signed) and ``document``.

    Raises:
        ValidationError: each refusal beside its field — the key is out already, an external borrower
            without the leader's approval or the document, no purpose …
        UserError: no such key set.
    """
    cleaned = _clean(values)
    borrower_type = str(values.get("borrower_type") or rules.STAFF)
    with db.atomic():
        key = KeySet.get_or_none(KeySet.id == key_id)
        if key is None:
            raise UserError(_("There is no key with id {id}.").format(id=key_id))
        quantity = values.get("quantity")
        quantity = key.quantity if quantity in (None, "") else int(quantity)
        request = rules.LoanRequest(
            category=key.category,
            key_status=key.status,
            set_quantity=key.quantity,
            quantity=quantity,
            borrower_type=borrower_type,
            borrower=cleaned["borrower"],
            purpose=cleaned["purpose"],
            id_document=cleaned["id_document"],
            phone=cleaned["phone"],
            approver=cleaned["approver"],
            document=cleaned["document"],
            department=cleaned["department"],
        )
        refusals = rules.loan_refusals(request)
        if refusals:
            raise _refused(refusals, key.quantity)
        if not rules.is_external(borrower_type):
            cleaned["approver"] = cleaned["approver"] or ""
        out_at = now.replace(second=0, microsecond=0)
        number = next_number(NUMBER_SCHEME, pattern=get_setting("numbering.key_loan"), now=now)
        try:
            loan_id = KeyLoan.insert(
                **cleaned,
                number=number,
                key_set=key_id,
                borrower_type=borrower_type,
                quantity=quantity,
                for_work=rules.is_work_log_entry(key.category),
                out_at=out_at,
                due_at=due_back_at(out_at),
                issued_by=_staff_name(by),
                issued_by_staff=by,
                created_at=now,
                updated_at=now,
                version=1,
            ).execute()
        except peewee.IntegrityError:
            # key_loan_open: another desk lent this key a moment ago.
            raise ValidationError(
                {"key": _("This key is out already; it must come back before it can be lent again.")}
            ) from None
        audit.record_event(
            action=audit.CREATE,
            record_type=RECORD_TYPE,
            record_id=loan_id,
            changes=audit.diff(
                {}, {**cleaned, "key": key.label, "quantity": quantity, "borrower_type": borrower_type}
            ),
            summary=f"{number} {key.label}",
            by=by,
            now=now,
        )
        set_status(key, rules.OUT, by=by, now=now)
    return get_loan(int(loan_id))


@requires("record.update")
def return_key(
    loan_id: int,
    *,
    quantity: int,
    condition: str = rules.CONDITION_OK,
    damage_note: str = "",
    received_by: str = "",
    by: int | None,
    now: datetime,
) -> ReturnResult:
    """Take a lent key back: both sides count, the receiver is recorded, differences flagged.

    A return with fewer keys than lent, more keys, or a damaged key is recorded (the key is back on its hook)
    and flagged; the borrower's signed explanation goes in ``damage_note`` (001:2110). Keys that did not come
    back are reported lost with :func:`desktop.services.key_counts.report_lost`.

    Raises:
        ValidationError: no receiver, a negative quantity, an unknown condition, or the flag asks for an
            explanation that is missing.
        UserError: no such loan, or it came back already.
    """
    received = " ".join((received_by or _staff_name(by)).split())
    note = " ".join((damage_note or "").split())
    errors: dict[str, str] = {}
    if quantity < 0:
        errors["quantity"] = _("Count the keys that came back.")
    if condition not in rules.CONDITIONS:
        errors["condition"] = _("Say whether the keys came back intact.")
    if not received:
        errors["received_by"] = _("Enter who took the keys back.")
    if len(note) > 300:
        errors["damage_note"] = _("At most {count} characters.").format(count=300)
    if errors:
        raise ValidationError(errors)
    with db.atomic():
        loan = KeyLoan.get_or_none(KeyLoan.id == loan_id)
        if loan is None:
            raise UserError(_("There is no key loan with id {id}.").format(id=loan_id))
        if loan.returned_at is not None:
            raise UserError(_("Loan {number} was returned already.").format(number=loan.number))
        flags = rules.return_flags(loan.quantity, quantity, condition)
        if flags and not note:
            raise ValidationError(
                {
                    "damage_note": _(
                        "Write down what happened to the keys; the borrower signs it on the register."
                    )
                }
            )
        values = {
            "returned_at": now.replace(second=0, microsecond=0),
            "returned_quantity": quantity,
            "return_condition": condition,
            "quantity_mismatch": quantity != loan.quantity,
            "received_by": received,
            "received_by_staff": by if not received_by else None,
            "damage_note": note,
        }
        KeyLoan.update(**values, updated_at=now, version=loan.version + 1).where(
            KeyLoan.id == loan_id
        ).execute()
        audit.record_event(
            action=audit.UPDATE,
            record_type=RECORD_TYPE,
            record_id=loan_id,
            changes=audit.diff(
                {"returned_at": None},
                {key: value for key, value in values.items() if key != "received_by_staff"},
            ),
            summary=loan.number,
            by=by,
            now=now,
        )
        key = KeySet.get_by_id(loan.key_set_id)
        set_status(key, rules.IN, by=by, now=now)
    texts = tuple(_(flag).format(lent=loan.quantity, returned=quantity) for flag in flags)
    return ReturnResult(loan=get_loan(loan_id), flags=texts)


# ---- closing time and the Today board ----------------------------------------------------------------------


def manager_names() -> str:
    """The office's active managers (who hear about keys not back the next morning), or ""."""
    rows = (
        Staff.select(Staff.name)
        .where((Staff.role == roles.MANAGER) & Staff.active)
        .order_by(Staff.id)
        .tuples()
    )
    return ", ".join(name for (name,) in rows)


def keys_out_at_closing(*, now: datetime) -> list[LoanRow]:
    """Keys lent and not back whose due moment is at or before today's closing time (the closing-time list)."""
    calendar = office_calendar()
    closing = rules.closing_time(calendar, now) or datetime.combine(now.date(), rules.END_OF_DAY)
    return [loan for loan in list_loans(open_only=True) if loan.due_at <= max(closing, now)]


def due_items(*, now: datetime) -> list[DueItem]:
    """Every key that is out: due back (holder and phone), overdue, or escalated to the manager next morning."""
    calendar = office_calendar()
    template = _("Key {label} ×{quantity}: {borrower} {phone}")
    managers: str | None = None
    items: list[DueItem] = []
    for loan in list_loans(open_only=True):
        title = template.format(
            label=loan.key_label, quantity=loan.quantity, borrower=loan.borrower, phone=loan.phone
        )
        escalate_at = rules.escalation_at(loan.due_at, calendar)
        if now >= escalate_at:
            if managers is None:
                managers = manager_names()
            items.append(
                DueItem(
                    kind=DUE_KEY_ESCALATED,
                    record_id=loan.id,
                    number=loan.number,
                    title=title,
                    due_at=loan.due_at,
                    overdue=True,
                    assignee=managers or loan.borrower,
                    record_type=SLUG,
                    reminder=Reminder(kind=DUE_KEY_ESCALATED, due=loan.due_at, message=ESCALATION_MESSAGE),
                )
            )
            continue
        overdue = now > loan.due_at
        items.append(
            DueItem(
                kind=DUE_KEY_OUT,
                record_id=loan.id,
                number=loan.number,
                title=title,
                due_at=loan.due_at,
                overdue=overdue,
                assignee=loan.borrower,
                record_type=SLUG,
                reminder=Reminder(kind=DUE_KEY_OUT, due=loan.due_at, message=OVERDUE_MESSAGE)
                if overdue
                else None,
            )
        )
    return items


register_due_source(due_items, name=SLUG)
register_record_page(SLUG, "keys")
register_kind_label(DUE_KEY_OUT, N_("Key back by closing"))
register_kind_label(DUE_KEY_ESCALATED, N_("Key not back: tell the manager"))
