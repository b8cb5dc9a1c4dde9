"""Amendments to signed records and the marks that a signed paper copy came back.

A signed form is frozen (issue 9, spec §2.13): its row is never updated again; a correction is an
:class:`Amendment` pointing at it by kind and id, so the original stays readable and printable as signed.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel, RecordModel
from desktop.models.replay import replayable
from desktop.models.staff import Staff


@replayable(N_("amendment"))
class Amendment(RecordModel):
    """One numbered correction of a frozen record; ``changes`` is JSON ``field → [old, new]``."""

    id = peewee.AutoField()
    record_kind = peewee.CharField(max_length=40)
    record_id = peewee.IntegerField()
    number = peewee.IntegerField()
    reason = peewee.TextField()
    changes = peewee.TextField()
    amended_by = peewee.ForeignKeyField(Staff, null=True, backref="amendments", on_delete="RESTRICT")
    amended_at = peewee.DateTimeField()

    class Meta:
        table_name = "amendment"
        indexes = ((("record_kind", "record_id", "number"), True),)


@replayable(N_("signed copy"))
class SignedCopy(BaseModel):
    """The desk received the record's paper form back, signed: the record is frozen from ``received_at``."""

    id = peewee.AutoField()
    record_kind = peewee.CharField(max_length=40)
    record_id = peewee.IntegerField()
    received_at = peewee.DateTimeField()
    received_by = peewee.ForeignKeyField(Staff, null=True, backref="signed_copies", on_delete="RESTRICT")

    class Meta:
        table_name = "signed_copy"
        indexes = ((("record_kind", "record_id"), True),)
