"""Drafts left by a crash, offered back at start-up: open each one again, or throw it away.

:func:`offer_drafts` asks once after the main window shows. The list dialog opens a draft in the entry dialog
of its form: a record kind can register its own opener (:func:`register_opener`, e.g. the problem sheet's
dialog that also files the sheet); without one, a draft of a *new* record of a kind with a record store is
saved through that store, and any other draft is shown read-only so its text can be copied into the record.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.formspec.loader import UnknownFormError, load_form
from desktop.i18n import _
from desktop.services import drafts, records
from desktop.services.drafts import Draft
from desktop.views import messages, ops
from desktop.views.desk_dialog import DeskDialog

log = logging.getLogger(__name__)

#: form slug → opens a draft in that kind's own dialog (it must discard the draft once saved).
Opener = Callable[[Draft, QWidget], None]
_OPENERS: dict[str, Opener] = {}


def register_opener(slug: str, opener: Opener) -> None:
    """Let record kind ``slug`` open its drafts in its own dialog."""
    _OPENERS[slug] = opener


def _title(draft: Draft) -> str:
    lang = i18n.ui_language()
    try:
        form = load_form(draft.form_slug)
    except UnknownFormError:
        return draft.form_slug
    return form.title.get(lang)


def describe(draft: Draft) -> str:
    """One line for the list: form, when, and the first words typed."""
    words = next(
        (str(value) for value in draft.values.values() if isinstance(value, str) and value.strip()), ""
    )
    words = " ".join(words.split())[:40]
    return _("{form}, {when}: {words}").format(
        form=_title(draft), when=i18n.format_datetime(draft.saved_at, i18n.ui_language()), words=words
    )


class DraftsDialog(DeskDialog):
    """The drafts left behind, each with Open and Discard.

    Signals:
        drafts_changed(): a draft was opened or discarded (the list shrank).
    """

    drafts_changed = Signal()

    def __init__(self, pending: list[Draft], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drafts_dialog")
        self.setWindowTitle(_("Unsaved forms"))
        self.intro_label = QLabel(
            _("FrontDesk was closed before these forms were saved. Open one to finish it, or discard it."),
            self,
        )
        self.intro_label.setWordWrap(True)
        self.draft_list = QListWidget(self)
        self.draft_list.setObjectName("draft_list")
        self.open_button = QPushButton(_("Open"), self)
        self.open_button.setObjectName("open_button")
        self.discard_button = QPushButton(_("Discard"), self)
        self.discard_button.setObjectName("discard_button")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        for draft in pending:
            item = QListWidgetItem(describe(draft))
            item.setData(Qt.ItemDataRole.UserRole, draft)
            self.draft_list.addItem(item)
        self.draft_list.setCurrentRow(0)
        self._build_layout()
        self._connect_signals()
        self.resize(560, 320)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.draft_list, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.open_button.clicked.connect(self.open_current)
        self.discard_button.clicked.connect(self.discard_current)
        self.draft_list.itemDoubleClicked.connect(lambda _item: self.open_current())
        self.buttons.rejected.connect(self.reject)

    def current_draft(self) -> Draft | None:
        """The draft selected in the list."""
        item = self.draft_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _remove_current(self) -> None:
        self.draft_list.takeItem(self.draft_list.currentRow())
        self.drafts_changed.emit()
        if self.draft_list.count() == 0:
            self.accept()

    def discard_current(self) -> None:
        """Throw the selected draft away (after asking)."""
        draft = self.current_draft()
        if draft is None:
            return

        def discard() -> None:
            drafts.discard_draft(draft.id)
            self._remove_current()

        messages.show(
            self, _("Discard this unsaved form for good?"), kind=messages.Kind.QUESTION, on_yes=discard
        )

    def open_current(self) -> None:
        """Open the selected draft in an entry dialog."""
        draft = self.current_draft()
        if draft is None:
            return
        parent = self.parentWidget() or self
        opener = _OPENERS.get(draft.form_slug)
        if opener is not None:
            opener(draft, parent)
        else:
            open_generic(draft, parent)
        self._remove_current()


def open_generic(draft: Draft, parent: QWidget) -> QDialog | None:
    """Open ``draft`` in the form's generic entry dialog; save a new record through its store when there is one."""
    from desktop.views.form_dialog import FormDialog

    try:
        form = load_form(draft.form_slug)
    except UnknownFormError:
        messages.show(parent, _("The form of this draft no longer exists; it was kept on disk."))
        return None
    can_save = draft.record_id is None and "-edit-" not in draft.id and records.has_store(draft.form_slug)
    keys = [field.key for field in form.fields]
    dialog = FormDialog(
        form,
        draft.values,
        lang=i18n.ui_language(),
        readonly_keys=() if can_save else keys,
        now=ops.now(),
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if dialog.draft_keeper is not None:
        drafts.discard_draft(dialog.draft_keeper.draft_id)
        dialog.draft_keeper.draft_id = draft.id  # go on with the same draft
    else:
        dialog.accepted.connect(lambda: drafts.discard_draft(draft.id))
    if can_save:
        store = records.get_store(draft.form_slug)

        def save(values: dict[str, object]) -> None:
            result = ops.run(
                lambda by, now: store.import_rows([values], by=by, now=now),
                parent=dialog,
                kind=draft.form_slug,
                show_field_error=dialog.show_field_error,
            )
            if result.ok:
                dialog.accept()

        dialog.submitted.connect(save)
    else:
        # A change to an existing record: shown read-only so the text can be copied into the record; Save
        # here only means "done with this draft".
        dialog.setToolTip(
            _(
                "This draft was a change to an existing record: copy what you need into the record, then close."
            )
        )
        dialog.submitted.connect(lambda _values: dialog.accept())
    dialog.open()
    return dialog


def offer_drafts(parent: QWidget, db_path: Path) -> DraftsDialog | None:
    """After a crash: say how many forms were left unsaved and open the list when the desk wants it."""
    pending = drafts.pending_drafts(db_path=db_path)
    if not pending:
        return None
    dialog = DraftsDialog(pending, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    messages.show(
        parent,
        _("FrontDesk was closed before {count} forms were saved. Open them again now?").format(
            count=len(pending)
        ),
        kind=messages.Kind.QUESTION,
        title=_("Unsaved forms"),
        on_yes=dialog.open,
    )
    return dialog
