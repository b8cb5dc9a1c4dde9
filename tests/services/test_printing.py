"""Printing use-cases: blank forms, one record through its store, registers; the office header from the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import peewee
import pytest

from desktop import i18n
from desktop.errors import UserError
from desktop.formspec.loader import UnknownFormError
from desktop.services import printing
from desktop.services.office import save_office
from desktop.services.records import register_store, unregister_store
from tests.pdf.reading import text_of

NOW = datetime(2026, 3, 16, 9, 0)


@dataclass
class FakeStore:
    """A record store holding a few records in memory."""

    slug: str
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        return list(self.records.values())

    def get_values(self, number: str) -> dict[str, Any] | None:
        return self.records.get(number)

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        raise NotImplementedError


@pytest.fixture
def complaint_store() -> Iterator[FakeStore]:
    store = FakeStore(
        "complaint_report",
        {
            "20260316-07-001": {
                "number": "20260316-07-001",
                "customer_name": "张三",
                "description": "电梯门夹人。",
                "recorded_by": "王五",
                "recorded_date": date(2026, 3, 16),
                "callback_outcome": "satisfied",
            }
        },
    )
    register_store(store)
    yield store
    unregister_store("complaint_report")


def test_blank_without_a_database_has_no_office_line() -> None:
    pages = text_of(printing.print_blank("problem_sheet", lang="zh_CN"))
    assert "800客户问题处理表" in pages[0]


def test_office_header_comes_from_the_database(db: peewee.SqliteDatabase) -> None:
    assert printing.office_header() is None
    save_office(
        {"name": "阳光花园物业服务中心", "address": "科技园路1号", "phone": "0755-1234"}, by=None, now=NOW
    )
    header = printing.office_header()
    assert header is not None and (header.name, header.address, header.phone) == (
        "阳光花园物业服务中心",
        "科技园路1号",
        "0755-1234",
    )
    page = text_of(printing.print_blank("problem_sheet", lang="en"))[0]
    assert "阳光花园物业服务中心" in page and "Hotline Customer Problem-Handling Sheet" in page


def test_record_prints_every_copy(db: peewee.SqliteDatabase, complaint_store: FakeStore) -> None:
    pages = text_of(printing.print_record("complaint_report", "20260316-07-001", lang="zh_CN"))
    assert len(pages) == 2
    assert all("张三" in page and "20260316-07-001" in page for page in pages)
    assert "第一联" in pages[0] and "第二联" in pages[1]


def test_unknown_number_is_a_user_error(db: peewee.SqliteDatabase, complaint_store: FakeStore) -> None:
    # The refusal is shown on the screen, so it speaks the UI language whatever language the print was in.
    with pytest.raises(UserError) as caught:
        printing.print_record("complaint_report", "nope", lang="zh_CN")
    assert caught.value.message == "There is no Complaint Handling Report numbered nope."
    i18n.set_ui_language("zh_CN")
    with pytest.raises(UserError) as caught:
        printing.print_record("complaint_report", "nope", lang="en")
    assert caught.value.message == "没有编号为 nope 的投诉处理报告单。"


def test_unknown_form() -> None:
    with pytest.raises(UnknownFormError):
        printing.print_blank("no_such_form", lang="en")


def test_register_with_rows_and_a_period() -> None:
    rows = [{"number": "V1", "visitor_name": "李四", "visit_date": date(2026, 3, 2)}]
    pages = text_of(printing.print_register("visitor_register", rows, lang="zh_CN", title_suffix="2026年3月"))
    assert "来访客户登记表 2026年3月" in pages[0] and "李四" in pages[0]


def test_register_refuses_a_sheet() -> None:
    with pytest.raises(ValueError, match="not a register"):
        printing.print_register("problem_sheet", [], lang="en")
