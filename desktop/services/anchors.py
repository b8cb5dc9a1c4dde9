"""``audit verify`` against the anchors kept outside the file: is the trail's tail all there, unrewritten?

The anchors (see :mod:`desktop.models.anchor`) are gathered from every place that keeps one for this database —
the anchor file beside it and its copy in the config folder, every backup manifest of its series, and any head
read off a printout (``--printed 1257:3f2a9c1b7d0e``) — and each is compared with the trail:

- **matches**: the anchored event is there with that hash and that many events up to it;
- **ahead**: the anchor saw more events than the file holds (the tail was cut);
- **diverged**: the anchored event has another hash (the trail was rewritten from there);
- **forged**: the anchor's own seal does not verify (the anchor file or manifest was edited);
- **uncheckable**: sealed with a key this computer does not hold (compared all the same, not trusted);
- anchors written before the file's last restore describe the trail that was replaced, and are not compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import anchor, trail
from desktop.models.base import db
from desktop.models.seal import Sealer
from desktop.services import audit, backup

BEFORE_RESTORE = "before restore"


@dataclass(frozen=True)
class AnchorResult:
    """One anchor and what comparing it found (one of the statuses of :mod:`desktop.models.anchor`).

    Attributes:
        matches: the trail holds against the anchor's head (also said for an uncheckable anchor).
    """

    anchor: anchor.Anchor
    status: str
    matches: bool

    @property
    def failed(self) -> bool:
        """The trail does not hold against this anchor: cut, rewritten, or the anchor itself edited."""
        return self.status in (anchor.AHEAD, anchor.DIVERGED, anchor.FORGED)


def parse_printed(text: str) -> anchor.Anchor:
    """An anchor read off a printout's footer: ``1257:3f2a9c1b7d0e`` (count, then at least 6 hex digits).

    Raises:
        UserError: not in that form.
    """
    count, _sep, digest = text.strip().partition(":")
    digest = digest.strip().lower()
    if not count.strip().isdigit() or len(digest) < 6 or any(ch not in "0123456789abcdef" for ch in digest):
        raise UserError(
            _(
                "{value} is not an audit head from a printout; type it as on the footer, e.g. 1257:3f2a9c1b7d0e."
            ).format(value=text)
        )
    point = anchor.ChainPoint(int(count), None, digest)
    return anchor.Anchor(_("printout {head}").format(head=text.strip()), "", point, None, None, {})


def _printed_status(point: anchor.ChainPoint) -> str:
    """A printed head names the event by its position: the ``events``-th event must start with the digits."""
    if point.events == 0:
        return anchor.MATCHES
    row = db.execute_sql(
        "SELECT hash FROM audit_event ORDER BY id LIMIT 1 OFFSET ?", (point.events - 1,)
    ).fetchone()
    if row is None:
        return anchor.AHEAD
    return anchor.MATCHES if str(row[0]).startswith(point.hash) else anchor.DIVERGED


def _last_restore() -> datetime | None:
    row = db.execute_sql(
        "SELECT at FROM audit_event WHERE action = ? ORDER BY id DESC LIMIT 1", (audit.RESTORE,)
    ).fetchone()
    if row is None:
        return None
    try:
        return row[0] if isinstance(row[0], datetime) else datetime.fromisoformat(str(row[0]))
    except ValueError:
        return None


def gather(db_path: Path) -> list[anchor.Anchor]:
    """Every anchor kept for the open database: beside it, in the config folder, in its backups' manifests."""
    found = anchor.file_anchors(db_path)
    identity = anchor.identity_of(db.obj)
    for info in backup.series_of(db_path, identity):
        held = backup.manifest_anchor(info)
        if held is not None:
            found.append(held)
    return found


def check(
    db_path: Path, printed: list[str] | None = None, sealer: Sealer | None = None
) -> list[AnchorResult]:
    """Compare the trail with every anchor, newest first (printouts last, in the order given)."""
    sealer = sealer if sealer is not None else trail.state_of(db.obj).sealer
    identity = anchor.identity_of(db.obj)
    restored = _last_restore()
    results: list[AnchorResult] = []
    anchors = sorted(
        gather(db_path), key=lambda held: (held.at or datetime.min, held.point.events), reverse=True
    )
    for held in anchors:
        if held.identity != identity:
            continue  # another database's (a copy of the file, or the file was replaced): not ours to judge
        sealed = anchor.seal_state(held, sealer)
        status = anchor.compare(db.obj, held.point)
        matches = status == anchor.MATCHES
        if sealed is False:
            status = anchor.FORGED
        elif not matches and restored is not None and held.at is not None and held.at < restored:
            status = BEFORE_RESTORE
        elif sealed is None:
            status = anchor.UNCHECKABLE
        results.append(AnchorResult(held, status, matches))
    for text in printed or []:
        held = parse_printed(text)
        status = _printed_status(held.point)
        results.append(AnchorResult(held, status, status == anchor.MATCHES))
    return results
