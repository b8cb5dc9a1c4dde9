"""Helpers shared by the command modules."""

from __future__ import annotations

import argparse
from pathlib import Path

import peewee

from desktop import paths
from desktop.models.database import open_database
from desktop.services import location


def database_path(args: argparse.Namespace) -> Path:
    """The file ``--db`` names, else the demo database for ``--demo``, else FRONTDESK_DB or the default."""
    if getattr(args, "db", None):
        return paths.expand_user(args.db)
    if getattr(args, "demo", False):
        return paths.demo_db_path()
    return paths.default_db_path()


def open_for(args: argparse.Namespace, *, create: bool = True) -> peewee.SqliteDatabase:
    """Open the database the arguments name, creating the default folder when it is ours to create."""
    path = database_path(args)
    # issue 9: never on a network share (raises NetworkPathError); the warnings are for the GUI to show.
    location.check_database_location(path)
    if not getattr(args, "db", None):
        path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(path, create=create)


def output_language(args: argparse.Namespace) -> str:
    """The language output should be in: ``--lang`` when given, else the UI language."""
    from desktop import i18n

    return i18n.normalize_language(args.lang) if getattr(args, "lang", None) else i18n.ui_language()
