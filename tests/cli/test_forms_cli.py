"""``frontdesk forms``, ``frontdesk export`` and ``frontdesk import`` as a person at a terminal uses them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.formspec.loader import load_all
from desktop.services import records


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_forms_lists_every_form(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "forms")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == len(load_all()) >= 19
    assert "problem_sheet\t800客户问题处理表\tHotline Customer Problem-Handling Sheet" in lines
    assert "complaint_report\t投诉处理报告单\tComplaint Handling Report" in lines
    assert all(len(line.split("\t")) == 3 for line in lines)


def test_forms_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "forms", "--fields", "problem_sheet")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "number\ttext\t表单号\tForm No."
    assert "category\tchoice\t用户问题类别\tProblem category" in lines
    assert all(len(line.split("\t")) == 4 for line in lines)


def test_forms_unknown_slug(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "forms", "--fields", "nope")
    assert code == 1
    assert out == ""
    assert err == "frontdesk: There is no form called nope.\n"


class MemoryStore:
    slug = "visitor_register"

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def list_values(self, *, since: datetime | None = None) -> list[dict[str, Any]]:
        return [dict(row) for row in self.rows]

    def get_values(self, number: str) -> dict[str, Any] | None:
        return None

    def import_rows(self, rows: list[dict[str, Any]], *, by: int | None, now: datetime) -> int:
        self.rows.extend(rows)
        return len(rows)


@pytest.fixture
def store() -> Iterator[MemoryStore]:
    memory = MemoryStore()
    records.discover_stores()
    previous = records._STORES.get("visitor_register")  # the real visitor register (issue 8) comes back after
    records.register_store(memory)
    yield memory
    records.unregister_store("visitor_register")
    if previous is not None:
        records.register_store(previous)


def test_import_then_export(
    capsys: pytest.CaptureFixture[str], store: MemoryStore, db_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "visitors.csv"
    source.write_text(
        "visit_date,visitor_name,purpose,receptionist,phone\n"
        "2026-03-16,张三,咨询,小李,138 0013 8000\n"
        "2026-03-16,=cmd|' /C calc'!A0,tour,小李,\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--db", str(db_path), "import", "visitor_register", str(source))
    assert (code, err) == (0, "")
    assert out == f"2 records imported from {source}\n"
    assert store.rows[0]["purpose"] == "inquiry"

    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "--db", str(db_path), "export", "visitor_register", "-o", str(target))
    assert (code, err) == (0, "")
    assert out == f"2 records written to {target}\n"
    text = target.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("number,visit_date,arrived_at,left_at,visitor_name")
    assert "'=cmd|' /C calc'!A0" in text


def test_import_refuses_bad_rows(
    capsys: pytest.CaptureFixture[str], store: MemoryStore, db_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "visitors.csv"
    source.write_text(
        "visit_date,visitor_name,purpose,receptionist\n2026-03-16,张三,咨询,小李\n2026-13-01,李四,inquiry,小李\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--db", str(db_path), "import", "visitor_register", str(source))
    assert code == 1
    assert out == ""
    assert err == (
        "frontdesk: Nothing was imported from visitors.csv:\n"
        "line 3: visit_date: Date: 2026-13-01 is not a valid date (use YYYY-MM-DD).\n"
    )
    assert store.rows == []


def test_export_form_without_records(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "--db", str(db_path), "export", "repair_notice", "-o", str(tmp_path / "k.xlsx")
    )
    assert code == 1
    assert (
        err
        == "frontdesk: Form repair_notice has no records in FrontDesk yet; it can only be printed blank.\n"
    )


def test_export_needs_output(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["export", "problem_sheet"])
    assert info.value.code == 2
    capsys.readouterr()
