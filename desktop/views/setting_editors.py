"""One editor widget per declared setting kind, found through a registry (STYLE 10, guidata's ``register``).

:mod:`desktop.views.settings_form` builds a Settings tab from :data:`desktop.services.settings.SETTINGS`; for each
declaration it asks :func:`editor_for` for a widget. Each editor shows a value in the shape the service stores
and gives back what the desk entered; text it cannot read (a time like ``8h30``) is refused with a
:class:`~desktop.errors.UserError` naming the setting, so the message lands beside the field like the
service's own refusals. A kind with no editor yet gets :class:`JsonEditor`, so a new declared key is always
editable without code changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.rules import roles
from desktop.services import numbering
from desktop.services.settings import SettingDef
from desktop.views.calendar_settings import DateListEditor, format_intervals, parse_intervals, weekday_name
from desktop.views.fields.base import ERROR_COLOUR

#: Labels of choice keys used by declared settings; an unknown key is shown as it is stored.
CHOICE_LABELS: dict[str, str] = {
    "on": N_("On"),
    "off": N_("Off"),
    "same_day": N_("The same day, at closing time"),
    "hours": N_("After a number of hours"),
    "property": N_("Property service centre"),
    "clinic": N_("Clinic"),
    "hotline": N_("Service hotline"),
    "seed000": N_("Problem-handling rules (chapter 4)"),
    "seed004": N_("Complaint handling flow chart"),
}

#: Example operator number for the live preview of patterns that show one.
PREVIEW_OPERATOR = "01"


# Child widgets' value signals are connected straight to ``changed`` (signal to signal): lambdas taking the
# toggled bool left PySide6 6.12 with a refcount error on True/False at interpreter exit.


class SettingEditor(QWidget):
    """Base of the editors: ``set_value`` shows a stored value, ``value`` returns the entered one.

    Signals:
        changed(): the desk changed the value.
    """

    changed = Signal()

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.setObjectName(f"setting:{definition.key}")

    def set_value(self, value: Any) -> None:
        """Show ``value`` (the stored shape)."""
        raise NotImplementedError

    def value(self) -> Any:
        """The entered value in the stored shape.

        Raises:
            UserError: with ``field`` = the setting's key, for text that cannot be read.
        """
        raise NotImplementedError

    def _refuse(self, message: str) -> UserError:
        return UserError(message, field=self.definition.key)


class BoolEditor(SettingEditor):
    """A check box."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.check = QCheckBox(_("Yes"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addStretch()
        self.check.toggled.connect(self.changed)

    def set_value(self, value: Any) -> None:
        self.check.setChecked(bool(value))

    def value(self) -> bool:
        return self.check.isChecked()


class IntEditor(SettingEditor):
    """A spin box limited to the declared range."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        low, high = definition.bounds or (0, 1_000_000)
        self.spin = QSpinBox()
        self.spin.setRange(low, high)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spin)
        layout.addStretch()
        self.spin.valueChanged.connect(self.changed)

    def set_value(self, value: Any) -> None:
        self.spin.setValue(int(value))

    def value(self) -> int:
        return self.spin.value()


class TextEditor(SettingEditor):
    """One line of text."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.line = QLineEdit()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.line)
        self.line.textChanged.connect(self.changed)

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))

    def value(self) -> str:
        return self.line.text().strip()


class NumberPatternEditor(TextEditor):
    """A number pattern with the number it would give now, updated as the desk types."""

    def __init__(
        self, definition: SettingDef, parent: QWidget | None = None, *, now: Callable[[], datetime]
    ) -> None:
        super().__init__(definition, parent)
        self._now = now
        self.preview = QLabel()
        self.preview.setObjectName(f"preview:{definition.key}")
        self.preview.setWordWrap(True)
        self._layout.addWidget(self.preview)
        self.line.textChanged.connect(lambda _text: self.update_preview())

    def update_preview(self) -> None:
        """Show the next number of this scheme with the pattern as typed, or why it cannot be used."""
        scheme = self.definition.key.removeprefix("numbering.")
        try:
            number = numbering.preview_number(
                scheme, pattern=self.value(), operator=PREVIEW_OPERATOR, now=self._now()
            )
        except UserError as exc:
            self.preview.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.preview.setText(exc.message)
            return
        self.preview.setStyleSheet("")
        self.preview.setText(_("Next number: {number}").format(number=number))


class ChoiceEditor(SettingEditor):
    """A drop-down of the declared choices (a language setting names each language in itself)."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.combo = QComboBox()
        if definition.kind == "language":
            if definition.default is None:
                self.combo.addItem(_("As the computer"), None)
            for lang in definition.choices:
                self.combo.addItem(i18n.LANGUAGE_NAMES.get(lang, lang), lang)
        else:
            for key in definition.choices:
                self.combo.addItem(_(CHOICE_LABELS[key]) if key in CHOICE_LABELS else key, key)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch()
        self.combo.currentIndexChanged.connect(self.changed)

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))

    def value(self) -> Any:
        return self.combo.currentData()


class RoleListEditor(SettingEditor):
    """One check box per role."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.checks: dict[str, QCheckBox] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for position, (key, label) in enumerate(roles.ROLES.items()):
            check = QCheckBox(_(label))
            check.setObjectName(f"role:{key}")
            check.toggled.connect(self.changed)
            self.checks[key] = check
            layout.addWidget(check, position // 3, position % 3)

    def set_value(self, value: Any) -> None:
        for key, check in self.checks.items():
            check.setChecked(key in (value or ()))

    def value(self) -> list[str]:
        return [key for key, check in self.checks.items() if check.isChecked()]


class DatesEditor(SettingEditor):
    """A list of dates (the calendar tab's date list)."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.dates = DateListEditor(definition.key.replace(".", "_"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.dates)
        self.dates.changed.connect(self.changed)

    def set_value(self, value: Any) -> None:
        self.dates.set_dates(list(value or ()))

    def value(self) -> list[str]:
        return self.dates.dates()


class OfficeHoursEditor(SettingEditor):
    """Hours per weekday as from–to times, e.g. ``08:30–12:00, 13:30–17:30`` (empty: closed)."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.days: list[QLineEdit] = []
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for day in range(7):
            line = QLineEdit()
            line.textChanged.connect(self.changed)
            self.days.append(line)
            form.addRow(weekday_name(day), line)

    def set_value(self, value: Any) -> None:
        for day, line in enumerate(self.days):
            line.setText(format_intervals((value or {}).get(str(day), [])))

    def value(self) -> dict[str, list[list[str]]]:
        try:
            return {str(day): parse_intervals(line.text()) for day, line in enumerate(self.days)}
        except ValueError as exc:
            raise self._refuse(str(exc)) from None


class RestHoursEditor(SettingEditor):
    """Earliest and latest time to call and the quiet hours in between."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.not_before = QTimeEdit()
        self.not_before.setDisplayFormat("HH:mm")
        self.not_after = QTimeEdit()
        self.not_after.setDisplayFormat("HH:mm")
        self.quiet = QLineEdit()
        self.quiet.setPlaceholderText(_("e.g. 12:00–14:00"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Not before:"), self.not_before)
        form.addRow(_("Not after:"), self.not_after)
        form.addRow(_("Quiet hours:"), self.quiet)
        self.not_before.timeChanged.connect(self.changed)
        self.not_after.timeChanged.connect(self.changed)
        self.quiet.textChanged.connect(self.changed)

    def set_value(self, value: Any) -> None:
        self.not_before.setTime(QTime.fromString(value["not_before"], "HH:mm"))
        self.not_after.setTime(QTime.fromString(value["not_after"], "HH:mm"))
        self.quiet.setText(format_intervals(value["quiet"]))

    def value(self) -> dict[str, Any]:
        try:
            quiet = parse_intervals(self.quiet.text())
        except ValueError as exc:
            raise self._refuse(str(exc)) from None
        return {
            "not_before": self.not_before.time().toString("HH:mm"),
            "not_after": self.not_after.time().toString("HH:mm"),
            "quiet": quiet,
        }


class CategoryListEditor(SettingEditor):
    """One category a line: ``key | 中文 | English``."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(120)
        self.text.setPlaceholderText(_("One a line: key | Chinese name | English name"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        self.text.textChanged.connect(self.changed)

    def set_value(self, value: Any) -> None:
        self.text.setPlainText(
            "\n".join(f"{item['key']} | {item['zh']} | {item['en']}" for item in value or ())
        )

    def value(self) -> list[dict[str, str]]:
        items = []
        for line in self.text.toPlainText().splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3:
                raise self._refuse(
                    _("Write each category as key | Chinese name | English name: {line}").format(line=line)
                )
            items.append(dict(zip(("key", "zh", "en"), parts, strict=True)))
        return items


class FolderEditor(SettingEditor):
    """A folder path with "Choose…"."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.line = QLineEdit()
        self.browse = QPushButton(_("Choose…"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.browse)
        self.line.textChanged.connect(self.changed)
        self.browse.clicked.connect(self._on_browse_clicked)

    def set_value(self, value: Any) -> None:
        self.line.setText(value or "")

    def value(self) -> str:
        return self.line.text().strip()

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a folder"), self.line.text())
        if folder:
            self.line.setText(folder)


class JsonEditor(SettingEditor):
    """Any other kind, written as JSON (a kind declared before its editor exists stays editable)."""

    def __init__(self, definition: SettingDef, parent: QWidget | None = None) -> None:
        super().__init__(definition, parent)
        self.line = QLineEdit()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        self.line.textChanged.connect(self.changed)

    def set_value(self, value: Any) -> None:
        self.line.setText(json.dumps(value, ensure_ascii=False))

    def value(self) -> Any:
        try:
            return json.loads(self.line.text())
        except ValueError:
            raise self._refuse(_("FrontDesk cannot read this value.")) from None


#: kind → editor class.
EDITORS: dict[str, type[SettingEditor]] = {
    "bool": BoolEditor,
    "int": IntEditor,
    "text": TextEditor,
    "choice": ChoiceEditor,
    "language": ChoiceEditor,
    "role_list": RoleListEditor,
    "date_list": DatesEditor,
    "office_hours": OfficeHoursEditor,
    "rest_hours": RestHoursEditor,
    "category_list": CategoryListEditor,
    "folder": FolderEditor,
}

#: Setting keys with a prefix here get a number-pattern editor with a live preview.
NUMBER_PATTERN_PREFIX = "numbering."


def editor_for(definition: SettingDef, *, now: Callable[[], datetime]) -> SettingEditor:
    """A new editor for ``definition`` (``now`` feeds the live preview of number patterns)."""
    if definition.kind == "text" and definition.key.startswith(NUMBER_PATTERN_PREFIX):
        return NumberPatternEditor(definition, now=now)
    return EDITORS.get(definition.kind, JsonEditor)(definition)
