"""Customers: owners, tenants, patients and callers, looked up by phone number or name at the desk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from desktop.errors import ConflictError, UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.customer import Customer
from desktop.services import audit
from desktop.services.authz import requires

_FIELDS = ("name", "mobile", "office_phone", "organisation", "address")
_LIMITS = {"name": 100, "mobile": 30, "office_phone": 60, "organisation": 200, "address": 300}
_PHONE_CHARS = re.compile(r"^[0-9+\-() ]*$")
_SEPARATORS = re.compile(r"[\s\-()]")


@dataclass(frozen=True)
class CustomerRow:
    """A customer as lists and forms show them."""

    id: int
    name: str
    mobile: str
    office_phone: str
    organisation: str
    address: str
    version: int


def _row(customer: Customer) -> CustomerRow:
    return CustomerRow(
        id=customer.id,
        name=customer.name,
        mobile=customer.mobile,
        office_phone=customer.office_phone,
        organisation=customer.organisation,
        address=customer.address,
        version=customer.version,
    )


def _values(customer: Customer) -> dict[str, Any]:
    return {name: getattr(customer, name) for name in _FIELDS}


def normalise_mobile(text: str) -> str:
    """Drop blanks, dashes and brackets so ``138 0013 8000`` and ``138-0013-8000`` are found as one number."""
    return _SEPARATORS.sub("", text or "")


def _checked(values: dict[str, Any], current: dict[str, Any]) -> dict[str, str]:
    merged = {**current, **{key: values[key] for key in _FIELDS if key in values}}
    checked = {key: " ".join(str(merged.get(key) or "").split()) for key in _FIELDS}
    checked["mobile"] = normalise_mobile(checked["mobile"])
    for key, limit in _LIMITS.items():
        if len(checked[key]) > limit:
            raise UserError(_("At most {count} characters.").format(count=limit), field=key)
    if not checked["name"]:
        raise UserError(_("Enter the customer's name."), field="name")
    # The office phone stays free text: offices write extensions as "转 801" or "ext. 801".
    if not _PHONE_CHARS.match(checked["mobile"]):
        raise UserError(_("A phone number has only digits, spaces, + - ( )."), field="mobile")
    return checked


def get_customer(customer_id: int) -> CustomerRow:
    """One customer.

    Raises:
        UserError: no such customer.
    """
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise UserError(_("That customer no longer exists."))
    return _row(customer)


@requires("record.create")
def add_customer(values: dict[str, Any], *, by: int | None, now: datetime) -> CustomerRow:
    """Add a customer: ``name`` (required), ``mobile``, ``office_phone``, ``organisation``, ``address``.

    Raises:
        UserError: with the field that is wrong.
    """
    with db.atomic():
        checked = _checked(values, {})
        customer_id = Customer.insert(created_at=now, updated_at=now, version=1, **checked).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type="customer",
            record_id=customer_id,
            changes=audit.diff({}, checked),
            by=by,
            now=now,
        )
    return get_customer(customer_id)


@requires("record.update")
def update_customer(
    customer_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> CustomerRow:
    """Change a customer; keys left out keep their value.

    Raises:
        ConflictError: the customer changed on another desk since ``expected_version``.
        UserError: with the field that is wrong.
    """
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise UserError(_("That customer no longer exists."))
        old = _values(customer)
        checked = _checked(values, old)
        changes = audit.diff(old, checked)
        if changes:
            updated = (
                Customer.update(updated_at=now, version=Customer.version + 1, **checked)
                .where((Customer.id == customer_id) & (Customer.version == expected_version))
                .execute()
            )
            if updated != 1:
                raise ConflictError(
                    _("Someone else changed this customer meanwhile. Reopen it and try again.")
                )
            audit.record_event(
                action=audit.UPDATE,
                record_type="customer",
                record_id=customer_id,
                changes=changes,
                by=by,
                now=now,
            )
        elif customer.version != expected_version:
            raise ConflictError(_("Someone else changed this customer meanwhile. Reopen it and try again."))
    return get_customer(customer_id)


@requires("record.delete")
def delete_customer(customer_id: int, *, by: int | None, now: datetime) -> None:
    """Delete a customer no record refers to (spec §2.14: clean-up of invalid customer data).

    Raises:
        UserError: unknown customer, or records still refer to them.
    """
    with db.atomic():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise UserError(_("That customer no longer exists."))
        try:
            with db.atomic():
                Customer.delete().where(Customer.id == customer_id).execute()
        except peewee.IntegrityError:
            raise UserError(
                _("{name} cannot be deleted: records still refer to this customer.").format(
                    name=customer.name
                )
            ) from None
        audit.record_event(
            action=audit.DELETE,
            record_type="customer",
            record_id=customer_id,
            changes=audit.diff(_values(customer), {}),
            by=by,
            now=now,
        )


def find_customers(text: str, *, limit: int = 20) -> list[CustomerRow]:
    """Customers whose name, mobile, office phone or organisation contains ``text``.

    Exact name or number matches come first, then by name. A number may be typed with blanks or dashes. An
    empty ``text`` finds nothing.
    """
    needle = " ".join((text or "").split())
    if not needle:
        return []
    digits = normalise_mobile(needle)
    condition = (
        Customer.name.contains(needle)
        | Customer.organisation.contains(needle)
        | Customer.office_phone.contains(needle)
        | Customer.mobile.contains(digits or needle)
    )
    exact = peewee.Case(None, [(((Customer.name == needle) | (Customer.mobile == digits)), 0)], 1)
    query = Customer.select().where(condition).order_by(exact, Customer.name, Customer.id).limit(limit)
    return [_row(customer) for customer in query]


def list_customers(*, offset: int = 0, limit: int = 100) -> list[CustomerRow]:
    """A page of customers by name."""
    query = Customer.select().order_by(Customer.name, Customer.id).offset(offset).limit(limit)
    return [_row(customer) for customer in query]


def count_customers() -> int:
    """How many customers there are."""
    return int(Customer.select().count())
