"""Reminders on a desktop without a system tray: a banner in the main window, and a word before closing.

Some Linux desktops have no system tray (``QSystemTrayIcon.isSystemTrayAvailable()`` is false). The reminder
digest (:class:`~desktop.views.tray.ReminderTray`) then had nowhere to appear, and closing the window quit
FrontDesk — and with it every reminder — without a word. On such a desktop the digest shows in an amber banner
across the top of the main window with the tray's own choices: open what is due, the three snoozes, dismiss.
Closing the window by its close button asks first, saying that reminders stop until FrontDesk is opened again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.views import messages
from desktop.views.tray import ReminderTray

#: Amber, as the Today board's "due today" header.
BANNER_STYLE = (
    "QFrame#reminder_banner { background: #fef5e4; border: 1px solid #e0b25a; border-radius: 4px; }"
    " QLabel { color: #6b4a00; }"
)


class ReminderBanner(QFrame):
    """The digest inside the window: what needs the desk, with Show, Snooze and Dismiss.

    Args:
        tray: the window's reminder timer; its snooze actions are the banner's snooze menu.
        show_due: brings the Today board forward.
    """

    def __init__(
        self, tray: ReminderTray, show_due: Callable[[], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reminder_banner")
        self.setStyleSheet(BANNER_STYLE)
        self.title_label = QLabel()
        self.title_label.setObjectName("reminder_title")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.body_label = QLabel()
        self.body_label.setObjectName("reminder_body")
        self.body_label.setWordWrap(True)
        self.show_button = QPushButton(_("Show what is due"))
        self.show_button.setObjectName("reminder_show")
        # A push button with a menu keeps room for its arrow; a tool button's arrow covered the last letter.
        self.snooze_button = QPushButton(_("Snooze"))
        self.snooze_button.setObjectName("reminder_snooze")
        self.snooze_menu = QMenu(self.snooze_button)
        for action in tray.snooze_actions.values():
            self.snooze_menu.addAction(action)  # the tray's own actions: one snooze, whichever is used
            action.triggered.connect(self.hide_banner)
        self.snooze_button.setMenu(self.snooze_menu)
        self.dismiss_button = QToolButton()
        self.dismiss_button.setObjectName("reminder_dismiss")
        self.dismiss_button.setText("✕")
        self.dismiss_button.setToolTip(_("Hide until something else falls due"))
        self.dismiss_button.setAccessibleName(_("Hide the reminder"))
        self._build_layout()
        self.show_button.clicked.connect(show_due)
        self.show_button.clicked.connect(self.hide_banner)
        self.dismiss_button.clicked.connect(self.hide_banner)

    def _build_layout(self) -> None:
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addWidget(self.title_label)
        texts.addWidget(self.body_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addLayout(texts, 1)
        layout.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.snooze_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_digest(self, title: str, body: str) -> None:
        """Show the digest: its title and its first lines (the counts and the first items)."""
        self.title_label.setText(title)
        self.body_label.setText("\n".join(body.splitlines()[:3]))
        self._bar().show()

    def hide_banner(self) -> None:
        """Put the banner away (it comes back with the next digest)."""
        self._bar().hide()

    def is_shown(self) -> bool:
        """Whether the banner is on screen."""
        return self._bar().isVisible()

    def _bar(self) -> QWidget:
        parent = self.parentWidget()
        return parent if isinstance(parent, QToolBar) else self


def install(window: QMainWindow, tray: ReminderTray, show_due: Callable[[], object]) -> ReminderBanner:
    """Add the banner to ``window`` (hidden); it receives the digests when the desktop has no tray."""
    banner = ReminderBanner(tray, show_due)
    bar = QToolBar(window)
    bar.setObjectName("reminder_bar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)
    bar.addWidget(banner)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    bar.hide()
    if tray.icon is None:
        tray.notified.connect(banner.show_digest)
    return banner


def reminders_stop_on_close(tray: ReminderTray) -> bool:
    """Whether closing the window ends the reminders (they are on, and there is no tray to keep them in)."""
    return tray.icon is None and tray.enabled()


def ask_before_closing(window: QWidget, close: Callable[[], None]) -> None:
    """Say that reminders stop with FrontDesk; ``close()`` on Yes."""
    messages.show(
        window,
        _(
            "Closing FrontDesk stops the reminders: nothing will tell you when a callback or a deadline falls "
            "due until FrontDesk is opened again. This desktop has no system tray to keep it running in."
        ),
        kind=messages.Kind.QUESTION,
        title=_("Close FrontDesk?"),
        informative=_("Close it anyway?"),
        on_yes=close,
    )
