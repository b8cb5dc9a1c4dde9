"""``frontdesk audit verify [--printed COUNT:HEAD ...]``: prove the trail, the records and the anchors.

Exit 0 with ``audit chain intact: N events, head <hash>`` followed by what was proved (rows, seals, anchors);
exit 1 naming the first broken event (id, time, record, why), each record whose stored value differs from its
trail by table, number and field (an edit made behind FrontDesk's back, e.g. with the sqlite3 shell), and each
anchor the trail falls short of (a cut tail, a rewritten chain).
"""

from __future__ import annotations

import argparse
import sys

from desktop.i18n import N_, _
from desktop.models import anchor
from desktop.models.database import DamagedDatabaseError, close_database
from desktop.services import anchors, audit

from ._common import damage_line, database_path, open_for, signed_in

EXIT_BROKEN = 1
#: Mismatches listed one by one before "… and N more".
SHOWN = 20

_REASONS = {
    "prev_hash": N_("the event before it was changed or removed"),
    "hash": N_("the event was changed"),
    "unreadable": N_("the event was changed into something unreadable"),
    "seal": N_("its seal does not verify: the chain was recomputed without the key"),
    "unsealed": N_("its seal is missing: written or recomputed outside FrontDesk"),
    "image": N_("a row image it carries was changed, erased or moved"),
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``audit`` command with its ``verify`` subcommand."""
    parser = subparsers.add_parser(
        "audit", help=_("check the audit trail"), description=_("Check the audit trail of the database.")
    )
    commands = parser.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    verify = commands.add_parser(
        "verify",
        help=_(
            "recompute the hash chain, compare every record with its trail and the trail with its anchors"
        ),
        description=_(
            "Recompute the hash chain and seals of the audit trail, compare every record with its trail, and "
            "compare the trail with its anchors (the anchor file, the backups, printouts)."
        ),
    )
    verify.add_argument(
        "--printed",
        metavar="COUNT:HEAD",
        action="append",
        default=[],
        help=_("an audit head from a printout's footer, e.g. 1257:3f2a9c1b7d0e (may be repeated)"),
    )
    verify.set_defaults(func=run_verify)


def _record(record_type: str, record_id: int | None) -> str:
    return record_type if record_id is None else f"{record_type} {record_id}"


def _mismatch_line(mismatch: audit.RecordMismatch) -> str:
    if mismatch.field:
        return _(
            "{record}: {field} is {stored!r} but the audit trail says {expected!r} (event {event}): changed "
            "outside FrontDesk."
        ).format(
            record=mismatch.record,
            field=mismatch.field,
            stored=mismatch.stored,
            expected=mismatch.expected,
            event=mismatch.last_event_id,
        )
    if mismatch.stored is not None and mismatch.last_event_id is None:
        return _("{record} exists but the audit trail has no record of it: added outside FrontDesk.").format(
            record=mismatch.record
        )
    if mismatch.stored is not None:
        return _(
            "{record} exists but the audit trail deleted it (event {event}): put back outside FrontDesk."
        ).format(record=mismatch.record, event=mismatch.last_event_id)
    return _("{record} is missing but the audit trail never deleted it: removed outside FrontDesk.").format(
        record=mismatch.record
    )


def _anchor_line(result: anchors.AnchorResult) -> str:
    held = result.anchor
    when = held.at.strftime("%Y-%m-%d %H:%M") if held.at else ""
    what = _("{where} ({count} events{when})").format(
        where=held.where, count=held.point.events, when=f", {when}" if when else ""
    )
    texts = {
        anchor.MATCHES: _("matches"),
        anchor.AHEAD: _("the trail ends before it: events at the end were removed"),
        anchor.DIVERGED: _("the trail differs from it: events were changed and the chain recomputed"),
        anchor.FORGED: _("its seal does not verify: the anchor itself was edited"),
        anchor.UNCHECKABLE: _("sealed with a key this computer does not hold; the trail {matches} it").format(
            matches=_("matches") if result.matches else _("does not match")
        ),
        anchors.BEFORE_RESTORE: _("from before the last restore: describes the replaced trail, not compared"),
    }
    return f"  {what}: {texts.get(result.status, result.status)}"


def run_verify(args: argparse.Namespace) -> int:
    """Verify the chain, the records and the anchors of the database the arguments name."""
    # Without the anchor check at the door: a trail that falls short of its anchors is reported in detail below.
    open_for(args, create=False, check_anchors=False)
    try:
        signed_in(args, "audit.verify", command="audit verify")
        printed = list(args.printed)
        for text in printed:
            anchors.parse_printed(text)  # a typo is refused before the work
        report = audit.verify_report()
        checked = anchors.check(database_path(args).absolute(), printed)
    finally:
        close_database()
    failed = [result for result in checked if result.failed]
    ok = report.intact and not failed
    # Problems first (stderr), then what was proved: on success all of it goes to stdout.
    out = sys.stdout if ok else sys.stderr
    if report.first_break is not None:
        broken = report.first_break
        sys.stderr.write(
            _(
                "audit chain broken at event {id} ({at}, {record}): {why}; {count} events do not match."
            ).format(
                id=broken.event_id,
                at=broken.at,
                record=_record(broken.record_type, broken.record_id),
                why=_(_REASONS.get(broken.reason, broken.reason)),
                count=len(report.broken_ids),
            )
            + "\n"
        )
    for mismatch in report.mismatches[:SHOWN]:
        sys.stderr.write(_mismatch_line(mismatch) + "\n")
    if len(report.mismatches) > SHOWN:
        sys.stderr.write(_("… and {count} more").format(count=len(report.mismatches) - SHOWN) + "\n")
    for result in failed:
        sys.stderr.write(_("anchor not held:") + _anchor_line(result) + "\n")
    short = [result for result in failed if result.status == anchor.AHEAD and result.anchor.seal]
    if short:
        # Saved changes are missing (a -wal removed, an older copy put in place): say how to get them back.
        path = database_path(args).absolute()
        problem = _(
            "it holds {count} audit events, but {where} saw {anchored}: saved changes are missing."
        ).format(count=report.head.events, where=short[0].anchor.where, anchored=short[0].anchor.point.events)
        sys.stderr.write(f"frontdesk: {damage_line(args, DamagedDatabaseError(path, problem))}\n")
    if report.first_break is None:
        out.write(
            _("audit chain intact: {count} events, head {hash}").format(
                count=report.head.events, hash=report.head.hash
            )
            + "\n"
        )
    if not report.mismatches:
        out.write(
            _("records: {rows} rows in {tables} tables match their trail").format(
                rows=report.rows_checked, tables=report.tables_checked
            )
            + "\n"
        )
    seals = report.seals
    out.write(
        _("seals: {count} events sealed with this computer's key checked").format(count=seals.checked) + "\n"
    )
    if seals.other_keys:
        out.write(
            _("seals: {count} events sealed with a key this computer does not hold (not checked)").format(
                count=seals.other_keys
            )
            + "\n"
        )
    if seals.unsealed_history:
        out.write(
            _("seals: {count} events from before the trail was sealed (schema 10): chained only").format(
                count=seals.unsealed_history
            )
            + "\n"
        )
    if checked:
        out.write(_("anchors checked, newest first:") + "\n")
        for result in checked:
            out.write(_anchor_line(result) + "\n")
    else:
        out.write(_("anchors: none found (no anchor file, no backup, no printout given)") + "\n")
    return 0 if ok else EXIT_BROKEN
