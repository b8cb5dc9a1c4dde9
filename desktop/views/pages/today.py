"""The Today page, the first screen: everything due, from every record kind, in three coloured columns.

Overdue (red), due today (amber), upcoming (green) side by side — like Odoo's activity colours — computed by
:func:`desktop.services.reminders.compute_board` from the due sources every record kind registers, so what fell
due while the PC was off is there at start-up and a new record kind appears without a change here.

Columns, not one long table: after a long weekend 40 overdue lines pushed "Due today" below the fold, and a
table cut the "About" text at the column's edge. Each column is a list of cards with a coloured header and its
count; a card has two wrapped lines (what, number and who it is about; then when it is due and who does it), so
nothing is cut and each column scrolls on its own. A column shows its most urgent cards first and builds the
next page of them as the desk scrolls down (:mod:`desktop.views.tablemodels.due_cards`), so the board of an
office with thousands of overdue items is as quick as a small one's on every reminder tick. A click, or Enter on the current card, opens its screen
(:mod:`desktop.views.openers`): the callback dialog, the problem sheet's detail … Arrow keys move within a
column, Left / Right (and Tab) to the next column; the board starts on "Due today".
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
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
from desktop.views.tablemodels.due_cards import (
    COLOUR_ROLE,
    FIRST_LINE_ROLE,
    ITEM_ROLE,
    SECOND_LINE_ROLE,
    DueCardModel,
)

#: Group → (title, text colour, background of the header): Odoo's danger / warning / success.
GROUP_STYLE: dict[str, tuple[str, str, str]] = {
    OVERDUE: (N_("Overdue"), "#c0392b", "#fbe9e7"),
    TODAY: (N_("Due today"), "#b9770e", "#fef5e4"),
    UPCOMING: (N_("Upcoming"), "#1e8449", "#e9f7ef"),
}
GROUPS: tuple[str, ...] = (OVERDUE, TODAY, UPCOMING)
#: Shown in a column with no cards.
GROUP_EMPTY: dict[str, str] = {
    OVERDUE: N_("Nothing overdue"),
    TODAY: N_("Nothing else due today"),
    UPCOMING: N_("Nothing coming up"),
}

#: DueItem.kind → what the desk has to do; other kinds register theirs with due.register_kind_label.
KIND_LABELS: dict[str, str] = {
    "callback": N_("Call back"),
    "sheet_handover": N_("Hand over sheet"),
    "sheet_result": N_("Sheet result due"),
}

_PAD = 8  # inside a card
_GAP = 3  # between cards
_STRIPE = 4  # the coloured edge


def kind_label(item: DueItem) -> str:
    """What the desk does about ``item``, translated."""
    label = KIND_LABELS.get(item.kind) or due_kind_label(item.kind)
    return _(label) if label else item.kind.replace("_", " ")


def card_lines(item: DueItem, board: Board, lang: str) -> tuple[str, str]:
    """The card's two lines: what, number and what it is about; when it is due and who does it."""
    first = " · ".join(part for part in (kind_label(item), item.number, item.title) if part)
    if item.due_at.date() == board.now.date():
        due = _("Due {time}").format(time=i18n.format_time(item.due_at.time(), lang))
    else:
        due = _("Due {moment}").format(moment=i18n.format_datetime(item.due_at, lang, "short"))
    second = " · ".join(part for part in (due, item.assignee) if part)
    return first, second


class CardDelegate(QStyledItemDelegate):
    """Paints a due item as a card: coloured edge, bold first line, grey second line, both word-wrapped.

    The wrapped text is measured once per text, font and width until the column gets a new board
    (:meth:`forget`): a column lays out every card it has built whenever more are fetched or it is resized.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._measured: dict[tuple[str, str, int, str], tuple[int, int, int, int]] = {}

    def forget(self) -> None:
        """Drop the measured sizes (the column shows other cards now)."""
        self._measured.clear()

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, QFont(option.font)

    def _text_rects(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, width: int
    ) -> tuple[QRect, QRect]:
        inner = max(width - 2 * _PAD - _STRIPE, 40)
        first_text = index.data(FIRST_LINE_ROLE) or ""
        second_text = index.data(SECOND_LINE_ROLE) or ""
        key = (first_text, second_text, inner, option.font.key())
        measured = self._measured.get(key)
        if measured is None:
            bold, plain = self._fonts(option)
            flags = int(Qt.TextFlag.TextWordWrap)
            first = QFontMetrics(bold).boundingRect(QRect(0, 0, inner, 10_000), flags, first_text)
            second = QFontMetrics(plain).boundingRect(QRect(0, 0, inner, 10_000), flags, second_text)
            measured = self._measured[key] = (first.width(), first.height(), second.width(), second.height())
        return QRect(0, 0, measured[0], measured[1]), QRect(0, 0, measured[2], measured[3])

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Tall enough for both wrapped lines at the list's current width."""
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else option.rect.width()
        first, second = self._text_rects(option, index, width)
        return QSize(width, first.height() + second.height() + 2 * _PAD + 2 + 2 * _GAP)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Draw the card."""
        rect: QRect = option.rect.adjusted(2, _GAP, -2, -_GAP)
        state = option.state
        palette: QPalette = option.palette
        colour = QColor(index.data(COLOUR_ROLE) or "#888888")
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = selected and bool(state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = palette.color(QPalette.ColorRole.Base)
        if selected:
            background = QColor(colour)
            background.setAlpha(34)
        elif state & QStyle.StateFlag.State_MouseOver:
            background = palette.color(QPalette.ColorRole.AlternateBase)
        painter.setPen(QPen(colour if selected else QColor("#d5d8dc"), 2 if focused else 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRect(rect.left(), rect.top(), _STRIPE, rect.height()), colour)
        bold, plain = self._fonts(option)
        first, second = self._text_rects(option, index, option.rect.width())
        left = rect.left() + _STRIPE + _PAD - 2
        top = rect.top() + _PAD
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.setFont(bold)
        painter.drawText(
            QRect(left, top, first.width(), first.height()), flags, index.data(FIRST_LINE_ROLE) or ""
        )
        painter.setPen(colour if index.data(ITEM_ROLE) is not None and index.data(ITEM_ROLE).overdue else
                       palette.color(QPalette.ColorRole.PlaceholderText))  # fmt: skip
        painter.setFont(plain)
        painter.drawText(
            QRect(left, top + first.height() + 2, second.width(), second.height()),
            flags,
            index.data(SECOND_LINE_ROLE) or "",
        )
        painter.restore()


class BoardColumn(QFrame):
    """One group of the board: a coloured header with the count over a list of cards.

    The cards come from a :class:`~desktop.views.tablemodels.due_cards.DueCardModel`: the most urgent first,
    the next page when the desk scrolls down, so a column of thousands builds as fast as one of ten.

    Attributes:
        group: :data:`~desktop.services.reminders.OVERDUE`, ``TODAY`` or ``UPCOMING``.
        header: the header label ("Overdue (3)").
        list: the cards (a :class:`QListView`; each row holds its DueItem under :data:`ITEM_ROLE`).
        model: the column's :class:`DueCardModel`.
    """

    def __init__(self, group: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        title, colour, background = GROUP_STYLE[group]
        self.setObjectName(f"today_{group}")
        self.header = QLabel()
        self.header.setObjectName(f"today_{group}_header")
        font = self.header.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.header.setFont(font)
        self.header.setStyleSheet(
            f"QLabel {{ color: {colour}; background: {background}; padding: 6px 8px;"
            f" border-top: 3px solid {colour}; }}"
        )
        self.colour = colour
        self.model = DueCardModel(colour, self)
        self.list = QListView()
        self.list.setObjectName(f"today_{group}_list")
        self.list.setAccessibleName(_(title))
        self.list.setModel(self.model)
        delegate = CardDelegate(self.list)
        self.list.setItemDelegate(delegate)
        self.model.modelReset.connect(delegate.forget)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMouseTracking(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.nothing = QLabel(_(GROUP_EMPTY[group]))
        self.nothing.setObjectName(f"today_{group}_nothing")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.nothing.setStyleSheet("color: #7f8c8d; padding: 16px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.nothing, 1)

    def show_items(self, members: tuple[DueItem, ...], board: Board, lang: str) -> None:
        """Replace the cards with ``members`` (the first page is built now, the rest on scroll)."""
        title = GROUP_STYLE[self.group][0]
        self.header.setText(
            _("{group} ({count})").format(group=_(title), count=i18n.format_number(len(members), lang))
        )

        def text(item: DueItem) -> tuple[str, str, str]:
            first, second = card_lines(item, board, lang)
            return first, second, _(item.reminder.message) if item.reminder is not None else ""

        self.model.set_items(members, text)
        self.list.setVisible(bool(members))
        self.nothing.setVisible(not members)

    def card(self, row: int) -> QModelIndex:
        """The card on ``row`` (fetched so far); invalid past the end."""
        return self.model.index(row, 0)

    def count(self) -> int:
        """Cards fetched so far (the view asks for more as the desk scrolls)."""
        return self.model.rowCount()

    def items(self) -> list[DueItem]:
        """Every due item of this column, top to bottom, fetched or not."""
        return [self.model.item(row) for row in range(self.model.total())]


class TodayPage(Page):
    """The board.

    Attributes:
        columns: group → :class:`BoardColumn` (overdue, due today, upcoming, left to right).

    Signals:
        board_changed(object): a new :class:`~desktop.services.reminders.Board` is on screen (the main window
            shows its counts in the navigation).
    """

    key = "today"
    title = N_("Today")
    icon_name = "today"
    # Every kind: a save of any record (a key lent announces "key_loan") or setting can change what is due.
    every_kind = True

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
        self.columns: dict[str, BoardColumn] = {group: BoardColumn(group) for group in GROUPS}
        self.board_area = QWidget()
        self.board_area.setObjectName("today_board")
        self.empty_state = EmptyState(
            "today", _("Nothing due"), _("No callback, deadline or loan needs you now. Well done!")
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.board_area)
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
        columns = QHBoxLayout(self.board_area)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(10)
        for column in self.columns.values():
            columns.addWidget(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        lists = [column.list for column in self.columns.values()]
        for before, after in itertools.pairwise(lists):
            QWidget.setTabOrder(before, after)

    def _connect_signals(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        for column in self.columns.values():
            # One click, or Enter / Return on the current card, acts (the board is a to-do list: selecting
            # alone has no use).
            column.list.clicked.connect(self.act)
            column.list.installEventFilter(self)

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
                overdue=i18n.format_number(len(board.overdue), lang),
                today=i18n.format_number(len(board.today), lang),
                upcoming=i18n.format_number(len(board.upcoming), lang),
            )
        )
        current = self._current_key()
        had_focus = any(column.list.hasFocus() for column in self.columns.values())
        for group, column in self.columns.items():
            loaded = column.count()
            column.show_items(board.group(group), board, lang)
            column.model.fetch_through(loaded - 1)  # as far down as the desk had scrolled, no further
        self.stack.setCurrentWidget(self.empty_state if len(board) == 0 else self.board_area)
        self._restore_current(current, focus=had_focus)
        self.board_changed.emit(board)

    def _current_key(self) -> tuple[str, int] | None:
        current = self.current_list()
        due = current.currentIndex().data(ITEM_ROLE) if current is not None else None
        return (due.kind, due.record_id) if isinstance(due, DueItem) else None

    def _restore_current(self, key: tuple[str, int] | None, *, focus: bool) -> None:
        """Keep the card the desk was on; else start on "Due today".

        A card that moved beyond the cards built so far (due today at 17:30, overdue after midnight at the end
        of a long column) is not chased: that would build every card above it on each tick.
        """
        target: QListView | None = None
        for column in self.columns.values():
            row = column.model.row_of(key) if key is not None else -1
            if 0 <= row < column.count():
                column.list.setCurrentIndex(column.card(row))
                target = column.list
        if target is None:
            for group in (TODAY, OVERDUE, UPCOMING):
                if self.columns[group].count():
                    target = self.columns[group].list
                    target.setCurrentIndex(self.columns[group].card(0))
                    break
        if target is not None:
            self.setFocusProxy(target)
            if focus:
                target.setFocus()

    def items(self) -> list[DueItem]:
        """The due items in screen order: overdue, due today, upcoming (tests)."""
        return [item for column in self.columns.values() for item in column.items()]

    def current_list(self) -> QListView | None:
        """The column list that has (or last had) the keyboard."""
        for column in self.columns.values():
            if column.list.hasFocus():
                return column.list
        proxy = self.focusProxy()
        return proxy if isinstance(proxy, QListView) else None

    def _neighbour(self, watched: QListView, step: int) -> QListView | None:
        lists = [column.list for column in self.columns.values()]
        index = lists.index(watched) + step
        while 0 <= index < len(lists):
            if lists[index].model().rowCount():
                return lists[index]
            index += step
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter / Return acts on the current card; Left / Right move to the next column with cards."""
        if not (isinstance(watched, QListView) and event.type() == QEvent.Type.KeyPress):
            return super().eventFilter(watched, event)
        if not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.act(watched.currentIndex())
            return True
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            other = self._neighbour(watched, -1 if event.key() == Qt.Key.Key_Left else 1)
            if other is not None:
                row = min(max(watched.currentIndex().row(), 0), other.model().rowCount() - 1)
                other.setCurrentIndex(other.model().index(row, 0))
                other.setFocus()
                self.setFocusProxy(other)
            return True
        return super().eventFilter(watched, event)

    # --- acting ------------------------------------------------------------------------------------------

    def act(self, card: QModelIndex | QPersistentModelIndex | None) -> object:
        """Open the screen of the item on ``card``: its opener, else the page that lists its kind."""
        due = card.data(ITEM_ROLE) if card is not None and card.isValid() else None
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
