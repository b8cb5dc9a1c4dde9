"""The calendar tab of Settings: office hours, the office's own days, sheet deadlines, numbering, calculator."""

from __future__ import annotations

from datetime import datetime

import peewee
import pytest
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.services import settings
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.calendar_settings import DAYS, HOURS, CalendarSettings, format_intervals, parse_intervals


@pytest.fixture
def widget(qtbot: QtBot, office_db: peewee.SqliteDatabase) -> CalendarSettings:
    tab = CalendarSettings()
    qtbot.addWidget(tab)
    tab.load()
    return tab


def test_shows_the_saved_settings(widget: CalendarSettings) -> None:
    assert widget.hours_edits[0].text() == "08:30–12:00, 13:30–17:30"
    assert widget.hours_edits[6].text() == ""
    assert widget.handover_spin.value() == 2
    assert widget.result_spin.value() == 2
    assert widget.pattern_edit.text() == "{date:%Y%m%d}-{operator}-{serial:03d}"
    assert widget.pattern_preview.text() == "20260316-01-001"
    assert not widget.has_changes()


def test_calculator_friday_evening_plus_two_working_hours_is_monday(widget: CalendarSettings) -> None:
    widget.set_start(datetime(2026, 3, 20, 17, 29))  # a Friday
    widget.set_amount(2, HOURS)
    assert widget.calculate() == datetime(2026, 3, 23, 10, 29)
    assert widget.result_label.text() == "Monday, 23 Mar 2026, 10:29"
    i18n.set_ui_language("zh_CN")  # the answer is shown in the UI language, weekday included
    assert widget.calculate() == datetime(2026, 3, 23, 10, 29)
    assert widget.result_label.text() == "星期一,2026年3月23日 10:29"


def test_calculator_working_days(widget: CalendarSettings) -> None:
    widget.set_start(datetime(2026, 3, 20, 10, 0))
    widget.set_amount(2, DAYS)
    due = widget.calculate()
    assert due is not None and due.date() == datetime(2026, 3, 24).date()


def test_saving_changes_every_edited_setting(widget: CalendarSettings, qtbot: QtBot) -> None:
    widget.hours_edits[5].setText("09:00-12:00")
    widget.hours_edits[5].textEdited.emit("09:00-12:00")
    widget.closures.add_date(datetime(2026, 4, 30).date())
    widget.handover_spin.setValue(4)
    assert widget.has_changes()
    assert widget.calculator_note.isVisibleTo(widget)
    assert widget.save()
    assert settings.get_setting("calendar.office_hours")["5"] == [["09:00", "12:00"]]
    assert settings.get_setting("calendar.extra_closures") == ["2026-04-30"]
    assert settings.get_setting("deadline.handover_hours") == 4
    assert not widget.has_changes()


def test_bad_office_hours_are_shown_beside_them(widget: CalendarSettings) -> None:
    widget.hours_edits[0].setText("8 to 12")
    assert not widget.save()
    assert widget.hours_error.isVisibleTo(widget)
    assert "8 to 12" in widget.hours_error.text()


def test_a_day_both_closed_and_open_is_refused(widget: CalendarSettings) -> None:
    day = datetime(2026, 5, 9).date()
    widget.closures.add_date(day)
    widget.workdays.add_date(day)
    assert not widget.save()
    assert "2026-05-09" in widget.dates_error.text()


def test_pattern_preview_follows_typing_and_refuses_a_bad_pattern(
    widget: CalendarSettings, qtbot: QtBot
) -> None:
    widget.pattern_edit.clear()
    qtbot.keyClicks(widget.pattern_edit, "HL{serial:04d}")
    assert widget.pattern_preview.text() == "HL0001"
    widget.pattern_edit.setText("no serial")
    assert widget.pattern_preview.text() == "—"
    assert widget.pattern_error.isVisibleTo(widget)
    widget.pattern_edit.setText("HL{serial:04")
    assert not widget.save()
    assert widget.pattern_error.isVisibleTo(widget)
    assert settings.get_setting("numbering.problem_sheet") == "{date:%Y%m%d}-{operator}-{serial:03d}"


def test_warns_when_next_year_is_not_published(qtbot: QtBot, office_db: peewee.SqliteDatabase) -> None:
    ops.set_clock(FixedClock(datetime(2026, 12, 1, 9, 0)))
    tab = CalendarSettings()
    qtbot.addWidget(tab)
    tab.load()
    assert tab.year_warning.isVisibleTo(tab)
    assert "2027" in tab.year_warning.text()


def test_interval_text_round_trip() -> None:
    hours = [["08:30", "12:00"], ["13:30", "17:30"]]
    assert parse_intervals(format_intervals(hours)) == hours
    assert parse_intervals("08:30-12:00 13:30-17:30") == hours
    assert parse_intervals("") == []


def test_the_settings_dialog_has_the_tab_and_saves_it(qtbot: QtBot, office_db: peewee.SqliteDatabase) -> None:
    from desktop.views.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.tabs.indexOf(dialog.calendar) >= 0
    dialog.calendar.result_spin.setValue(3)
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert settings.get_setting("deadline.result_working_days") == 3
