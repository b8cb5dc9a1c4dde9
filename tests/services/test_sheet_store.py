"""Problem sheets through the generic record store: export → import round trip, numbers kept or given."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.models.ticket import ProblemSheet
from desktop.services import sheets
from desktop.services.import_export import export_records, import_records
from desktop.services.records import get_store
from tests.services.sheet_fixtures import NOW, People, make_people, sheet_values


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield


@pytest.fixture
def people(db: peewee.SqliteDatabase) -> People:
    return make_people()


def some_sheets(people: People) -> list[sheets.SheetRow]:
    a = sheets.file_sheet(sheet_values(), by=people.operator, now=NOW)
    b = sheets.file_sheet(sheet_values(customer_name="Smith", category="sales"), by=people.operator, now=NOW)
    c = sheets.file_sheet(
        sheet_values(customer_name="李娜", description="门禁=刷卡失败"), by=people.operator, now=NOW
    )
    sheets.hand_over(a.id, staff_id=people.engineer, by=people.operator, now=NOW)
    sheets.hand_over(b.id, department_id=people.sales, by=people.operator, now=NOW)
    sheets.record_result(b.id, result="已报价", by=people.sales_head, now=NOW)
    sheets.review(b.id, comment="同意", by=people.head, now=NOW)
    sheets.solve_on_phone(c.id, solution="重新授权门禁卡", by=people.operator, now=NOW)
    return [sheets.get_sheet(row.id, now=NOW) for row in (a, b, c)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_an_empty_book_gives_the_same_sheets(
    people: People, tmp_path: Path, suffix: str
) -> None:
    originals = some_sheets(people)
    path = tmp_path / f"sheets{suffix}"
    assert export_records("problem_sheet", path, by=people.manager, now=NOW) == 3
    store = get_store("problem_sheet")
    before = store.list_values()
    ProblemSheet.delete().execute()
    assert import_records("problem_sheet", path, by=people.manager, now=NOW) == 3
    assert store.list_values() == before
    imported = [sheets.get_sheet_by_number(row.number, now=NOW) for row in originals]
    assert [(row.status, row.handed_to_staff_id, row.handed_to_department_id) for row in imported if row] == [
        (row.status, row.handed_to_staff_id, row.handed_to_department_id) for row in originals
    ]


def test_import_numbers_rows_without_a_number_and_refuses_taken_numbers(people: People) -> None:
    sheets.file_sheet(sheet_values(), by=people.operator, now=NOW)
    store = get_store("problem_sheet")
    row = {key: value for key, value in store.list_values()[0].items() if key != "number"}
    with pytest.raises(
        UserError, match=r"^Sheet number 20260316-07-001 is taken already; nothing was imported\.$"
    ):
        store.import_rows([{**row, "number": "20260316-07-001"}], by=people.operator, now=NOW)
    with pytest.raises(UserError, match="appears twice"):
        store.import_rows([{**row, "number": "X-1"}, {**row, "number": "X-1"}], by=people.operator, now=NOW)
    assert store.import_rows([row, {**row, "number": "20260316-07-002"}], by=people.operator, now=NOW) == 2
    numbers = [value["number"] for value in store.list_values()]
    assert numbers == ["20260316-07-001", "20260316-07-003", "20260316-07-002"]
    # the next sheet filed skips the number the import kept
    assert sheets.file_sheet(sheet_values(), by=people.operator, now=NOW).number == "20260316-07-004"


def test_print_values_include_the_due_moments(people: People) -> None:
    row = sheets.file_sheet(sheet_values(), by=people.operator, now=datetime(2026, 3, 13, 17, 29))
    values = get_store("problem_sheet").get_values(row.number)
    assert values is not None
    assert (values["received_at"], values["handover_due"], values["status"]) == (
        datetime(2026, 3, 13, 17, 29),
        datetime(2026, 3, 16, 10, 29),
        "received",
    )
