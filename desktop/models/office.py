"""The office this database belongs to: its name, address, phone and logo head every printed form."""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import RecordModel
from desktop.models.replay import replayable

#: The only id the office row may have (a CHECK in the schema keeps it to one row).
OFFICE_ID = 1


@replayable(N_("office"), number="name")
class Office(RecordModel):
    """The one office row (``id`` is always :data:`OFFICE_ID`).

    ``office_type`` is a key of :data:`desktop.rules.office_types.OFFICE_TYPES` (property, clinic, hotline).
    """

    id = peewee.IntegerField(primary_key=True, default=OFFICE_ID)
    name = peewee.CharField(max_length=200)
    address = peewee.CharField(max_length=300, default="")
    phone = peewee.CharField(max_length=60, default="")
    logo = peewee.BlobField(null=True)
    office_type = peewee.CharField(max_length=20, default="property")

    class Meta:
        table_name = "office"
