"""The register services: visitors, archive and loans, disposals, notices, the call tally (issue 8)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError, ValidationError
from desktop.models.audit import AuditEvent
from desktop.models.staff import Staff
from desktop.rules import registers as rules
from desktop.services import call_tally, disposals, documents, notices, records, visitors
from desktop.services.authz import PermissionDenied
from desktop.services.due import collect_due
from desktop.services.register_book import RegisterQuery, get_book

NOW = datetime(2026, 3, 16, 9, 0)  # a Monday; the office closes at 17:30


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_ui_language("en")


def _staff(no: str, name: str, role: str) -> int:
    return int(
        Staff.create(employee_no=no, name=name, role=role, active=True, created_at=NOW, updated_at=NOW).id
    )


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> dict[str, int]:
    return {
        "desk": _staff("KF002", "王芳", "receptionist"),
        "head": _staff("KF005", "刘洋", "department_head"),
        "manager": _staff("ZR001", "黄志华", "manager"),
    }


# ---- visitors ---------------------------------------------------------------------------------------------


def _visit(people: dict[str, int], name: str = "张三", *, now: datetime = NOW, **values: object):
    return visitors.register_visitor(
        {"visitor_name": name, "purpose": "business", "people": 2, "id_checked": True, **values},
        by=people["desk"],
        now=now,
    )


def test_visitor_is_signed_in_with_number_receptionist_and_registration_time(people: dict[str, int]) -> None:
    row = _visit(people, organisation="华为技术", person_visited="3-2-502")
    assert row.number == "FK20260316-001"
    assert row.values["receptionist"] == "王芳"
    assert row.values["arrived_at"] == time(9, 0)
    assert row.values["registered_at"] == NOW
    assert row.values["people"] == 2 and row.values["id_checked"] is True
    assert row.status == visitors.ON_SITE
    assert AuditEvent.select().where(AuditEvent.record_type == "visitor").count() == 1


def test_visitor_needs_name_and_purpose(people: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as caught:
        visitors.register_visitor({"visitor_name": ""}, by=people["desk"], now=NOW)
    assert set(caught.value.errors) == {"visitor_name", "purpose"}


def test_sign_out_in_one_call_and_only_once(people: dict[str, int]) -> None:
    row = _visit(people)
    left = visitors.sign_out(row.id, by=people["desk"], now=NOW + timedelta(minutes=45))
    assert left.values["left_at"] == time(9, 45)
    assert left.status == visitors.LEFT
    with pytest.raises(UserError, match="already signed out at 09:45"):
        visitors.sign_out(row.id, by=people["desk"], now=NOW + timedelta(hours=1))


def test_visitors_on_site_at_closing_time_are_on_the_today_board(people: dict[str, int]) -> None:
    stays = _visit(people, "张三")
    leaves = _visit(people, "李四")
    visitors.sign_out(leaves.id, by=people["desk"], now=NOW + timedelta(hours=1))
    before = [
        item for item in collect_due(now=datetime(2026, 3, 16, 17, 0)) if item.kind == visitors.DUE_ON_SITE
    ]
    assert [(item.number, item.overdue) for item in before] == [(stays.number, False)]
    assert before[0].due_at == datetime(2026, 3, 16, 17, 30)
    after = [
        item for item in collect_due(now=datetime(2026, 3, 16, 17, 45)) if item.kind == visitors.DUE_ON_SITE
    ]
    assert [(item.number, item.overdue) for item in after] == [(stays.number, True)]
    assert "张三" in after[0].title
    assert [row.id for row in visitors.on_site_at_closing(now=datetime(2026, 3, 16, 17, 45))] == [stays.id]
    assert visitors.on_site_at_closing(now=datetime(2026, 3, 16, 17, 0)) == []


def test_visitor_list_filters_search_and_sort(people: dict[str, int]) -> None:
    _visit(people, "张三", organisation="华为技术")
    second = _visit(people, "李四", now=NOW + timedelta(hours=1), organisation="腾讯科技")
    visitors.sign_out(second.id, by=people["desk"], now=NOW + timedelta(hours=2))
    book = get_book("visitor_register")
    assert [row.values["visitor_name"] for row in book.rows(RegisterQuery(), now=NOW)] == ["李四", "张三"]
    assert [r.values["visitor_name"] for r in book.rows(RegisterQuery(text="腾讯"), now=NOW)] == ["李四"]
    assert book.count(RegisterQuery(status=visitors.ON_SITE), now=NOW) == 1
    ordered = book.rows(RegisterQuery(sort_key="visitor_name", descending=False), now=NOW)
    assert [row.values["visitor_name"] for row in ordered] == sorted(["李四", "张三"])
    assert book.count(RegisterQuery(date_from=date(2026, 3, 17)), now=NOW) == 0


# ---- archive and loans ------------------------------------------------------------------------------------


def _document(people: dict[str, int], title: str = "购房合同", *, confidential: bool = False):
    return documents.add_document(
        {
            "unit": "3-2-502",
            "owner": "张三",
            "category": "move_in",
            "title": title,
            "confidential": confidential,
        },
        by=people["desk"],
        now=NOW,
    )


def _loan(people: dict[str, int], document_id: int, **values: object):
    return documents.request_loan(
        document_id,
        {"borrower": "吴刚", "department": "工程部", "reason": "核对装修图纸", **values},
        by=people["desk"],
        now=NOW,
    )


def test_archive_list_is_updated_when_documents_are_added_or_removed(people: dict[str, int]) -> None:
    contract = _document(people)
    plan = _document(people, "装修方案")
    assert [row["title"] for row in documents.archive_list_rows("3-2-502")] == ["购房合同", "装修方案"]
    documents.remove_document(plan.id, reason="退还业主", by=people["desk"], now=NOW + timedelta(days=1))
    assert [row["title"] for row in documents.archive_list_rows("3-2-502")] == ["购房合同"]
    removed = get_book("archive_list").get(plan.id)
    assert removed.status == documents.REMOVED and removed.removed_on == date(2026, 3, 17)
    assert documents.archive_units() == ["3-2-502"]
    assert contract.values["changed_date"] == NOW.date()


def test_confidential_files_cannot_be_lent(people: dict[str, int]) -> None:
    secret = _document(people, "业主身份证复印件", confidential=True)
    with pytest.raises(UserError) as caught:
        _loan(people, secret.id)
    assert caught.value.message == (
        "3-2-502 业主身份证复印件 is confidential (an owner's or tenant's personal documents): "
        "it cannot be lent or copied."
    )
    assert get_book("document_loan").count(RegisterQuery(), now=NOW) == 0


def test_approval_before_lending(people: dict[str, int]) -> None:
    item = _document(people)
    loan = _loan(people, item.id)
    assert loan.status == rules.LOAN_REQUESTED
    assert loan.values["due_date"] == NOW.date() + timedelta(days=rules.DEFAULT_LOAN_DAYS)
    with pytest.raises(UserError, match="must approve the loan before the file leaves"):
        documents.hand_out(loan.id, by=people["desk"], now=NOW)
    with pytest.raises(PermissionDenied, match="may not approve a loan"):
        documents.approve_loan(loan.id, by=people["desk"], now=NOW)
    approved = documents.approve_loan(loan.id, by=people["manager"], now=NOW + timedelta(minutes=5))
    assert approved.values["approved_by"] == "黄志华"
    out = documents.hand_out(loan.id, by=people["desk"], now=NOW + timedelta(minutes=10))
    assert out.status == rules.LOAN_OUT
    assert get_book("archive_list").get(item.id).status == documents.LENT
    with pytest.raises(UserError, match="already lent"):
        _loan(people, item.id)
    back = documents.return_document(loan.id, by=people["desk"], now=NOW + timedelta(days=1))
    assert back.status == rules.LOAN_RETURNED and back.values["returned_date"] == date(2026, 3, 17)
    assert get_book("archive_list").get(item.id).status == documents.KEPT


def test_overdue_files_are_on_the_today_board(people: dict[str, int]) -> None:
    item = _document(people)
    loan = _loan(people, item.id, due_date=date(2026, 3, 17))
    documents.approve_loan(loan.id, by=people["manager"], now=NOW)
    documents.hand_out(loan.id, by=people["desk"], now=NOW)

    def loans(now: datetime) -> list[tuple[str, bool]]:
        return [(i.number, i.overdue) for i in collect_due(now=now) if i.kind == documents.DUE_LOAN]

    assert loans(datetime(2026, 3, 16, 12)) == []
    assert loans(datetime(2026, 3, 17, 12)) == [(loan.number, False)]
    assert loans(datetime(2026, 3, 18, 9)) == [(loan.number, True)]
    book = get_book("document_loan")
    assert book.count(RegisterQuery(status=documents.OVERDUE), now=datetime(2026, 3, 18, 9)) == 1


# ---- disposals ----------------------------------------------------------------------------------------------


def _disposal(people: dict[str, int]):
    item = _document(people, "2019年装修押金收据")
    return disposals.propose_disposal(
        {"reason": "expired", "retention": "5年"}, item_id=item.id, by=people["head"], now=NOW
    ), item


def test_disposal_is_reviewed_approved_and_destroyed_before_two_witnesses(people: dict[str, int]) -> None:
    disposal, item = _disposal(people)
    assert disposal.values["document"] == "2019年装修押金收据" and disposal.values["archive"] == "3-2-502"
    with pytest.raises(UserError, match="supervisor must review"):
        disposals.approve_disposal(disposal.id, by=people["manager"], now=NOW)
    with pytest.raises(PermissionDenied):
        disposals.review_disposal(disposal.id, by=people["desk"], now=NOW)
    disposals.review_disposal(disposal.id, by=people["head"], now=NOW)
    with pytest.raises(PermissionDenied):
        disposals.approve_disposal(disposal.id, by=people["head"], now=NOW)
    approved = disposals.approve_disposal(disposal.id, by=people["manager"], now=NOW)
    assert (approved.values["reviewer"], approved.values["approver"]) == ("刘洋", "黄志华")
    with pytest.raises(UserError, match="At least two people must be present"):
        disposals.record_destruction(disposal.id, ["王芳"], by=people["head"], now=NOW)
    assert disposals.witnesses(disposal.id) == []
    done = disposals.record_destruction(disposal.id, ["王芳", "刘洋"], by=people["head"], now=NOW)
    assert done.status == rules.DISPOSAL_DESTROYED
    assert (done.values["witness_1"], done.values["witness_2"]) == ("王芳", "刘洋")
    assert get_book("archive_list").get(item.id).status == documents.DISPOSED


# ---- notices -------------------------------------------------------------------------------------------------


def test_notice_expiry_reminder_until_taken_down(people: dict[str, int]) -> None:
    notice = notices.post_notice(
        {"title": "停水通知", "branch": "阳光花园服务中心", "approved_by": "黄志华", "posted_where": "1栋大堂",
         "expires_on": date(2026, 3, 18)},
        by=people["desk"],
        now=NOW,
    )  # fmt: skip

    def reminders(now: datetime) -> list[tuple[str, bool]]:
        return [(i.number, i.overdue) for i in collect_due(now=now) if i.kind == notices.DUE_TAKE_DOWN]

    assert reminders(datetime(2026, 3, 17, 18)) == []
    assert reminders(datetime(2026, 3, 18, 9)) == [(notice.number, False)]
    assert reminders(datetime(2026, 3, 19, 9)) == [(notice.number, True)]
    assert get_book("notice_register").get(notice.id) is not None
    taken = notices.take_down(notice.id, by=people["desk"], now=datetime(2026, 3, 19, 9, 5))
    assert taken.status == notices.TAKEN_DOWN and taken.values["taken_down_by"] == "王芳"
    assert reminders(datetime(2026, 3, 19, 10)) == []


def test_notice_cannot_expire_before_it_is_issued(people: dict[str, int]) -> None:
    with pytest.raises(UserError, match="cannot expire before"):
        notices.post_notice(
            {"title": "通知", "branch": "服务中心", "approved_by": "黄志华", "expires_on": date(2026, 3, 1)},
            by=people["desk"],
            now=NOW,
        )


def test_phone_notice_records_time_event_and_person(people: dict[str, int]) -> None:
    row = notices.record_phone_notice(
        {"event": "2栋停电抢修", "person_notified": "李四", "phone": "13800138000"},
        by=people["desk"],
        now=NOW,
    )
    assert row.values["notified_at"] == NOW and row.values["notified_by"] == "王芳"
    with pytest.raises(ValidationError) as caught:
        notices.record_phone_notice({"event": ""}, by=people["desk"], now=NOW)
    assert set(caught.value.errors) == {"event", "person_notified"}


# ---- the call tally ------------------------------------------------------------------------------------------


def test_tally_counts_per_day_and_month(people: dict[str, int]) -> None:
    desk = people["desk"]
    for _ in range(3):
        call_tally.count_call("technical", by=desk, now=NOW)
    today = call_tally.count_call("service", by=desk, now=NOW)
    assert today.counts == {"technical": 3, "service": 1, "sales": 0, "other": 0} and today.total == 4
    call_tally.count_call("technical", by=desk, now=datetime(2026, 3, 2, 10))
    call_tally.count_call("other", by=desk, now=datetime(2026, 4, 1, 10))
    assert call_tally.counts_for_day(NOW.date()).counts["technical"] == 3
    month = call_tally.counts_for_month(NOW.date())
    assert month.counts == {"technical": 4, "service": 1, "sales": 0, "other": 0}
    assert call_tally.counts_by_day(date(2026, 3, 1), date(2026, 3, 31)) == {
        date(2026, 3, 2): {"technical": 1, "service": 0, "sales": 0, "other": 0},
        date(2026, 3, 16): {"technical": 3, "service": 1, "sales": 0, "other": 0},
    }
    daily = call_tally.report_rows(NOW.date(), NOW.date())
    assert [(row["category"], row["count"], row["tally"], row["operator"]) for row in daily] == [
        ("technical", 3, "下", "王芳"),
        ("service", 1, "一", "王芳"),
    ]
    monthly = call_tally.report_rows(date(2026, 3, 1), date(2026, 3, 31), per_day=False)
    assert [(row["category"], row["count"]) for row in monthly] == [
        ("technical", 4), ("service", 1), ("sales", 0), ("other", 0)
    ]  # fmt: skip


def test_undo_takes_back_the_last_stroke(people: dict[str, int]) -> None:
    call_tally.count_call("technical", by=people["desk"], now=NOW)
    call_tally.count_call("sales", by=people["desk"], now=NOW + timedelta(minutes=1))
    counts = call_tally.undo_last_call(by=people["desk"], now=NOW + timedelta(minutes=2))
    assert counts.counts["sales"] == 0 and counts.counts["technical"] == 1
    with pytest.raises(UserError, match="no call today"):
        call_tally.undo_last_call(by=people["head"], now=NOW)
    with pytest.raises(UserError, match="Unknown call category"):
        call_tally.count_call("weather", by=people["desk"], now=NOW)


# ---- stores and printing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug",
    ["visitor_register", "archive_list", "document_loan", "document_disposal", "notice_register",
     "phone_notice_register", "call_tally"],
)  # fmt: skip
def test_every_register_has_a_record_store(slug: str, db: peewee.SqliteDatabase) -> None:
    assert records.has_store(slug)
    assert records.get_store(slug).list_values() == []


def test_store_round_trip_and_import(people: dict[str, int]) -> None:
    row = _visit(people)
    store = records.get_store("visitor_register")
    values = store.get_values(row.number)
    assert values is not None and values["visitor_name"] == "张三"
    assert (
        store.import_rows(
            [
                {
                    "visitor_name": "王五",
                    "purpose": "tour",
                    "visit_date": date(2026, 3, 1),
                    "arrived_at": time(10),
                }
            ],
            by=people["desk"],
            now=NOW,
        )
        == 1
    )
    assert [v["visitor_name"] for v in store.list_values()] == ["张三", "王五"]
    call_tally.count_call("technical", by=people["desk"], now=NOW)
    tally = records.get_store("call_tally")
    assert tally.get_values("20260316-1")["count"] == 1  # type: ignore[index]
    tally.import_rows([{"tally_date": date(2026, 3, 2), "category": "sales", "count": 6}], by=None, now=NOW)
    assert call_tally.counts_for_day(date(2026, 3, 2)).counts["sales"] == 6


def test_demo_fills_every_register_in_every_state(db: peewee.SqliteDatabase) -> None:
    from desktop.services import demo

    now = datetime(2026, 3, 16, 9, 0)
    summary = demo.fill_demo(now=now)
    assert summary.extra["visitors"] >= 5 and summary.extra["calls tallied"] >= 10
    loans = get_book("document_loan").rows(RegisterQuery(), now=now)
    assert {row.status for row in loans} == set(rules.LOAN_STATUSES) - {rules.LOAN_APPROVED}
    assert any(row.attention for row in loans)
    assert {row.status for row in get_book("document_disposal").rows(RegisterQuery(), now=now)} == set(
        rules.DISPOSAL_STATUSES
    )
    assert get_book("visitor_register").count(RegisterQuery(status=visitors.ON_SITE), now=now) >= 2
    kinds = {item.kind for item in collect_due(now=datetime(2026, 3, 16, 17, 45))}
    assert {visitors.DUE_ON_SITE, documents.DUE_LOAN, notices.DUE_TAKE_DOWN} <= kinds
    assert call_tally.counts_for_month(now.date()).total > 0
