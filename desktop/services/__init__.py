"""Use-cases in the desk's words: ``file_sheet(...)``, ``record_callback(...)``, ``lend_key(...)``.

Each public function takes keyword-only ``by`` (the staff id on duty, or None for the system) and ``now`` (the
moment, from an injected :class:`~desktop.services.clock.Clock`), runs in one ``db.atomic()`` block, validates
through ``desktop.formspec`` and ``desktop.rules``, writes, appends the audit event in the same transaction and
returns frozen dataclasses, never peewee instances. Services import no Qt and emit no signals.
"""
