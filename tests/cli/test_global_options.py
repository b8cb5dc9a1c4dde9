"""The front door's global options work before and after the command, as the issues write them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.models.database import close_database, open_database


@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "en", "print", "problem_sheet", "--blank", "-o", "{out}"],
        ["print", "problem_sheet", "--blank", "-o", "{out}", "--lang", "en"],
    ],
)
def test_lang_may_stand_before_or_after_the_command(argv: list[str], tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    assert main([arg.format(out=out) for arg in argv]) == 0
    assert "Hotline Customer Problem-Handling Sheet" in PdfReader(out).pages[0].extract_text()


def test_lang_after_the_command_overrides_the_one_before(tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    assert main(["--lang", "en", "print", "problem_sheet", "--blank", "-o", str(out), "--lang", "zh_CN"]) == 0
    assert "800客户问题处理表" in PdfReader(out).pages[0].extract_text()


def test_db_may_follow_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "office.sqlite3"
    open_database(db_file)
    close_database()
    assert main(["check", "--db", str(db_file)]) == 0
    assert str(db_file) in capsys.readouterr().out


def test_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["forms", "--lang", "fr"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_starting_the_gui_does_not_load_the_command_modules() -> None:
    """The GUI start parses only the global options: command modules (holidays, reportlab …) cost start-up time."""
    import subprocess
    import sys

    code = (
        "import sys; from desktop.cli import parse_arguments; "
        "args = parse_arguments(['--lang', 'en', '--demo']); "
        "print(args.command, args.lang, args.demo, 'desktop.cli.deadline' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["None", "en", "True", "False"]


def test_a_broken_installation_gets_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import i18n, paths

    def missing() -> Path:
        raise paths.MissingDataError(
            "FrontDesk's forms/ and resources/ folders are missing from this installation"
        )

    monkeypatch.setattr(paths, "data_root", missing)
    i18n._catalog.cache_clear()
    try:
        assert main(["--lang", "zh_CN", "forms"]) == 1
    finally:
        i18n._catalog.cache_clear()
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "reinstall FrontDesk" in err
