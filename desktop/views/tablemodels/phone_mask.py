"""How phone numbers show in lists for the staff member on duty, kept current when someone else takes over.

Spec §2.14 (001:558, 002:500–503): a list shows ``138****5678`` to roles outside ``privacy.phone_roles``; the
record itself shows the whole number to whoever handles it. :func:`desktop.services.authz.phone_masker`
decides once for the person on duty; :class:`PhoneMask` asks again when the person on duty changes
(:attr:`~desktop.views.events.RecordEvents.staff_on_duty_changed`) or the office's settings or staff change,
and emits :attr:`PhoneMask.changed` so a table model repaints its phone column.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QObject, Qt, Signal

from desktop.rules import masking
from desktop.services import authz
from desktop.views import ops
from desktop.views.events import record_events

#: Seven or more digits (blanks, dashes and brackets between them allowed): a phone number in a contact.
_PHONE_LIKE = re.compile(r"(?:\+?\d[\d\s\-()]{5,}\d)")


class PhoneMask(QObject):
    """A callable showing a phone as the person on duty may see it in a list.

    Signals:
        changed(): the person on duty (or who may see numbers) changed; repaint the phone columns.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mask: Callable[[str], str] = _decide()
        record_events().staff_on_duty_changed.connect(self._on_staff_on_duty_changed)
        record_events().records_changed.connect(self._on_records_changed)

    def __call__(self, phone: str) -> str:
        """``phone`` whole or masked."""
        return self._mask(phone) if phone else phone

    def contact(self, text: str) -> str:
        """A free-text contact (``手机 13812345678``, a WeChat id …): phone numbers in it masked, the rest kept."""
        if not text or not self.masks():
            return text
        return _PHONE_LIKE.sub(lambda match: self._mask(match.group(0)), text)

    def masks(self) -> bool:
        """True when numbers are masked for the person on duty."""
        return self._mask("13800000000") != "13800000000"

    def repaint_column(self, model: QAbstractItemModel, column: int) -> None:
        """Tell ``model``'s views that every cell of ``column`` shows differently now."""
        rows = model.rowCount()
        if rows:
            model.dataChanged.emit(
                model.index(0, column), model.index(rows - 1, column), [Qt.ItemDataRole.DisplayRole]
            )

    def refresh(self) -> None:
        """Decide again for the person on duty; emits :attr:`changed` when the decision changed."""
        before = self.masks()
        self._mask = _decide()
        if self.masks() != before:
            self.changed.emit()

    def _on_staff_on_duty_changed(self, _staff_id: object) -> None:
        self.refresh()

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind in ("office", "staff"):  # privacy.phone_roles or a role changed
            self.refresh()


def _decide() -> Callable[[str], str]:
    result = ops.query(lambda: authz.phone_masker(ops.staff_on_duty()), parent=None)
    return result.value if result.ok and result.value is not None else masking.mask
