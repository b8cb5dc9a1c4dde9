"""Every kind of dialog FrontDesk can open, and how the desk opens each one from the main window.

A *dialog kind* is a :class:`QDialog` subclass defined in ``desktop/views`` — plus, for the generic
:class:`~desktop.views.form_dialog.FormDialog` that the registers build from their forms, one kind per register
(enumerated from the Registers page, so a new register is a new kind without an edit here). Each kind has an
opener that goes the way a person would: the page's action or method, on a record that allows it.

:func:`undeclared_dialog_classes` walks every module under ``desktop/views`` for QDialog subclasses; a class
with neither an opener nor a place in :data:`BASES` fails ``tests/soak/test_dialog_kinds.py``, so the next
dialog is soaked as soon as it is written.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

import desktop.views
from desktop.models.base import db
from desktop.services import drafts, inquiries, key_counts, key_issues
from desktop.views import ops
from desktop.views.amendment_dialog import AmendmentDialog
from desktop.views.callback_dialog import CallbackDialog
from desktop.views.complaint_detail import ComplaintDetail
from desktop.views.complaint_dialog import ComplaintDialog, ReportDialog, StepDialog
from desktop.views.damage_dialog import DamageDialog
from desktop.views.desk_dialog import DeskDialog
from desktop.views.drafts_dialog import DraftsDialog
from desktop.views.first_run import FirstRunWizard
from desktop.views.form_dialog import FormDialog
from desktop.views.import_dialog import ImportDialog
from desktop.views.inquiry_dialog import CategoryDialog, InquiryDialog
from desktop.views.intake_dialog import CompleteIntakeDialog, IntakeDialog, SheetPicker
from desktop.views.key_count_dialogs import CountDialog, LostReportDialog
from desktop.views.key_dialog_base import FormDialog as KeyFormDialog
from desktop.views.key_dialog_base import ListDialog
from desktop.views.key_followup_dialogs import (
    CopyConsentDialog,
    CopyMadeDialog,
    CopyRequestsDialog,
    LostFollowUpDialog,
    LostKeysDialog,
)
from desktop.views.key_issue_dialogs import CopyRequestDialog, OwnerIssueDialog
from desktop.views.key_loan_dialogs import LoanDialog, ReturnDialog
from desktop.views.key_set_dialog import NewKeyDialog
from desktop.views.login_dialog import LoginDialog, SetPasswordDialog
from desktop.views.ratings_panel import RatingDialog
from desktop.views.register_dialogs import DestructionDialog, DocumentPicker
from desktop.views.restore_dialog import RestoreDialog
from desktop.views.retention_dialog import RetentionDialog
from desktop.views.settings_dialog import SettingsDialog
from desktop.views.sheet_actions import SheetActionDialog
from desktop.views.sheet_detail import SheetDetail
from desktop.views.sheet_dialog import SheetDialog
from desktop.views.tablemodels.due_cards import ITEM_ROLE

#: Classes only ever built through a subclass, with the reason; everything else needs an opener.
BASES: dict[type[QDialog], str] = {
    DeskDialog: "every desk dialog derives from it (messages beside fields, saved notices)",
    KeyFormDialog: "the keys book's small forms derive from it",
    ListDialog: "the key follow-up lists derive from it",
}

#: Dialogs a working week cannot open over and over, with the reason; each is walked by the every-dialog tests.
NOT_SOAKED: dict[type[QDialog], str] = {
    DamageDialog: "shown when the database is found damaged; FrontDesk then works on that file no more until a "
    "backup is restored, so it opens once in a session at most",
}

#: ``opener(window) -> dialog``: opens the dialog as the desk would and returns it, shown.
Opener = Callable[[Any], QDialog]


@dataclass(frozen=True)
class DialogKind:
    """One kind of dialog and how to open it.

    Attributes:
        name: the class name, with the register's slug for a generic form dialog.
        dialog_class: what :attr:`open` must return.
        open: opens it from the main window.
        owner_deletes: the code that opens it also deletes it when it is done (the first-run wizard is deleted
            by the app shell); otherwise a closed dialog must delete itself (``WA_DeleteOnClose``).
    """

    name: str
    dialog_class: type[QDialog]
    open: Opener
    owner_deletes: bool = False


_OPENERS: dict[type[QDialog], Opener] = {}


OpenerT = TypeVar("OpenerT", bound=Opener)


def opens(dialog_class: type[QDialog]) -> Callable[[OpenerT], OpenerT]:
    """Register the decorated function as the opener of ``dialog_class``."""

    def register(func: OpenerT) -> OpenerT:
        _OPENERS[dialog_class] = func
        return func

    return register


# --- finding the dialog classes -----------------------------------------------------------------------------


def dialog_classes() -> set[type[QDialog]]:
    """Every QDialog subclass defined in a module of ``desktop/views``."""
    found: set[type[QDialog]] = set()
    for info in pkgutil.walk_packages(desktop.views.__path__, desktop.views.__name__ + "."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, QDialog) and value.__module__ == module.__name__:
                found.add(value)
    return found


def undeclared_dialog_classes() -> list[str]:
    """Dialog classes with no opener and not in :data:`BASES` (must be empty)."""
    return sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in dialog_classes()
        if cls not in _OPENERS and cls not in BASES and cls not in NOT_SOAKED
    )


def dialog_kinds(window: Any) -> list[DialogKind]:
    """Every dialog kind, with the registers' generic form dialogs enumerated from ``window``'s Registers page."""
    kinds = [
        DialogKind(cls.__name__, cls, opener, owner_deletes=cls is FirstRunWizard)
        for cls, opener in sorted(_OPENERS.items(), key=lambda item: item[0].__name__)
        if cls is not FormDialog
    ]
    for slug, panel in window.pages["registers"].panels.items():
        kinds.append(DialogKind(f"FormDialog[{slug}]", _register_entry_class(panel), _new_record(slug)))
    return kinds


def _register_entry_class(panel: Any) -> type[QDialog]:
    """What a register's "New …" opens: its form's dialog, or the document picker before a loan."""
    return DocumentPicker if panel.slug == "document_loan" else FormDialog


def _new_record(slug: str) -> Opener:
    def open_new(window: Any) -> QDialog:
        page = window.pages["registers"]
        window.show_page("registers")
        return _shown(page.panels[slug].new_record())

    return open_new


# --- closing and counting ---------------------------------------------------------------------------------------


def close_all(window: QWidget) -> None:
    """Close every window but ``window`` as the desk would (Cancel / Escape), then let Qt delete what it may."""
    for _round in range(5):
        others = [w for w in QApplication.topLevelWidgets() if w is not window and w.isVisible()]
        if not others:
            break
        for widget in reversed(others):
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()
    flush_deletes()


def flush_deletes() -> None:
    """Run the deletions Qt has queued (``deleteLater``, ``WA_DeleteOnClose``)."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# --- records the openers need -----------------------------------------------------------------------------------


def _first_id(sql: str, *params: object) -> int:
    row = db.execute_sql(sql, params).fetchone()
    if row is None:
        raise LookupError(f"the demo database has no record for: {sql}")
    return int(row[0])


def prepare(now: datetime, by: int | None) -> None:
    """Add what the demo lacks so every dialog can open: a consented copy request, a lost key, a draft."""
    key_id = _first_id("SELECT id FROM key_set WHERE status = 'in' AND category <> 'owner' ORDER BY id")
    request = key_issues.request_copy(key_id, requested_by="周杰", reason="备用", copies=1, by=by, now=now)
    if not db.execute_sql("SELECT 1 FROM key_copy_request WHERE status <> 'pending' LIMIT 1").fetchone():
        key_issues.consent_copy(request.id, consented_by="冯建国", by=engineering_head(), now=now)
    key_counts.report_lost(
        key_id, quantity=1, reported_by="周杰", reported_to="高峰", circumstances="丢失", by=by, now=now
    )
    inquiries.record_inquiry({"request": "想问问停车月卡怎么办", "unfinished": True}, by=by, now=now)
    drafts.save_draft("visitor_register", None, {"visitor_name": "草稿访客"})


def _shown(dialog: Any) -> QDialog:
    if not isinstance(dialog, QDialog):
        raise AssertionError(f"the opener gave {dialog!r}, not a dialog")
    QApplication.processEvents()
    return dialog


# --- the openers --------------------------------------------------------------------------------------------------


@opens(SettingsDialog)
def _settings(window: Any) -> Any:
    window.open_settings()
    return _shown(window.settings_dialog)


@opens(SetPasswordDialog)
def _set_password(window: Any) -> QDialog:
    settings = _settings(window)
    editor = settings.tabs.widget(2)
    editor.view.setCurrentIndex(editor.model.index(0, 0))
    editor.set_password()
    return _shown(editor.password_dialog)


@opens(RestoreDialog)
def _restore(window: Any) -> QDialog:
    window.open_restore()
    return _shown(window.restore_dialog)


@opens(RetentionDialog)
def _retention(window: Any) -> QDialog:
    window.open_retention()
    return _shown(window.retention_dialog)


@opens(DraftsDialog)
def _drafts(window: Any) -> QDialog:
    window.open_drafts()
    return _shown(
        next(w for w in QApplication.topLevelWidgets() if isinstance(w, DraftsDialog) and w.isVisible())
    )


@opens(LoginDialog)
def _switch_staff(window: Any) -> QDialog:
    window.findChild(QPushButton, "switch_staff").click()  # "Switch…" in the status bar
    return _shown(next(d for d in window.findChildren(LoginDialog) if d.isVisible()))


@opens(FirstRunWizard)
def _first_run(_window: Any) -> QDialog:
    wizard = FirstRunWizard()  # as the app shell opens it on a new database (and deletes it when done)
    wizard.finished.connect(wizard.deleteLater)
    wizard.show()
    return _shown(wizard)


# Problem sheets


def _sheets(window: Any) -> Any:
    window.show_page("tickets")
    panel = window.pages["tickets"].sheets_panel
    panel.clear_filters()  # the desk may have searched for something else before
    return panel


@opens(SheetDialog)
def _new_sheet(window: Any) -> QDialog:
    return _shown(_sheets(window).new_sheet())


@opens(SheetDetail)
def _sheet_detail(window: Any) -> QDialog:
    sheet_id = _first_id("SELECT id FROM problem_sheet WHERE status = 'handed_over' ORDER BY id")
    return _shown(_sheets(window).open_sheet(sheet_id))


@opens(SheetActionDialog)
def _sheet_action(window: Any) -> QDialog:
    panel = _sheets(window)
    panel.select_sheet(_first_id("SELECT id FROM problem_sheet WHERE status = 'received' ORDER BY id"))
    return _shown(panel.start_action("hand_over"))


@opens(AmendmentDialog)
def _amendment(window: Any) -> QDialog:
    sheet_id = _first_id("SELECT id FROM problem_sheet WHERE status = 'closed' ORDER BY id DESC")
    detail = _sheets(window).open_sheet(sheet_id)
    return _shown(detail.start_correction())


@opens(InquiryDialog)
def _inquiry(window: Any) -> QDialog:
    window.show_page("tickets")
    return _shown(window.pages["tickets"].inquiries_panel.new_inquiry())


@opens(CategoryDialog)
def _inquiry_category(window: Any) -> QDialog:
    window.show_page("tickets")
    panel = window.pages["tickets"].inquiries_panel
    panel.search_edit.setText("")
    panel.model.set_text("")
    panel.select_inquiry(
        _first_id(
            "SELECT id FROM inquiry WHERE sheet_id IS NULL AND (category = '' OR category IS NULL) ORDER BY id DESC"
        )
    )
    return _shown(panel.turn_into_sheet())


def _intake(window: Any) -> Any:
    window.show_page("tickets")
    return window.pages["tickets"].intake_panel


@opens(SheetPicker)
def _intake_picker(window: Any) -> QDialog:
    return _shown(_intake(window).new_intake())


@opens(IntakeDialog)
def _intake_entry(window: Any) -> QDialog:
    panel = _intake(window)
    panel.select_entry(_first_id("SELECT id FROM intake_entry ORDER BY id DESC"))
    return _shown(panel.open_selected())


@opens(CompleteIntakeDialog)
def _intake_complete(window: Any) -> QDialog:
    panel = _intake(window)
    panel.select_entry(_first_id("SELECT id FROM intake_entry WHERE completed_at IS NULL ORDER BY id DESC"))
    return _shown(panel.complete_selected())


# Callbacks and complaints


@opens(CallbackDialog)
def _callback(window: Any) -> QDialog:
    window.show_page("today")
    board = window.pages["today"]
    for column in board.columns.values():
        for row in range(column.count()):
            if column.card(row).data(ITEM_ROLE).kind == "callback":
                return _shown(board.act(column.card(row)))
    raise LookupError("no callback on the Today board")


def _complaints(window: Any) -> Any:
    window.show_page("complaints")
    page = window.pages["complaints"]
    page.register_panel.clear_filters()
    return page


@opens(ComplaintDialog)
def _new_complaint(window: Any) -> QDialog:
    return _shown(_complaints(window).register_panel.new_complaint())


@opens(ComplaintDetail)
def _complaint_detail(window: Any) -> QDialog:
    complaint_id = _first_id("SELECT id FROM complaint ORDER BY id DESC")
    return _shown(_complaints(window).register_panel.open_complaint(complaint_id))


@opens(ReportDialog)
def _complaint_report(window: Any) -> QDialog:
    complaint_id = _first_id("SELECT complaint_id FROM complaint_report ORDER BY id DESC")
    return _shown(_complaints(window).register_panel.open_complaint(complaint_id).open_report())


@opens(StepDialog)
def _complaint_step(window: Any) -> QDialog:
    complaint_id = _first_id("SELECT id FROM complaint WHERE status = 'open' ORDER BY id DESC")
    detail = _complaints(window).register_panel.open_complaint(complaint_id)
    return _shown(detail._open_step(detail.complaint.stage or "investigation"))


@opens(RatingDialog)
def _rating(window: Any) -> QDialog:
    page = _complaints(window)
    page.tabs.setCurrentWidget(page.ratings_panel)
    return _shown(page.ratings_panel.new_rating())


# Keys


def _keys(window: Any, status: str | None = None, *, owner: bool | None = None) -> Any:
    window.show_page("keys")
    page = window.pages["keys"]
    page.clear_filters()
    if status is not None:
        sql = "SELECT id FROM key_set WHERE status = ?"
        if owner is not None:
            sql += " AND category " + ("=" if owner else "<>") + " 'owner'"
        if not page.select_key(_first_id(sql + " ORDER BY id", status)):
            raise LookupError(f"key with status {status} not listed")
    return page


@opens(NewKeyDialog)
def _new_key(window: Any) -> QDialog:
    return _shown(_keys(window).new_key())


@opens(LoanDialog)
def _lend_key(window: Any) -> QDialog:
    return _shown(_keys(window, "in").lend_selected())


@opens(ReturnDialog)
def _return_key(window: Any) -> QDialog:
    return _shown(_keys(window, "out").return_selected())


@opens(OwnerIssueDialog)
def _issue_key(window: Any) -> QDialog:
    return _shown(_keys(window, "in", owner=True).issue_selected())


@opens(CopyRequestDialog)
def _copy_request(window: Any) -> QDialog:
    return _shown(_keys(window, "in").copy_selected())


@opens(LostReportDialog)
def _lost_report(window: Any) -> QDialog:
    return _shown(_keys(window, "in").lost_selected())


@opens(CountDialog)
def _count_keys(window: Any) -> QDialog:
    return _shown(_keys(window).count_keys())


@opens(CopyRequestsDialog)
def _copy_requests(window: Any) -> Any:
    page = _keys(window)
    page.copy_requests_action.trigger()
    return _shown(page.dialog)


def engineering_head() -> int:
    """The demo's engineering department head: only the engineering department consents to a copy (001:286)."""
    return _first_id(
        "SELECT staff.id FROM staff JOIN department ON department.id = staff.department_id"
        " WHERE department.name = '工程部' AND staff.role IN ('department_head', 'manager') ORDER BY staff.id"
    )


@opens(CopyConsentDialog)
def _copy_consent(window: Any) -> QDialog:
    requests = _copy_requests(window)
    requests.select_row(next(i for i, r in enumerate(requests.requests) if r.status == key_issues.PENDING))
    on_duty = ops.staff_on_duty()
    ops.set_staff_on_duty(engineering_head())  # the engineering head steps up to the desk to consent
    try:
        return _shown(requests.consent_selected())
    finally:
        ops.set_staff_on_duty(on_duty)


@opens(ImportDialog)
def _import(window: Any) -> QDialog:
    return _shown(window.open_import())


@opens(CopyMadeDialog)
def _copy_made(window: Any) -> QDialog:
    requests = _copy_requests(window)
    requests.select_row(next(i for i, r in enumerate(requests.requests) if r.status != key_issues.PENDING))
    return _shown(requests.made_selected())


@opens(LostKeysDialog)
def _lost_keys(window: Any) -> Any:
    page = _keys(window)
    page.lost_keys_action.trigger()
    return _shown(page.dialog)


@opens(LostFollowUpDialog)
def _lost_follow_up(window: Any) -> QDialog:
    lost = _lost_keys(window)
    lost.select_row(0)
    return _shown(lost.follow_up_selected())


# Registers


def _registers(window: Any, slug: str, record_sql: str) -> tuple[Any, Any]:
    window.show_page("registers")
    panel = window.pages["registers"].panels[slug]
    panel.clear_filters()
    if not panel.select_record(_first_id(record_sql)):
        raise LookupError(f"{slug}: record not listed")
    return panel, panel.selected_row()


@opens(DestructionDialog)
def _destruction(window: Any) -> QDialog:
    from desktop.views import register_dialogs

    panel, row = _registers(
        window, "document_disposal", "SELECT id FROM disposal WHERE status = 'approved' ORDER BY id"
    )
    return _shown(register_dialogs.open_destruction_dialog(panel, row))


@opens(DocumentPicker)
def _document_picker(window: Any) -> QDialog:
    window.show_page("registers")
    return _shown(window.pages["registers"].panels["document_loan"].new_record())


@opens(FormDialog)
def _form_dialog(window: Any) -> QDialog:
    """The generic form dialog: one kind per register, see :func:`dialog_kinds`."""
    return _new_record("visitor_register")(window)


def staff_on_duty() -> int | None:
    """Who the openers act as (the demo's administrator, who may consent to copies)."""
    return ops.staff_on_duty()
