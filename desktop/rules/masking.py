"""Masking personal data in lists for roles that do not need it.

Spec §2.14: keep confidential content within its scope, "including from other employees" (001:558); customer
information is never leaked, "including important phone numbers" (002:500–503); the seed's own examples show
masked contacts (004 T01: "*女士", "5678"). A list shows ``138****5678``; opening the record shows the whole
number to the person handling it. Which roles see whole numbers is the office's setting ``privacy.phone_roles``;
by default the desk (who calls customers back), department heads and managers [design: the engineer works the
sheet handed to him and opens it for the number; the administrator sets the office up].
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.rules.roles import DEPARTMENT_HEAD, MANAGER, RECEPTIONIST

#: Roles that see whole phone numbers and clinic notes in lists unless the office chooses otherwise.
PHONE_ROLES: tuple[str, ...] = (RECEPTIONIST, DEPARTMENT_HEAD, MANAGER)
#: What a masked note shows (no length hint: the note's length can say something too).
MASKED_NOTE = "••••"


def can_see_personal_data(role: str | None, allowed_roles: Iterable[str] = PHONE_ROLES) -> bool:
    """True when ``role`` sees whole phone numbers and sensitive notes; None is the system (console)."""
    return role is None or role in tuple(allowed_roles)


def mask(phone: str) -> str:
    """``13812345678`` → ``138****5678``: the first three and last four digits of seven or more.

    Blanks, dashes and brackets go; a shorter number (an extension) shows only ``****``; empty stays empty.
    """
    digits = "".join(ch for ch in (phone or "") if ch.isdigit() or ch == "+")
    if not digits:
        return ""
    if len(digits) < 7:
        return "****"
    return f"{digits[:3]}****{digits[-4:]}"


def mask_phone(phone: str, role: str | None, allowed_roles: Iterable[str] = PHONE_ROLES) -> str:
    """``phone`` as ``role`` may see it in a list: whole, or masked by :func:`mask`."""
    return phone if can_see_personal_data(role, allowed_roles) else mask(phone)


def mask_note(text: str, role: str | None, allowed_roles: Iterable[str] = PHONE_ROLES) -> str:
    """A clinic-sensitive note as ``role`` may see it in a list: whole, or :data:`MASKED_NOTE` when not empty."""
    if not text or can_see_personal_data(role, allowed_roles):
        return text
    return MASKED_NOTE
