"""What the person on duty may do, for the screens: an action a role may not take is not offered to it.

The services refuse what a role may not do (:mod:`desktop.services.authz`); a button that is offered and then
refused wastes the desk's time and reads as a fault. A view asks :func:`may` with the permission, or
:func:`may_call` with the service function it would call (its ``@requires`` permission), and hides or disables
the control. :func:`offer` ties a button or action to a permission for good: it is shown only while the person
on duty has it, and follows a change of who is on duty.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.services import authz
from desktop.views import ops
from desktop.views.events import record_events

#: Dynamic property naming the permission a control needs (tests walk the screens for it).
PERMISSION_PROPERTY = "frontdesk_permission"


def may(permission: str) -> bool:
    """Whether the person on duty may do ``permission`` (True at the console, where nobody is on duty)."""
    if not permission:
        return True
    staff_id = ops.staff_on_duty()
    result = ops.query(lambda: authz.is_allowed(permission, staff_id), parent=None)
    return bool(result.ok and result.value)


def may_call(service: Callable[..., Any]) -> bool:
    """Whether the person on duty may call ``service`` (a function without ``@requires`` is everyone's)."""
    permission = authz.permission_of(service)
    return permission is None or may(permission)


def permission_for(need: str | Callable[..., Any]) -> str:
    """``need`` as a permission key: the key itself, or the ``@requires`` permission of a service function."""
    if isinstance(need, str):
        return need
    return authz.permission_of(need) or ""


def tag(control: QObject, need: str | Callable[..., Any]) -> str:
    """Name on ``control`` the permission it needs (tests walk the screens for it); returns the permission."""
    permission = permission_for(need)
    control.setProperty(PERMISSION_PROPERTY, permission)
    return permission


def offer(
    control: QWidget | QAction, need: str | Callable[..., Any], *, visible: Callable[[], bool] | None = None
) -> None:
    """Show ``control`` only while the person on duty has the permission (and ``visible()``, when given).

    ``need`` is the permission key or the service function the control calls. The control is updated now and
    whenever the person on duty changes or the staff or the office's settings change (the roles that may
    review are a setting). Call it again after changing what ``visible`` reads.
    """
    permission = tag(control, need)
    keeper = control.findChild(_Offer, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if keeper is None:
        keeper = _Offer(control)
    keeper.permission = permission
    keeper.visible = visible
    keeper.update()


class _Offer(QObject):
    """Keeps one control's visibility in step with the permission; a child of the control, gone with it."""

    def __init__(self, control: QWidget | QAction) -> None:
        super().__init__(control)
        self.control = control
        self.permission = ""
        self.visible: Callable[[], bool] | None = None
        events = record_events()
        events.staff_on_duty_changed.connect(self.update)
        events.records_changed.connect(self._on_records_changed)

    def update(self, *_args: object) -> None:
        """Show or hide the control for the person on duty now."""
        shown = may(self.permission) and (self.visible() if self.visible is not None else True)
        if shown and isinstance(self.control, QWidget) and self.control.parentWidget() is None:
            return  # not placed yet: showing it would open it as a window of its own
        self.control.setVisible(shown)

    def _on_records_changed(self, kind: str, _ids: list[int]) -> None:
        if kind in ("office", "staff"):
            self.update()
