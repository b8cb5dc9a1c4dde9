"""Inquiries (F03 客户咨询记录表 / T01 客户沟通记录表): logging, the next shift's list, turning one into a sheet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

import peewee
import pytest

from desktop import i18n
from desktop.errors import ConflictError, UserError, ValidationError
from desktop.models.inquiry import Inquiry
from desktop.models.ticket import ProblemSheet
from desktop.services import audit, inquiries, sheets
from desktop.services.records import get_store
from tests.services.sheet_fixtures import NOW, People, make_people


def exact(message: str) -> str:
    return f"^{re.escape(message)}$"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> People:
    return make_people()


def ask(people: People, now: datetime = NOW, **values: object) -> inquiries.InquiryRow:
    base: dict[str, object] = {
        "customer_name": "王先生",
        "contact": "13600136000",
        "site": "建设银行科技园支行",
        "category": "technical",
        "request": "ATM屏幕显示暂停服务",
        "answer": "指导重启,仍未恢复",
    }
    base.update(values)
    return inquiries.record_inquiry(base, by=people.operator, now=now)


def test_recording_an_inquiry_numbers_it_and_audits_it(people: People) -> None:
    row = ask(people)
    second = ask(people)
    assert (row.number, second.number) == ("ZX20260316-001", "ZX20260316-002")
    assert (row.operator, row.channel, row.contacted_at, row.open) == ("王芳", "phone", NOW, False)
    (event,) = audit.history("inquiry", row.id)
    assert (event.action, event.staff_name, event.at) == ("create", "王芳", NOW)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"request": " "}, "request", "Write down what the customer asked or reported."),
        ({"channel": "fax"}, "channel", "Choose phone, online or in person."),
        ({"customer_name": "王" * 101}, "customer_name", "At most 100 characters."),
    ],
)
def test_bad_inquiries_are_refused(people: People, values: dict[str, str], field: str, message: str) -> None:
    with pytest.raises(UserError, match=exact(message)) as caught:
        ask(people, **values)
    assert caught.value.field == field
    assert Inquiry.select().count() == 0


def test_unfinished_items_stay_on_the_next_shift_list_until_done(people: People) -> None:
    late = ask(
        people,
        datetime(2026, 3, 16, 16, 0),
        unfinished=True,
        unresolved_note="客户明早再试",
        customer_name="晚",
    )
    early = ask(
        people,
        datetime(2026, 3, 16, 10, 0),
        unfinished=True,
        handed_to_staff_id=people.engineer,
        follow_up="明天上门检查",
        follow_up_due=date(2026, 3, 17),
        customer_name="早",
    )
    ask(people, datetime(2026, 3, 16, 11, 0))  # solved on the spot
    next_morning = datetime(2026, 3, 17, 8, 30)
    assert [row.customer_name for row in inquiries.unfinished_inquiries(now=next_morning)] == ["早", "晚"]
    assert early.handed_to == "赵强"
    assert not inquiries.unfinished_inquiries(now=next_morning)[0].follow_up_overdue
    assert inquiries.unfinished_inquiries(now=datetime(2026, 3, 18, 9, 0))[0].follow_up_overdue

    done = inquiries.mark_done(early.id, answer="已上门更换主板", by=people.engineer, now=next_morning)
    assert (done.open, done.done_at, done.answer) == (
        False,
        next_morning,
        "指导重启,仍未恢复\n已上门更换主板",
    )
    assert [row.id for row in inquiries.unfinished_inquiries(now=next_morning)] == [late.id]
    with pytest.raises(UserError, match=exact(f"Inquiry {early.number} is done already.")):
        inquiries.mark_done(early.id, by=people.engineer, now=next_morning)
    assert [row.id for row in inquiries.list_inquiries(now=next_morning, unfinished_only=True)] == [late.id]


def test_update_checks_the_version(people: People) -> None:
    row = ask(people)
    updated = inquiries.update_inquiry(
        row.id, {"answer": "已解决"}, expected_version=1, by=people.operator, now=NOW
    )
    assert (updated.answer, updated.version) == ("已解决", 2)
    with pytest.raises(ConflictError):
        inquiries.update_inquiry(row.id, {"answer": "x"}, expected_version=1, by=people.operator, now=NOW)


def test_an_inquiry_becomes_a_problem_sheet_in_one_step(people: People) -> None:
    row = ask(people, unfinished=True)
    sheet = inquiries.escalate_to_sheet(row.id, category="technical", by=people.operator, now=NOW)
    assert sheet.number == "20260316-07-001"
    assert (sheet.customer_name, sheet.mobile, sheet.values["site"]) == (
        "王先生",
        "13600136000",
        "建设银行科技园支行",
    )
    assert sheet.values["description"] == "ATM屏幕显示暂停服务\nTried on the phone: 指导重启,仍未恢复"
    linked = inquiries.get_inquiry(row.id, now=NOW)
    assert (linked.sheet_id, linked.sheet_number, linked.open) == (sheet.id, sheet.number, False)
    assert inquiries.unfinished_inquiries(now=NOW) == []
    assert audit.history("inquiry", row.id)[-1].action == "escalate"
    with pytest.raises(
        UserError,
        match=exact("Inquiry ZX20260316-001 was already turned into problem sheet 20260316-07-001."),
    ):
        inquiries.escalate_to_sheet(row.id, category="technical", by=people.operator, now=NOW)


def test_a_failed_escalation_leaves_nothing_behind(people: People) -> None:
    row = ask(people, customer_name="")
    with pytest.raises(ValidationError) as caught:
        inquiries.escalate_to_sheet(row.id, category="technical", by=people.operator, now=NOW)
    assert caught.value.errors == {"customer_name": "Customer name is required."}
    assert ProblemSheet.select().count() == 0
    assert inquiries.get_inquiry(row.id, now=NOW).sheet_id is None


def test_list_search_finds_short_chinese_text_and_literal_percent(people: People) -> None:
    ask(people, request="打印机卡纸 50%")
    ask(people, customer_name="李娜", request="报价咨询")
    assert [r.customer_name for r in inquiries.list_inquiries(now=NOW, text="李娜")] == ["李娜"]
    assert [r.request for r in inquiries.list_inquiries(now=NOW, text="0%")] == ["打印机卡纸 50%"]
    assert len(inquiries.list_inquiries(now=NOW, date_from=date(2026, 3, 17))) == 0


def test_both_forms_read_the_same_record(people: People) -> None:
    row = ask(
        people,
        unfinished=True,
        channel="online",
        follow_up="3月17日上门取件",
        follow_up_due=date(2026, 3, 17),
    )
    f03 = get_store("inquiry_record").get_values(row.number)
    t01 = get_store("communication_record").get_values(row.number)
    assert f03 is not None and t01 is not None
    assert (f03["called_at"], f03["phone"], f03["description"], f03["solution"], f03["resolved"]) == (
        NOW,
        "13600136000",
        "ATM屏幕显示暂停服务",
        "指导重启,仍未恢复",
        False,
    )
    assert (t01["contacted_at"], t01["customer"], t01["channel"], t01["request"], t01["result"]) == (
        NOW,
        "王先生",
        "online",
        "ATM屏幕显示暂停服务",
        "指导重启,仍未恢复",
    )
    assert (t01["follow_up"], t01["follow_up_due"]) == ("3月17日上门取件", date(2026, 3, 17))
    sheet = inquiries.escalate_to_sheet(row.id, category="service", by=people.operator, now=NOW)
    assert get_store("inquiry_record").get_values(row.number)["ticket_number"] == sheet.number  # type: ignore[index]


def test_import_through_either_form(people: People) -> None:
    sheets.file_sheet(
        {"category": "other", "customer_name": "甲", "description": "x"}, by=people.operator, now=NOW
    )
    count = get_store("communication_record").import_rows(
        [{"contacted_at": NOW, "customer": "*女士", "contact": "5678", "channel": "online", "request": "保修期多久",
          "result": "一年", "follow_up": None}],
        by=people.operator,
        now=NOW,
    )  # fmt: skip
    count += get_store("inquiry_record").import_rows(
        [{"number": "OLD-1", "called_at": NOW, "description": "门禁坏了", "resolved": False,
          "ticket_number": "20260316-07-001", "operator": "王芳"}],
        by=people.operator,
        now=NOW,
    )  # fmt: skip
    assert count == 2
    rows = inquiries.list_inquiries(now=NOW)
    assert {row.number for row in rows} == {"ZX20260316-001", "OLD-1"}
    old = next(row for row in rows if row.number == "OLD-1")
    assert (old.open, old.sheet_number) == (True, "20260316-07-001")
    with pytest.raises(UserError, match="OLD-1 is taken already"):
        get_store("inquiry_record").import_rows(
            [{"number": "OLD-1", "called_at": NOW, "description": "again"}], by=None, now=NOW
        )
