"""Print preview: pages, zoom, the print routine, Save as PDF and the language switch."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QPageLayout, QPageSize
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from desktop import paths
from desktop.errors import UserError
from desktop.views import messages
from desktop.views.preview import PreviewWindow, print_pdf


@pytest.fixture(autouse=True)
def _bundled_font(qapp: QApplication) -> None:
    QFontDatabase.addApplicationFont(str(paths.font_path()))


def make_pdf(pages: int, *, label: str = "Page", size: tuple[float, float] = A4) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica-Bold", 48)
        canvas.drawString(72, size[1] - 144, f"{label} {number}")
        canvas.rect(36, 36, size[0] - 72, size[1] - 72)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def open_preview(qtbot: QtBot) -> Iterator[Callable[..., PreviewWindow]]:
    """Opens previews and closes those still open afterwards (a closed preview deletes itself)."""
    opened: list[PreviewWindow] = []

    def opener(pdf: bytes | None = None, **kwargs: Any) -> PreviewWindow:
        kwargs.setdefault("title", "F01 Demo")
        kwargs.setdefault("suggested_name", "F01 Demo.pdf")
        window = PreviewWindow(pdf if pdf is not None else make_pdf(3), **kwargs)
        opened.append(window)
        window.show()
        return window

    yield opener
    for window in opened:
        if shiboken6.isValid(window):
            window.close()


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setResolution(150)  # keeps the test fast; the routine caps real printers at 300 dpi
    return printer


def test_preview_shows_every_page_and_navigates(open_preview: Callable[..., PreviewWindow]) -> None:
    window = open_preview()
    assert window.page_count() == 3
    assert window.view.pageMode() == QPdfView.PageMode.MultiPage
    label = window._page_label
    assert (window.current_page(), label.text()) == (0, "Page 1 of 3")
    assert not window.previous_action.isEnabled()
    window.next_action.trigger()
    assert (window.current_page(), label.text()) == (1, "Page 2 of 3")
    window.next_action.trigger()
    assert (window.current_page(), label.text()) == (2, "Page 3 of 3")
    assert not window.next_action.isEnabled()
    window.next_page()
    assert window.current_page() == 2
    window.previous_action.trigger()
    assert window.current_page() == 1
    assert window.windowTitle() == "Print preview: F01 Demo"


def test_shortcuts_are_the_usual_keys(open_preview: Callable[..., PreviewWindow]) -> None:
    window = open_preview()
    shortcuts = {
        action.text(): action.shortcut().toString()
        for action in (window.zoom_in_action, window.zoom_out_action, window.fit_width_action)
    }
    assert shortcuts == {"Zoom in": "Ctrl++", "Zoom out": "Ctrl+-", "Fit width": "Ctrl+0"}
    assert window.previous_action.shortcut().toString() == "PgUp"
    assert window.next_action.shortcut().toString() == "PgDown"


def test_zoom_in_out_and_fit_width(open_preview: Callable[..., PreviewWindow]) -> None:
    window = open_preview()
    assert window.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    window.view.setZoomFactor(1.0)
    window.zoom_in_action.trigger()
    assert window.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert window.view.zoomFactor() == pytest.approx(1.25)
    window.zoom_out_action.trigger()
    window.zoom_out_action.trigger()
    assert window.view.zoomFactor() == pytest.approx(0.8)
    for _ in range(20):
        window.zoom_out()
    assert window.view.zoomFactor() == pytest.approx(0.25)
    window.fit_width_action.trigger()
    assert window.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_unreadable_pdf_is_a_user_error(qtbot: QtBot) -> None:
    with pytest.raises(UserError, match="could not be prepared"):
        PreviewWindow(b"not a pdf", title="x", suggested_name="x.pdf")


def test_print_pdf_sends_every_page(tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    assert print_pdf(make_pdf(3), pdf_printer(out)) == 3
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 3
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait in points


def test_print_pdf_honours_copies(tmp_path: Path) -> None:
    out = tmp_path / "copies.pdf"
    printer = pdf_printer(out)
    printer.setCopyCount(2)
    assert print_pdf(make_pdf(3), printer) == 6
    assert len(pypdf.PdfReader(out).pages) == 6


def test_print_pdf_honours_a_page_range(tmp_path: Path) -> None:
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_pdf(make_pdf(3), printer) == 2
    assert len(pypdf.PdfReader(out).pages) == 2


def test_print_pdf_fits_a_landscape_page(tmp_path: Path) -> None:
    out = tmp_path / "landscape.pdf"
    printer = pdf_printer(out)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    assert print_pdf(make_pdf(1, size=landscape(A4)), printer) == 1
    page = pypdf.PdfReader(out).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_print_pdf_refuses_an_unopenable_output(tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "no" / "such" / "folder" / "x.pdf")
    with pytest.raises(UserError, match="printer could not be opened"):
        print_pdf(make_pdf(1), printer)


def test_save_as_writes_the_bytes(
    open_preview: Callable[..., PreviewWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pdf = make_pdf(2)
    window = open_preview(pdf)
    offered: list[str] = []

    def fake_dialog(parent: object, caption: str, start: str, filters: str) -> tuple[str, str]:
        offered.append(start)
        return str(tmp_path / "saved"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    window.save_action.trigger()
    assert offered[0].endswith("F01 Demo.pdf")
    assert (tmp_path / "saved.pdf").read_bytes() == pdf


def test_escape_closes_the_preview(qtbot: QtBot, open_preview: Callable[..., PreviewWindow]) -> None:
    window = open_preview()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))  # closed, and deleted as every closed preview is


def test_save_as_opens_in_documents_then_where_the_last_pdf_went(
    open_preview: Callable[..., PreviewWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)  # the program's working folder must not be offered
    offered: list[str] = []
    elsewhere = tmp_path / "Forms for Mr Wang"
    elsewhere.mkdir()

    def fake_dialog(parent: object, caption: str, start: str, filters: str) -> tuple[str, str]:
        offered.append(start)
        return str(elsewhere / "sheet.pdf"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    open_preview().save_as()
    assert offered == [str(home / "Documents" / "F01 Demo.pdf")]
    open_preview(suggested_name="F04 Callback.pdf").save_as()
    assert offered[1] == str(elsewhere / "F04 Callback.pdf")  # remembered, also by a new preview


def test_save_as_cancelled_writes_nothing(
    open_preview: Callable[..., PreviewWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = open_preview()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    window.save_as()
    assert list(tmp_path.iterdir()) == []


def test_save_as_failure_is_told(
    open_preview: Callable[..., PreviewWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = open_preview()
    shown: list[str] = []
    monkeypatch.setattr(messages, "show", lambda parent, text, **kwargs: shown.append(text))
    target = tmp_path / "missing" / "x.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    window.save_as()
    assert shown == [f"The PDF could not be saved to {target}."]


def test_language_switch_rerenders_in_the_other_language(open_preview: Callable[..., PreviewWindow]) -> None:
    asked: list[str] = []

    def rerender(lang: str) -> bytes:
        asked.append(lang)
        return make_pdf(2 if lang == "en" else 3, label=lang)

    window = open_preview(make_pdf(3), lang="zh_CN", rerender=rerender)
    assert window.language_action.isVisible()
    assert window.language_action.text() == "Print in English"
    window.next_page()
    window.language_action.trigger()
    assert asked == ["en"]
    assert (window.lang, window.page_count(), window.current_page()) == ("en", 2, 0)
    assert window._page_label.text() == "Page 1 of 2"
    assert window.language_action.text() == "用中文打印"
    window.language_action.trigger()
    assert asked == ["en", "zh_CN"]
    assert (window.lang, window.page_count()) == ("zh_CN", 3)


def test_language_switch_failure_keeps_the_printout(
    open_preview: Callable[..., PreviewWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show", lambda parent, text, **kwargs: shown.append(text))

    def rerender(lang: str) -> bytes:
        raise UserError("The office name is missing.")

    pdf = make_pdf(3)
    window = open_preview(pdf, rerender=rerender)
    window.switch_language()
    assert shown == ["The office name is missing."]
    assert (window.lang, window.pdf_bytes()) == ("zh_CN", pdf)


def test_no_language_switch_without_rerender(open_preview: Callable[..., PreviewWindow]) -> None:
    window = open_preview()
    assert not window.language_action.isVisible()
