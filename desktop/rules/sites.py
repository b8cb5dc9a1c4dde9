"""Site labels: the 栋号-单元-楼层房号 of a property unit, or a free label such as a clinic room.

seed 001:268 (key labels) "在标签纸上写明栋号-单元、楼层房号或设施设备房名称": building and unit joined by a dash, then
floor and room run together, e.g. building 3, unit 2, floor 15, room 02 → ``3-2-1502`` (spec §2.5). The room is
always two characters so the label can be read back; a basement floor is written ``B1``. A building without
units leaves the unit out (``3-502``). Anything that is not a unit (a facility room, a clinic's 诊室) gets a
free label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.errors import UserError
from desktop.i18n import _

ROOM_WIDTH = 2
_PART = re.compile(r"^[0-9A-Za-z]+$")
_FLOOR_ROOM = re.compile(r"^(?P<basement>[Bb])?(?P<floor>[0-9]+)(?P<room>[0-9A-Za-z]{2})$")


@dataclass(frozen=True)
class UnitAddress:
    """The parts of a property unit's label."""

    building: str
    unit: str
    floor: int
    room: str


def normalise_unit(building: str, unit: str, floor: int | str | None, room: str) -> UnitAddress:
    """Check and tidy the parts of a unit: strip blanks, pad a one-digit room to ``02``.

    Raises:
        UserError: naming the field that is wrong.
    """
    building = (building or "").strip()
    unit = (unit or "").strip()
    room = str(room or "").strip()
    if not building:
        raise UserError(_("Enter the building number."), field="building")
    if not _PART.match(building):
        raise UserError(_("A building number has only letters and digits, e.g. 3 or A."), field="building")
    if unit and not _PART.match(unit):
        raise UserError(_("A unit number has only letters and digits, e.g. 2."), field="unit")
    floor_number = _floor(floor)
    if room.isdigit() and len(room) < ROOM_WIDTH:
        room = room.zfill(ROOM_WIDTH)
    if len(room) != ROOM_WIDTH or not _PART.match(room):
        raise UserError(_("A room number has two letters or digits, e.g. 02."), field="room")
    return UnitAddress(building=building, unit=unit, floor=floor_number, room=room.upper())


def _floor(floor: int | str | None) -> int:
    text = str(floor).strip() if floor is not None else ""
    if text[:1] in ("B", "b") and text[1:].isdigit():
        value = -int(text[1:])
    else:
        try:
            value = int(text)
        except ValueError:
            raise UserError(_("Enter the floor as a number, e.g. 5 or B1."), field="floor") from None
    if value == 0:
        raise UserError(
            _("There is no floor 0: use 1 for the ground floor, B1 for the first basement."), "floor"
        )
    return value


def floor_text(floor: int) -> str:
    """``5`` → ``"5"``; ``-1`` → ``"B1"``."""
    return f"B{-floor}" if floor < 0 else str(floor)


def unit_label(building: str, unit: str, floor: int | str | None, room: str) -> str:
    """The 栋号-单元-楼层房号 label: ``unit_label("3", "2", 5, "02") == "3-2-502"``.

    Raises:
        UserError: when a part is missing or malformed.
    """
    address = normalise_unit(building, unit, floor, room)
    floor_room = f"{floor_text(address.floor)}{address.room}"
    parts = [address.building, address.unit, floor_room] if address.unit else [address.building, floor_room]
    return "-".join(parts)


def free_label(text: str) -> str:
    """A free label (``"口腔科 3诊室"``, ``"配电房"``) with blanks collapsed.

    Raises:
        UserError: when it is empty.
    """
    label = " ".join((text or "").split())
    if not label:
        raise UserError(_("Enter a name for the place."), field="free_label")
    return label


def parse_unit_label(label: str) -> UnitAddress:
    """Read a label written by :func:`unit_label` back into its parts: ``"3-2-502"`` → 3, 2, 5, ``"02"``.

    Raises:
        UserError: when ``label`` is not a unit label.
    """
    parts = [part.strip() for part in (label or "").strip().split("-")]
    match = _FLOOR_ROOM.match(parts[-1]) if len(parts) in (2, 3) else None
    if match is None or not all(_PART.match(part) for part in parts[:-1]):
        raise UserError(
            _("{label} is not a unit number like 3-2-502 (building-unit-floor and room).").format(
                label=label
            ),
            field="label",
        )
    floor = int(match["floor"]) * (-1 if match["basement"] else 1)
    unit = parts[1] if len(parts) == 3 else ""
    return normalise_unit(parts[0], unit, floor, match["room"])


def looks_like_unit_label(text: str) -> bool:
    """True when ``text`` reads as a unit label (so a search box can look the unit up directly)."""
    try:
        parse_unit_label(text)
    except UserError:
        return False
    return True
