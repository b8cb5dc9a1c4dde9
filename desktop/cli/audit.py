"""``frontdesk audit verify``: recompute the hash chain of the audit trail and name the first broken link.

Exit 0 with ``audit chain intact: N events, head <hash>``; exit 1 naming the first broken event (id, time,
record) or the first record whose stored value differs from its trail (an edit made behind FrontDesk's back,
e.g. with the sqlite3 shell).
"""

from __future__ import annotations

import argparse
import sys

from desktop.i18n import _
from desktop.models.database import close_database
from desktop.services import audit

from ._common import open_for

EXIT_BROKEN = 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``audit`` command with its ``verify`` subcommand."""
    parser = subparsers.add_parser(
        "audit", help=_("check the audit trail"), description=_("Check the audit trail of the database.")
    )
    commands = parser.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    verify = commands.add_parser(
        "verify",
        help=_("recompute the hash chain and report the first broken link"),
        description=_(
            "Recompute the hash chain of the audit trail and compare records with their history; "
            "report the first broken link."
        ),
    )
    verify.set_defaults(func=run_verify)


def _record(record_type: str, record_id: int | None) -> str:
    return record_type if record_id is None else f"{record_type} {record_id}"


def run_verify(args: argparse.Namespace) -> int:
    """Verify the chain of the database the arguments name."""
    open_for(args, create=False)
    try:
        report = audit.verify_report()
    finally:
        close_database()
    if report.intact:
        print(
            _("audit chain intact: {count} events, head {hash}").format(
                count=report.head.events, hash=report.head.hash
            )
        )
        return 0
    if report.first_break is not None:
        broken = report.first_break
        sys.stderr.write(
            _(
                "audit chain broken at event {id} ({at}, {record}): the event was changed or removed "
                "outside FrontDesk; {count} events do not match."
            ).format(
                id=broken.event_id,
                at=broken.at,
                record=_record(broken.record_type, broken.record_id),
                count=len(report.broken_ids),
            )
            + "\n"
        )
    for mismatch in report.mismatches[:10]:
        if mismatch.field:
            line = _(
                "{record}: {field} is {stored!r} but the audit trail says {expected!r} (last event {event}): "
                "changed outside FrontDesk."
            ).format(
                record=_record(mismatch.record_type, mismatch.record_id),
                field=mismatch.field,
                stored=mismatch.stored,
                expected=mismatch.expected,
                event=mismatch.last_event_id,
            )
        elif mismatch.stored is not None:
            line = _(
                "{record} exists but the audit trail has no record of it: added outside FrontDesk."
            ).format(record=_record(mismatch.record_type, mismatch.record_id))
        else:
            line = _(
                "{record} is missing but the audit trail never deleted it: removed outside FrontDesk."
            ).format(record=_record(mismatch.record_type, mismatch.record_id))
        sys.stderr.write(line + "\n")
    if len(report.mismatches) > 10:
        sys.stderr.write(_("… and {count} more").format(count=len(report.mismatches) - 10) + "\n")
    return EXIT_BROKEN
