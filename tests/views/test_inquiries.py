"""The inquiry tab: the next shift sees unfinished items first; one action turns an inquiry into a sheet."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services import inquiries, sheets
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.inquiry_dialog import InquiryDialog
from desktop.views.inquiry_panel import InquiryPanel
from desktop.views.pages.tickets import TicketsPage
from desktop.views.tablemodels.inquiries import COL_CUSTOMER, COL_STATE, InquiriesModel, state_text
from tests.views.sheet_data import Desk, fill_desk


@pytest.fixture
def desk(office_db: peewee.SqliteDatabase, clock: FixedClock) -> Desk:
    made = fill_desk(clock.now())
    by = made.staff["张三"]
    now = clock.now()
    ops.set_staff_on_duty(by)
    # Yesterday's shift: one solved, two left unfinished; today: one answered.
    inquiries.record_inquiry(
        {"customer_name": "孙丽", "request": "物业费怎么交", "answer": "可在前台或网上缴纳", "contacted_at": now - timedelta(days=1, hours=3)},
        by=by, now=now - timedelta(days=1),
    )  # fmt: skip
    inquiries.record_inquiry(
        {"customer_name": "周强", "contact": "13811112222", "request": "水管漏水", "unfinished": True, "category": "technical",
         "contacted_at": now - timedelta(days=1, hours=2)},
        by=by, now=now - timedelta(days=1),
    )  # fmt: skip
    inquiries.record_inquiry(
        {"customer_name": "吴敏", "request": "门禁卡补办", "unfinished": True, "contacted_at": now - timedelta(days=1, hours=1)},
        by=by, now=now - timedelta(days=1),
    )  # fmt: skip
    inquiries.record_inquiry({"customer_name": "郑华", "request": "停车位出租"}, by=by, now=now)
    return made


@pytest.fixture
def panel(qtbot: QtBot, desk: Desk) -> InquiryPanel:
    widget = InquiryPanel()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def names(model: InquiriesModel) -> list[str]:
    return [model.index(row, COL_CUSTOMER).data() for row in range(model.rowCount())]


def test_model_passes_the_qt_model_tester(qtmodeltester: Any, desk: Desk) -> None:
    model = InquiriesModel(page_size=2)
    model.reload()
    qtmodeltester.check(model)


def test_unfinished_items_come_first_oldest_first_then_the_rest_newest_first(panel: InquiryPanel) -> None:
    assert names(panel.model) == ["周强", "吴敏", "郑华", "孙丽"]
    assert panel.model.open_count() == 2
    first = panel.model.row_at(0)
    assert first is not None
    assert panel.model.index(0, COL_STATE).data() == state_text(first)
    assert panel.model.index(0, COL_STATE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert panel.model.index(2, COL_STATE).data(Qt.ItemDataRole.BackgroundRole) is None


def test_mark_done_moves_the_item_off_the_top(panel: InquiryPanel) -> None:
    panel.view.setCurrentIndex(panel.model.index(1, 0))  # 吴敏
    assert panel.done_action.isEnabled()
    panel.mark_done()
    assert names(panel.model)[:1] == ["周强"]
    assert panel.model.open_count() == 1


def test_turn_into_sheet_files_a_linked_sheet(qtbot: QtBot, panel: InquiryPanel) -> None:
    panel.view.setCurrentIndex(panel.model.index(0, 0))  # 周强, technical
    with qtbot.waitSignal(panel.sheet_filed) as blocker:
        panel.turn_into_sheet()
    sheet = blocker.args[0]
    assert sheet.customer_name == "周强" and sheet.mobile == "13811112222"
    assert sheet.values["description"].startswith("水管漏水")
    linked = [row for row in inquiries.list_inquiries(now=ops.now()) if row.sheet_id == sheet.id]
    assert len(linked) == 1 and linked[0].sheet_number == sheet.number
    assert panel.model.open_count() == 1  # it left the next-shift list
    row = panel.model.row_of(linked[0].id)
    assert sheet.number in panel.model.index(row, COL_STATE).data()


def test_an_inquiry_without_category_asks_for_it(qtbot: QtBot, panel: InquiryPanel) -> None:
    panel.view.setCurrentIndex(panel.model.index(1, 0))  # 吴敏, no category
    dialog = panel.turn_into_sheet()
    assert dialog is panel.category_dialog and dialog is not None
    dialog.combo.setCurrentIndex(dialog.combo.findData("service"))
    with qtbot.waitSignal(panel.sheet_filed):
        dialog._on_accepted()


def test_recording_an_inquiry_fast(qtbot: QtBot, panel: InquiryPanel) -> None:
    dialog = panel.new_inquiry()
    assert isinstance(dialog, InquiryDialog)
    qtbot.keyClicks(dialog.customer_edit, "Li Lei")
    qtbot.keyClicks(dialog.contact_edit, "13900139000")
    dialog.request_edit.setPlainText("Where to pick up the parcel?")
    dialog.unfinished_check.setChecked(True)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Li Lei" in names(panel.model)[:3]


def test_an_inquiry_needs_what_was_asked(qtbot: QtBot, panel: InquiryPanel, shown_messages: list) -> None:
    dialog = panel.new_inquiry()
    dialog.save()
    assert dialog.isVisible()
    assert "request" in dialog.errors()
    assert shown_messages == []


def test_the_inquiry_dialog_turns_the_call_into_a_sheet(qtbot: QtBot, panel: InquiryPanel) -> None:
    dialog = panel.new_inquiry()
    dialog.customer_edit.setText("冯刚")
    dialog.request_edit.setPlainText("电梯停在5楼不动")
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData("technical"))
    with qtbot.waitSignal(dialog.sheet_filed) as blocker:
        dialog.save_as_sheet()
    sheet = blocker.args[0]
    assert sheets.get_sheet(sheet.id, now=ops.now()).customer_name == "冯刚"


def test_the_page_shows_the_new_sheet_after_an_escalation(qtbot: QtBot, desk: Desk) -> None:
    page = TicketsPage()
    qtbot.addWidget(page)
    assert page.inquiries_panel is not None and page.intake_panel is not None
    panel = page.inquiries_panel
    assert isinstance(panel, InquiryPanel)
    page.tabs.setCurrentWidget(panel)
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    panel.turn_into_sheet()
    assert page.tabs.currentWidget() is page.sheets_panel
    selected = page.sheets_panel.selected_row()
    assert selected is not None and selected.customer_name == "周强"


def test_enter_on_an_inquiry_opens_it_to_complete_it(qtbot: QtBot, office_db: Any, clock: FixedClock) -> None:
    row = inquiries.record_inquiry(
        {"customer_name": "王芳", "request": "发票何时开", "unfinished": True}, by=None, now=clock.now()
    )
    panel = InquiryPanel()
    qtbot.addWidget(panel)
    panel.show()
    assert panel.select_inquiry(row.id)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    dialog = panel.inquiry_dialog
    assert isinstance(dialog, InquiryDialog) and dialog.isVisible()
    assert dialog.request_edit.toPlainText() == "发票何时开" and dialog.unfinished_check.isChecked()
    dialog.answer_edit.setPlainText("下周一开具")
    dialog.save()
    assert inquiries.get_inquiry(row.id, now=clock.now()).answer == "下周一开具"
