"""What every key dialog is built on: a short form over one service call, and a list of records to act on.

The key dialogs are many small forms (lend, take back, issue, copy, count, report a loss, register a set) and two
follow-up lists; each form shows a refusal about a field under that field and the rest in one message box, each
list reloads its rows after an action. Keeping that behaviour in one place keeps the dialogs to their fields and
their service call, made through :mod:`desktop.views.ops`. Dialogs open with ``open()`` and announce what they
saved with ``saved``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services import office
from desktop.services.keys import KeyRow
from desktop.views import ops
from desktop.views.desk_dialog import ERROR_COLOUR, DeskDialog, message_line
from desktop.views.tablemodels.keys import category_label

ERROR_STYLE = f"color: {ERROR_COLOUR};"
NOTE_STYLE = "color: #6b4a00;"


def staff_on_duty_name() -> str:
    """The name of the person on duty, to prefill "taken back by" and the like ("" at the console)."""
    staff_id = ops.staff_on_duty()
    if staff_id is None:
        return ""
    result = ops.query(lambda: office.get_staff(staff_id), parent=None)
    return result.value.name if result.ok and result.value is not None else ""


class FormDialog(DeskDialog):
    """A titled form with an error line under each field and OK/Cancel.

    Signals:
        saved(object): what the service returned after a successful save.
    """

    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.header = QLabel()
        self.header.setObjectName("dialog_header")
        self.header.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("dialog_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._errors: dict[str, QLabel] = {}
        self._rows: dict[str, tuple[QLabel, QWidget, QLabel]] = {}
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self) -> QVBoxLayout:
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        return layout

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        """Add ``widget`` labelled ``label`` with an error line under it; ``key`` is the service's field."""
        widget.setObjectName(f"field_{key}")
        error = message_line(f"error_{key}")
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(1)
        inner.addWidget(widget)
        inner.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, box)
        self._errors[key] = error
        self._rows[key] = (caption, box, error)
        return widget

    def set_field_visible(self, key: str, visible: bool) -> None:
        """Show or hide one field with its label."""
        caption, box, _error = self._rows[key]
        caption.setVisible(visible)
        box.setVisible(visible)

    def show_field_error(self, key: str, message: str) -> bool:
        """Put ``message`` under field ``key``; False when the dialog has no such (visible) field."""
        error = self._errors.get(key)
        if error is None or not self._rows[key][1].isVisibleTo(self):
            return False
        error.setText(message)
        error.show()
        return True

    def errors(self) -> dict[str, str]:
        """The messages shown under fields now (tests)."""
        return {key: label.text() for key, label in self._errors.items() if label.isVisibleTo(self)}

    def clear_errors(self) -> None:
        """Hide every field message."""
        for label in self._errors.values():
            label.clear()
            label.hide()

    def run(self, call: Callable[..., Any], kind: str, ids: Callable[[Any], list[int]] | None = None) -> bool:
        """Save through ``call(by=, now=)``; on success emit :attr:`saved` and close.

        Args:
            call: the service call.
            kind: the record kind announced.
            ids: the changed ids of ``kind`` from the value (default: its ``id``).
        """
        self.clear_errors()
        result = ops.run(call, parent=self, kind=kind, ids=ids, show_field_error=self.show_field_error)
        if not result.ok:
            return False
        self.saved.emit(result.value)
        self.accept()
        return True

    def save(self) -> None:
        """Subclasses call their service."""
        raise NotImplementedError


def key_header(key: KeyRow) -> str:
    """The line above a form about one key set: label, kind, how many keys, hook."""
    parts = [key.label, category_label(key.category), _("{count} keys").format(count=key.quantity)]
    if key.hook:
        parts.append(_("hook {hook}").format(hook=key.hook))
    return " · ".join(parts)


def line_edit(text: str = "") -> QLineEdit:
    """A one-line field holding ``text``."""
    edit = QLineEdit()
    edit.setText(text)
    return edit


def table_cell(text: str) -> QTableWidgetItem:
    """A read-only, selectable cell of a follow-up list."""
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class ListDialog(DeskDialog):
    """A titled list of records with action buttons under it and Close; the rows reload after each action.

    Signals:
        saved(object): what the service returned after an action on one of the rows.
    """

    saved = Signal(object)

    def __init__(self, title: str, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.header = QLabel()
        self.header.setObjectName("dialog_header")
        self.header.setWordWrap(True)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setObjectName("empty_note")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(NOTE_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.rejected.connect(self.reject)
        self.child: QDialog | None = None

    def add_button(self, text: str, name: str, slot: Callable[[], Any]) -> Any:
        """An action button beside Close; enabled only while a row it applies to is selected."""
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _finish_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self._on_double_click())

    def current_row(self) -> int:
        """The selected row, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        """Select row ``row`` (tests and after a reload)."""
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)

    def _show_rows(self, cells: list[list[str]], empty_text: str) -> None:
        selected = self.current_row()
        self.table.clearSelection()
        self.table.setRowCount(len(cells))
        for row, values in enumerate(cells):
            for column, text in enumerate(values):
                self.table.setItem(row, column, table_cell(text))
        self.table.resizeColumnsToContents()
        self.empty.setText(empty_text)
        self.empty.setVisible(not cells)
        self.select_row(min(max(selected, 0), len(cells) - 1))
        self._update_buttons()

    def _open_child(self, dialog: FormDialog) -> FormDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.child = dialog
        dialog.saved.connect(self._on_child_saved)
        dialog.open()
        return dialog

    def _on_child_saved(self, value: Any) -> None:
        self.reload()
        self.saved.emit(value)

    def reload(self) -> None:
        """Subclasses fetch and show their rows."""
        raise NotImplementedError

    def _update_buttons(self) -> None:
        """Subclasses enable what applies to the selected row."""

    def _on_double_click(self) -> None:
        """Subclasses open the row's usual action."""
