"""Keys: register, loans (refusals with reasons), returns with wrong quantities, closing time on the board,
escalation, owner receipts, copy consent, counts with discrepancies, lost reports, tags, stores and prints."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import peewee
import pytest
from pypdf import PdfReader

from desktop import i18n
from desktop.errors import UserError, ValidationError
from desktop.models.key import KeyLoan
from desktop.models.staff import Department, Staff
from desktop.rules import keys as rules
from desktop.services import audit, key_counts, key_issues, key_loans, key_store, keys, records, reminders
from desktop.services.authz import PermissionDeniedError
from desktop.services.keys import KeyQuery
from desktop.services.settings import set_setting
from tests.services.sheet_fixtures import People, make_people

MON = datetime(2026, 3, 16, 9, 0)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> People:
    return make_people()


def add(label: str = "水泵房", category: str = rules.FACILITY, **values: Any) -> int:
    row = keys.add_key_set({"label": label, "category": category, "quantity": 2, "hook": "E-01", **values},
                           by=None, now=MON)  # fmt: skip
    return row.id


STAFF_LOAN = {
    "borrower_type": rules.STAFF,
    "borrower": "吴刚",
    "department": "工程部",
    "phone": "13800138000",
    "purpose": "水泵检修",
    "quantity": 1,
}
CONTRACTOR_LOAN = {
    "borrower_type": rules.CONTRACTOR,
    "borrower": "陈师傅",
    "department": "安达电梯",
    "id_document": "440301198805126618",
    "phone": "13923456781",
    "purpose": "电梯保养",
    "approver": "冯建国",
    "document": "维保工单 WB-031",
    "quantity": 1,
}


def test_register_derives_building_floor_and_engineering_custodian(people: People) -> None:
    owner = keys.add_key_set(
        {"label": "3-2-1502", "category": rules.OWNER, "kind_counts": {rules.IRON_DOOR: 2, rules.MAILBOX: 1}},
        by=people.operator,
        now=MON,
    )
    assert (owner.building, owner.floor, owner.quantity, owner.status) == ("3", 15, 3, rules.IN)
    assert owner.kind_counts == {rules.IRON_DOOR: 2, rules.MAILBOX: 1}
    facility = keys.get_key(add())
    assert facility.custodian == "工程部"
    with pytest.raises(UserError, match="A key labelled 水泵房 is registered already"):
        add()


def test_a_key_cannot_be_loaned_twice(people: People) -> None:
    key_id = add()
    loan = key_loans.lend_key(key_id, STAFF_LOAN, by=people.operator, now=MON)
    assert loan.number == "JY20260316-001"
    assert loan.issued_by == "王芳" and loan.for_work
    assert keys.get_key(key_id).status == rules.OUT
    with pytest.raises(ValidationError) as caught:
        key_loans.lend_key(key_id, STAFF_LOAN, by=people.operator, now=MON.replace(hour=10))
    assert caught.value.errors == {
        "key": "This key is out already; it must come back before it can be lent again."
    }
    # Even past the service's own check, the database keeps one open loan per key.
    with pytest.raises(peewee.IntegrityError):
        KeyLoan.insert(
            number="X",
            key_set=key_id,
            borrower_type="staff",
            borrower="x",
            purpose="x",
            quantity=1,
            out_at=MON,
            due_at=MON,
            created_at=MON,
            updated_at=MON,
        ).execute()


def test_external_loan_without_the_leaders_approval_is_refused(people: People) -> None:
    key_id = add()
    values = {**CONTRACTOR_LOAN, "approver": "", "document": ""}
    with pytest.raises(ValidationError) as caught:
        key_loans.lend_key(key_id, values, by=people.operator, now=MON)
    assert caught.value.errors == {
        "approver": "An external borrower needs the approval of the responsible leader: enter who signed the "
        "document before the key leaves.",
        "document": "Enter the document the external borrower brought (signed by the leader).",
    }
    assert keys.get_key(key_id).status == rules.IN
    assert not KeyLoan.select().exists()
    loan = key_loans.lend_key(key_id, CONTRACTOR_LOAN, by=people.operator, now=MON)
    assert loan.approver == "冯建国"


def test_staff_loan_states_its_purpose(people: People) -> None:
    with pytest.raises(ValidationError) as caught:
        key_loans.lend_key(add(), {**STAFF_LOAN, "purpose": ""}, by=people.operator, now=MON)
    assert caught.value.errors == {
        "purpose": "State what the key is needed for: keys are lent only for work."
    }


def test_same_day_due_back_and_hours_setting(people: People) -> None:
    loan = key_loans.lend_key(add(), STAFF_LOAN, by=people.operator, now=MON)
    assert loan.due_at == datetime(2026, 3, 16, 17, 30)
    set_setting("keys.loan_due", "hours", by=None, now=MON)
    set_setting("keys.loan_hours", 3, by=None, now=MON)
    other = key_loans.lend_key(add("配电房"), STAFF_LOAN, by=people.operator, now=MON)
    assert other.due_at == datetime(2026, 3, 16, 12, 0)


def test_return_with_wrong_quantity_is_flagged(people: People) -> None:
    key_id = add()
    loan = key_loans.lend_key(key_id, {**STAFF_LOAN, "quantity": 2}, by=people.operator, now=MON)
    with pytest.raises(ValidationError) as caught:
        key_loans.return_key(loan.id, quantity=1, by=people.operator, now=MON.replace(hour=11))
    assert caught.value.errors == {
        "damage_note": "Write down what happened to the keys; the borrower signs it on the register."
    }
    result = key_loans.return_key(
        loan.id, quantity=1, damage_note="一把掉在井里", by=people.operator, now=MON.replace(hour=11)
    )
    assert result.flags == ("1 of 2 keys came back: the borrower explains the missing keys and signs.",)
    assert result.loan.quantity_mismatch and result.loan.returned_quantity == 1
    assert result.loan.received_by == "王芳"
    assert keys.get_key(key_id).status == rules.IN
    with pytest.raises(UserError, match="was returned already"):
        key_loans.return_key(loan.id, quantity=2, by=people.operator, now=MON.replace(hour=12))


def test_a_full_return_is_not_flagged(people: People) -> None:
    loan = key_loans.lend_key(add(), STAFF_LOAN, by=people.operator, now=MON)
    result = key_loans.return_key(loan.id, quantity=1, received_by="李娜", by=people.operator, now=MON)
    assert result.flags == () and not result.loan.quantity_mismatch
    assert result.loan.received_by == "李娜"


def test_overdue_at_closing_time_appears_on_the_board(people: People) -> None:
    key_loans.lend_key(add(), STAFF_LOAN, by=people.operator, now=MON)
    before = reminders.compute_board(now=MON.replace(hour=17))
    assert [(item.kind, item.overdue) for item in before.today] == [(key_loans.DUE_KEY_OUT, False)]
    assert before.today[0].title == "Key 水泵房 ×1: 吴刚 13800138000"
    assert before.counts_by_page == {"keys": 1}
    after = reminders.compute_board(now=MON.replace(hour=17, minute=45))
    assert [(item.kind, item.assignee) for item in after.overdue] == [(key_loans.DUE_KEY_OUT, "吴刚")]
    assert after.overdue[0].reminder is not None
    closing = key_loans.keys_out_at_closing(now=MON.replace(hour=17, minute=30))
    assert [loan.borrower for loan in closing] == ["吴刚"]


def test_overdue_loan_escalates_to_the_manager_next_morning(people: People) -> None:
    key_loans.lend_key(add(), STAFF_LOAN, by=people.operator, now=MON)
    evening = key_loans.due_items(now=datetime(2026, 3, 16, 22, 0))
    assert [item.kind for item in evening] == [key_loans.DUE_KEY_OUT]
    morning = key_loans.due_items(now=datetime(2026, 3, 17, 8, 30))
    assert [(item.kind, item.assignee) for item in morning] == [(key_loans.DUE_KEY_ESCALATED, "周明")]


def test_owner_receipt_needs_identity_check(people: People) -> None:
    key_id = keys.add_key_set(
        {"label": "3-2-1502", "category": rules.OWNER, "kind_counts": dict.fromkeys(rules.OWNER_KINDS, 1)},
        by=None,
        now=MON,
    ).id
    with pytest.raises(ValidationError) as caught:
        key_issues.issue_to_owner(key_id, owner_name="张伟", id_checked=False, by=people.operator, now=MON)
    assert caught.value.errors == {
        "id_checked": "Check the owner's identity (move-in papers) before handing over the keys."
    }
    receipt = key_issues.issue_to_owner(
        key_id, owner_name="张伟", id_checked=True, by=people.operator, now=MON
    )
    assert receipt.number == "QS20260316-001" and receipt.kind_counts == dict.fromkeys(rules.OWNER_KINDS, 1)
    assert keys.get_key(key_id).status == rules.ISSUED
    values = records.get_store("key_receipt").get_values(receipt.number)
    assert values is not None and values["iron_door_keys"] == 1 and values["owner_name"] == "张伟"
    text = _text(key_store.print_receipt(receipt.number, lang="zh_CN"))
    assert "钥匙签收单" in text and "3-2-1502" in text


def test_copy_without_engineering_consent_is_refused(people: People) -> None:
    key_id = add()
    request = key_issues.request_copy(
        key_id, requested_by="吴刚", reason="夜班备用", by=people.operator, now=MON
    )
    with pytest.raises(ValidationError) as caught:
        key_issues.record_copy_made(request.id, by=people.operator, now=MON)
    assert caught.value.errors == {
        "consented_by": "A public or plant-room key may not be copied without the consent of the engineering "
        "manager or supervisor."
    }
    with pytest.raises(PermissionDeniedError):
        key_issues.consent_copy(request.id, consented_by="冯建国", by=people.operator, now=MON)
    # 001:286 names the engineering department: the head of customer service (or of HR) may not consent.
    with pytest.raises(PermissionDeniedError) as refused:
        key_issues.consent_copy(request.id, consented_by="刘洋", by=people.head, now=MON)
    assert refused.value.message == (
        "Only the engineering department's manager or supervisor may consent to copying a public or plant-room "
        "key; 刘洋 belongs to 客户服务部."
    )
    with pytest.raises(PermissionDeniedError):
        key_issues.consent_copy(request.id, consented_by="周明", by=people.manager, now=MON)
    engineering = Department.create(name="工程部", created_at=MON, updated_at=MON).id
    engineering_head = Staff.create(
        employee_no="GC03",
        name="冯建国",
        role="department_head",
        department=engineering,
        created_at=MON,
        updated_at=MON,
    ).id
    consented = key_issues.consent_copy(request.id, consented_by="冯建国", by=engineering_head, now=MON)
    assert consented.status == key_issues.CONSENTED and consented.consented_by == "冯建国"
    made = key_issues.record_copy_made(request.id, by=people.operator, now=MON)
    assert made.status == key_issues.MADE
    assert keys.get_key(key_id).quantity == 3


def test_count_discrepancies_are_reported(people: People) -> None:
    pump, power, floor = add(), add("配电房"), add("1-1-5F 公共门窗", rules.PUBLIC)
    key_loans.lend_key(power, STAFF_LOAN, by=people.operator, now=MON)  # 1 of 2 lent: 1 expected on the hook
    count = key_counts.record_count({pump: 1, power: 1}, by=people.operator, now=MON)
    assert count.number == "QD20260316-01"
    assert [(item.label, item.expected, item.counted, item.discrepancy) for item in count.discrepancies] == [
        ("水泵房", 2, 1, rules.SHORT),
        ("1-1-5F 公共门窗", 2, None, rules.NOT_COUNTED),
    ]
    assert floor in {item.key_id for item in count.items}
    text = _text(key_store.print_count_report(count.id, lang="en"))
    assert "Key count report" in text and "Fewer keys than registered" in text


def test_handover_needs_both_parties_and_prints(people: People) -> None:
    pump = add()
    with pytest.raises(ValidationError) as caught:
        key_counts.record_count({pump: 2}, kind=key_counts.HANDOVER, reason="deputy", by=None, now=MON)
    assert set(caught.value.errors) == {"from_party", "to_party"}
    handover = key_counts.record_count(
        {pump: 2},
        kind=key_counts.HANDOVER,
        reason="deputy",
        from_party="王芳",
        to_party="李娜",
        by=None,
        now=MON,
    )
    assert handover.discrepancies == ()
    values = records.get_store("key_handover").get_values(handover.number)
    assert values is not None and values["key_list"].startswith("水泵房  2/2")
    assert "钥匙交接表" in _text(key_store.print_handover(handover.id, lang="zh_CN"))


def test_lost_key_report_closes_the_loan(people: People) -> None:
    key_id = add()
    key_loans.lend_key(key_id, {**STAFF_LOAN, "quantity": 2}, by=people.operator, now=MON)
    report = key_counts.report_lost(
        key_id,
        quantity=2,
        reported_by="吴刚",
        circumstances="检修时遗失",
        reported_to="冯建国",
        by=people.operator,
        now=MON.replace(hour=15),
    )
    assert report.number == "YS20260316-01" and report.loan_id is not None
    assert keys.get_key(key_id).status == rules.LOST
    assert key_loans.open_loan_of(key_id) is None
    closed = key_counts.follow_up_lost(report.id, actions="已换锁", close=True, by=people.head, now=MON)
    assert closed.closed_at == MON


def test_scanned_tag_finds_the_key(people: People) -> None:
    key_id = add()
    assert keys.find_by_tag(f"FDKEY:{key_id}:水泵房") is not None
    assert keys.find_by_tag("水泵房") is not None
    assert keys.find_by_tag("FDKEY:999:x") is None


def test_list_filters_and_search(people: People) -> None:
    pump = add()
    add("1-1-5F 公共门窗", rules.PUBLIC, building="1", floor=5)
    key_loans.lend_key(pump, STAFF_LOAN, by=people.operator, now=MON)
    assert [row.label for row in keys.list_keys(KeyQuery(out_only=True), now=MON)] == ["水泵房"]
    assert [row.label for row in keys.list_keys(KeyQuery(text="吴刚"), now=MON)] == ["水泵房"]
    assert [row.label for row in keys.list_keys(KeyQuery(category=rules.PUBLIC), now=MON)] == [
        "1-1-5F 公共门窗"
    ]
    assert keys.count_keys(KeyQuery(overdue_only=True), now=MON.replace(hour=18)) == 1
    assert keys.buildings() == ["1"]


def test_stores_and_registers(people: People) -> None:
    pump = add()
    owner = add("1-1-101", rules.OWNER)
    key_loans.lend_key(pump, STAFF_LOAN, by=people.operator, now=MON)
    key_loans.lend_key(owner, STAFF_LOAN, by=people.operator, now=MON)
    assert len(records.get_store("key_loan").list_values()) == 2
    log = records.get_store("key_log").list_values()
    assert [row["key_tag"] for row in log] == ["水泵房"]
    text = _text(key_store.print_loan_register(day=MON.date(), lang="zh_CN"))
    assert "钥匙借用登记表" in text and "水泵检修" in text
    assert "房屋钥匙管理记录表" in _text(key_store.print_key_log(key_id=pump, lang="zh_CN"))
    imported = records.get_store("key_log").import_rows(
        [{"key_tag": "水泵房", "log_date": MON.date(), "purpose": "巡检", "borrower": "郑磊", "quantity": 1}],
        by=None,
        now=MON,
    )
    assert imported == 1
    with pytest.raises(UserError, match="There is no key labelled 锅炉房"):
        records.get_store("key_loan").import_rows([{"key_tag": "锅炉房"}], by=None, now=MON)


def test_tag_sheet_prints_payload_and_label(people: People) -> None:
    ids = [add(f"{floor}F", rules.PUBLIC) for floor in range(1, 27)]
    pdf = key_store.print_tags(ids, lang="en")
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert len(reader.pages) == 2  # 24 per sheet
    assert "1F" in reader.pages[0].extract_text()


def test_every_step_is_audited(people: People) -> None:
    key_id = add()
    loan = key_loans.lend_key(key_id, STAFF_LOAN, by=people.operator, now=MON)
    key_loans.return_key(loan.id, quantity=1, by=people.operator, now=MON)
    assert [row.action for row in audit.history("key_loan", loan.id)] == ["create", "update"]
    assert len(audit.history("key", key_id)) == 3  # created, out, in


def _text(pdf: bytes) -> str:
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
