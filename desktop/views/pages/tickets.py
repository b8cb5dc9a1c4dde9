"""The problem-sheet book (seed 000 F01-F03): sheets, the inquiry log with the next shift's list, engineer intake.

Three tabs over one page, because the hotline works them together (seed 000 §4.5): the sheet list
(:class:`~desktop.views.sheet_list_panel.SheetListPanel`), the inquiry record with unfinished items first until
someone marks them done (000:100-101), and the engineers' intake register (F02, 000:102-103). Ctrl+N files a
new sheet, Ctrl+F searches, Ctrl+P prints the selected sheet, Enter opens it.
"""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import N_, _
from desktop.views.pages.base import Page
from desktop.views.sheet_list_panel import SheetListPanel


class TicketsPage(Page):
    """Problem sheets, inquiries and engineer intake.

    Attributes:
        sheets_panel: the sheet list.
        inquiries_panel: the inquiry log (None in a build without the inquiry service).
        intake_panel: the engineers' intake register (None in a build without the intake service).
    """

    key = "tickets"
    title = N_("Problem sheets")
    icon_name = "tickets"
    kinds = ("problem_sheet", "inquiry", "intake", "office", "staff")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_("Problem sheets"))
        self.heading.setObjectName("page_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tickets_tabs")
        self.tabs.setDocumentMode(True)
        self.sheets_panel = SheetListPanel()
        self.tabs.addTab(self.sheets_panel, _("Sheets"))
        self.inquiries_panel = self._optional_panel("desktop.views.inquiry_panel", "InquiryPanel")
        if self.inquiries_panel is not None:
            self.tabs.addTab(self.inquiries_panel, _("Inquiries (unfinished first)"))
        self.intake_panel = self._optional_panel("desktop.views.intake_panel", "IntakePanel")
        if self.intake_panel is not None:
            self.tabs.addTab(self.intake_panel, _("Engineer intake"))
        self._build_layout()
        if self.inquiries_panel is not None and hasattr(self.inquiries_panel, "sheet_filed"):
            self.inquiries_panel.sheet_filed.connect(self._on_sheet_filed)
        if self.intake_panel is not None and hasattr(self.intake_panel, "sheet_requested"):
            self.intake_panel.sheet_requested.connect(self.sheets_panel.open_sheet)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)

    @staticmethod
    def _optional_panel(module_name: str, class_name: str) -> QWidget | None:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        panel: QWidget = getattr(module, class_name)()
        return panel

    def refresh(self) -> None:
        """Reload the lists (staff, departments or settings changed; records are followed by each model)."""
        self.sheets_panel.refresh()
        for panel in (self.inquiries_panel, self.intake_panel):
            if panel is not None and hasattr(panel, "refresh"):
                panel.refresh()

    def _on_sheet_filed(self, sheet: object) -> None:
        """An inquiry became a sheet: show it in the sheet list."""
        self.tabs.setCurrentWidget(self.sheets_panel)
        sheet_id = getattr(sheet, "id", None)
        if isinstance(sheet_id, int):
            self.sheets_panel.select_sheet(sheet_id)

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        # The table models follow their own record kind; the page reloads its filter lists for office changes.
        if kind in ("office", "staff"):
            self.refresh()


PAGE = TicketsPage
