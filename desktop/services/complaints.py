"""Complaints (投诉记录表 F06 / 投诉处理报告单 F07): register, relay, handle, report, call back, reopen, re-code.

Seed 000 第四章 (spec §2.3.1): the complaint-hotline officer writes the complaint in the register, relays it at
once to the responsible head (000:163), the handler files the handling report the next day (000:164–165), the
HR & PR department calls the customer back and writes the result on the report; not satisfied → a new register
entry, linked, and the cycle repeats; satisfied → closed (000:165). Seed 004's stage table is the other preset.
Which stages and limits apply is :mod:`desktop.rules.complaints`; the services write them, each use-case in one
transaction with its audit event, and check permissions at the front door (``@requires``): re-coding a
complaint is a manager's (the F08 rates appraise the heads, 000:158, 166), signing the report a head's (000:157).

This module is the one to import; it gathers the use-cases from the modules that own them:

* :mod:`~desktop.services.complaint_registration` — a new register entry (``complaint_registered``: a progress
  call every 2 days while it stays open, 001:1686);
* :mod:`~desktop.services.complaint_steps` — relaying and the stages finished by a note;
* :mod:`~desktop.services.complaint_reports` — the handling report and the head's signature (finishing the
  report emits ``complaint_handled``: the callback within 24 h, 000:409);
* :mod:`~desktop.services.complaint_callbacks` — the link with the callback book: a complaint opened by an
  unsatisfied callback, the callback result that closes or reopens one (``complaint_closed``);
* :mod:`~desktop.services.complaint_oversight` — re-coding and escalating to the manager;
* :mod:`~desktop.services.complaint_records` — what they share: numbers, keys, the versioned write and the
  stage advance.

The calls themselves live in the callback book (:mod:`desktop.services.callbacks`), linked through
:mod:`desktop.services.hooks` so neither calls the other's workflow. Reading (lists, due items, record stores,
printing) is :mod:`desktop.services.complaint_list`.
"""

from __future__ import annotations

from desktop.services.complaint_callbacks import ensure_callback, open_from_callback, record_callback_result
from desktop.services.complaint_oversight import escalate, manager_name, recode
from desktop.services.complaint_records import (
    ENTRY_KEYS,
    NUMBER_SCHEME,
    RECORD_TYPE,
    REPORT_ENTRY_KEYS,
    REPORT_SLUG,
    SLUG,
    history,
    preset_key,
    stored_text,
)
from desktop.services.complaint_registration import register_complaint
from desktop.services.complaint_reports import file_report, sign_report
from desktop.services.complaint_rows import ComplaintRow, chain, get_complaint, get_complaint_by_number
from desktop.services.complaint_steps import complete_stage, relay

__all__ = [
    "ENTRY_KEYS",
    "NUMBER_SCHEME",
    "RECORD_TYPE",
    "REPORT_ENTRY_KEYS",
    "REPORT_SLUG",
    "SLUG",
    "ComplaintRow",
    "chain",
    "complete_stage",
    "ensure_callback",
    "escalate",
    "file_report",
    "get_complaint",
    "get_complaint_by_number",
    "history",
    "manager_name",
    "open_from_callback",
    "preset_key",
    "recode",
    "record_callback_result",
    "register_complaint",
    "relay",
    "sign_report",
    "stored_text",
]
