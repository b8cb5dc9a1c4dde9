"""Settings tabs built from the declared settings, grouped by key prefix.

The Settings dialog has hand-made tabs for the office, the calendar and the languages; every other declared
setting (:data:`desktop.services.settings.SETTINGS`) is edited on a tab this module builds: the group whose
prefix the key starts with (:data:`GROUPS`), else "Other settings". So a newly declared key appears on the
Settings dialog without a change here. Each field has its message line beside it, where the service's
refusal (``UserError(field=key)``) is shown; saving needs the ``settings.change`` permission, which the service
checks (its refusal is shown as one message).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.services import audit, settings
from desktop.services.settings import SettingDef
from desktop.views import ops
from desktop.views.office_editors import error_label, set_error
from desktop.views.setting_editors import SettingEditor, editor_for

#: Keys edited on hand-made tabs of the Settings dialog (prefixes end with a dot).
HAND_MADE: tuple[str, ...] = (
    "calendar.",
    "deadline.",
    "numbering.problem_sheet",
    "office.type",
    "ui.language",
    "print.language",
)


@dataclass(frozen=True)
class Group:
    """A Settings tab: the keys starting with one of ``prefixes``.

    Attributes:
        name: stable object name of the tab.
        title: English tab title marked with ``N_``.
        prefixes: key prefixes (a whole key matches itself).
    """

    name: str
    title: str
    prefixes: tuple[str, ...]

    def holds(self, key: str) -> bool:
        """True when ``key`` belongs on this tab."""
        return any(key.startswith(prefix) for prefix in self.prefixes)


GROUPS: tuple[Group, ...] = (
    Group("callbacks", N_("Callbacks and reminders"), ("callbacks.", "reminders.", "customer_rest_hours")),
    Group("keys", N_("Keys"), ("keys.",)),
    Group("security", N_("Security and privacy"), ("security.", "privacy.", "review.roles")),
    Group("numbering", N_("Numbering"), ("numbering.",)),
    Group("backups", N_("Backups and retention"), ("backup.", "retention.")),
)

#: Declared keys no group holds (and no hand-made tab edits).
OTHER = Group("other", N_("Other settings"), ())


def _hand_made(key: str) -> bool:
    return any(key.startswith(prefix) for prefix in HAND_MADE)


def grouped_settings(
    definitions: Iterable[SettingDef] | None = None,
) -> list[tuple[Group, list[SettingDef]]]:
    """The generated tabs with their settings in declaration order; groups without settings are left out.

    Args:
        definitions: the declarations (default: :data:`~desktop.services.settings.SETTINGS` as it is now).
    """
    tabs: dict[Group, list[SettingDef]] = {group: [] for group in (*GROUPS, OTHER)}
    for definition in settings.SETTINGS if definitions is None else definitions:
        if _hand_made(definition.key):
            continue
        group = next((group for group in GROUPS if group.holds(definition.key)), OTHER)
        tabs[group].append(definition)
    return [(group, rows) for group, rows in tabs.items() if rows]


class SettingsForm(QWidget):
    """One generated tab: a label, an editor and a message line per setting.

    Signals:
        changed(): the desk changed a value (not saved yet).

    Attributes:
        group: the tab's group.
        editors: key → editor.
        errors: key → the message label beside that editor.
        error: the message line under the form (refusals that name no setting).
    """

    changed = Signal()

    def __init__(self, group: Group, definitions: list[SettingDef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self.setObjectName(f"settings_form:{group.name}")
        self.editors: dict[str, SettingEditor] = {}
        self.errors: dict[str, QLabel] = {}
        self._saved: dict[str, Any] = {}
        for definition in definitions:
            self.editors[definition.key] = editor_for(definition, now=ops.now)
            label = error_label()
            label.setObjectName(f"error:{definition.key}")
            self.errors[definition.key] = label
        self.error = error_label()
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        inner = QWidget()
        form = QFormLayout(inner)
        for key, editor in self.editors.items():
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(editor)
            column.addWidget(self.errors[key])
            # One line each: a word-wrapped label in a form row is clipped to the editor's height.
            label = QLabel(_(editor.definition.label))
            form.addRow(label, cell)
        form.addRow("", self.error)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _connect_signals(self) -> None:
        for key, editor in self.editors.items():
            editor.changed.connect(lambda key=key: self._on_editor_changed(key))

    def load(self) -> None:
        """Show the office's current values."""
        for key, editor in self.editors.items():
            value = settings.get_setting(key)
            self._saved[key] = value
            editor.blockSignals(True)
            editor.set_value(value)
            editor.blockSignals(False)
            if hasattr(editor, "update_preview"):
                editor.update_preview()
        self.clear_errors()

    def values(self) -> dict[str, Any]:
        """Every value as entered.

        Raises:
            UserError: with ``field`` = the key whose text cannot be read.
        """
        return {key: editor.value() for key, editor in self.editors.items()}

    def changed_keys(self) -> list[str]:
        """Keys whose entered value differs from the saved one (unreadable text counts as changed)."""
        keys = []
        for key, editor in self.editors.items():
            try:
                value = editor.value()
            except UserError:
                keys.append(key)
                continue
            if audit.jsonable(value) != audit.jsonable(self._saved.get(key)):
                keys.append(key)
        return keys

    def save(self) -> bool:
        """Store each changed setting (one service call each); False after the first refusal, shown in place."""
        self.clear_errors()
        for key in self.changed_keys():
            try:
                value = self.editors[key].value()
            except UserError as exc:
                self.show_field_error(key, exc.message)
                return False
            result = ops.run(
                lambda by, now, key=key, value=value: settings.set_setting(key, value, by=by, now=now),
                parent=self,
                kind="office",
                ids=lambda _value: [],
                show_field_error=self.show_field_error,
            )
            if not result.ok:
                if result.error is not None and result.error.field not in self.errors:
                    set_error(self.error, result.error.message)
                return False
            self._saved[key] = result.value
            editor = self.editors[key]
            editor.blockSignals(True)
            editor.set_value(result.value)  # the tidied value (sorted dates, roles in order …)
            editor.blockSignals(False)
        return True

    def show_field_error(self, field: str, message: str) -> bool:
        """Show ``message`` beside the setting ``field``; False when this tab does not have it."""
        label = self.errors.get(field)
        if label is None:
            return False
        set_error(label, message)
        return True

    def clear_errors(self) -> None:
        """Hide every message."""
        for label in (*self.errors.values(), self.error):
            set_error(label, "")

    def _on_editor_changed(self, key: str) -> None:
        set_error(self.errors[key], "")
        self.changed.emit()
