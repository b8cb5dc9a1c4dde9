"""The pieces every record list is built from: actions, the search box, the table and its empty states.

A list panel (problem sheets, inquiries, complaints, registers, keys) composes these rather than inheriting a
base class, so each panel keeps only what is its own: filters, query, row actions and layout. They hold the
habits the lists share (STYLE 21): one QAction per command with its shortcut in the tooltip, search as you
type that asks the database once typing pauses, Ctrl+F into the search box, an empty state instead of a bare
table, and a context menu made of the same actions as the tool bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QDate, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from desktop.i18n import _
from desktop.views.desk_dialog import fit_placeholder, throwaway
from desktop.views.pages.base import EmptyState

#: Wait this long after the last keystroke in a search box before asking the database.
SEARCH_DELAY_MS = 250
#: The date pickers show "any" at this date (QDateEdit cannot be empty).
NO_DATE = QDate(2000, 1, 1)

#: A panel's shortcuts work only while it is on screen: each tab has its own Ctrl+F and Ctrl+P.
PANEL_SHORTCUT = Qt.ShortcutContext.WidgetWithChildrenShortcut


# -- actions and tool bars ------------------------------------------------------------------------------------


def shortcut_tooltip(text: str, shortcut: str) -> str:
    """An action's text with its shortcut as this platform writes it: "Print… (Ctrl+P)"."""
    keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
    return _("{action} ({shortcut})").format(action=text, shortcut=keys)


def make_action(
    parent: QWidget,
    text: str,
    name: str,
    shortcut: str | None,
    slot: Callable[[], object],
    *,
    context: Qt.ShortcutContext = PANEL_SHORTCUT,
) -> QAction:
    """One command of ``parent`` for its tool bar, menu and shortcut.

    Args:
        parent: owns the action and carries its shortcut (the action is added to it).
        text: the label ("Print…").
        name: the object name tests and the window find it by.
        shortcut: a key sequence ("Ctrl+P"), also shown in the tooltip; None for none.
        slot: called without arguments when the action is triggered.
        context: where the shortcut works; by default while ``parent`` or a child has the focus
            (``WindowShortcut``: anywhere in the window while ``parent`` is visible).
    """
    action = QAction(text, parent)
    action.setObjectName(name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(shortcut_tooltip(text, shortcut))
    action.setShortcutContext(context)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


def make_toolbar(name: str = "") -> QToolBar:
    """A fixed, text-only tool bar: on a narrow window what does not fit goes behind its » button."""
    bar = QToolBar()
    if name:
        bar.setObjectName(name)
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return bar


def make_bold(widget: QWidget) -> None:
    """Set ``widget``'s text in bold (the New… button, the one a list is there for)."""
    font = widget.font()
    font.setBold(True)
    widget.setFont(font)


def tool_button(action: QAction, name: str | None = None, *, bold: bool = False) -> QToolButton:
    """A text button for ``action`` to put in a tool bar, named ``button_<action name>`` unless ``name``."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setObjectName(name or f"button_{action.objectName()}")
    if bold:
        make_bold(button)
    return button


def add_count(bar: QToolBar, label: QWidget) -> QAction:
    """Push ``label`` (the "12 sheets" count) to the right end of ``bar``; returns the spacer's action."""
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    anchor = bar.addWidget(spacer)
    bar.addWidget(label)
    return anchor


# -- the search box and filters -------------------------------------------------------------------------------


class SearchBox(QLineEdit):
    """Search as you type: the text is announced once typing pauses, so the database is asked once a word.

    Args:
        name: the object name.
        placeholder: the grey hint ("Search number, name… (Ctrl+F)").
        delay_ms: how long typing must pause.
        min_width: the narrowest the box gets in a crowded tool bar.

    Signals:
        text_settled(str): the text, ``delay_ms`` after the last change.
    """

    text_settled = Signal(str)

    def __init__(
        self,
        name: str,
        placeholder: str,
        *,
        delay_ms: int = SEARCH_DELAY_MS,
        min_width: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        throwaway(self)  # a search: nothing to ask about before a dialog holding it closes
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Never narrower than its hint: a cut placeholder ("Search label, hook, cus") tells nothing.
        fit_placeholder(self, at_least=min_width)
        self.settle_timer = QTimer(self)
        self.settle_timer.setSingleShot(True)
        self.settle_timer.setInterval(delay_ms)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.textChanged.connect(self._on_text_changed)
        self.settle_timer.timeout.connect(self._on_settle_timer_timeout)

    def cancel_pending(self) -> None:
        """Forget the pending announcement (the caller is searching now)."""
        self.settle_timer.stop()

    def focus_and_select(self) -> None:
        """Put the cursor in the box with its text selected, ready to type over (Ctrl+F)."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def find_action(
        self,
        parent: QWidget,
        name: str,
        slot: Callable[[], object] | None = None,
        *,
        context: Qt.ShortcutContext = PANEL_SHORTCUT,
    ) -> QAction:
        """The Search (Ctrl+F) action of ``parent``: runs ``slot``, by default :meth:`focus_and_select`."""
        return make_action(
            parent, _("Search"), name, "Ctrl+F", slot or self.focus_and_select, context=context
        )

    def _on_text_changed(self, _text: str) -> None:
        self.settle_timer.start()

    def _on_settle_timer_timeout(self) -> None:
        self.text_settled.emit(self.text())


def filter_combo(name: str) -> QComboBox:
    """A filter list that widens to its longest choice."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def date_filter(name: str) -> QDateEdit:
    """A date filter with a calendar, showing "any" at :data:`NO_DATE`."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(_("any"))
    edit.setDate(NO_DATE)
    return edit


def date_or_none(edit: QDateEdit) -> date | None:
    """The date a :func:`date_filter` shows, None at "any"."""
    value = edit.date()
    return None if value == NO_DATE else date(value.year(), value.month(), value.day())


@contextmanager
def signals_blocked(*widgets: QObject) -> Iterator[None]:
    """Change several filters at once without each one reloading the list."""
    before = [widget.blockSignals(True) for widget in widgets]
    try:
        yield
    finally:
        for widget, blocked in zip(widgets, before, strict=True):
            widget.blockSignals(blocked)


# -- the table, its empty states and the selected row ---------------------------------------------------------


def make_table(
    name: str,
    model: QAbstractItemModel,
    *,
    context_menu: Qt.ContextMenuPolicy = Qt.ContextMenuPolicy.DefaultContextMenu,
) -> QTableView:
    """A read-only table of whole rows, one selected at a time, sortable by its headers' indicator."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setContextMenuPolicy(context_menu)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSortIndicatorShown(True)
    return view


class ListStack(QStackedWidget):
    """The table, or in its place the empty state (nothing yet) or the no-match state (filters hide all).

    Args:
        table: the list.
        empty_state: shown when there is nothing to list yet.
        no_match_state: shown when the search and filters leave nothing; None: the table stays.
    """

    def __init__(
        self,
        table: QWidget,
        empty_state: EmptyState,
        no_match_state: EmptyState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table = table
        self.empty_state = empty_state
        self.no_match_state = no_match_state
        for widget in (table, empty_state, no_match_state):
            if widget is not None:
                self.addWidget(widget)

    def show_for(self, count: int, *, filtered: bool) -> None:
        """Show the table when ``count`` rows are listed, else the state that says why none are."""
        if count > 0:
            self.setCurrentWidget(self.table)
        elif filtered:
            self.setCurrentWidget(self.no_match_state or self.table)
        else:
            self.setCurrentWidget(self.empty_state)


def current_row(view: QTableView) -> Any:
    """The record of ``view``'s current row (its model's ``row_at``), or None."""
    index = view.currentIndex()
    return view.model().row_at(index.row()) if index.isValid() else None  # type: ignore[attr-defined]


def show_row(view: QTableView, row: int) -> bool:
    """Make table row ``row`` current and scroll to it; False when ``row`` is -1 (not loaded)."""
    if row < 0:
        return False
    index = view.model().index(row, 0)
    view.setCurrentIndex(index)
    view.scrollTo(index)
    return True


class SelectionKeeper(QObject):
    """Keeps the same record current when the model reloads (a save anywhere resets it).

    Args:
        view: the table; its model's reset is followed.
        select: makes a record current by id (the panel's ``select_…``); False when it is not listed.
        record_id: the id of a row (the panel's ``selected_row``), None without one.
    """

    def __init__(
        self,
        view: QTableView,
        select: Callable[[int], bool],
        record_id: Callable[[], int | None],
    ) -> None:
        super().__init__(view)
        self._view = view
        self._select = select
        self._record_id = record_id
        self._kept_id: int | None = None
        view.model().modelAboutToBeReset.connect(self._on_model_about_to_be_reset)

    def restore(self) -> None:
        """Make the kept record current again, or the first row when it is gone (call after the reset)."""
        kept = self._kept_id is not None and self._select(self._kept_id)
        model = self._view.model()
        if not kept and model.rowCount():
            self._view.setCurrentIndex(model.index(0, 0))

    def _on_model_about_to_be_reset(self) -> None:
        self._kept_id = self._record_id()


# -- the context menu -----------------------------------------------------------------------------------------


def context_menu_from(
    actions: Iterable[QAction | None], parent: QWidget, *, only_enabled: bool = False
) -> QMenu:
    """A menu of ``actions`` (None: a separator) that deletes itself when closed.

    ``only_enabled`` leaves out what does not apply (the workflow steps the row's status does not allow).
    """
    menu = QMenu(parent)
    for action in actions:
        if action is None:
            menu.addSeparator()
        elif action.isEnabled() or not only_enabled:
            menu.addAction(action)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return menu


def popup_row_menu(
    view: QTableView, position: QPoint, actions: Iterable[QAction | None], parent: QWidget
) -> QMenu | None:
    """Right click on a row: make it current, then pop up those of ``actions`` that apply to it.

    Args:
        view: the table (``CustomContextMenu``).
        position: where the click was, in the viewport (``customContextMenuRequested``).
        actions: the menu's entries (None: a separator); which are enabled is read once the row is current.
        parent: the menu's parent.

    Returns:
        The menu, or None when the click was below the rows.
    """
    index = view.indexAt(position)
    if not index.isValid():
        return None
    view.setCurrentIndex(index)
    menu = context_menu_from(actions, parent, only_enabled=True)
    menu.popup(view.viewport().mapToGlobal(position))
    return menu
