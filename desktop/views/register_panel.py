"""The list of one register: New…, search as you type, status and date filters, the lazy table, row actions,
CSV export and the printed register.

Every register tab of the Registers page is one :class:`RegisterPanel` over a
:class:`~desktop.views.tablemodels.registers.RegisterModel`; what differs — the New… dialog and the buttons for
the selected row (Sign out, Approve, Hand out, Return, Review, Record destruction, Take down …) — is passed in.
Filters become one :class:`~desktop.services.register_book.RegisterQuery` the service turns into SQL. The
printout is the register's form with the rows the filters select, oldest first, as the paper book runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.services import import_export, printing
from desktop.services.register_book import RegisterQuery, RegisterRow
from desktop.views import messages, ops
from desktop.views.forms_menu import file_name, print_language
from desktop.views.pages.base import EmptyState
from desktop.views.preview import PreviewWindow
from desktop.views.tablemodels.registers import RegisterModel

SEARCH_DELAY_MS = 250
NO_DATE = QDate(2000, 1, 1)


@dataclasses.dataclass
class RowAction:
    """A button for the selected row.

    Attributes:
        action: the QAction (toolbar, context menu, shortcut).
        enabled: whether the action applies to a row.
        run: what it does with the row.
    """

    action: QAction
    enabled: Callable[[RegisterRow], bool]
    run: Callable[[RegisterRow], object]


class RegisterPanel(QWidget):
    """One register's list with its tool bars.

    Args:
        slug: the register's form.
        new_text: the New… button's text ("New visitor…").
        empty_heading, empty_sentence: the empty state.
        on_new: opens the entry dialog (None: no New… button).
        hidden: form keys not shown as columns.

    Signals:
        status_message(str): a sentence for the window's status bar.
    """

    status_message = Signal(str)

    def __init__(
        self,
        slug: str,
        *,
        new_text: str,
        empty_heading: str,
        empty_sentence: str,
        on_new: Callable[[], object] | None = None,
        hidden: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.slug = slug
        self.setObjectName(f"register_panel_{slug}")
        self.model = RegisterModel(slug, self, hidden=hidden)
        self._on_new = on_new
        self.row_actions: list[RowAction] = []
        self.view = QTableView()
        self.view.setObjectName(f"{slug}_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName(f"{slug}_search")
        self.search_edit.setPlaceholderText(_("Search (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName(f"{slug}_status_filter")
        self.status_combo.addItem(_("All"), None)
        for key in self.model.book.statuses:
            self.status_combo.addItem(self.model.status_label(key), key)
        self.status_combo.setVisible(self.model.has_status)
        self.from_edit = self._date_edit(f"{slug}_date_from")
        self.to_edit = self._date_edit(f"{slug}_date_to")
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setObjectName(f"{slug}_clear_filters")
        self.count_label = QLabel()
        self.count_label.setObjectName(f"{slug}_count")
        self.new_action = self._action(new_text, f"action_new_{slug}", None, self.new_record)
        self.new_action.setVisible(on_new is not None)
        self.find_action = self._action(_("Search"), f"action_find_{slug}", "Ctrl+F", self.focus_search)
        self.export_action = self._action(_("Export CSV…"), f"action_export_{slug}", None, self.export_csv)
        self.print_action = self._action(
            _("Print register…"), f"action_print_{slug}", "Ctrl+P", self.print_register
        )
        self.empty_state = EmptyState(
            "registers", empty_heading, empty_sentence, new_text if on_new else None
        )
        self.no_match_state = EmptyState(
            "registers",
            _("Nothing matches"),
            _("No line of this register matches the search and filters. Clear them to see every line."),
            _("Clear filters"),
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.no_match_state)
        self.actions_bar = self._toolbar(f"{slug}_row_actions")
        self._selected_id: int | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.previews: list[PreviewWindow] = []
        self._build_layout()
        self._connect_signals()
        # The list opens newest first, as its header shows: by its date, else by number (the order of entry).
        date_column = self.model.column_of(self.model.book.date_key)
        first_column = date_column if date_column >= 0 else max(self.model.column_of("number"), 0)
        self.view.horizontalHeader().setSortIndicator(first_column, Qt.SortOrder.DescendingOrder)
        # A click on a header asks the service for that order (RegisterModel.sort), never a proxy model.
        self.view.setSortingEnabled(True)
        self.apply_filters()
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    # -- building -----------------------------------------------------------------------------------------

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(_("any"))
        edit.setDate(NO_DATE)
        return edit

    def _action(self, text: str, name: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(_("{action} ({shortcut})").format(action=text, shortcut=keys))
        # Only while this tab is on screen: each tab has its own Ctrl+F and Ctrl+P.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _toolbar(self, name: str) -> QToolBar:
        bar = QToolBar()
        bar.setObjectName(name)
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return bar

    def _build_layout(self) -> None:
        top = self._toolbar(f"{self.slug}_toolbar")
        new_button = QToolButton()
        new_button.setDefaultAction(self.new_action)
        new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        new_button.setObjectName(f"button_new_{self.slug}")
        font = new_button.font()
        font.setBold(True)
        new_button.setFont(font)
        self.new_button_action = top.addWidget(new_button)
        self.new_button_action.setVisible(self._on_new is not None)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.search_edit.setMinimumWidth(160)
        top.addWidget(self.search_edit)
        self.status_filter_action = top.addWidget(self.status_combo)
        self.status_filter_action.setVisible(self.model.has_status)
        top.addWidget(QLabel(_("From")))
        top.addWidget(self.from_edit)
        top.addWidget(QLabel(_("to")))
        top.addWidget(self.to_edit)
        top.addWidget(self.clear_button)
        self.top_bar = top
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._actions_spacer = spacer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.actions_bar)
        self._finish_actions_bar()

    def _finish_actions_bar(self) -> None:
        # Row actions are inserted before this separator; the count, export and print stay at the right.
        bar = self.actions_bar
        self._actions_anchor = bar.addWidget(self._actions_spacer)
        bar.addWidget(self.count_label)
        bar.addAction(self.export_action)
        bar.addAction(self.print_action)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self.apply_filters)
        self.status_combo.currentIndexChanged.connect(lambda _index: self.apply_filters())
        self.from_edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.to_edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.clear_button.clicked.connect(self.clear_filters)
        self.empty_state.activated.connect(self.new_record)
        self.no_match_state.activated.connect(self.clear_filters)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_actions())
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_reset)

    # -- public -------------------------------------------------------------------------------------------

    def add_row_action(
        self,
        text: str,
        name: str,
        enabled: Callable[[RegisterRow], bool],
        run: Callable[[RegisterRow], object],
        *,
        default: bool = False,
    ) -> QAction:
        """Add a button for the selected row (also in the context menu); ``default`` runs on Enter/double click."""
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: self._run_row_action(run))
        self.row_actions.append(RowAction(action, enabled, run))
        if default:

            def on_activated(_index: object) -> None:
                if action.isEnabled():
                    action.trigger()

            self.view.activated.connect(on_activated)
        self.actions_bar.insertAction(self._actions_anchor, action)
        self.update_actions()
        return action

    def query(self) -> RegisterQuery:
        """The filters and search as the service's query (keeping the order chosen in the header)."""
        first, last = self.from_edit.date(), self.to_edit.date()
        return dataclasses.replace(
            self.model.query,
            text=self.search_edit.text().strip(),
            status=self.status_combo.currentData(),
            date_from=None if first == NO_DATE else _day(first),
            date_to=None if last == NO_DATE else _day(last),
        )

    def apply_filters(self) -> None:
        """Show what the filters select (now, without waiting for the debounce)."""
        self._search_timer.stop()
        self.model.set_query(self.query())

    def clear_filters(self) -> None:
        """Back to every line."""
        widgets = (self.search_edit, self.status_combo, self.from_edit, self.to_edit)
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        self.status_combo.setCurrentIndex(0)
        self.from_edit.setDate(NO_DATE)
        self.to_edit.setDate(NO_DATE)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filters()

    def set_status_filter(self, status: str | None) -> None:
        """Show only lines of ``status`` (None: all)."""
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def selected_row(self) -> RegisterRow | None:
        """The record of the current row, or None."""
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_record(self, record_id: int) -> bool:
        """Make the row of record ``record_id`` current (when it is loaded)."""
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.scrollTo(self.model.index(row, 0))
        return True

    def new_record(self) -> object:
        """Open the entry dialog of this register."""
        return self._on_new() if self._on_new is not None else None

    def refresh(self) -> None:
        """Reload the rows."""
        self.model.reload(keep_loaded=True)

    def export_csv(self, path: Path | None = None) -> int | None:
        """Write every line of this register to a CSV (or .xlsx) file; asks where when ``path`` is None."""
        if path is None:
            title = load_form(self.slug).title.get(i18n.ui_language())
            target, _filter = QFileDialog.getSaveFileName(
                self, _("Export {register}").format(register=title), f"{title}.csv", _("CSV file (*.csv)")
            )
            if not target:
                return None
            path = Path(target)
        chosen = path
        result = ops.run(
            lambda by, now: import_export.export_records(self.slug, chosen, by=by, now=now), parent=self
        )
        if result.ok:
            self.status_message.emit(
                _("{count} lines written to {name}.").format(count=result.value, name=chosen.name)
            )
            return result.value
        return None

    def print_rows(self) -> list[dict[str, object]]:
        """The lines the printout shows: what the filters select, oldest first."""
        query, book = self.query(), self.model.book
        result = ops.query(lambda: book.print_rows(query, now=ops.now()), parent=self)
        return list(result.value or [])

    def print_title_suffix(self) -> str:
        """The period under the title: the date filter, when one is set."""
        query = self.query()
        if query.date_from and query.date_to:
            return f"{query.date_from.isoformat()} – {query.date_to.isoformat()}"
        if query.date_from:
            return _("from {date}").format(date=query.date_from.isoformat())
        if query.date_to:
            return _("until {date}").format(date=query.date_to.isoformat())
        return ""

    def print_register(self, lang: str | None = None) -> PreviewWindow | None:
        """Preview the register as printed (its form, the filtered lines, header repeated on every page)."""
        rows = self.print_rows()
        suffix = self.print_title_suffix()
        return open_register_preview(self.slug, rows, lang or print_language(), self, title_suffix=suffix)

    def update_actions(self) -> None:
        """Enable the row buttons that apply to the selected row."""
        row = self.selected_row()
        for row_action in self.row_actions:
            row_action.action.setEnabled(row is not None and row_action.enabled(row))

    # -- slots --------------------------------------------------------------------------------------------

    def _run_row_action(self, run: Callable[[RegisterRow], object]) -> None:
        row = self.selected_row()
        if row is not None:
            run(row)

    def _on_view_context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        for row_action in self.row_actions:
            if row_action.action.isEnabled():
                menu.addAction(row_action.action)
        menu.addSeparator()
        menu.addAction(self.print_action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(position))

    def _on_model_about_to_be_reset(self) -> None:
        row = self.selected_row()
        self._selected_id = row.id if row is not None else None

    def _on_model_reset(self) -> None:
        query = self.model.query
        filtered = dataclasses.replace(query, sort_key="", descending=True) != RegisterQuery()
        if self.model.total() > 0:
            self.stack.setCurrentWidget(self.view)
        else:
            self.stack.setCurrentWidget(self.no_match_state if filtered else self.empty_state)
        self.count_label.setText(_("{count} lines").format(count=self.model.total()))
        kept = self._selected_id is not None and self.select_record(self._selected_id)
        if not kept and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.update_actions()


def _day(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def open_register_preview(
    slug: str,
    rows: list[dict[str, object]],
    lang: str,
    parent: QWidget | None,
    *,
    title_suffix: str = "",
) -> PreviewWindow | None:
    """Render register ``slug`` with ``rows`` in ``lang`` and open its preview (switchable to the other language)."""
    result = ops.query(
        lambda: printing.print_register(slug, rows, lang=lang, title_suffix=title_suffix), parent=parent
    )
    if not result.ok or result.value is None:
        return None
    form = load_form(slug)
    title = form.title.get(i18n.ui_language()) + (f" {title_suffix}" if title_suffix else "")
    window = PreviewWindow(
        result.value,
        title=title,
        suggested_name=file_name(f"{form.code} {title}"),
        lang=lang,
        rerender=lambda other: printing.print_register(slug, rows, lang=other, title_suffix=title_suffix),
        parent=parent,
    )
    window.show()
    return window


def confirm(parent: QWidget, text: str, on_yes: Callable[[], None]) -> None:
    """Ask a yes/no question through the one message helper."""
    messages.show(parent, text, kind=messages.Kind.QUESTION, on_yes=on_yes)
