"""Keys leaving the office for good or being copied: issue an owner set at move-in, record a copy request.

The owner's receipt lists the keys by kind after the identity is checked; a copy request for a public or
plant-room key waits for the engineering manager's consent (001:286), which the dialog says before anything is
filled in. Following a request up (consent, copies made) is :mod:`desktop.views.key_followup_dialogs`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QSpinBox,
    QWidget,
)

from desktop.i18n import _
from desktop.rules import keys as rules
from desktop.services import key_issues
from desktop.services.keys import KeyRow
from desktop.views.key_dialog_base import (
    FormDialog,
    key_header,
    line_edit,
)


class OwnerIssueDialog(FormDialog):
    """Issue an owner set at move-in: identity checked, keys listed by kind; the receipt is printed after."""

    def __init__(self, key: KeyRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Issue keys {label} to the owner").format(label=key.label), parent)
        self.setObjectName("owner_issue_dialog")
        self.key = key
        self.header.setText(key_header(key))
        self.owner_name = line_edit()
        self.id_checked = QCheckBox(_("I checked the owner's identity and move-in papers"))
        self.add_field("owner_name", _("Owner"), self.owner_name)
        self.add_field("id_checked", _("Identity"), self.id_checked)
        self.counts: dict[str, QSpinBox] = {}
        for kind, label in rules.OWNER_KINDS.items():
            spin = QSpinBox()
            spin.setRange(0, 99)
            spin.setValue(key.kind_counts.get(kind, 0))
            self.counts[kind] = spin
            self.add_field(f"count_{kind}", _(label), spin)
        self._errors["kind_counts"] = self._errors[f"count_{rules.IRON_DOOR}"]
        self._rows["kind_counts"] = self._rows[f"count_{rules.IRON_DOOR}"]
        self.remarks = line_edit()
        self.add_field("remarks", _("Remarks"), self.remarks)
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Issue"))

    def save(self) -> None:
        """Issue the keys and write the receipt."""
        key_id, name, checked = self.key.id, self.owner_name.text(), self.id_checked.isChecked()
        counts = {kind: spin.value() for kind, spin in self.counts.items()}
        remarks = self.remarks.text()
        self.run(
            lambda by, now: key_issues.issue_to_owner(
                key_id,
                owner_name=name,
                id_checked=checked,
                kind_counts=counts,
                remarks=remarks,
                by=by,
                now=now,
            ),
            "key_receipt",
        )


class CopyRequestDialog(FormDialog):
    """Record a request to copy a key; a public or plant-room key waits for the engineering manager's consent."""

    def __init__(self, key: KeyRow, parent: QWidget | None = None) -> None:
        super().__init__(_("Copy key {label}").format(label=key.label), parent)
        self.setObjectName("copy_request_dialog")
        self.key = key
        self.header.setText(key_header(key))
        self.requested_by = line_edit()
        self.reason = line_edit()
        self.copies = QSpinBox()
        self.copies.setRange(1, 20)
        self.add_field("requested_by", _("Requested by"), self.requested_by)
        self.add_field("reason", _("Reason"), self.reason)
        self.add_field("copies", _("Copies"), self.copies)
        if rules.needs_copy_consent(key.category):
            self.note.setText(
                _(
                    "No public or plant-room key is copied without the consent of the engineering manager or "
                    "supervisor. The request waits until the consent is recorded."
                )
            )
            self.note.show()
        self._finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record request"))

    def save(self) -> None:
        """Record the request."""
        key_id, who, why, copies = (
            self.key.id,
            self.requested_by.text(),
            self.reason.text(),
            self.copies.value(),
        )
        self.run(
            lambda by, now: key_issues.request_copy(
                key_id, requested_by=who, reason=why, copies=copies, by=by, now=now
            ),
            "key_copy_request",
        )
