"""Printing to a real printer queue: a private CUPS with the cups-pdf virtual printer (issue 13).

``scripts/printer-queue`` installs CUPS when it is missing, starts a private ``cupsd`` and creates a queue whose
"paper" is a PDF file. A filled problem sheet and a register page go to that queue through the app's print path
(:func:`desktop.views.preview.print_pdf` onto a ``QPrinter``, no dialog) from ``frontdesk print … --printer``.
What comes out is checked as paper would be: the number of pages, and each page rasterised and compared with
the form's own render. Text cannot be compared: the app sends raster pages, and cups-pdf re-embeds fonts without
a Unicode map, so ``pdftotext`` of its output is garbage.

The printed page is the form scaled into the printer's printable area; the comparison finds that placement from
the printed content's bounding box, places the form's render there at 200 dpi and compares both at 50 dpi. The
same page differs by under 1 grey level in 255 on average; another record of the same form by about 4, the
other language by about 10.

Without root or without a way to install CUPS the tests are skipped — except in CI (``CI=true``), where a test
that cannot start its server fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument

from desktop.models.database import close_database, open_database
from desktop.models.ticket import ProblemSheet
from desktop.services import demo

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "printer-queue"
DEMO_NOW = datetime(2026, 11, 20, 10, 0)
#: Mean difference in grey levels (0-255) at 50 dpi below which a printed page is the form's page.
SAME_PAGE = 2.0
COMPARE_DPI = 50
FINE_DPI = 200
#: Darker than this counts as printed ink when looking for the content's bounding box.
INK = 160


@dataclass(frozen=True)
class Queue:
    """A running private CUPS server with one cups-pdf queue."""

    folder: str
    server: str
    name: str
    output: Path

    def env(self) -> dict[str, str]:
        """The environment a client reaches this server with."""
        return {**os.environ, "CUPS_SERVER": self.server}


@pytest.fixture(scope="module")
def queue() -> Iterator[Queue]:
    try:
        result = subprocess.run(
            [str(SCRIPT), "start"], capture_output=True, text=True, timeout=900, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        result = subprocess.CompletedProcess([], 1, "", str(exc))
    if result.returncode != 0:
        reason = f"CUPS could not be started: {result.stderr.strip() or result.returncode}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    values = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    started = Queue(values["FOLDER"], values["CUPS_SERVER"], values["PRINTER"], Path(values["OUTPUT"]))
    yield started
    subprocess.run([str(SCRIPT), "stop", started.folder], capture_output=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    open_database(path)
    try:
        demo.fill_demo(now=DEMO_NOW)
    finally:
        close_database()
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    return path


def _frontdesk(queue: Queue, *argv: str) -> subprocess.CompletedProcess[str]:
    """``frontdesk ARGV`` in its own process: libcups reads CUPS_SERVER once per process."""
    return subprocess.run(
        [sys.executable, "-m", "desktop", *argv],
        env=queue.env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _jobs_printed(queue: Queue, count: int) -> list[Path]:
    """The PDFs of the first ``count`` jobs once the queue has finished them, in job order."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pending = subprocess.run(
            ["lpstat", "-o", queue.name], env=queue.env(), capture_output=True, text=True, check=False
        ).stdout.strip()
        done = sorted(queue.output.glob("*.pdf"), key=lambda path: int(path.stem.rsplit("job_", 1)[-1]))
        if not pending and len(done) >= count:
            return done
        time.sleep(0.25)
    raise AssertionError(f"the queue did not print {count} jobs within two minutes")


# ---- comparing pages ---------------------------------------------------------------------------------------


def _document(pdf: Path) -> QPdfDocument:
    document = QPdfDocument()
    document.load(str(pdf))
    assert document.status() == QPdfDocument.Status.Ready, pdf
    return document


def _grey(document: QPdfDocument, page: int, dpi: int) -> QImage:
    points = document.pagePointSize(page)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    image = QImage(size, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, document.render(page, size))
    painter.end()
    return image


def _rows(image: QImage) -> list[bytes]:
    data = bytes(image.constBits())
    line = image.bytesPerLine()
    return [data[y * line : y * line + image.width()] for y in range(image.height())]


def _ink_box(image: QImage) -> tuple[int, int, int, int]:
    """Left, top, right, bottom of everything printed darker than :data:`INK`."""
    left, top, right, bottom = image.width(), -1, -1, -1
    for y, row in enumerate(_rows(image)):
        dark = [x for x, value in enumerate(row) if value < INK]
        if dark:
            top = y if top < 0 else top
            bottom = y + 1
            left, right = min(left, dark[0]), max(right, dark[-1] + 1)
    assert top >= 0, "the page is blank"
    return left, top, right, bottom


def _smaller(image: QImage) -> QImage:
    factor = COMPARE_DPI / FINE_DPI
    return image.scaled(
        round(image.width() * factor),
        round(image.height() * factor),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def page_difference(form: QPdfDocument, form_page: int, printed: QPdfDocument, printed_page: int) -> float:
    """Mean grey-level difference at 50 dpi between a printed page and the form's page placed as printed.

    A landscape form comes out on portrait paper turned a quarter (as a printer prints it): the printed page
    is turned back first, whichever way matches.
    """
    expected, got = _grey(form, form_page, FINE_DPI), _grey(printed, printed_page, FINE_DPI)
    if (expected.width() > expected.height()) != (got.width() > got.height()):
        return min(
            _placed_difference(expected, got.transformed(QTransform().rotate(angle))) for angle in (90, -90)
        )
    return _placed_difference(expected, got)


def _placed_difference(expected: QImage, got: QImage) -> float:
    e_left, e_top, e_right, e_bottom = _ink_box(expected)
    g_left, g_top, g_right, g_bottom = _ink_box(got)
    scale_x = (g_right - g_left) / (e_right - e_left)
    scale_y = (g_bottom - g_top) / (e_bottom - e_top)
    assert abs(scale_x - scale_y) < 0.01, "the page is distorted"
    assert 0.9 < scale_x <= 1.01, "the page is not printed at (nearly) its size"
    placed = QImage(got.size(), QImage.Format.Format_Grayscale8)
    placed.fill(Qt.GlobalColor.white)
    painter = QPainter(placed)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    target = QRectF(
        g_left - e_left * scale_x,
        g_top - e_top * scale_y,
        expected.width() * scale_x,
        expected.height() * scale_y,
    )
    painter.drawImage(target, expected)
    painter.end()
    a, b = _rows(_smaller(placed)), _rows(_smaller(got))
    total = sum(
        abs(x - y) for row_a, row_b in zip(a, b, strict=True) for x, y in zip(row_a, row_b, strict=True)
    )
    return total / (len(a) * len(a[0]))


# ---- tests -------------------------------------------------------------------------------------------------


def test_a_filled_sheet_and_a_register_page_come_out_of_the_queue(
    queue: Queue, demo_db: Path, tmp_path: Path, qtbot: Any
) -> None:
    open_database(demo_db)
    try:
        # The oldest sheet (closed: result, review and callback filled in) and the newest (just received): two
        # pages that differ in every box, not only in a few words.
        sheets = [
            ProblemSheet.select(ProblemSheet.number).order_by(order).scalar()
            for order in (ProblemSheet.id, ProblemSheet.id.desc())
        ]
    finally:
        close_database()
    sheet_pdf, register_pdf = tmp_path / "sheet.pdf", tmp_path / "register.pdf"
    sheet = _frontdesk(
        queue, "--db", str(demo_db), "print", "problem_sheet", sheets[0], "--lang", "en",
        "-o", str(sheet_pdf), "--printer", queue.name,
    )  # fmt: skip
    assert (sheet.returncode, sheet.stderr) == (0, "")
    assert f"Sent to the printer {queue.name}" in sheet.stdout
    register = _frontdesk(
        queue, "--db", str(demo_db), "print", "key_loan", "--month", "2026-11", "--lang", "zh_CN",
        "-o", str(register_pdf), "--printer", "default",
    )  # fmt: skip
    assert (register.returncode, register.stderr) == (0, "")

    printed_sheet, printed_register = _jobs_printed(queue, 2)[:2]
    for form_pdf, printed_pdf in ((sheet_pdf, printed_sheet), (register_pdf, printed_register)):
        form, printed = _document(form_pdf), _document(printed_pdf)
        assert printed.pageCount() == form.pageCount()
        for page in range(form.pageCount()):
            assert page_difference(form, page, printed, page) < SAME_PAGE

    # The comparison tells pages apart: another sheet, printed alike, is not this one.
    other_pdf = tmp_path / "other.pdf"
    other = _frontdesk(
        queue, "--db", str(demo_db), "print", "problem_sheet", sheets[1], "--lang", "en", "-o", str(other_pdf)
    )
    assert other.returncode == 0
    assert page_difference(_document(other_pdf), 0, _document(printed_sheet), 0) > SAME_PAGE


def test_an_unknown_printer_is_one_line_listing_the_printers(
    queue: Queue, demo_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "x.pdf"
    result = _frontdesk(
        queue, "--db", str(demo_db), "--lang", "en", "print", "problem_sheet", "--blank",
        "-o", str(target), "--printer", "Reception-2F",
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == f"frontdesk: There is no printer called Reception-2F. Printers: {queue.name}.\n"
    assert not target.exists()  # the printer is checked before anything is written
