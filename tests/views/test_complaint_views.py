"""Complaint book and Reports screens: models (qtmodeltester), the register page, dialogs opened with open(),
the workflow driven from the detail, the statistics table against the XLSX export, the report-tab registry."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import peewee
import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.models.ticket import ProblemSheet
from desktop.rules.statistics import Period
from desktop.services import complaints, stats
from desktop.services.clock import FixedClock
from desktop.views import ops
from desktop.views.callback_dialog import CallbackDialog
from desktop.views.charts import BarChart, LineChart, Series
from desktop.views.complaint_detail import ComplaintDetail
from desktop.views.complaint_dialog import RECODE, ComplaintDialog, ReportDialog, StepDialog
from desktop.views.pages import reports
from desktop.views.pages.complaints import ComplaintListPanel, ComplaintsPage
from desktop.views.pages.reports import ComplaintRatesTab, ReportsPage
from desktop.views.tablemodels.complaints import VALUE_ROLE, ComplaintsModel, StatsModel
from tests.services.complaint_fixtures import People, make_people


@pytest.fixture
def people(db: peewee.SqliteDatabase, clock: FixedClock) -> People:
    i18n.set_ui_language("en")
    people = make_people(clock.now())
    ops.set_staff_on_duty(people.receptionist)
    return people


def _register(people: People, at: datetime, **values: object) -> complaints.ComplaintRow:
    return complaints.register_complaint(
        {"organisation": "阳光花园", "matter": "电梯困人", "department_id": people.engineering, "complained_at": at,
         **values},
        by=people.receptionist,
        now=at,
    )  # fmt: skip


def test_models_pass_the_model_tester(qtmodeltester: object, people: People, clock: FixedClock) -> None:
    for index in range(5):
        _register(people, clock.now() - timedelta(days=index))
    model = ComplaintsModel(page_size=2)
    model.reload()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.total() == 5
    stats_model = StatsModel()
    stats_model.set_table(stats.complaint_statistics(Period(2026, "month", 3), now=clock.now()))
    qtmodeltester.check(stats_model)  # type: ignore[attr-defined]


def test_empty_register_shows_the_empty_state(qtbot: QtBot, people: People) -> None:
    panel = ComplaintListPanel()
    qtbot.addWidget(panel)
    assert panel.stack.currentWidget() is panel.empty_state
    assert panel.count_label.text() == "0 complaints"


def test_new_complaint_with_ctrl_n(qtbot: QtBot, people: People, clock: FixedClock) -> None:
    panel = ComplaintListPanel()
    qtbot.addWidget(panel)
    assert panel.new_action.shortcut().toString() == "Ctrl+N"
    panel.new_action.trigger()
    dialog = panel.entry_dialog
    assert isinstance(dialog, ComplaintDialog) and dialog.isVisible()
    dialog.editor("organisation").set_value("阳光花园3栋")
    dialog.editor("matter").set_value("保安态度差")
    dialog.editor("department").set_value(str(people.security))
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    assert panel.model.total() == 1
    row = panel.selected_row()
    assert row is not None and row.department == "安管部" and row.number == "202603-0001"


def test_required_fields_are_shown_beside_them(qtbot: QtBot, people: People) -> None:
    dialog = ComplaintDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.save()
    assert dialog.errors()["organisation"] == "Complainant (organisation) is required."


def test_search_and_filters(qtbot: QtBot, people: People, clock: FixedClock) -> None:
    _register(people, clock.now(), organisation="腾讯")
    _register(people, clock.now(), organisation="华为", department_id=people.service)
    panel = ComplaintListPanel()
    qtbot.addWidget(panel)
    panel.search_edit.setText("华为")
    panel.apply_filters()
    assert panel.model.total() == 1
    panel.clear_filters()
    panel.department_combo.setCurrentIndex(panel.department_combo.findData(people.engineering))
    assert panel.model.total() == 1
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("closed"))
    assert panel.stack.currentWidget() is panel.no_match_state


def test_detail_drives_the_workflow(qtbot: QtBot, people: People, clock: FixedClock) -> None:
    row = _register(people, clock.now())
    detail = ComplaintDetail(row)
    qtbot.addWidget(detail)
    assert detail.step_button.text() == "Relay to the department head…"
    step = detail.start_step()
    assert isinstance(step, StepDialog)
    step.editor("relayed_to").set_value(str(people.head))
    step.save()
    assert detail.complaint.stage == "answer"
    assert detail.complaint.values["relayed_to"] == "冯建国"
    step = detail.start_step()
    assert isinstance(step, StepDialog)
    step.editor("note").set_value("已电话答复")
    step.save()
    report = detail.start_step()
    assert isinstance(report, ReportDialog)
    report.editor("method").set_value("上门重新维修")
    report.save()
    assert detail.complaint.stage == "callback"
    # The callback is made in the callback book's dialog, on the entry the report scheduled (000:409).
    call = detail.start_step()
    assert isinstance(call, CallbackDialog)
    assert call.row.ref_number == detail.complaint.number
    assert call.complaint_hint.isVisibleTo(call) and not call.follow_up.isVisibleTo(call)
    call.dissatisfied.setChecked(True)
    call.evaluation.setPlainText("还是不满意")
    call.save()
    assert detail.complaint.status == "reopened"
    assert detail.complaint.report is not None
    assert detail.complaint.report["callback_result"] == "还是不满意"
    assert detail.next_button.isVisibleTo(detail)
    with qtbot.waitSignal(detail.open_requested) as opened:
        detail.next_button.click()
    assert opened.args == [detail.complaint.next_id]


def test_recode_only_for_managers(qtbot: QtBot, people: People, clock: FixedClock) -> None:
    row = _register(people, clock.now(), category="technical")
    detail = ComplaintDetail(row)
    qtbot.addWidget(detail)
    assert not detail.recode_button.isVisibleTo(detail)
    ops.set_staff_on_duty(people.manager)
    detail.show_complaint(row)
    assert detail.recode_button.isVisibleTo(detail)
    detail.recode_button.click()
    dialog = detail.dialog
    assert isinstance(dialog, StepDialog) and dialog.kind == RECODE
    dialog.editor("category").set_value("service")
    dialog.editor("reason").set_value("实为态度问题")
    dialog.save()
    assert (detail.complaint.category, detail.complaint.original_category) == ("service", "technical")


def test_stats_table_matches_the_xlsx(
    qtbot: QtBot, people: People, clock: FixedClock, tmp_path: Path
) -> None:
    _register(people, datetime(2026, 3, 2, 10, 0))
    _register(people, datetime(2026, 3, 3, 10, 0), department_id=people.service)
    for index in range(30):
        ProblemSheet.insert(
            number=f"S{index}", category="technical", customer_name="x", description="x",
            received_at=datetime(2026, 3, 5), handover_due=datetime(2026, 3, 5), status="resolved",
            result_returned_at=datetime(2026, 3, 5, 12), department=people.engineering,
            created_at=datetime(2026, 3, 5), updated_at=datetime(2026, 3, 5),
        ).execute()  # fmt: skip
    tab = ComplaintRatesTab()
    qtbot.addWidget(tab)
    assert tab.picker.period().key == "2026-03"
    model = tab.model
    shown = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert shown[0][:5] == ["工程部", "1", "1", "30", "3.33%"]
    # Complaints but no repairs: flagged, neither infinity nor a silent dash.
    assert shown[1][:5] == ["客户服务部", "1", "1", "0", "Complaints but no repairs"]
    path = tab.export(".xlsx", tmp_path / "march.xlsx")
    assert path is not None
    sheet = load_workbook(path).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    values = [
        [model.index(r, c).data(VALUE_ROLE) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert cells == values
    assert tab.bar_chart.categories[:2] == ("工程部", "客户服务部")
    assert tab.bar_chart.series[0].values[1] is None


def test_report_tab_registry(qtbot: QtBot, people: People) -> None:
    def factory(parent: QWidget | None = None) -> QWidget:
        widget = QWidget(parent)
        widget.setObjectName("plugged_in")
        return widget

    reports.register_report_tab("test_tab", "Plugged in", factory)
    try:
        page = ReportsPage()
        qtbot.addWidget(page)
        titles = [page.tabs.tabText(index) for index in range(page.tabs.count())]
        assert titles[:2] == ["Complaint rates", "Customer ratings"]
        assert "Plugged in" in titles
        assert page.tab_widgets["test_tab"].objectName() == "plugged_in"
    finally:
        reports._TABS.pop("test_tab", None)


def test_charts_paint_with_gaps(qtbot: QtBot) -> None:
    for chart in (BarChart(), LineChart()):
        qtbot.addWidget(chart)
        chart.resize(400, 260)
        chart.set_data(
            ["a", "b", "c"], [Series("rate", (0.02, None, 0.05))], title="t", target=0.01, target_label="1%"
        )
        image = chart.grab().toImage()
        assert not image.isNull() and image.width() == 400


def test_page_has_register_and_ratings(qtbot: QtBot, people: People) -> None:
    page = ComplaintsPage()
    qtbot.addWidget(page)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Register", "Customer ratings"]


def test_reports_are_counted_when_looked_at_not_at_start_or_on_every_save(
    qtbot: QtBot, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year of statistics took 11 s on a million sheets: at start-up and after every saved sheet."""
    counted: list[str] = []
    real = reports.stats.complaint_statistics
    monkeypatch.setattr(
        reports.stats, "complaint_statistics", lambda *a, **k: counted.append("rates") or real(*a, **k)
    )
    page = ReportsPage()
    qtbot.addWidget(page)
    assert counted == []  # built with the main window, counted only when shown
    page.refresh()  # a sheet was saved elsewhere
    assert counted == []
    page.show()
    qtbot.waitExposed(page)
    assert counted == ["rates"]
    page.refresh()  # saved while the desk looks at it: counted again at once
    assert counted == ["rates", "rates"]
    page.hide()
    page.refresh()
    page.refresh()
    assert counted == ["rates", "rates"]
    page.show()
    assert counted == ["rates", "rates", "rates"]  # once, for both saves
