"""Complaint statistics (F08 表1.3) against a hand count: a month, a quarter, zero repairs, re-coding, re-complaints,
the XLSX/CSV export and the printed table."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import peewee
import pytest
from openpyxl import load_workbook

from desktop import i18n
from desktop.models.ticket import ProblemSheet
from desktop.rules.statistics import NO_REPAIRS, Period, parse_period
from desktop.services import complaints, records, stats
from desktop.services.clock import FixedClock
from desktop.services.stats import ComplaintRateStore, StatsTable
from tests.pdf.reading import text_of
from tests.services.complaint_fixtures import People, make_people

NOW = datetime(2026, 4, 1, 9, 0)


def _repairs(department: int, count: int, day: datetime) -> None:
    for index in range(count):
        ProblemSheet.insert(
            number=f"R{department}-{day:%Y%m%d}-{index:03d}",
            category="technical",
            customer_name="客户",
            description="报修",
            received_at=day,
            handover_due=day,
            status="resolved",
            result_returned_at=day + timedelta(hours=1),
            department=department,
            created_at=day,
            updated_at=day,
        ).execute()
    # Not handled yet: never a repair.
    ProblemSheet.insert(
        number=f"O{department}-{day:%Y%m%d}",
        category="technical",
        customer_name="客户",
        description="报修",
        received_at=day,
        handover_due=day,
        status="received",
        department=department,
        created_at=day,
        updated_at=day,
    ).execute()


def _complaint(people: People, department: int, at: datetime, **values: object) -> complaints.ComplaintRow:
    return complaints.register_complaint(
        {
            "organisation": "业主",
            "matter": "投诉",
            "department_id": department,
            "complained_at": at,
            **values,
        },
        by=people.receptionist,
        now=at,
    )


@pytest.fixture
def people(db: peewee.SqliteDatabase, clock: FixedClock) -> People:
    i18n.set_ui_language("en")
    people = make_people(clock.now())
    e, s, x = people.engineering, people.service, people.security
    # January: two complaints for 工程部, one for 客户服务部 (no repairs there); repairs 40 工程部, 10 安管部.
    _complaint(people, e, datetime(2026, 1, 5, 10, 0))
    _complaint(people, e, datetime(2026, 1, 31, 23, 30))
    _complaint(people, s, datetime(2026, 1, 12, 14, 0))
    _repairs(e, 40, datetime(2026, 1, 20, 10, 0))
    _repairs(x, 10, datetime(2026, 1, 21, 10, 0))
    # February: one 工程部 complaint judged invalid; one registered for 工程部 and re-coded to 安管部.
    invalid = _complaint(people, e, datetime(2026, 2, 1, 0, 5))
    complaints.recode(
        invalid.id, valid=False, reason="不属实", by=people.manager, now=datetime(2026, 2, 3, 9, 0)
    )
    moved = _complaint(people, e, datetime(2026, 2, 14, 9, 0), category="technical")
    complaints.recode(
        moved.id,
        department_id=x,
        category="service",
        reason="保安态度",
        by=people.manager,
        now=datetime(2026, 2, 15),
    )
    _repairs(e, 20, datetime(2026, 2, 10, 10, 0))
    # March: one 工程部 complaint, handled, called back, not satisfied: its re-complaint is not a new complaint.
    at = datetime(2026, 3, 3, 10, 0)
    march = _complaint(people, e, at)
    complaints.relay(march.id, to_staff_id=people.head, by=people.receptionist, now=at)
    complaints.complete_stage(march.id, "answer", note="已答复", by=people.head, now=at)
    complaints.file_report(march.id, {"method": "重新维修"}, by=people.engineer, now=at)
    complaints.record_callback_result(
        march.id,
        outcome="dissatisfied",
        result="仍不满意",
        by=people.receptionist,
        now=at + timedelta(hours=2),
    )
    _repairs(e, 30, datetime(2026, 3, 10, 10, 0))
    # April: outside every period asked for.
    _complaint(people, e, datetime(2026, 4, 1, 0, 0))
    return people


def _by_name(table: StatsTable) -> dict[str, tuple[int, int, int, float | None, float | None]]:
    return {
        row.counts.department: (
            row.counts.complaints,
            row.counts.valid,
            row.counts.repairs,
            row.complaint_rate,
            row.valid_rate,
        )
        for row in table.rows
    }


def test_january_by_hand(people: People) -> None:
    table = stats.complaint_statistics(parse_period("2026-01"), now=NOW)
    assert _by_name(table) == {
        "工程部": (2, 2, 40, pytest.approx(0.05), pytest.approx(0.05)),
        "客户服务部": (1, 1, 0, None, None),  # complaints but no repairs: "—", not infinity
        "安管部": (0, 0, 10, 0.0, 0.0),
    }
    assert (table.total.counts.complaints, table.total.counts.repairs) == (3, 50)
    assert table.total.complaint_rate == pytest.approx(0.06)
    assert table.target == pytest.approx(0.01)
    assert [row.above_target for row in table.rows] == [True, None, False]
    # Both January complaints of 工程部 are still open and past their deadlines on 1 April.
    assert table.rows[0].overdue_rate == 1.0
    assert table.rows[0].callback_rate is None  # nothing handled yet: no callback rate either


def test_february_recoded_complaint_counts_once_in_its_new_department(people: People) -> None:
    table = stats.complaint_statistics(parse_period("2026-02"), now=NOW)
    assert _by_name(table) == {
        "工程部": (1, 0, 20, pytest.approx(0.05), 0.0),
        "客户服务部": (0, 0, 0, None, None),
        "安管部": (1, 1, 0, None, None),
    }
    assert table.total.counts.complaints == 2


def test_march_recomplaint_is_not_a_new_complaint(people: People) -> None:
    table = stats.complaint_statistics(parse_period("2026-03"), now=NOW)
    engineering = table.rows[0]
    assert (engineering.counts.complaints, engineering.counts.repairs) == (1, 30)
    assert engineering.complaint_rate == pytest.approx(1 / 30)
    assert (engineering.counts.handled, engineering.counts.called_back) == (1, 1)
    assert engineering.callback_rate == 1.0
    assert table.total.counts.complaints == 1


def test_first_quarter_by_hand(people: People) -> None:
    table = stats.complaint_statistics(Period(2026, "quarter", 1), now=NOW)
    assert _by_name(table) == {
        "工程部": (4, 3, 90, pytest.approx(4 / 90), pytest.approx(3 / 90)),
        "客户服务部": (1, 1, 0, None, None),
        "安管部": (1, 1, 10, pytest.approx(0.1), pytest.approx(0.1)),
    }
    assert (table.total.counts.complaints, table.total.counts.repairs) == (6, 100)
    assert table.total.complaint_rate == pytest.approx(0.06)


def test_trend_totals(people: People) -> None:
    trend = stats.trend([parse_period(key) for key in ("2026-01", "2026-02", "2026-03")], now=NOW)
    assert [(row.counts.complaints, row.counts.repairs) for row in trend] == [(3, 50), (2, 20), (1, 30)]


def test_xlsx_has_the_same_numbers(people: People, tmp_path: Path) -> None:
    table = stats.complaint_statistics(Period(2026, "quarter", 1), now=NOW)
    path = stats.export_statistics(table, tmp_path / "q1.xlsx", lang="zh_CN", by=None, now=NOW)
    sheet = load_workbook(path).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    expected = [
        [stats.cell(line, key) for key, _title in stats.COLUMNS] for line in [*table.rows, table.total]
    ]
    assert len(cells) == len(expected)
    flag = i18n.gettext_for("zh_CN")(NO_REPAIRS)
    for got, want, line in zip(cells, expected, [*table.rows, table.total], strict=True):
        assert got == [
            flag if stats.flagged(line, key) else stats.xlsx_value(value)
            for (key, _title), value in zip(stats.COLUMNS, want, strict=True)
        ]
    assert flag in cells[1]  # 客户服务部: complaints but no repairs, said so instead of "—"
    assert sheet["A1"].value == "2026年第1季度"
    assert sheet.cell(row=3, column=5).number_format == "0.00%"


def test_csv_shows_what_the_screen_shows(people: People, tmp_path: Path) -> None:
    table = stats.complaint_statistics(parse_period("2026-01"), now=NOW)
    path = stats.export_statistics(table, tmp_path / "jan.csv", lang="en", by=None, now=NOW)
    with path.open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert lines[0][:5] == ["Department", "Complaints", "Valid complaints", "Repairs", "Complaint rate"]
    assert lines[1][:5] == ["工程部", "2", "2", "40", "5.00%"]
    assert lines[2][4] == lines[2][5] == "Complaints but no repairs"  # 客户服务部, instead of "—"
    assert lines[3][4] == "0.00%" and lines[2][6] == "—"  # 安管部: repairs, no complaints; no callback rate


def test_unknown_export_type_is_refused(people: People, tmp_path: Path) -> None:
    table = stats.complaint_statistics(parse_period("2026-01"), now=NOW)
    with pytest.raises(Exception, match=r"Export as \.xlsx or \.csv"):
        stats.export_statistics(table, tmp_path / "jan.pdf", lang="en", by=None, now=NOW)


def test_printed_table(people: People) -> None:
    records.register_store(ComplaintRateStore())
    table = stats.complaint_statistics(Period(2026, "quarter", 1), now=NOW)
    text = "\n".join(text_of(stats.print_statistics(table, lang="zh_CN")))
    assert "月/季度客户投诉率统计表" in text
    assert "2026年第1季度" in text
    assert "4.4%" in text  # 工程部: 4 ÷ 90 (the form prints one decimal)
    assert "3.3%" in text  # 工程部's valid complaints: 3 ÷ 90
    assert "10%" in text  # 安管部: 1 ÷ 10
    assert "6%" in text  # total: 6 ÷ 100
    flat = "".join(text.split())
    assert "有效投诉率" in flat and "投诉次数只计首次投诉" in flat
    assert (
        "".join(i18n.gettext_for("zh_CN")(NO_REPAIRS).split()) in flat
    )  # 客户服务部 flagged, not left blank
    english = " ".join(" ".join(text_of(stats.print_statistics(table, lang="en"))).split())
    assert "Valid complaint rate" in english and "Counts first complaints only" in english
    assert "Complaints but no repairs" in english


def test_rate_store_lists_months_and_refuses_imports(people: People) -> None:
    values = ComplaintRateStore().list_values()
    periods = [row["period"] for row in values]
    # Each month, then its quarter after the quarter's last month (and the quarter still running at the end).
    assert list(dict.fromkeys(periods)) == ["2026-01", "2026-02", "2026-03", "2026-Q1", "2026-04", "2026-Q2"]
    quarter = [row for row in values if row["period"] == "2026-Q1"]
    assert {row["period_type"] for row in quarter} == {"quarter"}
    engineering = next(row for row in quarter if row["department"] == "工程部")
    assert (engineering["complaints"], engineering["valid"], engineering["repairs"]) == (4, 3, 90)
    assert float(engineering["valid_rate"]) == pytest.approx(3 / 90, abs=1e-4)
    with pytest.raises(Exception, match="computed"):
        ComplaintRateStore().import_rows([], by=None, now=NOW)
