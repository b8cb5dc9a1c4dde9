"""Logging in, switching the staff member on duty, and setting passwords.

:class:`LoginForm` is the one form used everywhere a password is asked: the login dialog (switching who is on
duty), the lock overlay (:mod:`desktop.views.idle_lock`). Enter submits. A refused login says the one message
the service gives (:func:`desktop.services.accounts.verify_login`) beside the password and clears it.
:class:`SetPasswordDialog` is the administrator's "Set password…" in the staff editor, and the first-run
wizard's password page reuses :class:`PasswordFields`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
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
from desktop.services import accounts
from desktop.views import ops
from desktop.views.desk_dialog import DeskDialog
from desktop.views.office_editors import error_label, set_error


class LoginForm(QWidget):
    """Who (active staff with a password) and their password; Enter or "Log in" submits.

    Signals:
        logged_in(object): the :class:`~desktop.services.accounts.LoginRow` of the person now on duty.
    """

    logged_in = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff = QComboBox()
        self.staff.setObjectName("login_staff")
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        self.login_button = QPushButton(_("Log in"))
        self.login_button.setObjectName("login_button")
        self.login_button.setDefault(True)
        self._build_layout()
        self._connect_signals()
        self.reload()

    def _build_layout(self) -> None:
        form = QFormLayout(self)
        form.addRow(_("Staff member:"), self.staff)
        form.addRow(_("Password:"), self.password)
        form.addRow("", self.error)
        form.addRow("", self.login_button)

    def _connect_signals(self) -> None:
        self.password.returnPressed.connect(self.submit)
        self.login_button.clicked.connect(self.submit)
        self.password.textEdited.connect(lambda _text: set_error(self.error, ""))

    def reload(self, staff_id: int | None = None) -> None:
        """Offer the active staff who have a password, choosing ``staff_id`` when given."""
        result = ops.query(accounts.login_choices, parent=self)
        self.staff.clear()
        for row in result.value or []:
            self.staff.addItem(
                _("{number} {name}").format(number=row.employee_no, name=row.name), row.employee_no
            )
            if row.id == staff_id:
                self.staff.setCurrentIndex(self.staff.count() - 1)

    def choose(self, employee_no: str) -> None:
        """Pre-select the person with work number ``employee_no``."""
        position = self.staff.findData(employee_no)
        if position >= 0:
            self.staff.setCurrentIndex(position)

    def submit(self) -> None:
        """Check the password; on success the person is on duty and :attr:`logged_in` is emitted."""
        number = self.staff.currentData() or ""
        password = self.password.text()
        result = ops.run(
            lambda by, now: accounts.verify_login(number, password, now=now),
            parent=self,
            show_field_error=self._show_error,
        )
        self.password.clear()
        if result.ok and result.value is not None:
            set_error(self.error, "")
            ops.set_staff_on_duty(result.value.id)
            self.logged_in.emit(result.value)

    def _show_error(self, _field: str, message: str) -> bool:
        set_error(self.error, message)
        self.password.setFocus()
        return True


class LoginDialog(DeskDialog):
    """Switch the staff member on duty by logging in; open with ``open()``, accepted once someone logs in.

    Attributes:
        logged_in_row: who logged in (None until then).
    """

    def __init__(self, parent: QWidget | None = None, *, staff_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(_("Switch staff on duty"))
        self.logged_in_row: accounts.LoginRow | None = None
        self.form = LoginForm()
        self.form.reload(staff_id)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(_("Everything saved from now on is recorded as done by the person who logs in."))
        )
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.form.logged_in.connect(self._on_logged_in)
        self.buttons.rejected.connect(self.reject)
        self.form.password.setFocus()

    def _on_logged_in(self, row: accounts.LoginRow) -> None:
        self.logged_in_row = row
        self.accept()


class PasswordFields(QWidget):
    """A new password typed twice, checked against the length rule before anything is sent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.password = QLineEdit()
        self.password.setObjectName("new_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat_password")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("New password:"), self.password)
        form.addRow(_("Type it again:"), self.repeat)
        form.addRow("", QLabel(_("At least 8 characters; a few words you remember are best.")))
        form.addRow("", self.error)

    def value(self) -> str:
        """The password typed."""
        return self.password.text()

    def validate(self, *, allow_empty: bool = False) -> bool:
        """Both fields agree and the length rule holds (or both are empty when ``allow_empty``)."""
        if allow_empty and not self.password.text() and not self.repeat.text():
            set_error(self.error, "")
            return True
        try:
            accounts.check_password_rule(self.password.text())
        except UserError as exc:
            set_error(self.error, exc.message)
            return False
        if self.password.text() != self.repeat.text():
            set_error(self.error, _("The two passwords are not the same."))
            return False
        set_error(self.error, "")
        return True

    def show_error(self, message: str) -> None:
        """Show a message from the service below the fields."""
        set_error(self.error, message)


class SetPasswordDialog(DeskDialog):
    """The administrator gives ``staff_id`` a new password; open with ``open()``."""

    def __init__(self, staff_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("set_password_dialog")
        self.setWindowTitle(_("Set password for {name}").format(name=name))
        self.staff_id = staff_id
        self.fields = PasswordFields()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        """Store the password (the service checks the administrator's permission) and close."""
        if not self.fields.validate():
            return
        password = self.fields.value()
        result = ops.run(
            lambda by, now: accounts.set_password(self.staff_id, password, by=by, now=now),
            parent=self,
            kind="staff",
            ids=lambda _value: [self.staff_id],
            show_field_error=lambda _field, message: (self.fields.show_error(message), True)[1],
        )
        if result.ok:
            self.accept()
