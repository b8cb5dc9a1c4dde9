"""The engineers' intake register (800用户问题受理登记表, F02) as a table, oldest first as the paper runs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop import i18n
from desktop.i18n import N_, _
from desktop.services import intake
from desktop.services.intake import IntakeRow
from desktop.views import ops
from desktop.views.events import record_events
from desktop.views.tablemodels.phone_mask import PhoneMask

COL_NUMBER = 0
COL_SHEET = 1
COL_ACCEPTED = 2
COL_CUSTOMER = 3
COL_PHONE = 4
COL_SUMMARY = 5
COL_REQUESTED = 6
COL_AGREED = 7
COL_PLACE = 8
COL_COMPLETED = 9
COL_ENGINEER = 10

HEADERS: tuple[str, ...] = (
    N_("No."),
    N_("Sheet No."),
    N_("Accepted"),
    N_("Customer"),
    N_("Phone"),
    N_("Problem"),
    N_("Wanted by"),
    N_("Agreed repair time"),
    N_("Place"),
    N_("Completed"),
    N_("Engineer"),
)

PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex


class IntakeModel(QAbstractTableModel):
    """Intake entries, optionally one engineer's and only those not completed.

    Attributes:
        engineer_id: only this engineer's entries (None: everyone's).
        open_only: only entries not completed yet.
    """

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.engineer_id: int | None = None
        self.open_only = False
        self._rows: list[IntakeRow] = []
        self._more = False
        self.phone_mask = PhoneMask(self)
        record_events().records_changed.connect(self._on_records_changed)
        self.phone_mask.changed.connect(lambda: self.phone_mask.repaint_column(self, COL_PHONE))

    def set_filter(self, *, engineer_id: int | None, open_only: bool) -> None:
        """Show one engineer's (or everyone's) entries, all or only the open ones."""
        self.engineer_id = engineer_id
        self.open_only = open_only
        self.reload()

    def reload(self) -> None:
        """Ask the service again from the top."""
        self.beginResetModel()
        self._rows = []
        self._rows = self._page(0)
        self.endResetModel()

    def row_at(self, row: int) -> IntakeRow | None:
        """The entry on ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        moment = i18n.format_datetime
        values = {
            COL_NUMBER: row.number,
            COL_SHEET: row.sheet_number,
            COL_ACCEPTED: moment(row.accepted_at, length="short"),
            COL_CUSTOMER: row.customer_name,
            COL_PHONE: self.phone_mask(row.phone),
            COL_SUMMARY: " ".join(row.summary.split()),
            COL_REQUESTED: moment(row.requested_by, length="short"),
            COL_AGREED: moment(row.agreed_at, length="short"),
            COL_PLACE: row.repair_place,
            COL_COMPLETED: moment(row.completed_at, length="short"),
            COL_ENGINEER: row.engineer,
        }
        return values.get(index.column(), "")

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid() or not self._more:
            return
        page = self._page(len(self._rows))
        if not page:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def _page(self, offset: int) -> list[IntakeRow]:
        engineer_id, open_only, limit = self.engineer_id, self.open_only, self.page_size
        result = ops.query(
            lambda: intake.list_intake(engineer_id, open_only=open_only, offset=offset, limit=limit),
            parent=None,
        )
        page = list(result.value or [])
        self._more = len(page) == limit
        return page

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind in ("intake", "intake_register", "problem_sheet"):
            self.reload()
