"""Filing a problem sheet from the keyboard: lookup of known customers, the duplicate-phone warning, save and new."""

from __future__ import annotations

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton
from pytestqt.qtbot import QtBot

from desktop.services import sheets
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.sheet_dialog import SheetDialog
from tests.views.sheet_data import Desk, fill_desk


@pytest.fixture
def desk(office_db: peewee.SqliteDatabase, clock: FixedClock) -> Desk:
    made = fill_desk(clock.now())
    ops.set_staff_on_duty(made.staff["张三"])
    return made


@pytest.fixture
def dialog(qtbot: QtBot, desk: Desk) -> SheetDialog:
    window = SheetDialog()
    qtbot.addWidget(window)
    window.open()
    qtbot.waitExposed(window)
    return window


def _focused() -> object:
    return QApplication.focusWidget()


def test_a_sheet_is_filed_with_the_keyboard_alone(qtbot: QtBot, dialog: SheetDialog) -> None:
    saved: list[sheets.SheetRow] = []
    dialog.sheet_saved.connect(saved.append)
    # Focus starts on the category (the number is FrontDesk's); Space picks "Technical quality".
    assert isinstance(_focused(), QRadioButton)
    qtbot.keyClick(_focused(), Qt.Key.Key_Space)
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "Han Meimei")  # customer name
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)  # contact person
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "13312345678")  # mobile
    for _step in range(4):  # office phone, site, address → description
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "Lift stuck on floor 3")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(_focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(saved) == 1
    row = saved[0]
    assert row.number.startswith("20260316-001-")
    assert row.values["customer_name"] == "Han Meimei"
    assert row.values["category"] == "technical"
    assert row.values["description"] == "Lift stuck on floor 3"
    assert row.values["intake_by"] == "张三"


def test_chinese_values_and_save_and_new(qtbot: QtBot, dialog: SheetDialog) -> None:
    dialog.editor("category").set_value("service")
    dialog.editor("customer_name").set_value("韩梅梅")
    dialog.editor("description").set_value("门禁卡失灵")
    qtbot.keyClick(
        dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert dialog.isVisible()
    assert "20260316-001-003" in dialog.saved_label.text()
    assert dialog.editor("customer_name").value() is None
    assert dialog.editor("category").value() is None
    assert not dialog.has_changes()
    found = sheets.get_sheet_by_number("20260316-001-003", now=ops.now())
    assert found is not None and found.customer_name == "韩梅梅"


def test_required_fields_are_named_beside_them(qtbot: QtBot, dialog: SheetDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    errors = dialog.errors()
    assert set(errors) >= {"category", "customer_name", "description"}
    assert dialog.isVisible()


def test_typing_a_name_offers_known_customers_and_picking_fills_the_caller(
    qtbot: QtBot, dialog: SheetDialog
) -> None:
    name_edit = dialog.editor("customer_name").line_edit()
    name_edit.setFocus()
    name_edit.setText("王芳")
    name_edit.textEdited.emit("王芳")
    found = dialog.look_up_customers()
    assert [row.name for row in found] == ["王芳", "王芳菲"]
    popup = dialog._completers["customer_name"].popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().rowCount() == 2
    # Down selects the first match, Enter picks it.
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.editor("mobile").value() == "13800138000")
    assert dialog.editor("customer_name").value() == "王芳"
    assert dialog.editor("site").value() == "绿园3栋"
    assert dialog.editor("address").value() == "绿园路3号"
    assert dialog.customer_id is not None


def test_typing_a_phone_number_offers_the_customer(qtbot: QtBot, dialog: SheetDialog) -> None:
    mobile = dialog.editor("mobile").line_edit()
    mobile.setFocus()
    qtbot.keyClicks(mobile, "139001")
    qtbot.waitUntil(lambda: dialog._completer_model.rowCount() == 1)
    assert "Li Lei" in dialog._completer_model.item(0).text()


def test_a_phone_with_an_open_sheet_is_warned_about_without_blocking(
    qtbot: QtBot, dialog: SheetDialog, desk: Desk
) -> None:
    mobile = dialog.editor("mobile").line_edit()
    mobile.setFocus()
    qtbot.keyClicks(mobile, "13800138000")
    warning = dialog.phone_warnings["mobile"]
    qtbot.waitUntil(warning.isVisible)
    assert desk.sheets["王芳"].number in warning.text()
    # A closed-or-resolved-only phone would not warn; another number clears it.
    mobile.clear()
    qtbot.keyClicks(mobile, "13312345678")
    qtbot.waitUntil(lambda: not warning.isVisible())
    # The warning does not stop the save.
    dialog.editor("category").set_value("other")
    dialog.editor("customer_name").set_value("王芳")
    dialog.editor("description").set_value("又一个问题")
    mobile.setText("13800138000")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()


def test_correcting_a_sheet_keeps_its_number(qtbot: QtBot, desk: Desk) -> None:
    sheet = desk.sheets["陈明"]
    window = SheetDialog(sheet)
    qtbot.addWidget(window)
    window.open()
    assert window.editor("number").value() == sheet.number
    window.editor("description").set_value("报价高于广告价 200 元")
    with qtbot.waitSignal(window.accepted):
        window.save()
    assert sheets.get_sheet(sheet.id, now=ops.now()).values["description"] == "报价高于广告价 200 元"
