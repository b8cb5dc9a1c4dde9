"""Printing a finished PDF on a named printer queue without a dialog: ``frontdesk print … --printer NAME``.

The page goes through the same routine as the preview's Print button (:func:`desktop.views.preview.print_pdf`:
each page rendered at the printer's resolution and painted onto a ``QPrinter``), so a desk that prints from a
script gets the page the app prints. ``QPrinter`` talks to the system's own spooler — the Windows print spooler,
macOS printing, CUPS on Linux — which is why this is preferred to handing the file to ``lp`` (Unix only, and
Windows has no command that prints a PDF without a PDF reader installed).

Qt's printing needs a ``QGuiApplication``. The command line has no window to show, so on a Linux machine without
a display the offscreen platform is used; on Windows and macOS the native platform works without a window.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication, QPageLayout
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desktop.errors import UserError
from desktop.i18n import _
from desktop.views.preview import load_pdf, print_pdf


def _application() -> QGuiApplication:
    """The running Qt application, or a window-less one made for printing."""
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication(["frontdesk"])


def printer_names() -> list[str]:
    """The printer queues this computer knows, as the system names them."""
    _application()
    return list(QPrinterInfo.availablePrinterNames())


def find_printer(name: str | None) -> str:
    """The queue ``name`` (None: the default printer), checked to exist.

    Raises:
        UserError: no such printer, or no default printer; the message lists the printers there are.
    """
    names = printer_names()
    if name is None:
        default = QPrinterInfo.defaultPrinterName()
        if default:
            return str(default)
        if not names:
            raise UserError(_("No printer is set up on this computer."))
        raise UserError(
            _("There is no default printer; name one with --printer. Printers: {names}.").format(
                names=", ".join(names)
            )
        )
    if name in names:
        return name
    if not names:
        raise UserError(
            _("There is no printer called {name}: no printer is set up on this computer.").format(name=name)
        )
    raise UserError(
        _("There is no printer called {name}. Printers: {names}.").format(name=name, names=", ".join(names))
    )


def print_on(pdf_bytes: bytes, name: str, *, doc_name: str) -> int:
    """Print every page of ``pdf_bytes`` on printer ``name`` (one copy), as the job ``doc_name``.

    Returns:
        The number of pages sent.

    Raises:
        UserError: the printer cannot be opened, or the PDF is unreadable.
    """
    _application()
    printer = QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)
    printer.setDocName(doc_name)
    document = QPdfDocument()
    buffer = load_pdf(document, pdf_bytes)
    try:
        points = document.pagePointSize(0)
    finally:
        document.close()
        buffer.close()
    landscape = points.width() > points.height()
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    return print_pdf(pdf_bytes, printer)
