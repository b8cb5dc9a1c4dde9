"""The signature placeholder: a line signed by hand on the printed paper, never typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.i18n import _
from desktop.views.fields.base import FieldEditor


class SignatureEditor(FieldEditor):
    """A ``signature`` field: shows "signed on paper" in grey; holds no value and takes no focus."""

    def _build_input(self) -> QWidget:
        label = QLabel(_("Signed on paper"), self)
        label.setStyleSheet("color: palette(mid); font-style: italic;")
        label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return label

    def value(self) -> None:
        return None

    def set_value(self, value: Any) -> None:
        """Nothing is stored for a signature."""

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = True
