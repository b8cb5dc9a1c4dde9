"""``frontdesk print problem_sheet NUMBER -o FILE.pdf``: a filled sheet with its number and due time."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.models.database import close_database, open_database
from desktop.services import sheets
from tests.services.sheet_fixtures import make_people, sheet_values


@pytest.fixture
def filed(db_path: Path) -> str:
    open_database(db_path)
    try:
        people = make_people()
        row = sheets.file_sheet(sheet_values(), by=people.operator, now=datetime(2026, 3, 13, 17, 29))
        return row.number
    finally:
        close_database()


def text_of(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_print_a_sheet_by_number(
    filed: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sheet.pdf"
    assert main(["--db", str(db_path), "--lang", "en", "print", "problem_sheet", filed, "-o", str(out)]) == 0
    text = text_of(out)
    assert filed in text
    assert "Hand over by" in text
    assert "10:29" in text  # the due clock time prints on the sheet
    assert "张伟" in text


def test_print_an_unknown_number_is_one_line(
    filed: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sheet.pdf"
    assert main(["--db", str(db_path), "--lang", "en", "print", "problem_sheet", "nope", "-o", str(out)]) == 1
    assert "nope" in capsys.readouterr().err
    assert not out.exists()


def test_without_lang_a_record_prints_in_the_office_print_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office decides the language of its paper (Settings → print language), not the PC's locale."""
    from datetime import datetime

    from pypdf import PdfReader

    from desktop.cli import main
    from desktop.models.database import close_database, open_database
    from desktop.models.ticket import ProblemSheet
    from desktop.services import demo, settings

    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    database = tmp_path / "office.sqlite3"
    open_database(database)
    now = datetime(2026, 11, 23, 9, 40)
    demo.fill_demo(now=now)
    settings.set_setting("print.language", "zh_CN", by=None, now=now)
    number = ProblemSheet.select(ProblemSheet.number).order_by(ProblemSheet.id).first().number
    close_database()
    out = tmp_path / "sheet.pdf"
    assert main(["--db", str(database), "print", "problem_sheet", number, "-o", str(out)]) == 0
    assert "800客户问题处理表" in PdfReader(out).pages[0].extract_text()
    assert (
        main(["--db", str(database), "print", "problem_sheet", number, "-o", str(out), "--lang", "en"]) == 0
    )
    assert "Hotline Customer Problem-Handling Sheet" in PdfReader(out).pages[0].extract_text()
