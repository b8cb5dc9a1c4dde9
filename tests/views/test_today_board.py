"""The Today board of a large office: thousands of overdue items, the most urgent first, the rest on scroll."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.services.due import DueItem, register_due_source
from desktop.views.pages.today import ITEM_ROLE, TodayPage
from desktop.views.tablemodels.due_cards import PAGE, DueCardModel

NOW = datetime(2026, 3, 16, 9, 0)
OVERDUE_ITEMS = 3_000


def late_items(count: int, *, now: datetime = NOW) -> list[DueItem]:
    """``count`` overdue sheets, the oldest deadline first being the most urgent (record id = minutes late)."""
    return [
        DueItem(
            kind="sheet_result",
            record_id=minutes,
            number=f"S{minutes:05d}",
            title=f"客户{minutes}: 空调不制冷",
            due_at=now - timedelta(minutes=minutes),
            overdue=True,
            assignee="吴刚",
            record_type="problem_sheet",
        )
        for minutes in range(1, count + 1)
    ]


@pytest.fixture
def crowded(office_db: peewee.SqliteDatabase) -> list[DueItem]:
    """A due source with :data:`OVERDUE_ITEMS` overdue items beside the office's real sources."""
    items = late_items(OVERDUE_ITEMS)
    register_due_source(lambda *, now: items, name="test.crowded")
    return items


@pytest.fixture
def page(qtbot: QtBot, crowded: list[DueItem]) -> TodayPage:
    i18n.set_ui_language("en")
    page = TodayPage()
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_thousands_overdue_show_the_most_urgent_first_and_count_them_all(page: TodayPage) -> None:
    overdue = page.columns["overdue"]
    assert overdue.header.text() == "Overdue (3,000)"
    assert page.summary.text().startswith("3,000 overdue")
    assert overdue.count() == PAGE  # one page of cards built, not three thousand
    assert overdue.card(0).data(ITEM_ROLE).record_id == OVERDUE_ITEMS  # the longest overdue
    assert [item.record_id for item in overdue.items()[:3]] == [3000, 2999, 2998]
    assert len(overdue.items()) == OVERDUE_ITEMS


def test_scrolling_down_loads_the_next_page(qtbot: QtBot, page: TodayPage) -> None:
    overdue = page.columns["overdue"]
    bar = overdue.list.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: overdue.count() == 2 * PAGE)
    # Each time the desk reaches the bottom, the next page comes.
    for _ in range(5):
        bar.setValue(bar.maximum())
        QApplication.processEvents()
    assert overdue.count() > 2 * PAGE
    assert overdue.card(overdue.count() - 1).data(ITEM_ROLE).record_id == OVERDUE_ITEMS - overdue.count() + 1


def test_a_refresh_builds_only_a_page_of_cards(qtbot: QtBot, page: TodayPage) -> None:
    widgets_before = len(QApplication.allWidgets())
    page.refresh()
    QApplication.processEvents()
    assert page.columns["overdue"].count() == PAGE
    assert len(QApplication.allWidgets()) == widgets_before  # cards are painted, not widgets


def test_the_card_the_desk_is_on_stays_current_across_a_tick_even_far_down(
    qtbot: QtBot, page: TodayPage
) -> None:
    overdue = page.columns["overdue"]
    overdue.list.setFocus()
    while overdue.count() < 3 * PAGE:
        overdue.model.fetchMore(overdue.card(0).parent())
    chosen = overdue.card(250)
    overdue.list.setCurrentIndex(chosen)
    wanted = chosen.data(ITEM_ROLE)
    page.refresh()  # the reminder tick recomputes the board
    assert overdue.list.currentIndex().data(ITEM_ROLE) == wanted
    assert overdue.count() >= 251
    assert page.current_list() is overdue.list


def test_acting_on_a_card_past_the_first_page_opens_it(page: TodayPage, monkeypatch: Any) -> None:
    opened: list[DueItem] = []
    from desktop.views import openers

    monkeypatch.setattr(openers, "opener_for", lambda _type: lambda item, _parent: opened.append(item))
    overdue = page.columns["overdue"]
    overdue.model.fetchMore(overdue.card(0).parent())
    page.act(overdue.card(150))
    assert opened == [overdue.items()[150]]


def test_card_model_is_a_well_behaved_fetching_model(qtmodeltester: Any) -> None:
    model = DueCardModel("#c0392b")
    model.set_items(tuple(late_items(250)), lambda item: (item.number, "Due soon", ""))
    assert model.rowCount() == PAGE and model.canFetchMore(model.index(0, 0).parent())
    model.fetchMore(model.index(0, 0).parent())
    model.fetchMore(model.index(0, 0).parent())
    assert model.rowCount() == 250 and not model.canFetchMore(model.index(0, 0).parent())
    assert model.index(0, 0).data(ITEM_ROLE).number == "S00001"  # as given: the service sorts
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "S00001<br>Due soon"
    model.set_items(tuple(late_items(250)), lambda item: (item.number, "Due soon", ""))
    qtmodeltester.check(model)  # fetches as a view would


def test_a_card_that_moves_to_the_end_of_a_long_column_is_not_chased(
    qtbot: QtBot, crowded: list[DueItem], clock: Any
) -> None:
    """Due today at 17:30, overdue after midnight: last of 3,001. Following it would build every card above it."""
    due = NOW.replace(hour=17, minute=30)
    register_due_source(
        lambda *, now: [
            DueItem("callback", 1, "HF1", "今天客户", due, now > due, "王芳", record_type="callback_record")
        ],
        name="test.today",
    )
    i18n.set_ui_language("en")
    page = TodayPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.current_list() is page.columns["today"].list  # the desk is on the callback due today
    clock.set(datetime(2026, 3, 17, 0, 5))
    page.refresh()
    overdue = page.columns["overdue"]
    assert overdue.items()[-1].number == "HF1"
    assert overdue.count() == PAGE
    assert page.current_list() is overdue.list and overdue.list.currentIndex().row() == 0
