"""The database proxy and the base classes every model shares.

Models bind to :data:`db`, a :class:`peewee.DatabaseProxy`, so the same models serve a SQLite file on one PC
and, later, a PostgreSQL server shared by several desks. :func:`desktop.models.database.open_database`
initialises it.
"""

from __future__ import annotations

from datetime import datetime

import peewee

db = peewee.DatabaseProxy()


class BaseModel(peewee.Model):
    """Every table: bound to :data:`db`, explicit ``table_name`` in each subclass's Meta."""

    class Meta:
        database = db
        legacy_table_names = False


class RecordModel(BaseModel):
    """A record the desk creates and edits: timestamps and an optimistic-locking ``version``.

    ``version`` grows by one on every update done through the services; a save whose version no longer
    matches the row is refused as a conflict, so two desks never overwrite each other silently.
    """

    created_at = peewee.DateTimeField(default=datetime.now)
    updated_at = peewee.DateTimeField(default=datetime.now)
    version = peewee.IntegerField(default=1)
