"""Recording an inquiry call fast (客户咨询记录表, F03), and turning it into a problem sheet in one action.

Seed 000:119-120: during the call the desk writes briefly what the customer described and the solution given;
000:100-101: a problem not solved that day is marked unfinished (with a note if needed) and handed to the next
shift. 000:93-97: when it cannot be solved on the phone it becomes a problem sheet — "Turn into problem sheet"
saves the inquiry and files the sheet from it (:func:`desktop.services.inquiries.escalate_to_sheet`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ui_language
from desktop.services import inquiries, office, sheets
from desktop.services.inquiries import InquiryRow
from desktop.services.sheets import SheetRow
from desktop.views import ops
from desktop.views.desk_dialog import DeskDialog, message_line
from desktop.views.events import record_events


def category_combo(current: str = "") -> QComboBox:
    """A list of the office's problem categories (Settings), with ``current`` chosen."""
    combo = QComboBox()
    combo.addItem("", "")
    lang = ui_language()
    result = ops.query(sheets.categories, parent=None)
    for category in result.value or []:
        combo.addItem(category.label(lang), category.key)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def escalate(inquiry: InquiryRow, category: str, parent: QWidget | None) -> SheetRow | None:
    """File a problem sheet from ``inquiry`` (linked to it); None after the desk was told why not."""
    result = ops.run(
        lambda by, now: inquiries.escalate_to_sheet(inquiry.id, category=category, by=by, now=now),
        parent=parent,
        kind="problem_sheet",
    )
    if result.ok:
        record_events().announce("inquiry", [inquiry.id])  # it is linked now and left the next-shift list
    return result.value if result.ok else None


class CategoryDialog(DeskDialog):
    """Ask the problem category before an inquiry without one becomes a sheet.

    Signals:
        chosen(str): the category key chosen.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("category_dialog")
        self.setWindowTitle(_("Turn into problem sheet"))
        self.combo = category_combo()
        self.combo.setObjectName("category_choice")
        self.error_label = message_line("category_error")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Which kind of problem is it?")))
        layout.addWidget(self.combo)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)

    def _on_accepted(self) -> None:
        key = self.combo.currentData()
        if not key:
            self.error_label.setText(_("Choose the problem category."))
            self.error_label.show()
            return
        self.chosen.emit(key)
        self.accept()


class InquiryDialog(DeskDialog):
    """Record one inquiry, or open one recorded earlier to complete it (``inquiry``); open it with ``open()``.

    Signals:
        inquiry_saved(object): the :class:`InquiryRow` recorded.
        sheet_filed(object): the :class:`SheetRow` the inquiry was turned into.
    """

    inquiry_saved = Signal(object)
    sheet_filed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, inquiry: InquiryRow | None = None) -> None:
        super().__init__(parent)
        self.inquiry = inquiry
        self.setObjectName("inquiry_dialog")
        self.setWindowTitle(
            _("F03 Customer inquiry")
            if inquiry is None
            else _("F03 Customer inquiry {number}").format(number=inquiry.number)
        )
        self.customer_edit = QLineEdit()
        self.customer_edit.setObjectName("inquiry_customer")
        self.contact_edit = QLineEdit()
        self.contact_edit.setObjectName("inquiry_contact")
        self.site_edit = QLineEdit()
        self.site_edit.setObjectName("inquiry_site")
        self.category_combo = category_combo()
        self.category_combo.setObjectName("inquiry_category")
        self.request_edit = self._text_box("inquiry_request")
        self.answer_edit = self._text_box("inquiry_answer")
        self.unfinished_check = QCheckBox(_("Not solved yet: hand it to the next shift"))
        self.unfinished_check.setObjectName("inquiry_unfinished")
        self.note_edit = self._text_box("inquiry_note")
        self.handed_combo = QComboBox()
        self.handed_combo.setObjectName("inquiry_handed_to")
        self.handed_combo.addItem(_("(next shift)"), None)
        staff = ops.query(lambda: office.list_staff(active_only=True), parent=self)
        for person in staff.value or []:
            self.handed_combo.addItem(person.name, person.id)
        self.error_labels: dict[str, QLabel] = {}
        self.general_error = message_line("general_error")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip(_("Save (Ctrl+S or Ctrl+Enter)"))
        self.sheet_button = self.buttons.addButton(
            _("Turn into problem sheet"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.sheet_button.setObjectName("sheet_button")
        self.sheet_button.setToolTip(_("Save and file a problem sheet from it (Ctrl+Shift+Enter)"))
        self.cancel_button = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.save_button, self.sheet_button, self.cancel_button):
            button.setAutoDefault(False)
        self.saved: InquiryRow | None = None
        self._build_layout()
        self._connect_signals()
        if inquiry is not None:
            self._show_inquiry(inquiry)
        self.resize(620, self.sizeHint().height())

    def _show_inquiry(self, inquiry: InquiryRow) -> None:
        """Fill the form from an inquiry recorded earlier (opened from the list with Enter)."""
        self.customer_edit.setText(inquiry.customer_name)
        self.contact_edit.setText(inquiry.contact)
        self.site_edit.setText(inquiry.site)
        self.category_combo.setCurrentIndex(max(self.category_combo.findData(inquiry.category), 0))
        self.request_edit.setPlainText(inquiry.request)
        self.answer_edit.setPlainText(inquiry.answer)
        self.unfinished_check.setChecked(inquiry.unfinished)
        self.note_edit.setPlainText(inquiry.unresolved_note)
        self.handed_combo.setCurrentIndex(max(self.handed_combo.findData(inquiry.handed_to_staff_id), 0))
        # Turned into a sheet already: it cannot be turned into a second one.
        self.sheet_button.setVisible(inquiry.sheet_id is None)

    def _text_box(self, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
        return edit

    def _build_layout(self) -> None:
        form = QFormLayout()
        rows: list[tuple[str, QWidget, str]] = [
            (_("Customer:"), self.customer_edit, "customer_name"),
            (_("Phone / contact:"), self.contact_edit, "contact"),
            (_("Site:"), self.site_edit, "site"),
            (_("Category:"), self.category_combo, "category"),
            (_("What the customer asked *:"), self.request_edit, "request"),
            (_("Answer or solution given:"), self.answer_edit, "answer"),
            ("", self.unfinished_check, "unfinished"),
            (_("Note for the next shift:"), self.note_edit, "unresolved_note"),
            (_("Hand to:"), self.handed_combo, "handed_to"),
        ]
        for label, widget, key in rows:
            form.addRow(label, widget)
            error = message_line(f"error_{key}")
            form.addRow("", error)
            self.error_labels[key] = error
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.sheet_button.clicked.connect(self.save_as_sheet)
        self.cancel_button.clicked.connect(self.reject)
        self.unfinished_check.toggled.connect(self._on_unfinished_toggled)
        self._on_unfinished_toggled(False)
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+Return", self.save), ("Ctrl+Enter", self.save),
                           ("Ctrl+Shift+Return", self.save_as_sheet), ("Ctrl+Shift+Enter", self.save_as_sheet)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    def values(self) -> dict[str, Any]:
        """What the desk typed, as :func:`inquiries.record_inquiry` takes it."""
        values: dict[str, Any] = {
            "customer_name": self.customer_edit.text(),
            "contact": self.contact_edit.text(),
            "site": self.site_edit.text(),
            "category": self.category_combo.currentData() or "",
            "request": self.request_edit.toPlainText(),
            "answer": self.answer_edit.toPlainText(),
            "unfinished": self.unfinished_check.isChecked(),
        }
        if self.unfinished_check.isChecked():
            values["unresolved_note"] = self.note_edit.toPlainText()
            values["handed_to_staff_id"] = self.handed_combo.currentData()
        return values

    def record(self) -> InquiryRow | None:
        """Record (or update) the inquiry once (a second call returns it); None after a refusal."""
        if self.saved is not None:
            return self.saved
        self._show_errors({})
        values = self.values()
        earlier = self.inquiry
        result = ops.run(
            (lambda by, now: inquiries.record_inquiry(values, by=by, now=now))
            if earlier is None
            else (
                lambda by, now: inquiries.update_inquiry(
                    earlier.id, values, expected_version=earlier.version, by=by, now=now
                )
            ),
            parent=self,
            kind="inquiry",
            show_field_error=self._show_field_error,
        )
        if not result.ok or result.value is None:
            return None
        self.saved = result.value
        self.inquiry_saved.emit(result.value)
        return result.value

    def save(self) -> None:
        """Record the inquiry and close."""
        if self.record() is not None:
            self.accept()

    def save_as_sheet(self) -> None:
        """Record the inquiry and file a problem sheet from it (asks the category when none is chosen)."""
        if not self.category_combo.currentData():
            self._show_errors({"category": _("Choose the problem category.")})
            self.category_combo.setFocus()
            return
        inquiry = self.record()
        if inquiry is None:
            return
        sheet = escalate(inquiry, self.category_combo.currentData(), self)
        if sheet is not None:
            self.sheet_filed.emit(sheet)
            self.accept()

    def _on_unfinished_toggled(self, checked: bool) -> None:
        self.note_edit.setEnabled(checked)
        self.handed_combo.setEnabled(checked)

    def _show_field_error(self, key: str, message: str) -> bool:
        self._show_errors({key: message})
        return True

    def errors(self) -> dict[str, str]:
        """The messages shown beside fields (``""``: above the form)."""
        shown = {key: label.text() for key, label in self.error_labels.items() if not label.isHidden()}
        if not self.general_error.isHidden():
            shown[""] = self.general_error.text()
        return shown

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.error_labels.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        general = [message for key, message in errors.items() if key not in self.error_labels]
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))
