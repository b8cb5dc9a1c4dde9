"""The Settings page: what the office is set up as, with "Edit…" opening the settings dialog.

The main window opens the dialog (it owns what happens when the screen language changes), so this page only
asks for it through :attr:`SettingsPage.edit_requested`.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import i18n
from desktop.i18n import N_, _
from desktop.rules import office_types, roles
from desktop.services import office, settings
from desktop.views import ops, preferences
from desktop.views.icons import icon
from desktop.views.pages.base import Page


class SettingsPage(Page):
    """Office data, departments, staff and languages at a glance.

    Signals:
        edit_requested(): the desk pressed "Edit…".
    """

    key = "settings"
    title = N_("Settings")
    icon_name = "settings"
    kinds = ("office", "staff")

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_("Office settings"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.icon_label = QLabel()
        self.icon_label.setPixmap(icon("settings").pixmap(QSize(40, 40)))
        self.sentence = QLabel(
            _("This is how the office is set up. Its name, address, phone and logo head every printed form.")
        )
        self.sentence.setWordWrap(True)
        self.name_value = QLabel()
        self.name_value.setObjectName("office_name_value")
        self.type_value = QLabel()
        self.address_value = QLabel()
        self.phone_value = QLabel()
        self.logo_value = QLabel()
        self.logo_value.setMaximumSize(QSize(120, 80))
        self.departments_value = QLabel()
        self.departments_value.setWordWrap(True)
        self.staff_value = QLabel()
        self.staff_value.setWordWrap(True)
        self.languages_value = QLabel()
        self.languages_value.setWordWrap(True)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setObjectName("edit_settings")
        for label in self._values():
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _values(self) -> list[QLabel]:
        return [
            self.name_value,
            self.type_value,
            self.address_value,
            self.phone_value,
            self.departments_value,
            self.staff_value,
            self.languages_value,
        ]

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.icon_label)
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button)
        box = QGroupBox(_("Office"))
        form = QFormLayout(box)
        form.addRow(_("Name:"), self.name_value)
        form.addRow(_("Office type:"), self.type_value)
        form.addRow(_("Address:"), self.address_value)
        form.addRow(_("Phone:"), self.phone_value)
        form.addRow(_("Logo:"), self.logo_value)
        people = QGroupBox(_("People and languages"))
        people_form = QFormLayout(people)
        people_form.addRow(_("Departments:"), self.departments_value)
        people_form.addRow(_("Staff:"), self.staff_value)
        people_form.addRow(_("Languages:"), self.languages_value)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.sentence)
        layout.addWidget(box)
        layout.addWidget(people)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.edit_button.clicked.connect(self.edit_requested)

    def refresh(self) -> None:
        """Show what the database holds now."""
        result = ops.query(self._read, parent=self)
        if not result.ok or result.value is None:
            return
        row, departments, staff, ui_language, print_language = result.value
        dash = "—"
        self.name_value.setText(row.name if row else dash)
        self.type_value.setText(_(office_types.office_type(row.office_type).label) if row else dash)
        self.address_value.setText((row.address if row else "") or dash)
        self.phone_value.setText((row.phone if row else "") or dash)
        pixmap = QPixmap()
        if row and row.logo and pixmap.loadFromData(row.logo):
            self.logo_value.setPixmap(
                pixmap.scaled(self.logo_value.maximumSize(), Qt.AspectRatioMode.KeepAspectRatio)
            )
        else:
            self.logo_value.setText(_("No logo"))
        self.departments_value.setText(_(", ").join(departments) if departments else dash)
        self.staff_value.setText(
            _(", ").join(
                _("{number} {name} ({role})").format(
                    number=person.employee_no, name=person.name, role=_(roles.role_label(person.role))
                )
                for person in staff
            )
            or dash
        )
        mine = preferences.screen_language()
        self.languages_value.setText(
            _("Screens on this computer: {screens}; office: {office}; printed forms: {forms}").format(
                screens=i18n.LANGUAGE_NAMES[mine] if mine else _("As the computer"),
                office=i18n.LANGUAGE_NAMES.get(ui_language or i18n.DEFAULT_LANGUAGE, ui_language),
                forms=i18n.LANGUAGE_NAMES.get(print_language, print_language),
            )
        )

    @staticmethod
    def _read() -> tuple[office.OfficeRow | None, list[str], list[office.StaffRow], str | None, str]:
        return (
            office.get_office(),
            [department.name for department in office.list_departments()],
            office.list_staff(active_only=True),
            settings.get_setting("ui.language"),
            settings.get_setting("print.language"),
        )


PAGE = SettingsPage
