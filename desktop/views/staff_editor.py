"""The staff table shared by the first-run wizard and the settings dialog.

:class:`StaffTableModel` holds :class:`StaffDraft` rows (saved ones carry ``id`` and ``version``), so the desk
edits the whole list and saves once. Role and department are chosen from lists (:class:`ChoiceDelegate`);
roles are stored as invariant keys and shown translated (STYLE 11). Staff are deactivated, never removed,
because audit events point at them: only a row not saved yet can be removed. In the settings dialog
"Set password…" opens :class:`~desktop.views.login_dialog.SetPasswordDialog` for the saved person selected
(the service checks that the person on duty may set passwords).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.rules import roles
from desktop.views.login_dialog import SetPasswordDialog
from desktop.views.office_editors import error_label, set_error

COL_EMPLOYEE_NO, COL_NAME, COL_ROLE, COL_DEPARTMENT, COL_PHONE, COL_ACTIVE = range(6)
HEADERS = (N_("Employee no."), N_("Name"), N_("Role"), N_("Department"), N_("Phone"), N_("Active"))
_FIELDS = ("employee_no", "name", "role", "department", "phone", "active")

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class StaffDraft:
    """One staff member as edited on screen; ``department`` is the department's name."""

    employee_no: str = ""
    name: str = ""
    role: str = roles.RECEPTIONIST
    department: str = ""
    phone: str = ""
    active: bool = True
    id: int | None = None
    version: int | None = None

    def is_blank(self) -> bool:
        """True for a row the desk added but never typed into."""
        return not (self.employee_no.strip() or self.name.strip() or self.phone.strip())

    def values(self) -> dict[str, Any]:
        """The fields a service takes (department by name; the caller maps it to an id where needed)."""
        return {
            "employee_no": self.employee_no.strip(),
            "name": self.name.strip(),
            "role": self.role,
            "department": self.department,
            "phone": self.phone.strip(),
            "active": self.active,
        }


class StaffTableModel(QAbstractTableModel):
    """Editable table of :class:`StaffDraft` rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[StaffDraft] = []
        self._originals: list[StaffDraft | None] = []

    def set_rows(self, rows: list[StaffDraft]) -> None:
        """Replace the contents; these rows count as unchanged."""
        self.beginResetModel()
        self._rows = list(rows)
        self._originals = list(rows)
        self.endResetModel()

    def rows(self) -> list[StaffDraft]:
        """Every row as it is now."""
        return list(self._rows)

    def changed_rows(self) -> list[StaffDraft]:
        """New rows with content, and saved rows the desk changed."""
        return [
            row
            for row, original in zip(self._rows, self._originals, strict=True)
            if (original is None and not row.is_blank()) or (original is not None and row != original)
        ]

    def append_row(self, draft: StaffDraft | None = None) -> int:
        """Add a new (unsaved) row; returns its index."""
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(draft or StaffDraft())
        self._originals.append(None)
        self.endInsertRows()
        return position

    def mark_saved(self, position: int, saved: StaffDraft) -> None:
        """Replace row ``position`` with what the service stored (new id and version), now unchanged."""
        self._rows[position] = saved
        self._originals[position] = saved
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(HEADERS) - 1))

    def remove_row(self, position: int) -> bool:
        """Remove an unsaved row; saved staff are deactivated instead."""
        if not 0 <= position < len(self._rows) or self._rows[position].id is not None:
            return False
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        del self._originals[position]
        self.endRemoveRows()
        return True

    # Qt overrides

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if column == COL_ACTIVE:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.active else Qt.CheckState.Unchecked
            return None
        value = getattr(row, _FIELDS[column])
        if role == Qt.ItemDataRole.DisplayRole:
            return _(roles.role_label(value)) if column == COL_ROLE else value
        if role == Qt.ItemDataRole.EditRole:
            return value
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        column = index.column()
        new: dict[str, str | bool]
        if column == COL_ACTIVE and role == Qt.ItemDataRole.CheckStateRole:
            new = {"active": Qt.CheckState(value) == Qt.CheckState.Checked}
        elif column != COL_ACTIVE and role == Qt.ItemDataRole.EditRole:
            text = str(value or "")
            if column == COL_ROLE and not roles.is_role(text):
                return False
            new = {_FIELDS[column]: text}
        else:
            return False
        self._rows[index.row()] = replace(self._rows[index.row()], **new)  # type: ignore[arg-type]
        self.dataChanged.emit(index, index, [role])
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_ACTIVE:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a combo box of ``(label, key)`` choices from ``choices()``."""

    def __init__(self, choices: Callable[[], list[tuple[str, str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem, _index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for label, key in self._choices():
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class StaffEditor(QWidget):
    """The staff table with Add / Remove buttons and a line for messages.

    Args:
        show_active: show the Active column (the settings dialog deactivates staff; the wizard has none yet).
        show_password: offer "Set password…" for the selected saved person (the wizard has its own page).

    Attributes:
        password_dialog: the last "Set password…" dialog opened (None before).
    """

    def __init__(
        self, *, show_active: bool = True, show_password: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.password_dialog: SetPasswordDialog | None = None
        self._departments: list[str] = []
        self.model = StaffTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("staff_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setColumnHidden(COL_ACTIVE, not show_active)
        self.view.setItemDelegateForColumn(
            COL_ROLE,
            ChoiceDelegate(lambda: [(_(label), key) for key, label in roles.ROLES.items()], self.view),
        )
        self.view.setItemDelegateForColumn(
            COL_DEPARTMENT,
            ChoiceDelegate(lambda: [("", "")] + [(n, n) for n in self._departments], self.view),
        )
        self.add_button = QPushButton(_("Add staff member"))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setToolTip(
            _("Only a row not saved yet can be removed; untick Active for the others.")
        )
        self.password_button = QPushButton(_("Set password…"))
        self.password_button.setObjectName("set_password_button")
        self.password_button.setToolTip(_("Give the selected staff member a new password (save them first)."))
        self.password_button.setVisible(show_password)
        self.password_button.setEnabled(False)
        self.error = error_label()
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.password_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_new)
        self.remove_button.clicked.connect(self.remove_current)
        self.password_button.clicked.connect(self.set_password)
        self.model.dataChanged.connect(lambda *_args: set_error(self.error, ""))
        self.model.dataChanged.connect(self._update_password_button)
        self.model.modelReset.connect(self._update_password_button)
        self.view.selectionModel().currentRowChanged.connect(self._update_password_button)

    def set_departments(self, names: list[str]) -> None:
        """The department names offered in the Department column."""
        self._departments = list(names)

    def add_new(self) -> None:
        """Append a row and start typing the employee number."""
        department = self._departments[0] if self._departments else ""
        position = self.model.append_row(StaffDraft(department=department))
        index = self.model.index(position, COL_EMPLOYEE_NO)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove_current(self) -> None:
        """Remove the selected row if it was never saved."""
        index = self.view.currentIndex()
        if index.isValid() and not self.model.remove_row(index.row()):
            set_error(self.error, _("Saved staff cannot be removed; untick Active instead."))

    def selected_saved(self) -> StaffDraft | None:
        """The selected row when that person is saved (has an id), else None."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        draft = self.model.rows()[index.row()]
        return draft if draft.id is not None else None

    def set_password(self) -> None:
        """Open "Set password…" for the selected saved person."""
        draft = self.selected_saved()
        if draft is None or draft.id is None:
            set_error(self.error, _("Choose a saved staff member first."))
            return
        self.password_dialog = SetPasswordDialog(draft.id, draft.name, self)
        self.password_dialog.open()

    def _update_password_button(self, *_args: object) -> None:
        self.password_button.setEnabled(self.selected_saved() is not None)

    def validate(self) -> bool:
        """At least one active person, each with an employee number and a name, numbers unique."""
        seen: set[str] = set()
        rows = [row for row in self.model.rows() if not (row.id is None and row.is_blank())]
        for row in rows:
            if not row.employee_no.strip() or not row.name.strip():
                set_error(self.error, _("Every staff member needs an employee number and a name."))
                return False
            if row.employee_no.strip() in seen:
                set_error(
                    self.error,
                    _("The employee number {number} is used twice; each person has their own.").format(
                        number=row.employee_no.strip()
                    ),
                )
                return False
            seen.add(row.employee_no.strip())
        if not any(row.active for row in rows):
            set_error(self.error, _("Add at least one staff member: every record names who took it."))
            return False
        set_error(self.error, "")
        return True

    def show_field_error(self, field: str, message: str) -> bool:
        """Show a service's message about a staff field below the table."""
        if field not in ("staff", *_FIELDS, "department_id"):
            return False
        set_error(self.error, message)
        return True
