"""CSV/XLSX export and all-or-nothing import, against an in-memory record store for the real problem sheet."""

from __future__ import annotations

import csv
import sqlite3
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
from desktop.models.database import close_database, open_database
from desktop.services import records
from desktop.services.import_export import (
    ImportCancelledError,
    export_records,
    import_file,
    import_records,
    neutralise,
    restore,
)

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


@pytest.mark.parametrize(
    ("encoding", "prefix", "found"),
    [
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),  # Excel's "CSV UTF-8"
        ("utf-8", b"", "utf-8"),
        ("gbk", b"", "gb18030"),  # a Chinese Windows Excel's plain "CSV"
        ("gb18030", b"", "gb18030"),  # and a character outside GBK: 𠀋 (a four-byte GB18030 sequence)
    ],
)
def test_csv_in_every_encoding_excel_writes(
    store: FakeStore, tmp_path: Path, encoding: str, prefix: bytes, found: str
) -> None:
    name = "张𠀋" if encoding == "gb18030" else "张三"
    text = ",".join(HEADER) + f"\r\n技术质量,{name},ATM吞卡,,2026-03-16\r\n"
    path = tmp_path / "from_excel.csv"
    path.write_bytes(prefix + text.encode(encoding))
    report = import_file("problem_sheet", path, by=None, now=NOW)
    assert (report.added, report.encoding) == (1, found)
    assert (store.rows[-1]["customer_name"], store.rows[-1]["description"]) == (name, "ATM吞卡")


def test_rows_already_there_are_skipped_and_reported_unless_allowed(store: FakeStore, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "in.csv",
        [HEADER, ["technical", "甲", "吞卡", "", "2026-03-16"], ["other", "乙", "卡纸", "", ""]],
    )
    assert import_file("problem_sheet", path, by=None, now=NOW).added == 2
    again = import_file("problem_sheet", path, by=None, now=NOW)
    assert (again.added, again.skipped_lines) == (0, (2, 3))
    assert again.skipped_text() == "Skipped as already there (same values): 2 (line 2, 3)."
    write_csv(
        path,
        [HEADER, ["technical", "甲", "吞卡", "", "2026-03-16"], ["other", "乙", "卡纸 ", "", "2026-03-17"]],
    )
    changed = import_file("problem_sheet", path, by=None, now=NOW)
    assert (changed.added, changed.skipped_lines) == (1, (2,))  # a different date is a different record
    allowed = import_file("problem_sheet", path, by=None, now=NOW, allow_duplicates=True)
    assert (allowed.added, allowed.skipped) == (2, 0)


def test_progress_is_reported_and_a_cancel_imports_nothing(store: FakeStore, tmp_path: Path) -> None:
    rows = [HEADER] + [["other", f"客户{index}", "咨询", "", ""] for index in range(1200)]
    path = write_csv(tmp_path / "many.csv", rows)
    seen: list[tuple[str, int, int]] = []
    report = import_file("problem_sheet", path, by=None, now=NOW, progress=lambda *step: seen.append(step))
    assert report.added == 1200
    assert seen == [
        ("checking", 500, 1200), ("checking", 1000, 1200), ("checking", 1200, 1200),
        ("writing", 500, 1200), ("writing", 1000, 1200), ("writing", 1200, 1200),
    ]  # fmt: skip
    before = len(store.rows)

    def stop(stage: str, done: int, total: int) -> None:
        if stage == "writing":
            raise ImportCancelledError()

    path = write_csv(
        tmp_path / "more.csv", [HEADER] + [["other", f"新客户{i}", "咨询", "", ""] for i in range(900)]
    )
    with pytest.raises(ImportCancelledError):
        import_file("problem_sheet", path, by=None, now=NOW, progress=stop)
    assert len(store.rows) == before + 500  # the fake store has no transaction; the real ones roll back


def test_unreadable_files(store: FakeStore, tmp_path: Path) -> None:
    binary = tmp_path / "binary.csv"
    binary.write_bytes(",".join(HEADER).encode() + b"\n\xff\xfe\x80,\x81\n")
    with pytest.raises(UserError, match=r"neither UTF-8 nor GB18030"):
        import_records("problem_sheet", binary, by=None, now=NOW)
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


VISITOR_HEADER = ["visitor_name", "visit_date", "arrived_at", "purpose", "receptionist"]


def visitors_csv(path: Path, count: int) -> Path:
    rows = [[f"访客{index}", "2026-03-16", f"09:{index % 60:02d}", "other", "王芳"] for index in range(count)]
    return write_csv(path, [VISITOR_HEADER, *rows])


def test_a_cancelled_import_into_a_real_register_leaves_nothing(
    db: peewee.SqliteDatabase, tmp_path: Path
) -> None:
    from desktop.models.register import Visitor

    path = visitors_csv(tmp_path / "visitors.csv", 1200)

    def cancel_after_two_chunks(stage: str, done: int, total: int) -> None:
        if stage == "writing" and done >= 1000:
            raise ImportCancelledError()

    events = AuditEvent.select().count()
    with pytest.raises(ImportCancelledError, match="nothing was imported"):
        import_file("visitor_register", path, by=None, now=NOW, progress=cancel_after_two_chunks)
    assert Visitor.select().count() == 0
    assert AuditEvent.select().count() == events


def test_a_register_import_numbers_every_row_audits_each_and_skips_them_the_second_time(
    db: peewee.SqliteDatabase, tmp_path: Path
) -> None:
    from desktop.models.register import Visitor
    from desktop.services import audit

    path = visitors_csv(tmp_path / "visitors.csv", 1200)
    assert import_file("visitor_register", path, by=None, now=NOW).added == 1200
    numbers = [number for (number,) in Visitor.select(Visitor.number).order_by(Visitor.id).tuples()]
    assert len(set(numbers)) == 1200 and numbers[0].endswith("001") and numbers[-1].endswith("1200")
    imported = AuditEvent.select().where(AuditEvent.action == "import", AuditEvent.record_type == "visitor")
    assert sorted(event.record_id for event in imported) == sorted(
        i for (i,) in Visitor.select(Visitor.id).tuples()
    )
    assert audit.verify_chain() == []
    again = import_file("visitor_register", path, by=None, now=NOW)
    assert (again.added, again.skipped) == (0, 1200)
    assert Visitor.select().count() == 1200


def test_a_batch_import_leaves_a_trail_that_proves_every_row(
    db: peewee.SqliteDatabase, db_path: Path, tmp_path: Path
) -> None:
    """The import writes its events in batches (audit.record_events) with the hashes, seals and after-images
    one record_event per row would write: audit verify proves every imported row, and catches an edit of one."""
    from desktop.models.register import Visitor
    from desktop.services import audit

    path = visitors_csv(tmp_path / "visitors.csv", 1200)
    assert import_file("visitor_register", path, by=None, now=NOW).added == 1200
    report = audit.verify_report()
    assert report.intact, (report.first_break, report.mismatches[:3])
    assert report.seals.checked == report.head.events  # every event sealed, the import's included
    owned = db.execute_sql(
        "SELECT e.record_id, i.row_key FROM audit_event e JOIN audit_image i ON i.event_id = e.id "
        "WHERE e.action = 'import' AND i.table_name = 'visitor'"
    ).fetchall()
    assert sorted(int(key) for _id, key in owned) == sorted(i for (i,) in Visitor.select(Visitor.id).tuples())
    assert all(str(record_id) == key for record_id, key in owned)  # each event carries its own row's image
    edited = Visitor.select(Visitor.id, Visitor.number).order_by(Visitor.id.desc()).first()
    close_database()
    connection = sqlite3.connect(db_path)  # an edit behind FrontDesk's back
    connection.execute("UPDATE visitor SET visitor_name = '改过的名字' WHERE id = ?", (edited.id,))
    connection.commit()
    connection.close()
    open_database(db_path)
    report = audit.verify_report()
    assert [(m.table, m.number, m.field) for m in report.mismatches] == [
        ("visitor", edited.number, "visitor_name")
    ]
