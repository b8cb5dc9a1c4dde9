"""The engineer's intake register (800用户问题受理登记表, F02, seed 000:102-103), one row per accepted sheet.

"技术支持工程师须填写《800用户问题受理登记表》并与客户及时联系商定维修时间和地点,争取在客户要求的时间内解决问题": the
engineer logs the sheet he accepted, the time the customer wants it done by, and the repair time and place agreed
with the customer. Columns follow ``forms/intake_register.toml``; ``ticket_number`` there is ``sheet``'s number.
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import RecordModel
from desktop.models.replay import replayable
from desktop.models.staff import Staff
from desktop.models.ticket import ProblemSheet


@replayable(N_("intake entry"), number="number")
class IntakeEntry(RecordModel):
    """One line of an engineer's intake register, linked to its problem sheet."""

    number = peewee.CharField(max_length=40, unique=True)
    sheet = peewee.ForeignKeyField(ProblemSheet, backref="intake_entries", on_delete="RESTRICT")
    accepted_at = peewee.DateTimeField()
    customer_name = peewee.CharField(max_length=100)
    site = peewee.CharField(max_length=200, default="")
    phone = peewee.CharField(max_length=40, default="")
    summary = peewee.TextField()
    requested_by = peewee.DateTimeField(null=True)
    agreed_at = peewee.DateTimeField(null=True)
    repair_place = peewee.CharField(max_length=200, default="")
    completed_at = peewee.DateTimeField(null=True)
    result = peewee.TextField(default="")
    engineer = peewee.CharField(max_length=60)
    engineer_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        table_name = "intake_entry"
