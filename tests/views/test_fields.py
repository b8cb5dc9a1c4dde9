"""Field editors: each type's widget reads and shows the types registry's values, and shows errors in red."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from desktop import paths
from desktop.formspec.model import FIELD_TYPES, FieldDef, Label, Option
from desktop.views.fields import EditorContext, FieldEditor, create_editor, editor_class, registered_types
from desktop.views.fields.choice import BoolEditor, CheckboxesEditor, ChoiceEditor
from desktop.views.fields.dates import DateEditor, DateTimeEditor, TimeEditor
from desktop.views.fields.numbers import NumberEditor, PercentageEditor
from desktop.views.fields.text import MultilineEditor, PersonEditor, PhoneEditor, TextEditor

ZH = "zh_CN"


@pytest.fixture(autouse=True)
def _bundled_font(qapp: object) -> None:
    QFontDatabase.addApplicationFont(str(paths.font_path()))


def make(
    qtbot: QtBot, type_: str, *, lang: str = "en", staff: list[str] | None = None, **kwargs: object
) -> FieldEditor:
    field = FieldDef(key="f", type=type_, label=Label(zh="字段", en="Field"), **kwargs)  # type: ignore[arg-type]
    context = EditorContext(lang=lang, staff_names=(lambda: staff) if staff is not None else None)
    editor = create_editor(field, context)
    qtbot.addWidget(editor)
    return editor


OPTIONS3 = (
    Option("technical", Label("技术质量", "Technical quality")),
    Option("service", Label("服务", "Service")),
    Option("sales", Label("销售", "Sales")),
)
OPTIONS6 = (
    *OPTIONS3,
    Option("other", Label("其它", "Other")),
    Option("billing", Label("收费", "Billing")),
    Option("parking", Label("停车", "Parking")),
)


def test_every_field_type_has_an_editor() -> None:
    assert set(FIELD_TYPES) <= set(registered_types())
    with pytest.raises(KeyError, match="no editor registered for field type 'colour'"):
        editor_class("colour")


def test_editor_object_name_carries_the_field_key(qtbot: QtBot) -> None:
    assert make(qtbot, "text").objectName() == "field_f"


def test_text_over_its_limit_is_kept_and_marked_not_cut(qtbot: QtBot) -> None:
    editor = make(qtbot, "text", max_length=5)
    assert isinstance(editor, TextEditor)
    assert editor.value() is None
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(editor.line_edit(), "  Wang Wu")
    assert editor.value() == "Wang Wu"  # all of it: nothing is cut
    assert editor.counter.isVisibleTo(editor) and editor.counter.text() == "9 / 5 characters"
    assert editor.error() == "4 characters too many: this box holds 5. Shorten the text; nothing was cut."
    editor.line_edit().setText("Wang")
    assert editor.error() is None and editor.counter.text() == "4 / 5 characters"
    editor.line_edit().setText("W")
    assert not editor.counter.isVisibleTo(editor)  # far from the limit: no counter


def test_editors_count_against_the_types_limit_and_cut_nothing(qtbot: QtBot) -> None:
    for field_type, limit in (("text", 500), ("phone", 40), ("person", 100)):
        editor = make(qtbot, field_type)
        assert isinstance(editor, TextEditor | PhoneEditor | PersonEditor)
        assert editor.limit == limit
        line = editor.combo().lineEdit() if isinstance(editor, PersonEditor) else editor.line_edit()
        assert line is not None and line.maxLength() == 32767  # QLineEdit's maxLength cuts a paste silently


def test_text_takes_chinese_through_set_value(qtbot: QtBot) -> None:
    editor = make(qtbot, "text")
    editor.set_value("李四")
    assert editor.value() == "李四"


def test_multiline_tab_moves_focus_instead_of_typing_a_tab(qtbot: QtBot) -> None:
    editor = make(qtbot, "multiline", max_length=10)
    assert isinstance(editor, MultilineEditor)
    assert editor.text_edit().tabChangesFocus()
    editor.set_value("第一行\n第二行")
    assert editor.value() == "第一行\n第二行"
    editor.text_edit().setPlainText("x" * 25)  # a paste longer than the box
    assert editor.value() == "x" * 25
    assert editor.error() == "15 characters too many: this box holds 10. Shorten the text; nothing was cut."
    editor.set_value("x" * 9)  # a stored record near the limit shows its count at once
    assert editor.error() is None and editor.counter.text() == "9 / 10 characters"


@pytest.mark.parametrize(
    ("typed", "expected", "shown"),
    [
        ("2026-03-05", date(2026, 3, 5), "2026-03-05"),
        ("2026/3/5", date(2026, 3, 5), "2026-03-05"),
        ("20260305", date(2026, 3, 5), "2026-03-05"),
        ("2026-02-30", "2026-02-30", "2026-02-30"),
        ("", None, ""),
    ],
)
def test_date_accepts_the_usual_spellings(qtbot: QtBot, typed: str, expected: object, shown: str) -> None:
    editor = make(qtbot, "date")
    assert isinstance(editor, DateEditor)
    qtbot.keyClicks(editor.line_edit(), typed)
    assert editor.value() == expected
    editor.line_edit().editingFinished.emit()
    assert editor.line_edit().text() == shown


def test_date_calendar_pick_sets_the_value(qtbot: QtBot) -> None:
    editor = make(qtbot, "date")
    assert isinstance(editor, DateEditor)
    editor.set_value("2026-03-16")
    editor.open_calendar()
    assert editor._popup is not None
    assert editor._popup.calendar.selectedDate() == QDate(2026, 3, 16)
    with qtbot.waitSignal(editor.changed):
        editor._popup.calendar.clicked.emit(QDate(2026, 4, 1))
    assert editor.value() == date(2026, 4, 1)
    assert not editor._popup.isVisible()


def test_datetime_keeps_the_time_when_a_day_is_picked(qtbot: QtBot) -> None:
    editor = make(qtbot, "datetime")
    assert isinstance(editor, DateTimeEditor)
    qtbot.keyClicks(editor.line_edit(), "2026-03-16 9:30")
    assert editor.value() == datetime(2026, 3, 16, 9, 30)
    editor.open_calendar()
    assert editor._popup is not None
    editor._popup.calendar.clicked.emit(QDate(2026, 3, 17))
    assert editor.value() == datetime(2026, 3, 17, 9, 30)
    assert editor.line_edit().text() == "2026-03-17 09:30"


@pytest.mark.parametrize(
    ("typed", "expected"), [("9:30", time(9, 30)), ("0930", time(9, 30)), ("25:00", "25:00")]
)
def test_time_is_typed_as_hours_and_minutes(qtbot: QtBot, typed: str, expected: object) -> None:
    editor = make(qtbot, "time")
    assert isinstance(editor, TimeEditor)
    qtbot.keyClicks(editor.line_edit(), typed)
    assert editor.value() == expected


def test_read_only_date_has_no_calendar(qtbot: QtBot) -> None:
    editor = make(qtbot, "date")
    assert isinstance(editor, DateEditor)
    editor.set_read_only(True)
    editor.open_calendar()
    assert editor._popup is None
    assert editor.line_edit().isReadOnly()


def test_few_choices_are_radio_buttons_keyed_by_option(qtbot: QtBot) -> None:
    editor = make(qtbot, "choice", lang=ZH, options=OPTIONS3)
    assert isinstance(editor, ChoiceEditor)
    radios = editor.findChildren(QRadioButton)
    assert [radio.text() for radio in radios] == ["技术质量", "服务", "销售"]
    assert editor.value() is None
    with qtbot.waitSignal(editor.changed):
        radios[1].click()
    assert editor.value() == "service"
    editor.set_value(None)
    assert editor.value() is None
    editor.set_value("sales")
    assert radios[2].isChecked()


def test_many_choices_are_a_list_with_an_empty_first_line(qtbot: QtBot) -> None:
    editor = make(qtbot, "choice", options=OPTIONS6)
    combo = editor.findChild(QComboBox)
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())][:3] == ["", "Technical quality", "Service"]
    combo.setCurrentIndex(5)
    assert editor.value() == "billing"
    editor.set_value("retired_key")  # an option removed from the definition: kept, not lost
    assert editor.value() == "retired_key"


def test_checkboxes_value_is_the_list_of_keys(qtbot: QtBot) -> None:
    editor = make(qtbot, "checkboxes", options=OPTIONS3)
    assert isinstance(editor, CheckboxesEditor)
    assert editor.value() == []
    editor.set_value("sales;technical")
    assert editor.value() == ["technical", "sales"]
    editor.focus_widgets()[1].click()
    assert editor.value() == ["technical", "service", "sales"]


def test_bool_is_a_check_box(qtbot: QtBot) -> None:
    editor = make(qtbot, "bool")
    assert isinstance(editor, BoolEditor)
    assert editor.value() is False
    editor.set_value("是")
    assert editor.value() is True


def test_person_offers_staff_and_accepts_a_name_not_on_the_list(qtbot: QtBot) -> None:
    editor = make(qtbot, "person", staff=["张三", "李四"])
    assert isinstance(editor, PersonEditor)
    combo = editor.combo()
    assert [combo.itemText(i) for i in range(combo.count())] == ["张三", "李四"]
    assert editor.value() is None
    combo.setCurrentIndex(1)
    assert editor.value() == "李四"
    combo.setEditText("王五")
    assert editor.value() == "王五"
    qtbot.keyClicks(combo.lineEdit(), " (temp)")
    assert editor.value() == "王五 (temp)"


def test_phone_refuses_letters_while_typing(qtbot: QtBot) -> None:
    editor = make(qtbot, "phone")
    assert isinstance(editor, PhoneEditor)
    qtbot.keyClicks(editor.line_edit(), "138abc0013 8000")
    assert editor.value() == "1380013 8000"


@pytest.mark.parametrize(("typed", "expected"), [("12", 12), ("1.5", Decimal("1.5")), ("", None), ("-", "-")])
def test_number_parses_like_the_types_registry(qtbot: QtBot, typed: str, expected: object) -> None:
    editor = make(qtbot, "number")
    assert isinstance(editor, NumberEditor)
    qtbot.keyClicks(editor.line_edit(), typed)
    assert editor.value() == expected


def test_percentage_is_shown_in_percent_and_valued_as_a_ratio(qtbot: QtBot) -> None:
    editor = make(qtbot, "percentage")
    assert isinstance(editor, PercentageEditor)
    assert editor.value() is None
    assert editor.spin_box().suffix() == " %"
    editor.spin_box().setValue(85)
    assert editor.value() == Decimal("0.85")
    editor.set_value(Decimal("0.925"))
    assert editor.spin_box().value() == pytest.approx(92.5)
    editor.set_value("50%")
    assert editor.value() == Decimal("0.5")
    editor.set_value(None)
    assert editor.value() is None


def test_signature_is_a_placeholder_with_no_value_and_no_focus(qtbot: QtBot) -> None:
    editor = make(qtbot, "signature")
    editor.set_value("anything")
    assert editor.value() is None
    assert editor.focus_widgets()[0].focusPolicy() == Qt.FocusPolicy.NoFocus


def test_set_error_shows_red_text_and_tells_screen_readers(qtbot: QtBot) -> None:
    editor = make(qtbot, "text")
    editor.show()
    editor.set_error("Field is required.")
    label = editor.findChild(QWidget, "error_f")
    assert label is not None and label.isVisible()
    assert label.text() == "Field is required."  # type: ignore[attr-defined]
    assert "#b00020" in label.styleSheet()
    assert editor.error() == "Field is required."
    assert editor.focus_widgets()[0].accessibleName() == "Field"
    assert editor.focus_widgets()[0].accessibleDescription() == "Field is required."
    editor.set_error(None)
    assert not label.isVisible()
    assert editor.error() is None
    assert editor.focus_widgets()[0].accessibleDescription() == ""


def test_multiline_editor_is_a_plain_text_box(qtbot: QtBot) -> None:
    editor = make(qtbot, "multiline")
    assert isinstance(editor.focus_widgets()[0], QPlainTextEdit)
