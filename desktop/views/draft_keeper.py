"""Keeps a draft of every entry dialog while it is open (issue 9: "unsaved dialog contents kept as drafts").

:class:`DraftKeeper` watches a :class:`~desktop.views.form_dialog.FormDialog`'s editors; 800 ms after the last
change it writes the values with :func:`desktop.services.drafts.save_draft`. When the dialog closes — saved,
or discarded on purpose — the draft is removed; when FrontDesk dies first, the draft stays and is offered back
at the next start (:mod:`desktop.views.drafts_dialog`). A failing save (disk full, database read-only) leaves
the dialog open and therefore the draft in place.

The app turns drafts on with :func:`enable` (tests that build dialogs do not write drafts unless they ask).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from desktop.errors import UserError
from desktop.services import drafts

if TYPE_CHECKING:
    from desktop.views.form_dialog import FormDialog

log = logging.getLogger(__name__)

DEBOUNCE_MS = 800
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class _State:
    enabled = False
    db_path: Path | None = None


_state = _State()


def enable(db_path: Path | None) -> None:
    """Keep drafts of every entry dialog from now on, tagged with the database they belong to."""
    _state.enabled = True
    _state.db_path = db_path


def disable() -> None:
    """Stop keeping drafts (tests)."""
    _state.enabled = False
    _state.db_path = None


def is_enabled() -> bool:
    """Whether new dialogs keep drafts."""
    return _state.enabled


class DraftKeeper(QObject):
    """Saves ``dialog``'s values as a draft shortly after each change and forgets them when it closes.

    Args:
        dialog: the entry dialog.
        record_key: what identifies an edited record (its number), None for a new one.
        draft_id: continue this draft (a dialog reopened from a draft), else a new one.
    """

    def __init__(
        self, dialog: FormDialog, *, record_key: str | None = None, draft_id: str | None = None
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        slug = dialog.form.slug
        if draft_id is None:
            draft_id = (
                f"{slug}-edit-{_SAFE.sub('_', record_key)[:60]}"
                if record_key
                else drafts.new_draft_id(slug, None)
            )
        self.draft_id = draft_id
        self.failed_message: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)
        for key in dialog.editable_keys():
            dialog.editor(key).changed.connect(self._timer.start)
        dialog.finished.connect(self._on_dialog_finished)

    def save_now(self) -> None:
        """Write the draft at once (the debounce timer calls this)."""
        self._timer.stop()
        try:
            drafts.save_draft(
                self.dialog.form.slug,
                None,
                self.dialog.values(),
                draft_id=self.draft_id,
                db_path=_state.db_path,
            )
            self.failed_message = None
        except UserError as exc:
            # The dialog still holds everything; say so once beside the form instead of interrupting typing.
            if self.failed_message != exc.message:
                self.failed_message = exc.message
                log.warning("draft not kept: %s", exc.message)

    def discard(self) -> None:
        """Forget the draft (the record was saved, or the desk threw the typing away)."""
        self._timer.stop()
        drafts.discard_draft(self.draft_id)

    def _on_dialog_finished(self, _result: int) -> None:
        self.discard()


def keep_drafts(dialog: FormDialog, *, record_key: str | None = None) -> DraftKeeper | None:
    """A :class:`DraftKeeper` for ``dialog`` when drafts are enabled, else None."""
    if not _state.enabled:
        return None
    return DraftKeeper(dialog, record_key=record_key)
