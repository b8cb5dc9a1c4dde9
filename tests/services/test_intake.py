"""The engineer's intake register (F02): entries linked to sheets, appointments, the register store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

import peewee
import pytest

from desktop import i18n
from desktop.errors import ConflictError, UserError
from desktop.services import audit, intake, sheets
from desktop.services.records import get_store
from tests.services.sheet_fixtures import NOW, People, make_people, sheet_values


def exact(message: str) -> str:
    return f"^{re.escape(message)}$"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> People:
    return make_people()


@pytest.fixture
def sheet(people: People) -> sheets.SheetRow:
    row = sheets.file_sheet(sheet_values(), by=people.operator, now=NOW)
    return sheets.hand_over(row.id, staff_id=people.engineer, by=people.operator, now=NOW)


def test_intake_starts_from_the_sheet_and_records_the_appointment(
    people: People, sheet: sheets.SheetRow
) -> None:
    accepted = datetime(2026, 3, 16, 9, 30)
    row = intake.record_intake(
        sheet.id,
        {
            "requested_by": datetime(2026, 3, 17, 12, 0),
            "agreed_at": datetime(2026, 3, 17, 9, 0),
            "repair_place": "招商银行南山支行 ATM室",
        },
        by=people.engineer,
        now=accepted,
    )
    assert (row.number, row.sheet_number, row.engineer, row.engineer_id) == (
        "SL20260316-001",
        "20260316-07-001",
        "赵强",
        people.engineer,
    )
    assert (row.customer_name, row.phone, row.site, row.summary) == (
        "张伟",
        "13800138000",
        "招商银行南山支行",
        "ATM吞卡,客户卡未退出",
    )
    assert (row.accepted_at, row.agreed_at) == (accepted, datetime(2026, 3, 17, 9, 0))
    assert audit.history("intake_register", row.id)[0].staff_name == "赵强"

    done = intake.update_intake(
        row.id,
        {"completed_at": datetime(2026, 3, 17, 10, 15), "result": "更换读卡器"},
        expected_version=1,
        by=people.engineer,
        now=NOW,
    )
    assert (done.completed_at, done.result, done.version) == (datetime(2026, 3, 17, 10, 15), "更换读卡器", 2)
    with pytest.raises(ConflictError):
        intake.update_intake(row.id, {"result": "x"}, expected_version=1, by=people.engineer, now=NOW)


def test_refusals(people: People, sheet: sheets.SheetRow) -> None:
    with pytest.raises(UserError, match=exact("There is no problem sheet with id 99.")):
        intake.record_intake(99, {}, by=people.engineer, now=NOW)
    with pytest.raises(UserError, match=exact("Choose the engineer who accepted the problem.")):
        intake.record_intake(sheet.id, {}, by=None, now=NOW)
    with pytest.raises(UserError, match=exact("The problem cannot be completed before it was accepted.")):
        intake.record_intake(
            sheet.id, {"completed_at": datetime(2026, 3, 15, 9, 0)}, by=people.engineer, now=NOW
        )


def test_list_by_engineer_and_open_only(people: People, sheet: sheets.SheetRow) -> None:
    first = intake.record_intake(sheet.id, {}, by=people.engineer, now=NOW)
    other = intake.record_intake(sheet.id, {"engineer_id": people.head}, by=people.operator, now=NOW)
    intake.update_intake(first.id, {"completed_at": NOW}, expected_version=1, by=people.engineer, now=NOW)
    assert [row.id for row in intake.list_intake(people.engineer)] == [first.id]
    assert [row.id for row in intake.list_intake(open_only=True)] == [other.id]
    assert [row.id for row in intake.list_intake(sheet_id=sheet.id, date_from=date(2026, 3, 16))] == [
        first.id,
        other.id,
    ]


def test_register_store_round_trip(people: People, sheet: sheets.SheetRow) -> None:
    row = intake.record_intake(
        sheet.id, {"agreed_at": datetime(2026, 3, 17, 9, 0)}, by=people.engineer, now=NOW
    )
    store = get_store("intake_register")
    values = store.get_values(row.number)
    assert values is not None
    assert (values["ticket_number"], values["engineer"], values["agreed_at"]) == (
        "20260316-07-001",
        "赵强",
        datetime(2026, 3, 17, 9, 0),
    )
    copy = {**values, "number": None}
    assert store.import_rows([copy], by=people.engineer, now=NOW) == 1
    assert [r.engineer_id for r in intake.list_intake()] == [people.engineer, people.engineer]
    with pytest.raises(
        UserError, match=exact("There is no problem sheet numbered NOPE; nothing was imported.")
    ):
        store.import_rows([{**copy, "ticket_number": "NOPE"}], by=None, now=NOW)
