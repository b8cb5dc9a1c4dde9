"""Sites: property units (栋号-单元-楼层房号) and free-labelled places that keys, tickets and visits belong to.

The label is computed by :mod:`desktop.rules.sites` and stored, so lists sort and search it in SQL and two
sites can never share one label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from desktop.errors import ConflictError, UserError
from desktop.i18n import _
from desktop.models.base import db
from desktop.models.site import KIND_FREE, KIND_PROPERTY, Site
from desktop.rules import sites as site_rules
from desktop.services import audit
from desktop.services.authz import requires

_FIELDS = ("kind", "building", "unit", "floor", "room", "free_label", "label", "note")


@dataclass(frozen=True)
class SiteRow:
    """A site; ``floor`` is None for a free-labelled place."""

    id: int
    kind: str
    building: str
    unit: str
    floor: int | None
    room: str
    free_label: str
    label: str
    note: str
    version: int


def _row(site: Site) -> SiteRow:
    return SiteRow(
        id=site.id,
        kind=site.kind,
        building=site.building,
        unit=site.unit,
        floor=site.floor,
        room=site.room,
        free_label=site.free_label,
        label=site.label,
        note=site.note,
        version=site.version,
    )


def _values(site: Site) -> dict[str, Any]:
    return {name: getattr(site, name) for name in _FIELDS}


def checked_site(values: dict[str, Any]) -> dict[str, Any]:
    """The columns of a site from what was entered, label computed.

    Raises:
        UserError: with the field that is wrong.
    """
    kind = values.get("kind") or KIND_PROPERTY
    note = " ".join(str(values.get("note") or "").split())
    if len(note) > 300:
        raise UserError(_("At most {count} characters.").format(count=300), field="note")
    if kind == KIND_PROPERTY:
        address = site_rules.normalise_unit(
            str(values.get("building") or ""),
            str(values.get("unit") or ""),
            values.get("floor"),
            values.get("room") or "",
        )
        label = site_rules.unit_label(address.building, address.unit, address.floor, address.room)
        return {
            "kind": kind,
            "building": address.building,
            "unit": address.unit,
            "floor": address.floor,
            "room": address.room,
            "free_label": "",
            "label": label,
            "note": note,
        }
    if kind == KIND_FREE:
        label = site_rules.free_label(str(values.get("free_label") or ""))
        if len(label) > 100:
            raise UserError(_("At most {count} characters.").format(count=100), field="free_label")
        return {
            "kind": kind,
            "building": "",
            "unit": "",
            "floor": None,
            "room": "",
            "free_label": label,
            "label": label,
            "note": note,
        }
    raise UserError(_("Choose whether this is a unit or another place."), field="kind")


def _refuse_taken(label: str, exclude_id: int | None) -> None:
    query = Site.select().where(Site.label == label)
    if exclude_id is not None:
        query = query.where(Site.id != exclude_id)
    if query.exists():
        raise UserError(_("{label} is already registered.").format(label=label), field="label")


def get_site(site_id: int) -> SiteRow:
    """One site.

    Raises:
        UserError: no such site.
    """
    site = Site.get_or_none(Site.id == site_id)
    if site is None:
        raise UserError(_("That place no longer exists."))
    return _row(site)


def get_site_by_label(label: str) -> SiteRow | None:
    """The site with exactly this label (``3-2-502``, ``配电房``), or None."""
    site = Site.get_or_none(Site.label == " ".join((label or "").split()))
    return _row(site) if site else None


@requires("record.create")
def add_site(values: dict[str, Any], *, by: int | None, now: datetime) -> SiteRow:
    """Add a unit (``kind="property"``: building, unit, floor, room) or a place (``kind="free"``: free_label).

    Raises:
        UserError: with the field that is wrong, or ``label`` when the site exists already.
    """
    with db.atomic():
        checked = checked_site(values)
        _refuse_taken(checked["label"], None)
        site_id = Site.insert(created_at=now, updated_at=now, version=1, **checked).execute()
        audit.record_event(
            action=audit.CREATE,
            record_type="site",
            record_id=site_id,
            changes=audit.diff({}, checked),
            summary=checked["label"],
            by=by,
            now=now,
        )
    return get_site(site_id)


@requires("record.update")
def update_site(
    site_id: int, values: dict[str, Any], *, expected_version: int, by: int | None, now: datetime
) -> SiteRow:
    """Change a site; keys left out keep their value.

    Raises:
        ConflictError: the site changed since ``expected_version``.
        UserError: with the field that is wrong.
    """
    with db.atomic():
        site = Site.get_or_none(Site.id == site_id)
        if site is None:
            raise UserError(_("That place no longer exists."))
        if site.version != expected_version:
            raise ConflictError(_("Someone else changed this place meanwhile. Reopen it and try again."))
        old = _values(site)
        checked = checked_site({**old, **values})
        _refuse_taken(checked["label"], site_id)
        changes = audit.diff(old, checked)
        if changes:
            Site.update(updated_at=now, version=Site.version + 1, **checked).where(
                (Site.id == site_id) & (Site.version == expected_version)
            ).execute()
            audit.record_event(
                action=audit.UPDATE,
                record_type="site",
                record_id=site_id,
                changes=changes,
                summary=checked["label"],
                by=by,
                now=now,
            )
    return get_site(site_id)


@requires("record.delete")
def delete_site(site_id: int, *, by: int | None, now: datetime) -> None:
    """Delete a site no record refers to.

    Raises:
        UserError: unknown site, or records still refer to it.
    """
    with db.atomic():
        site = Site.get_or_none(Site.id == site_id)
        if site is None:
            raise UserError(_("That place no longer exists."))
        try:
            with db.atomic():
                Site.delete().where(Site.id == site_id).execute()
        except peewee.IntegrityError:
            raise UserError(
                _("{label} cannot be deleted: records still refer to it.").format(label=site.label)
            ) from None
        audit.record_event(
            action=audit.DELETE,
            record_type="site",
            record_id=site_id,
            changes=audit.diff(_values(site), {}),
            summary=site.label,
            by=by,
            now=now,
        )


def find_sites(text: str, *, limit: int = 20) -> list[SiteRow]:
    """Sites whose label or note contains ``text``; an exact label first."""
    needle = " ".join((text or "").split())
    if not needle:
        return []
    exact = peewee.Case(None, [((Site.label == needle), 0)], 1)
    query = (
        Site.select()
        .where(Site.label.contains(needle) | Site.note.contains(needle))
        .order_by(exact, Site.building, Site.unit, Site.floor, Site.room, Site.label)
        .limit(limit)
    )
    return [_row(site) for site in query]


def list_sites(*, kind: str | None = None, building: str | None = None) -> list[SiteRow]:
    """Sites in building, unit, floor, room order (free places by label), optionally of one kind or building."""
    query = Site.select()
    if kind is not None:
        query = query.where(Site.kind == kind)
    if building is not None:
        query = query.where(Site.building == building)
    query = query.order_by(Site.kind.desc(), Site.building, Site.unit, Site.floor, Site.room, Site.label)
    return [_row(site) for site in query]
