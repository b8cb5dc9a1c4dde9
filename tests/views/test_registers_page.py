"""The Registers page, its table models, dialogs and the application-wide shortcuts (issue 8)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.rules import registers as rules
from desktop.services import call_tally, disposals, documents, notices, office, visitors
from desktop.services.clock import FixedClock
from desktop.services.register_book import RegisterQuery, get_book
from desktop.views import ops
from desktop.views.form_dialog import FormDialog
from desktop.views.pages.registers import RegistersPage
from desktop.views.register_dialogs import DestructionDialog, open_loan_dialog
from desktop.views.tablemodels.registers import RegisterModel, TallyDaysModel

from .conftest import ShownMessage

NOW = datetime(2026, 3, 16, 9, 0)
SLUGS = ("visitor_register", "document_loan", "archive_list", "document_disposal", "notice_register",
         "phone_notice_register")  # fmt: skip


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_ui_language("en")


@pytest.fixture
def admin(office_db: peewee.SqliteDatabase) -> int:
    person = next(row for row in office.list_staff() if row.employee_no == "001")
    ops.set_staff_on_duty(person.id)
    return person.id


@pytest.fixture
def page(qtbot: QtBot, admin: int) -> RegistersPage:
    widget = RegistersPage()
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _filled(admin: int) -> dict[str, Any]:
    """One record of each register (the admin may approve and dispose)."""
    visit = visitors.register_visitor({"visitor_name": "Zhang", "purpose": "business"}, by=admin, now=NOW)
    item = documents.add_document(
        {"unit": "3-2-502", "category": "move_in", "title": "Contract"}, by=admin, now=NOW
    )
    secret = documents.add_document(
        {"unit": "3-2-502", "category": "move_in", "title": "ID copy", "confidential": True},
        by=admin,
        now=NOW,
    )
    loan = documents.request_loan(item.id, {"borrower": "Wu", "reason": "check"}, by=admin, now=NOW)
    disposal = disposals.propose_disposal({"document": "Receipt", "reason": "expired"}, by=admin, now=NOW)
    notice = notices.post_notice(
        {"title": "Water off", "branch": "Centre", "approved_by": "Huang", "expires_on": date(2026, 3, 20)},
        by=admin,
        now=NOW,
    )
    notices.record_phone_notice({"event": "Flood", "person_notified": "Li"}, by=admin, now=NOW)
    call_tally.count_call("technical", by=admin, now=NOW)
    return {
        "visit": visit,
        "item": item,
        "secret": secret,
        "loan": loan,
        "disposal": disposal,
        "notice": notice,
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_register_models_pass_the_model_tester(qtmodeltester: Any, admin: int, slug: str) -> None:
    _filled(admin)
    model = RegisterModel(slug)
    model.set_query(RegisterQuery())
    assert model.rowCount() >= 1
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_tally_model_passes_the_model_tester(qtmodeltester: Any, admin: int) -> None:
    _filled(admin)
    model = TallyDaysModel()
    model.set_days(call_tally.counts_by_day(date(2026, 3, 1), date(2026, 3, 31)))
    assert model.rowCount() == 2  # the day and the total
    assert model.data(model.index(0, 1)) == "1  一"
    qtmodeltester.check(model)


def test_every_tab_has_an_empty_state(page: RegistersPage) -> None:
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Visitors", "Document loans", "Archive lists", "Disposals", "Notices", "Call tally"
    ]  # fmt: skip
    for panel in page.panels.values():
        assert panel.stack.currentWidget() is panel.empty_state


def test_visitor_in_two_keystrokes_from_anywhere_and_out_in_one_click(
    qtbot: QtBot, main_window: Any, admin: int
) -> None:
    main_window.show_page("today")
    qtbot.keyClick(
        main_window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = main_window.register_shortcuts.dialog
    assert isinstance(dialog, FormDialog) and dialog.isVisible()
    dialog.editor("visitor_name").set_value("Zhang San")
    dialog.editor("purpose").set_value("business")
    dialog.editor("people").set_value(3)
    dialog.editor("id_checked").set_value(True)
    dialog.save()
    assert dialog.errors() == {}
    assert not dialog.isVisible()
    page = main_window.pages["registers"]
    panel = page.visitors_panel
    assert panel.model.total() == 1
    row = panel.selected_row()
    assert row is not None and row.values["receptionist"] == "张三" and row.status == visitors.ON_SITE
    sign_out = panel.findChild(type(panel.new_action), "action_sign_out")
    assert sign_out.isEnabled()
    sign_out.trigger()
    row = panel.selected_row()
    assert row is not None and row.status == visitors.LEFT
    assert not sign_out.isEnabled()


def test_f5_to_f8_count_calls_from_anywhere_and_show_todays_counts(
    qtbot: QtBot, main_window: Any, admin: int
) -> None:
    main_window.show_page("tickets")
    for key in (Qt.Key.Key_F5, Qt.Key.Key_F5, Qt.Key.Key_F6, Qt.Key.Key_F8):
        qtbot.keyClick(main_window, key)
    assert call_tally.counts_for_day(NOW.date()).counts == {
        "technical": 2,
        "service": 1,
        "sales": 0,
        "other": 1,
    }
    bar = main_window.register_shortcuts.bar
    assert bar.text().startswith("F5 Technical quality 2  ·  F6 Service quality 1")
    tally = main_window.pages["registers"].tally_panel
    assert tally.today_label.text() == "Calls today: 4"
    assert "2  丅" in tally.category_buttons["technical"].text()


def test_confidential_file_cannot_be_chosen_for_lending(page: RegistersPage, admin: int) -> None:
    records = _filled(admin)
    page.archive_panel.refresh()
    row = page.archive_panel.model.row_at(page.archive_panel.model.row_of(records["secret"].id))
    assert row is not None
    lend = page.archive_panel.findChild(type(page.archive_panel.new_action), "action_lend")
    page.archive_panel.select_record(row.id)
    assert not lend.isEnabled()


def test_confidential_loan_dialog_refuses(shown_messages: list[ShownMessage], admin: int) -> None:
    records = _filled(admin)
    secret = get_book("archive_list").row(get_book("archive_list").get(records["secret"].id), NOW)
    assert open_loan_dialog(None, secret) is None
    assert shown_messages[-1].text == (
        "3-2-502 ID copy is confidential (an owner's or tenant's personal documents): it cannot be lent or copied."
    )


def test_loan_buttons_follow_approval(page: RegistersPage, admin: int) -> None:
    records = _filled(admin)
    panel = page.loans_panel
    panel.refresh()
    panel.select_record(records["loan"].id)
    actions = {name: panel.findChild(type(panel.new_action), f"action_loan_{name}") for name in
               ("approve", "hand_out", "return", "cancel")}  # fmt: skip
    assert actions["approve"].isEnabled() and not actions["hand_out"].isEnabled()
    actions["approve"].trigger()
    assert panel.selected_row().values["approved_by"] == "张三"  # type: ignore[union-attr]
    assert actions["hand_out"].isEnabled()
    actions["hand_out"].trigger()
    assert panel.selected_row().status == rules.LOAN_OUT  # type: ignore[union-attr]
    assert actions["return"].isEnabled()


def test_destruction_with_one_witness_is_refused_in_the_dialog(qtbot: QtBot, admin: int) -> None:
    records = _filled(admin)
    disposal = records["disposal"]
    disposals.review_disposal(disposal.id, by=admin, now=NOW)
    row = disposals.approve_disposal(disposal.id, by=admin, now=NOW)
    dialog = DestructionDialog(row)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.witness_edits[0].setText("王芳")
    dialog.save()
    assert dialog.error_label.text() == (
        "At least two people must be present when files are destroyed: record both witnesses."
    )
    assert dialog.isVisible()
    dialog.witness_edits[1].setText("刘洋")
    dialog.save()
    assert not dialog.isVisible()
    assert disposals.witnesses(disposal.id) == ["王芳", "刘洋"]


def test_filters_search_and_print(qtbot: QtBot, page: RegistersPage, admin: int) -> None:
    _filled(admin)
    visitors.register_visitor(
        {"visitor_name": "Li", "purpose": "tour"}, by=admin, now=NOW + timedelta(hours=1)
    )
    panel = page.visitors_panel
    panel.refresh()
    assert panel.model.total() == 2
    panel.search_edit.setText("Li")
    panel.apply_filters()
    assert panel.model.total() == 1
    panel.search_edit.setText("nobody")
    panel.apply_filters()
    assert panel.stack.currentWidget() is panel.no_match_state
    panel.clear_filters()
    panel.set_status_filter(visitors.ON_SITE)
    assert panel.model.total() == 2
    preview = panel.print_register("en")
    assert preview is not None and preview.page_count() >= 1
    qtbot.addWidget(preview)
    tally = page.tally_panel.print_report("zh_CN")
    assert tally is not None
    qtbot.addWidget(tally)


def test_print_this_line_prints_the_selected_line_alone(
    qtbot: QtBot, page: RegistersPage, admin: int
) -> None:
    """One visitor's line on its register page, to sign: the same printout as `frontdesk print SLUG NUMBER`."""
    from desktop.services import printing
    from tests.pdf.reading import text_of

    records = _filled(admin)
    visitors.register_visitor({"visitor_name": "Li", "purpose": "tour"}, by=admin, now=NOW)
    panel = page.visitors_panel
    panel.refresh()
    assert panel.select_record(records["visit"].id)
    assert panel.print_line_action.isEnabled()
    preview = panel.print_selected_line("en")
    assert preview is not None
    qtbot.addWidget(preview)
    text = "".join(text_of(preview.pdf_bytes()))
    assert records["visit"].number in text and "Zhang" in text and "Li" not in text.split()
    assert preview.pdf_bytes() == printing.print_record(visitors.SLUG, records["visit"].number, lang="en")


def test_notice_to_take_down_is_red_after_its_last_day(admin: int, clock: FixedClock) -> None:
    records = _filled(admin)
    clock.set(datetime(2026, 3, 21, 9, 0))
    model = RegisterModel(notices.SLUG)
    model.set_query(RegisterQuery())
    index = model.row_of(records["notice"].id)
    row = model.row_at(index)
    assert row is not None and row.attention and row.status == notices.EXPIRED
    assert model.data(model.index(index, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(model.index(index, model.columnCount() - 1)) == "To take down"


def test_today_board_item_opens_its_register_line(main_window: Any, admin: int, clock: FixedClock) -> None:
    from desktop.services.due import collect_due
    from desktop.views import openers

    records = _filled(admin)
    clock.set(datetime(2026, 3, 16, 18, 0))
    item = next(i for i in collect_due(now=clock.now()) if i.kind == visitors.DUE_ON_SITE)
    opener = openers.opener_for(item.record_type)
    assert opener is not None
    page = opener(item, main_window.pages["today"])
    assert main_window.current_page_key() == "registers"
    assert page.visitors_panel.selected_row().id == records["visit"].id


def test_call_statistics_are_a_reports_tab(main_window: Any, admin: int) -> None:
    from desktop.views.tally_panel import TallyPanel

    reports = main_window.pages["reports"]
    tabs = [tab for tab in reports.tab_widgets.values() if isinstance(tab, TallyPanel)]  # built when asked
    assert len(tabs) == 1
    tabs[0].period_combo.setCurrentIndex(1)  # month
    assert tabs[0].print_report("en") is not None
