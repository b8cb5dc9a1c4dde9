"""Import records from a .csv or .xlsx file, with a progress bar: File ▸ Import records….

The desk picks the form and the file (a CSV from any Excel: "CSV UTF-8", or the plain "CSV" of a Chinese
Windows, which is GBK), and whether rows already there may be imported again. The import itself is
:func:`desktop.services.import_export.import_file`, all or nothing in one transaction; it runs in a worker
thread with its own database connection so the window keeps painting the progress bar, and Cancel stops it
with nothing imported. The result — how many were added, which lines were there already — stays in the dialog.

File ▸ Import records… is offered only to the roles that may import (``data.import``); the dialog says who may
when it is opened by someone else all the same. Escape asks before a typed file name is thrown away, and cancels
a running import rather than closing over it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.errors import UserError
from desktop.formspec.loader import load_form
from desktop.i18n import _
from desktop.models.base import db
from desktop.services import authz, records
from desktop.services.import_export import CHECKING, ImportCancelledError, ImportReport, import_file
from desktop.views import allowed, ops
from desktop.views.desk_dialog import (
    ERROR_COLOUR,
    MESSAGE_PROPERTY,
    DeskDialog,
    fit_placeholder,
    message_line,
)
from desktop.views.events import record_events

#: Share of the bar the checking of the rows fills; writing them is the slow part.
CHECKING_SHARE = 0.2


class ImportWorker(QObject):
    """Runs one import off the GUI thread.

    Signals:
        progressed(int): percent done.
        finished(object, str): the :class:`ImportReport`, or None and the message of what went wrong.
    """

    progressed = Signal(int)
    finished = Signal(object, str)

    def __init__(self, slug: str, path: Path, *, allow_duplicates: bool) -> None:
        super().__init__()
        self.slug = slug
        self.path = path
        self.allow_duplicates = allow_duplicates
        self.by = ops.staff_on_duty()
        self.now = ops.now()
        self.cancelled = threading.Event()

    def run(self) -> None:
        """Import (in the worker thread, on its own connection); emit ``finished`` whatever happens."""
        try:
            report = import_file(
                self.slug,
                self.path,
                by=self.by,
                now=self.now,
                allow_duplicates=self.allow_duplicates,
                progress=self._progress,
            )
        except UserError as exc:
            self.finished.emit(None, exc.message)
        except Exception as exc:  # a bug: reported like any other, without killing the thread silently
            import logging

            logging.getLogger(__name__).exception("import failed")
            self.finished.emit(
                None, _("The import failed ({error}); nothing was imported.").format(error=type(exc).__name__)
            )
        else:
            self.finished.emit(report, "")
        finally:
            if not db.is_closed():
                db.close()  # this thread's connection only

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self.cancelled.is_set():
            raise ImportCancelledError()
        share = done / total if total else 1.0
        overall = (
            share * CHECKING_SHARE if stage == CHECKING else CHECKING_SHARE + share * (1 - CHECKING_SHARE)
        )
        self.progressed.emit(int(overall * 100))


class ImportDialog(DeskDialog):
    """Choose a form and a file, import with a progress bar; open with ``open()``.

    Signals:
        imported(str, object): the form's slug and the :class:`ImportReport` of an import that finished.
    """

    imported = Signal(str, object)

    def __init__(self, parent: QWidget | None = None, *, slug: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(_("Import records"))
        self.thread: QThread | None = None
        self.worker: ImportWorker | None = None
        self.report: ImportReport | None = None
        lang = i18n.ui_language()
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("import_form")
        for store_slug in records.registered_slugs():
            if getattr(records.get_store(store_slug), "importable", True):
                self.form_combo.addItem(load_form(store_slug).title.get(lang), store_slug)
        if slug is not None:
            self.form_combo.setCurrentIndex(max(self.form_combo.findData(slug), 0))
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("import_file")
        self.file_edit.setPlaceholderText(_("A .csv or .xlsx file whose first row holds the field keys"))
        fit_placeholder(self.file_edit)
        self.browse_button = QPushButton(_("Choose…"))
        self.browse_button.setObjectName("import_browse")
        self.duplicates_box = QCheckBox(_("Import rows even when the same record is there already"))
        self.duplicates_box.setObjectName("allow_duplicates")
        self.hint = QLabel(
            _(
                "Excel's “CSV UTF-8” and plain “CSV” (GBK on a Chinese Windows) are both read. If any row is "
                "wrong, nothing is imported and every problem is listed by line."
            )
        )
        self.hint.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.message = message_line("import_message", kind="note")
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("import_button")
        self.close_button = self.buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("import_close")
        self._build_layout()
        self.browse_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.cancel_or_close)
        self._check_permission()
        self.resize(620, self.sizeHint().height())

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow(_("Form:"), self.form_combo)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.browse_button)
        form.addRow(_("File:"), row)
        form.addRow("", self.duplicates_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _check_permission(self) -> None:
        permission = allowed.tag(self.import_button, import_file)
        if not allowed.may(permission):
            roles = ", ".join(_(label) for label in _role_labels())
            self._say(_("Only these roles may import records: {roles}.").format(roles=roles), error=True)
            self.import_button.setEnabled(False)

    # -- public -------------------------------------------------------------------------------------------

    def choose_file(self) -> str:
        """Ask for the file (in the Documents folder first); returns it ("" when none was chosen)."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import records"),
            self.file_edit.text() or _documents_folder(),
            _("Spreadsheets (*.csv *.xlsx)"),
        )
        if chosen:
            self.file_edit.setText(chosen)
        return chosen

    def start(self) -> bool:
        """Start the import of the chosen file into the chosen form; False when there is nothing to start."""
        if self.thread is not None:
            return False
        text = self.file_edit.text().strip()
        if not text:
            self._say(_("Choose the file to import."), error=True)
            self.file_edit.setFocus()
            return False
        slug = self.form_combo.currentData()
        self.worker = ImportWorker(slug, Path(text), allow_duplicates=self.duplicates_box.isChecked())
        self.thread = QThread(self)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self.progress.setValue)
        self.worker.finished.connect(self._on_finished)
        self.progress.setValue(0)
        self.progress.show()
        self._say(_("Importing… Cancel stops it with nothing imported."))
        for widget in (
            self.form_combo,
            self.file_edit,
            self.browse_button,
            self.duplicates_box,
            self.import_button,
        ):
            widget.setEnabled(False)
        self.close_button.setText(_("Cancel"))
        self.thread.start()
        return True

    def cancel_or_close(self) -> None:
        """Cancel a running import (nothing is imported), or close the dialog."""
        if self.worker is not None and self.thread is not None:
            self.worker.cancelled.set()
            self.close_button.setEnabled(False)
            return
        self.reject()

    def running(self) -> bool:
        """Whether an import is under way."""
        return self.thread is not None

    # -- internals ----------------------------------------------------------------------------------------

    def _on_finished(self, report: ImportReport | None, error: str) -> None:
        slug = self.worker.slug if self.worker is not None else ""
        if self.thread is not None:
            self.thread.quit()  # its event loop has nothing left to do: the worker is done
            self.thread.wait()
        self.thread = None
        self.worker = None
        for widget in (
            self.form_combo,
            self.file_edit,
            self.browse_button,
            self.duplicates_box,
            self.import_button,
        ):
            widget.setEnabled(True)
        self.close_button.setEnabled(True)
        self.close_button.setText(_("Close"))
        self.report = report
        if report is None:
            self.progress.hide()
            self._say(error, error=True)
            return
        self.progress.setValue(100)
        self.mark_unchanged()  # the file is in: Escape has nothing left to throw away
        lines = [_("{count} records imported.").format(count=report.added)]
        if report.skipped:
            lines.append(report.skipped_text())
        self._say(" ".join(lines))
        if report.added:
            record_events().announce(slug, [])
        self.imported.emit(slug, report)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty(MESSAGE_PROPERTY, "error" if error else "note")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
        self.message.setVisible(bool(text))

    def reject(self) -> None:
        """Escape / Close: cancel a running import; else close, asking first about a typed file name."""
        if self.running():
            self.cancel_or_close()
            return
        super().reject()


def _role_labels() -> list[str]:
    from desktop.rules import roles

    return [roles.role_label(role) for role in authz.allowed_roles("data.import")]


def _documents_folder() -> str:
    from PySide6.QtCore import QStandardPaths

    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
