"""Start-up questions about where the database is: another FrontDesk holds it; the folder is risky.

Both are asked before the main window exists, so :func:`ask_in_use` waits for the answer (like the start-up
refusal in :mod:`desktop.views.messages`). Tests replace :func:`ask_in_use` and :func:`choose_database` with
``monkeypatch.setattr(instance_dialog, "ask_in_use", fake)``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.i18n import _


class InUseChoice(StrEnum):
    """What the desk chose when the database is already open elsewhere."""

    READ_ONLY = "read_only"
    SWITCH = "switch"
    QUIT = "quit"


def ask_in_use(host: str, pid: int, db_path: Path, parent: QWidget | None = None) -> InUseChoice:
    """Ask what to do: open read-only, choose another database, or quit. Waits for the answer."""
    box = QMessageBox(parent)
    box.setObjectName("message_in_use")
    box.setWindowTitle("FrontDesk")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setText(
        _("FrontDesk is already open on this database on {host} (process {pid}).").format(host=host, pid=pid)
    )
    box.setInformativeText(
        _(
            "{path}\n\nOpen it read-only to look things up, or choose another database. If that FrontDesk "
            "is no longer running (the computer was switched off), close this one and start again on that "
            "computer."
        ).format(path=db_path)
    )
    read_only = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    switch = box.addButton(_("Choose another database…"), QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return InUseChoice.READ_ONLY
    if clicked is switch:
        return InUseChoice.SWITCH
    return InUseChoice.QUIT


def choose_database(start: Path, parent: QWidget | None = None) -> Path | None:
    """Ask for another database file (an existing one, or a new name); None when cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Choose a database"),
        str(start),
        _("FrontDesk database (*.sqlite3)"),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(path) if path else None
