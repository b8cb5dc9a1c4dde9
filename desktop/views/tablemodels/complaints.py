"""Table models of the complaint book and the Reports page.

* :class:`ComplaintsModel` — the register as a lazy model
  (:class:`~desktop.views.tablemodels.paged.PagedTableModel`): pages of
  :class:`~desktop.services.complaint_rows.ComplaintListRow` from SQL, sorted by the service; overdue rows red.
* :class:`StatsModel` — one period's complaint statistics (F08): a row per department and the total. Display
  text is what the CSV export writes ("—" without a divisor); :data:`VALUE_ROLE` gives what the XLSX export
  writes, so a test can compare the two.
* :class:`AveragesModel` and :class:`RatingsModel` — rating averages and the list of ratings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.i18n import N_, _
from desktop.rules import complaints as rules
from desktop.services import complaint_list, stats
from desktop.services.complaint_list import ComplaintQuery
from desktop.services.complaint_rows import ComplaintListRow
from desktop.services.ratings import RatingAverage, RatingRow
from desktop.services.stats import StatsTable
from desktop.views.tablemodels.paged import ID_ROLE as ID_ROLE  # the roles every list answers
from desktop.views.tablemodels.paged import PAGE_SIZE, ROW_ROLE, PagedTableModel

_Index = QModelIndex | QPersistentModelIndex

#: The role carrying a statistics cell's value as the XLSX export writes it.
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2

OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_FOREGROUND = QColor("#a3000f")
ABOVE_TARGET_FOREGROUND = QColor("#a3000f")

COL_NUMBER, COL_RECEIVED, COL_ORGANISATION, COL_MATTER, COL_CHANNEL, COL_CATEGORY = range(6)
COL_DEPARTMENT, COL_STATUS, COL_DUE = 6, 7, 8
HEADERS: tuple[str, ...] = (
    N_("No."),
    N_("Received at"),
    N_("Complainant"),
    N_("Complaint"),
    N_("Channel"),
    N_("Category"),
    N_("Department"),
    N_("Status"),
    N_("Due"),
)
#: The service's sort key per column (None: not sortable).
SORT_KEYS: tuple[str | None, ...] = (
    "number",
    "complained_at",
    "organisation",
    None,
    "channel",
    "category",
    "department",
    "status",
    "stage_due",
)


def category_label(key: str, lang: str | None = None) -> str:
    """The register form's label of category ``key`` in ``lang``."""
    option = load_form("complaint_register").field("category").option(key)
    return option.label.get(lang or i18n.ui_language()) if option else key


def status_text(status: str, stage: str | None) -> str:
    """ "Open: Relay to the department head", "Closed" …"""
    if status == rules.OPEN and stage:
        return _("Open: {step}").format(step=_(rules.STAGE_LABELS.get(stage, stage)))
    return _(rules.STATUSES.get(status, status))


class ComplaintsModel(PagedTableModel[ComplaintListRow]):
    """The complaints matching :attr:`query`, fetched a page at a time, sorted by the service."""

    HEADERS = HEADERS
    SORT_KEYS = SORT_KEYS
    kinds = ("complaint", "complaint_register")

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(ComplaintQuery(), parent, page_size=page_size)

    def fetch(
        self, query: ComplaintQuery, *, now: datetime, offset: int, limit: int
    ) -> list[ComplaintListRow]:
        return complaint_list.list_complaints(query, now=now, offset=offset, limit=limit)

    def count(self, query: ComplaintQuery, *, now: datetime) -> int:
        return complaint_list.count_complaints(query, now=now)

    def display(self, row: ComplaintListRow, column: int) -> str:
        if column == COL_NUMBER:
            return (
                row.number
                if row.round == 1
                else _("{number} (round {round})").format(number=row.number, round=row.round)
            )
        if column == COL_RECEIVED:
            return i18n.format_datetime(row.complained_at, length="short")
        if column == COL_ORGANISATION:
            return row.organisation
        if column == COL_MATTER:
            return " ".join(row.matter.split())
        if column == COL_CHANNEL:
            return _(rules.CHANNELS.get(row.channel, row.channel))
        if column == COL_CATEGORY:
            text = category_label(row.category)
            return _("{category} (re-coded)").format(category=text) if row.recoded else text
        if column == COL_DEPARTMENT:
            return row.department
        if column == COL_STATUS:
            text = status_text(row.status, row.stage)
            return text if row.valid else _("{status} · invalid").format(status=text)
        if column == COL_DUE:
            if row.stage_due is None or row.status != rules.OPEN:
                return ""
            text = i18n.format_datetime(row.stage_due, length="short")
            return _("{moment} (overdue)").format(moment=text) if row.overdue else text
        return ""

    def background(self, row: ComplaintListRow, column: int) -> QColor | None:
        return OVERDUE_BACKGROUND if row.overdue else None

    def foreground(self, row: ComplaintListRow, column: int) -> QColor | None:
        return OVERDUE_FOREGROUND if row.overdue else None

    def tooltip(self, row: ComplaintListRow, column: int) -> str | None:
        if column == COL_MATTER:
            return row.matter
        if row.overdue and row.stage_due is not None:
            return _("Overdue since {moment}").format(moment=i18n.format_datetime(row.stage_due))
        return None


class StatsModel(QAbstractTableModel):
    """One period's statistics: departments, then the total in bold; rates above the target in red."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: StatsTable | None = None

    def set_table(self, table: StatsTable | None) -> None:
        """Show ``table``."""
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def _lines(self) -> list[Any]:
        return [*self.table.rows, self.table.total] if self.table is not None else []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._lines())

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(stats.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(stats.COLUMNS[section][1]) if 0 <= section < len(stats.COLUMNS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        lines = self._lines()
        if (
            not index.isValid()
            or not 0 <= index.row() < len(lines)
            or not 0 <= index.column() < len(stats.COLUMNS)
        ):
            return None
        line = lines[index.row()]
        key = stats.COLUMNS[index.column()][0]
        value = stats.cell(line, key)
        if role == Qt.ItemDataRole.DisplayRole:
            return stats.cell_text(line, key)
        if role == VALUE_ROLE:
            return stats.export_value(line, key)
        if role == Qt.ItemDataRole.TextAlignmentRole and key != "department":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self.table is not None and line is self.table.total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (
            (key == "complaint_rate" and line.above_target) or stats.flagged(line, key)
        ):
            return QBrush(ABOVE_TARGET_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and stats.flagged(line, key):
            return _(
                "This department had complaints but no repairs in this period, so no rate can be computed. "
                "Check that its repairs are recorded."
            )
        if role == Qt.ItemDataRole.ToolTipRole and key in stats.RATE_KEYS and value is None:
            return _("Nothing to divide by in this period.")
        return None


class AveragesModel(QAbstractTableModel):
    """Average rating scores per department or engineer."""

    HEADERS = (N_("Name"), N_("Ratings"), N_("Technical level"), N_("Service attitude"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RatingAverage] = []

    def set_rows(self, rows: list[RatingAverage]) -> None:
        """Show ``rows``."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, str(row.count), i18n.format_percent(row.technical, digits=0),
                    i18n.format_percent(row.attitude, digits=0))[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RatingsModel(QAbstractTableModel):
    """The ratings of a period; those that read like a complaint (000:47) in red until turned into one."""

    HEADERS = (N_("No."), N_("Date"), N_("Organisation"), N_("Engineer"), N_("Technical level"),
               N_("Service attitude"), N_("Comments"), N_("Complaint"))  # fmt: skip

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RatingRow] = []

    def set_rows(self, rows: list[RatingRow]) -> None:
        """Show ``rows``."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RatingRow | None:
        """The rating on table row ``row``."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            complaint = _("Made a complaint") if row.complaint_id else ""
            return (row.number, i18n.format_date(row.rating_date), row.organisation, row.engineer,
                    i18n.format_percent(row.technical_score, digits=0),
                    i18n.format_percent(row.attitude_score, digits=0), " ".join(row.comments.split()),
                    complaint)[index.column()]  # fmt: skip
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and row.suggests_complaint and not row.complaint_id:
            return QBrush(OVERDUE_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and row.suggests_complaint and not row.complaint_id:
            return _("Strong dissatisfaction: turn it into a complaint (seed 000:47).")
        return None
