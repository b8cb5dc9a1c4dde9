"""The settings dialog: the office's data, departments, staff, rules, languages — and one's own preferences.

Each part is saved by its own service call (office, each new department, each changed staff member, each
setting), each one transaction with its audit event. When one is refused the dialog stays open with the
message beside the field; the parts already saved are marked saved, so pressing Save again continues.

A part the person on duty may not change (a receptionist and the office's settings, a manager and the staff
accounts) is shown but not editable, and a line at the top says who may change it; it is not saved, so Save
never ends in a refusal. The language of one's own screens on this computer is a personal preference
(:mod:`desktop.views.preferences`): everyone may change it.

Changing the screen language rebuilds the main window in the new language at once (no restart): the dialog
emits :attr:`SettingsDialog.ui_language_changed` and the application builds a new window.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _
from desktop.rules import roles
from desktop.services import authz, office, settings
from desktop.views import ops, preferences
from desktop.views.allowed import may
from desktop.views.calendar_settings import CalendarSettings
from desktop.views.desk_dialog import DeskDialog
from desktop.views.office_editors import DepartmentsEditor, OfficeForm
from desktop.views.settings_form import SettingsForm, grouped_settings
from desktop.views.staff_editor import StaffDraft, StaffEditor


def staff_drafts(rows: list[office.StaffRow]) -> list[StaffDraft]:
    """Saved staff as editable drafts."""
    return [
        StaffDraft(
            employee_no=row.employee_no,
            name=row.name,
            role=row.role,
            department=row.department_name,
            phone=row.phone,
            active=row.active,
            id=row.id,
            version=row.version,
        )
        for row in rows
    ]


def language_choices(*, with_system: bool) -> list[tuple[str, str | None]]:
    """``(label, key)`` for a language combo; each language named in itself so anyone can find theirs."""
    choices: list[tuple[str, str | None]] = [(_("As the computer"), None)] if with_system else []
    return choices + [(i18n.LANGUAGE_NAMES[lang], lang) for lang in i18n.LANGUAGES]


class SettingsDialog(DeskDialog):
    """Edit the office set-up; open it with ``open()``.

    Signals:
        saved(): everything was stored.
        ui_language_changed(str): the screen language setting changed to this language.
    """

    saved = Signal()
    ui_language_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(_("Settings"))
        self.resize(760, 560)
        self.tabs = QTabWidget()
        self.office_form = OfficeForm()
        self.departments = DepartmentsEditor()
        self.staff = StaffEditor(show_active=True, show_password=True)
        self.screen_language = QComboBox()
        self.screen_language.setObjectName("screen_language")
        for label, key in language_choices(with_system=True):
            self.screen_language.addItem(label, key)
        self.ui_language = QComboBox()
        self.ui_language.setObjectName("ui_language")
        for label, key in language_choices(with_system=False):
            self.ui_language.addItem(label, key)
        self.print_language = QComboBox()
        self.print_language.setObjectName("print_language")
        for label, key in language_choices(with_system=False):
            self.print_language.addItem(label, key)
        self.language_note = QLabel(
            _(
                "Your own choice for this computer; anyone may change it. "
                "A new screen language takes effect as soon as you save: the window is rebuilt."
            )
        )
        self.language_note.setWordWrap(True)
        self.office_language_note = QLabel(
            _("Shown on the office's computers whose own language is not set, or is not Chinese or English.")
        )
        self.office_language_note.setWordWrap(True)
        self.permission_note = QLabel()
        self.permission_note.setObjectName("permission_note")
        self.permission_note.setWordWrap(True)
        self.permission_note.setStyleSheet("color: #6b4a00;")
        self.permission_note.hide()
        self.calendar = CalendarSettings()
        # One tab per group of declared settings no hand-made tab edits (new keys appear by themselves).
        self.setting_forms = [SettingsForm(group, definitions) for group, definitions in grouped_settings()]
        self.languages = QWidget()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._build_layout()
        self._connect_signals()
        self.load()
        self._offer_what_is_allowed()

    def _build_layout(self) -> None:
        form = QFormLayout(self.languages)
        form.addRow(_("My screens on this computer:"), self.screen_language)
        form.addRow("", self.language_note)
        form.addRow(_("Office language of the screens:"), self.ui_language)
        form.addRow("", self.office_language_note)
        form.addRow(_("Language of printed forms:"), self.print_language)
        self.tabs.addTab(self.office_form, _("Office"))
        self.tabs.addTab(self.departments, _("Departments"))
        self.tabs.addTab(self.staff, _("Staff"))
        self.tabs.addTab(self.calendar, _("Calendar and deadlines"))
        for setting_form in self.setting_forms:
            self.tabs.addTab(setting_form, _(setting_form.group.title))
        self.tabs.addTab(self.languages, _("Languages"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.permission_note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def load(self) -> None:
        """Fill every tab from the database."""
        row = office.get_office()
        if row is not None:
            self.office_form.set_values(
                {
                    "office_type": row.office_type,
                    "name": row.name,
                    "address": row.address,
                    "phone": row.phone,
                    "logo": row.logo,
                }
            )
        names = [department.name for department in office.list_departments()]
        self.departments.set_names(names, fixed=True)
        self.staff.set_departments(names)
        self.staff.model.set_rows(staff_drafts(office.list_staff(active_only=False)))
        self._screen_language_before = preferences.screen_language()
        self.screen_language.setCurrentIndex(
            max(self.screen_language.findData(self._screen_language_before), 0)
        )
        self._ui_language_before = settings.get_setting("ui.language") or i18n.DEFAULT_LANGUAGE
        self.ui_language.setCurrentIndex(max(self.ui_language.findData(self._ui_language_before), 0))
        self.print_language.setCurrentIndex(
            max(self.print_language.findData(settings.get_setting("print.language")), 0)
        )
        self.calendar.load()
        for setting_form in self.setting_forms:
            setting_form.load()

    def _offer_what_is_allowed(self) -> None:
        """Make the parts the person on duty may not change read-only, and say who may."""
        self.allowed = {
            "office": may("office.edit"),
            "staff": may("staff.manage"),
            "settings": may("settings.change"),
        }
        self.office_form.setEnabled(self.allowed["office"])
        self.departments.setEnabled(self.allowed["office"])
        self.staff.setEnabled(self.allowed["staff"])
        self.calendar.setEnabled(self.allowed["settings"])
        security = may("security.change")
        for setting_form in self.setting_forms:
            needs_security = any(key.startswith("security.") for key in setting_form.editors)
            setting_form.setEnabled(self.allowed["settings"] and (security or not needs_security))
        self.ui_language.setEnabled(self.allowed["settings"])
        self.print_language.setEnabled(self.allowed["settings"])
        if all(self.allowed.values()) and security:
            self.permission_note.hide()
            return
        who = _(", ").join(_(roles.role_label(role)) for role in authz.allowed_roles("settings.change"))
        self.permission_note.setText(
            _(
                "You can change your own preferences (Languages tab). The parts shown greyed are changed by: "
                "{roles}."
            ).format(roles=who)
        )
        self.permission_note.show()
        if not self.allowed["settings"]:
            self.tabs.setCurrentWidget(self.languages)

    def save(self) -> None:
        """Store every tab the person on duty may change; stays open on the first refusal, shown where it belongs."""
        if self.allowed["office"] and not self.office_form.validate():
            self.tabs.setCurrentWidget(self.office_form)
            return
        if self.allowed["staff"] and not self.staff.validate():
            self.tabs.setCurrentWidget(self.staff)
            return
        if not (
            (not self.allowed["office"] or (self._save_office() and self._save_departments()))
            and (not self.allowed["staff"] or self._save_staff())
            and (not self.allowed["settings"] or (self._save_calendar() and self._save_setting_forms()))
            and self._save_languages()
        ):
            return
        self.saved.emit()
        before = i18n.screen_language(personal=self._screen_language_before, office=self._ui_language_before)
        after = i18n.screen_language(
            personal=self.screen_language.currentData(), office=self.ui_language.currentData()
        )
        if after != before:
            self.ui_language_changed.emit(after)
        self.accept()

    def _save_office(self) -> bool:
        values = self.office_form.values()
        result = ops.run(
            lambda by, now: office.save_office(values, by=by, now=now),
            parent=self,
            kind="office",
            ids=lambda _row: [1],
            show_field_error=self._on_office_error,
        )
        return result.ok

    def _on_office_error(self, field: str, message: str) -> bool:
        self.tabs.setCurrentWidget(self.office_form)
        return self.office_form.show_field_error(field, message)

    def _save_departments(self) -> bool:
        for name in self.departments.new_names():
            result = ops.run(
                lambda by, now, name=name: office.add_department(name, by=by, now=now),
                parent=self,
                kind="office",
                show_field_error=self._on_department_error,
            )
            if not result.ok:
                return False
        names = [department.name for department in office.list_departments()]
        self.departments.set_names(names, fixed=True)
        self.staff.set_departments(names)
        return True

    def _on_department_error(self, _field: str, message: str) -> bool:
        self.tabs.setCurrentWidget(self.departments)
        return self.departments.show_field_error("departments", message)

    def _save_staff(self) -> bool:
        department_ids = {department.name: department.id for department in office.list_departments()}
        for position, draft in enumerate(self.staff.model.rows()):
            if draft not in self.staff.model.changed_rows():
                continue
            values = draft.values()
            values["department_id"] = department_ids.get(values.pop("department"))
            if draft.id is None:
                result = ops.run(
                    lambda by, now, values=values: office.add_staff(values, by=by, now=now),
                    parent=self,
                    kind="staff",
                    show_field_error=self._on_staff_error,
                )
            else:
                result = ops.run(
                    lambda by, now, draft=draft, values=values: office.update_staff(
                        draft.id, values, expected_version=draft.version, by=by, now=now
                    ),
                    parent=self,
                    kind="staff",
                    show_field_error=self._on_staff_error,
                )
            if not result.ok or result.value is None:
                self.staff.view.selectRow(position)
                return False
            self.staff.model.mark_saved(position, staff_drafts([result.value])[0])
        return True

    def _on_staff_error(self, field: str, message: str) -> bool:
        self.tabs.setCurrentWidget(self.staff)
        return self.staff.show_field_error(field, message)

    def _save_calendar(self) -> bool:
        if self.calendar.save():
            return True
        self.tabs.setCurrentWidget(self.calendar)
        return False

    def _save_setting_forms(self) -> bool:
        for setting_form in self.setting_forms:
            if not setting_form.save():
                self.tabs.setCurrentWidget(setting_form)
                return False
        return True

    def _save_languages(self) -> bool:
        preferences.set_screen_language(self.screen_language.currentData())
        if not self.allowed["settings"]:
            return True
        for key, combo in (("ui.language", self.ui_language), ("print.language", self.print_language)):
            value = combo.currentData()
            if value == (
                settings.get_setting(key) or (i18n.DEFAULT_LANGUAGE if key == "ui.language" else None)
            ):
                continue
            result = ops.run(
                lambda by, now, key=key, value=value: settings.set_setting(key, value, by=by, now=now),
                parent=self,
                kind="office",
            )
            if not result.ok:
                self.tabs.setCurrentWidget(self.languages)
                return False
        return True
