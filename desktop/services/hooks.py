"""Domain events between record kinds: one service announces what happened, others react, neither imports the other.

A sheet whose result comes back must get its callback (seed 000:85-88, "当天故障,第二天回访"), a complaint that is
handled must be called back (seed 000:409) — but the sheet service should not need to know that callbacks
exist. So :mod:`desktop.services.sheets` calls ``emit("sheet_resolved", ...)`` inside its transaction, and
:mod:`desktop.services.callbacks` has registered ``on("sheet_resolved", ...)`` at import. Handlers run
synchronously in the emitter's transaction: the callback is scheduled together with the result or not at all.

Events so far (payload keywords, all with ``by`` and ``now``):

* ``sheet_resolved``: ``sheet_id``, ``resolved_at`` — a problem sheet's result came back.
* ``sheet_callback_waived``: ``sheet_id``, ``reason`` — a head closed the sheet without a callback; the
  callback book cancels the sheet's pending callback with that reason.
* ``complaint_registered``: ``complaint_id``, ``number``, ``quick_answer_due`` — a register entry was written;
  the callback book plans a progress call every 2 days should it stay open past the quick-answer time.
* ``complaint_handled``: ``complaint_id``, ``number``, ``solved``, ``handled_at`` — a complaint was handled
  (its handling report filed); the callback book schedules the callback within 24 h and stops progress calls.
* ``complaint_closed``: ``complaint_id``, ``status``, ``outcome``, ``result``, ``follow_id`` — the callback
  result closed the complaint or reopened it as entry ``follow_id``.
* ``callback_recorded``: ``callback_id``, ``number``, ``source_kind``, ``source_id``, ``purpose``, ``outcome``,
  ``satisfaction``, ``result`` — a callback was made; a complaint's callback decides the complaint (a handler
  returns the id of a complaint the callback led to, or None).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]

_HANDLERS: dict[str, dict[str, Handler]] = {}


def on(event: str, func: Handler, *, name: str | None = None) -> Handler:
    """Call ``func(**payload)`` whenever ``event`` is emitted (replacing a handler registered under ``name``)."""
    _HANDLERS.setdefault(event, {})[name or f"{func.__module__}.{func.__qualname__}"] = func
    return func


def off(event: str, name: str) -> None:
    """Forget the handler registered as ``name`` for ``event`` (tests)."""
    _HANDLERS.get(event, {}).pop(name, None)


def emit(event: str, **payload: Any) -> list[Any]:
    """Run every handler of ``event`` with ``payload``, in registration order; returns their results.

    Imports every service module first (once), so handlers registered at import are in place whichever
    screen or command emits first. A handler's exception propagates: the emitter's transaction rolls back.
    """
    from desktop.services.records import discover_stores

    discover_stores()
    return [handler(**payload) for handler in list(_HANDLERS.get(event, {}).values())]
