"""Print preview: the PDF FrontDesk rendered, shown as it will print, with Print… and Save as PDF….

The window shows the exact bytes that will be printed (QtPdf), so what the desk sees is what the printer gets.
Printing rasterises each page with QtPdf at the printer's resolution and paints the image onto the QPrinter:
unlike handing the PDF file to a system tool, this works on Windows, macOS and Linux alike (TECH-NOTES, PDF
pipeline). :func:`print_pdf` holds that routine apart from any dialog, so tests drive it with a PDF-file printer.

QtPdf keeps native memory for every :class:`QPdfDocument` it ever made and never gives it back (about 50 KB per
document, more once pages are rendered: the week's soak grew 170 MB over 240 previews). A desk prints all week,
so previews and printing borrow their documents from :data:`documents` and give them back when done; a closed
document is reused for the next printout instead of a new one being made.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QCloseEvent, QImage, QKeySequence, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QToolBar, QWidget

from desktop.errors import UserError
from desktop.i18n import _, normalize_language
from desktop.services import printing
from desktop.views import messages, ops, preferences

#: Highest resolution pages are rasterised at. A 1200 dpi A4 page would be a 550 MB image; 300 dpi keeps text
#: crisp on office laser printers at about 35 MB and 260 ms a page.
MAX_PRINT_DPI = 300
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 5.0

#: The switch to the other language names that language in itself, as language menus do, so it reads right
#: whichever language the screens are in.
OTHER_LANGUAGE_ACTION = {"en": "Print in English", "zh_CN": "用中文打印"}


class DocumentPool:
    """Closed :class:`QPdfDocument` objects to load the next printout into (see the module docstring).

    The pool holds as many documents as were ever in use at once (one per open preview, plus one while
    printing); they belong to the application and go with it.
    """

    def __init__(self) -> None:
        self._free: list[QPdfDocument] = []

    def take(self) -> QPdfDocument:
        """A closed document to load a printout into."""
        while self._free:
            document = self._free.pop()
            if shiboken6.isValid(document):
                return document
        app = QCoreApplication.instance()
        return QPdfDocument(app) if app is not None else QPdfDocument()

    def give_back(self, document: QPdfDocument) -> None:
        """``document`` is no longer shown or printed: close it (and its buffers) and keep it for the next one."""
        if not shiboken6.isValid(document) or document in self._free:
            return
        document.close()
        for buffer in document.findChildren(QBuffer):
            buffer.close()
            buffer.deleteLater()
        self._free.append(document)

    def free(self) -> int:
        """Documents waiting to be reused (tests)."""
        return len(self._free)


#: The application's documents.
documents = DocumentPool()


def _once(action: Callable[[], object]) -> Callable[[], None]:
    """``action`` wrapped to run on the first call only."""
    done = False

    def run() -> None:
        nonlocal done
        if not done:
            done = True
            action()

    return run


def load_pdf(document: QPdfDocument, pdf_bytes: bytes) -> QBuffer:
    """Load ``pdf_bytes`` into ``document``; returns the buffer, which must live as long as the document uses it.

    Raises:
        UserError: the bytes are not a PDF QtPdf can read.
    """
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise UserError(_("The printout could not be prepared (the PDF is unreadable)."))
    return buffer


def print_pdf(pdf_bytes: bytes, printer: QPrinter) -> int:
    """Print every page of ``pdf_bytes`` on ``printer``; returns the number of pages sent.

    Each page is rendered at the printer's resolution (at most :data:`MAX_PRINT_DPI`) and drawn to fill the
    printable area with its proportions kept. Copies are honoured: left to the printer driver when it collates
    them itself, otherwise printed in turn here. A page range chosen in the print dialog is honoured too.

    Raises:
        UserError: the PDF is unreadable, or the printer (or output file) cannot be opened.
    """
    document = documents.take()
    buffer = load_pdf(document, pdf_bytes)
    try:
        first, last = 0, document.pageCount() - 1
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = max(printer.fromPage() - 1, 0)
            last = min(printer.toPage() - 1 if printer.toPage() > 0 else last, last)
        pages = list(range(first, last + 1))
        copies = printer.copyCount()
        driver_copies = printer.supportsMultipleCopies()
        runs = 1 if driver_copies else max(copies, 1)
        if printer.collateCopies() or driver_copies:
            sequence = pages * runs
        else:
            sequence = [page for page in pages for _copy in range(runs)]
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError(_("The printer could not be opened."))
        try:
            for index, page in enumerate(sequence):
                if index:
                    printer.newPage()
                _draw_page(painter, printer, document, page, dpi)
        finally:
            painter.end()
        return len(sequence)
    finally:
        buffer.close()
        documents.give_back(document)


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int, dpi: int) -> None:
    points = document.pagePointSize(page)
    rendered = document.render(
        page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    )
    # QtPdf renders on a transparent background; flatten onto white paper so the printer gets an opaque image
    # (an alpha channel makes some drivers rasterise the whole page again, and PDF output carry a soft mask).
    image = QImage(rendered.size(), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    flattener = QPainter(image)
    flattener.drawImage(0, 0, rendered)
    flattener.end()
    area = printer.pageLayout().paintRectPixels(printer.resolution())
    target = QSize(image.width(), image.height()).scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    # The page rect is relative to the printable area's origin, where the painter starts.
    x = (area.width() - target.width()) // 2
    y = (area.height() - target.height()) // 2
    painter.drawImage(QRect(x, y, target.width(), target.height()), image)


class PreviewWindow(QMainWindow):
    """The preview of one printout: zoom, page through, print, save, or switch the printout's language.

    Args:
        pdf_bytes: the printout.
        title: window title (the form's title and number).
        suggested_name: file name offered by Save as PDF….
        lang: language the printout is in (decides which language the switch offers).
        rerender: returns the same printout in another language; None hides the switch.
        parent: the window the preview belongs to (it opens as its own window and is deleted when closed).
        audit_record: ``(record type, id)`` the print is recorded against (default: a "printout" event).
    """

    def __init__(
        self,
        pdf_bytes: bytes,
        *,
        title: str,
        suggested_name: str,
        lang: str = "zh_CN",
        rerender: Callable[[str], bytes] | None = None,
        parent: QWidget | None = None,
        audit_record: tuple[str, int | None] | None = None,
    ) -> None:
        super().__init__(parent)
        # issue 9: printing and saving are recorded in the audit trail, as this record or as "printout".
        self.print_title = title
        self.audit_record = audit_record
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("preview_window")
        self.setWindowTitle(_("Print preview: {title}").format(title=title))
        self.suggested_name = suggested_name
        self.lang = normalize_language(lang)
        self._rerender = rerender
        self._pdf_bytes = b""
        self._buffer: QBuffer | None = None
        self.document = documents.take()
        # Back to the pool when the window closes, or when it goes with its parent without closing — once:
        # a window closed and then deleted must not hand back a document another preview has taken since.
        self._give_back_document = _once(lambda document=self.document: documents.give_back(document))
        self.destroyed.connect(lambda _object=None, give_back=self._give_back_document: give_back())
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self._page_label = QLabel(self)
        self._page_label.setObjectName("page_label")
        self._page_label.setMinimumWidth(120)
        self._page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._toolbar = QToolBar(_("Preview"), self)
        self._toolbar.setMovable(False)
        self._toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.print_action = self._action(_("Print…"), QKeySequence.StandardKey.Print, self.print_dialog)
        self.save_action = self._action(_("Save as PDF…"), QKeySequence.StandardKey.Save, self.save_as)
        self.zoom_in_action = self._action(_("Zoom in"), QKeySequence("Ctrl++"), self.zoom_in)
        self.zoom_out_action = self._action(_("Zoom out"), QKeySequence("Ctrl+-"), self.zoom_out)
        self.fit_width_action = self._action(_("Fit width"), QKeySequence("Ctrl+0"), self.fit_width)
        self.previous_action = self._action(_("Previous page"), QKeySequence("PgUp"), self.previous_page)
        self.next_action = self._action(_("Next page"), QKeySequence("PgDown"), self.next_page)
        self.language_action = self._action("", QKeySequence(), self.switch_language)
        self.language_action.setVisible(rerender is not None)
        self.close_action = self._action(_("Close"), QKeySequence.StandardKey.Close, self.close)
        # Escape closes the preview, as it closes a dialog: nothing typed here can be lost.
        self.close_action.setShortcuts([*self.close_action.shortcuts(), QKeySequence(Qt.Key.Key_Escape)])
        self._build_layout()
        self._connect_signals()
        self.set_pdf(pdf_bytes)
        self.resize(900, 760)

    # -- public -------------------------------------------------------------------------------------------------

    def pdf_bytes(self) -> bytes:
        """The printout shown."""
        return self._pdf_bytes

    def set_pdf(self, pdf_bytes: bytes) -> None:
        """Show another printout (after a language switch), starting again at page 1."""
        buffer = load_pdf(self.document, pdf_bytes)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self._pdf_bytes = pdf_bytes
        self.go_to_page(0)
        self._update_language_action()
        self._update_page_label()

    def page_count(self) -> int:
        """Pages in the printout."""
        return self.document.pageCount()

    def current_page(self) -> int:
        """The page shown, from 0."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        """Show ``page`` (from 0, clamped to the printout)."""
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_page_label()

    def next_page(self) -> None:
        """Page down."""
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        """Page up."""
        self.go_to_page(self.current_page() - 1)

    def zoom_in(self) -> None:
        """Show larger."""
        self._set_zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        """Show smaller."""
        self._set_zoom(self.view.zoomFactor() / ZOOM_STEP)

    def fit_width(self) -> None:
        """Show the page as wide as the window."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def print_dialog(self) -> None:
        """Ask for printer, copies and pages, then print."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name.removesuffix(".pdf"))
        points = self.document.pagePointSize(0)
        orientation = (
            QPageLayout.Orientation.Landscape
            if points.width() > points.height()
            else QPageLayout.Orientation.Portrait
        )
        printer.setPageOrientation(orientation)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setMinMax(1, self.page_count())
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        # exec(), not open(): Qt runs the native Windows/macOS print dialogs from exec(); open() may not show
        # them. It is the one blocking dialog in FrontDesk (tests drive print_pdf instead).
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self._print_on(printer)

    def save_as(self) -> None:
        """Ask where, then write the PDF there."""
        # The folder used last, else Documents: a bare file name would open in the program's working folder.
        start = str(preferences.pdf_folder() / self.suggested_name)
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), start, _("PDF files (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        preferences.set_pdf_folder(Path(path).parent)
        try:
            printing.save_pdf(self._pdf_bytes, Path(path))  # whole or not at all
        except UserError as exc:
            messages.show(
                self, _("The PDF could not be saved to {path}.").format(path=path), informative=exc.message
            )
            return
        self._record_printed(path)
        self.statusBar().showMessage(_("Saved to {path}").format(path=path), 5000)

    def switch_language(self) -> None:
        """Render the printout again in the other language and show it."""
        if self._rerender is None:
            return
        other = self._other_language()
        rerender = self._rerender
        result = ops.query(lambda: rerender(other), parent=self)
        if not result.ok or result.value is None:
            return
        self.lang = other
        self.set_pdf(result.value)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Give the document back as the window closes (it deletes itself once closed)."""
        super().closeEvent(event)
        if event.isAccepted():
            self._give_back_document()  # the view, deleted with the window, shows nothing until then

    # -- building -----------------------------------------------------------------------------------------------

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_layout(self) -> None:
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self._toolbar)
        for action in (self.print_action, self.save_action):
            self._toolbar.addAction(action)
        self._toolbar.addSeparator()
        self._toolbar.addAction(self.previous_action)
        self._toolbar.addWidget(self._page_label)
        self._toolbar.addAction(self.next_action)
        self._toolbar.addSeparator()
        for action in (self.zoom_out_action, self.zoom_in_action, self.fit_width_action):
            self._toolbar.addAction(action)
        self._toolbar.addSeparator()
        self._toolbar.addAction(self.language_action)
        self.setCentralWidget(self.view)

    def _connect_signals(self) -> None:
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_MIN, min(factor, ZOOM_MAX)))

    def _other_language(self) -> str:
        return "en" if self.lang == "zh_CN" else "zh_CN"

    def _update_language_action(self) -> None:
        self.language_action.setText(OTHER_LANGUAGE_ACTION[self._other_language()])

    def _update_page_label(self) -> None:
        count = self.page_count()
        page = self.current_page()
        self._page_label.setText(_("Page {page} of {count}").format(page=page + 1, count=count))
        self.previous_action.setEnabled(page > 0)
        self.next_action.setEnabled(page < count - 1)

    def _print_on(self, printer: QPrinter) -> None:
        if not ops.query(lambda: print_pdf(self._pdf_bytes, printer), parent=self).ok:
            return
        self._record_printed("printer")
        self.statusBar().showMessage(_("Sent to the printer."), 5000)

    def _record_printed(self, to: str) -> None:
        record_type, record_id = self.audit_record or ("printout", None)
        ops.run(
            lambda by, now: printing.record_printed(
                self.print_title, record_type=record_type, record_id=record_id, to=to, by=by, now=now
            ),
            parent=self,
        )
