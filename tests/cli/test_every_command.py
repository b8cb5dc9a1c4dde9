"""Every command of the command line, walked from the CLI's own parser: global options after it, and no input
that ends in "unexpected error" (exit 3).

The commands come from :func:`desktop.cli.command_parsers` (nested ones such as ``audit verify`` included), so
a command added later is covered without touching this file. Exit 3 is FrontDesk admitting a bug; whatever a
person types — a number too large, a date that does not exist, a form that is not there, a file in the wrong
encoding — must get a message (exit 1) or a usage error (exit 2). ``FRONTDESK_FUZZ_EXAMPLES=500`` tries
harder than the suite's dozen arguments per command.
"""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import EXIT_BUG, build_parser, command_parsers, main
from desktop.models.database import close_database, open_database

#: Options every command accepts from the front door; not fuzzed (the test picks the database itself).
_GLOBAL = {"-h", "--help", "--db", "--lang", "--version"}


def _leaves() -> list[argparse.ArgumentParser]:
    """The parsers a command line can end in: those that run something."""
    return [parser for parser in command_parsers(build_parser()) if parser.get_default("func") is not None]


def _path(parser: argparse.ArgumentParser) -> list[str]:
    """``["audit", "verify"]`` for the parser of ``frontdesk audit verify``."""
    return parser.prog.split()[1:]


LEAVES = {" ".join(_path(parser)): parser for parser in _leaves()}


def _own_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction | argparse._SubParsersAction)
        and not set(action.option_strings) & _GLOBAL
    ]


def _minimal_argv(parser: argparse.ArgumentParser) -> list[str]:
    """The shortest arguments the parser accepts: each required argument with a harmless value."""
    argv: list[str] = []
    chosen_groups: set[int] = set()
    for action in _own_actions(parser):
        value = str(action.choices[0]) if action.choices else "1"
        if not action.option_strings:
            if action.nargs not in ("?", "*"):
                argv.append(value)
            continue
        group = next(
            (g for g in parser._mutually_exclusive_groups if action in g._group_actions and g.required), None
        )
        if group is not None and id(group) not in chosen_groups:
            chosen_groups.add(id(group))
        elif not action.required:
            continue
        argv += [action.option_strings[0]] + ([] if action.nargs == 0 else [value])
    return argv


def test_the_walk_finds_nested_commands() -> None:
    assert "audit verify" in LEAVES
    assert {"deadline", "import", "export", "print", "demo"} <= set(LEAVES)


@pytest.mark.parametrize("command", sorted(LEAVES))
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_lang_is_accepted_after_every_command(command: str, lang: str) -> None:
    parser = LEAVES[command]
    argv = [*_path(parser), *_minimal_argv(parser), "--lang", lang]
    args = build_parser().parse_args(argv)
    assert args.lang == lang
    assert args.func is parser.get_default("func")


def test_audit_verify_takes_lang_after_the_subcommand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file = tmp_path / "office.sqlite3"
    open_database(db_file)
    close_database()
    assert main(["--db", str(db_file), "audit", "verify", "--lang", "zh_CN"]) == 0
    assert "审计" in capsys.readouterr().out


@pytest.mark.parametrize(
    "amount",
    [
        ["--working-hours", "1e9"],
        ["--working-days", "100000"],
        ["--working-hours", "1e300"],
        ["--working-days", "99999999999999999999"],
    ],
)
def test_a_deadline_too_far_ahead_is_a_message(
    amount: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file = str(tmp_path / "office.sqlite3")
    code = main(["--lang", "en", "--db", db_file, "deadline", "--from", "2026-03-16T10:00", *amount])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "too far ahead" in err
    assert "unexpected" not in err


# ---- odd input, every command ---------------------------------------------------------------------------------

ODD_VALUES = (
    "", " ", "0", "-1", "1.5", "1e9", "1e400", "nan", "inf", "-inf", "100000", "99999999999999999999",
    "2026-02-30", "2026-02-28T25:00", "9999-12-31T23:59", "0001-01-01T00:00", "2026-03-16T10:00+08:00",
    "2026-03-16", "2026-13", "2026-03", "2026-Q1", "2026-Q5", "0000-00", "problem_sheet", "callback_record",
    "key_loan", "complaint_rate", "complaint_register", "no_such_form", "HF20261202-001", "不存在的单号",
    "out.pdf", "out.csv", "out.xlsx", "out.txt", "missing/folder/out.pdf", "/", ".", "..", "-",
    "bad\udcffname.csv", "x" * 300, "😀", "\u202e", "gbk.csv", "empty.csv", "junk.xlsx", "junk.csv",
    "office.sqlite3", "default", "~nobody-here/out.pdf", "~nobody-here",
)  # fmt: skip


def _odd_files(folder: Path) -> None:
    """Files an odd argument may name: a GBK CSV, an empty one, binary junk under spreadsheet names."""
    (folder / "gbk.csv").write_bytes("number,site\nHF1,阳光花园\n".encode("gb18030"))
    (folder / "empty.csv").write_bytes(b"")
    (folder / "junk.xlsx").write_bytes(bytes(range(256)) * 4)
    (folder / "junk.csv").write_bytes(b"\xff\xfe\x00\x00" + bytes(range(256)))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database for the module; each example runs on its own copy."""
    from desktop.services.demo import fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    open_database(path)
    try:
        fill_demo(now=datetime(2026, 3, 16, 9, 0))
    finally:
        close_database()
    return path


def _argument_tokens(parser: argparse.ArgumentParser) -> st.SearchStrategy[list[str]]:
    """Arguments for ``parser``: each of its own options present or not, every value an odd one."""
    # Any text a shell can pass: no NUL (argv cannot hold one), no surrogate but those standing for a byte.
    values = st.one_of(
        st.sampled_from(ODD_VALUES),
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
    )
    parts: list[st.SearchStrategy[list[str]]] = []
    for action in _own_actions(parser):
        if not action.option_strings:
            if action.nargs == "?":
                parts.append(st.one_of(st.just([]), values.map(lambda v: [v])))
            else:
                parts.append(values.map(lambda v: [v]))
        elif action.nargs == 0:
            parts.append(st.sampled_from([[], [action.option_strings[0]]]))
        else:
            option = action.option_strings[-1]
            parts.append(st.one_of(st.just([]), values.map(lambda v, option=option: [option, v])))
    return st.tuples(*parts).map(lambda chunks: [token for chunk in chunks for token in chunk])


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(LEAVES))
def test_no_input_makes_a_command_exit_3(
    command: str,
    demo_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    parser = LEAVES[command]

    @settings(
        max_examples=int(os.environ.get("FRONTDESK_FUZZ_EXAMPLES", "12")),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(tokens=_argument_tokens(parser))
    def run(tokens: list[str]) -> None:
        folder = tmp_path_factory.mktemp("odd")
        _odd_files(folder)
        shutil.copy(demo_file, folder / "office.sqlite3")
        monkeypatch.chdir(folder)
        argv = ["--db", str(folder / "office.sqlite3"), *_path(parser), *tokens]
        try:
            code = main(argv)
        except SystemExit as exit_info:  # argparse: usage error (2) or --help (0)
            code = exit_info.code
        finally:
            close_database()
        err = capfd.readouterr().err
        assert code != EXIT_BUG, f"frontdesk {' '.join(argv)!r} → {err}"
        assert "Traceback" not in err

    run()


@pytest.mark.parametrize(
    "argv",
    [
        ["backup", "--output", "~nobody-here/backup.sqlite3"],
        ["restore", "~nobody-here/backup.sqlite3"],
        ["import", "key_loan", "~nobody-here/keys.csv"],
        ["export", "key_loan", "--output", "~nobody-here/keys.csv"],
        ["print", "key_loan", "--blank", "--output", "~nobody-here/keys.pdf"],
        ["backup", "--list", "--db", "~nobody-here/office.sqlite3"],
        ["audit", "verify", "--db", "~nobody-here/office.sqlite3"],
        ["check", "--db", "~nobody-here/office.sqlite3"],
    ],
)
def test_a_home_folder_of_nobody_is_a_file_not_found(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file = tmp_path / "office.sqlite3"
    open_database(db_file)
    close_database()
    code = main(["--lang", "en", "--db", str(db_file), *argv])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "unexpected" not in err
