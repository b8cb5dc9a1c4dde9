"""Phone numbers in lists: masked for roles outside privacy.phone_roles, refreshed when the staff on duty changes."""

from __future__ import annotations

from datetime import datetime, timedelta

import peewee
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.rules import callbacks as rules
from desktop.rules.callbacks import Slot
from desktop.services import callback_list, callbacks, inquiries, intake, office, sheets
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.pages.callbacks import CallbackTableModel
from desktop.views.tablemodels.inquiries import COL_CONTACT, InquiriesModel
from desktop.views.tablemodels.intake import COL_PHONE, IntakeModel
from desktop.views.tablemodels.sheets import COL_MOBILE, SheetsModel

WHOLE = "13812345678"
MASKED = "138****5678"


@pytest.fixture
def staff(office_db: peewee.SqliteDatabase, clock: FixedClock) -> dict[str, int]:
    """张三 administrator, 李四 receptionist and an active engineer 赵强; one sheet, intake, inquiry, callback."""
    people = {row.name: row.id for row in office.list_staff(active_only=False)}
    engineering = next(d.id for d in office.list_departments() if d.name == "工程部")
    engineer = office.add_staff(
        {"employee_no": "007", "name": "赵强", "role": "engineer", "department_id": engineering},
        by=None,
        now=clock.now(),
    )
    people["赵强"] = engineer.id
    now = clock.now()
    sheet = sheets.file_sheet(
        {"category": "technical", "customer_name": "王芳", "mobile": WHOLE, "description": "电梯异响"},
        by=people["李四"],
        now=now - timedelta(hours=1),
    )
    sheet = sheets.hand_over(
        sheet.id, staff_id=engineer.id, by=people["李四"], now=now - timedelta(minutes=50)
    )
    intake.record_intake(
        sheet.id, {"repair_place": "3栋电梯"}, by=engineer.id, now=now - timedelta(minutes=40)
    )
    inquiries.record_inquiry(
        {"customer_name": "周强", "contact": f"手机 {WHOLE}", "request": "水管漏水"},
        by=people["李四"],
        now=now,
    )
    callbacks.schedule_callback(
        purpose=rules.REPAIR,
        slot=Slot(datetime(2026, 3, 16, 9, 0), datetime(2026, 3, 16, 17, 30)),
        customer_name="王芳",
        phone=WHOLE,
        ref_number=sheet.number,
        engineer="赵强",
        by=None,
        now=now,
    )
    return people


def cell(model: object, column: int) -> str:
    return model.index(0, column).data(Qt.ItemDataRole.DisplayRole)  # type: ignore[attr-defined]


def models() -> list[tuple[object, int]]:
    sheets_model = SheetsModel()
    sheets_model.reload()
    intake_model = IntakeModel()
    intake_model.reload()
    inquiries_model = InquiriesModel()
    inquiries_model.reload()
    callback_model = CallbackTableModel()
    callback_model.set_rows(callback_list.list_callbacks(callback_list.CallbackQuery(), now=ops.now()))
    return [
        (sheets_model, COL_MOBILE),
        (intake_model, COL_PHONE),
        (inquiries_model, COL_CONTACT),
        (callback_model, 0),
    ]


def shown(model: object, column: int) -> str:
    if isinstance(model, CallbackTableModel):
        column = 1  # "王芳 138…" in the customer column
    return cell(model, column)


def test_an_engineer_on_duty_sees_masked_numbers(staff: dict[str, int]) -> None:
    ops.set_staff_on_duty(staff["赵强"])
    texts = [shown(model, column) for model, column in models()]
    assert texts == [MASKED, MASKED, f"手机 {MASKED}", f"王芳 {MASKED}"]


def test_a_receptionist_sees_the_whole_number(staff: dict[str, int]) -> None:
    ops.set_staff_on_duty(staff["李四"])
    texts = [shown(model, column) for model, column in models()]
    assert texts == [WHOLE, WHOLE, f"手机 {WHOLE}", f"王芳 {WHOLE}"]


def test_the_mask_follows_the_staff_on_duty(qtbot: QtBot, staff: dict[str, int]) -> None:
    ops.set_staff_on_duty(staff["李四"])
    shown_models = models()
    signals = [model.dataChanged for model, _column in shown_models]  # type: ignore[attr-defined]
    with qtbot.waitSignals(signals):
        ops.set_staff_on_duty(staff["赵强"])
    assert [shown(model, column) for model, column in shown_models] == [
        MASKED,
        MASKED,
        f"手机 {MASKED}",
        f"王芳 {MASKED}",
    ]
    ops.set_staff_on_duty(staff["张三"])  # the administrator is not in privacy.phone_roles by default
    assert shown(*shown_models[0]) == MASKED
    ops.set_staff_on_duty(None)  # nobody chosen yet: the system, as on the console
    assert shown(*shown_models[0]) == WHOLE
