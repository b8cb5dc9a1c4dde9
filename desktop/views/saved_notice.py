"""The status bar says what was just saved: "Problem sheet 20261123-AG001-004 saved."

A saved record is selected in its list, but the list may be on another page, scrolled away or filtered out, and
the desk wants the number to tell the customer. Every save made through :func:`desktop.views.ops.run` announces
the record number of what it returned (``RecordEvents.record_saved``); this module shows it in the main window's
status bar for a while, titled with the form when the kind is a form that keeps records.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from desktop.formspec.loader import load_form
from desktop.i18n import _, ui_language
from desktop.services import records
from desktop.views.events import record_events

#: How long the message stays (it goes earlier when the next one comes).
SHOW_MS = 15_000


def saved_message(kind: str, number: str) -> str:
    """The sentence for a saved record of ``kind``: with the form's title when ``kind`` is a form slug."""
    if records.has_store(kind):
        title = load_form(kind).title.get(ui_language())
        return _("{form} {number} saved.").format(form=title, number=number)
    return _("{number} saved.").format(number=number)


class SavedNotice(QObject):
    """Shows each saved record's number in a main window's status bar; a child of the window, gone with it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        record_events().record_saved.connect(self._on_record_saved)

    def _on_record_saved(self, kind: str, number: str) -> None:
        """Put the sentence for the saved record in the status bar."""
        self.window.statusBar().showMessage(saved_message(kind, number), SHOW_MS)


def install(window: QMainWindow) -> SavedNotice:
    """Show every saved record's number in ``window``'s status bar."""
    return SavedNotice(window)
