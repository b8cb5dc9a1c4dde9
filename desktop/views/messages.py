"""The one helper every message box in FrontDesk goes through.

Call it as ``messages.show(...)`` (through the module, never ``from … import show``) so tests can replace it
with ``monkeypatch.setattr(messages, "show", fake)`` and read what the desk would have seen. Boxes open with
``open()``: the event loop keeps running and the answer arrives through ``on_yes``. Only the startup refusal,
shown before the event loop runs, passes ``modal=True`` and waits.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import _


class Kind(StrEnum):
    """What a message is: decides the icon, the buttons and the default title."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    QUESTION = "question"
    ABOUT = "about"


_ICONS = {
    Kind.INFO: QMessageBox.Icon.Information,
    Kind.WARNING: QMessageBox.Icon.Warning,
    Kind.ERROR: QMessageBox.Icon.Critical,
    Kind.QUESTION: QMessageBox.Icon.Question,
    Kind.ABOUT: QMessageBox.Icon.NoIcon,
}

#: Boxes without a parent, kept alive until they close.
_orphans: list[QMessageBox] = []


def show(
    parent: QWidget | None,
    text: str,
    *,
    kind: Kind = Kind.ERROR,
    title: str | None = None,
    informative: str = "",
    details: str = "",
    on_yes: Callable[[], None] | None = None,
    modal: bool = False,
) -> QMessageBox:
    """Show one message box and return it (already open).

    Args:
        parent: the window the box belongs to (None before any window exists).
        text: the translated sentence the desk reads first.
        kind: decides icon and buttons; :attr:`Kind.QUESTION` asks Yes/No.
        title: window title; "FrontDesk" when omitted.
        informative: a second, smaller paragraph (e.g. where the log file is).
        details: text behind the "Show Details…" button (e.g. a traceback).
        on_yes: for a question, called when the desk answers Yes.
        modal: wait for the answer (``exec()``); only for use before the event loop runs.
    """
    box = QMessageBox(parent)
    box.setObjectName(f"message_{kind.value}")
    box.setWindowTitle(title or "FrontDesk")
    box.setIcon(_ICONS[kind])
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    if kind is Kind.QUESTION:
        yes = box.addButton(_("Yes"), QMessageBox.ButtonRole.YesRole)
        no = box.addButton(_("No"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        if on_yes is not None:
            box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
    else:
        box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    if modal:
        box.exec()
        return box
    # Gone once read: a box kept as a hidden child of its window was one more for every message all week.
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _orphans.append(box)
        box.finished.connect(lambda _result: _orphans.remove(box) if box in _orphans else None)
    box.open()
    return box
