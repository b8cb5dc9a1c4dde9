"""The lazy list base on a fake service: pages asked on demand, order asked of the service, refresh on its kind.

Every book's list (sheets, complaints, keys, registers, intake, inquiries) inherits this behaviour, so it is
pinned here once, without a database, and the per-list tests only check what each list shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.i18n import N_
from desktop.views.events import record_events
from desktop.views.tablemodels.paged import ID_ROLE, ROW_ROLE, PagedTableModel

pytestmark = pytest.mark.usefixtures("qapp")

RED = QColor("#a3000f")


@dataclass(frozen=True)
class FakeRow:
    id: int
    name: str
    flagged: bool = False


@dataclass(frozen=True)
class FakeQuery:
    sort_key: str = "name"
    descending: bool = False


class FakeService:
    """Rows 1…``size``, recording every call so a test can see what the model asked."""

    def __init__(self, size: int, *, counts: bool = True) -> None:
        self.rows = [FakeRow(id=n, name=f"row {n:03}", flagged=n % 3 == 0) for n in range(1, size + 1)]
        self.counts = counts
        self.fetched: list[tuple[FakeQuery, int, int]] = []

    def fetch(self, query: FakeQuery, *, offset: int, limit: int) -> list[FakeRow]:
        self.fetched.append((query, offset, limit))
        ordered = sorted(self.rows, key=lambda row: getattr(row, query.sort_key), reverse=query.descending)
        return ordered[offset : offset + limit]

    def count(self) -> int | None:
        return len(self.rows) if self.counts else None


class FakeModel(PagedTableModel[FakeRow]):
    HEADERS = (N_("No."), N_("Name"), N_("Note"))
    SORT_KEYS = ("id", "name", None)
    kinds = ("fake",)

    def __init__(self, service: FakeService, *, page_size: int = 4) -> None:
        super().__init__(FakeQuery(), page_size=page_size)
        self.service = service

    def fetch(self, query: FakeQuery, *, now: datetime, offset: int, limit: int) -> list[FakeRow]:
        return self.service.fetch(query, offset=offset, limit=limit)

    def count(self, query: FakeQuery, *, now: datetime) -> int | None:
        return self.service.count()

    def display(self, row: FakeRow, column: int) -> str:
        return (str(row.id), row.name, "!" if row.flagged else "")[column]

    def foreground(self, row: FakeRow, column: int) -> QColor | None:
        return RED if row.flagged else None


@pytest.mark.parametrize("counts", [True, False], ids=["counted", "paged-until-short"])
def test_rows_come_a_page_at_a_time(counts: bool) -> None:
    service = FakeService(10, counts=counts)
    model = FakeModel(service)
    model.reload()
    assert model.rowCount() == 4
    assert [offset for _query, offset, _limit in service.fetched] == [0]
    while model.canFetchMore():
        model.fetchMore()
    assert [(offset, limit) for _query, offset, limit in service.fetched] == [(0, 4), (4, 4), (8, 4)]
    assert (model.rowCount(), model.total()) == (10, 10)
    assert model.ids() == list(range(1, 11))
    assert model.row_of(7) == 6 and model.row_of(99) == -1
    assert model.row_at(6) == service.rows[6] and model.row_at(10) is None


def test_a_book_that_shrank_meanwhile_stops_the_paging() -> None:
    service = FakeService(10)
    model = FakeModel(service)
    model.reload()
    del service.rows[4:]
    model.fetchMore()
    assert not model.canFetchMore()
    assert (model.rowCount(), model.total()) == (4, 4)


def test_cells_headers_and_roles() -> None:
    model = FakeModel(FakeService(5))
    model.reload()
    assert model.columnCount() == 3
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Name"
    assert model.headerData(3, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.index(2, 1).data() == "row 003"
    assert model.index(2, 0).data(ID_ROLE) == 3
    assert model.index(2, 0).data(ROW_ROLE) == FakeRow(3, "row 003", True)
    brush = model.index(2, 2).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color() == RED
    assert model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_sorting_asks_the_service_for_the_columns_key() -> None:
    service = FakeService(10)
    model = FakeModel(service)
    model.reload()
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert service.fetched[-1][0] == FakeQuery(sort_key="id", descending=True)
    assert model.query == FakeQuery(sort_key="id", descending=True)
    assert model.ids()[:2] == [10, 9]
    asked = len(service.fetched)
    model.sort(0, Qt.SortOrder.DescendingOrder)  # the order already shown: nothing to ask
    model.sort(2, Qt.SortOrder.AscendingOrder)  # not sortable
    model.sort(7, Qt.SortOrder.AscendingOrder)  # no such column
    assert len(service.fetched) == asked
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert service.fetched[-1][0] == replace(FakeQuery(), sort_key="name")


def test_a_change_of_its_own_kind_refreshes_in_place() -> None:
    service = FakeService(10)
    model = FakeModel(service)
    model.reload()
    model.fetchMore()
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    record_events().announce("other", [1])
    assert resets == []
    service.rows.insert(0, FakeRow(id=0, name="row 000"))
    record_events().announce("fake", [0])
    assert resets == [True]
    assert service.fetched[-1][1:] == (0, 8)  # the rows loaded so far, asked again in one go
    assert (model.rowCount(), model.total()) == (8, 11)
    assert model.row_of(0) == 0


def test_set_query_starts_again_from_the_first_page() -> None:
    service = FakeService(10)
    model = FakeModel(service)
    model.reload()
    model.fetchMore()
    model.set_query(FakeQuery(sort_key="id", descending=True))
    assert model.rowCount() == 4
    assert service.fetched[-1] == (FakeQuery(sort_key="id", descending=True), 0, 4)


@pytest.mark.parametrize("counts", [True, False], ids=["counted", "paged-until-short"])
def test_passes_the_qt_model_tester(qtmodeltester: Any, counts: bool) -> None:
    model = FakeModel(FakeService(9, counts=counts), page_size=2)
    model.reload()
    qtmodeltester.check(model)  # the tester fetches a few pages on its own
    assert 2 < model.rowCount() <= 9
