"""Permission checks at the front door of every use-case: ``@requires("settings.change")``.

The matrix is :mod:`desktop.rules.permissions`; this module applies it. A decorated service function reads its
keyword-only ``by`` (the staff member on duty), loads that person's role once and refuses with
:class:`PermissionDeniedError` — a :class:`~desktop.errors.UserError` naming the action and the roles allowed —
before anything is read or written. Hiding a button is a courtesy; this is the rule.

``by=None`` means the system: the command line on the office PC (``frontdesk import …``), the first-run set-up
and automatic jobs. It is allowed everything, as whoever sits at the office PC's console owns the file anyway;
the screens never pass None once the office is set up (someone is always on duty, and logged in when the
office requires it).

A use-case is authorised once, where it is entered: services it calls on its behalf (saving the office also
writes the ``office.type`` setting; an automatic backup makes a backup) run inside that authorisation and are
not checked again. Each decorated function is listed in a registry, so a test can walk every public service
function that takes ``by`` and prove that none skips the check.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from desktop.errors import UserError
from desktop.i18n import _
from desktop.models.staff import Staff
from desktop.rules import masking, permissions, roles

F = TypeVar("F", bound=Callable[..., Any])

#: ``module.function`` → permission key, for every decorated service function.
_REGISTRY: dict[str, str] = {}
#: True while a checked use-case runs: the services it calls are part of it.
_inside: ContextVar[bool] = ContextVar("frontdesk_authz_inside", default=False)


class PermissionDeniedError(UserError):
    """The person on duty may not do this; nothing was read or written.

    Attributes:
        permission: the permission key refused.
        role: the role of the person refused ("" when they are unknown or inactive).
    """

    def __init__(self, message: str, *, permission: str, role: str = "") -> None:
        super().__init__(message)
        self.permission = permission
        self.role = role


#: The name the issue uses.
PermissionDenied = PermissionDeniedError


def _setting(key: str) -> Any:
    from desktop.services import settings  # settings itself is guarded by this module

    return settings.get_setting(key)


def allowed_roles(permission: str) -> tuple[str, ...]:
    """The roles allowed ``permission`` in this office (settings-driven permissions read their setting)."""
    return permissions.allowed_roles(permission, _setting)


def role_of(by: int | None) -> str | None:
    """The role of active staff member ``by``; None for the system, an unknown id or someone who left."""
    if by is None:
        return None
    row = Staff.select(Staff.role, Staff.active).where(Staff.id == by).tuples().first()
    if row is None or not row[1]:
        return None
    return str(row[0])


def is_allowed(permission: str, by: int | None) -> bool:
    """True when ``by`` may do ``permission`` (always for the system, ``by=None``); for the screens."""
    if by is None:
        return True
    role = role_of(by)
    return role is not None and role in allowed_roles(permission)


def check(permission: str, by: int | None) -> None:
    """Refuse unless ``by`` may do ``permission``.

    Services call this directly for a check that depends on the arguments (a ``security.*`` setting needs
    ``security.change`` besides ``settings.change``); it checks even inside another use-case.

    Raises:
        PermissionDenied: unknown staff id, someone who no longer works here, or a role not allowed.
    """
    declared = permissions.permission(permission)  # KeyError: a bug in the caller, even for the system
    if by is None:
        return
    row = Staff.select(Staff.name, Staff.role, Staff.active).where(Staff.id == by).tuples().first()
    if row is None:
        raise PermissionDeniedError(
            _("There is no staff member with id {id}: choose who is on duty.").format(id=by),
            permission=permission,
        )
    name, role, active = row
    if not active:
        raise PermissionDeniedError(
            _("{name} no longer works here and cannot use FrontDesk.").format(name=name),
            permission=permission,
        )
    allowed = allowed_roles(permission)
    if role not in allowed:
        raise PermissionDeniedError(
            _("{name} ({role}) may not {action}. Allowed: {roles}.").format(
                name=name,
                role=_(roles.role_label(role)),
                action=_(declared.action),
                roles=", ".join(_(roles.role_label(key)) for key in allowed) or _("nobody"),
            ),
            permission=permission,
            role=role,
        )


def requires(permission: str) -> Callable[[F], F]:
    """Decorate a service function so that it refuses staff whose role may not do ``permission``.

    The function must take a keyword-only ``by``. The check runs before the function's body (and so before
    its transaction); calls made while another checked use-case runs are part of it and pass.

    Raises:
        KeyError: at import time, for an undeclared permission.
        TypeError: at import time, for a function without a keyword-only ``by``.
    """
    permissions.permission(permission)

    def decorate(func: F) -> F:
        parameter = inspect.signature(func).parameters.get("by")
        if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(f"{func.__qualname__} needs a keyword-only 'by' to be checked")
        default = None if parameter.default is inspect.Parameter.empty else parameter.default

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if _inside.get():
                return func(*args, **kwargs)
            check(permission, kwargs.get("by", default))
            token = _inside.set(True)
            try:
                return func(*args, **kwargs)
            finally:
                _inside.reset(token)

        wrapper.__permission__ = permission  # type: ignore[attr-defined]
        _REGISTRY[f"{func.__module__}.{func.__qualname__}"] = permission
        return cast(F, wrapper)

    return decorate


def can_see_personal_data(by: int | None) -> bool:
    """Whether ``by`` sees whole phone numbers and sensitive notes in lists (setting ``privacy.phone_roles``)."""
    if by is None:
        return True
    role = role_of(by)
    return role is not None and masking.can_see_personal_data(role, _setting("privacy.phone_roles"))


def phone_masker(by: int | None) -> Callable[[str], str]:
    """A function showing a phone as ``by`` may see it in a list; decided once, for a whole page of rows."""
    if can_see_personal_data(by):
        return lambda phone: phone
    return masking.mask


def permission_of(func: Callable[..., Any]) -> str | None:
    """The permission a service function requires, or None when it is not decorated."""
    return getattr(func, "__permission__", None)


def registry() -> dict[str, str]:
    """``module.function`` → permission of every decorated function imported so far."""
    return dict(_REGISTRY)
