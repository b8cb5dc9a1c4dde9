"""Helpers shared by the command modules: which database, opening it, who runs the command, damage."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import peewee

from desktop import paths
from desktop.models.database import DamagedDatabaseError, open_database
from desktop.services import location, recovery

from ._login import ANYONE, signed_in, signed_in_read_only

__all__ = ["ANYONE", "signed_in", "signed_in_read_only"]


def database_path(args: argparse.Namespace) -> Path:
    """The file ``--db`` names, else the demo database for ``--demo``, else FRONTDESK_DB or the default."""
    if getattr(args, "db", None):
        return paths.expand_user(args.db)
    if getattr(args, "demo", False):
        return paths.demo_db_path()
    return paths.default_db_path()


def open_for(
    args: argparse.Namespace, *, create: bool = True, check_anchors: bool = True
) -> peewee.SqliteDatabase:
    """Open the database the arguments name, creating the default folder when it is ours to create."""
    path = database_path(args)
    # issue 9: never on a network share (raises NetworkPathError); the warnings are for the GUI to show.
    location.check_database_location(path)
    if not getattr(args, "db", None):
        path.parent.mkdir(parents=True, exist_ok=True)
    database = open_database(path, create=create, check_anchors=check_anchors)
    for notice in database.notices:
        sys.stderr.write(f"frontdesk: {notice}\n")
    recovery.tidy(path)
    return database


def restore_command(args: argparse.Namespace, backup_file: Path) -> str:
    """The command that restores ``backup_file`` over the database these arguments name, ready to paste."""
    words = ["frontdesk"]
    if getattr(args, "db", None):
        words += ["--db", str(args.db)]
    if getattr(args, "user", None):
        words += ["--user", str(args.user)]
    words += ["restore", str(backup_file)]
    return " ".join(shlex.quote(word) for word in words)


def damage_line(args: argparse.Namespace, error: DamagedDatabaseError) -> str:
    """The one line for a damaged database: what is wrong, the newest verified backup, the command to restore."""
    damage = recovery.assess(error)
    command = restore_command(args, damage.backup.path) if damage.backup is not None else ""
    return recovery.command_line(damage, command)


def output_language(args: argparse.Namespace) -> str:
    """The language output should be in: ``--lang`` when given, else the UI language."""
    from desktop import i18n

    return i18n.normalize_language(args.lang) if getattr(args, "lang", None) else i18n.ui_language()
