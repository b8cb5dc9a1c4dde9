"""Restore from a backup: pick one of the backups (or any file), confirm, and the database is replaced.

The dialog lists this database's own backups (its series in the backup folder), newest first, with when and why each was made and how many
audit events it holds; "Choose file…" takes any other file. The work is :func:`desktop.services.restore
.restore_database` (check first, back up the current database, replace, reopen); a wrong file is refused
with the service's message and nothing changes. After a restore the app rebuilds its window on the restored
database (signal :attr:`RestoreDialog.database_restored`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _
from desktop.services import backup, restore
from desktop.views import messages, ops
from desktop.views.desk_dialog import DeskDialog

REASONS = {
    "manual": N_("made by hand"),
    "exit": N_("on closing FrontDesk"),
    "daily": N_("daily"),
    backup.BEFORE_RESTORE: N_("before a restore"),
}


def backup_label(info: backup.BackupInfo) -> str:
    """One line for the list: when, why, how many audit events, file name."""
    return _("{when} — {reason} — {count} audit events — {name}").format(
        when=i18n.format_datetime(info.created, i18n.ui_language()),
        reason=_(REASONS.get(info.reason, info.reason)),
        count=info.chain_events,
        name=info.path.name,
    )


class RestoreDialog(DeskDialog):
    """Choose a backup and restore it.

    Args:
        db_path: the database to replace.

    Signals:
        database_restored(str): the database was replaced; the argument is the safety copy of the old one ("" if
            none).
    """

    database_restored = Signal(str)

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle(_("Restore from a backup"))
        self.db_path = db_path
        self.chosen: Path | None = None
        self.intro_label = QLabel(
            _(
                "Restoring replaces everything in the database with the backup. The current database is "
                "backed up first, so the restore itself can be undone."
            ),
            self,
        )
        self.intro_label.setWordWrap(True)
        self.backup_list = QListWidget(self)
        self.backup_list.setObjectName("backup_list")
        self.empty_label = QLabel(
            _("No backups in {folder} yet.").format(folder=backup.series_folder()), self
        )
        self.choose_button = QPushButton(_("Choose file…"), self)
        self.choose_button.setObjectName("choose_button")
        self.buttons = QDialogButtonBox(self)
        self.restore_button = self.buttons.addButton(_("Restore…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restore_button")
        self.buttons.addButton(self.choose_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self._fill()
        self._build_layout()
        self._connect_signals()
        self.resize(640, 360)

    def _fill(self) -> None:
        infos = backup.list_backups()
        for info in infos:
            item = QListWidgetItem(backup_label(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.backup_list.addItem(item)
        self.backup_list.setCurrentRow(0)
        self.empty_label.setVisible(not infos)
        self.restore_button.setEnabled(bool(infos))

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.backup_list, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.buttons.rejected.connect(self.reject)

    def selected_file(self) -> Path | None:
        """The backup chosen in the list, or by "Choose file…"."""
        if self.chosen is not None:
            return self.chosen
        item = self.backup_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _on_choose_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a backup"),
            str(backup.series_folder()),
            _("FrontDesk database (*.sqlite3);;All files (*)"),
        )
        if path:
            self.chosen = Path(path)
            self.ask_and_restore(self.chosen)

    def _on_restore_clicked(self) -> None:
        path = self.selected_file()
        if path is not None:
            self.ask_and_restore(path)

    def ask_and_restore(self, path: Path) -> None:
        """Check the file first (a wrong one is refused at once), then ask, then restore."""
        checked = ops.query(lambda: restore.check_backup(path), parent=self)
        if not checked.ok:
            self.chosen = None
            return
        messages.show(
            self,
            _(
                "Replace the database with the backup {name}? Everything entered since then is replaced."
            ).format(name=path.name),
            kind=messages.Kind.QUESTION,
            title=_("Restore from a backup"),
            on_yes=lambda: self.restore_now(path),
        )

    def restore_now(self, path: Path) -> None:
        """Restore ``path`` without asking (after the desk said yes)."""
        result = ops.run(
            lambda by, now: restore.restore_database(path, db_path=self.db_path, now=now, by=by), parent=self
        )
        if not result.ok or result.value is None:
            return
        safety = result.value.safety_backup
        messages.show(
            self.parentWidget(),
            _("The database was restored from {name}.").format(name=path.name),
            kind=messages.Kind.INFO,
            informative=_("The database as it was before is kept in {file}.").format(file=safety)
            if safety
            else "",
        )
        self.accept()
        self.database_restored.emit(str(safety or ""))
