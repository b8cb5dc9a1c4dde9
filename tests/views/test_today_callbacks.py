"""The Today board, the callback dialog, the callback book and the reminder tray, driven like a person would."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import peewee
import pytest
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.models.callback import Callback
from desktop.rules import callbacks as rules
from desktop.rules.callbacks import Slot
from desktop.services import callbacks, reminders
from desktop.services.callback_rows import DONE, get_callback
from desktop.services.clock import FixedClock
from desktop.services.settings import set_setting
from desktop.views.callback_dialog import CallbackDialog
from desktop.views.pages.callbacks import CallbacksPage
from desktop.views.pages.today import FIRST_LINE_ROLE, ITEM_ROLE, SECOND_LINE_ROLE, TodayPage
from desktop.views.tray import ReminderTray

NOW = datetime(2026, 3, 16, 9, 0)


def add(day: int, name: str, *, hour: int = 17, purpose: str = rules.REPAIR) -> int:
    row = callbacks.schedule_callback(
        purpose=purpose,
        slot=Slot(datetime(2026, 3, day, 9, 0), datetime(2026, 3, day, hour, 30)),
        customer_name=name,
        phone="13800138000",
        ref_number=f"REF{day}",
        engineer="吴刚",
        by=None,
        now=NOW,
    )
    return row.id


@pytest.fixture
def board_db(office_db: peewee.SqliteDatabase) -> peewee.SqliteDatabase:
    add(13, "过期客户")  # Friday: fell due while the PC was off over the weekend
    add(16, "今天客户")
    add(18, "以后客户")
    return office_db


def test_board_shows_three_coloured_groups_with_what_fell_due_while_closed(
    qtbot: QtBot, board_db: peewee.SqliteDatabase
) -> None:
    i18n.set_ui_language("en")
    page = TodayPage()
    qtbot.addWidget(page)
    headers = [column.header.text() for column in page.columns.values()]
    assert headers == ["Overdue (1)", "Due today (1)", "Upcoming (1)"]
    assert [item.title for item in page.items()] == [
        "过期客户: Repair callback",
        "今天客户: Repair callback",
        "以后客户: Repair callback",
    ]
    colours = [column.header.styleSheet() for column in page.columns.values()]
    assert ["#c0392b" in colours[0], "#b9770e" in colours[1], "#1e8449" in colours[2]] == [True] * 3
    assert page.summary.text() == "1 overdue · 1 due today · 1 upcoming"
    # Each card: what, number and whom on the first line; when and who on the second (wrapped, never cut).
    card = page.columns["today"].card(0)
    assert (
        card.data(FIRST_LINE_ROLE)
        == "Call back · " + card.data(ITEM_ROLE).number + " · 今天客户: Repair callback"
    )
    assert card.data(SECOND_LINE_ROLE) == "Due 17:30"
    assert page.columns["overdue"].card(0).data(SECOND_LINE_ROLE) == "Due 13/03/2026, 17:30"
    # The board starts on "Due today", the first thing to look at.
    assert page.current_list() is page.columns["today"].list
    assert page.columns["today"].list.currentIndex().row() == 0


def test_a_long_overdue_column_leaves_due_today_in_view(
    qtbot: QtBot, board_db: peewee.SqliteDatabase
) -> None:
    for index in range(40):
        add(12, f"客户{index}")
    page = TodayPage()
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    today = page.columns["today"]
    assert today.header.text().startswith("Due today")
    assert today.list.isVisible() and today.list.visualRect(today.card(0)).bottom() < today.list.height()
    overdue = page.columns["overdue"].list
    assert page.columns["overdue"].count() == 41 and overdue.verticalScrollBar().maximum() > 0  # scrolls
    # Two lines of text per card, wrapped to the column: nothing runs past its right edge.
    rect = overdue.visualRect(page.columns["overdue"].card(0))
    assert rect.width() <= overdue.viewport().width() and rect.height() >= 2 * overdue.fontMetrics().height()


def test_empty_board_says_nothing_due(qtbot: QtBot, office_db: peewee.SqliteDatabase) -> None:
    i18n.set_ui_language("en")
    page = TodayPage()
    qtbot.addWidget(page)
    assert page.stack.currentWidget() is page.empty_state
    assert page.empty_state.heading_label.text() == "Nothing due"


def test_one_click_opens_the_callback_dialog_and_saving_clears_the_board(
    qtbot: QtBot, board_db: peewee.SqliteDatabase
) -> None:
    i18n.set_ui_language("en")
    page = TodayPage()
    qtbot.addWidget(page)
    dialog = page.act(page.columns["overdue"].card(0))
    assert isinstance(dialog, CallbackDialog)  # deletes itself on close
    assert "Is it running normally today?" in dialog.script.text()
    assert "吴刚" in dialog.script.text()
    dialog.running_well.setChecked(True)
    dialog.satisfied.setChecked(True)
    dialog.evaluation.setPlainText("机器运行正常")
    with qtbot.waitSignal(dialog.call_saved):
        dialog.save_button.click()
    assert [item.title for item in page.items()] == ["今天客户: Repair callback", "以后客户: Repair callback"]


def test_enter_on_an_item_acts(qtbot: QtBot, board_db: peewee.SqliteDatabase) -> None:
    page = TodayPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    opened: list[Any] = []
    page.act = lambda card: opened.append(card.data(ITEM_ROLE))  # type: ignore[method-assign]
    from PySide6.QtCore import Qt

    today, upcoming = page.columns["today"].list, page.columns["upcoming"].list
    today.setFocus()
    qtbot.keyClick(today, Qt.Key.Key_Return)
    first_today, first_upcoming = page.columns["today"].items()[0], page.columns["upcoming"].items()[0]
    assert opened == [first_today]
    qtbot.keyClick(today, Qt.Key.Key_Right)  # the next column with cards
    assert page.current_list() is upcoming and upcoming.currentIndex().row() == 0
    qtbot.keyClick(upcoming, Qt.Key.Key_Enter)
    assert opened == [first_today, first_upcoming]
    qtbot.keyClick(upcoming, Qt.Key.Key_Left)
    assert page.current_list() is today


def test_dialog_refuses_an_empty_evaluation(qtbot: QtBot, board_db: peewee.SqliteDatabase) -> None:
    i18n.set_ui_language("en")
    row = get_callback(Callback.select(Callback.id).order_by(Callback.id).scalar(), now=NOW)
    dialog = CallbackDialog(row)
    qtbot.addWidget(dialog)
    dialog.save_button.click()
    assert dialog.error.text() == "Write down what the customer said."
    assert get_callback(row.id, now=NOW).status == "pending"


def test_no_answer_moves_the_call_and_counts_the_attempt(
    qtbot: QtBot, board_db: peewee.SqliteDatabase
) -> None:
    row = get_callback(Callback.select(Callback.id).order_by(Callback.id).scalar(), now=NOW)
    dialog = CallbackDialog(row)
    qtbot.addWidget(dialog)
    assert dialog.again_at.dateTime().toPython() == datetime(2026, 3, 16, 10, 0)
    with qtbot.waitSignal(dialog.call_saved):
        dialog.again_button.click()
    moved = get_callback(row.id, now=NOW)
    assert (moved.attempts, moved.scheduled_at, moved.status) == (1, datetime(2026, 3, 16, 10, 0), "pending")


def test_not_satisfied_opens_a_complaint_in_the_same_step(
    qtbot: QtBot, board_db: peewee.SqliteDatabase
) -> None:
    opened: list[str] = []
    callbacks.register_complaint_opener(lambda row, reason, *, by, now: opened.append(reason) or 5)
    try:
        row = get_callback(Callback.select(Callback.id).order_by(Callback.id).scalar(), now=NOW)
        dialog = CallbackDialog(row)
        qtbot.addWidget(dialog)
        assert not dialog.follow_up.isEnabled()
        dialog.dissatisfied.setChecked(True)
        assert dialog.follow_up.isEnabled()
        dialog.follow_up.setCurrentIndex(dialog.follow_up.findData(callbacks.COMPLAINT_OPENED))
        dialog.evaluation.setPlainText("师傅态度不好")
        with qtbot.waitSignal(dialog.call_saved):
            dialog.save_button.click()
    finally:
        callbacks.register_complaint_opener(None)
    done = get_callback(row.id, now=NOW)
    assert (done.status, done.follow_up, done.complaint_id) == (DONE, "complaint", 5)
    assert opened == ["师傅态度不好"]


def test_callback_book_lists_sorts_and_shows_the_rate(
    qtbot: QtBot, qtmodeltester: Any, board_db: peewee.SqliteDatabase
) -> None:
    i18n.set_ui_language("en")
    page = CallbacksPage()
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    assert [page.model.row_at(i).customer_name for i in range(page.model.rowCount())] == [
        "过期客户",
        "今天客户",
        "以后客户",
    ]
    assert page.rate_label.text().startswith("Callback rate this month: 0")
    page.sort_by(3)  # due again: descending
    assert page.model.row_at(0).customer_name == "以后客户"
    page.status_filter.setCurrentIndex(page.status_filter.findData("overdue"))
    assert page.model.rowCount() == 1
    page.search.setText("没有")
    assert page.model.rowCount() == 0


def test_tray_digest_fires_once_then_after_a_change_and_respects_snooze(
    qtbot: QtBot, board_db: peewee.SqliteDatabase, clock: FixedClock, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    store = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    tray = ReminderTray(window, store)
    assert tray.timer.isActive() and tray.timer.interval() == 5 * 60_000
    shown: list[tuple[str, str]] = []
    tray.notified.connect(lambda title, body: shown.append((title, body)))
    tray.timer.timeout.emit()
    assert len(shown) == 1
    assert "1 overdue, 1 due today" in shown[0][1]
    tray.timer.timeout.emit()
    assert len(shown) == 1  # nothing new: silent
    clock.set(datetime(2026, 3, 16, 17, 31))  # today's callback turns overdue
    tray.timer.timeout.emit()
    assert len(shown) == 2 and "2 overdue" in shown[1][1]
    until = tray.snooze(reminders.SNOOZE_15_MIN)
    assert store.value("reminders/snoozed_until") == until.isoformat()
    add(16, "新客户", hour=18)
    clock.advance(minutes=10)
    tray.timer.timeout.emit()
    assert len(shown) == 2
    clock.advance(minutes=5)
    tray.timer.timeout.emit()
    assert len(shown) == 3  # the snooze is over: one digest of everything still due
    assert ReminderTray(window, store).state.snoozed_until is None


def test_reminders_off_stop_the_timer(qtbot: QtBot, board_db: peewee.SqliteDatabase) -> None:
    from PySide6.QtWidgets import QWidget

    set_setting("reminders.enabled", "off", by=None, now=NOW)
    window = QWidget()
    qtbot.addWidget(window)
    tray = ReminderTray(window)
    assert not tray.timer.isActive() and not tray.hides_on_close()


def test_navigation_shows_due_counts(qtbot: QtBot, board_db: peewee.SqliteDatabase, main_window: Any) -> None:
    i18n.set_ui_language("en")
    main_window.pages["today"].refresh()
    texts = {key: item.text() for key, item in main_window._items.items()}
    assert texts["today"].endswith("(2)")
    assert texts["callbacks"].endswith("(2)")


def test_close_hides_to_the_tray_while_reminders_are_on(
    qtbot: QtBot, main_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window.tray, "hides_on_close", lambda: True)
    main_window.close()
    assert not main_window.isVisible()
    assert main_window.tray.timer.isActive()
    main_window.show_again()
    assert main_window.isVisible()
    main_window.quit()
    assert not main_window.isVisible()


def test_a_monday_call_about_a_friday_repair_says_the_date_and_the_engineer(
    qtbot: QtBot, office_db: peewee.SqliteDatabase, clock: FixedClock
) -> None:
    from desktop.services import office, sheets
    from tests.services.sheet_fixtures import sheet_values

    staff = {row.name: row.id for row in office.list_staff()}
    friday = datetime(2026, 3, 20, 15, 0)
    row = sheets.file_sheet(sheet_values(), by=staff["李四"], now=datetime(2026, 3, 20, 9, 0))
    sheets.hand_over(row.id, staff_id=staff["张三"], by=staff["李四"], now=datetime(2026, 3, 20, 9, 30))
    sheets.record_result(
        row.id, result="换了读卡器", by=staff["李四"], now=friday
    )  # typed by the receptionist
    callback_id = Callback.select(Callback.id).where(Callback.source_id == row.id).scalar()
    for lang, monday_words, friday_words in (
        ("en", "Yesterday", "On Friday 20 March"),
        ("zh_CN", "昨天", "3月20日"),
    ):
        i18n.set_ui_language(lang)
        clock.set(datetime(2026, 3, 23, 9, 30))  # Monday
        dialog = CallbackDialog(get_callback(callback_id, now=clock.now()))
        qtbot.addWidget(dialog)
        text = dialog.script.text()
        assert friday_words in text and monday_words not in text
        assert "张三" in text and "李四" not in text
        clock.set(datetime(2026, 3, 21, 10, 0))  # the day after: yesterday is true
        dialog = CallbackDialog(get_callback(callback_id, now=clock.now()))
        qtbot.addWidget(dialog)
        assert monday_words in dialog.script.text()
