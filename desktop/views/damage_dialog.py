"""The one screen a damaged database gets: what is wrong, the newest verified backup, and one button.

Shown at start-up when the database fails the checks at the door (cut off, header or pages damaged, saved
changes missing), and when a damaged page turns up while FrontDesk runs. "Restore this backup" puts the newest
verified backup in place (:func:`desktop.services.recovery.restore_damaged`: the damaged file is copied aside
first); when the office in that backup requires logins, the work number and password of someone allowed to
restore are asked here and checked against the backup. "Quit" leaves everything as it is.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import _
from desktop.services import recovery
from desktop.views import ops
from desktop.views.desk_dialog import keep_text_visible
from desktop.views.office_editors import error_label, set_error


class DamageDialog(QDialog):
    """Tell the desk its database is damaged and offer the newest verified backup.

    Args:
        damage: what :func:`desktop.services.recovery.assess` found.
        restorable: offer the restore button (at start-up; while running, File → Restore… does it).
    """

    def __init__(
        self, damage: recovery.Damage, parent: QWidget | None = None, *, restorable: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("damage_dialog")
        self.setWindowTitle(_("The database is damaged"))
        self.damage = damage
        self.restored = False
        layout = QVBoxLayout(self)
        self.problem = QLabel(damage.problem)
        self.problem.setObjectName("damage_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.problem)
        self.backup = QLabel(recovery.backup_sentence(damage))
        self.backup.setObjectName("damage_backup")
        self.backup.setWordWrap(True)
        layout.addWidget(self.backup)
        self.employee_no = QLineEdit()
        self.employee_no.setObjectName("damage_employee_no")
        self.password = QLineEdit()
        self.password.setObjectName("damage_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.login = QWidget()
        form = QFormLayout(self.login)
        form.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(
            _(
                "The office in this backup requires a login: the work number and password of someone who may "
                "restore backups (an administrator)."
            )
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        form.addRow(_("Work number"), self.employee_no)
        form.addRow(_("Password"), self.password)
        self.login.setVisible(False)
        layout.addWidget(self.login)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.restore_button: QPushButton | None = None
        if restorable and damage.backup is not None:
            self.restore_button = self.buttons.addButton(
                _("Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.restore_button.setObjectName("damage_restore")
            self.restore_button.clicked.connect(self.restore)
            self.restore_button.setDefault(True)
            keep = QLabel(_("The damaged file is kept as a copy before the backup is put in its place."))
            keep.setWordWrap(True)
            layout.addWidget(keep)
            try:
                self.login.setVisible(recovery.backup_requires_login(damage.backup))
            except UserError as exc:
                set_error(self.error, exc.message)
        quit_button = self.buttons.addButton(
            _("Quit") if restorable else _("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        quit_button.setObjectName("damage_quit")
        quit_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        # A refused login's message wraps under the form: the window grows to show it whole. (Not a DeskDialog:
        # nothing typed here is worth a question before Quit.)
        keep_text_visible(self)

    def restore(self) -> None:
        """Restore the backup; on success the dialog closes with ``restored`` set, else it says why."""
        try:
            recovery.restore_damaged(
                self.damage,
                employee_no=self.employee_no.text(),
                password=self.password.text(),
                now=ops.now(),
            )
        except UserError as exc:
            self.password.clear()
            set_error(self.error, exc.message)
            return
        self.restored = True
        self.accept()


def offer_restore(damage: recovery.Damage) -> bool:
    """At start-up, before the event loop: show the dialog and wait; True when the backup was restored."""
    dialog = DamageDialog(damage)
    dialog.exec()
    return dialog.restored


def show_while_running(damage: recovery.Damage, parent: QWidget | None) -> DamageDialog:
    """While FrontDesk runs: the same screen without the button (File → Restore… restores)."""
    dialog = DamageDialog(damage, parent, restorable=False)
    dialog.backup.setText(
        recovery.backup_sentence(damage)
        + ("\n" + _("Restore it with File → Restore….") if damage.backup is not None else "")
    )
    dialog.open()
    return dialog
