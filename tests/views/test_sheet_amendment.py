"""A signed sheet's "Correct…" records an amendment (changed fields + reason); the detail lists the amendments."""

from __future__ import annotations

import peewee
import pytest
from pytestqt.qtbot import QtBot

from desktop.services import amendments, sheets
from desktop.services.clock import FixedClock
from desktop.services.sheet_frozen import SLUG
from desktop.views import ops
from desktop.views.amendment_dialog import AmendmentDialog
from desktop.views.sheet_detail import SheetDetail
from desktop.views.sheet_dialog import SheetDialog
from tests.views.conftest import ShownMessage
from tests.views.sheet_data import Desk, fill_desk


@pytest.fixture
def desk(office_db: peewee.SqliteDatabase, clock: FixedClock) -> Desk:
    made = fill_desk(clock.now())
    ops.set_staff_on_duty(made.staff["张三"])  # the administrator may amend (HEADS)
    return made


def open_detail(qtbot: QtBot, sheet: sheets.SheetRow) -> SheetDetail:
    detail = SheetDetail(sheets.get_sheet(sheet.id, now=ops.now()))
    qtbot.addWidget(detail)
    detail.open()
    return detail


def signed_detail(qtbot: QtBot, desk: Desk) -> SheetDetail:
    sheet = desk.sheets["王芳"]
    amendments.mark_signed_copy_received(SLUG, sheet.id, by=desk.staff["张三"], now=ops.now())
    return open_detail(qtbot, sheet)


def amendment_dialog(detail: SheetDetail) -> AmendmentDialog:
    dialog = detail.start_correction()
    assert isinstance(dialog, AmendmentDialog)
    return dialog


def test_an_unsigned_sheet_is_still_corrected_directly(qtbot: QtBot, desk: Desk) -> None:
    detail = open_detail(qtbot, desk.sheets["王芳"])
    assert isinstance(detail.start_correction(), SheetDialog)
    assert detail.amendments_box.isHidden()


def test_a_signed_sheet_is_amended_with_a_reason_and_the_detail_lists_it(qtbot: QtBot, desk: Desk) -> None:
    detail = signed_detail(qtbot, desk)
    dialog = amendment_dialog(detail)
    assert dialog.windowTitle() == "Amend signed sheet " + detail.sheet.number
    assert dialog.editor("mobile").value() == "13800138000"
    dialog.editor("mobile").set_value("13900139000")
    dialog.save()
    assert dialog.reason_error.text() == "Give the reason for the amendment."
    assert dialog.isVisible()
    dialog.reason.setText("客户来电更正号码")
    with qtbot.waitSignal(dialog.amended):
        dialog.save()
    rows = amendments.amendments(SLUG, detail.sheet.id)
    assert [(row.number, row.reason, row.changes) for row in rows] == [
        (1, "客户来电更正号码", {"mobile": ("13800138000", "13900139000")})
    ]
    assert sheets.get_sheet(detail.sheet.id, now=ops.now()).values["mobile"] == "13800138000"  # as signed
    assert not detail.amendments_box.isHidden()
    item = detail.amendments_tree.topLevelItem(0)
    assert [item.text(column) for column in range(4)] == ["1", item.text(1), "张三", "客户来电更正号码"]
    assert item.child(0).text(3) == "Phone (mobile): 13800138000 → 13900139000"
    titles = [
        detail.history_tree.topLevelItem(i).text(2) for i in range(detail.history_tree.topLevelItemCount())
    ]
    assert titles[-2:] == ["Signed copy received", "Amended"]
    # The next amendment starts from the amended value.
    assert amendment_dialog(detail).editor("mobile").value() == "13900139000"


def test_a_bad_value_is_refused_beside_its_field(qtbot: QtBot, desk: Desk) -> None:
    dialog = amendment_dialog(signed_detail(qtbot, desk))
    dialog.editor("mobile").set_value("abc")
    dialog.reason.setText("号码更正")
    dialog.save()
    assert dialog.errors() == {"mobile": "Phone (mobile): abc is not a valid phone number."}
    assert amendments.amendments(SLUG, dialog.sheet.id) == []


def test_nothing_changed_is_said_above_the_form(qtbot: QtBot, desk: Desk) -> None:
    dialog = amendment_dialog(signed_detail(qtbot, desk))
    dialog.reason.setText("无")
    dialog.save()
    assert dialog._general_error.text() == "Change at least one field to record an amendment."


def test_a_receptionist_gets_the_refusal(
    qtbot: QtBot, desk: Desk, shown_messages: list[ShownMessage]
) -> None:
    dialog = amendment_dialog(signed_detail(qtbot, desk))
    ops.set_staff_on_duty(desk.staff["李四"])
    dialog.editor("mobile").set_value("13900139000")
    dialog.reason.setText("更正")
    dialog.save()
    assert len(shown_messages) == 1 and "may not" in shown_messages[0].text
    assert amendments.amendments(SLUG, dialog.sheet.id) == []
