"""Every screen of FrontDesk, built over the demo database: each page and each dialog, for tests that must hold
for all of them (error lines never clipped, typed text never thrown away, texts that fit, Enter opens a row).

The dialog classes are found by walking ``desktop.views`` for ``QDialog`` subclasses, not listed by hand; each
one needs a builder here (what records it opens on). :func:`missing_builders` names a dialog class that has
none, so a test fails the day a dialog is added without one — and from then on it is covered.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

import desktop.views
from desktop.formspec.loader import load_all
from desktop.i18n import ui_language
from desktop.rules import complaints as complaint_rules
from desktop.rules import keys as key_rules
from desktop.rules import sheet_workflow
from desktop.services import (
    callback_list,
    callback_rows,
    complaint_list,
    complaint_rows,
    drafts,
    inquiries,
    intake,
    key_counts,
    key_issues,
    key_loans,
    keys,
    office,
    sheet_list,
    sheets,
)
from desktop.services.callback_list import CallbackQuery
from desktop.services.complaint_list import ComplaintQuery
from desktop.services.register_book import RegisterQuery, get_book
from desktop.services.sheet_rows import SheetQuery

#: The moment the demo is filled for and the screens are opened at (a Monday, office hours).
NOW = datetime(2026, 3, 16, 9, 0)

#: Base classes that are never shown themselves.
ABSTRACT = frozenset(
    {
        "desktop.views.desk_dialog.DeskDialog",
        "desktop.views.key_dialog_base.FormDialog",
        "desktop.views.key_dialog_base.ListDialog",
    }
)


def dialog_classes() -> dict[str, type[QDialog]]:
    """``module.Class`` → every QDialog subclass (wizards included) defined in ``desktop.views``."""
    found: dict[str, type[QDialog]] = {}
    for info in pkgutil.walk_packages(desktop.views.__path__, "desktop.views."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, QDialog) and obj.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = obj
    return found


@dataclass
class Demo:
    """The records the screens open on, found in (or added to) the demo database."""

    db_path: Path

    def damage(self) -> Any:
        """The damage screen's subject: this database, as a damaged file with no backup would be reported."""
        from desktop.services import recovery

        return recovery.Damage(
            self.db_path, f"The database {self.db_path} is damaged: page 7 cannot be read.", ("page 7",), None
        )

    def sheet(self, status: str | None = None) -> Any:
        rows = sheet_list.list_sheets(SheetQuery(statuses=(status,) if status else ()), now=NOW, limit=50)
        return sheets.get_sheet(rows[0].id, now=NOW)

    def sheet_for(self, action: str) -> Any:
        for status in (
            sheet_workflow.RECEIVED,
            sheet_workflow.HANDED_OVER,
            sheet_workflow.PLANNED,
            sheet_workflow.RESOLVED,
            sheet_workflow.REVIEWED,
            sheet_workflow.CLOSED,
        ):
            if not any(
                action in sheet_workflow.allowed_actions(status, called_back=c) for c in (False, True)
            ):
                continue
            # Closing also depends on the callback: ask each sheet what it allows.
            for row in sheet_list.list_sheets(SheetQuery(statuses=(status,)), now=NOW, limit=50):
                sheet = sheets.get_sheet(row.id, now=NOW)
                if action in sheet.allowed_actions:
                    return sheet
        raise LookupError(action)

    def callback(self) -> Any:
        (row,) = callback_list.list_callbacks(CallbackQuery(status="pending"), now=NOW, limit=1)
        return callback_rows.get_callback(row.id, now=NOW)

    def complaint(self) -> Any:
        rows = complaint_list.list_complaints(ComplaintQuery(), now=NOW, limit=1)
        return complaint_rows.get_complaint(rows[0].id, now=NOW)

    def key(self, status: str = key_rules.IN) -> Any:
        rows = keys.list_keys(keys.KeyQuery(), now=NOW, limit=500)
        return next(row for row in rows if row.status == status and row.category != key_rules.OWNER)

    def owner_key(self) -> Any:
        rows = keys.list_keys(keys.KeyQuery(), now=NOW, limit=500)
        return next(row for row in rows if row.category == key_rules.OWNER)

    def open_loan(self) -> Any:
        return next(loan for loan in key_loans.list_loans(open_only=True))

    def copy_request(self) -> Any:
        return key_issues.copy_requests()[0]

    def lost_report(self) -> Any:
        reports = key_counts.lost_reports()
        if reports:
            return reports[0]
        key = self.key()
        return key_counts.report_lost(
            key.id,
            quantity=1,
            reported_by="王强",
            circumstances="掉在电梯里",
            reported_to="李经理",
            by=None,
            now=NOW,
        )

    def inquiry(self) -> Any:
        return inquiries.list_inquiries(now=NOW, unfinished_only=True, limit=1)[0]

    def intake_entry(self) -> Any:
        return intake.list_intake()[0]

    def approved_disposal(self) -> Any:
        rows = get_book("document_disposal").rows(RegisterQuery(), now=NOW)
        return next(row for row in rows if row.status == "approved")

    def staff_id(self) -> int:
        return office.list_staff()[0].id

    def draft(self) -> Any:
        return drafts.save_draft("visitor_register", None, {"visitor": "Wang"}, db_path=self.db_path)


def _lazy(module: str, name: str) -> Callable[..., Any]:
    return lambda *args, **kwargs: getattr(importlib.import_module(module), name)(*args, **kwargs)


#: ``module.Class`` → builds that dialog over :class:`Demo` (several builds when it has several faces).
BUILDERS: dict[str, Callable[[Demo], list[QDialog]]] = {
    "desktop.views.amendment_dialog.AmendmentDialog": lambda demo: [
        _lazy("desktop.views.amendment_dialog", "AmendmentDialog")(demo.sheet(sheet_workflow.CLOSED))
    ],
    "desktop.views.callback_dialog.CallbackDialog": lambda demo: [
        _lazy("desktop.views.callback_dialog", "CallbackDialog")(demo.callback())
    ],
    "desktop.views.complaint_detail.ComplaintDetail": lambda demo: [
        _lazy("desktop.views.complaint_detail", "ComplaintDetail")(demo.complaint())
    ],
    "desktop.views.complaint_dialog.ComplaintDialog": lambda demo: [
        _lazy("desktop.views.complaint_dialog", "ComplaintDialog")()
    ],
    "desktop.views.complaint_dialog.ReportDialog": lambda demo: [
        _lazy("desktop.views.complaint_dialog", "ReportDialog")(demo.complaint())
    ],
    "desktop.views.complaint_dialog.StepDialog": lambda demo: [
        _lazy("desktop.views.complaint_dialog", "StepDialog")(demo.complaint(), kind)
        for kind in (*complaint_rules.STAGE_LABELS, "recode")
    ],
    "desktop.views.drafts_dialog.DraftsDialog": lambda demo: [
        _lazy("desktop.views.drafts_dialog", "DraftsDialog")([demo.draft()])
    ],
    "desktop.views.first_run.FirstRunWizard": lambda demo: [
        _lazy("desktop.views.first_run", "FirstRunWizard")()
    ],
    "desktop.views.form_dialog.FormDialog": lambda demo: [
        _lazy("desktop.views.form_dialog", "FormDialog")(form, None, lang=ui_language(), now=NOW)
        for form in load_all().values()
    ],
    "desktop.views.import_dialog.ImportDialog": lambda demo: [
        _lazy("desktop.views.import_dialog", "ImportDialog")(),
        _lazy("desktop.views.import_dialog", "ImportDialog")(slug="visitor_register"),
    ],
    "desktop.views.inquiry_dialog.CategoryDialog": lambda demo: [
        _lazy("desktop.views.inquiry_dialog", "CategoryDialog")()
    ],
    "desktop.views.inquiry_dialog.InquiryDialog": lambda demo: [
        _lazy("desktop.views.inquiry_dialog", "InquiryDialog")(),
        _lazy("desktop.views.inquiry_dialog", "InquiryDialog")(inquiry=demo.inquiry()),
    ],
    "desktop.views.intake_dialog.IntakeDialog": lambda demo: [
        _lazy("desktop.views.intake_dialog", "IntakeDialog")(sheet=demo.sheet(sheet_workflow.HANDED_OVER))
    ],
    "desktop.views.intake_dialog.CompleteIntakeDialog": lambda demo: [
        _lazy("desktop.views.intake_dialog", "CompleteIntakeDialog")(demo.intake_entry())
    ],
    "desktop.views.intake_dialog.SheetPicker": lambda demo: [
        _lazy("desktop.views.intake_dialog", "SheetPicker")()
    ],
    "desktop.views.key_count_dialogs.LostReportDialog": lambda demo: [
        _lazy("desktop.views.key_count_dialogs", "LostReportDialog")(demo.key())
    ],
    "desktop.views.key_count_dialogs.CountDialog": lambda demo: [
        _lazy("desktop.views.key_count_dialogs", "CountDialog")(handover=handover)
        for handover in (False, True)
    ],
    "desktop.views.key_followup_dialogs.CopyRequestsDialog": lambda demo: [
        _lazy("desktop.views.key_followup_dialogs", "CopyRequestsDialog")()
    ],
    "desktop.views.key_followup_dialogs.CopyConsentDialog": lambda demo: [
        _lazy("desktop.views.key_followup_dialogs", "CopyConsentDialog")(demo.copy_request())
    ],
    "desktop.views.key_followup_dialogs.CopyMadeDialog": lambda demo: [
        _lazy("desktop.views.key_followup_dialogs", "CopyMadeDialog")(demo.copy_request())
    ],
    "desktop.views.key_followup_dialogs.LostKeysDialog": lambda demo: [
        _lazy("desktop.views.key_followup_dialogs", "LostKeysDialog")()
    ],
    "desktop.views.key_followup_dialogs.LostFollowUpDialog": lambda demo: [
        _lazy("desktop.views.key_followup_dialogs", "LostFollowUpDialog")(demo.lost_report())
    ],
    "desktop.views.key_issue_dialogs.OwnerIssueDialog": lambda demo: [
        _lazy("desktop.views.key_issue_dialogs", "OwnerIssueDialog")(demo.owner_key())
    ],
    "desktop.views.key_issue_dialogs.CopyRequestDialog": lambda demo: [
        _lazy("desktop.views.key_issue_dialogs", "CopyRequestDialog")(demo.key())
    ],
    "desktop.views.key_loan_dialogs.LoanDialog": lambda demo: [
        _lazy("desktop.views.key_loan_dialogs", "LoanDialog")(demo.key())
    ],
    "desktop.views.key_loan_dialogs.ReturnDialog": lambda demo: [
        _lazy("desktop.views.key_loan_dialogs", "ReturnDialog")(demo.open_loan())
    ],
    "desktop.views.key_set_dialog.NewKeyDialog": lambda demo: [
        _lazy("desktop.views.key_set_dialog", "NewKeyDialog")()
    ],
    "desktop.views.login_dialog.LoginDialog": lambda demo: [
        _lazy("desktop.views.login_dialog", "LoginDialog")()
    ],
    "desktop.views.login_dialog.SetPasswordDialog": lambda demo: [
        _lazy("desktop.views.login_dialog", "SetPasswordDialog")(demo.staff_id(), "张三")
    ],
    "desktop.views.ratings_panel.RatingDialog": lambda demo: [
        _lazy("desktop.views.ratings_panel", "RatingDialog")()
    ],
    "desktop.views.register_dialogs.DocumentPicker": lambda demo: [
        _lazy("desktop.views.register_dialogs", "DocumentPicker")()
    ],
    "desktop.views.register_dialogs.DestructionDialog": lambda demo: [
        _lazy("desktop.views.register_dialogs", "DestructionDialog")(demo.approved_disposal())
    ],
    "desktop.views.damage_dialog.DamageDialog": lambda demo: [
        _lazy("desktop.views.damage_dialog", "DamageDialog")(demo.damage(), restorable=restorable)
        for restorable in (True, False)
    ],
    "desktop.views.restore_dialog.RestoreDialog": lambda demo: [
        _lazy("desktop.views.restore_dialog", "RestoreDialog")(demo.db_path)
    ],
    "desktop.views.retention_dialog.RetentionDialog": lambda demo: [
        _lazy("desktop.views.retention_dialog", "RetentionDialog")()
    ],
    "desktop.views.settings_dialog.SettingsDialog": lambda demo: [
        _lazy("desktop.views.settings_dialog", "SettingsDialog")()
    ],
    "desktop.views.sheet_actions.SheetActionDialog": lambda demo: [
        _lazy("desktop.views.sheet_actions", "SheetActionDialog")(demo.sheet_for(action), action)
        for action in sheet_workflow.ACTION_LABELS
    ],
    "desktop.views.sheet_detail.SheetDetail": lambda demo: [
        _lazy("desktop.views.sheet_detail", "SheetDetail")(demo.sheet(status))
        for status in (sheet_workflow.RECEIVED, sheet_workflow.RESOLVED, sheet_workflow.CLOSED)
    ],
    "desktop.views.sheet_dialog.SheetDialog": lambda demo: [
        _lazy("desktop.views.sheet_dialog", "SheetDialog")(),
        _lazy("desktop.views.sheet_dialog", "SheetDialog")(demo.sheet(sheet_workflow.RECEIVED)),
    ],
}


def missing_builders() -> list[str]:
    """Dialog classes with no builder (and not abstract): a new dialog must be added to :data:`BUILDERS`."""
    return sorted(set(dialog_classes()) - set(BUILDERS) - ABSTRACT)


def dialog_names() -> list[str]:
    """Every dialog class to build, sorted (for test parameters)."""
    return sorted(BUILDERS)


def build(name: str, demo: Demo) -> list[QDialog]:
    """Every face of dialog class ``name`` over ``demo``."""
    return BUILDERS[name](demo)


def page_widgets() -> Iterator[QWidget]:
    """A fresh instance of every page of the main window."""
    from desktop.views.pages import page_classes

    for page_class in page_classes():
        yield page_class()
