"""The Keys page: register model, loan and return dialogs, scanning a tag, closing-time view, board opener."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.rules import keys as rules
from desktop.services import key_loans, keys
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.key_count_dialogs import CountDialog
from desktop.views.key_loan_dialogs import LoanDialog, ReturnDialog
from desktop.views.pages.keys import KeysPage
from desktop.views.tablemodels.keys import COL_DUE, COL_HOLDER, KeysModel
from tests.views.conftest import ShownMessage

STAFF_LOAN = {
    "borrower_type": rules.STAFF,
    "borrower": "Wu Gang",
    "department": "Engineering",
    "phone": "13800138000",
    "purpose": "pump check",
    "quantity": 1,
}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_ui_language("en")
    yield


@pytest.fixture
def key_ids(office_db: peewee.SqliteDatabase, clock: FixedClock) -> dict[str, int]:
    now = clock.now()
    ids = {}
    for label, category in (
        ("Pump room", rules.FACILITY),
        ("1-1-101", rules.OWNER),
        ("1-1-5F", rules.PUBLIC),
    ):
        values: dict[str, Any] = {"label": label, "category": category, "hook": "A-1"}
        if category == rules.OWNER:
            values["kind_counts"] = dict.fromkeys(rules.OWNER_KINDS, 1)
        else:
            values["quantity"] = 2
        ids[label] = keys.add_key_set(values, by=None, now=now).id
    return ids


@pytest.fixture
def page(qtbot: QtBot, key_ids: dict[str, int]) -> KeysPage:
    widget = KeysPage()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_model_passes_qt_model_tester(qtmodeltester: Any, key_ids: dict[str, int], clock: FixedClock) -> None:
    key_loans.lend_key(key_ids["Pump room"], STAFF_LOAN, by=None, now=clock.now())
    model = KeysModel()
    model.reload()
    qtmodeltester.check(model)
    holder = [model.index(row, COL_HOLDER).data() for row in range(model.rowCount())]
    assert "Wu Gang 13800138000" in holder


def test_empty_register_shows_the_empty_state(qtbot: QtBot, office_db: peewee.SqliteDatabase) -> None:
    widget = KeysPage()
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.empty_state


def test_lend_from_the_dialog_and_return_with_a_wrong_quantity(
    qtbot: QtBot, page: KeysPage, key_ids: dict[str, int], shown_messages: list[ShownMessage]
) -> None:
    assert page.select_key(key_ids["Pump room"])
    dialog = page.lend_selected()
    assert isinstance(dialog, LoanDialog)
    qtbot.keyClicks(dialog.borrower, "Wu Gang")
    qtbot.keyClicks(dialog.phone, "13800138000")
    qtbot.keyClicks(dialog.purpose, "pump check")
    dialog.save()
    assert not dialog.isVisible()
    row = keys.get_key(key_ids["Pump room"])
    assert row.status == rules.OUT and row.borrower == "Wu Gang"
    assert page.selected_key() is not None and page.selected_key().status == rules.OUT  # type: ignore[union-attr]
    back = page.return_selected()
    assert isinstance(back, ReturnDialog)
    back.quantity.setValue(1)
    back.received_by.setText("Li Si")
    assert back.flags() == ["1 of 2 keys came back: the borrower explains the missing keys and signs."]
    assert back.note.isVisibleTo(back)
    back.save()
    assert back.errors() == {
        "damage_note": "Write down what happened to the keys; the borrower signs it on the register."
    }
    back.damage_note.setPlainText("dropped one")
    back.save()
    assert not back.isVisible()
    assert shown_messages and "1 of 2 keys came back" in shown_messages[-1].text
    assert keys.get_key(key_ids["Pump room"]).status == rules.IN


def test_borrower_type_switches_what_is_required(
    qtbot: QtBot, page: KeysPage, key_ids: dict[str, int]
) -> None:
    page.select_key(key_ids["Pump room"])
    dialog = page.lend_selected()
    assert dialog is not None
    assert not dialog.approver.isVisibleTo(dialog)
    dialog.borrower_type.setCurrentIndex(dialog.borrower_type.findData(rules.CONTRACTOR))
    assert dialog.approver.isVisibleTo(dialog) and dialog.document.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.borrower, "Chen")
    qtbot.keyClicks(dialog.phone, "139")
    qtbot.keyClicks(dialog.purpose, "lift service")
    qtbot.keyClicks(dialog.id_document, "4403")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.errors()["approver"].startswith(
        "An external borrower needs the approval of the responsible leader"
    )
    assert keys.get_key(key_ids["Pump room"]).status == rules.IN


def test_scanning_a_tag_opens_the_key_with_loan_ready(
    qtbot: QtBot, page: KeysPage, key_ids: dict[str, int]
) -> None:
    page.search_edit.setFocus()
    key_id = key_ids["1-1-5F"]
    with qtbot.waitSignal(page.key_scanned) as scanned:
        qtbot.keyClicks(page.search_edit, f"FDKEY:{key_id}:1-1-5F")
        qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert scanned.args[0].id == key_id
    assert page.search_edit.text() == ""  # nothing of the tag landed in the search box
    assert page.selected_key().id == key_id  # type: ignore[union-attr]
    assert isinstance(page.dialog, LoanDialog) and page.dialog.isVisible()


def test_scanning_an_out_key_opens_its_return(
    qtbot: QtBot, page: KeysPage, key_ids: dict[str, int], clock: FixedClock
) -> None:
    key_id = key_ids["Pump room"]
    key_loans.lend_key(key_id, STAFF_LOAN, by=None, now=clock.now())
    page.refresh()
    page.view.setFocus()
    qtbot.keyClicks(page.view, f"FDKEY:{key_id}:Pump room")
    qtbot.keyClick(page.view, Qt.Key.Key_Enter)
    assert isinstance(page.dialog, ReturnDialog) and page.dialog.loan.key_id == key_id


def test_closing_time_list(qtbot: QtBot, page: KeysPage, key_ids: dict[str, int], clock: FixedClock) -> None:
    key_loans.lend_key(key_ids["Pump room"], STAFF_LOAN, by=None, now=clock.now())
    ops.set_clock(FixedClock(datetime(2026, 3, 16, 17, 45)))
    page.out_check.setChecked(True)
    assert page.model.rowCount() == 1
    assert page.model.index(0, COL_DUE).data() == "17:30 (overdue)"
    assert "1 overdue" in page.summary.text()


def test_count_dialog_reports_discrepancies(qtbot: QtBot, page: KeysPage, key_ids: dict[str, int]) -> None:
    dialog = page.count_keys()
    assert isinstance(dialog, CountDialog)
    dialog.set_counted(key_ids["Pump room"], 1)
    saved = []
    dialog.saved.connect(saved.append)
    dialog.save()
    assert [(item.label, item.discrepancy) for item in saved[0].discrepancies] == [("Pump room", rules.SHORT)]
    assert page.previews and page.previews[-1].page_count() >= 1


def test_print_tags_of_listed_keys(page: KeysPage) -> None:
    window = page.print_listed_tags()
    assert window is not None and window.page_count() == 1


def test_today_board_opens_the_keys_page(
    qtbot: QtBot, main_window: Any, key_ids: dict[str, int], clock: FixedClock
) -> None:
    loan = key_loans.lend_key(key_ids["Pump room"], STAFF_LOAN, by=None, now=clock.now())
    from desktop.services.due import DueItem
    from desktop.views import openers

    opener = openers.opener_for(key_loans.SLUG)
    assert opener is not None
    item = DueItem("key_out", loan.id, loan.number, "", loan.due_at, False, "", key_loans.SLUG)
    dialog = opener(item, main_window)
    assert main_window.current_page_key() == "keys"
    assert isinstance(dialog, ReturnDialog)


def test_owner_issue_copy_and_lost_dialogs(
    qtbot: QtBot, page: KeysPage, key_ids: dict[str, int], shown_messages: list[ShownMessage]
) -> None:
    page.select_key(key_ids["1-1-101"])
    issue = page.issue_selected()
    assert issue is not None
    qtbot.keyClicks(issue.owner_name, "Zhang Wei")
    issue.save()
    assert issue.errors() == {
        "id_checked": "Check the owner's identity (move-in papers) before handing over the keys."
    }
    issue.id_checked.setChecked(True)
    issue.save()
    assert not issue.isVisible()
    assert keys.get_key(key_ids["1-1-101"]).status == rules.ISSUED
    assert page.previews  # the receipt to sign
    page.select_key(key_ids["Pump room"])
    copy = page.copy_selected()
    assert copy is not None and copy.note.isVisibleTo(copy)
    qtbot.keyClicks(copy.requested_by, "Wu Gang")
    qtbot.keyClicks(copy.reason, "night shift spare")
    copy.save()
    assert not copy.isVisible()
    lost = page.lost_selected()
    assert lost is not None
    qtbot.keyClicks(lost.reported_by, "Wu Gang")
    lost.circumstances.setPlainText("dropped in the shaft")
    lost.save()
    assert lost.errors() == {"reported_to": "Enter the superior the loss was reported to."}
    qtbot.keyClicks(lost.reported_to, "Feng")
    lost.save()
    assert not lost.isVisible()
    assert keys.get_key(key_ids["Pump room"]).quantity == 1
