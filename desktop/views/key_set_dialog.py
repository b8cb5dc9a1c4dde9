"""Registering a key set: the one dialog that adds to the key register rather than acting on a set in it.

The label follows the seed's tag format; an owner set is counted per kind of owner key, any other set as one
number, so the dialog switches between the two with the kind of key.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QSpinBox,
    QWidget,
)

from desktop.i18n import _
from desktop.rules import keys as rules
from desktop.services import keys
from desktop.views.key_dialog_base import (
    FormDialog,
    line_edit,
)


class NewKeyDialog(FormDialog):
    """Register a key set: label in the seed's format, kind, keys (per owner key kind), hook, custodian."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("New key set"), parent)
        self.setObjectName("new_key_dialog")
        self.header.setText(
            _(
                "Label as on the tag: building-unit and floor-room (3-2-1502), the floor, or the facility room."
            )
        )
        self.label = line_edit()
        self.category = QComboBox()
        for value, label in rules.CATEGORIES.items():
            self.category.addItem(_(label), value)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 99)
        self.hook = line_edit()
        self.custodian = line_edit()
        self.description = line_edit()
        self.add_field("label", _("Label"), self.label)
        self.add_field("category", _("Kind of key"), self.category)
        self.add_field("quantity", _("Keys"), self.quantity)
        self.counts: dict[str, QSpinBox] = {}
        for kind, label in rules.OWNER_KINDS.items():
            spin = QSpinBox()
            spin.setRange(0, 99)
            spin.setValue(1)
            self.counts[kind] = spin
            self.add_field(f"count_{kind}", _(label), spin)
        self._errors["kind_counts"] = self._errors[f"count_{rules.IRON_DOOR}"]
        self._rows["kind_counts"] = self._rows[f"count_{rules.IRON_DOOR}"]
        self.add_field("hook", _("Hook / box"), self.hook)
        self.add_field("custodian", _("Custodian"), self.custodian)
        self.add_field("description", _("Description"), self.description)
        self._finish_layout()
        self.category.currentIndexChanged.connect(self._on_category_changed)
        self._on_category_changed()

    def _on_category_changed(self) -> None:
        owner = self.category.currentData() == rules.OWNER
        self.set_field_visible("quantity", not owner)
        for kind in rules.OWNER_KINDS:
            self.set_field_visible(f"count_{kind}", owner)

    def save(self) -> None:
        """Register the key set."""
        values: dict[str, Any] = {
            "label": self.label.text(),
            "category": self.category.currentData(),
            "hook": self.hook.text(),
            "custodian": self.custodian.text(),
            "description": self.description.text(),
        }
        if values["category"] == rules.OWNER:
            values["kind_counts"] = {kind: spin.value() for kind, spin in self.counts.items()}
        else:
            values["quantity"] = self.quantity.value()
        self.run(lambda by, now: keys.add_key_set(values, by=by, now=now), "key")


# ---- follow-ups: copy requests waiting for consent, lost keys being dealt with -------------------------------
