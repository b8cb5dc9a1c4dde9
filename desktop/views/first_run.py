"""The first-run wizard: sets a new database up as one office, with its departments and first staff.

Three pages: the office (type, name, address, phone, logo), its departments (defaults follow the office type)
and its staff (at least one, the first an administrator) with the administrator's password (from then on the
desk logs in; empty keeps the office without logins). Each page checks what it can before Next, showing the
message beside the field; Finish saves everything in one transaction through
:func:`desktop.services.office.complete_first_run`, so a refused set-up leaves the database empty.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop import i18n
from desktop.i18n import _
from desktop.rules import roles
from desktop.services import office
from desktop.views import ops
from desktop.views.desk_dialog import ask_before_discarding, keep_text_visible, typed_text
from desktop.views.icons import icon
from desktop.views.login_dialog import PasswordFields
from desktop.views.office_editors import DEFAULT_DEPARTMENTS, DepartmentsEditor, OfficeForm
from desktop.views.staff_editor import StaffDraft, StaffEditor

PAGE_OFFICE, PAGE_DEPARTMENTS, PAGE_STAFF = range(3)
#: The administrator's password is typed on the staff page (below the table).
PAGE_PASSWORD = PAGE_STAFF

#: Where a message from the service about a field belongs (only fields that name one place).
_FIELD_PAGES = {
    "address": PAGE_OFFICE,
    "phone": PAGE_OFFICE,
    "logo": PAGE_OFFICE,
    "office_type": PAGE_OFFICE,
    "staff": PAGE_STAFF,
    "employee_no": PAGE_STAFF,
    "role": PAGE_STAFF,
    "department": PAGE_STAFF,
    "department_id": PAGE_STAFF,
    "password": PAGE_PASSWORD,
}


class OfficePage(QWizardPage):
    """The office's language, type and details; the name is required.

    Signals:
        language_chosen(str): the desk picked another language; the wizard is shown again in it.
    """

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Your office"))
        self.setSubTitle(
            _("Welcome to FrontDesk. Tell it which office it keeps the books for; you can change this later.")
        )
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("office_language")
        for lang in i18n.LANGUAGES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[lang], lang)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(i18n.ui_language()), 0))
        self.language_combo.setToolTip(
            _("The language of the screens on every computer of the office that is not set to another one.")
        )
        self.form = OfficeForm()
        languages = QFormLayout()
        # Each language is named in itself (简体中文, English), so whoever sets the office up finds theirs.
        languages.addRow(_("Language:"), self.language_combo)
        office_layout = self.form.layout()
        if office_layout is not None:  # line up with the office form's rows below
            margins = office_layout.contentsMargins()
            languages.setContentsMargins(margins.left(), 0, margins.right(), 0)
        layout = QVBoxLayout(self)
        layout.addLayout(languages)
        layout.addWidget(self.form)
        self.language_combo.currentIndexChanged.connect(
            lambda _index: self.language_chosen.emit(self.language())
        )

    def language(self) -> str:
        """The office's language chosen here."""
        return str(self.language_combo.currentData())

    def validatePage(self) -> bool:
        return self.form.validate()


class DepartmentsWizardPage(QWizardPage):
    """The office's departments, pre-filled for its type."""

    def __init__(self, office_form: OfficeForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office_form = office_form
        self._defaults_shown: list[str] | None = None
        self.setTitle(_("Departments"))
        self.setSubTitle(
            _("Problem sheets are handed to departments. Edit the names to match your office (double-click).")
        )
        self.editor = DepartmentsEditor()
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)

    def initializePage(self) -> None:
        defaults = [_(name) for name in DEFAULT_DEPARTMENTS.get(self._office_form.office_type(), ())]
        # Offer the new type's defaults unless the desk already changed the list.
        if self._defaults_shown is None or self.editor.names() == self._defaults_shown:
            self.editor.set_names(defaults)
            self._defaults_shown = defaults


class StaffWizardPage(QWizardPage):
    """The first staff members; the first one is the administrator."""

    def __init__(self, departments: DepartmentsEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._departments = departments
        self.setTitle(_("Staff"))
        self.setSubTitle(
            _(
                "Everyone who works at the desk, each with their own employee number: every record names who "
                "took it. The administrator can change the set-up later."
            )
        )
        self.editor = StaffEditor(show_active=False)
        self.password_note = QLabel(
            _(
                "The administrator's password: with it, everyone logs in with their own password (the "
                "administrator gives them one in Settings). Leave it empty to work without logins for now."
            )
        )
        self.password_note.setWordWrap(True)
        self.fields = PasswordFields()
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(self.password_note)
        layout.addWidget(self.fields)

    def initializePage(self) -> None:
        names = self._departments.names()
        self.editor.set_departments(names)
        if self.editor.model.rowCount() == 0:
            self.editor.model.append_row(
                StaffDraft(role=roles.ADMINISTRATOR, department=names[0] if names else "")
            )

    def validatePage(self) -> bool:
        return self.editor.validate() and self.fields.validate(allow_empty=True)


class FirstRunWizard(QWizard):
    """Sets the office up; open with ``open()`` and wait for :attr:`office_set_up`.

    Signals:
        office_set_up(): the office, departments and staff were saved.
        language_chosen(str): the desk chose another language on the first page; the application shows the
            wizard again in that language (:meth:`desktop.app.Shell.start`), keeping what was typed.
    """

    office_set_up = Signal()
    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_wizard")
        self.setWindowTitle(_("Set up FrontDesk"))
        self.setWindowIcon(icon("frontdesk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(760, 600)
        self.office_page = OfficePage()
        self.departments_page = DepartmentsWizardPage(self.office_page.form)
        self.staff_page = StaffWizardPage(self.departments_page.editor)
        self.setPage(PAGE_OFFICE, self.office_page)
        self.setPage(PAGE_DEPARTMENTS, self.departments_page)
        self.setPage(PAGE_STAFF, self.staff_page)
        self.password_page = self.staff_page
        self.office_page.language_chosen.connect(self.language_chosen)
        self._typed_at_open: tuple[str, ...] | None = None
        keep_text_visible(self)

    def showEvent(self, event: QShowEvent) -> None:
        if self._typed_at_open is None:
            self._typed_at_open = typed_text(self)
        super().showEvent(event)

    def reject(self) -> None:
        """Escape / Cancel / the close button: ask before the typed set-up is thrown away."""
        if self.isVisible() and self._typed_at_open is not None and typed_text(self) != self._typed_at_open:
            ask_before_discarding(self, lambda: QWizard.reject(self))
            return
        super().reject()

    def accept(self) -> None:
        """Finish: save everything in one transaction, or stay open with the message where it belongs."""
        if not (self.office_page.form.validate() and self.staff_page.editor.validate()):
            return
        office_values = self.office_page.form.values()
        departments = self.departments_page.editor.names()
        staff = [draft.values() for draft in self.staff_page.editor.model.rows() if not draft.is_blank()]
        if not self.password_page.fields.validate(allow_empty=True):
            self._go_to(PAGE_PASSWORD)
            return
        password = self.password_page.fields.value()
        language = self.office_page.language()
        administrator = next((person for person in staff if person["role"] == roles.ADMINISTRATOR), None)
        if password and administrator is not None:
            administrator["password"] = password
        for person in staff:
            person.pop("active", None)
            if not person["department"]:
                person.pop("department")
        result = ops.run(
            lambda by, now: office.complete_first_run(
                office=office_values, departments=departments, staff=staff, now=now, language=language
            ),
            parent=self,
            kind="office",
            show_field_error=self._show_field_error,
        )
        if result.ok:
            self.office_set_up.emit()
            super().accept()

    def _show_field_error(self, field: str, message: str) -> bool:
        page = _FIELD_PAGES.get(field)
        if page is None:
            return False
        if page == PAGE_OFFICE:
            shown = self.office_page.form.show_field_error(field, message)
        elif field == "password":
            self.password_page.fields.show_error(message)
            shown = True
        else:
            shown = self.staff_page.editor.show_field_error(field, message)
        if shown:
            self._go_to(page)
        return shown

    def _go_to(self, page_id: int) -> None:
        while self.currentId() > page_id:
            self.back()
