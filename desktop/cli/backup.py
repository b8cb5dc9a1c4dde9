"""``frontdesk backup [-o FILE]``: a verified copy of the database; ``backup --list``: its own series."""

from __future__ import annotations

import argparse

from desktop.i18n import _
from desktop.models.database import close_database
from desktop.paths import display_path, expand_user
from desktop.services import backup
from desktop.services.clock import SystemClock

from ._common import ANYONE, open_for, signed_in


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``backup`` command."""
    parser = subparsers.add_parser(
        "backup",
        help=_("copy the database to a backup file and check the copy, or list its backups"),
        description=_(
            "Copy the database to a backup file and check the copy; with --list, show this database's own "
            "backups with their dates and checks."
        ),
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("backup file (default: this database's series in the backup folder)"),
    )
    what.add_argument(
        "--list", action="store_true", help=_("list this database's backups, newest first, and stop")
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Back up the database the arguments name and print where the copy is; or list its series."""
    open_for(args, create=False)
    try:
        if args.list:
            signed_in(args, ANYONE, command="backup --list")
            folder = backup.series_folder()
            infos = backup.list_backups(folder)
        else:
            by = signed_in(args, "database.backup", command="backup")
            target = expand_user(args.output) if args.output else None
            path = backup.backup_database(target, now=SystemClock().now(), by=by)
    finally:
        close_database()
    if not args.list:
        print(_("Backup written to {path}").format(path=display_path(path)))
        return 0
    print(_("Backups of this database in {folder}:").format(folder=display_path(folder)))
    if not infos:
        print(_("  none yet"))
    for info in infos:
        state = _("verified") if info.verified and info.intact() else _("NOT INTACT (changed or cut since)")
        if info.verified and not info.path.exists():
            state = _("missing")
        print(
            "  "
            + "\t".join(
                (
                    info.created.strftime("%Y-%m-%d %H:%M:%S"),
                    info.reason,
                    _("{count} events").format(count=info.chain_events),
                    state,
                    info.path.name,
                )
            )
        )
    return 0
