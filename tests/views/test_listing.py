"""The pieces the record lists are built from: actions, the debounced search box, empty states, the row menu."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QAbstractListModel, QDate, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.views.listing import (
    NO_DATE,
    ListStack,
    SearchBox,
    SelectionKeeper,
    context_menu_from,
    current_row,
    date_filter,
    date_or_none,
    make_action,
    make_table,
    popup_row_menu,
    show_row,
    signals_blocked,
)
from desktop.views.pages.base import EmptyState


class IdsModel(QAbstractListModel):
    """A list of record ids with the ``row_at``/``row_of`` the panels' models offer."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__()
        self.ids = list(ids)

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = list(ids)
        self.endResetModel()

    def row_at(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def row_of(self, record_id: int) -> int:
        return self.ids.index(record_id) if record_id in self.ids else -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return str(self.ids[index.row()]) if role == Qt.ItemDataRole.DisplayRole else None


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_an_action_shows_its_shortcut_in_the_tooltip_and_runs_its_slot(parent: QWidget) -> None:
    i18n.set_ui_language("en")
    calls: list[str] = []
    action = make_action(parent, "Print…", "action_print", "Ctrl+P", lambda: calls.append("print"))
    assert action.objectName() == "action_print"
    assert action.toolTip() == "Print… (Ctrl+P)"
    assert action.shortcut().toString() == "Ctrl+P"
    assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    assert action in parent.actions()
    action.trigger()
    assert calls == ["print"]


def test_an_action_without_shortcut_keeps_the_plain_tooltip(parent: QWidget) -> None:
    action = make_action(
        parent, "Open", "action_open", None, lambda: None, context=Qt.ShortcutContext.WindowShortcut
    )
    assert action.shortcut().isEmpty()
    assert action.toolTip() == "Open"
    assert action.shortcutContext() == Qt.ShortcutContext.WindowShortcut


def test_search_box_announces_the_text_once_typing_pauses(qtbot: QtBot) -> None:
    # A pause longer than any test run, then cut short by the test: deterministic, no sleeping.
    box = SearchBox("search", "Search", delay_ms=60_000)
    qtbot.addWidget(box)
    settled: list[str] = []
    box.text_settled.connect(settled.append)
    assert box.objectName() == "search" and box.isClearButtonEnabled()
    qtbot.keyClicks(box, "Li Lei")
    assert settled == [] and box.settle_timer.isActive()
    with qtbot.waitSignal(box.text_settled) as blocker:
        box.settle_timer.setInterval(0)  # restarts the running timer: the pause is over
    assert blocker.args == ["Li Lei"]
    assert settled == ["Li Lei"]  # one announcement for the whole burst of keys
    box.setText("nobody")
    assert box.settle_timer.isActive()
    box.cancel_pending()
    assert not box.settle_timer.isActive()


def test_search_box_debounce_is_its_timer_interval() -> None:
    box = SearchBox("search", "Search", delay_ms=400)
    assert box.settle_timer.interval() == 400 and box.settle_timer.isSingleShot()


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot: QtBot, parent: QWidget) -> None:
    i18n.set_ui_language("en")
    box = SearchBox("search", "Search")
    table = make_table("table", IdsModel([1, 2]))
    layout = QVBoxLayout(parent)
    layout.addWidget(box)
    layout.addWidget(table)
    find = box.find_action(parent, "action_find")
    assert find.toolTip() == "Search (Ctrl+F)"
    box.setText("Li Lei")
    with qtbot.waitActive(parent):
        parent.show()
        parent.activateWindow()
    table.setFocus()
    assert QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is box
    assert box.selectedText() == "Li Lei"


def test_list_stack_shows_the_table_or_says_why_it_is_empty(parent: QWidget) -> None:
    table = make_table("table", IdsModel([]))
    empty = EmptyState("tickets", "Nothing yet", "Add the first one.")
    no_match = EmptyState("tickets", "No match", "Clear the filters.")
    stack = ListStack(table, empty, no_match, parent)
    stack.show_for(0, filtered=False)
    assert stack.currentWidget() is empty
    stack.show_for(0, filtered=True)
    assert stack.currentWidget() is no_match
    stack.show_for(3, filtered=True)
    assert stack.currentWidget() is table
    plain = ListStack(
        make_table("other", IdsModel([])), EmptyState("tickets", "Nothing yet", "."), parent=parent
    )
    plain.show_for(0, filtered=True)
    assert plain.currentWidget() is plain.table  # without a no-match state the (empty) table stays


def test_current_and_shown_rows(parent: QWidget) -> None:
    table = make_table("table", IdsModel([10, 20, 30]))
    assert current_row(table) is None
    assert show_row(table, 2)
    assert current_row(table) == 30
    assert not show_row(table, -1)
    assert current_row(table) == 30


def test_the_selected_record_stays_selected_across_a_reload(parent: QWidget) -> None:
    model = IdsModel([10, 20, 30])
    table = make_table("table", model)
    keeper = SelectionKeeper(
        table, lambda record_id: show_row(table, model.row_of(record_id)), lambda: current_row(table)
    )
    model.modelReset.connect(keeper.restore)
    show_row(table, 1)
    model.set_ids([5, 10, 20, 30])
    assert current_row(table) == 20
    model.set_ids([1, 2])
    assert current_row(table) == 1  # gone: the first row instead


def test_context_menu_from_actions_and_separators(parent: QWidget) -> None:
    open_action = make_action(parent, "Open", "open", None, lambda: None)
    close_action = make_action(parent, "Close", "close", None, lambda: None)
    close_action.setEnabled(False)
    print_action = make_action(parent, "Print", "print", None, lambda: None)
    menu = context_menu_from([open_action, close_action, None, print_action], parent)
    assert [a.text() if not a.isSeparator() else "-" for a in menu.actions()] == [
        "Open",
        "Close",
        "-",
        "Print",
    ]
    assert menu.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    only = context_menu_from([open_action, close_action, None, print_action], parent, only_enabled=True)
    assert [a.text() if not a.isSeparator() else "-" for a in only.actions()] == ["Open", "-", "Print"]


def test_right_click_makes_the_row_current_and_offers_what_applies_to_it(
    qtbot: QtBot, parent: QWidget
) -> None:
    model = QStandardItemModel(0, 1)
    for text in ("in", "out", "lost"):
        model.appendRow(QStandardItem(text))
    table = make_table("table", model, context_menu=Qt.ContextMenuPolicy.CustomContextMenu)
    lend = make_action(parent, "Lend", "lend", None, lambda: None)
    take_back = make_action(parent, "Take back", "take_back", None, lambda: None)

    def follow_row(current: QModelIndex, _previous: QModelIndex) -> None:
        lend.setEnabled(current.data() == "in")
        take_back.setEnabled(current.data() == "out")

    table.selectionModel().currentRowChanged.connect(follow_row)
    layout = QVBoxLayout(parent)
    layout.addWidget(table)
    parent.resize(300, 300)
    parent.show()
    qtbot.waitExposed(parent)
    position = table.visualRect(model.index(1, 0)).center()
    menu = popup_row_menu(table, position, [lend, take_back], parent)
    assert menu is not None
    assert table.currentIndex().row() == 1
    assert [action.text() for action in menu.actions()] == ["Take back"]  # enabled for the row clicked
    menu.close()
    assert popup_row_menu(table, QPoint(5, table.viewport().height() - 2), [lend], parent) is None


def test_date_filter_says_any_until_a_date_is_chosen() -> None:
    edit = date_filter("date_from")
    assert edit.date() == NO_DATE and date_or_none(edit) is None
    edit.setDate(QDate(2026, 3, 16))
    assert date_or_none(edit) == date(2026, 3, 16)


def test_signals_blocked_changes_filters_quietly(parent: QWidget) -> None:
    edit = date_filter("date_from")
    changes: list[QDate] = []
    edit.dateChanged.connect(changes.append)
    with signals_blocked(edit):
        edit.setDate(QDate(2026, 1, 1))
    assert changes == [] and not edit.signalsBlocked()
    edit.setDate(NO_DATE)
    assert changes == [NO_DATE]
