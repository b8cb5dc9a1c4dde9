"""Frozen signed records and amendments: the original row never changes; corrections are numbered, with reasons."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.models.audit import AuditEvent
from desktop.models.staff import Staff
from desktop.services import amendments, customers
from desktop.services.amendments import FrozenKind, FrozenState
from desktop.services.authz import PermissionDeniedError

NOW = datetime(2026, 3, 16, 9, 0)
LATER = datetime(2026, 3, 17, 10, 30)


def _customer_kind() -> FrozenKind:
    # A kind whose records are signed only by a signed paper copy (customers stand in for any register).
    return FrozenKind(
        kind="test_customer",
        label="customer record",
        signed=lambda _id: None,
        values=lambda customer_id: {"name": customers.get_customer(customer_id).name,
                                    "mobile": customers.get_customer(customer_id).mobile},
        number=lambda customer_id: f"C{customers.get_customer(customer_id).id}",
        fields=("name", "mobile"),
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _kind() -> Iterator[None]:
    i18n.set_ui_language("en")
    amendments.register_kind(_customer_kind())
    yield
    amendments._KINDS.pop("test_customer", None)


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> dict[str, int]:
    def staff(no: str, name: str, role: str) -> int:
        return int(Staff.create(employee_no=no, name=name, role=role, created_at=NOW, updated_at=NOW).id)

    return {"desk": staff("07", "王芳", "receptionist"), "head": staff("KF05", "刘洋", "department_head")}


def test_a_signed_copy_freezes_the_record_and_an_amendment_keeps_the_original(people: dict[str, int]) -> None:
    customer = customers.add_customer({"name": "张伟", "mobile": "13800138000"}, by=people["desk"], now=NOW)
    assert not amendments.is_frozen("test_customer", customer.id)
    with pytest.raises(UserError, match="not signed yet: change it directly"):
        amendments.amend(
            "test_customer", customer.id, {"name": "张卫"}, reason="typo", by=people["head"], now=NOW
        )

    state = amendments.mark_signed_copy_received("test_customer", customer.id, by=people["desk"], now=NOW)
    assert state == FrozenState(at=NOW, how="signed copy received")
    with pytest.raises(UserError) as caught:
        amendments.refuse_if_frozen("test_customer", customer.id)
    assert caught.value.message == (
        "This customer record was signed (signed copy received) on 16 Mar 2026 and cannot be changed. "
        "Record an amendment instead."
    )

    first = amendments.amend(
        "test_customer",
        customer.id,
        {"name": "张卫", "mobile": "13800138000"},
        reason="名字写错",
        by=people["head"],
        now=LATER,
    )
    assert (first.number, first.reason, first.changes) == (1, "名字写错", {"name": ("张伟", "张卫")})
    assert (first.amended_by_name, first.amended_at) == ("刘洋", LATER)
    second = amendments.amend(
        "test_customer", customer.id, {"name": "张维"}, reason="再次更正", by=people["head"], now=LATER
    )
    assert (second.number, second.changes) == (2, {"name": ("张卫", "张维")})

    assert customers.get_customer(customer.id).name == "张伟"  # the original, as signed
    assert amendments.effective_values("test_customer", customer.id)["name"] == "张维"
    assert [row.number for row in amendments.amendments("test_customer", customer.id)] == [1, 2]
    events = AuditEvent.select().where(AuditEvent.action == amendments.AMEND)
    assert [(event.record_id, event.summary) for event in events] == [
        (customer.id, f"C{customer.id} #1: 名字写错"),
        (customer.id, f"C{customer.id} #2: 再次更正"),
    ]


def test_amendment_needs_a_reason_a_change_and_a_signing_role(people: dict[str, int]) -> None:
    customer = customers.add_customer({"name": "张伟"}, by=None, now=NOW)
    amendments.mark_signed_copy_received("test_customer", customer.id, by=None, now=NOW)
    with pytest.raises(UserError) as caught:
        amendments.amend("test_customer", customer.id, {"name": "X"}, reason="  ", by=people["head"], now=NOW)
    assert (caught.value.message, caught.value.field) == ("Give the reason for the amendment.", "reason")
    with pytest.raises(UserError, match="The amendment changes nothing"):
        amendments.amend(
            "test_customer", customer.id, {"name": "张伟"}, reason="r", by=people["head"], now=NOW
        )
    with pytest.raises(PermissionDeniedError, match="may not amend a signed record"):
        amendments.amend("test_customer", customer.id, {"name": "X"}, reason="r", by=people["desk"], now=NOW)
    with pytest.raises(ValueError):
        amendments.amend(
            "test_customer", customer.id, {"address": "X"}, reason="r", by=people["head"], now=NOW
        )
    assert amendments.amendments("test_customer", customer.id) == []


def test_marking_twice_keeps_the_first_mark(people: dict[str, int]) -> None:
    customer = customers.add_customer({"name": "张伟"}, by=None, now=NOW)
    amendments.mark_signed_copy_received("test_customer", customer.id, by=None, now=NOW)
    state = amendments.mark_signed_copy_received("test_customer", customer.id, by=None, now=LATER)
    assert state.at == NOW
    assert AuditEvent.select().where(AuditEvent.action == amendments.SIGNED_COPY).count() == 1


def test_a_reviewed_sheet_is_frozen_and_amended_and_prints_as_signed(db: peewee.SqliteDatabase) -> None:
    from desktop.services import printing, sheets
    from tests.services.sheet_fixtures import make_people, sheet_values

    people = make_people()
    sheet = sheets.file_sheet(sheet_values(), by=people.operator, now=NOW)
    sheet = sheets.hand_over(sheet.id, staff_id=people.engineer, by=people.operator, now=NOW)
    sheet = sheets.record_result(sheet.id, result="已更换读卡器", by=people.engineer, now=NOW)
    sheet = sheets.review(sheet.id, comment="同意", by=people.head, now=NOW)
    with pytest.raises(UserError) as caught:
        sheets.update_sheet(
            sheet.id, {"customer_name": "张卫"}, expected_version=sheet.version, by=people.operator, now=LATER
        )
    assert caught.value.message == (
        "This sheet was signed (reviewed) on 16 Mar 2026 and cannot be changed. Record an amendment instead."
    )
    row = amendments.amend(
        "problem_sheet", sheet.id, {"customer_name": "张卫"}, reason="客户姓名听错", by=people.head, now=LATER
    )
    assert row.changes == {"customer_name": ("张伟", "张卫")}
    original = sheets.get_sheet(sheet.id, now=LATER)
    assert original.customer_name == "张伟" and original.version == sheet.version
    assert amendments.effective_values("problem_sheet", sheet.id)["customer_name"] == "张卫"
    assert printing.print_record("problem_sheet", sheet.number, lang="zh_CN").startswith(b"%PDF")
