"""Reminders on a desktop without a system tray (issue 13): the digest shows in the window, and closing says
that reminders stop. The offscreen platform the tests run on has no tray, like some Linux desktops."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import peewee
import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from desktop.rules import callbacks as rules
from desktop.rules.callbacks import Slot
from desktop.services import callbacks
from desktop.services.settings import set_setting
from desktop.views import messages, reminder_banner
from desktop.views.main_window import MainWindow
from tests.views.conftest import ShownMessage

NOW = datetime(2026, 3, 16, 9, 0)


@pytest.fixture
def overdue_callback(office_db: peewee.SqliteDatabase) -> int:
    return callbacks.schedule_callback(
        purpose=rules.REPAIR,
        slot=Slot(datetime(2026, 3, 13, 9, 0), datetime(2026, 3, 13, 17, 30)),
        customer_name="过期客户",
        phone="13800138000",
        ref_number="REF13",
        engineer="吴刚",
        by=None,
        now=NOW,
    ).id


class SpontaneousClose:
    """A close request from the window's close button (the window system's, not a close() call)."""

    def __init__(self) -> None:
        self.ignored = False

    def spontaneous(self) -> bool:
        return True

    def ignore(self) -> None:
        self.ignored = True

    def accept(self) -> None:
        self.ignored = False


def test_this_desktop_has_no_tray(qapp: Any) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()


def test_the_digest_shows_in_a_banner_with_the_snooze_choices(
    qtbot: QtBot, overdue_callback: int, main_window: MainWindow
) -> None:
    banner = main_window.reminder_banner
    assert main_window.tray.icon is None
    main_window.tray.check()
    assert banner.is_shown()
    assert banner.title_label.text() == "FrontDesk: 1 item(s) need you"
    assert banner.body_label.text().startswith("1 overdue, 0 due today")
    snoozes = [action.text() for action in banner.snooze_menu.actions()]
    assert snoozes == ["Snooze 15 minutes", "Snooze 1 hour", "Snooze until tomorrow morning"]
    banner.snooze_menu.actions()[1].trigger()
    assert not banner.is_shown()
    assert main_window.tray.state.snoozed_until == datetime(2026, 3, 16, 10, 0)
    main_window.tray.check()
    assert not banner.is_shown()  # snoozed: silent


def test_show_what_is_due_opens_today(qtbot: QtBot, overdue_callback: int, main_window: MainWindow) -> None:
    main_window.show_page("keys")
    main_window.tray.check()
    main_window.reminder_banner.show_button.click()
    assert main_window.current_page_key() == "today"
    assert not main_window.reminder_banner.is_shown()


def test_closing_says_that_reminders_stop(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, Any]] = []
    monkeypatch.setattr(
        messages, "show", lambda _parent, text, **kwargs: asked.append((text, kwargs["on_yes"]))
    )
    event = SpontaneousClose()
    main_window.closeEvent(event)  # type: ignore[arg-type]
    assert event.ignored and main_window.isVisible()
    ((text, close),) = asked
    assert text.startswith("Closing FrontDesk stops the reminders")
    close()  # "Yes"
    assert not main_window.isVisible()


def test_closing_with_reminders_off_asks_nothing(
    qtbot: QtBot, main_window: MainWindow, shown_messages: list[ShownMessage]
) -> None:
    assert reminder_banner.reminders_stop_on_close(main_window.tray)
    set_setting("reminders.enabled", "off", by=None, now=NOW)
    main_window.tray.apply_settings()
    assert not reminder_banner.reminders_stop_on_close(main_window.tray)
    main_window.close()
    assert not main_window.isVisible() and shown_messages == []


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_snooze_button_shows_its_word_beside_its_arrow(
    qtbot: QtBot, overdue_callback: int, main_window: MainWindow, lang: str
) -> None:
    from PySide6.QtWidgets import QStyle

    from desktop import i18n

    i18n.set_ui_language(lang)
    banner = reminder_banner.ReminderBanner(main_window.tray, main_window.show_page)
    qtbot.addWidget(banner)
    banner.resize(900, 80)
    banner.show()
    button = banner.snooze_button
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, button)
    word = button.fontMetrics().horizontalAdvance(button.text())
    assert button.width() >= word + arrow + 8  # the arrow beside the word, not over its last letter
