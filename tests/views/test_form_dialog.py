"""The entry dialog generated from a definition: layout, tab order, validation messages, save and cancel."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QFormLayout, QGridLayout, QLabel
from pytestqt.qtbot import QtBot

from desktop import i18n, paths
from desktop.errors import UserError, ValidationError
from desktop.formspec.loader import load_all
from desktop.formspec.model import REGISTER, SHEET, Cell, Column, FieldDef, FormDef, Label, Option, Row
from desktop.views import messages
from desktop.views.fields.dates import DateEditor
from desktop.views.fields.text import MultilineEditor, TextEditor
from desktop.views.form_dialog import FormDialog

NOW = datetime(2026, 3, 16, 9, 0)


@pytest.fixture(autouse=True)
def _bundled_font(qapp: QApplication) -> None:
    QFontDatabase.addApplicationFont(str(paths.font_path()))


def sheet_form(*extra: FieldDef) -> FormDef:
    """A small sheet in the manner of F01: header boxes, a section with its signature line."""
    fields = (
        FieldDef("number", "text", Label("表单号", "Form No."), readonly=True),
        FieldDef(
            "category",
            "choice",
            Label("用户问题类别", "Problem category"),
            required=True,
            options=(
                Option("technical", Label("技术质量", "Technical")),
                Option("service", Label("服务", "Service")),
            ),
        ),
        FieldDef("customer_name", "text", Label("客户姓名", "Customer name"), required=True, max_length=100),
        FieldDef("mobile", "phone", Label("联系电话", "Phone")),
        FieldDef("description", "multiline", Label("用户事件描述", "Description"), required=True),
        FieldDef("intake_by", "person", Label("受理人", "Taken by")),
        FieldDef("intake_date", "date", Label("日期", "Date"), default="today"),
        *extra,
    )
    rows = (
        Row((Cell("number", span=2), Cell("category", span=2))),
        Row((Cell("customer_name", span=2), Cell("mobile", span=2))),
        Row((Cell(text=Label("受理记录", "Intake record"), span=4),)),
        Row((Cell("description", span=4, label="side", sign=("intake_by", "intake_date")),)),
    )
    return FormDef("demo_sheet", "F99", "000:1", SHEET, Label("演示表", "Demo sheet"), fields, rows=rows)


def register_form() -> FormDef:
    fields = (
        FieldDef("visit_date", "date", Label("来访日期", "Date"), required=True),
        FieldDef("name", "text", Label("姓名", "Name"), required=True),
        FieldDef("phone", "phone", Label("联系电话", "Phone")),
        FieldDef("appointment", "bool", Label("是否预约", "Appointment")),
    )
    columns = tuple(Column(f.key) for f in fields)
    return FormDef(
        "demo_register", "P99", "001:1", REGISTER, Label("登记簿", "Register"), fields, columns=columns
    )


@pytest.fixture
def open_dialog(qtbot: QtBot) -> Callable[..., FormDialog]:
    def opener(
        form: FormDef | None = None, values: dict[str, Any] | None = None, **kwargs: Any
    ) -> FormDialog:
        kwargs.setdefault("lang", "en")
        kwargs.setdefault("now", NOW)
        i18n.set_ui_language(kwargs["lang"])  # the types registry words its messages in the UI language
        dialog = FormDialog(form or sheet_form(), values, **kwargs)
        qtbot.addWidget(dialog)
        dialog.open()
        return dialog

    return opener


def fill_valid(dialog: FormDialog) -> None:
    dialog.editor("category").focus_widgets()[1].click()
    qtbot_free_text(dialog, "customer_name", "ACME Bank")
    dialog.editor("description").set_value("打印机卡纸")


def qtbot_free_text(dialog: FormDialog, key: str, text: str) -> None:
    editor = dialog.editor(key)
    assert isinstance(editor, TextEditor)
    editor.line_edit().setText(text)


def test_sheet_follows_the_paper_rows_and_spans(open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog()
    grid = dialog.findChild(QGridLayout)
    assert grid is not None
    label_number = dialog.label_widget("number")
    label_category = dialog.label_widget("category")
    assert label_number is not None and label_category is not None
    assert grid.getItemPosition(grid.indexOf(label_number)) == (0, 0, 1, 1)
    assert grid.getItemPosition(grid.indexOf(label_category)) == (0, 4, 1, 1)
    # The heading cell spans the whole row; the section's signature fields sit under its text box.
    headings = [w for w in dialog.findChildren(QLabel) if w.text() == "Intake record"]
    assert len(headings) == 1
    assert grid.getItemPosition(grid.indexOf(headings[0])) == (2, 0, 1, 8)
    description_box = dialog.editor("description").parentWidget()
    assert description_box is dialog.editor("intake_by").parentWidget()
    assert dialog.windowTitle() == "F99 Demo sheet"


def test_required_fields_are_marked(open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog()
    name_label = dialog.label_widget("customer_name")
    phone_label = dialog.label_widget("mobile")
    assert name_label is not None and phone_label is not None
    assert name_label.text().startswith("Customer name") and "*" in name_label.text()
    assert "*" not in phone_label.text()


def test_labels_follow_the_language(open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog(lang="zh_CN")
    label = dialog.label_widget("customer_name")
    assert label is not None and label.text().startswith("客户姓名")
    assert dialog.windowTitle() == "F99 演示表"


def test_new_record_starts_from_defaults(open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog()
    assert dialog.editor("intake_date").value() == date(2026, 3, 16)


def test_existing_values_are_shown(open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog(
        values={"number": "20260316-07-001", "customer_name": "李四", "intake_date": "2026-03-01"}
    )
    assert dialog.editor("number").value() == "20260316-07-001"
    assert dialog.editor("customer_name").value() == "李四"
    assert dialog.editor("intake_date").value() == date(2026, 3, 1)


def test_save_with_missing_and_bad_values_shows_every_message_and_emits_nothing(
    qtbot: QtBot, open_dialog: Callable[..., FormDialog]
) -> None:
    dialog = open_dialog()
    date_editor = dialog.editor("intake_date")
    assert isinstance(date_editor, DateEditor)
    date_editor.line_edit().setText("2026-13-01")
    qtbot.keyClicks(dialog.editor("mobile").focus_widgets()[0], "12")
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog._save_button.click()
    assert dialog.errors() == {
        "category": "Problem category is required.",
        "customer_name": "Customer name is required.",
        "mobile": "Phone: 12 is not a valid phone number.",
        "description": "Description is required.",
        "intake_date": "Date: 2026-13-01 is not a valid date (use YYYY-MM-DD).",
    }
    assert dialog.isVisible()
    # The focus goes to the first field in error, in entry order.
    assert dialog.focusWidget() is dialog.editor("category").focus_widgets()[0]


def test_save_messages_follow_the_ui_language(qtbot: QtBot, open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog(lang="zh_CN")
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog.save()
    assert dialog.errors()["customer_name"].startswith("客户姓名")


def test_valid_save_emits_the_parsed_values_of_editable_fields(
    qtbot: QtBot, open_dialog: Callable[..., FormDialog]
) -> None:
    dialog = open_dialog(staff_names=lambda: ["张三"])
    fill_valid(dialog)
    qtbot.keyClicks(dialog.editor("mobile").focus_widgets()[0], "138 0013 8000")
    dialog.editor("intake_by").set_value("张三")
    with qtbot.waitSignal(dialog.submitted) as blocker:
        dialog._save_button.click()
    assert blocker.args == [
        {
            "category": "service",
            "customer_name": "ACME Bank",
            "mobile": "138 0013 8000",
            "description": "打印机卡纸",
            "intake_by": "张三",
            "intake_date": date(2026, 3, 16),
        }
    ]
    assert dialog.errors() == {}
    assert dialog.isVisible()  # the receiver saves, then accepts


def test_errors_are_cleared_once_fixed(qtbot: QtBot, open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog()
    dialog.save()
    assert dialog.errors()
    fill_valid(dialog)
    with qtbot.waitSignal(dialog.submitted):
        dialog.save()
    assert dialog.errors() == {}


@pytest.mark.parametrize("keys", ["Ctrl+S", "Ctrl+Return"])
def test_keyboard_saves_from_inside_a_text_box(
    qtbot: QtBot, open_dialog: Callable[..., FormDialog], keys: str
) -> None:
    dialog = open_dialog()
    fill_valid(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts reach the active window only
    text_box = dialog.editor("description").focus_widgets()[0]
    text_box.setFocus()
    key = Qt.Key.Key_S if keys == "Ctrl+S" else Qt.Key.Key_Return
    with qtbot.waitSignal(dialog.submitted):
        qtbot.keyClick(text_box, key, Qt.KeyboardModifier.ControlModifier)
    editor = dialog.editor("description")
    assert isinstance(editor, MultilineEditor)
    assert editor.value() == "打印机卡纸"  # no line break was typed


def test_tab_order_is_field_order(qtbot: QtBot, open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog()
    expected = [w for key in dialog.form.keys for w in dialog.editor(key).focus_widgets()]
    chain = [expected[0]]
    for _ in expected[1:]:
        chain.append(chain[-1].nextInFocusChain())
        while chain[-1].focusPolicy() == Qt.FocusPolicy.NoFocus or chain[-1] not in expected:
            chain[-1] = chain[-1].nextInFocusChain()
    assert chain == expected


def test_a_field_added_to_the_definition_appears_with_no_code_change(
    open_dialog: Callable[..., FormDialog],
) -> None:
    base = sheet_form()
    grown = sheet_form(
        FieldDef("site", "text", Label("客户所在网点", "Customer's site"), required=True),
        FieldDef("visits", "number", Label("来访次数", "Visits"), minimum=0),
    )
    assert not base.has_field("site")
    dialog = open_dialog(grown)
    site_label = dialog.label_widget("site")
    assert site_label is not None and site_label.isVisible()
    assert dialog.editor("site").isVisible()
    dialog.save()
    assert dialog.errors()["site"] == "Customer's site is required."
    dialog.editor("visits").set_value("-1")
    dialog.save()
    assert dialog.errors()["visits"] == "Visits must be at least 0."


def test_a_field_added_to_a_layout_row_is_placed_there(open_dialog: Callable[..., FormDialog]) -> None:
    form = sheet_form(FieldDef("office_phone", "phone", Label("办公电话", "Office phone")))
    rows = (*form.rows, Row((Cell("office_phone", span=2), Cell(text=Label("", ""), span=2))))
    dialog = open_dialog(dataclasses.replace(form, rows=rows, _by_key={}))
    grid = dialog.findChild(QGridLayout)
    label = dialog.label_widget("office_phone")
    assert grid is not None and label is not None
    assert grid.getItemPosition(grid.indexOf(label))[:2] == (4, 0)


def test_read_only_fields_are_shown_but_not_submitted(
    qtbot: QtBot, open_dialog: Callable[..., FormDialog]
) -> None:
    dialog = open_dialog(values={"number": "N-1", "customer_name": "Old"}, readonly_keys=("customer_name",))
    number = dialog.editor("number")
    assert isinstance(number, TextEditor) and number.line_edit().isReadOnly()
    assert dialog.editor("customer_name").is_read_only()
    dialog.editor("category").set_value("service")
    dialog.editor("description").set_value("x")
    with qtbot.waitSignal(dialog.submitted) as blocker:
        dialog.save()
    assert "number" not in blocker.args[0] and "customer_name" not in blocker.args[0]


def test_service_errors_are_shown_beside_their_fields(open_dialog: Callable[..., FormDialog]) -> None:
    dialog = open_dialog()
    dialog.show_user_error(
        ValidationError({"mobile": "This number is on the blocked list.", "": "Record locked."})
    )
    assert dialog.errors() == {"mobile": "This number is on the blocked list."}
    general = dialog.findChild(QLabel, "general_error")
    assert general is not None and general.isVisible() and general.text() == "Record locked."
    dialog.show_user_error(UserError("A customer with this name exists.", field="customer_name"))
    assert dialog.errors() == {"customer_name": "A customer with this name exists."}
    assert not general.isVisible()
    dialog.show_user_error(UserError("Someone else changed this record."))
    assert dialog.errors() == {}
    assert general.text() == "Someone else changed this record."


def test_escape_closes_an_untouched_dialog_at_once(
    qtbot: QtBot, open_dialog: Callable[..., FormDialog]
) -> None:
    dialog = open_dialog()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_asks_before_discarding_what_was_typed(
    qtbot: QtBot, open_dialog: Callable[..., FormDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, Callable[[], None] | None]] = []

    def fake_show(parent: object, text: str, **kwargs: Any) -> None:
        asked.append((text, kwargs.get("on_yes")))

    monkeypatch.setattr(messages, "show", fake_show)
    dialog = open_dialog()
    qtbot.keyClicks(dialog.editor("customer_name").focus_widgets()[0], "ACME")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert [text for text, _ in asked] == ["Discard what you typed in this form?"]
    on_yes = asked[0][1]
    assert on_yes is not None
    with qtbot.waitSignal(dialog.rejected):
        on_yes()
    assert not dialog.isVisible()


def test_register_dialog_is_a_form_of_its_fields(
    qtbot: QtBot, open_dialog: Callable[..., FormDialog]
) -> None:
    dialog = open_dialog(register_form(), lang="zh_CN")
    layout = dialog.findChild(QFormLayout)
    assert layout is not None and layout.rowCount() == 4
    dialog.editor("name").set_value("王五")
    dialog.editor("visit_date").set_value("2026-03-16")
    with qtbot.waitSignal(dialog.submitted) as blocker:
        dialog.save()
    assert blocker.args[0] == {
        "visit_date": date(2026, 3, 16),
        "name": "王五",
        "phone": None,
        "appointment": False,
    }


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("slug", sorted(load_all()))
def test_every_form_builds_a_dialog(qtbot: QtBot, slug: str, lang: str) -> None:
    form = load_all()[slug]
    dialog = FormDialog(form, lang=lang, now=NOW)
    qtbot.addWidget(dialog)
    dialog.open()
    for field in form.fields:
        assert dialog.editor(field.key).isVisible(), field.key
        label = dialog.label_widget(field.key)
        assert label is not None and label.text().startswith(field.label.get(lang).replace("&", "&amp;")[:1])
    assert dialog.width() <= 1240 and dialog.height() <= 740
