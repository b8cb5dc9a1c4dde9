"""The Today page, the first screen: everything due, from every record kind, in three coloured groups.

Overdue (red), due today (amber), upcoming (green) — like Odoo's activity colours — computed by
:func:`desktop.services.reminders.compute_board` from the due sources every record kind registers, so what fell
due while the PC was off is there at start-up and a new record kind appears without a change here. A click,
double-click or Enter on an item opens its screen (:mod:`desktop.views.openers`): the callback dialog, the
problem sheet's detail …
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.services import reminders
from desktop.services.due import DueItem, page_for
from desktop.services.due import kind_label as due_kind_label
from desktop.services.reminders import OVERDUE, TODAY, UPCOMING, Board
from desktop.views import openers, ops
from desktop.views.pages.base import EmptyState, Page

#: Group → (title, text colour, background of the group row): Odoo's danger / warning / success.
GROUP_STYLE: dict[str, tuple[str, str, str]] = {
    OVERDUE: (N_("Overdue"), "#c0392b", "#fbe9e7"),
    TODAY: (N_("Due today"), "#b9770e", "#fef5e4"),
    UPCOMING: (N_("Upcoming"), "#1e8449", "#e9f7ef"),
}

#: DueItem.kind → what the desk has to do; other kinds register theirs with due.register_kind_label.
KIND_LABELS: dict[str, str] = {
    "callback": N_("Call back"),
    "sheet_handover": N_("Hand over sheet"),
    "sheet_result": N_("Sheet result due"),
}

COLUMNS = (N_("Due"), N_("To do"), N_("No."), N_("About"), N_("Who"))
#: Item data role holding the DueItem.
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


def kind_label(item: DueItem) -> str:
    """What the desk does about ``item``, translated."""
    label = KIND_LABELS.get(item.kind) or due_kind_label(item.kind)
    return _(label) if label else item.kind.replace("_", " ")


class TodayPage(Page):
    """The board.

    Signals:
        board_changed(object): a new :class:`~desktop.services.reminders.Board` is on screen (the main window
            shows its counts in the navigation).
    """

    key = "today"
    title = N_("Today")
    icon_name = "today"
    kinds = ("ticket", "callback", "complaint", "key", "visitor", "document")

    board_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: Board | None = None
        self.heading = QLabel()
        self.heading.setObjectName("today_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("today_summary")
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.setObjectName("today_refresh")
        self.tree = QTreeWidget()
        self.tree.setObjectName("today_tree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([_(title) for title in COLUMNS])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(column, mode)
        self.empty_state = EmptyState(
            "today", _("Nothing due"), _("No callback, deadline or loan needs you now. Well done!")
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty_state)
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.summary)
        top.addLayout(titles, 1)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def _connect_signals(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        # One click, or Enter / Return on the current item, acts (the board is a to-do list: selecting alone
        # has no use).
        self.tree.itemClicked.connect(lambda item, _column: self.act(item))
        self.tree.installEventFilter(self)

    # --- data --------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the board from every due source at the clock's now."""
        result = ops.query(lambda: reminders.compute_board(now=ops.now()), parent=self)
        if result.ok and result.value is not None:
            self.show_board(result.value)

    def show_board(self, board: Board) -> None:
        """Put ``board`` on screen (also called by the reminder timer with the board it computed)."""
        self.board = board
        lang = i18n.ui_language()
        self.heading.setText(_("Today, {date}").format(date=i18n.format_date(board.now.date(), lang, "full")))
        self.summary.setText(
            _("{overdue} overdue · {today} due today · {upcoming} upcoming").format(
                overdue=len(board.overdue), today=len(board.today), upcoming=len(board.upcoming)
            )
        )
        current = self._current_key()
        self.tree.clear()
        for group in (OVERDUE, TODAY, UPCOMING):
            members = board.group(group)
            if not members:
                continue
            self._add_group(group, members, lang, board)
        self.stack.setCurrentWidget(self.empty_state if len(board) == 0 else self.tree)
        self._restore_current(current)
        self.board_changed.emit(board)

    def _add_group(self, group: str, members: tuple[DueItem, ...], lang: str, board: Board) -> None:
        title, colour, background = GROUP_STYLE[group]
        header = QTreeWidgetItem([_("{group} ({count})").format(group=_(title), count=len(members))])
        header.setFirstColumnSpanned(True)
        header.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(header.font(0))
        font.setBold(True)
        header.setFont(0, font)
        header.setForeground(0, QBrush(QColor(colour)))
        for column in range(len(COLUMNS)):
            header.setBackground(column, QBrush(QColor(background)))
        header.setData(0, Qt.ItemDataRole.AccessibleTextRole, group)
        self.tree.addTopLevelItem(header)
        header.setFirstColumnSpanned(True)
        for item in members:
            due_text = (
                i18n.format_time(item.due_at.time(), lang)
                if item.due_at.date() == board.now.date()
                else i18n.format_datetime(item.due_at, lang, "short")
            )
            row = QTreeWidgetItem([due_text, kind_label(item), item.number, item.title, item.assignee])
            row.setData(0, ITEM_ROLE, item)
            row.setForeground(0, QBrush(QColor(colour)))
            row.setToolTip(3, html.escape(item.title))
            if item.reminder is not None:
                row.setToolTip(1, _(item.reminder.message))
            self.tree.addTopLevelItem(row)

    def _current_key(self) -> tuple[str, int] | None:
        item = self.tree.currentItem()
        due = item.data(0, ITEM_ROLE) if item is not None else None
        return (due.kind, due.record_id) if isinstance(due, DueItem) else None

    def _restore_current(self, key: tuple[str, int] | None) -> None:
        first = None
        for index in range(self.tree.topLevelItemCount()):
            row = self.tree.topLevelItem(index)
            due = row.data(0, ITEM_ROLE)
            if not isinstance(due, DueItem):
                continue
            first = first or row
            if key == (due.kind, due.record_id):
                self.tree.setCurrentItem(row)
                return
        if first is not None:
            self.tree.setCurrentItem(first)

    def items(self) -> list[DueItem]:
        """The due items in screen order (tests)."""
        found = []
        for index in range(self.tree.topLevelItemCount()):
            due = self.tree.topLevelItem(index).data(0, ITEM_ROLE)
            if isinstance(due, DueItem):
                found.append(due)
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter / Return on the board acts on the current item."""
        if (
            watched is self.tree
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.act(self.tree.currentItem())
            return True
        return super().eventFilter(watched, event)

    # --- acting ------------------------------------------------------------------------------------------

    def act(self, row: QTreeWidgetItem | None) -> object:
        """Open the screen of the item on ``row``: its opener, else the page that lists its kind."""
        due = row.data(0, ITEM_ROLE) if row is not None else None
        if not isinstance(due, DueItem):
            return None
        opener = openers.opener_for(due.record_type)
        if opener is not None:
            return opener(due, self.window())
        window = self.window()
        page = page_for(due.record_type)
        if page and hasattr(window, "show_page"):
            window.show_page(page)
        return None


PAGE = TodayPage
