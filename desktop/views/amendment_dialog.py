"""Amending a signed problem sheet: the typed fields as they stand now, the changes, and a required reason.

Issue 9: a signed sheet is never changed; :func:`desktop.services.amendments.amend` records a numbered
correction with its reason and leaves the original as it was signed. The dialog is the generated form of the
amendable fields, filled with the sheet's values with earlier amendments applied; Save sends only the fields
the desk changed. The service checks them like the entry form and says what is wrong beside each field; the
reason's message appears beside the reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _, ui_language
from desktop.services import amendments, audit
from desktop.services.sheet_frozen import AMENDABLE, SLUG
from desktop.services.sheets import SheetRow
from desktop.views import ops
from desktop.views.form_dialog import FormDialog
from desktop.views.office_editors import error_label, set_error
from desktop.views.sheet_dialog import entry_form, staff_names


class AmendmentDialog(FormDialog):
    """Record an amendment to signed sheet ``sheet``; open it with ``open()``.

    Signals:
        amended(object): the :class:`~desktop.services.amendments.AmendmentRow` just recorded.
    """

    amended = Signal(object)

    def __init__(self, sheet: SheetRow, parent: QWidget | None = None) -> None:
        current = ops.query(lambda: amendments.effective_values(SLUG, sheet.id), parent=parent)
        values = current.value if current.ok and current.value is not None else sheet.values
        super().__init__(
            entry_form(AMENDABLE),
            values,
            lang=ui_language(),
            staff_names=staff_names,
            now=ops.now(),
            parent=parent,
        )
        self.sheet = sheet
        self.setObjectName("amendment_dialog")
        self.setWindowTitle(_("Amend signed sheet {number}").format(number=sheet.number))
        self._save_button.setText(_("Record amendment"))
        self.note = QLabel(
            _(
                "This sheet was signed and is kept as it was signed. Change the fields to correct; the correction "
                "is recorded as a numbered amendment with your reason and printed after the form."
            )
        )
        self.note.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("amendment_reason")
        self.reason.setPlaceholderText(_("e.g. the customer called to correct the phone number"))
        self.reason_error = error_label()
        self._start = self.values()
        self._add_reason_row()
        self.reason.textEdited.connect(lambda _text: set_error(self.reason_error, ""))

    def _add_reason_row(self) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        box = QWidget(self)
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Reason for the amendment:"), self.reason)
        form.addRow("", self.reason_error)
        layout.insertWidget(0, self.note)
        layout.insertWidget(layout.count() - 1, box)

    def changes(self) -> dict[str, Any]:
        """The fields the desk changed: key → new value."""
        return {
            key: value
            for key, value in self.values().items()
            if audit.jsonable(value) != audit.jsonable(self._start.get(key))
        }

    def save(self) -> None:
        """Send the changed fields and the reason; stays open with the messages where they belong."""
        self.set_errors({})
        set_error(self.reason_error, "")
        changes = self.changes()
        if not changes:
            self.set_errors({"": _("Change at least one field to record an amendment.")})
            return
        reason = self.reason.text()
        sheet_id = self.sheet.id
        result = ops.run(
            lambda by, now: amendments.amend(SLUG, sheet_id, changes, reason=reason, by=by, now=now),
            parent=self,
            kind="problem_sheet",
            ids=lambda _row: [sheet_id],
            show_field_error=self._show_error,
        )
        if result.ok and result.value is not None:
            self._initial = self._snapshot()
            self.amended.emit(result.value)
            self.accept()

    def _show_error(self, field: str, message: str) -> bool:
        if field == "reason":
            set_error(self.reason_error, message)
            self.reason.setFocus()
            return True
        return self.show_field_error(field, message)
