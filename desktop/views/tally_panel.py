"""The call tally (F05 800电话信息统计报表): today's counts as big buttons, the day or month by day, the printout.

One click on a category (or its key F5-F8 anywhere in the app, :mod:`desktop.views.tally_bar`) adds a stroke
(seed 000:120-121 "以“正”字登记"). The table shows a day or a month, one line per day with each category's count
and its 正 strokes, and prints as the F05 report: the day per operator, category and handling, or the month's
totals per category. The same panel is the Reports page's "Call statistics" tab.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.rules import registers as rules
from desktop.services import call_tally, import_export
from desktop.views import allowed, ops
from desktop.views.events import record_events
from desktop.views.forms_menu import print_language
from desktop.views.preview import PreviewWindow
from desktop.views.register_panel import open_register_preview
from desktop.views.tablemodels.registers import TallyDaysModel

DAY = "day"
MONTH = "month"
#: Shortcut of each category, in :data:`desktop.services.call_tally.CATEGORIES` order.
CATEGORY_KEYS: tuple[str, ...] = ("F5", "F6", "F7", "F8")


def period_title(start: date, end: date, lang: str) -> str:
    """The period under the printed title: the day, or the month ("2026年3月", "March 2026")."""
    if start == end:
        return i18n.format_date(start, lang, length="long")
    from babel.dates import format_date

    return format_date(start, "yyyy年M月" if lang == "zh_CN" else "MMMM yyyy", locale=i18n.babel_locale(lang))


def count_call(parent: QWidget | None, category: str) -> object:
    """Add one stroke for ``category`` (the person on duty, now)."""
    return ops.run(
        lambda by, now: call_tally.count_call(category, by=by, now=now), parent=parent, kind=call_tally.SLUG
    )


class TallyPanel(QWidget):
    """Today's buttons, a period table and the report.

    Signals:
        status_message(str): a sentence for the window's status bar.
    """

    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tally_panel")
        self.today_label = QLabel()
        self.today_label.setObjectName("tally_today")
        font = self.today_label.font()
        font.setBold(True)
        self.today_label.setFont(font)
        self.category_buttons: dict[str, QPushButton] = {}
        for category in call_tally.CATEGORIES:
            button = QPushButton()
            button.setObjectName(f"tally_{category}")
            button.setMinimumHeight(64)
            button.setMinimumWidth(90)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            # Counting a call never takes the focus away from what the desk is typing.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.category_buttons[category] = button
        self.undo_button = QPushButton(_("Undo my last call"))
        self.undo_button.setObjectName("tally_undo")
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("tally_period")
        self.period_combo.addItem(_("Day"), DAY)
        self.period_combo.addItem(_("Month"), MONTH)
        self.period_combo.setCurrentIndex(1)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("tally_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate(ops.now().date()))
        self.model = TallyDaysModel(self)
        self.view = QTableView()
        self.view.setObjectName("tally_table")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.period_label = QLabel()
        self.period_label.setObjectName("tally_period_total")
        self.period_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.print_button = QPushButton(_("Print report…"))
        self.print_button.setObjectName("tally_print")
        self.export_button = QPushButton(_("Export CSV…"))
        self.export_button.setObjectName("tally_export")
        self.previews: list[PreviewWindow] = []
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        buttons = QGridLayout()
        for column, button in enumerate(self.category_buttons.values()):
            buttons.addWidget(button, 0, column)
        today_row = QHBoxLayout()
        today_row.addWidget(self.today_label, 1)
        today_row.addWidget(self.undo_button)
        period = QHBoxLayout()
        period.addWidget(QLabel(_("Show")))
        period.addWidget(self.period_combo)
        period.addWidget(self.date_edit)
        period.addWidget(self.period_label, 1)
        period.addWidget(self.export_button)
        allowed.offer(self.export_button, import_export.export_records)
        period.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(today_row)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addLayout(period)
        layout.addWidget(self.view, 1)

    def _connect_signals(self) -> None:
        for category, button in self.category_buttons.items():
            button.clicked.connect(lambda _checked=False, category=category: count_call(self, category))
        self.undo_button.clicked.connect(self.undo)
        self.period_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.date_edit.dateChanged.connect(lambda _date: self.refresh())
        self.print_button.clicked.connect(lambda _checked=False: self.print_report())
        self.export_button.clicked.connect(lambda _checked=False: self.export_csv())
        record_events().records_changed.connect(self._on_records_changed)

    # -- public -------------------------------------------------------------------------------------------

    def period(self) -> tuple[date, date]:
        """First and last day shown."""
        day = self.date_edit.date().toPython()
        assert isinstance(day, date)
        if self.period_combo.currentData() == DAY:
            return day, day
        return rules.month_bounds(day)

    def refresh(self) -> None:
        """Today's counts on the buttons and the period's days in the table."""
        lang = i18n.ui_language()
        today = ops.query(lambda: call_tally.counts_for_day(ops.now().date()), parent=None).value
        counts = today.counts if today is not None else dict.fromkeys(call_tally.CATEGORIES, 0)
        for (category, button), key in zip(self.category_buttons.items(), CATEGORY_KEYS, strict=True):
            count = counts.get(category, 0)
            button.setText(
                _("{category} ({key})\n{count}  {strokes}").format(
                    category=call_tally.category_label(category, lang),
                    key=key,
                    count=count,
                    strokes=rules.tally_strokes(count),
                )
            )
        self.today_label.setText(_("Calls today: {total}").format(total=sum(counts.values())))
        start, end = self.period()
        days = ops.query(lambda: call_tally.counts_by_day(start, end), parent=None).value or {}
        self.model.set_days(days)
        total = sum(sum(item.values()) for item in days.values())
        self.period_label.setText(
            _("{period}: {total} calls").format(period=period_title(start, end, lang), total=total)
        )

    def undo(self) -> object:
        """Take back the last stroke of the person on duty."""
        return ops.run(
            lambda by, now: call_tally.undo_last_call(by=by, now=now), parent=self, kind=call_tally.SLUG
        )

    def print_report(self, lang: str | None = None) -> PreviewWindow | None:
        """Preview the F05 report of the period: the day in detail, or the month's totals per category."""
        lang = lang or print_language()
        start, end = self.period()
        rows = ops.query(lambda: call_tally.period_report_rows(start, end), parent=self).value or []
        return open_register_preview(
            call_tally.SLUG, rows, lang, self, title_suffix=period_title(start, end, lang)
        )

    def export_csv(self, path: str | None = None) -> object:
        """Write the tally's daily lines to a CSV file."""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export the call tally"), "call_tally.csv", _("CSV file (*.csv)")
            )
            if not path:
                return None
        target = path
        return ops.run(
            lambda by, now: import_export.export_records(call_tally.SLUG, target, by=by, now=now), parent=self
        )

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind == call_tally.SLUG:
            self.refresh()


def report_tab(parent: QWidget | None = None) -> QWidget:
    """The Reports page's "Call statistics" tab: the same panel (daily and monthly F05 report, printable)."""
    return TallyPanel(parent)


def register_with_reports() -> bool:
    """Add the call statistics to the Reports page's tabs, once its tab registry exists; False when it does not."""
    try:
        from desktop.views.pages.reports import register_report_tab
    except ImportError:
        return False
    register_report_tab("call_tally", N_("Call statistics"), report_tab)
    return True
