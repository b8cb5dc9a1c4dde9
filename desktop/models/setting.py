"""Preferences and office rules as rows, so a backup of the database carries them.

The declared keys, their types, defaults and labels live in :mod:`desktop.services.settings`.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import BaseModel
from desktop.models.replay import replayable


@replayable(N_("setting"))
class Setting(BaseModel):
    """One setting: ``value`` is JSON text."""

    key = peewee.CharField(max_length=100, primary_key=True)
    value = peewee.TextField()

    class Meta:
        table_name = "setting"
