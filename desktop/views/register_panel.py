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
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QFileDialog, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.services import import_export, printing
from desktop.services.register_book import RegisterQuery, RegisterRow
from desktop.views import allowed, messages, ops
from desktop.views.forms_menu import file_name, print_language
from desktop.views.listing import (
    NO_DATE,
    ListStack,
    SearchBox,
    SelectionKeeper,
    add_count,
    current_row,
    date_filter,
    date_or_none,
    make_action,
    make_table,
    make_toolbar,
    popup_row_menu,
    show_row,
    signals_blocked,
    tool_button,
)
from desktop.views.pages.base import EmptyState
from desktop.views.preview import PreviewWindow
from desktop.views.record_print import open_record_preview
from desktop.views.tablemodels.registers import RegisterModel


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
        self._default_actions: list[QAction] = []
        self.view = make_table(
            f"{slug}_table", self.model, context_menu=Qt.ContextMenuPolicy.CustomContextMenu
        )
        self.search_edit = SearchBox(f"{slug}_search", _("Search (Ctrl+F)"), min_width=160)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName(f"{slug}_status_filter")
        self.status_combo.addItem(_("All"), None)
        for key in self.model.book.statuses:
            self.status_combo.addItem(self.model.status_label(key), key)
        self.status_combo.setVisible(self.model.has_status)
        self.from_edit = date_filter(f"{slug}_date_from")
        self.to_edit = date_filter(f"{slug}_date_to")
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setObjectName(f"{slug}_clear_filters")
        self.count_label = QLabel()
        self.count_label.setObjectName(f"{slug}_count")
        # Each tab has its own Ctrl+F and Ctrl+P: they work only while this tab is on screen.
        self.new_action = make_action(self, new_text, f"action_new_{slug}", None, self.new_record)
        self.new_action.setVisible(on_new is not None)
        self.find_action = self.search_edit.find_action(self, f"action_find_{slug}", self.focus_search)
        self.export_action = make_action(
            self, _("Export CSV…"), f"action_export_{slug}", None, self.export_csv
        )
        allowed.offer(self.export_action, import_export.export_records)
        self.print_action = make_action(
            self, _("Print register…"), f"action_print_{slug}", "Ctrl+P", self.print_register
        )
        # One line on its page of the register, for the person it concerns to sign (as `frontdesk print`).
        self.print_line_action = make_action(
            self, _("Print this line…"), f"action_print_line_{slug}", None, self.print_selected_line
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
        self.stack = ListStack(self.view, self.empty_state, self.no_match_state)
        self.actions_bar = make_toolbar(f"{slug}_row_actions")
        self._selection = SelectionKeeper(self.view, self.select_record, self._selected_id)
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

    def _build_layout(self) -> None:
        top = make_toolbar(f"{self.slug}_toolbar")
        new_button = tool_button(self.new_action, f"button_new_{self.slug}", bold=True)
        self.new_button_action = top.addWidget(new_button)
        self.new_button_action.setVisible(self._on_new is not None)
        top.addWidget(self.search_edit)
        self.status_filter_action = top.addWidget(self.status_combo)
        self.status_filter_action.setVisible(self.model.has_status)
        top.addWidget(QLabel(_("From")))
        top.addWidget(self.from_edit)
        top.addWidget(QLabel(_("to")))
        top.addWidget(self.to_edit)
        top.addWidget(self.clear_button)
        self.top_bar = top
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.actions_bar)
        self._finish_actions_bar()

    def _finish_actions_bar(self) -> None:
        # Row actions are inserted before the spacer; the count, export and print stay at the right.
        bar = self.actions_bar
        self._actions_anchor = add_count(bar, self.count_label)
        bar.addAction(self.export_action)
        bar.addAction(self.print_line_action)
        bar.addAction(self.print_action)

    def _connect_signals(self) -> None:
        self.search_edit.text_settled.connect(lambda _text: self.apply_filters())
        self.status_combo.currentIndexChanged.connect(lambda _index: self.apply_filters())
        self.from_edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.to_edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.clear_button.clicked.connect(self.clear_filters)
        self.empty_state.activated.connect(self.new_record)
        self.no_match_state.activated.connect(self.clear_filters)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.view.activated.connect(lambda _index: self.open_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self.update_actions())
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
        permission: str | Callable[..., Any] | None = None,
    ) -> QAction:
        """Add a button for the selected row (also in the context menu); ``default`` runs on Enter/double click.

        ``permission`` (a key, or the service function the action calls) hides the button from a role that may
        not take the action, rather than offering it and refusing.
        """
        action = QAction(text, self)
        action.setObjectName(name)
        if permission is not None:
            allowed.offer(action, permission)
        action.triggered.connect(lambda _checked=False: self._run_row_action(run))
        self.row_actions.append(RowAction(action, enabled, run))
        if default:
            self._default_actions.append(action)
        self.actions_bar.insertAction(self._actions_anchor, action)
        self.update_actions()
        return action

    def query(self) -> RegisterQuery:
        """The filters and search as the service's query (keeping the order chosen in the header)."""
        return dataclasses.replace(
            self.model.query,
            text=self.search_edit.text().strip(),
            status=self.status_combo.currentData(),
            date_from=date_or_none(self.from_edit),
            date_to=date_or_none(self.to_edit),
        )

    def apply_filters(self) -> None:
        """Show what the filters select (now, without waiting for the debounce)."""
        self.search_edit.cancel_pending()
        self.model.set_query(self.query())

    def clear_filters(self) -> None:
        """Back to every line."""
        with signals_blocked(self.search_edit, self.status_combo, self.from_edit, self.to_edit):
            self.search_edit.clear()
            self.status_combo.setCurrentIndex(0)
            self.from_edit.setDate(NO_DATE)
            self.to_edit.setDate(NO_DATE)
        self.apply_filters()

    def set_status_filter(self, status: str | None) -> None:
        """Show only lines of ``status`` (None: all)."""
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(status), 0))

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search_edit.focus_and_select()

    def selected_row(self) -> RegisterRow | None:
        """The record of the current row, or None."""
        row: RegisterRow | None = current_row(self.view)
        return row

    def select_record(self, record_id: int) -> bool:
        """Make the row of record ``record_id`` current (when it is loaded)."""
        return show_row(self.view, self.model.row_of(record_id))

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

    def print_selected_line(self, lang: str | None = None) -> PreviewWindow | None:
        """Preview the selected line alone on its register page, with the signature lines."""
        row = self.selected_row()
        if row is None:
            return None
        return open_record_preview(self.slug, row.number, self, lang=lang, record_id=row.id)

    def open_selected(self) -> object:
        """Enter / double click on a row: its usual action (e.g. "Correct…"), else the record as printed."""
        row = self.selected_row()
        if row is None:
            return None
        for action in self._default_actions:
            if action.isEnabled() and action.isVisible():
                action.trigger()
                return action
        return self.print_selected_line()

    def update_actions(self) -> None:
        """Enable the row buttons that apply to the selected row."""
        row = self.selected_row()
        self.print_line_action.setEnabled(row is not None)
        for row_action in self.row_actions:
            row_action.action.setEnabled(row is not None and row_action.enabled(row))

    # -- slots --------------------------------------------------------------------------------------------

    def _run_row_action(self, run: Callable[[RegisterRow], object]) -> None:
        row = self.selected_row()
        if row is not None:
            run(row)

    def _on_view_context_menu(self, position: QPoint) -> None:
        actions = [
            *(row_action.action for row_action in self.row_actions),
            None,
            self.print_line_action,
            self.print_action,
        ]
        popup_row_menu(self.view, position, actions, self)

    def _on_model_reset(self) -> None:
        query = self.model.query
        filtered = dataclasses.replace(query, sort_key="", descending=True) != RegisterQuery()
        self.stack.show_for(self.model.total(), filtered=filtered)
        self.count_label.setText(_("{count} lines").format(count=self.model.total()))
        self._selection.restore()
        self.update_actions()

    def _selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None


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
