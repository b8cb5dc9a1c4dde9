"""After a save, the status bar names the record's number (issue 13): not only a selected row in some list."""

from __future__ import annotations

import dataclasses
import importlib
import typing
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.rules import keys as rules
from desktop.services import authz, keys, records
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.key_loan_dialogs import LoanDialog
from desktop.views.main_window import MainWindow
from desktop.views.saved_notice import saved_message
from desktop.views.sheet_dialog import SheetDialog

#: Use-cases that create or change something that has no record number, and why.
UNNUMBERED: dict[str, str] = {
    "desktop.services.call_tally.count_call": "the call tally is a count per category, not a numbered record",
    "desktop.services.call_tally.undo_last_call": "the call tally is a count per category",
    "desktop.services.customers.add_customer": "customers are looked up by name and phone, not numbered",
    "desktop.services.customers.update_customer": "customers are not numbered",
    "desktop.services.sites.add_site": "sites are not numbered",
    "desktop.services.sites.update_site": "sites are not numbered",
    "desktop.services.keys.add_key_set": "a key set is known by its label (tag), not a number",
    "desktop.services.keys.update_key_set": "a key set is known by its label",
    "desktop.services.keys.retire_key_set": "a key set is known by its label",
    "desktop.services.keys.set_status": "a key set is known by its label",
    "desktop.services.key_issues.request_copy": "a copy request is a line on the key set, shown on its key",
    "desktop.services.key_issues.record_copy_made": "a copy request is a line on the key set",
    "desktop.services.amendments.mark_signed_copy_received": "marks the signed paper of a record already announced",
    "desktop.services.register_book.create": "a helper inside each register's own use-case, which returns the row",
    "desktop.services.register_book.update": "a helper inside each register's own use-case",
    "desktop.services.callback_calls.stop_progress": "stops a series of calls; no record is written",
    "desktop.services.callback_scheduling.set_member": "marks a customer as a member; no record is written",
    "desktop.services.complaint_callbacks.ensure_callback": "runs inside the complaint's own use-case",
    "desktop.services.complaint_callbacks.open_from_callback": "runs inside the callback's own use-case",
    "desktop.services.documents.cancel_loan": "cancelling removes the request; nothing numbered is left",
}


def _announces_a_number(return_type: Any) -> bool:
    options = typing.get_args(return_type) or (return_type,)
    for option in options:
        if dataclasses.is_dataclass(option):
            fields = {field.name: field for field in dataclasses.fields(option)}
            if "number" in fields:
                return True
            hints = typing.get_type_hints(option)
            if any(
                dataclasses.is_dataclass(hints[name]) and _announces_a_number(hints[name]) for name in fields
            ):
                return True
    return False


def test_every_use_case_that_writes_a_record_returns_its_number() -> None:
    """Walks every use-case that creates or changes records (the permission registry), so a new one is covered."""
    records.discover_stores()
    writers = {
        name
        for name, permission in authz.registry().items()
        if permission in ("record.create", "record.update") and name.startswith("desktop.services.")
    }  # (tests decorate functions of their own too)
    assert len(writers) > 50
    silent = []
    for name in sorted(writers - set(UNNUMBERED)):
        module, _, function = name.rpartition(".")
        func = getattr(importlib.import_module(module), function)
        if not _announces_a_number(typing.get_type_hints(func)["return"]):
            silent.append(name)
    assert silent == []
    assert set(UNNUMBERED) <= writers  # no stale excuses


def test_record_number_reads_a_row_or_the_row_it_wraps() -> None:
    @dataclasses.dataclass
    class Row:
        id: int
        number: str

    @dataclasses.dataclass
    class Wrapped:
        loan: Row
        flags: tuple[str, ...]

    assert ops.record_number(Row(1, "JY20260316-001")) == "JY20260316-001"
    assert ops.record_number(Wrapped(Row(1, "JY20260316-001"), ())) == "JY20260316-001"
    assert ops.record_number(3) is None


@pytest.mark.parametrize("slug", records.registered_slugs())
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_record_kind_is_announced_with_its_form(slug: str, lang: str) -> None:
    i18n.set_ui_language(lang)
    message = saved_message(slug, "X-001")
    from desktop.formspec.loader import load_form

    assert message.startswith(load_form(slug).title.get(lang)) and "X-001" in message


def test_a_key_lent_from_the_main_window_is_announced(
    qtbot: QtBot, office_db: Any, clock: FixedClock, main_window: MainWindow
) -> None:
    key = keys.add_key_set(
        {"label": "Pump room", "category": rules.FACILITY, "hook": "A-1", "quantity": 1},
        by=None,
        now=clock.now(),
    )
    dialog = LoanDialog(keys.get_key(key.id), main_window)
    qtbot.keyClicks(dialog.borrower, "Wu Gang")
    qtbot.keyClicks(dialog.phone, "13800138000")
    qtbot.keyClicks(dialog.purpose, "pump check")
    dialog.save()
    assert main_window.statusBar().currentMessage() == "Key Loan Register JY20260316-001 saved."


def test_a_sheet_filed_from_the_main_window_is_announced(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.show_page("tickets")
    panel = main_window.pages["tickets"].sheets_panel  # type: ignore[attr-defined]
    panel.new_sheet()
    dialog = panel.entry_dialog
    assert isinstance(dialog, SheetDialog)
    dialog.editor("category").set_value("sales")
    dialog.editor("customer_name").set_value("周杰")
    dialog.editor("description").set_value("发票抬头错误")
    dialog.save()
    row = panel.selected_row()
    assert row is not None
    message = main_window.statusBar().currentMessage()
    assert message == f"Hotline Customer Problem-Handling Sheet {row.number} saved."
