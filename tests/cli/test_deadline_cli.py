"""``frontdesk deadline``: the due moment in ISO 8601 with the local offset, from the office's calendar."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.models.database import close_database, open_database
from desktop.services.settings import set_setting


@pytest.fixture(autouse=True)
def _china_time() -> Iterator[None]:
    """The computer's clock in China's time zone, so the printed offset is +08:00 whatever the CI machine says."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


def run(capsys: pytest.CaptureFixture[str], db_path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "--db", str(db_path), "deadline", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "due"),
    [
        (["--from", "2026-03-16T17:29", "--working-hours", "2"], "2026-03-17T10:29:00+08:00"),
        (["--from", "2026-03-16T11:30", "--working-hours", "1"], "2026-03-16T14:00:00+08:00"),  # across lunch
        (["--from", "2026-03-16 11:30:00", "--working-hours", "1.5"], "2026-03-16T14:30:00+08:00"),
        (["--from", "2026-10-01T10:00", "--working-hours", "2"], "2026-10-08T10:30:00+08:00"),  # National Day
        (
            ["--from", "2026-02-13T17:00", "--working-hours", "2"],
            "2026-02-14T10:00:00+08:00",
        ),  # 调休 Saturday
        (["--from", "2026-03-16T10:00", "--working-days", "2"], "2026-03-18T17:30:00+08:00"),
        (["--from", "2026-09-30T16:00", "--working-days", "2"], "2026-10-09T17:30:00+08:00"),
        (["--from", "2026-03-16T17:29:00+08:00", "--working-hours", "2"], "2026-03-17T10:29:00+08:00"),
        (
            ["--from", "2026-03-16T09:29:00+00:00", "--working-hours", "2"],
            "2026-03-17T10:29:00+08:00",
        ),  # UTC in
    ],
)
def test_prints_the_due_moment(
    capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str], due: str
) -> None:
    code, out, err = run(capsys, db_path, *args)
    assert (code, out, err) == (0, due + "\n", "")


def test_uses_the_office_days_in_the_database(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    open_database(db_path)
    set_setting("calendar.extra_closures", ["2026-03-17"], by=None, now=datetime(2026, 3, 16, 9, 0))
    close_database()
    code, out, _err = run(capsys, db_path, "--from", "2026-03-16T17:29", "--working-hours", "2")
    assert (code, out) == (0, "2026-03-18T10:29:00+08:00\n")


def test_warns_on_stderr_for_a_year_without_official_arrangement(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    code, out, err = run(capsys, db_path, "--from", "2027-03-15T09:00", "--working-days", "1")
    assert (code, out) == (0, "2027-03-16T17:30:00+08:00\n")
    assert err == (
        "frontdesk: warning: the official holidays and make-up working days of 2027 are not known yet; "
        "enter the office's days for 2027 in Settings.\n"
    )


def test_bad_start_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, err = run(capsys, db_path, "--from", "16/03/2026 17:29", "--working-hours", "2")
    assert (code, out) == (1, "")
    assert (
        err
        == "frontdesk: 16/03/2026 17:29 is not a date and time in ISO 8601 format, e.g. 2026-03-16T17:29.\n"
    )
    assert not db_path.exists()  # nothing was opened or created


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2026-03-16T09:00"],  # no amount
        ["--from", "2026-03-16T09:00", "--working-hours", "2", "--working-days", "1"],  # both
        ["--working-hours", "2"],  # no start
        ["--from", "2026-03-16T09:00", "--working-hours", "-1"],
        ["--from", "2026-03-16T09:00", "--working-days", "0"],
        ["--from", "2026-03-16T09:00", "--working-days", "1.5"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], db_path: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "--db", str(db_path), "deadline", *args])
    assert caught.value.code == 2
    assert "usage: frontdesk deadline" in capsys.readouterr().err
