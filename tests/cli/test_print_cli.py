"""``frontdesk print``: blank and filled PDFs, languages, and one-line errors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.models.database import close_database
from desktop.services.records import register_store, unregister_store
from tests.pdf.reading import text_of
from tests.services.test_printing import FakeStore


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    close_database()


@pytest.fixture
def store() -> Iterator[FakeStore]:
    store = FakeStore(
        "problem_sheet",
        {
            "20260316-07-003": {
                "number": "20260316-07-003",
                "customer_name": "张三",
                "intake_date": date(2026, 3, 16),
            }
        },
    )
    register_store(store)
    yield store
    unregister_store("problem_sheet")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("lang", "title"), [("zh_CN", "800客户问题处理表"), ("en", "Hotline Customer Problem-Handling Sheet")]
)
def test_blank(tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, title: str) -> None:
    target = tmp_path / "blank.pdf"
    code, out, err = _run(capsys, "--lang", lang, "print", "problem_sheet", "--blank", "-o", str(target))
    assert (code, err) == (0, "")
    assert str(target) in out
    assert title in text_of(target.read_bytes())[0]


def test_record(
    db_path: Path, db: object, store: FakeStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "record.pdf"
    code, _out, err = _run(
        capsys,
        "--lang",
        "en",
        "--db",
        str(db_path),
        "print",
        "problem_sheet",
        "20260316-07-003",
        "-o",
        str(target),
    )
    assert (code, err) == (0, "")
    page = text_of(target.read_bytes())[0]
    assert "张三" in page and "16 Mar 2026" in page and "20260316-07-003" in page


def test_unknown_record_number(
    db_path: Path, db: object, store: FakeStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.pdf"
    code, out, err = _run(
        capsys, "--lang", "en", "--db", str(db_path), "print", "problem_sheet", "9", "-o", str(target)
    )
    assert (code, out) == (1, "")
    assert err == "frontdesk: There is no Hotline Customer Problem-Handling Sheet numbered 9.\n"
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["print", "nosuch", "--blank"], "There is no form called nosuch."),
        (
            ["print", "problem_sheet"],
            "Give a record number to print, a period (--from/--to, --month, --quarter), or --blank.",
        ),
        (
            ["print", "problem_sheet", "1", "--blank"],
            "Give one of --blank, a record number, or a period (--from/--to, --month, --quarter).",
        ),
        (
            ["print", "visitor_register", "--month", "2026-11", "--quarter", "2026-Q4"],
            "Give one period: --month, --quarter.",
        ),
        (
            ["print", "visitor_register", "--month", "2026-13"],
            "--month 2026-13 is not understood; write it as 2026-11.",
        ),
        (
            ["print", "visitor_register", "--quarter", "2026-11"],
            "--quarter 2026-11 is not understood; write it as 2026-Q4.",
        ),
        (
            ["print", "visitor_register", "--from", "1.11.2026"],
            "--from 1.11.2026 is not a date; write it as YYYY-MM-DD.",
        ),
        (
            ["print", "visitor_register", "--to", "2026-11-30"],
            "Give the first day with --from as well as the last with --to.",
        ),
    ],
)
def test_usage_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, "--lang", "en", *argv, "-o", str(tmp_path / "x.pdf"))
    assert (code, out, err) == (1, "", f"frontdesk: {message}\n")


def test_missing_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "x.pdf"
    code, _out, err = _run(capsys, "--lang", "en", "print", "problem_sheet", "--blank", "-o", str(target))
    assert code == 1
    assert err == f"frontdesk: Cannot write {target}: the folder {target.parent} does not exist.\n"


def test_output_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "--lang", "en", "print", "problem_sheet", "--blank", "-o", str(tmp_path))
    assert (code, err) == (1, f"frontdesk: {tmp_path} is a folder; give a file name ending in .pdf.\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _out, err = _run(
            capsys, "--lang", "en", "print", "problem_sheet", "--blank", "-o", str(folder / "x.pdf")
        )
    finally:
        folder.chmod(0o700)
    assert (code, err) == (1, f"frontdesk: Cannot write {folder / 'x.pdf'}: permission denied.\n")
