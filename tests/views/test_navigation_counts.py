"""The counts beside the navigation titles follow every save at once and say what they count (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.rules import keys as rules
from desktop.services import key_loans, keys, records
from desktop.services.clock import FixedClock
from desktop.views.events import record_events
from desktop.views.key_loan_dialogs import LoanDialog
from desktop.views.main_window import MainWindow

LOAN = {"borrower_type": rules.STAFF, "borrower": "Wu Gang", "phone": "13800138000", "purpose": "pump check"}


def navigation(window: MainWindow, key: str) -> tuple[str, str]:
    item = window._items[key]
    return item.text(), item.toolTip()


@pytest.fixture
def key_id(office_db: Any, clock: FixedClock) -> int:
    return keys.add_key_set(
        {"label": "Pump room", "category": rules.FACILITY, "hook": "A-1", "quantity": 2},
        by=None,
        now=clock.now(),
    ).id


def test_lending_a_key_changes_the_keys_and_today_counts_at_once(
    qtbot: QtBot, key_id: int, main_window: MainWindow
) -> None:
    assert navigation(main_window, "keys") == ("Keys", "")
    assert navigation(main_window, "today") == ("Today", "")
    main_window.show_page("keys")
    page = main_window.pages["keys"]
    assert page.select_key(key_id)  # type: ignore[attr-defined]
    dialog = page.lend_selected()  # type: ignore[attr-defined]
    assert isinstance(dialog, LoanDialog)
    qtbot.keyClicks(dialog.borrower, "Wu Gang")
    qtbot.keyClicks(dialog.phone, "13800138000")
    qtbot.keyClicks(dialog.purpose, "pump check")
    dialog.save()
    assert not dialog.isVisible()
    # Due back at closing time today: no timer tick, no refresh button.
    assert navigation(main_window, "keys") == ("Keys (1)", "0 overdue, 1 due today")
    assert navigation(main_window, "today") == ("Today (1)", "0 overdue, 1 due today")


def test_an_overdue_item_is_said_to_be_overdue(
    main_window: MainWindow, key_id: int, clock: FixedClock
) -> None:
    yesterday = clock.now().replace(day=clock.now().day - 3)
    key_loans.lend_key(key_id, LOAN, by=None, now=yesterday)
    record_events().announce("key_loan")
    assert navigation(main_window, "keys") == ("Keys (1)", "1 overdue, 0 due today")


@pytest.mark.parametrize("kind", ["office", "staff", *records.registered_slugs()])
def test_a_change_of_any_record_kind_refreshes_the_counts(
    main_window: MainWindow, key_id: int, clock: FixedClock, kind: str
) -> None:
    key_loans.lend_key(key_id, LOAN, by=None, now=clock.now())  # saved behind the window's back
    assert navigation(main_window, "keys")[0] == "Keys"
    record_events().announce(kind)
    assert navigation(main_window, "keys")[0] == "Keys (1)"
