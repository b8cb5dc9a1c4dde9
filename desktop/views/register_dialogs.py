"""Entry dialogs of the small registers: generated from each form, saved through the register's service.

Each ``open_*`` function builds a :class:`~desktop.views.form_dialog.FormDialog` from the register's form (so a
field added to the TOML appears with no code change), opens it with ``open()`` and saves through
:func:`desktop.views.ops.run`: a refusal about a field lands beside it, anything else (a confidential file, a
missing approval) in one message box with the reason. Two small dialogs are hand-written: choosing the file to
lend (:class:`DocumentPicker`) and recording the witnesses of a destruction (:class:`DestructionDialog`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.formspec.loader import load_form
from desktop.formspec.types import default_value
from desktop.i18n import _
from desktop.rules import registers as rules
from desktop.services import disposals, documents, notices, office, visitors
from desktop.services.register_book import RegisterRow
from desktop.views import ops
from desktop.views.desk_dialog import DeskDialog, message_line, throwaway
from desktop.views.form_dialog import FormDialog

#: Save: ``(values, by, now)`` → the saved row.
Save = Callable[[dict[str, Any], int | None, Any], Any]


def staff_names() -> list[str]:
    """Names person fields offer: the active staff."""
    result = ops.query(lambda: office.list_staff(active_only=True), parent=None)
    return [person.name for person in result.value or []]


def on_duty_name() -> str:
    """The name of the staff member on duty ("" when nobody is chosen)."""
    on_duty = ops.staff_on_duty()
    if on_duty is None:
        return ""
    result = ops.query(lambda: office.list_staff(active_only=False), parent=None)
    return next((person.name for person in result.value or [] if person.id == on_duty), "")


def _new_values(slug: str, prefill: Mapping[str, Any]) -> dict[str, Any]:
    now = ops.now()
    values = {field.key: default_value(field, now) for field in load_form(slug).fields}
    values.update(prefill)
    return values


def open_form_dialog(
    slug: str,
    parent: QWidget | None,
    save: Save,
    *,
    values: Mapping[str, Any] | None = None,
    readonly: Sequence[str] = (),
    also_changed: Sequence[str] = (),
    on_saved: Callable[[Any], object] | None = None,
    title: str = "",
) -> FormDialog:
    """Open the entry dialog of register ``slug`` and save what is submitted with ``save``.

    Args:
        values: the record's values (prefilled for a new record, current for a correction).
        readonly: keys shown but not typed here.
        also_changed: other record kinds to announce after a save (a loan changes the archive list).
        on_saved: called with the saved row.
    """
    dialog = FormDialog(
        load_form(slug),
        values,
        lang=i18n.ui_language(),
        readonly_keys=readonly,
        staff_names=staff_names,
        now=ops.now(),
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if title:
        dialog.setWindowTitle(title)

    def submitted(entered: dict[str, Any]) -> None:
        result = ops.run(
            lambda by, now: save(entered, by, now),
            parent=dialog,
            kind=slug,
            show_field_error=dialog.show_field_error,
        )
        if result.ok:
            _announce(*also_changed)
            dialog.accept()
            if on_saved is not None:
                on_saved(result.value)

    dialog.submitted.connect(submitted)
    dialog.open()
    return dialog


def _announce(*kinds: str) -> None:
    from desktop.views.events import record_events

    for kind in kinds:
        record_events().announce(kind)


# ---- visitors -------------------------------------------------------------------------------------------------


def open_visitor_dialog(
    parent: QWidget | None, row: RegisterRow | None = None, on_saved: Callable[[Any], object] | None = None
) -> FormDialog:
    """Sign a visitor in (``row`` None) or correct a visit's line."""
    readonly = ("number", "registered_at")
    if row is None:
        return open_form_dialog(
            visitors.SLUG,
            parent,
            lambda values, by, now: visitors.register_visitor(values, by=by, now=now),
            values=_new_values(visitors.SLUG, {"people": 1, "receptionist": on_duty_name() or None}),
            readonly=readonly,
            on_saved=on_saved,
        )
    return open_form_dialog(
        visitors.SLUG,
        parent,
        lambda values, by, now: visitors.update_visitor(
            row.id, values, expected_version=row.version, by=by, now=now
        ),
        values=dict(row.values),
        readonly=readonly,
        on_saved=on_saved,
    )


def sign_out(parent: QWidget | None, row: RegisterRow) -> object:
    """The visitor left now: one click."""
    return ops.run(
        lambda by, now: visitors.sign_out(row.id, by=by, now=now), parent=parent, kind=visitors.SLUG
    )


# ---- archive and loans ----------------------------------------------------------------------------------------


def open_document_dialog(
    parent: QWidget | None, row: RegisterRow | None = None, *, unit: str = ""
) -> FormDialog:
    """Add a document to a unit's file, or correct its line."""
    readonly = ("number", "changed_date")
    if row is None:
        return open_form_dialog(
            documents.ARCHIVE_SLUG,
            parent,
            lambda values, by, now: documents.add_document(values, by=by, now=now),
            values=_new_values(documents.ARCHIVE_SLUG, {"unit": unit} if unit else {}),
            readonly=readonly,
        )
    return open_form_dialog(
        documents.ARCHIVE_SLUG,
        parent,
        lambda values, by, now: documents.update_document(
            row.id, values, expected_version=row.version, by=by, now=now
        ),
        values=dict(row.values),
        readonly=readonly,
    )


def open_remove_document(parent: QWidget, row: RegisterRow) -> QInputDialog:
    """Ask why the document leaves its file, then remove it (its line stays, marked removed)."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("remove_document_dialog")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(_("Remove a document from the file"))
    dialog.setLabelText(
        _("Why does {title} leave the file of {unit}?").format(
            title=row.values["title"], unit=row.values["unit"]
        )
    )
    dialog.setOkButtonText(_("Remove"))
    dialog.setCancelButtonText(_("Cancel"))

    def remove(reason: str) -> None:
        result = ops.run(
            lambda by, now: documents.remove_document(row.id, reason=reason, by=by, now=now),
            parent=parent,
            kind=documents.ARCHIVE_SLUG,
        )
        del result  # a refusal was shown by ops

    dialog.textValueSelected.connect(remove)
    dialog.open()
    return dialog


class DocumentPicker(DeskDialog):
    """Choose the document to lend: search the unit, owner or title; confidential files are marked.

    Signals:
        chosen(object): the :class:`RegisterRow` of the document chosen.
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("document_picker")
        self.setWindowTitle(_("Which file is lent?"))
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("document_search")
        throwaway(self.search_edit)  # a search, not something typed for the record
        self.search_edit.setPlaceholderText(_("Unit, owner or document, e.g. 3-2-502"))
        self.list_widget = QListWidget()
        self.list_widget.setObjectName("document_list")
        self.buttons = QDialogButtonBox()
        self.choose_button = self.buttons.addButton(_("Lend…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list_widget, 1)
        layout.addWidget(self.buttons)
        self.search_edit.textChanged.connect(self.fill)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self.list_widget.itemActivated.connect(lambda _item: self._on_accepted())
        self.resize(520, 420)
        self.fill("")

    def fill(self, text: str) -> None:
        """List the documents matching ``text``."""
        result = ops.query(lambda: documents.find_documents(text), parent=self)
        self.list_widget.clear()
        for row in result.value or []:
            values = row.values
            label = f"{values['unit']}  {values['title']}"
            if values.get("confidential"):
                label = _("{document} (confidential: not lent)").format(document=label)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.list_widget.addItem(item)
        if self.list_widget.count():
            self.list_widget.setCurrentRow(0)

    def _on_accepted(self) -> None:
        item = self.list_widget.currentItem()
        if item is None:
            return
        self.accept()
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))


def open_document_picker(parent: QWidget | None) -> DocumentPicker:
    """Choose a document, then open the loan dialog for it."""
    picker = DocumentPicker(parent)
    picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    picker.chosen.connect(lambda row: open_loan_dialog(parent, row))
    picker.open()
    return picker


def open_loan_dialog(parent: QWidget | None, document: RegisterRow) -> FormDialog | None:
    """Register a loan of ``document`` (it waits for the manager's approval); a confidential file is refused."""
    values = document.values
    file_ref = f"{values['unit']} {values['title']}"
    if values.get("confidential"):
        # Refused at once with the seed's reason (the service refuses it too).
        from desktop.views import messages

        messages.show(parent, _(rules.CONFIDENTIAL_LOAN).format(file=file_ref), kind=messages.Kind.WARNING)
        return None
    prefill = {"file_ref": file_ref, "due_date": ops.now().date() + timedelta(days=rules.DEFAULT_LOAN_DAYS)}
    return open_form_dialog(
        documents.LOAN_SLUG,
        parent,
        lambda entered, by, now: documents.request_loan(document.id, entered, by=by, now=now),
        values=_new_values(documents.LOAN_SLUG, prefill),
        readonly=("number", "file_ref", "approved_by", "registered_by", "returned_date"),
        also_changed=(documents.ARCHIVE_SLUG,),
    )


def loan_step(parent: QWidget | None, row: RegisterRow, step: str) -> object:
    """Approve, hand out, return or cancel a loan."""
    calls: dict[str, Callable[..., Any]] = {
        "approve": documents.approve_loan,
        "hand_out": documents.hand_out,
        "return": documents.return_document,
        "cancel": documents.cancel_loan,
    }
    call = calls[step]
    result = ops.run(lambda by, now: call(row.id, by=by, now=now), parent=parent, kind=documents.LOAN_SLUG)
    if result.ok:
        _announce(documents.ARCHIVE_SLUG)
    return result


# ---- disposals ------------------------------------------------------------------------------------------------


def open_disposal_dialog(parent: QWidget | None, item: RegisterRow | None = None) -> FormDialog:
    """Enter a document to dispose of (from the archive list when ``item`` is given)."""
    prefill: dict[str, Any] = {"filled_by": on_duty_name() or None}
    if item is not None:
        prefill |= {
            "document": item.values["title"],
            "archive": item.values["unit"],
            "created_date": item.values.get("received_date"),
        }
    item_id = item.id if item is not None else None
    return open_form_dialog(
        disposals.SLUG,
        parent,
        lambda values, by, now: disposals.propose_disposal(values, item_id=item_id, by=by, now=now),
        values=_new_values(disposals.SLUG, prefill),
        readonly=("number", "reviewer", "approver", "destroyed_date", "witness_1", "witness_2"),
    )


def disposal_step(parent: QWidget | None, row: RegisterRow, step: str) -> object:
    """Review or approve a disposal."""
    call = disposals.review_disposal if step == "review" else disposals.approve_disposal
    return ops.run(lambda by, now: call(row.id, by=by, now=now), parent=parent, kind=disposals.SLUG)


class DestructionDialog(DeskDialog):
    """Record who was present when the approved files were destroyed (at least two people, seed 001:362).

    Signals:
        recorded(object): the destruction was saved (the disposal's row).
    """

    recorded = Signal(object)

    def __init__(self, row: RegisterRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("destruction_dialog")
        self.setWindowTitle(_("Record the destruction"))
        names = staff_names()
        self.witness_edits = [QLineEdit() for _index in range(3)]
        for index, edit in enumerate(self.witness_edits, start=1):
            edit.setObjectName(f"witness_{index}")
            completer = QCompleter(names, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            edit.setCompleter(completer)
        self.error_label = message_line("destruction_error")
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Destroyed"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_button")
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        heading = QLabel(
            _(
                "{document} ({archive}): at least two people must be present. Each signs the printed register."
            ).format(document=row.values["document"], archive=row.values.get("archive") or "—")
        )
        heading.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Witness 1"), self.witness_edits[0])
        form.addRow(_("Witness 2"), self.witness_edits[1])
        form.addRow(_("Witness 3 (optional)"), self.witness_edits[2])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(460, 220)

    def save(self) -> None:
        """Record the destruction; a refusal (one witness) is shown in the dialog."""
        names = [edit.text() for edit in self.witness_edits]
        result = ops.run(
            lambda by, now: disposals.record_destruction(self.row.id, names, by=by, now=now),
            parent=self,
            kind=disposals.SLUG,
            show_field_error=self._show_error,
        )
        if result.ok:
            _announce(documents.ARCHIVE_SLUG)
            self.accept()
            self.recorded.emit(result.value)

    def _show_error(self, _field: str, message: str) -> bool:
        self.error_label.setText(message)
        self.error_label.show()
        return True


def open_destruction_dialog(parent: QWidget | None, row: RegisterRow) -> DestructionDialog:
    """Open the witnesses dialog of an approved disposal."""
    dialog = DestructionDialog(row, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# ---- notices ----------------------------------------------------------------------------------------------------


def open_notice_dialog(parent: QWidget | None, row: RegisterRow | None = None) -> FormDialog:
    """Record a posted notice, or correct its line."""
    readonly = ("number", "taken_down_on", "taken_down_by")
    if row is None:
        return open_form_dialog(
            notices.SLUG,
            parent,
            lambda values, by, now: notices.post_notice(values, by=by, now=now),
            values=_new_values(notices.SLUG, {}),
            readonly=readonly,
        )
    return open_form_dialog(
        notices.SLUG,
        parent,
        lambda values, by, now: notices.update_notice(
            row.id, values, expected_version=row.version, by=by, now=now
        ),
        values=dict(row.values),
        readonly=readonly,
    )


def take_down(parent: QWidget | None, row: RegisterRow) -> object:
    """The notice was taken down."""
    return ops.run(
        lambda by, now: notices.take_down(row.id, by=by, now=now), parent=parent, kind=notices.SLUG
    )


def open_phone_notice_dialog(parent: QWidget | None) -> FormDialog:
    """Record an emergency notice given by phone."""
    me = on_duty_name()
    return open_form_dialog(
        notices.PHONE_SLUG,
        parent,
        lambda values, by, now: notices.record_phone_notice(values, by=by, now=now),
        values=_new_values(notices.PHONE_SLUG, {"notified_by": me} if me else {}),
        readonly=("number",),
    )
