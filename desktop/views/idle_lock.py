"""The screen lock and the session of the staff member on duty.

While the office requires logins (:func:`desktop.services.accounts.login_required`):

- the main window opens locked: an opaque overlay with the login form covers it;
- after ``security.idle_lock_minutes`` without keyboard or mouse input anywhere in the application it locks
  again (a single-shot ``QTimer`` restarted by an application-wide event filter; 0 = never);
- while locked, the same filter swallows input meant for anything outside the overlay (menus, shortcuts, other
  windows), and other open windows are hidden so no record stays readable behind the lock;
- the on-duty combo in the status bar is disabled: "Switch…" (and the lock itself) asks for the password of
  the person taking over, so nobody works under someone else's name (002:500–503).

Without a required login everything stays as before (the combo chooses who is on duty) and nothing locks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services import accounts
from desktop.views import ops
from desktop.views.events import record_events
from desktop.views.login_dialog import LoginDialog, LoginForm

#: Events that count as someone using the computer.
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.ContextMenu,
    }
)
_BLOCKED_WHILE_LOCKED = _INPUT_EVENTS | {QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride}


class LockOverlay(QWidget):
    """Covers the main window while it is locked: a title and the login form, on an opaque background."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lock_overlay")
        self.setAutoFillBackground(True)
        self.title = QLabel(_("FrontDesk is locked"))
        self.title.setObjectName("lock_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.title.setFont(font)
        self.note = QLabel(_("Log in to go on. Whoever logs in is on duty from now on."))
        self.form = LoginForm()
        self.form.setMaximumWidth(420)
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.note, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.form, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self.hide()


class IdleLock(QObject):
    """Locks ``window`` at start and after idle time while logins are required; see the module docstring.

    Args:
        window: the main window (its ``staff_combo`` and ``statusBar()`` are used when present).

    Attributes:
        timer: the single-shot idle timer (tests emit its ``timeout`` instead of waiting).
        locked: True while the overlay is shown.

    Signals:
        locked_changed(bool): the window was locked (True) or unlocked (False).
    """

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.locked = False
        self.required = False
        self._hidden_windows: list[QWidget] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.overlay = LockOverlay(window)
        self.switch_button = QPushButton(_("Switch…"))
        self.switch_button.setObjectName("switch_staff")
        self.switch_button.setToolTip(_("Log in as the person taking over the desk"))
        self.lock_action = QAction(_("&Lock the screen"), window)
        self.lock_action.setObjectName("action_lock")
        # Ctrl+Shift+L: plain Ctrl+L lends a key on the Keys page; two actions on one key would both go dead.
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        window.addAction(self.lock_action)
        if hasattr(window, "file_menu") and hasattr(window, "quit_action"):
            window.file_menu.insertAction(window.quit_action, self.lock_action)
        window.statusBar().addPermanentWidget(self.switch_button)
        self.timer.timeout.connect(self.lock)
        self.overlay.form.logged_in.connect(self._on_logged_in)
        self.switch_button.clicked.connect(self.open_switch_dialog)
        self.lock_action.triggered.connect(self.lock)
        record_events().records_changed.connect(self._on_records_changed)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.refresh_policy()
        if self.required:
            self.lock()

    # --- policy --------------------------------------------------------------------------------------------

    def refresh_policy(self) -> None:
        """Read whether logins are required and the idle time; (re)start or stop the timer accordingly."""
        result = ops.query(lambda: (accounts.login_required(), accounts.idle_lock_minutes()), parent=None)
        required, minutes = result.value if result.ok and result.value else (False, 0)
        self.required = bool(required)
        self.switch_button.setVisible(self.required)
        self.lock_action.setEnabled(self.required)
        combo = getattr(self.window, "staff_combo", None)
        if combo is not None:
            combo.setEnabled(not self.required)
        if self.required and minutes > 0:
            self.timer.setInterval(int(minutes) * 60_000)
            if not self.locked:
                self.timer.start()
        else:
            self.timer.stop()

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind in ("staff", "office", "setting"):
            self.refresh_policy()

    # --- locking -------------------------------------------------------------------------------------------

    def lock(self) -> None:
        """Cover the window, hide other windows and ask for a password (only while logins are required)."""
        if not self.required or self.locked:
            return
        self.locked = True
        self.timer.stop()
        self._hidden_windows = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self.window and widget.isVisible() and widget.isWindow()
        ]
        for widget in self._hidden_windows:
            widget.hide()
        self.overlay.form.reload(ops.staff_on_duty())
        self.overlay.setGeometry(self.window.rect())
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.form.password.setFocus()
        self.locked_changed.emit(True)

    def _on_logged_in(self, row: accounts.LoginRow) -> None:
        self._show_on_duty(row.id)
        self.unlock()

    def unlock(self) -> None:
        """Remove the overlay and show the windows hidden by :meth:`lock` again."""
        if not self.locked:
            return
        self.locked = False
        self.overlay.hide()
        for widget in self._hidden_windows:
            widget.show()
        self._hidden_windows = []
        if self.required and self.timer.interval() > 0:
            self.timer.start()
        self.locked_changed.emit(False)

    def open_switch_dialog(self) -> LoginDialog:
        """Ask the person taking over for their password (window-modal, with ``open()``)."""
        dialog = LoginDialog(self.window, staff_id=None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._show_on_duty(dialog.logged_in_row.id) if dialog.logged_in_row else None
        )
        self.switch_dialog = dialog
        dialog.open()
        return dialog

    def _show_on_duty(self, staff_id: int) -> None:
        combo = getattr(self.window, "staff_combo", None)
        if combo is not None:
            position = combo.findData(staff_id)
            if position >= 0:
                combo.setCurrentIndex(position)
        ops.set_staff_on_duty(staff_id)

    # --- Qt overrides --------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self.window and self.locked:
            self.overlay.setGeometry(self.window.rect())
        if kind not in _BLOCKED_WHILE_LOCKED or not self.window.isVisible():
            return False  # a closed window (e.g. rebuilt for a new language) locks nothing
        if self.locked:
            if isinstance(watched, QWidget):
                return not (watched is self.overlay or self.overlay.isAncestorOf(watched))
            # Shortcuts are delivered to QActions, not widgets: none may fire while locked.
            return kind == QEvent.Type.Shortcut
        if kind in _INPUT_EVENTS and self.timer.interval() > 0 and self.required:
            self.timer.start()  # someone is at the computer: the idle time starts again
        return False
