"""The front door: ``frontdesk [--db PATH] [--lang zh_CN|en] [--demo] [COMMAND ...]``.

Without a command it starts the GUI. Each command lives in its own module in this package and exposes
``register(subparsers)``; the module sets ``func`` on its parser. Commands call services and never import Qt.
Errors the desk can fix print one line on stderr and exit 1; a bug prints one line pointing to the log and
exits 3 — never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence

from desktop import __version__, i18n, paths
from desktop.errors import UserError
from desktop.i18n import _
from desktop.logsetup import log_file_path, setup_logging
from desktop.models.database import DamagedDatabaseError, damaged, is_damage

from ._common import damage_line, database_path
from ._login import add_user_option

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_BUG = 3


def _command_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_"))


def _global_parser(*, add_help: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontdesk",
        add_help=add_help,
        description=_("FrontDesk: registers, reminders and printable forms for the front desk."),
    )
    parser.add_argument("--version", action="version", version=f"FrontDesk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help=_("database file (default: FRONTDESK_DB or the user data folder)")
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of screens and output"))
    parser.add_argument(
        "--demo", action="store_true", help=_("start on a demo database filled with sample data")
    )
    add_user_option(parser)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command module registered."""
    parser = _global_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _command_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(subparsers)
    for command_parser in command_parsers(parser):
        _accept_global_options(command_parser)
    return parser


def command_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every parser a command line can end in, nested ones included (``audit verify``), depth first.

    The global options are added to each, so ``--lang`` may follow any subcommand; tests walk the same list
    to run every command.
    """
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):  # aliases map to the same parser once
                found.append(child)
                found.extend(command_parsers(child))
    return found


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``; a plain GUI start skips importing the command modules (they pull in holidays, …)."""
    gui_args, rest = _global_parser(add_help=False).parse_known_args(argv)
    if not rest:
        gui_args.command = None
        return gui_args
    return build_parser().parse_args(argv)


def _accept_global_options(command_parser: argparse.ArgumentParser) -> None:
    """Let ``--db`` and ``--lang`` also follow the command (``frontdesk print X -o f.pdf --lang en``).

    SUPPRESS as the default keeps a value given before the command when the option is not repeated after it.
    """
    known = command_parser._option_string_actions
    if "--user" not in known:
        add_user_option(command_parser, default=argparse.SUPPRESS)
    if "--db" not in known:
        command_parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    if "--lang" not in known:
        command_parser.add_argument(
            "--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=_("language of the output")
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run FrontDesk with ``argv`` (default: the process arguments); returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be set before the parser is built so that --help is translated.
    i18n.set_ui_language(_language_from_argv(argv) or i18n.system_language())
    args = parse_arguments(argv)
    setup_logging()
    try:
        if args.command is None:
            from desktop import app  # the only Qt import reachable from here

            return app.run(args)
        return int(args.func(args) or EXIT_OK)
    except DamagedDatabaseError as exc:
        _say_error(f"frontdesk: {damage_line(args, exc)}")
        return EXIT_PROBLEM
    except UserError as exc:
        _say_error(f"frontdesk: {exc.command_line_message}")
        return EXIT_PROBLEM
    except paths.MissingDataError as exc:
        _say_error(f"frontdesk: {exc}; reinstall FrontDesk.")
        return EXIT_PROBLEM
    except BrokenPipeError:
        # `frontdesk forms | head` closed the pipe early: not an error; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        if exc.filename is None:
            return _unexpected(exc, args)
        # A file the command was given cannot be used (name too long, no permission, not a folder …): the
        # person can fix that, the operating system said what is wrong.
        _say_error(_("frontdesk: {path}: {reason}").format(path=exc.filename, reason=exc.strerror or exc))
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return _unexpected(exc, args)


def _unexpected(exc: BaseException, args: argparse.Namespace) -> int:
    """An error no command caught: damage met past the door, else a bug.

    A damaged page met after the checks at the door (they are bounded in time) gets the damage line and exit 1;
    anything else is a bug: the traceback goes to the log, one line to the person.
    """
    if is_damage(exc):
        log.warning("damaged database met in %s: %s", args.command or "gui", exc)
        _say_error(f"frontdesk: {damage_line(args, damaged(database_path(args), exc))}")
        return EXIT_PROBLEM
    log.error("unexpected error in %s", args.command or "gui", exc_info=exc)
    _say_error(
        _("frontdesk: unexpected error ({error}); details are in {log}").format(
            error=type(exc).__name__, log=log_file_path()
        )
    )
    return EXIT_BUG


def _say_error(line: str) -> None:
    # Not print(): importing the command module ``desktop.cli.print`` binds the name ``print`` in this package.
    # A file name that is not UTF-8 reaches the message as lone surrogates: show those bytes as "�".
    sys.stderr.write(paths.display_path(line) + "\n")


def _language_from_argv(argv: Sequence[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None
