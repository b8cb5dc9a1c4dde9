"""Editors for the office's own data, shared by the first-run wizard and the settings dialog.

:class:`OfficeForm` (type, name, address, phone, logo), :class:`DepartmentsEditor` (a list of names) and
:class:`StaffEditor` (a table over :class:`StaffTableModel`). They hold drafts only; the wizard and the dialog
save them through :mod:`desktop.views.ops`. Each editor can show a message beside its own field
(``show_field_error``), so a refusal from a service lands where the desk is looking.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.rules import office_types
from desktop.services import office as office_service
from desktop.views.desk_dialog import message_line

#: One line under each office type in the wizard and the settings dialog.
OFFICE_TYPE_HINTS: dict[str, str] = {
    office_types.PROPERTY: N_(
        "Repairs, keys, visitors, complaints and callbacks for the residents of an estate."
    ),
    office_types.CLINIC: N_(
        "Reception and guide desk of a clinic: patient questions, complaints and callbacks."
    ),
    office_types.HOTLINE: N_(
        "A service telephone line: customer problems handed to engineers, then called back."
    ),
}

#: Departments offered when the office type is chosen (the desk edits the list before saving).
DEFAULT_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    office_types.PROPERTY: (N_("Customer service"), N_("Engineering"), N_("Security")),
    office_types.CLINIC: (N_("Reception"), N_("Outpatient department"), N_("Customer service")),
    office_types.HOTLINE: (N_("Hotline"), N_("Technical support"), N_("Customer service")),
}


def error_label() -> QLabel:
    """A red label for a message beside a field; hidden while empty."""
    return message_line("field_error")


def set_error(label: QLabel, message: str) -> None:
    """Show ``message`` in ``label``, or hide the label for an empty message."""
    label.setText(message)
    label.setVisible(bool(message))


class OfficeForm(QWidget):
    """Office type, name, address, phone and logo.

    Signals:
        office_type_changed(str): the desk picked another office type.
    """

    office_type_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.type_group = QButtonGroup(self)
        self.type_buttons: dict[str, QRadioButton] = {}
        self.type_hints: dict[str, QLabel] = {}
        for key, preset in office_types.OFFICE_TYPES.items():
            button = QRadioButton(_(preset.label))
            button.setObjectName(f"type_{key}")
            self.type_group.addButton(button)
            self.type_buttons[key] = button
            hint = QLabel(_(OFFICE_TYPE_HINTS.get(key, "")))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text);")
            self.type_hints[key] = hint
        self.type_buttons[office_types.DEFAULT_OFFICE_TYPE].setChecked(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("office_name")
        self.name_edit.setPlaceholderText(_("e.g. Green Garden Service Centre"))
        self.name_error = error_label()
        self.address_edit = QLineEdit()
        self.address_error = error_label()
        self.phone_edit = QLineEdit()
        self.phone_error = error_label()
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logo_preview")
        self.logo_preview.setFixedSize(QSize(120, 80))
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid palette(mid);")
        self.logo_button = QPushButton(_("Choose…"))
        self.logo_clear_button = QPushButton(_("Remove"))
        self.logo_error = error_label()
        self._logo: bytes | None = None
        self._show_logo()
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        types = QVBoxLayout()
        for key, button in self.type_buttons.items():
            types.addWidget(button)
            hint = self.type_hints[key]
            hint.setContentsMargins(24, 0, 0, 6)
            types.addWidget(hint)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.logo_button)
        logo_buttons.addWidget(self.logo_clear_button)
        logo_buttons.addStretch()
        logo = QHBoxLayout()
        logo.addWidget(self.logo_preview, 0, Qt.AlignmentFlag.AlignTop)
        logo.addLayout(logo_buttons)
        logo.addWidget(self.logo_error, 1, Qt.AlignmentFlag.AlignTop)
        logo.addStretch(0)
        form = QFormLayout(self)
        form.addRow(_("Office type:"), types)
        form.addRow(_("Office name:"), _beside(self.name_edit, self.name_error))
        form.addRow(_("Address:"), _beside(self.address_edit, self.address_error))
        form.addRow(_("Phone:"), _beside(self.phone_edit, self.phone_error))
        form.addRow(_("Logo:"), logo)

    def _connect_signals(self) -> None:
        self.type_group.buttonToggled.connect(self._on_type_toggled)
        self.name_edit.textEdited.connect(lambda _text: set_error(self.name_error, ""))
        self.logo_button.clicked.connect(self._choose_logo)
        self.logo_clear_button.clicked.connect(lambda: self.set_logo(None))

    def office_type(self) -> str:
        """The key of the checked office type."""
        for key, button in self.type_buttons.items():
            if button.isChecked():
                return key
        return office_types.DEFAULT_OFFICE_TYPE

    def values(self) -> dict[str, Any]:
        """The office as the services take it."""
        return {
            "office_type": self.office_type(),
            "name": self.name_edit.text().strip(),
            "address": self.address_edit.text().strip(),
            "phone": self.phone_edit.text().strip(),
            "logo": self._logo,
        }

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the form from a mapping with the keys :meth:`values` returns."""
        key = office_types.office_type(values.get("office_type")).key
        self.type_buttons[key].setChecked(True)
        self.name_edit.setText(values.get("name") or "")
        self.address_edit.setText(values.get("address") or "")
        self.phone_edit.setText(values.get("phone") or "")
        self.set_logo(values.get("logo"))

    def set_logo(self, data: bytes | None) -> None:
        """Use ``data`` (PNG/JPEG bytes) as the logo, or none."""
        self._logo = bytes(data) if data else None
        set_error(self.logo_error, "")
        self._show_logo()

    def validate(self) -> bool:
        """Check what can be checked before saving; shows each message beside its field."""
        if not self.name_edit.text().strip():
            set_error(self.name_error, _("Enter the office's name."))
            self.name_edit.setFocus()
            return False
        set_error(self.name_error, "")
        return True

    def show_field_error(self, field: str, message: str) -> bool:
        """Show a service's message beside ``field``; False when this form has no such field."""
        labels = {
            "name": self.name_error,
            "address": self.address_error,
            "phone": self.phone_error,
            "logo": self.logo_error,
        }
        if field not in labels:
            return False
        set_error(labels[field], message)
        return True

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self._logo and pixmap.loadFromData(self._logo):
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    self.logo_preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
        self.logo_clear_button.setEnabled(self._logo is not None)

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the office logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.load_logo_file(path)

    def load_logo_file(self, path: str) -> bool:
        """Read a logo from ``path``; shows the reason beside the logo when the file will not do."""
        try:
            with open(path, "rb") as handle:
                data = handle.read(office_service.MAX_LOGO_BYTES + 1)
        except OSError as exc:
            set_error(self.logo_error, _("The file cannot be read: {reason}").format(reason=exc.strerror))
            return False
        if len(data) > office_service.MAX_LOGO_BYTES:
            set_error(self.logo_error, _("The logo is too large: at most 2 MB."))
            return False
        if not QPixmap().loadFromData(data):
            set_error(self.logo_error, _("This file is not a PNG or JPEG picture."))
            return False
        self.set_logo(data)
        return True

    def _on_type_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.office_type_changed.emit(self.office_type())


def _beside(field: QWidget, error: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 3)
    row.addWidget(error, 2)
    return row


class DepartmentsEditor(QWidget):
    """An editable list of department names; names saved earlier (``fixed``) can be neither renamed nor removed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list_widget = QListWidget()
        self.list_widget.setObjectName("departments")
        self.add_button = QPushButton(_("Add department"))
        self.remove_button = QPushButton(_("Remove"))
        self.error = error_label()
        self._build_layout()
        self._connect_signals()
        self._update_buttons()

    def _build_layout(self) -> None:
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        row = QHBoxLayout()
        row.addWidget(self.list_widget, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.add_new)
        self.remove_button.clicked.connect(self.remove_current)
        self.list_widget.currentItemChanged.connect(lambda *_args: self._update_buttons())

    def set_names(self, names: list[str], *, fixed: bool = False) -> None:
        """Replace the list; ``fixed`` names are shown but cannot be edited or removed."""
        self.list_widget.clear()
        for name in names:
            self._append(name, editable=not fixed)
        self._update_buttons()

    def names(self) -> list[str]:
        """All names in the list, trimmed, empty ones and repeats left out."""
        seen: list[str] = []
        for row in range(self.list_widget.count()):
            name = self.list_widget.item(row).text().strip()
            if name and name not in seen:
                seen.append(name)
        return seen

    def new_names(self) -> list[str]:
        """The names added since :meth:`set_names` with ``fixed=True``."""
        fixed = {
            self.list_widget.item(row).text()
            for row in range(self.list_widget.count())
            if not self.list_widget.item(row).flags() & Qt.ItemFlag.ItemIsEditable
        }
        return [name for name in self.names() if name not in fixed]

    def add_new(self) -> None:
        """Append an empty row and start editing it."""
        item = self._append(_("New department"), editable=True)
        self.list_widget.setCurrentItem(item)
        self.list_widget.editItem(item)

    def remove_current(self) -> None:
        """Remove the selected department (only one not saved yet)."""
        item = self.list_widget.currentItem()
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
            self.list_widget.takeItem(self.list_widget.row(item))
        self._update_buttons()

    def show_field_error(self, field: str, message: str) -> bool:
        """Show a message about the departments below the list."""
        if field not in ("departments", "department", "department_name"):
            return False
        set_error(self.error, message)
        return True

    def _append(self, name: str, *, editable: bool) -> QListWidgetItem:
        item = QListWidgetItem(name)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        self.list_widget.addItem(item)
        return item

    def _update_buttons(self) -> None:
        item = self.list_widget.currentItem()
        self.remove_button.setEnabled(item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEditable))
