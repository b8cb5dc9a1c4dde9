"""Logins on the command line: who runs a command, checked like the screens check who is on duty.

When the office requires logins (:func:`desktop.services.accounts.login_required`), every command that reads
personal data or changes anything asks for a work number (``--user KF001``) and its password — from a prompt
in a terminal, or from ``FRONTDESK_PASSWORD`` for scripts — and applies the same role matrix as the app
(:mod:`desktop.rules.permissions`). The login is in the audit trail (``login``, "via command line: export"),
and so is every event the command writes, under that person. Without logins, ``--user`` still names who ran
the command (no password), else the events name nobody (the system), as before.

Open without a login: ``--version``, ``forms``, ``print --blank``, ``check`` and ``deadline`` — none reads
personal data or writes anything.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop import paths
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.staff import Staff
from desktop.services import accounts, authz
from desktop.services.clock import SystemClock

PASSWORD_ENV = "FRONTDESK_PASSWORD"
#: ``signed_in(args, ANYONE)``: any active staff member may run it (it reads personal data).
ANYONE = ""


def add_user_option(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    """``--user WORK-NUMBER`` on ``parser``."""
    parser.add_argument(
        "--user",
        metavar="WORK-NUMBER",
        default=default,
        help=_(
            "who runs the command (work number); the password is asked for, or read from FRONTDESK_PASSWORD"
        ),
    )


def _password(user: str) -> str:
    """The password from ``FRONTDESK_PASSWORD``, else a prompt that does not echo.

    Raises:
        UserError: no terminal to ask in and no ``FRONTDESK_PASSWORD``.
    """
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserError(
            _("No password for {user}: run the command in a terminal, or set FRONTDESK_PASSWORD.").format(
                user=user
            )
        )
    return getpass.getpass(_("Password for {user}: ").format(user=user))


def _work_number(args: argparse.Namespace) -> str:
    """``--user`` as typed, without blanks around it.

    Bytes that are not UTF-8 (a stray argument from a script) reach Python as lone surrogates, which SQLite
    refuses; no work number holds them, so they are shown as "�" and the person is simply not found.
    """
    return paths.display_path((getattr(args, "user", None) or "").strip())


def _no_login_needed(user: str, permission: str) -> int:
    """Logins are off: ``--user`` names an active staff member (no password), checked against the matrix."""
    number = " ".join(user.split())
    row = Staff.select(Staff.id, Staff.active).where(Staff.employee_no == number).tuples().first()
    if row is None or not row[1]:
        raise UserError(_("There is no active staff member with work number {user}.").format(user=number))
    if permission:
        authz.check(permission, int(row[0]))
    return int(row[0])


def signed_in(args: argparse.Namespace, permission: str, *, command: str) -> int | None:
    """Who runs this command on the open database: a staff id, or None (the system) when logins are off.

    Args:
        permission: the permission the command needs (:data:`ANYONE` for any active staff member).
        command: the command's name, for the login event.

    Raises:
        UserError: a login is required and missing or wrong, or the person may not do this.
    """
    user = _work_number(args)
    if not accounts.login_required():
        return _no_login_needed(user, permission) if user else None
    if not user:
        raise UserError(
            _(
                "This office requires a login: add --user WORK-NUMBER (the password is asked for, or read from "
                "FRONTDESK_PASSWORD)."
            )
        )
    row = accounts.verify_login(
        user, _password(user), now=SystemClock().now(), via=f"command line: {command}"
    )
    if permission:
        authz.check(permission, row.id)
    return row.id


def signed_in_read_only(args: argparse.Namespace, permission: str) -> int | None:
    """:func:`signed_in` against a file that can only be read (a backup, when the live database is damaged).

    Nothing is written: the login is proved by the password stored in that file, and the command's own events
    (the restore) name the person.
    """
    user = _work_number(args)
    if not accounts.login_required():
        return _no_login_needed(user, permission) if user else None
    if not user:
        raise UserError(
            _(
                "This office requires a login: add --user WORK-NUMBER (the password is asked for, or read from "
                "FRONTDESK_PASSWORD)."
            )
        )
    row = accounts.check_password(user, _password(user))
    if permission:
        authz.check(permission, row.id)
    return row.id
