"""CSV/XLSX export and all-or-nothing import, against an in-memory record store for the real problem sheet."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.formspec.loader import UnknownFormError
from desktop.models.audit import AuditEvent
from desktop.services import records
from desktop.services.import_export import export_records, import_records, neutralise, restore

NOW = datetime(2026, 3, 16, 9, 0)


class FakeStore:
    """A record store that keeps rows in a list."""

    slug = "problem_sheet"

    def __init__(self, rows: list[dict[str, Any]] | None = None) -> None:
        self.rows = list(rows or [])
        self.import_calls = 0

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        return [dict(row) for row in self.rows]

    def get_values(self, number: str) -> dict[str, Any] | None:
        return next((dict(row) for row in self.rows if row.get("number") == number), None)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        self.import_calls += 1
        self.rows.extend(rows)
        return len(rows)


SAMPLE = [
    {
        "number": "20260316-07-001",
        "category": "technical",
        "customer_name": "王小明",
        "contact_person": None,
        "mobile": "+86 138 0013 8000",
        "office_phone": "-",  # filled in below with a valid value; see test
        "site": '=HYPERLINK("http://evil")',
        "address": "@SUM(1+1)",
        "description": "ATM 吞卡,\n客户要求尽快处理。<b>急</b> &amp; 😀",
        "intake_by": "李工",
        "intake_date": date(2026, 3, 16),
        "handed_over_at": datetime(2026, 3, 16, 10, 30),
        "status": "received",
    },
    {
        "number": "20260316-07-002",
        "category": "sales",
        "customer_name": "'=already quoted",
        "description": "-5 is a negative start",
        "status": "transferred",
    },
]


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_ui_language("en")


@pytest.fixture
def store(db: peewee.SqliteDatabase) -> Iterator[FakeStore]:
    sample = [dict(row) for row in SAMPLE]
    sample[0]["office_phone"] = "(021) 5555-0100 ext 23"
    fake = FakeStore(sample)
    records.register_store(fake)
    yield fake
    records.unregister_store("problem_sheet")


def _complete(row: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {key: row.get(key) for key in keys}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip(store: FakeStore, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"problems{suffix}"
    assert export_records("problem_sheet", path, by=None, now=NOW) == 2
    original = store.list_values()
    store.rows.clear()
    assert import_records("problem_sheet", path, by=None, now=NOW) == 2
    keys = sorted({key for row in original for key in row} | {key for row in store.rows for key in row})
    assert [_complete(row, keys) for row in store.rows] == [_complete(row, keys) for row in original]


def test_csv_has_bom_key_header_and_neutralised_formulas(store: FakeStore, tmp_path: Path) -> None:
    path = tmp_path / "problems.csv"
    export_records("problem_sheet", path, by=None, now=NOW)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0])[:3] == ["number", "category", "customer_name"]
    assert "intake_by" in table[0]
    assert table[0]["site"] == '\'=HYPERLINK("http://evil")'
    assert table[0]["address"] == "'@SUM(1+1)"
    assert table[0]["mobile"] == "'+86 138 0013 8000"
    assert table[0]["intake_date"] == "2026-03-16"
    assert table[0]["handed_over_at"] == "2026-03-16 10:30"
    assert table[1]["customer_name"] == "''=already quoted"
    assert table[1]["description"] == "'-5 is a negative start"


def test_xlsx_cells_are_text_and_formulas_neutralised(store: FakeStore, tmp_path: Path) -> None:
    path = tmp_path / "problems.xlsx"
    export_records("problem_sheet", path, by=None, now=NOW)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    site = sheet.cell(row=2, column=header.index("site") + 1)
    assert site.value == '\'=HYPERLINK("http://evil")'
    assert site.data_type == "s"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    labels = workbook["fields"]
    assert [cell.value for cell in labels[3]] == ["category", "用户问题类别", "Problem category", "choice"]


def test_export_is_audited(store: FakeStore, tmp_path: Path) -> None:
    export_records("problem_sheet", tmp_path / "p.csv", by=None, now=NOW)
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert (event.action, event.record_type, event.summary) == ("export", "problem_sheet", "2 rows to p.csv")


@pytest.mark.parametrize(
    ("value", "guarded"), [("=1", "'=1"), ("'=1", "''=1"), ("a=1", "a=1"), ("'a", "'a"), ("", "")]
)
def test_neutralise_and_restore(value: str, guarded: str) -> None:
    assert neutralise(value) == guarded
    assert restore(guarded) == value


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


HEADER = ["category", "customer_name", "description", "mobile", "intake_date"]


def test_bad_rows_reported_by_line_and_nothing_imported(store: FakeStore, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "in.csv",
        [
            HEADER,
            ["technical", "甲", "ok", "13800138000", "2026-03-16"],
            ["", "", "", "", ""],
            ["service", "乙", "ok", "12", "2026-03-16"],
            ["销售", "", "ok", "", "16/03/2026"],
            ["nonsense", "丁", "multi\nline", "", ""],
        ],
    )
    before = store.list_values()
    with pytest.raises(UserError) as info:
        import_records("problem_sheet", path, by=None, now=NOW)
    assert info.value.message.splitlines() == [
        "Nothing was imported from in.csv:",
        "line 4: mobile: Phone (mobile): 12 is not a valid phone number.",
        "line 5: customer_name: Customer name is required.",
        "line 5: intake_date: Date: 16/03/2026 is not a valid date (use YYYY-MM-DD).",
        "line 6: category: Problem category: nonsense is not one of the choices.",
    ]
    assert store.import_calls == 0
    assert store.list_values() == before


def test_good_file_imports_labels_and_keys(store: FakeStore, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "in.csv",
        [HEADER, ["技术质量", "甲", "吞卡", "", "2026-03-16"], ["other", "乙", "'=1+1", "", ""]],
    )
    assert import_records("problem_sheet", path, by=None, now=NOW) == 2
    assert store.rows[-2]["category"] == "technical"
    assert store.rows[-1]["description"] == "=1+1"
    assert store.rows[-2]["intake_date"] == date(2026, 3, 16)


def test_too_many_cells(store: FakeStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [HEADER, ["technical", "甲", "x", "", "", "extra"]])
    with pytest.raises(UserError) as info:
        import_records("problem_sheet", path, by=None, now=NOW)
    assert "line 2: 6 cells but only 5 columns" in info.value.message


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            ["category", "customer_name", "description", "colour"],
            "Column colour is not a field of form problem_sheet (see: frontdesk forms --fields problem_sheet).",
        ),
        (["category", "description"], "Column customer_name is missing; form problem_sheet requires it."),
        (["category", "customer_name", "description", "category"], "Column category appears twice."),
        (
            ["category", "customer_name", "description", ""],
            "A column has no name in the first row; it must hold field keys.",
        ),
    ],
)
def test_bad_header(store: FakeStore, tmp_path: Path, header: list[str], message: str) -> None:
    path = write_csv(tmp_path / "in.csv", [header])
    with pytest.raises(UserError) as info:
        import_records("problem_sheet", path, by=None, now=NOW)
    assert info.value.message == message


def test_xlsx_with_excel_typed_cells(store: FakeStore, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["category", "customer_name", "description", "intake_date", "handed_over_at", "mobile"])
    sheet.append(["service", "丙", "x", datetime(2026, 3, 16), datetime(2026, 3, 16, 14, 5), 13800138000])
    path = tmp_path / "typed.xlsx"
    workbook.save(path)
    assert import_records("problem_sheet", path, by=None, now=NOW) == 1
    row = store.rows[-1]
    assert row["intake_date"] == date(2026, 3, 16)
    assert row["handed_over_at"] == datetime(2026, 3, 16, 14, 5)
    assert row["mobile"] == "13800138000"


def test_unreadable_files(store: FakeStore, tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(",".join(HEADER).encode() + "\n技术质量,甲,乙,,\n".encode("gbk"))
    with pytest.raises(UserError, match="not UTF-8"):
        import_records("problem_sheet", gbk, by=None, now=NOW)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(UserError, match=r"not an Excel \.xlsx workbook"):
        import_records("problem_sheet", fake, by=None, now=NOW)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        import_records("problem_sheet", empty, by=None, now=NOW)
    with pytest.raises(UserError, match=r"Use a \.csv or \.xlsx file"):
        import_records("problem_sheet", tmp_path / "x.txt", by=None, now=NOW)


def test_form_without_records(db: peewee.SqliteDatabase, tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        export_records("repair_notice", tmp_path / "k.csv", by=None, now=NOW)
    assert (
        info.value.message
        == "Form repair_notice has no records in FrontDesk yet; it can only be printed blank."
    )
    with pytest.raises(UnknownFormError):
        export_records("no_such_form", tmp_path / "k.csv", by=None, now=NOW)
    assert not (tmp_path / "k.csv").exists()


def test_unwritable_target(store: FakeStore, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Could not write"):
        export_records("problem_sheet", tmp_path / "missing" / "p.csv", by=None, now=NOW)
