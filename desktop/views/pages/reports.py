"""Reports: the monthly and quarterly statistics the seeds ask for (spec §2.15), one tab per report.

The page is a registry of tabs: a module calls :func:`register_report_tab` (key, ``N_`` title, factory) at
import and its tab appears, in registration order, without editing this file — the call tally (F05) of the
registers plugs in this way. This module registers two: the complaint rates (F08 表1.3: per department, month or
quarter, a bar chart against the office's target and the trend, export to XLSX/CSV, print) and the customers'
rating averages per department and engineer (F09, 000:46).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.rules.statistics import MONTH, PERIOD_KINDS, Period, recent_periods
from desktop.services import ratings, stats
from desktop.services.stats import StatsTable
from desktop.views import ops
from desktop.views.charts import BarChart, LineChart, Series
from desktop.views.forms_menu import file_name, print_language
from desktop.views.pages.base import Page
from desktop.views.preview import PreviewWindow
from desktop.views.tablemodels.complaints import AveragesModel, StatsModel

#: A tab factory: ``factory(parent) -> QWidget``.
TabFactory = Callable[[QWidget | None], QWidget]
_TABS: dict[str, tuple[str, TabFactory]] = {}


def register_report_tab(key: str, title: str, factory: TabFactory) -> None:
    """Add a tab to the Reports page (``title`` marked with ``N_``); registering ``key`` again replaces it.

    Pages built afterwards show it; the page is built once per main window, after every page module imported.
    """
    _TABS[key] = (title, factory)


def report_tabs() -> list[tuple[str, str, TabFactory]]:
    """``(key, title, factory)`` of every registered tab, in registration order."""
    return [(key, title, factory) for key, (title, factory) in _TABS.items()]


def _percent(value: float) -> str:
    return i18n.format_percent(value, digits=1)


class PeriodPicker(QWidget):
    """Month or quarter, and which one (the last 12 months or 8 quarters).

    Signals: ``changed`` of the two combo boxes, through :attr:`kind_combo` and :attr:`period_combo`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox(objectName="period_kind")
        for key, label in PERIOD_KINDS.items():
            self.kind_combo.addItem(_(label), key)
        self.period_combo = QComboBox(objectName="period")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.period_combo)
        self.kind_combo.currentIndexChanged.connect(lambda _index: self.fill())
        self.fill()

    def fill(self) -> None:
        """The recent periods of the chosen kind, newest first."""
        kind = self.kind_combo.currentData() or MONTH
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in reversed(recent_periods(ops.now().date(), kind, 12 if kind == MONTH else 8)):
            self.period_combo.addItem(stats.period_label(period), period)
        self.period_combo.blockSignals(False)
        self.period_combo.setCurrentIndex(0)
        self.period_combo.currentIndexChanged.emit(0)

    def period(self) -> Period:
        """The period chosen."""
        chosen: Period = self.period_combo.currentData()
        return chosen

    def set_period(self, period: Period) -> None:
        """Choose ``period`` (its kind first)."""
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(period.kind), 0))
        for index in range(self.period_combo.count()):
            if self.period_combo.itemData(index) == period:
                self.period_combo.setCurrentIndex(index)


class ComplaintRatesTab(QWidget):
    """F08 表1.3: the table per department, the bar chart with the target line, the trend, export and print."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaint_rates_tab")
        self.picker = PeriodPicker()
        self.model = StatsModel(self)
        self.view = QTableView(objectName="complaint_rate_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.target_label = QLabel(objectName="target_label")
        # The label gives way on a narrow window rather than widening the page.
        self.target_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar_chart = BarChart()
        self.bar_chart.setObjectName("rate_bar_chart")
        self.trend_chart = LineChart()
        self.trend_chart.setObjectName("rate_trend_chart")
        self.xlsx_button = QPushButton(_("Export XLSX…"), objectName="export_xlsx")
        self.csv_button = QPushButton(_("Export CSV…"), objectName="export_csv")
        self.print_button = QPushButton(_("Print table…"), objectName="print_rates")
        self.table: StatsTable | None = None
        self.preview: PreviewWindow | None = None
        self._build_layout()
        self.picker.period_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        self.csv_button.clicked.connect(lambda: self.export(".csv"))
        self.print_button.clicked.connect(self.print_table)
        self.refresh()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Period")))
        top.addWidget(self.picker)
        top.addWidget(self.target_label, 1)
        # A tool bar: on a narrow window the buttons go behind its » instead of widening the page.
        bar = QToolBar(objectName="report_actions")
        bar.setMovable(False)
        for button in (self.xlsx_button, self.csv_button, self.print_button):
            bar.addWidget(button)
        top.addWidget(bar)
        charts = QSplitter()
        charts.addWidget(self.bar_chart)
        charts.addWidget(self.trend_chart)
        charts.setSizes([560, 440])
        body = QSplitter()
        body.setOrientation(body.orientation().Vertical)
        body.addWidget(self.view)
        body.addWidget(charts)
        body.setSizes([220, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(body, 1)

    def refresh(self) -> None:
        """Count the chosen period again and redraw."""
        period = self.picker.period()
        if period is None:
            return
        now = ops.now()
        result = ops.query(lambda: stats.complaint_statistics(period, now=now), parent=self)
        self.table = result.value if result.ok else None
        self.model.set_table(self.table)
        table = self.table
        if table is None:
            return
        target = table.target
        self.target_label.setText(
            _("Target: complaint rate below {target}").format(target=_percent(target))
            if target is not None
            else ""
        )
        names = [row.counts.department or _("(no department)") for row in table.rows]
        self.bar_chart.set_data(
            names,
            [
                Series(_("Complaint rate"), tuple(row.complaint_rate for row in table.rows)),
                Series(_("Valid complaint rate"), tuple(row.valid_rate for row in table.rows)),
            ],
            title=_("Complaint rate by department, {period}").format(period=stats.period_label(period)),
            target=target,
            target_label=_("Target {target}").format(target=_percent(target)) if target is not None else "",
            value_format=_percent,
        )
        periods = recent_periods(period.end, period.kind, 12 if period.kind == MONTH else 8)
        trend = ops.query(lambda: stats.trend(periods, now=now), parent=self).value or []
        self.trend_chart.set_data(
            [p.key[2:] for p in periods],
            [
                Series(_("Complaint rate"), tuple(row.complaint_rate for row in trend)),
                Series(_("Valid complaint rate"), tuple(row.valid_rate for row in trend)),
            ],
            title=_("All departments, trend"),
            target=target,
            value_format=_percent,
        )

    def export(self, suffix: str, path: Path | None = None) -> Path | None:
        """Export the table shown to XLSX or CSV (asks where, unless ``path`` is given)."""
        table = self.table
        if table is None:
            return None
        if path is None:
            name = f"{_('Complaint rate')} {table.period.key}{suffix}"
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Export"), name, f"*{suffix}")
            if not chosen:
                return None
            path = Path(chosen)
        lang = i18n.ui_language()
        target_path = path
        result = ops.run(
            lambda by, now: stats.export_statistics(table, target_path, lang=lang, by=by, now=now),
            parent=self,
        )
        return result.value if result.ok else None

    def print_table(self) -> PreviewWindow | None:
        """Preview the printed 表1.3 of the period shown."""
        table = self.table
        if table is None:
            return None
        lang = print_language()
        result = ops.query(lambda: stats.print_statistics(table, lang=lang), parent=self)
        if not result.ok or result.value is None:
            return None
        self.preview = PreviewWindow(
            result.value,
            title=_("Complaint rate {period}").format(period=table.period.key),
            suggested_name=file_name(f"F08 {table.period.key}"),
            lang=lang,
            rerender=lambda other: stats.print_statistics(table, lang=other),
            parent=self,
        )
        self.preview.show()
        return self.preview


class RatingAveragesTab(QWidget):
    """Average customer ratings per department and engineer (000:46), with a bar chart per department."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating_averages_tab")
        self.picker = PeriodPicker()
        self.departments = AveragesModel(self)
        self.engineers = AveragesModel(self)
        self.department_view = self._table(self.departments, "rating_departments")
        self.engineer_view = self._table(self.engineers, "rating_engineers")
        self.chart = BarChart()
        self.chart.setObjectName("rating_chart")
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Period")))
        top.addWidget(self.picker)
        top.addStretch(1)
        tables = QSplitter()
        tables.addWidget(self.department_view)
        tables.addWidget(self.engineer_view)
        body = QSplitter()
        body.setOrientation(body.orientation().Vertical)
        body.addWidget(tables)
        body.addWidget(self.chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        self.picker.period_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    @staticmethod
    def _table(model: AveragesModel, name: str) -> QTableView:
        view = QTableView(objectName=name)
        view.setModel(model)
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        return view

    def refresh(self) -> None:
        """Average the chosen period's ratings again."""
        period = self.picker.period()
        if period is None:
            return
        departments = ops.query(
            lambda: ratings.averages(period.start, period.end, by_engineer=False), parent=self
        )
        engineers = ops.query(
            lambda: ratings.averages(period.start, period.end, by_engineer=True), parent=self
        )
        self.departments.set_rows(departments.value or [])
        self.engineers.set_rows(engineers.value or [])
        rows = departments.value or []
        self.chart.set_data(
            [row.name for row in rows],
            [
                Series(_("Technical level"), tuple(row.technical for row in rows)),
                Series(_("Service attitude"), tuple(row.attitude for row in rows)),
            ],
            title=_("Average customer rating by department, {period}").format(
                period=stats.period_label(period)
            ),
            target=1.0,
            target_label=_("100 %"),
            value_format=lambda value: i18n.format_percent(value, digits=0),
        )


register_report_tab("complaint_rates", N_("Complaint rates"), ComplaintRatesTab)
register_report_tab("ratings", N_("Customer ratings"), RatingAveragesTab)


class ReportsPage(Page):
    """The Reports page: a tab per registered report, each counted when the desk looks at it.

    A report counts a year of records (the complaint-rate trend: 13 months of repairs, 11 s on a million
    sheets). The page is built at start-up and refreshed whenever a sheet, complaint or rating is saved, while
    the desk is mostly elsewhere; so a tab is built the first time it is shown, and a change while it is out
    of sight only marks it stale, to be counted when it is shown again.
    """

    key = "reports"
    title = N_("Reports")
    icon_name = "reports"
    kinds = ("complaint", "complaint_register", "performance_rating", "problem_sheet", "office")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_("Reports"), objectName="page_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.tabs = QTabWidget(objectName="reports_tabs")
        self.tabs.setDocumentMode(True)
        self._factories: dict[str, TabFactory] = {}
        self._holders: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}
        self._stale: set[str] = set()
        for key, title, factory in report_tabs():
            holder = QWidget()
            holder.setObjectName(f"report_tab_{key}")
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._factories[key] = factory
            self._holders[key] = holder
            self.tabs.addTab(holder, _(title))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _index: self._show_current())

    @property
    def tab_widgets(self) -> dict[str, QWidget]:
        """Every report tab by key, built now if it was not yet."""
        return {key: self._tab(key) for key in self._holders}

    def refresh(self) -> None:
        """Recount the tab on screen; the others when they are shown next."""
        self._stale.update(self._built)
        if self.isVisible():
            self._show_current()

    def showEvent(self, event: QShowEvent) -> None:
        """Build or recount the current tab as the page comes on screen."""
        super().showEvent(event)
        self._show_current()

    def _show_current(self) -> None:
        key = next(
            (key for key, holder in self._holders.items() if holder is self.tabs.currentWidget()), None
        )
        if key is None:
            return
        if key not in self._built:
            self._tab(key)  # counts as it is built
        elif key in self._stale:
            refresh = getattr(self._built[key], "refresh", None)
            if callable(refresh):
                refresh()
        self._stale.discard(key)

    def _tab(self, key: str) -> QWidget:
        widget = self._built.get(key)
        if widget is None:
            widget = self._built[key] = self._factories[key](None)
            layout = self._holders[key].layout()
            assert layout is not None
            layout.addWidget(widget)
        return widget


PAGE = ReportsPage
