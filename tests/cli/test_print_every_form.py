"""Every form that keeps records prints one of them, from the command line and from the app, in both languages.

Issue 13: 14 of the 19 forms with records failed ``frontdesk print SLUG NUMBER`` and no test noticed, because
none printed a stored record of every form. This walk takes the forms from ``frontdesk forms`` and a record of
each from the demo database, so a form added later is walked without editing this file — and a form whose
records the demo lacks fails here until the demo gets one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.formspec.loader import load_all, load_form
from desktop.models.database import close_database, open_database
from desktop.services import demo, records
from tests.pdf.reading import squeeze, text_of

LANGUAGES = ("zh_CN", "en")
#: The demo is filled as on a Friday morning: a year of sheets behind it, today's keys out.
DEMO_NOW = datetime(2026, 11, 20, 10, 0)
#: Every form FrontDesk knows, as ``frontdesk forms`` lists them (checked by the first test).
FORMS = sorted(load_all())


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
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the demo database (printing writes audit events)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_file, path)
    yield path
    close_database()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _sample(slug: str) -> dict[str, Any]:
    values = records.get_store(slug).list_values()
    assert values, f"the demo has no record of {slug}: add one to the demo so that its printout is walked"
    return values[0]


def _holds(pdf: bytes, *texts: str) -> None:
    text = squeeze("".join(text_of(pdf)))
    for expected in texts:
        assert squeeze(expected) in text
    assert "\ufffd" not in text  # nothing printed as a replacement character


def test_the_walk_covers_what_frontdesk_forms_lists(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "forms")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == FORMS


@pytest.mark.parametrize("slug", FORMS)
def test_one_record_prints_from_the_command_line_and_the_app(
    slug: str, demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qtbot: Any
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from desktop.views.preview import print_pdf
    from desktop.views.record_print import open_record_preview

    form = load_form(slug)
    open_database(demo_db)
    try:
        kept, sample = records.keeps_records(slug), _sample(slug) if records.has_store(slug) else None
    finally:
        close_database()
    target = tmp_path / f"{slug}.pdf"
    if sample is None:  # printed blank only: said in one line, exit 1, no file
        code, out, err = _run(
            capsys, "--db", str(demo_db), "--lang", "en", "print", slug, "1", "-o", str(target)
        )
        assert (code, out) == (1, "")
        assert (
            err == f"frontdesk: Form {slug} has no records in FrontDesk yet; it can only be printed blank.\n"
        )
        assert not target.exists()
        return
    if not kept:  # counted from other records (表1.3): its month prints instead
        for lang in LANGUAGES:
            code, _out, err = _run(
                capsys, "--db", str(demo_db), "--lang", lang, "print", slug, "--month", sample["period"],
                "-o", str(target),
            )  # fmt: skip
            assert (code, err) == (0, "")
            _holds(target.read_bytes(), form.title.get(lang), sample["period"])
        return

    number = str(sample["number"])
    for lang in LANGUAGES:
        code, out, err = _run(
            capsys, "--db", str(demo_db), "--lang", lang, "print", slug, number, "-o", str(target)
        )
        assert (code, err) == (0, ""), err
        assert str(target) in out
        _holds(target.read_bytes(), form.title.get(lang), number)

    open_database(demo_db)
    for lang in LANGUAGES:
        window = open_record_preview(slug, number, None, lang=lang)
        assert window is not None
        qtbot.addWidget(window)
        _holds(window.pdf_bytes(), form.title.get(lang), number)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"printed-{lang}.pdf"))
        printer.setResolution(72)  # what reaches the paper is checked against CUPS in test_print_to_queue
        assert print_pdf(window.pdf_bytes(), printer) == window.page_count()
        window.close()


def _period_registers() -> list[str]:
    return [
        slug
        for slug in records.registered_slugs()
        if isinstance(records.get_store(slug), records.PeriodRegister)
    ]


@pytest.mark.parametrize("slug", _period_registers())
def test_every_register_prints_for_a_period(
    slug: str, demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's years (a quarter for the complaint-rate table, which counts whole months or quarters)."""
    form = load_form(slug)
    target = tmp_path / f"{slug}.pdf"
    if records.keeps_records(slug):
        period = ["--from", "2020-01-01", "--to", "2026-11-20"]
        titles = {"zh_CN": "2020年1月1日 – 2026年11月20日", "en": "1 Jan 2020 – 20 Nov 2026"}
    else:
        period = ["--quarter", "2026-Q4"]
        titles = {"zh_CN": "2026年第4季度", "en": "Q4 2026"}
    for lang in LANGUAGES:
        code, _out, err = _run(
            capsys, "--db", str(demo_db), "--lang", lang, "print", slug, *period, "-o", str(target)
        )
        assert (code, err) == (0, ""), err
        _holds(target.read_bytes(), f"{form.title.get(lang)} {titles[lang]}")


def test_a_month_of_the_callback_record_is_the_callbacks_page_register(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line prints the lines the app's "Print register" prints: the same store function."""
    from desktop.services import callback_list

    open_database(demo_db)
    try:
        lines = callback_list.register_rows(date(2026, 11, 1), date(2026, 11, 30))
    finally:
        close_database()
    assert len(lines) > 3
    target = tmp_path / "callbacks.pdf"
    code, _out, err = _run(
        capsys,
        "--db",
        str(demo_db),
        "--lang",
        "en",
        "print",
        "callback_record",
        "--month",
        "2026-11",
        "-o",
        str(target),
    )
    assert (code, err) == (0, "")
    _holds(target.read_bytes(), "Customer Callback Record November 2026", *(line["number"] for line in lines))


def test_a_month_of_the_key_log(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.services import key_store

    open_database(demo_db)
    try:
        lines = key_store.log_register_rows(day=date(2026, 11, 1), date_to=date(2026, 11, 30))
    finally:
        close_database()
    assert lines
    target = tmp_path / "keys.pdf"
    code, _out, err = _run(
        capsys, "--db", str(demo_db), "--lang", "zh_CN", "print", "key_log", "--from", "2026-11-01", "--to",
        "2026-11-30", "-o", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    _holds(target.read_bytes(), "房屋钥匙管理记录表2026年11月", *(line["number"] for line in lines))


def test_a_failed_write_leaves_no_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk half-way through: nothing is left behind, not even an empty file."""
    target = tmp_path / "full" / "sheet.pdf"
    target.parent.mkdir()
    open_database(demo_db)
    try:
        number = _sample("problem_sheet")["number"]
    finally:
        close_database()
    full = pytest.MonkeyPatch()
    full.setattr("os.fsync", _disk_full)
    try:
        code, out, err = _run(
            capsys, "--db", str(demo_db), "--lang", "en", "print", "problem_sheet", number, "-o", str(target)
        )
    finally:
        full.undo()
    assert (code, out) == (1, "")
    assert err.startswith(f"frontdesk: Cannot write {target}: No space left on device")
    assert list(target.parent.iterdir()) == []


def _disk_full(_fd: int) -> None:
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")
