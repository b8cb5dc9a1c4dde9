"""Entering the engineer's intake register (F02): from the sheet detail and from the intake tab, completing, print."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.services import intake, sheets
from desktop.services.clock import FixedClock
from desktop.services.intake import IntakeRow
from desktop.views import ops
from desktop.views.form_dialog import FormDialog
from desktop.views.intake_dialog import CompleteIntakeDialog, IntakeDialog, SheetPicker
from desktop.views.intake_panel import IntakePanel
from desktop.views.preview import PreviewWindow
from desktop.views.sheet_detail import SheetDetail
from tests.views.conftest import ShownMessage
from tests.views.sheet_data import Desk, fill_desk


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield


@pytest.fixture
def desk(office_db: peewee.SqliteDatabase, clock: FixedClock) -> Desk:
    made = fill_desk(clock.now())
    ops.set_staff_on_duty(made.staff["张三"])
    return made


def label(key: str) -> str:
    return load_form("intake_register").field(key).label.get("en")


def save_with_keyboard(qtbot: QtBot, dialog: FormDialog) -> None:
    """Ctrl+S in the first editable field, as the desk saves (the dialog is the active window, as when opened)."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # shortcuts reach the active window only
    first = dialog.editor(dialog.editable_keys()[0]).focus_widgets()[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def type_into(qtbot: QtBot, dialog: FormDialog, key: str, text: str) -> None:
    widget = dialog.editor(key).focus_widgets()[0]
    widget.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def open_detail(qtbot: QtBot, sheet: sheets.SheetRow) -> SheetDetail:
    detail = SheetDetail(sheets.get_sheet(sheet.id, now=ops.now()))
    qtbot.addWidget(detail)
    detail.open()
    qtbot.waitExposed(detail)
    return detail


def make_panel(qtbot: QtBot) -> IntakePanel:
    panel = IntakePanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 500)
    panel.show()
    return panel


def record(desk: Desk, customer: str = "Li Lei", **values: object) -> IntakeRow:
    return intake.record_intake(
        desk.sheets[customer].id,
        {"engineer_id": desk.staff["李四"], **values},
        by=desk.staff["张三"],
        now=ops.now(),
    )


def test_record_intake_from_the_sheet_detail_with_ctrl_s(qtbot: QtBot, desk: Desk) -> None:
    sheet = desk.sheets["Li Lei"]
    detail = open_detail(qtbot, sheet)
    assert detail.intake_button.isVisibleTo(detail)
    assert not detail.complete_intake_button.isVisibleTo(detail)
    assert detail.intake_label.text() == "—"

    qtbot.mouseClick(detail.intake_button, Qt.MouseButton.LeftButton)
    dialog = detail.intake_dialog
    assert isinstance(dialog, IntakeDialog)
    qtbot.waitExposed(dialog)
    assert dialog.isVisible() and dialog.isModal()  # open(), window-modal
    # Linked to the sheet, started from it: the handler, now, the customer and the problem.
    assert dialog.editor("ticket_number").value() == sheet.number
    assert dialog.editor("ticket_number").is_read_only()
    assert dialog.editor("engineer").value() == "李四"
    assert dialog.editor("accepted_at").value() == ops.now().replace(second=0, microsecond=0)
    assert dialog.editor("customer_name").value() == "Li Lei"
    assert dialog.editor("summary").value() == "Door bell broken"
    assert "completed_at" not in dialog.form.keys and "result" not in dialog.form.keys

    type_into(qtbot, dialog, "requested_by", "2026-03-18 17:00")
    type_into(qtbot, dialog, "agreed_at", "2026-03-17 09:30")
    type_into(qtbot, dialog, "repair_place", "Block 5 lobby")
    save_with_keyboard(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    (entry,) = intake.list_intake(sheet_id=sheet.id)
    assert (entry.sheet_number, entry.engineer, entry.engineer_id) == (
        sheet.number,
        "李四",
        desk.staff["李四"],
    )
    assert entry.requested_by == datetime(2026, 3, 18, 17, 0)
    assert entry.agreed_at == datetime(2026, 3, 17, 9, 30)
    assert entry.repair_place == "Block 5 lobby"
    assert entry.completed_at is None
    # The detail follows records_changed("intake"): now it offers completion.
    assert not detail.intake_button.isVisibleTo(detail)
    assert detail.complete_intake_button.isVisibleTo(detail)
    moment = i18n.format_datetime(entry.agreed_at, length="short")
    assert detail.intake_label.text() == _("{entry}, appointment {moment} at {place}").format(
        entry=f"{entry.number} · 李四", moment=moment, place="Block 5 lobby"
    )


def test_the_person_on_duty_is_the_engineer_when_the_sheet_went_to_a_department(
    qtbot: QtBot, desk: Desk
) -> None:
    sheet = sheets.hand_over(
        desk.sheets["王芳"].id, department_id=desk.departments["工程部"], by=desk.staff["张三"], now=ops.now()
    )
    detail = open_detail(qtbot, sheet)
    dialog = detail.start_intake()
    assert dialog.editor("engineer").value() == "张三"


@pytest.mark.parametrize("customer", ["王芳", "王芳菲"])
def test_no_intake_button_on_a_sheet_no_engineer_holds(qtbot: QtBot, desk: Desk, customer: str) -> None:
    detail = open_detail(qtbot, desk.sheets[customer])  # received; resolved
    assert not detail.intake_button.isVisibleTo(detail)
    assert not detail.complete_intake_button.isVisibleTo(detail)


def test_the_entry_appears_in_the_tab_linked_to_its_sheet(qtbot: QtBot, desk: Desk) -> None:
    panel = make_panel(qtbot)
    assert panel.stack.currentWidget() is panel.empty_state
    sheet = desk.sheets["Li Lei"]
    detail = open_detail(qtbot, sheet)
    dialog = detail.start_intake()
    type_into(qtbot, dialog, "repair_place", "Block 5 lobby")
    save_with_keyboard(qtbot, dialog)

    assert panel.stack.currentWidget() is panel.view
    assert panel.model.rowCount() == 1
    row = panel.selected_row()
    assert row is not None and (row.sheet_id, row.sheet_number) == (sheet.id, sheet.number)
    assert panel.model.index(0, 1).data() == sheet.number
    with qtbot.waitSignal(panel.sheet_requested) as requested:
        qtbot.mouseClick(panel.sheet_button, Qt.MouseButton.LeftButton)
    assert requested.args == [sheet.id]


def test_new_intake_from_the_tab_asks_for_the_sheet_number(qtbot: QtBot, desk: Desk) -> None:
    panel = make_panel(qtbot)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    picker = panel.picker
    assert isinstance(picker, SheetPicker)
    qtbot.waitExposed(picker)
    # The completer offers the sheets engineers hold now: Li Lei's (handed over), not the received or resolved.
    offered = [picker.sheet_model.item(i).text() for i in range(picker.sheet_model.rowCount())]
    assert offered == [f"{desk.sheets['Li Lei'].number}  Li Lei · 客户服务部, 李四"]

    qtbot.mouseClick(picker.next_button, Qt.MouseButton.LeftButton)
    assert picker.error_label.text() == _("Type the number of the problem sheet.")
    qtbot.keyClicks(picker.number_edit, "20990101-01-001")
    qtbot.keyClick(picker.number_edit, Qt.Key.Key_Return)
    assert picker.error_label.text() == _("There is no problem sheet numbered {number}.").format(
        number="20990101-01-001"
    )
    received = desk.sheets["王芳"].number
    picker.number_edit.setText(received)
    qtbot.keyClick(picker.number_edit, Qt.Key.Key_Return)
    assert picker.error_label.text() == _("Sheet {number} is not with an engineer now ({status}).").format(
        number=received, status=_("Received")
    )
    assert picker.isVisible()

    picker.completer.activated.emit(offered[0])  # choosing a line of the list puts its number in the field
    assert picker.number_edit.text() == desk.sheets["Li Lei"].number
    picker.number_edit.setText(offered[0])  # a whole line typed or pasted: the number is what counts
    qtbot.keyClick(picker.number_edit, Qt.Key.Key_Return)
    assert not picker.isVisible()
    dialog = panel.dialog
    assert isinstance(dialog, IntakeDialog)
    assert dialog.editor("ticket_number").value() == desk.sheets["Li Lei"].number
    type_into(qtbot, dialog, "agreed_at", "2026-03-17 14:00")
    save_with_keyboard(qtbot, dialog)

    row = panel.selected_row()
    assert row is not None and row.sheet_id == desk.sheets["Li Lei"].id
    assert row.agreed_at == datetime(2026, 3, 17, 14, 0)


def test_open_corrects_an_entry(qtbot: QtBot, desk: Desk) -> None:
    entry = record(desk, repair_place="Lobby")
    panel = make_panel(qtbot)
    assert panel.select_entry(entry.id)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, IntakeDialog) and dialog.entry == entry
    assert dialog.editor("number").value() == entry.number and dialog.editor("number").is_read_only()
    type_into(qtbot, dialog, "repair_place", "Flat 502")
    save_with_keyboard(qtbot, dialog)
    assert intake.get_intake(entry.id).repair_place == "Flat 502"
    assert panel.model.index(0, 8).data() == "Flat 502"


def test_complete_sets_completed_at_and_result(qtbot: QtBot, desk: Desk) -> None:
    entry = record(desk)
    panel = make_panel(qtbot)
    assert panel.select_entry(entry.id) and panel.complete_button.isEnabled()
    qtbot.mouseClick(panel.complete_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, CompleteIntakeDialog)
    assert dialog.editable_keys() == ("completed_at", "result")
    assert dialog.editor("completed_at").value() == ops.now().replace(second=0, microsecond=0)

    save_with_keyboard(qtbot, dialog)  # no result yet
    assert dialog.errors() == {"result": _("{label} is required.").format(label=label("result"))}
    assert dialog.isVisible()
    assert intake.get_intake(entry.id).completed_at is None

    done = ops.now() + timedelta(hours=3)
    type_into(qtbot, dialog, "completed_at", f"{done:%Y-%m-%d %H:%M}")
    type_into(qtbot, dialog, "result", "Replaced the bell")
    save_with_keyboard(qtbot, dialog)
    saved = intake.get_intake(entry.id)
    assert saved.completed_at == done.replace(second=0, microsecond=0)
    assert saved.result == "Replaced the bell"
    assert panel.selected_row() is not None and not panel.complete_button.isEnabled()


def test_complete_from_the_sheet_detail(qtbot: QtBot, desk: Desk) -> None:
    entry = record(desk)
    detail = open_detail(qtbot, desk.sheets["Li Lei"])
    qtbot.mouseClick(detail.complete_intake_button, Qt.MouseButton.LeftButton)
    dialog = detail.intake_dialog
    assert isinstance(dialog, CompleteIntakeDialog)
    type_into(qtbot, dialog, "result", "Fixed")
    save_with_keyboard(qtbot, dialog)
    assert intake.get_intake(entry.id).completed_at is not None
    assert not detail.complete_intake_button.isVisibleTo(detail)
    assert detail.intake_button.isVisibleTo(
        detail
    )  # the sheet is still with him: another visit can be logged


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("engineer", "", lambda: _("{label} is required.").format(label=label("engineer"))),
        ("engineer", "Nobody", lambda: _("Choose the engineer who accepted the problem.")),
        (
            "agreed_at",
            "tomorrow",
            lambda: _("{label}: {value} is not a valid date and time (use YYYY-MM-DD HH:MM).").format(
                label=label("agreed_at"), value="tomorrow"
            ),
        ),
        (
            "accepted_at",
            "2026-03-01 08:00",
            None,
        ),
    ],
)
def test_validation_messages_beside_fields(
    qtbot: QtBot, desk: Desk, shown_messages: list[ShownMessage], key: str, text: str, message: object
) -> None:
    detail = open_detail(qtbot, desk.sheets["Li Lei"])
    dialog = detail.start_intake()
    type_into(qtbot, dialog, key, text)
    save_with_keyboard(qtbot, dialog)
    if message is None:  # an earlier acceptance is allowed
        assert dialog.result() == QDialog.DialogCode.Accepted
        return
    assert callable(message)
    assert dialog.errors() == {key: message()}
    assert dialog.isVisible() and shown_messages == []
    assert intake.list_intake(sheet_id=desk.sheets["Li Lei"].id) == []


def test_completion_before_acceptance_is_refused_beside_the_field(qtbot: QtBot, desk: Desk) -> None:
    entry = record(desk)
    panel = make_panel(qtbot)
    panel.select_entry(entry.id)
    dialog = panel.complete_selected()
    assert dialog is not None
    type_into(qtbot, dialog, "completed_at", "2020-01-01 08:00")
    type_into(qtbot, dialog, "result", "Fixed")
    save_with_keyboard(qtbot, dialog)
    assert dialog.errors() == {"completed_at": _("The problem cannot be completed before it was accepted.")}


def test_print_register_of_the_period_and_engineer(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = record(desk)
    other = intake.record_intake(
        desk.sheets["Li Lei"].id, {"engineer_id": desk.staff["张三"]}, by=None, now=ops.now()
    )
    earlier = intake.record_intake(
        desk.sheets["Li Lei"].id,
        {"engineer_id": desk.staff["李四"], "accepted_at": ops.now() - timedelta(days=60)},
        by=None,
        now=ops.now(),
    )
    panel = make_panel(qtbot)
    panel.engineer_combo.setCurrentIndex(panel.engineer_combo.findData(desk.staff["李四"]))
    printed: list[dict[str, object]] = []

    def fake_print_register(slug: str, rows: list[dict[str, object]], **_kw: object) -> bytes:
        printed.extend(rows)
        return intake_pdf

    from desktop.services import printing

    intake_pdf = printing.print_register("intake_register", [], lang="en")
    monkeypatch.setattr(printing, "print_register", fake_print_register)
    preview = panel.print_register("en")
    assert isinstance(preview, PreviewWindow)
    qtbot.addWidget(preview)
    assert [row["number"] for row in printed] == [mine.number]
    assert other.number != mine.number and earlier.number != mine.number
    start, end = panel.print_period()
    assert (start, end) == (date(ops.now().year, ops.now().month, 1), start.replace(day=31))
    assert panel.print_title_suffix().endswith("李四")
