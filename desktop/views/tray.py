"""Reminders while FrontDesk runs: a timer, a tray icon, one digest notification, snooze.

Every ``reminders.interval_minutes`` the :class:`ReminderTray` computes the Today board
(:func:`desktop.services.reminders.compute_board`) and asks :func:`~desktop.services.reminders.next_digest`
whether anything became due since the last notification: if so, ONE tray message sums it up ("3 items need
you: 1 overdue …"), never one per item. The tray menu snoozes for 15 minutes, an hour or until tomorrow
morning; the snooze is kept per computer (``window.ini``) so a restart does not undo it. With reminders on
(setting ``reminders.enabled``), closing the main window hides it to the tray instead of quitting.

The clock is :func:`desktop.views.ops.now`, so tests drive the timer with a FixedClock and no sleeps.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from desktop.errors import UserError
from desktop.i18n import N_, _
from desktop.services import reminders
from desktop.services.calendar import office_calendar
from desktop.services.reminders import Board, Digest, ReminderState
from desktop.services.settings import get_setting
from desktop.views import ops
from desktop.views.events import record_events
from desktop.views.icons import icon

log = logging.getLogger(__name__)

SNOOZE_LABELS: dict[str, str] = {
    reminders.SNOOZE_15_MIN: N_("Snooze 15 minutes"),
    reminders.SNOOZE_1_HOUR: N_("Snooze 1 hour"),
    reminders.SNOOZE_TOMORROW: N_("Snooze until tomorrow morning"),
}
_SNOOZE_KEY = "reminders/snoozed_until"


def digest_text(digest: Digest) -> tuple[str, str]:
    """Title and body of the notification for ``digest``."""
    title = _("FrontDesk: {count} item(s) need you").format(count=len(digest.items))
    lines = [_("{overdue} overdue, {today} due today").format(overdue=digest.overdue, today=digest.today)]
    lines += [f"{item.number} {item.title}" for item in digest.items[:5]]
    if len(digest.items) > 5:
        lines.append(_("… and {count} more").format(count=len(digest.items) - 5))
    return title, "\n".join(lines)


class ReminderTray(QObject):
    """The reminder timer and the tray icon of one main window.

    Args:
        window: the main window (shown again from the tray, hidden on close while reminders are on).
        settings_store: a QSettings-like object holding the snooze per computer (None: not kept).

    Attributes:
        state: what the digest has told already and the snooze.
        timer: fires every ``reminders.interval_minutes``; :meth:`check` runs on each tick.

    Signals:
        board_updated(object): the board computed on a tick (the Today page and the navigation counts).
        notified(str, str): a digest was shown: title and body (also when no tray is available).
        show_requested(): the desk asked for the window from the tray.
    """

    board_updated = Signal(object)
    notified = Signal(str, str)
    show_requested = Signal()

    def __init__(self, window: QWidget, settings_store: object | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings_store = settings_store
        self.state = ReminderState(snoozed_until=self._stored_snooze())
        self.timer = QTimer(self)
        self.timer.setObjectName("reminder_timer")
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu(window)
        self.open_action = QAction(_("Open FrontDesk"), self)
        self.snooze_actions: dict[str, QAction] = {}
        for key, label in SNOOZE_LABELS.items():
            action = QAction(_(label), self)
            action.setObjectName(f"snooze_{key}")
            action.triggered.connect(lambda _checked=False, key=key: self.snooze(key))
            self.snooze_actions[key] = action
        self.quit_action = QAction(_("Quit FrontDesk"), self)
        self._build_menu()
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(icon("frontdesk"), self)
            self.icon.setToolTip("FrontDesk")
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
            self.icon.messageClicked.connect(self.show_requested)
        self.timer.timeout.connect(self.check)
        self.open_action.triggered.connect(self.show_requested)
        record_events().records_changed.connect(self._on_records_changed)
        self.apply_settings()

    def _build_menu(self) -> None:
        self.menu.addAction(self.open_action)
        self.menu.addSeparator()
        for action in self.snooze_actions.values():
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)

    # --- settings ----------------------------------------------------------------------------------------

    def enabled(self) -> bool:
        """Whether reminders are on (setting ``reminders.enabled``)."""
        try:
            return bool(get_setting("reminders.enabled") == "on")
        except Exception:  # no database (tests of bare widgets)
            return False

    def apply_settings(self) -> None:
        """Start or stop the timer and the icon from the settings."""
        if not self.enabled():
            self.timer.stop()
            if self.icon is not None:
                self.icon.hide()
            return
        minutes = int(get_setting("reminders.interval_minutes"))
        self.timer.start(minutes * 60_000)
        if self.icon is not None:
            self.icon.show()

    def hides_on_close(self) -> bool:
        """Closing the window hides it to the tray (reminders on and a tray to come back from)."""
        return self.enabled() and self.icon is not None and self.icon.isVisible()

    # --- the check ---------------------------------------------------------------------------------------

    def check(self, *, board: Board | None = None) -> Digest | None:
        """Compute the board at the clock's now; show one digest when something became due."""
        now = ops.now()
        if board is None:
            result = ops.query(lambda: reminders.compute_board(now=now), parent=None)
            if not result.ok or result.value is None:
                return None
            board = result.value
        self.board_updated.emit(board)
        digest, self.state = reminders.next_digest([*board.overdue, *board.today], self.state, now=now)
        if self.state.snoozed_until is None:
            self._store_snooze(None)
        if digest is None:
            return None
        title, body = digest_text(digest)
        if self.icon is not None and self.icon.isVisible():
            self.icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, 15_000)
        if self.icon is not None:
            self.icon.setToolTip(f"FrontDesk\n{body.splitlines()[0]}")
        self.notified.emit(title, body)
        return digest

    def snooze(self, choice: str) -> datetime:
        """Say nothing until the snooze ends; then one digest of everything still due."""
        now = ops.now()
        try:
            calendar = office_calendar()
        except UserError:
            calendar = None
        until = reminders.snooze_until(choice, now, calendar)
        self.state = reminders.snooze(self.state, until)
        self._store_snooze(until)
        return until

    # --- per-computer snooze -----------------------------------------------------------------------------

    def _stored_snooze(self) -> datetime | None:
        if self.settings_store is None:
            return None
        value = self.settings_store.value(_SNOOZE_KEY)  # type: ignore[attr-defined]
        try:
            return datetime.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    def _store_snooze(self, until: datetime | None) -> None:
        if self.settings_store is None:
            return
        self.settings_store.setValue(_SNOOZE_KEY, until.isoformat() if until else "")  # type: ignore[attr-defined]

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind == "office":  # settings are announced as office changes
            self.apply_settings()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.show_requested.emit()
