"""Key rules: loan refusals, copy consent, due-back and escalation from the office calendar, counts, tags."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from desktop.rules import keys
from desktop.rules.keys import ExpectedKeys, LoanRequest
from desktop.rules.workcalendar import WorkCalendar

CALENDAR = WorkCalendar()  # Monday-Friday 08:30-12:00, 13:30-17:30, China's holidays

STAFF_LOAN = LoanRequest(
    category=keys.FACILITY,
    key_status=keys.IN,
    set_quantity=2,
    quantity=1,
    borrower_type=keys.STAFF,
    borrower="吴刚",
    purpose="水泵检修",
    phone="13800138000",
)
EXTERNAL_LOAN = replace(
    STAFF_LOAN,
    borrower_type=keys.CONTRACTOR,
    borrower="Li Si",
    id_document="440301199001011234",
    approver="冯建国",
    document="维修工单 GD-0316",
)


def fields(request: LoanRequest) -> list[str]:
    return [refusal.field for refusal in keys.loan_refusals(request)]


def test_a_complete_staff_loan_passes() -> None:
    assert keys.loan_refusals(STAFF_LOAN) == []
    assert keys.loan_refusals(EXTERNAL_LOAN) == []


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (keys.OUT, "This key is out already; it must come back before it can be lent again."),
        (keys.ISSUED, "This key was issued to the owner; it is no longer kept at the desk."),
        (keys.LOST, "This key is reported lost."),
        (keys.RETIRED, "This key is retired."),
    ],
)
def test_a_key_that_is_not_in_cannot_be_lent(status: str, message: str) -> None:
    refusals = keys.loan_refusals(replace(STAFF_LOAN, key_status=status))
    assert [(r.field, r.message) for r in refusals] == [("key", message)]


def test_no_loan_without_purpose_name_or_phone() -> None:
    request = replace(STAFF_LOAN, purpose=" ", borrower="", phone="")
    assert fields(request) == ["borrower", "purpose", "phone"]


def test_external_loan_needs_leader_document_and_id() -> None:
    request = replace(EXTERNAL_LOAN, approver="", document="", id_document="")
    refusals = {r.field: r.message for r in keys.loan_refusals(request)}
    assert set(refusals) == {"approver", "document", "id_document"}
    assert refusals["approver"].startswith(
        "An external borrower needs the approval of the responsible leader"
    )


def test_quantity_within_the_set() -> None:
    assert fields(replace(STAFF_LOAN, quantity=3)) == ["quantity"]
    assert fields(replace(STAFF_LOAN, quantity=0)) == ["quantity"]


def test_copy_of_public_or_facility_key_needs_consent() -> None:
    refusal = keys.copy_refusal(keys.FACILITY, "")
    assert refusal is not None and "engineering manager or supervisor" in refusal.message
    assert keys.copy_refusal(keys.PUBLIC, "冯建国") is None
    assert keys.copy_refusal(keys.OWNER, "") is None


def test_same_day_is_closing_time() -> None:
    assert keys.due_back(datetime(2026, 3, 16, 9, 0), CALENDAR) == datetime(2026, 3, 16, 17, 30)
    # Taken after closing: still the same day, at its end.
    assert keys.due_back(datetime(2026, 3, 16, 18, 10), CALENDAR) == datetime(2026, 3, 16, 23, 59)
    # Saturday (closed): end of the day.
    assert keys.due_back(datetime(2026, 3, 21, 10, 0), CALENDAR) == datetime(2026, 3, 21, 23, 59)


def test_closing_time_follows_the_office_hours() -> None:
    hours = tuple(((datetime(2000, 1, 1, 9).time(), datetime(2000, 1, 1, 20).time()),) for _ in range(7))
    late = WorkCalendar(office_hours=hours, official_holidays=False)
    assert keys.due_back(datetime(2026, 3, 16, 9, 0), late) == datetime(2026, 3, 16, 20, 0)


def test_hours_mode() -> None:
    assert keys.due_back(datetime(2026, 3, 16, 9, 0), CALENDAR, 4) == datetime(2026, 3, 16, 13, 0)


def test_escalation_next_morning() -> None:
    assert keys.escalation_at(datetime(2026, 3, 16, 17, 30), CALENDAR) == datetime(2026, 3, 17, 8, 30)
    # Friday evening → Monday morning.
    assert keys.escalation_at(datetime(2026, 3, 20, 17, 30), CALENDAR) == datetime(2026, 3, 23, 8, 30)
    # Due at 13:00 (hours mode) → next morning, not the same afternoon.
    assert keys.escalation_at(datetime(2026, 3, 16, 13, 0), CALENDAR) == datetime(2026, 3, 17, 8, 30)


def test_return_flags() -> None:
    assert keys.return_flags(2, 2, keys.CONDITION_OK) == []
    assert keys.return_flags(2, 1, keys.CONDITION_OK) == [
        "{returned} of {lent} keys came back: the borrower explains the missing keys and signs."
    ]
    assert len(keys.return_flags(2, 3, keys.CONDITION_DAMAGED)) == 2


def test_discrepancies() -> None:
    expected = [
        ExpectedKeys(1, "1-1-101", 2),
        ExpectedKeys(2, "配电房", 1),
        ExpectedKeys(3, "1F", 3),
        ExpectedKeys(4, "2F", 1),
        ExpectedKeys(5, "3F", 2),
    ]
    found = keys.discrepancies(expected, {1: 2, 2: 0, 3: 2, 4: 2})
    assert [(d.key_id, d.kind, d.difference) for d in found] == [
        (2, keys.MISSING, -1),
        (3, keys.SHORT, -1),
        (4, keys.SURPLUS, 1),
        (5, keys.NOT_COUNTED, 0),
    ]


def test_expected_in_store() -> None:
    assert keys.expected_in_store(3, keys.IN, 0) == 3
    assert keys.expected_in_store(3, keys.OUT, 1) == 2
    assert keys.expected_in_store(3, keys.ISSUED, 0) == 0


@pytest.mark.parametrize(
    ("text", "key_id"),
    [
        ("FDKEY:12:3-2-1502", 12),
        ("  fdkey:7:配电房\n", 7),
        ("FDKEY:5", 5),
        ("FDKEY:x:1", None),
        ("FDKEY:0:1", None),
        ("12", None),
        ("", None),
    ],
)
def test_parse_tag(text: str, key_id: int | None) -> None:
    assert keys.parse_tag(text) == key_id


def test_tag_payload_round_trip() -> None:
    assert keys.tag_payload(12, "3-2-1502") == "FDKEY:12:3-2-1502"
    assert keys.tag_payload(99, "配电房") == "FDKEY:99"  # a scanner types ASCII only
    assert keys.tag_payload(7, "1-1-5F 公共门窗") == "FDKEY:7"
    assert keys.parse_tag(keys.tag_payload(99, "配电房")) == 99


def test_owner_total() -> None:
    assert keys.owner_total({keys.IRON_DOOR: 2, keys.MAILBOX: 1, "unknown": 5}) == 3


@pytest.mark.parametrize(
    ("department", "may"),
    [("工程部", True), ("工程维修部", True), ("Engineering", True), ("engineering dept.", True),
     ("客户服务部", False), ("人力公关部", False), ("", False), (None, False)],
)  # fmt: skip
def test_only_the_engineering_department_consents_to_copies(department: str | None, may: bool) -> None:
    """001:286 未经工程部经理或主管同意: the consent is the engineering department's, whatever other heads' roles."""
    assert (keys.consent_refusal(department) is None) is may
