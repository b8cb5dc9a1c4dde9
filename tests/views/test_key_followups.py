"""Key follow-ups: consenting to and making copies, following up lost keys, counting one kind of key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.rules import keys as rules
from desktop.rules.roles import DEPARTMENT_HEAD, MANAGER
from desktop.services import key_counts, key_issues, keys, office
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.key_count_dialogs import CountDialog
from desktop.views.key_followup_dialogs import (
    CopyConsentDialog,
    CopyMadeDialog,
    CopyRequestsDialog,
    LostFollowUpDialog,
    LostKeysDialog,
)
from tests.views.conftest import ShownMessage


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


def _staff_id(name: str) -> int:
    return next(row.id for row in office.list_staff() if row.name == name)


def _add_staff(name: str, role: str, clock: FixedClock) -> int:
    engineering = next(row.id for row in office.list_departments() if row.name == "工程部")
    values = {
        "employee_no": f"9{len(office.list_staff())}",
        "name": name,
        "role": role,
        "department_id": engineering,  # 001:286: the engineering department's head or manager consents
    }
    return office.add_staff(values, by=None, now=clock.now()).id


def _open(qtbot: QtBot, dialog: Any) -> Any:
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def _column(dialog: Any, column: int) -> list[str]:
    return [dialog.table.item(row, column).text() for row in range(dialog.table.rowCount())]


@pytest.fixture
def pump_request(key_ids: dict[str, int], clock: FixedClock) -> key_issues.CopyRequestRow:
    return key_issues.request_copy(
        key_ids["Pump room"], requested_by="Wu Gang", reason="second pump", copies=1, by=None, now=clock.now()
    )


def test_receptionist_is_refused_consent_with_the_services_message(
    qtbot: QtBot, pump_request: key_issues.CopyRequestRow, shown_messages: list[ShownMessage]
) -> None:
    ops.set_staff_on_duty(_staff_id("李四"))
    dialog = _open(qtbot, CopyRequestsDialog())
    assert _column(dialog, 0) == ["Pump room"]
    assert _column(dialog, 6) == ["Waiting for consent"]
    dialog.select_row(0)
    assert dialog.consent_button.isEnabled()
    assert not dialog.made_button.isEnabled()  # a plant-room key waits for the consent
    assert dialog.consent_selected() is None
    assert [message.text for message in shown_messages] == [
        "李四 (Receptionist) may not consent to copying a key. Allowed: Department head, Manager, Administrator."
    ]
    assert key_issues.copy_requests()[0].status == key_issues.PENDING


def test_receptionist_refused_at_save_too(
    qtbot: QtBot, pump_request: key_issues.CopyRequestRow, shown_messages: list[ShownMessage]
) -> None:
    """Someone else took over the desk while the consent dialog was open: the service still refuses."""
    dialog = _open(qtbot, CopyConsentDialog(pump_request))
    ops.set_staff_on_duty(_staff_id("李四"))
    dialog.consented_by.setText("Chen (engineering manager)")
    dialog.save()
    assert dialog.isVisible()
    assert shown_messages[-1].text.startswith("李四 (Receptionist) may not consent to copying a key.")


@pytest.mark.parametrize("role", [DEPARTMENT_HEAD, MANAGER])
def test_head_or_manager_consents_then_the_copy_is_made(
    qtbot: QtBot,
    role: str,
    pump_request: key_issues.CopyRequestRow,
    key_ids: dict[str, int],
    clock: FixedClock,
    shown_messages: list[ShownMessage],
) -> None:
    ops.set_staff_on_duty(_add_staff("陈工", role, clock))
    dialog = _open(qtbot, CopyRequestsDialog())
    saved: list[Any] = []
    dialog.saved.connect(saved.append)
    dialog.select_row(0)
    consent = dialog.consent_selected()
    assert isinstance(consent, CopyConsentDialog)
    assert consent.consented_by.text() == "陈工"  # the person on duty by default
    qtbot.mouseClick(consent.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not consent.isVisible()
    assert shown_messages == []
    request = key_issues.copy_requests()[0]
    assert (request.status, request.consented_by) == (key_issues.CONSENTED, "陈工")
    assert _column(dialog, 6) == ["Consented by 陈工"]
    dialog.select_row(0)
    assert not dialog.consent_button.isEnabled()
    assert dialog.made_button.isEnabled()
    made = dialog.made_selected()
    assert isinstance(made, CopyMadeDialog)
    assert "Consented by 陈工" in made.note.text()
    made.save()
    assert not made.isVisible()
    assert key_issues.copy_requests()[0].status == key_issues.MADE
    assert keys.get_key(key_ids["Pump room"]).quantity == 3
    assert dialog.table.rowCount() == 0 and dialog.empty.isVisibleTo(dialog)
    assert [getattr(value, "status", None) for value in saved] == [key_issues.CONSENTED, key_issues.MADE]


def test_owner_key_copy_needs_no_consent(qtbot: QtBot, key_ids: dict[str, int], clock: FixedClock) -> None:
    key_issues.request_copy(
        key_ids["1-1-101"], requested_by="Owner Liu", reason="family", copies=2, by=None, now=clock.now()
    )
    ops.set_staff_on_duty(_staff_id("李四"))
    dialog = _open(qtbot, CopyRequestsDialog())
    dialog.select_row(0)
    assert _column(dialog, 6) == ["No consent needed"]
    assert dialog.made_button.isEnabled()
    made = dialog.made_selected()
    assert made is not None
    made.save()
    assert key_issues.copy_requests()[0].status == key_issues.MADE


@pytest.fixture
def lost(key_ids: dict[str, int], clock: FixedClock) -> key_counts.LostRow:
    return key_counts.report_lost(
        key_ids["1-1-5F"],
        quantity=1,
        reported_by="Wu Gang",
        circumstances="dropped in the lift shaft",
        reported_to="Manager Zhao",
        actions="",
        by=None,
        now=clock.now(),
    )


def test_lost_key_follow_up_is_recorded_and_closed(
    qtbot: QtBot, lost: key_counts.LostRow, clock: FixedClock, shown_messages: list[ShownMessage]
) -> None:
    ops.set_staff_on_duty(_staff_id("李四"))
    dialog = _open(qtbot, LostKeysDialog())
    assert _column(dialog, 0) == [lost.number]
    assert _column(dialog, 6) == ["Not closed yet"]
    dialog.select_row(0)
    follow = dialog.follow_up_selected()
    assert isinstance(follow, LostFollowUpDialog)
    follow.save()
    assert follow.errors() == {"action_taken": "Write what was done about the lost key."}
    follow.action_taken.setPlainText("Lock of the 5F door changed")
    follow.save()
    assert not follow.isVisible()
    day = clock.now().date().isoformat()
    report = key_counts.lost_reports()[0]
    assert report.actions == f"{day}: Lock of the 5F door changed"
    assert report.closed_at is None
    assert _column(dialog, 7) == [f"{day}: Lock of the 5F door changed"]

    dialog.select_row(0)
    close = dialog.follow_up_selected()
    assert close is not None
    assert close.done_so_far.toPlainText() == f"{day}: Lock of the 5F door changed"
    close.action_taken.setPlainText("Two new keys cut")
    close.close_report.setChecked(True)
    close.save()
    report = key_counts.lost_reports()[0]
    assert report.actions.splitlines() == [f"{day}: Lock of the 5F door changed", f"{day}: Two new keys cut"]
    assert report.closed_at == clock.now()
    assert dialog.table.rowCount() == 0  # open reports only
    assert dialog.empty.text() == "No lost key report is open."
    dialog.show_closed.setChecked(True)
    assert _column(dialog, 0) == [lost.number]
    assert _column(dialog, 6) == [i18n.format_date(clock.now().date())]
    assert shown_messages == []


def test_count_filter_narrows_the_list(qtbot: QtBot, key_ids: dict[str, int]) -> None:
    dialog = _open(qtbot, CountDialog())
    assert sorted(dialog.listed_labels()) == ["1-1-101", "1-1-5F", "Pump room"]
    dialog.set_counted(key_ids["Pump room"], 1)
    dialog.set_category(rules.FACILITY)
    assert dialog.listed_labels() == ["Pump room"]
    assert dialog.table.rowCount() == 1
    assert dialog.spins[key_ids["Pump room"]].value() == 1  # what was entered stays
    saved: list[Any] = []
    dialog.saved.connect(saved.append)
    dialog.save()
    assert [item.label for item in saved[0].items] == ["Pump room"]
    assert [(item.label, item.discrepancy) for item in saved[0].discrepancies] == [("Pump room", rules.SHORT)]


def test_count_filter_back_to_every_kind(qtbot: QtBot, key_ids: dict[str, int]) -> None:
    dialog = _open(qtbot, CountDialog(handover=True))
    dialog.set_category(rules.PUBLIC)
    assert dialog.listed_labels() == ["1-1-5F"]
    dialog.set_category(None)
    assert len(dialog.listed_labels()) == 3


def test_keys_page_opens_the_follow_up_lists(
    qtbot: QtBot, key_ids: dict[str, int], pump_request: key_issues.CopyRequestRow, lost: key_counts.LostRow
) -> None:
    from desktop.views.pages.keys import KeysPage

    page = KeysPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.copy_requests_action.trigger()
    assert isinstance(page.dialog, CopyRequestsDialog) and page.dialog.isVisible()
    assert _column(page.dialog, 0) == ["Pump room"]
    page.dialog.close()
    page.lost_keys_action.trigger()
    assert isinstance(page.dialog, LostKeysDialog) and page.dialog.isVisible()
    assert _column(page.dialog, 0) == [lost.number]
