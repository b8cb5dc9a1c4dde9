"""``frontdesk import``: a GBK CSV from a Chinese Excel, rows already there, progress lines per 5 %."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.models.database import close_database, open_database
from desktop.models.register import Visitor


def gbk_csv(path: Path, count: int) -> Path:
    lines = ["visitor_name,visit_date,arrived_at,purpose,receptionist"]
    lines += [f"访客{index},2026-03-16,09:{index % 60:02d},other,王芳" for index in range(count)]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    return path


def count_visitors(db_file: Path) -> int:
    open_database(db_file)
    try:
        return Visitor.select().count()
    finally:
        close_database()


def test_a_gbk_file_imports_with_progress_then_is_skipped_unless_duplicates_are_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file = tmp_path / "office.sqlite3"
    source = gbk_csv(tmp_path / "来访登记.csv", 10_000)
    argv = ["--lang", "en", "--db", str(db_file), "import", "visitor_register", str(source)]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert out == f"10000 records imported from {source}\n"
    percents = [int(found) for found in re.findall(r"^importing 来访登记\.csv: (\d+) % ", err, re.M)]
    assert percents == list(range(5, 101, 5))  # a line per 5 %, each once, ending at 100
    assert count_visitors(db_file) == 10_000

    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err.splitlines()[-1].startswith("importing 来访登记.csv: 100 % ")
    assert out.splitlines() == [
        f"0 records imported from {source}",
        "Skipped as already there (same values): 10000 (line 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …). "
        "Run the command again with --allow-duplicates to import them.",
    ]
    assert main([*argv, "--allow-duplicates"]) == 0
    assert capsys.readouterr().out == f"10000 records imported from {source}\n"
    assert count_visitors(db_file) == 20_000


def test_audit_verify_proves_an_imported_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_file = tmp_path / "office.sqlite3"
    source = gbk_csv(tmp_path / "visitors.csv", 1500)  # three chunks of events written together
    assert main(["--lang", "en", "--db", str(db_file), "import", "visitor_register", str(source)]) == 0
    capsys.readouterr()
    code = main(["--lang", "en", "--db", str(db_file), "audit", "verify"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out.startswith("audit chain intact: 1501 events")  # the database's first event and one per row
    rows = re.search(r"^records: (\d+) rows in \d+ tables match their trail$", out, re.M)
    assert rows is not None and int(rows.group(1)) > 1500, out
