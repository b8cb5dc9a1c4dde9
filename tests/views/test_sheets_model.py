"""The lazy sheet table model: Qt's model contract, pages fetched on demand, order asked of the service."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from desktop import i18n
from desktop.i18n import _
from desktop.rules import sheet_workflow as wf
from desktop.services import sheets
from desktop.services.clock import FixedClock
from desktop.services.sheets import SheetQuery
from desktop.views import ops
from desktop.views.events import record_events
from desktop.views.tablemodels import sheets as model_module
from desktop.views.tablemodels.sheets import (
    COL_CATEGORY,
    COL_CUSTOMER,
    COL_DUE,
    COL_NUMBER,
    COL_STATUS,
    HEADERS,
    OVERDUE_BACKGROUND,
    SheetsModel,
)
from tests.views.sheet_data import Desk, fill_desk


@pytest.fixture
def desk(office_db: peewee.SqliteDatabase, clock: FixedClock) -> Desk:
    return fill_desk(clock.now())


def test_model_passes_the_qt_model_tester(qtmodeltester: Any, desk: Desk) -> None:
    model = SheetsModel(page_size=2)
    model.reload()
    qtmodeltester.check(model)  # the tester also fetches the remaining pages
    assert model.rowCount() == 5


def test_rows_are_fetched_a_page_at_a_time(desk: Desk) -> None:
    model = SheetsModel(page_size=2)
    model.reload()
    assert (model.rowCount(), model.total()) == (2, 5)
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 5
    assert not model.canFetchMore()
    assert len(set(model.ids())) == 5


def test_cells_show_translated_labels_and_overdue_rows_are_red(desk: Desk) -> None:
    i18n.set_ui_language("zh_CN")
    model = SheetsModel()
    model.reload()
    assert model.columnCount() == len(HEADERS)
    assert model.headerData(COL_NUMBER, Qt.Orientation.Horizontal) == _("No.")
    row = model.row_of(desk.sheets["王芳"].id)
    assert model.index(row, COL_CUSTOMER).data() == "王芳"
    assert model.index(row, COL_CATEGORY).data() == "技术质量"
    assert model.index(row, COL_STATUS).data() == model_module.status_label(wf.RECEIVED)
    due = i18n.format_datetime(desk.sheets["王芳"].handover_due, length="short")
    assert model.index(row, COL_DUE).data() == _("{moment} (overdue)").format(moment=due)
    background = model.index(row, COL_NUMBER).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == OVERDUE_BACKGROUND
    fine = model.row_of(desk.sheets["Li Lei"].id)
    assert model.index(fine, COL_NUMBER).data(Qt.ItemDataRole.BackgroundRole) is None
    i18n.set_ui_language("en")  # the same stored key, labelled in the other language (a new window's model)
    english = SheetsModel()
    english.reload()
    assert english.headerData(COL_NUMBER, Qt.Orientation.Horizontal) == "No."
    assert english.index(english.row_of(desk.sheets["王芳"].id), COL_CATEGORY).data() == "Technical quality"


def test_due_today_rows_are_amber(desk: Desk, clock: FixedClock) -> None:
    model = SheetsModel()
    model.reload()
    row = model.row_of(desk.sheets["赵强"].id)  # received 08:30, hand over by 10:30 today
    background = model.index(row, COL_NUMBER).data(Qt.ItemDataRole.BackgroundRole)
    assert background.color() == model_module.DUE_TODAY_BACKGROUND


def test_sorting_asks_the_service_for_that_order(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[SheetQuery] = []
    real = sheets.list_sheets

    def spy(query: SheetQuery, **kwargs: Any) -> list[sheets.SheetListRow]:
        asked.append(query)
        return real(query, **kwargs)

    monkeypatch.setattr(sheets, "list_sheets", spy)
    model = SheetsModel()
    model.sort(COL_CUSTOMER, Qt.SortOrder.AscendingOrder)
    assert (asked[-1].sort_key, asked[-1].descending) == ("customer_name", False)
    model.sort(COL_DUE, Qt.SortOrder.DescendingOrder)
    assert (asked[-1].sort_key, asked[-1].descending) == ("due", True)


def test_a_saved_sheet_reloads_the_model(desk: Desk, clock: FixedClock) -> None:
    model = SheetsModel()
    model.reload()
    sheets.file_sheet(
        {"category": "other", "customer_name": "新客户", "description": "新问题"},
        by=desk.staff["张三"],
        now=clock.now() + timedelta(minutes=1),
    )
    record_events().announce("problem_sheet", [])
    assert model.total() == 6
    assert model.index(0, COL_CUSTOMER).data() == "新客户"


def test_the_overdue_filter_uses_the_query_time(desk: Desk) -> None:
    ops.set_clock(FixedClock(datetime(2026, 3, 16, 9, 0)))
    model = SheetsModel()
    model.set_query(SheetQuery(overdue_only=True))
    assert [model.index(row, COL_CUSTOMER).data() for row in range(model.rowCount())] == ["王芳"]
