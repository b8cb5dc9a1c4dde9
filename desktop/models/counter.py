"""The counters behind gap-free record numbers (table ``number_counter``, schema 2).

Only :mod:`desktop.services.numbering` writes them, inside the transaction that saves the numbered record, so
a rolled-back save rolls its serial back too.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel
from desktop.models.replay import replayable


@replayable(N_("number counter"))
class NumberCounter(BaseModel):
    """The last serial handed out for one numbering scheme in one period.

    Attributes:
        scheme: which kind of record is numbered, e.g. ``problem_sheet``.
        period: which counter of that scheme, e.g. ``2026-03-16|07`` (see ``desktop.rules.numbering.period_key``).
        last: the last serial given out; the next number gets ``last + 1``.
    """

    scheme = peewee.TextField()
    period = peewee.TextField()
    last = peewee.IntegerField()

    class Meta:
        table_name = "number_counter"
        primary_key = peewee.CompositeKey("scheme", "period")
