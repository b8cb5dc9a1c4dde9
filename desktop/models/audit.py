"""The audit trail: who did what to which record, append-only and hash-chained.

seed 002 and §2.14 of the spec ask for an audit trail. Rows are only ever inserted (by
:func:`desktop.services.audit.record_event`); each ``hash`` is sha256 over the previous row's hash and the
canonical JSON of this event, so a later ``audit verify`` detects an edited or deleted row.
"""

from __future__ import annotations

import peewee

from desktop.models.base import BaseModel
from desktop.models.staff import Staff

#: ``prev_hash`` of the first event.
GENESIS_HASH = "0" * 64


class AuditEvent(BaseModel):
    """One thing that happened to one record.

    ``changes`` is JSON: field → ``[old, new]``. ``record_id`` is null for events about something without an
    integer id (a setting, the whole database).
    """

    id = peewee.AutoField()
    at = peewee.DateTimeField()
    staff = peewee.ForeignKeyField(Staff, null=True, backref="audit_events", on_delete="RESTRICT")
    record_type = peewee.CharField(max_length=40)
    record_id = peewee.IntegerField(null=True)
    action = peewee.CharField(max_length=20)
    changes = peewee.TextField(default="{}")
    summary = peewee.TextField(default="")
    prev_hash = peewee.CharField(max_length=64)
    hash = peewee.CharField(max_length=64, unique=True)

    class Meta:
        table_name = "audit_event"
        indexes = ((("record_type", "record_id"), False),)
