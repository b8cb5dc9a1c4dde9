"""Sites: where something is: a property unit (栋号-单元-楼层房号) or a free label (clinic room, facility room)."""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import RecordModel
from desktop.models.replay import replayable

KIND_PROPERTY = "property"
KIND_FREE = "free"


@replayable(N_("site"), number="label")
class Site(RecordModel):
    """A place a key, ticket or visit belongs to.

    ``label`` is computed by :func:`desktop.rules.sites.site_label` when the row is written (stored so lists can
    sort, search and stay unique in SQL); ``floor`` is null for free sites.
    """

    id = peewee.AutoField()
    kind = peewee.CharField(
        max_length=10, constraints=[peewee.Check(f"kind IN ('{KIND_PROPERTY}', '{KIND_FREE}')")]
    )
    building = peewee.CharField(max_length=20, default="")
    unit = peewee.CharField(max_length=20, default="")
    floor = peewee.IntegerField(null=True)
    room = peewee.CharField(max_length=20, default="")
    free_label = peewee.CharField(max_length=100, default="")
    label = peewee.CharField(max_length=120, unique=True)
    note = peewee.CharField(max_length=300, default="")

    class Meta:
        table_name = "site"

    @property
    def is_property(self) -> bool:
        """True for a 栋号-单元-楼层房号 unit."""
        return self.kind == KIND_PROPERTY
