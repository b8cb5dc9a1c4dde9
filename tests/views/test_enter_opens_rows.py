"""Enter on a row of every list opens it (issue 13: the callbacks list ignored Enter).

Walks every page of the main window, every tab, and every list of records on it (a view whose model hands out
its records with ``row_at``, and the Today board's columns), presses Enter on the first row and requires that
something opened: the record's dialog, detail or printout.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QListWidget, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop.views.main_window import MainWindow
from desktop.views.pages import PAGE_KEYS
from tests.views import screens
from tests.views.conftest import ShownMessage

#: Tables of figures (counts, averages, rates), not records: there is nothing to open on Enter.
FIGURES = {"TallyDaysModel", "AveragesModel", "StatsModel"}


def lists_on(page: QWidget) -> Iterator[QAbstractItemView]:
    """Every list of records on ``page`` (combo box popups and table headers are not lists)."""
    for view in page.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or view.window() is not page.window():
            continue
        model = view.model()
        if hasattr(model, "row_at") or isinstance(view, QListWidget):
            yield view
        else:
            assert type(model).__name__ in FIGURES, f"{view.objectName()}: a list without row_at"


def bring_forward(view: QWidget) -> None:
    """Make the tabs holding ``view`` current, so it is on screen."""
    child: QWidget = view
    parent = view.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            index = parent.indexOf(child)
            if index >= 0:
                parent.setCurrentIndex(index)
        child, parent = parent, parent.parentWidget()


def visible_windows() -> set[int]:
    return {id(widget) for widget in QApplication.topLevelWidgets() if widget.isVisible()}


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_enter_on_a_row_of_every_list_opens_it(
    qtbot: QtBot, demo_screens: screens.Demo, key: str, shown_messages: list[ShownMessage]
) -> None:
    window = MainWindow(demo_screens.db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(key)
    page = window.pages[key]
    for view in list(lists_on(page)):
        bring_forward(view)
        model = view.model()
        if model.rowCount() == 0:
            continue
        view.setFocus()
        view.setCurrentIndex(model.index(0, 0))
        before = visible_windows()
        shown_messages.clear()
        window.show_page(key)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        opened = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
        # Opened: a dialog, a detail or a printout; or (Today) the page that lists the item; or a message.
        went = window.current_page_key() != key
        assert opened or went or shown_messages, f"{key}: Enter on {view.objectName()} opened nothing"
        for other in opened:
            qtbot.addWidget(other)
            other.hide()
