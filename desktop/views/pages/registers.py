"""The Registers page: the loose sheets of paper a front desk keeps, one tab each (issue 8, seed-spec §1.2, §2.6-2.7).

Tabs: Visitors (P10, sign out in one click; Ctrl+Shift+V from anywhere adds a line), Document loans (P06, approve
→ hand out → return), Archive lists (P07 per unit: add, remove, lend, dispose), Disposals (P08, review → approve
→ destroyed before two witnesses), Notices (P31 posted notices with their expiry, and phone notices), Call tally
(F05, F5-F8 from anywhere). Each list filters, searches and sorts in SQL, exports CSV and prints as its form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import N_, _
from desktop.rules import registers as rules
from desktop.services import disposals, documents, notices, visitors
from desktop.services.due import DueItem
from desktop.services.register_book import RegisterQuery, RegisterRow
from desktop.views import openers, ops, register_dialogs
from desktop.views.forms_menu import print_language
from desktop.views.pages.base import Page
from desktop.views.preview import PreviewWindow
from desktop.views.register_panel import RegisterPanel, open_register_preview
from desktop.views.tally_panel import TallyPanel, register_with_reports

VISITORS, LOANS, ARCHIVE, DISPOSALS, NOTICES, TALLY = range(6)


class ArchivePanel(RegisterPanel):
    """The archive list with a unit filter: printed per unit as the P07 list of that owner's file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("archive_unit_filter")
        self.unit_combo.setMinimumContentsLength(10)
        super().__init__(
            documents.ARCHIVE_SLUG,
            new_text=_("Add document…"),
            empty_heading=_("No owner files yet"),
            empty_sentence=_(
                "Each unit has one file. Add the documents it holds; the archive list is kept up to date "
                "as documents come and go."
            ),
            on_new=lambda: register_dialogs.open_document_dialog(
                self, unit=self.unit_combo.currentData() or ""
            ),
            parent=parent,
        )
        self.top_bar.insertWidget(self.top_bar.actions()[1], self.unit_combo)
        self.fill_units()
        self.unit_combo.currentIndexChanged.connect(lambda _index: self.apply_filters())

    def fill_units(self) -> None:
        """(Re)fill the unit filter with the units that have a file."""
        current = self.unit_combo.currentData()
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItem(_("Every unit"), None)
        for unit in ops.query(documents.archive_units, parent=self).value or []:
            self.unit_combo.addItem(unit, unit)
        self.unit_combo.setCurrentIndex(max(self.unit_combo.findData(current), 0))
        self.unit_combo.blockSignals(False)

    def query(self) -> RegisterQuery:
        query = super().query()
        unit = self.unit_combo.currentData() if hasattr(self, "unit_combo") else None
        return dataclasses.replace(query, unit=unit)

    def print_register(self, lang: str | None = None) -> PreviewWindow | None:
        """One unit chosen: that file's present contents (P07); else the lines the filters select."""
        unit = self.unit_combo.currentData()
        if not unit:
            return super().print_register(lang)
        rows = ops.query(lambda: documents.archive_list_rows(unit), parent=self).value or []
        return open_register_preview(
            documents.ARCHIVE_SLUG, list(rows), lang or print_language(), self, title_suffix=unit
        )

    def refresh(self) -> None:
        self.fill_units()
        super().refresh()


def _status_is(*statuses: str) -> Callable[[RegisterRow], bool]:
    """A row action's test: the row is in one of ``statuses``."""
    return lambda row: row.status in statuses


def _loan_step(panel: RegisterPanel, step: str) -> Callable[[RegisterRow], object]:
    """A row action running loan step ``step`` on the selected loan."""
    return lambda row: register_dialogs.loan_step(panel, row, step)


class RegistersPage(Page):
    """Visitors, document loans, archive lists, disposals, notices and the call tally.

    Attributes:
        panels: register slug → its list panel.
        tally_panel: the call tally.
    """

    key = "registers"
    title = N_("Registers")
    icon_name = "registers"
    kinds = ("office", "staff")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_("Registers"))
        self.heading.setObjectName("page_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("registers_tabs")
        self.tabs.setDocumentMode(True)
        self.visitors_panel = self._visitors()
        self.loans_panel = self._loans()
        self.archive_panel = self._archive()
        self.disposals_panel = self._disposals()
        self.notices_panel, self.phone_panel = self._notices()
        self.tally_panel = TallyPanel()
        self.panels: dict[str, RegisterPanel] = {
            panel.slug: panel
            for panel in (
                self.visitors_panel,
                self.loans_panel,
                self.archive_panel,
                self.disposals_panel,
                self.notices_panel,
                self.phone_panel,
            )
        }
        # Posted and phone notices side by side in one tab (one seed paragraph, 001:1832-1842).
        self.notices_tabs = QTabWidget()
        self.notices_tabs.setObjectName("notices_tabs")
        self.notices_tabs.addTab(self.notices_panel, _("Posted notices"))
        self.notices_tabs.addTab(self.phone_panel, _("Phone notices"))
        self.tabs.addTab(self.visitors_panel, _("Visitors"))
        self.tabs.addTab(self.loans_panel, _("Document loans"))
        self.tabs.addTab(self.archive_panel, _("Archive lists"))
        self.tabs.addTab(self.disposals_panel, _("Disposals"))
        self.tabs.addTab(self.notices_tabs, _("Notices"))
        self.tabs.addTab(self.tally_panel, _("Call tally"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)

    # -- tabs ---------------------------------------------------------------------------------------------

    def _visitors(self) -> RegisterPanel:
        panel = RegisterPanel(
            visitors.SLUG,
            new_text=_("New visitor… (Ctrl+Shift+V)"),
            empty_heading=_("No visitors registered yet"),
            empty_sentence=_(
                "Register each visitor within 10 minutes of the visit: press Ctrl+Shift+V anywhere in FrontDesk. "
                "Sign them out with one click when they leave."
            ),
            on_new=lambda: register_dialogs.open_visitor_dialog(self),
        )
        panel.add_row_action(
            _("Sign out"), "action_sign_out", _status_is(visitors.ON_SITE),
            lambda row: register_dialogs.sign_out(panel, row),
        )  # fmt: skip
        panel.add_row_action(
            _("Correct…"), "action_edit_visitor", lambda row: True,
            lambda row: register_dialogs.open_visitor_dialog(panel, row), default=True,
        )  # fmt: skip
        return panel

    def _loans(self) -> RegisterPanel:
        panel = RegisterPanel(
            documents.LOAN_SLUG,
            new_text=_("New loan…"),
            empty_heading=_("No files lent yet"),
            empty_sentence=_(
                "A file leaves the archive only after the service-centre manager approved the loan; the borrower "
                "signs the printed register. Confidential files are never lent."
            ),
            on_new=lambda: register_dialogs.open_document_picker(self),
        )
        steps = (
            (_("Approve"), "approve", (rules.LOAN_REQUESTED,)),
            (_("Hand out"), "hand_out", (rules.LOAN_APPROVED,)),
            (_("Returned"), "return", (rules.LOAN_OUT,)),
            (_("Cancel loan"), "cancel", (rules.LOAN_REQUESTED, rules.LOAN_APPROVED)),
        )
        for text, step, statuses in steps:
            panel.add_row_action(
                text, f"action_loan_{step}", _status_is(*statuses), _loan_step(panel, step),
                permission=documents.approve_loan if step == "approve" else None,
            )  # fmt: skip
        return panel

    def _archive(self) -> ArchivePanel:
        panel = ArchivePanel()
        panel.add_row_action(
            _("Lend…"), "action_lend", lambda row: row.status == documents.KEPT and not row.values.get("confidential"),
            lambda row: register_dialogs.open_loan_dialog(panel, row),
        )  # fmt: skip
        panel.add_row_action(
            _("Dispose…"), "action_dispose", _status_is(documents.KEPT),
            lambda row: register_dialogs.open_disposal_dialog(panel, row),
        )  # fmt: skip
        panel.add_row_action(
            _("Remove…"), "action_remove_document", _status_is(documents.KEPT),
            lambda row: register_dialogs.open_remove_document(panel, row),
        )  # fmt: skip
        panel.add_row_action(
            _("Correct…"), "action_edit_document", _status_is(documents.KEPT, documents.LENT),
            lambda row: register_dialogs.open_document_dialog(panel, row), default=True,
        )  # fmt: skip
        return panel

    def _disposals(self) -> RegisterPanel:
        panel = RegisterPanel(
            "document_disposal",
            new_text=_("New disposal…"),
            empty_heading=_("No disposals yet"),
            empty_sentence=_(
                "Expired files are reviewed by the customer-service supervisor, approved by the service-centre "
                "director and destroyed with at least two people present."
            ),
            on_new=lambda: register_dialogs.open_disposal_dialog(self),
        )
        panel.add_row_action(
            _("Review"), "action_disposal_review", _status_is(rules.DISPOSAL_DRAFT),
            lambda row: register_dialogs.disposal_step(panel, row, "review"), permission=disposals.review_disposal,
        )  # fmt: skip
        panel.add_row_action(
            _("Approve"), "action_disposal_approve", _status_is(rules.DISPOSAL_REVIEWED),
            lambda row: register_dialogs.disposal_step(panel, row, "approve"), permission=disposals.approve_disposal,
        )  # fmt: skip
        panel.add_row_action(
            _("Record destruction…"), "action_disposal_destroy", _status_is(rules.DISPOSAL_APPROVED),
            lambda row: register_dialogs.open_destruction_dialog(panel, row), default=True,
        )  # fmt: skip
        return panel

    def _notices(self) -> tuple[RegisterPanel, RegisterPanel]:
        posted = RegisterPanel(
            notices.SLUG,
            new_text=_("New notice…"),
            empty_heading=_("No notices recorded yet"),
            empty_sentence=_(
                "Record each notice the branch posts, with its approver, place and expiry date: FrontDesk reminds "
                "you to take it down when it expires."
            ),
            on_new=lambda: register_dialogs.open_notice_dialog(self),
        )
        posted.add_row_action(
            _("Taken down"), "action_take_down", _status_is(notices.POSTED, notices.EXPIRED),
            lambda row: register_dialogs.take_down(posted, row),
        )  # fmt: skip
        posted.add_row_action(
            _("Correct…"), "action_edit_notice", _status_is(notices.POSTED, notices.EXPIRED),
            lambda row: register_dialogs.open_notice_dialog(posted, row), default=True,
        )  # fmt: skip
        phone = RegisterPanel(
            notices.PHONE_SLUG,
            new_text=_("New phone notice…"),
            empty_heading=_("No phone notices yet"),
            empty_sentence=_(
                "In an emergency, record each phone notice: the time, the event and the person notified."
            ),
            on_new=lambda: register_dialogs.open_phone_notice_dialog(self),
        )
        return posted, phone

    # -- page ---------------------------------------------------------------------------------------------

    def show_tab(self, index: int) -> None:
        """Bring tab ``index`` (:data:`VISITORS` … :data:`TALLY`) to the front."""
        self.tabs.setCurrentIndex(index)

    def show_record(self, slug: str, record_id: int) -> bool:
        """Bring register ``slug``'s tab forward with record ``record_id`` selected (filters cleared)."""
        panel = self.panels.get(slug)
        if panel is None:
            return False
        if panel is self.notices_panel or panel is self.phone_panel:
            self.tabs.setCurrentWidget(self.notices_tabs)
            self.notices_tabs.setCurrentWidget(panel)
        else:
            self.tabs.setCurrentWidget(panel)
        panel.clear_filters()
        return panel.select_record(record_id)

    def refresh(self) -> None:
        """Reload every list (staff or office changed)."""
        for panel in self.panels.values():
            panel.refresh()
        self.tally_panel.refresh()

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        # Each table model follows its own register; the archive's unit list follows new files.
        if kind == documents.ARCHIVE_SLUG:
            self.archive_panel.fill_units()
        elif kind in self.kinds:
            self.refresh()


def _open_due_item(item: DueItem, parent: QWidget | None) -> Any:
    """Today board: bring the Registers page forward on the item's register, its line selected."""
    window = parent.window() if parent is not None else None
    if window is None or not hasattr(window, "show_page"):
        return None
    window.show_page("registers")
    page = window.findChild(RegistersPage)
    if page is None:
        return None
    page.show_record(item.record_type, item.record_id)
    return page


for _slug in (visitors.SLUG, documents.LOAN_SLUG, notices.SLUG):
    openers.register_opener(_slug, _open_due_item)

# The Reports page lists the call statistics too (this module is imported before the pages are built).
register_with_reports()

PAGE = RegistersPage
