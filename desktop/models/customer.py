"""Customers: owners, tenants, patients, callers: whoever a record is about."""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import RecordModel
from desktop.models.replay import replayable


@replayable(N_("customer"))
class Customer(RecordModel):
    """A person or organisation the desk serves.

    Indexed by mobile, office phone and name because the desk looks a caller up by the number on the phone's
    display or by the name they give.
    """

    id = peewee.AutoField()
    name = peewee.CharField(max_length=100, index=True)
    mobile = peewee.CharField(max_length=30, default="", index=True)
    office_phone = peewee.CharField(max_length=60, default="", index=True)
    organisation = peewee.CharField(max_length=200, default="")
    address = peewee.CharField(max_length=300, default="")

    class Meta:
        table_name = "customer"
