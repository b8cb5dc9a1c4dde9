"""Runs service calls for the views: the one road from a widget to a use-case (STYLE 7, Anki's ``CollectionOp``).

Ordinary saves run synchronously (they take milliseconds). :func:`run` passes the staff member on duty as
``by`` and the clock's ``now`` to the call, so a view writes
``ops.run(lambda by, now: office.save_office(values, by=by, now=now), parent=self, kind="office")``.

- A :class:`~desktop.errors.UserError` about one field goes beside that field when the caller gave a
  ``show_field_error`` that knows the field; anything else becomes one dialog (through
  :mod:`desktop.views.messages`). The service rolled its transaction back, so nothing was half saved.
- On success the changed ids are announced once on :func:`desktop.views.events.record_events`, and the record
  number of what was saved (:func:`record_number`) on its ``record_saved``, for the status bar.
- Any other exception is a bug and is left to the crash hook.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QWidget

from desktop.errors import UserError, ValidationError
from desktop.services.clock import Clock, SystemClock
from desktop.views import messages
from desktop.views.events import record_events

log = logging.getLogger(__name__)

T = TypeVar("T")

#: ``(field key, translated message) -> True`` when the message is now shown beside that field.
FieldErrorSink = Callable[[str, str], bool]


@dataclass(frozen=True)
class Result(Generic[T]):
    """What a call gave: ``ok`` with ``value``, or the ``error`` the desk was shown."""

    ok: bool
    value: T | None = None
    error: UserError | None = None


class _Session:
    """Who is on duty and what time it is, for every service call made from the screens."""

    def __init__(self) -> None:
        self.clock: Clock = SystemClock()
        self.staff_id: int | None = None


_session = _Session()


def set_clock(clock: Clock) -> None:
    """Use ``clock`` for ``now`` (tests and the demo pass a FixedClock)."""
    _session.clock = clock


def now() -> datetime:
    """The current office wall-clock time."""
    return _session.clock.now()


def set_staff_on_duty(staff_id: int | None) -> None:
    """Record who is on duty; every later save is done ``by`` them."""
    if staff_id == _session.staff_id:
        return
    _session.staff_id = staff_id
    record_events().staff_on_duty_changed.emit(staff_id)


def staff_on_duty() -> int | None:
    """The staff id passed as ``by`` to services (None until someone is chosen)."""
    return _session.staff_id


def run(
    call: Callable[..., T],
    *,
    parent: QWidget | None,
    kind: str | None = None,
    ids: Callable[[T], Iterable[int]] | None = None,
    show_field_error: FieldErrorSink | None = None,
) -> Result[T]:
    """Run a use-case that writes: ``call(by=<staff on duty>, now=<clock>)``.

    Args:
        call: the service call; receives keyword arguments ``by`` and ``now``.
        parent: the window a message box belongs to.
        kind: the record kind announced on success (None announces nothing).
        ids: how to get the changed ids from the value (default: its ``id``/``ids``, or each row's ``id``).
        show_field_error: puts a message beside a field; returns False for a field it does not have.

    Returns:
        ``Result(ok=True, value=...)``, or ``Result(ok=False, error=...)`` after the desk was told.
    """
    try:
        value = call(by=_session.staff_id, now=_session.clock.now())
    except UserError as exc:
        report(exc, parent=parent, show_field_error=show_field_error)
        return Result(ok=False, error=exc)
    if kind is not None:
        changed = list(ids(value)) if ids is not None else _default_ids(value)
        record_events().announce(kind, changed)
        number = record_number(value)
        if number:
            record_events().record_saved.emit(kind, number)
    return Result(ok=True, value=value)


def record_number(value: Any) -> str | None:
    """The record number of what a use-case returned: its ``number``, or that of the row it wraps.

    A return wraps its loan (``ReturnResult.loan``), so the number is looked for one level down too.
    """
    number = getattr(value, "number", None)
    if isinstance(number, str) and number:
        return number
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            inner = getattr(getattr(value, field.name), "number", None)
            if isinstance(inner, str) and inner:
                return inner
    return None


def query(call: Callable[[], T], *, parent: QWidget | None) -> Result[T]:
    """Run a use-case that only reads; a UserError (e.g. the file vanished) becomes one dialog."""
    try:
        return Result(ok=True, value=call())
    except UserError as exc:
        report(exc, parent=parent)
        return Result(ok=False, error=exc)


def report(exc: UserError, *, parent: QWidget | None, show_field_error: FieldErrorSink | None = None) -> None:
    """Show a UserError: each field message beside its field where possible, the rest in one dialog."""
    log.info("refused: %s", exc.message)
    errors = exc.errors if isinstance(exc, ValidationError) else {exc.field or "": exc.message}
    left = [
        message
        for field, message in errors.items()
        if not (field and show_field_error is not None and show_field_error(field, message))
    ]
    if left:
        messages.show(parent, "\n".join(left), kind=messages.Kind.WARNING)


def _default_ids(value: Any) -> list[int]:
    if isinstance(getattr(value, "id", None), int):
        return [value.id]
    if isinstance(getattr(value, "ids", None), list | tuple):
        return [int(i) for i in value.ids]
    if isinstance(value, list | tuple):
        return [row.id for row in value if isinstance(getattr(row, "id", None), int)]
    return []
