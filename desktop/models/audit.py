"""The audit trail: who did what to which record, append-only and hash-chained, with the rows it left behind.

seed 002 and §2.14 of the spec ask for an audit trail. Rows are only ever inserted (by
:mod:`desktop.models.trail`, which :func:`desktop.services.audit.record_event` calls); each ``hash`` is sha256
over the previous row's hash and the canonical JSON of this event, so a later ``audit verify`` detects an
edited or deleted row. Since schema 10 an event also carries the *after-image* of every row its transaction
touched (:class:`AuditImage`, covered by the hash through their digests) and a ``seal``: an HMAC of the hash
keyed by a secret kept outside the database, so a chain recomputed with the file alone no longer verifies.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel
from desktop.models.replay import not_replayed, replayable
from desktop.models.staff import Staff

#: ``prev_hash`` of the first event.
GENESIS_HASH = "0" * 64


@not_replayed("the trail itself: checked link by link, not replayed")
class AuditEvent(BaseModel):
    """One thing that happened to one record.

    ``changes`` is JSON: field → ``[old, new]``. ``record_id`` is null for events about something without an
    integer id (a setting, the whole database). ``seal`` is ``<key id>:<hex HMAC-SHA256 of hash>``, null for
    events written before schema 10.
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
    seal = peewee.TextField(null=True)

    class Meta:
        table_name = "audit_event"
        indexes = ((("record_type", "record_id"), False),)


@not_replayed("part of the trail: each image is checked against its digest in its event's hash")
class AuditImage(BaseModel):
    """What one row looked like after an event's transaction: the row as JSON, or ``null`` once deleted.

    ``row_key`` is the row's primary key as text (columns of a composite key joined by U+001F); ``image`` is
    SQL NULL only where a purge redacted it (the purge event lists which), ``digest`` stays either way.
    """

    id = peewee.AutoField()
    event = peewee.ForeignKeyField(AuditEvent, backref="images", on_delete="RESTRICT", column_name="event_id")
    table_name = peewee.TextField()
    row_key = peewee.TextField()
    image = peewee.TextField(null=True)
    digest = peewee.CharField(max_length=64)

    class Meta:
        table_name = "audit_image"


@replayable(N_("database identity"))
class DatabaseInfo(BaseModel):
    """Facts about the file itself (schema 10): ``identity`` is a random id given once, when it was created.

    Backups, anchors and the backup series are filed by it, so two databases never share a series even when
    their files have the same name.
    """

    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()

    class Meta:
        table_name = "database_info"
