"""What "act on this item" opens, per record kind: the board stays generic, each kind brings its own screen.

The Today board calls :func:`open_item` when the desk clicks or presses Enter on a due item. A record kind's
view module registers its opener with :func:`register_opener` at import (the callback dialog does so); a kind
without one is shown by bringing its navigation page to the front (:func:`desktop.services.due.page_for`).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.services.due import DueItem

log = logging.getLogger(__name__)

#: ``opener(item, parent)`` opens the item's screen; returns the window (or None when it could not).
Opener = Callable[[DueItem, QWidget | None], Any]

_OPENERS: dict[str, Opener] = {}

#: View modules that register openers at import (imported on first use, so the board names no kind).
OPENER_MODULES: tuple[str, ...] = ("desktop.views.callback_dialog", "desktop.views.openers")


def register_opener(record_type: str, opener: Opener) -> None:
    """Let ``opener`` open the due items of ``record_type``."""
    _OPENERS[record_type] = opener


def opener_for(record_type: str) -> Opener | None:
    """The opener of ``record_type``, importing the known opener modules first; None when there is none."""
    for module in OPENER_MODULES:
        try:
            importlib.import_module(module)
        except ImportError:  # pragma: no cover - a trimmed build without one screen
            log.warning("opener module %s is missing", module)
    return _OPENERS.get(record_type)


def _open_sheet(item: DueItem, parent: QWidget | None) -> Any:
    """The problem sheet's detail window (desktop.views.sheet_detail)."""
    from desktop.services import sheets
    from desktop.views import ops
    from desktop.views.sheet_detail import SheetDetail

    result = ops.query(lambda: sheets.get_sheet(item.record_id, now=ops.now()), parent=parent)
    if not result.ok or result.value is None:
        return None
    detail = SheetDetail(result.value, parent)
    detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    detail.show()
    return detail


register_opener("problem_sheet", _open_sheet)
