"""The detail of one problem sheet: read-only values, status and deadlines, the steps allowed, history, print."""

from __future__ import annotations

from datetime import datetime

import peewee
import pytest
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.i18n import _
from desktop.rules import sheet_workflow as wf
from desktop.services import sheets
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.preview import PreviewWindow
from desktop.views.sheet_detail import SheetDetail
from desktop.views.tablemodels.sheets import status_label
from tests.views.sheet_data import Desk, fill_desk


@pytest.fixture
def desk(office_db: peewee.SqliteDatabase, clock: FixedClock) -> Desk:
    made = fill_desk(clock.now())
    ops.set_staff_on_duty(made.staff["张三"])
    return made


def open_detail(qtbot: QtBot, sheet: sheets.SheetRow) -> SheetDetail:
    detail = SheetDetail(sheets.get_sheet(sheet.id, now=ops.now()))
    qtbot.addWidget(detail)
    detail.open()
    qtbot.waitExposed(detail)
    return detail


def event_text(item: QTreeWidgetItem) -> str:
    """A history entry's title and its change lines."""
    return "\n".join([item.text(2), *(item.child(i).text(2) for i in range(item.childCount()))])


def visible_actions(detail: SheetDetail) -> set[str]:
    return {action for action, button in detail.action_buttons.items() if button.isVisibleTo(detail)}


def test_values_are_shown_read_only_with_status_and_overdue_deadline(qtbot: QtBot, desk: Desk) -> None:
    detail = open_detail(qtbot, desk.sheets["王芳"])
    assert detail.editor("customer_name").value() == "王芳"
    assert detail.editor("description").value() == "电梯异响"
    assert all(detail.editor(key).is_read_only() for key in detail.form.keys)
    assert detail.status_label.text() == status_label(wf.RECEIVED)
    due = desk.sheets["王芳"].handover_due
    assert detail.handover_label.text() == _("{moment} (overdue)").format(moment=i18n.format_datetime(due))
    assert detail.result_label.text() == "—"


@pytest.mark.parametrize(
    ("customer", "expected"),
    [
        ("王芳", {wf.HAND_OVER, wf.SOLVE_ON_PHONE}),
        ("Li Lei", {wf.HAND_OVER, wf.RECORD_PLAN, wf.RECORD_RESULT}),
        # Result back: it closes only once reviewed and called back; 张三 (administrator) may not review.
        ("王芳菲", {wf.REOPEN}),
    ],
)
def test_workflow_buttons_follow_the_status(
    qtbot: QtBot, desk: Desk, customer: str, expected: set[str]
) -> None:
    detail = open_detail(qtbot, desk.sheets[customer])
    assert visible_actions(detail) == expected


def test_a_result_is_offered_for_review_not_for_closing_to_the_roles_that_review(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    from desktop.services.settings import set_setting

    set_setting("review.roles", ["administrator"], by=None, now=clock.now())
    detail = open_detail(qtbot, desk.sheets["王芳菲"])
    assert visible_actions(detail) == {wf.REVIEW, wf.REOPEN}


def test_hand_over_defaults_to_the_suggested_route_and_updates_the_detail(qtbot: QtBot, desk: Desk) -> None:
    detail = open_detail(qtbot, desk.sheets["Li Lei"])
    dialog = detail.start_action(wf.HAND_OVER)
    assert dialog.staff_combo is not None and dialog.staff_combo.currentData() == desk.staff["李四"]
    dialog.staff_combo.setCurrentIndex(dialog.staff_combo.findData(desk.staff["张三"]))
    with qtbot.waitSignal(detail.sheet_changed):
        dialog.submit()
    assert "张三" in detail.handler_label.text()
    assert detail.history_tree.topLevelItemCount() == 3


def test_reopen_without_a_reason_shows_the_message_beside_the_field(
    qtbot: QtBot, desk: Desk, shown_messages: list
) -> None:
    detail = open_detail(qtbot, desk.sheets["王芳菲"])
    dialog = detail.start_action(wf.REOPEN)
    dialog.submit()
    assert dialog.isVisible()
    assert dialog.errors() == {"text": _("Give the reason for reopening the sheet.")}
    assert shown_messages == []
    dialog.set_text("回访时客户说空调仍不制冷")
    with qtbot.waitSignal(detail.sheet_changed):
        dialog.submit()
    assert detail.status_label.text() == status_label(wf.RECEIVED)
    assert visible_actions(detail) == {wf.HAND_OVER, wf.SOLVE_ON_PHONE}
    last = detail.history_tree.topLevelItem(detail.history_tree.topLevelItemCount() - 1)
    assert "回访时客户说空调仍不制冷" in event_text(last)


def test_history_lists_who_did_what_and_when(qtbot: QtBot, desk: Desk) -> None:
    detail = open_detail(qtbot, desk.sheets["王芳菲"])
    tree = detail.history_tree
    assert tree.topLevelItemCount() == 3
    titles = [tree.topLevelItem(i).text(2) for i in range(3)]
    assert titles == [_("Filed"), _(wf.ACTION_LABELS[wf.HAND_OVER]), _(wf.ACTION_LABELS[wf.RECORD_RESULT])]
    assert tree.topLevelItem(0).text(1) == "张三"
    assert "已更换滤网" in event_text(tree.topLevelItem(2))
    handed = event_text(tree.topLevelItem(1))
    assert (
        i18n.format_datetime(datetime(2026, 3, 16, 9, 0), length="short") in handed
    )  # ISO text made readable


def test_solve_on_phone_closes_the_sheet(qtbot: QtBot, desk: Desk) -> None:
    detail = open_detail(qtbot, desk.sheets["赵强"])
    dialog = detail.start_action(wf.SOLVE_ON_PHONE)
    dialog.set_text("指导客户重新激活停车卡")
    with qtbot.waitSignal(detail.sheet_changed):
        dialog.submit()
    assert detail.sheet.status == wf.CLOSED
    assert visible_actions(detail) == {wf.REOPEN}
    assert detail.editor("result").value() == "指导客户重新激活停车卡"


def test_print_opens_the_preview_in_both_languages(qtbot: QtBot, desk: Desk) -> None:
    detail = open_detail(qtbot, desk.sheets["王芳"])
    window = detail.print_sheet("zh_CN")
    assert isinstance(window, PreviewWindow)
    qtbot.addWidget(window)
    assert window.page_count() >= 1
    other = detail.print_sheet("en")
    assert isinstance(other, PreviewWindow) and other.lang == "en"
    qtbot.addWidget(other)


def test_a_correction_shows_at_once(qtbot: QtBot, desk: Desk, clock: FixedClock) -> None:
    detail = open_detail(qtbot, desk.sheets["陈明"])
    editor = detail.start_correction()
    editor.editor("site").set_value("绿园5栋")
    with qtbot.waitSignal(detail.sheet_changed):
        editor.save()
    assert detail.editor("site").value() == "绿园5栋"


def reviewed_sheet(desk: Desk, clock: FixedClock) -> sheets.SheetRow:
    """王芳菲's sheet with its result reviewed (by the administrator, whom the office lets review)."""
    from desktop.services.settings import set_setting

    set_setting("review.roles", ["administrator"], by=None, now=clock.now())
    return sheets.review(desk.sheets["王芳菲"].id, comment="同意", by=desk.staff["张三"], now=clock.now())


def test_a_reviewed_sheet_waits_for_its_callback_then_closes(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    """seed 000 ch.3: closing needs the review and the callback, not one click after the result."""
    from desktop.models.callback import Callback
    from desktop.services import callbacks

    detail = open_detail(qtbot, reviewed_sheet(desk, clock))
    assert visible_actions(detail) == {wf.CLOSE_WITHOUT_CALLBACK, wf.REOPEN}
    assert detail.closing_hint.isVisibleTo(detail)
    assert "not been called back" in detail.closing_hint.text()
    callback = Callback.get(Callback.source_id == detail.sheet.id)
    assert detail.callback_label.text().startswith(f"{callback.number}, due ")
    callbacks.record_callback(
        callback.id, {"evaluation": "空调制冷正常了"}, by=desk.staff["李四"], now=clock.now()
    )
    detail.show_sheet(sheets.get_sheet(detail.sheet.id, now=clock.now()))
    assert visible_actions(detail) == {wf.CLOSE, wf.REOPEN}
    assert not detail.closing_hint.isVisibleTo(detail)
    assert detail.status_label.text() == _("{status}, called back").format(status=status_label(wf.REVIEWED))
    assert detail.callback_label.text().startswith(f"{callback.number}, done ")
    dialog = detail.start_action(wf.CLOSE)
    with qtbot.waitSignal(detail.sheet_changed):
        dialog.submit()
    assert detail.status_label.text() == status_label(wf.CLOSED)
    assert visible_actions(detail) == {wf.REOPEN}


def test_a_receptionist_is_not_offered_to_waive_the_callback(
    qtbot: QtBot, desk: Desk, clock: FixedClock
) -> None:
    sheet = reviewed_sheet(desk, clock)
    ops.set_staff_on_duty(desk.staff["李四"])
    detail = open_detail(qtbot, sheet)
    assert visible_actions(detail) == {wf.REOPEN}
    assert detail.closing_hint.isVisibleTo(detail)
    assert detail.closing_hint.text() == (
        "The customer has not been called back about the result yet: make the callback first. Closing without "
        "a callback is for: Department head, Manager, Administrator."
    )


def test_closing_without_callback_asks_for_the_reason_and_cancels_the_callback(
    qtbot: QtBot, desk: Desk, clock: FixedClock, shown_messages: list
) -> None:
    from desktop.models.callback import Callback

    detail = open_detail(qtbot, reviewed_sheet(desk, clock))
    dialog = detail.start_action(wf.CLOSE_WITHOUT_CALLBACK)
    dialog.submit()
    assert dialog.errors() == {"text": _("Give the reason why the customer is not called back.")}
    dialog.set_text("客户已搬离,电话停机")
    with qtbot.waitSignal(detail.sheet_changed):
        dialog.submit()
    assert detail.status_label.text() == status_label(wf.CLOSED)
    callback = Callback.get(Callback.source_id == detail.sheet.id)
    assert (callback.status, callback.remarks) == ("cancelled", "客户已搬离,电话停机")
    assert detail.callback_label.text() == _("{number}, cancelled").format(number=callback.number)
    assert shown_messages == []
