"""Customer inquiries and contacts: one table behind two paper forms.

客户咨询记录表 (F03, seed 000:99-101, 119-120: what was asked and answered, unfinished items handed to the next
shift) and 客户沟通记录表 (T01, seed 004:78, 90-136: contact time, channel, core request, result, follow-up) record
the same event, a conversation with a customer, from two offices' templates. One model serves both; each form
maps its keys onto these columns (:mod:`desktop.services.inquiries`).
"""

from __future__ import annotations

import peewee

from desktop.i18n import N_
from desktop.models.base import RecordModel
from desktop.models.customer import Customer
from desktop.models.replay import replayable
from desktop.models.staff import Staff
from desktop.models.ticket import ProblemSheet

CHANNELS = ("phone", "online", "in_person")


@replayable(N_("inquiry"), number="number")
class Inquiry(RecordModel):
    """One contact with a customer.

    ``unfinished`` is the mark the seed asks for when a problem is not solved that day (000:100); the item
    stays on the next shift's list until ``done_at`` is set. ``sheet`` is the problem sheet it was turned into.
    """

    number = peewee.CharField(max_length=40, unique=True)
    contacted_at = peewee.DateTimeField()
    customer_name = peewee.CharField(max_length=100, default="")
    customer = peewee.ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL")
    contact = peewee.CharField(max_length=100, default="")
    channel = peewee.CharField(max_length=20, default="phone")
    site = peewee.CharField(max_length=200, default="")
    category = peewee.CharField(max_length=40, default="")
    request = peewee.TextField()
    answer = peewee.TextField(default="")
    follow_up = peewee.CharField(max_length=300, default="")
    follow_up_due = peewee.DateField(null=True)
    follow_up_by = peewee.CharField(max_length=60, default="")
    follow_up_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    unfinished = peewee.BooleanField(default=False)
    unresolved_note = peewee.TextField(default="")
    handed_to = peewee.CharField(max_length=60, default="")
    handed_to_staff = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    done_at = peewee.DateTimeField(null=True)
    operator = peewee.CharField(max_length=60, default="")
    recorded_by = peewee.ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT")
    sheet = peewee.ForeignKeyField(ProblemSheet, null=True, backref="inquiries", on_delete="SET NULL")

    class Meta:
        table_name = "inquiry"
