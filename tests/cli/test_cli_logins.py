"""Logins bind the command line: with logins on, commands that read personal data or write ask who runs them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from desktop.cli import main
from desktop.models.base import db
from desktop.models.database import close_database, open_database
from desktop.services import accounts, backup, customers, office

NOW = datetime(2026, 3, 16, 9, 0)
ADMIN_PASSWORD = "admin-pass-001"
DESK_PASSWORD = "desk-pass-002"


@pytest.fixture(autouse=True)
def _cheap_hashes() -> Iterator[None]:
    previous = accounts.set_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    accounts.set_hasher(previous)
    close_database()


@pytest.fixture
def office_path(tmp_path: Path) -> Path:
    """An office with logins on: an administrator (KF001) and a receptionist (KF002), both with passwords."""
    path = tmp_path / "office.sqlite3"
    open_database(path)
    office.complete_first_run(
        office={"name": "阳光花园物业服务中心"},
        departments=["客户服务部"],
        staff=[
            {"employee_no": "KF001", "name": "陈静", "role": "administrator", "department": "客户服务部",
             "password": ADMIN_PASSWORD},
            {"employee_no": "KF002", "name": "王芳", "role": "receptionist", "department": "客户服务部"},
        ],
        now=NOW,
    )  # fmt: skip
    receptionist = next(row.id for row in office.list_staff() if row.employee_no == "KF002")
    accounts.set_password(receptionist, DESK_PASSWORD, by=None, now=NOW)
    customers.add_customer({"name": "张伟", "mobile": "13800138000"}, by=None, now=NOW)
    assert accounts.login_required()
    close_database()
    return path


def _run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    path: Path,
    *argv: str,
    password: str | None = None,
) -> tuple[int, str, str]:
    if password is None:
        monkeypatch.delenv("FRONTDESK_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("FRONTDESK_PASSWORD", password)
    code = main(["--lang", "en", "--db", str(path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _events(path: Path, action: str) -> list[tuple[int | None, str]]:
    open_database(path)
    try:
        return [
            (row[0], str(row[1]))
            for row in db.execute_sql(
                "SELECT staff_id, summary FROM audit_event WHERE action = ? ORDER BY id", (action,)
            )
        ]
    finally:
        close_database()


def _staff_id(path: Path, number: str) -> int:
    open_database(path)
    try:
        return int(db.execute_sql("SELECT id FROM staff WHERE employee_no = ?", (number,)).fetchone()[0])
    finally:
        close_database()


COMMANDS_NEEDING_A_LOGIN = [
    ["export", "visitor_register", "-o", "{tmp}/c.csv"],
    ["import", "visitor_register", "{tmp}/in.csv"],
    ["backup"],
    ["backup", "--list"],
    ["due"],
    ["audit", "verify"],
    ["demo"],
    ["print", "problem_sheet", "20260316-X-001", "-o", "{tmp}/p.pdf"],
]


@pytest.mark.parametrize("argv", COMMANDS_NEEDING_A_LOGIN, ids=lambda argv: " ".join(argv[:2]))
def test_without_a_login_nothing_is_read_or_written(
    office_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    (office_path.parent / "in.csv").write_text("name\n李四\n", encoding="utf-8")
    args = [arg.replace("{tmp}", str(office_path.parent)) for arg in argv]
    code, out, err = _run(capsys, monkeypatch, office_path, *args)
    assert (code, out) == (1, "")
    assert err == (
        "frontdesk: This office requires a login: add --user WORK-NUMBER (the password is asked for, or read from "
        "FRONTDESK_PASSWORD).\n"
    )
    assert not (office_path.parent / "c.csv").exists()


def test_restore_needs_an_administrators_login(
    office_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(office_path)
    copy = backup.backup_database(office_path.parent / "b.sqlite3", now=NOW)
    close_database()
    code, _out, err = _run(capsys, monkeypatch, office_path, "restore", str(copy))
    assert code == 1 and "This office requires a login" in err
    code, _out, err = _run(
        capsys, monkeypatch, office_path, "--user", "KF002", "restore", str(copy), password=DESK_PASSWORD
    )
    assert code == 1 and "王芳 (Receptionist) may not restore a backup." in err
    code, _out, err = _run(
        capsys, monkeypatch, office_path, "--user", "KF001", "restore", str(copy), password=ADMIN_PASSWORD
    )
    assert (code, err) == (0, "")
    assert _events(office_path, "restore")[-1][0] == _staff_id(office_path, "KF001")


def test_a_login_runs_the_command_as_that_person(
    office_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = office_path.parent / "c.csv"
    code, _out, err = _run(
        capsys, monkeypatch, office_path, "export", "visitor_register", "-o", str(target), "--user", "KF001",
        password=ADMIN_PASSWORD,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert target.is_file()
    admin = _staff_id(office_path, "KF001")
    assert _events(office_path, "login")[-1] == (admin, "KF001 (command line: export)")
    assert _events(office_path, "export")[-1][0] == admin


def test_a_wrong_password_is_refused_and_in_the_trail(
    office_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _run(
        capsys, monkeypatch, office_path, "--user", "KF001", "due", password="not the password"
    )
    assert (code, out, err) == (1, "", "frontdesk: Wrong work number or password.\n")
    assert _events(office_path, "login_failed")[-1][1] == "command line: due"


def test_the_role_matrix_applies(
    office_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = _run(
        capsys, monkeypatch, office_path, "--user", "KF002", "export", "visitor_register", "-o", str(office_path.parent / "c.csv"),
        password=DESK_PASSWORD,
    )  # fmt: skip
    assert code == 1
    assert err == "frontdesk: 王芳 (Receptionist) may not export records. Allowed: Manager, Administrator.\n"
    code, out, err = _run(
        capsys, monkeypatch, office_path, "--user", "KF002", "due", "--json", password=DESK_PASSWORD
    )
    assert (code, err) == (0, "") and isinstance(json.loads(out), list)  # reading the due list is everyone's


def test_no_terminal_and_no_password_is_a_clear_message(
    office_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = _run(capsys, monkeypatch, office_path, "--user", "KF001", "due")
    assert code == 1
    assert (
        err == "frontdesk: No password for KF001: run the command in a terminal, or set FRONTDESK_PASSWORD.\n"
    )


@pytest.mark.parametrize(
    "argv",
    [["forms"], ["print", "problem_sheet", "--blank", "-o", "{tmp}/blank.pdf"], ["check"],
     ["deadline", "--from", "2026-03-16T09:00", "--working-hours", "2"]],
    ids=lambda argv: argv[0] + (" --blank" if "--blank" in argv else ""),
)  # fmt: skip
def test_open_commands_need_no_login(
    office_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    args = [arg.replace("{tmp}", str(office_path.parent)) for arg in argv]
    code, _out, err = _run(capsys, monkeypatch, office_path, *args)
    assert (code, err) == (0, "")


def test_version_needs_no_login(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("FrontDesk ")


def test_without_logins_user_names_who_ran_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "open.sqlite3"
    open_database(path)
    office.complete_first_run(
        office={"name": "诊所"},
        departments=["前台"],
        staff=[{"employee_no": "Q01", "name": "李娜", "role": "manager", "department": "前台"}],
        now=NOW,
    )
    close_database()
    code, _out, err = _run(capsys, monkeypatch, path, "backup", "--user", "Q01")
    assert (code, err) == (0, "")
    assert _events(path, "backup")[-1][0] == _staff_id(path, "Q01")
    code, _out, err = _run(capsys, monkeypatch, path, "backup", "--user", "NOBODY")
    assert (code, err) == (1, "frontdesk: There is no active staff member with work number NOBODY.\n")
    code, _out, err = _run(capsys, monkeypatch, path, "backup")
    assert (code, err) == (0, "")
    assert _events(path, "backup")[-1][0] is None  # the system, as before logins


def test_a_work_number_that_is_not_utf8_is_not_found(
    office_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte that is not UTF-8 in --user (a script's stray argument) is a person not found, with or without
    logins, never "unexpected error"."""
    odd = "KF\udcff01"  # how Python hands over the byte 0xFF of argv
    code, _out, err = _run(capsys, monkeypatch, office_path, "--user", odd, "due", password=ADMIN_PASSWORD)
    assert (code, err) == (1, "frontdesk: Wrong work number or password.\n")
    path = tmp_path / "open.sqlite3"
    open_database(path)
    close_database()
    code, _out, err = _run(capsys, monkeypatch, path, "backup", "--user", odd)
    assert (code, err) == (1, "frontdesk: There is no active staff member with work number KF\ufffd01.\n")
