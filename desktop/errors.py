"""The two kinds of failure FrontDesk knows.

A :class:`UserError` is something the desk can fix: a bad value, a newer database, a read-only file. It carries
a message already translated for the person in front of the screen and, when it is about one field, that
field's key so the dialog can show it beside the field. Anything else that escapes is a bug: it is logged,
shown in the crash dialog, and the transaction it happened in is rolled back.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the person at the desk can understand and fix.

    Args:
        message: translated, complete sentence shown as is.
        field: key of the form field the message is about, or None for the whole record.
        command_line: the same message in command-line words, when the screen's words do not fit a terminal
            ("run the command again" rather than "what you typed is still in the form"); None: ``message``.
    """

    def __init__(self, message: str, field: str | None = None, *, command_line: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.command_line = command_line

    @property
    def command_line_message(self) -> str:
        """What ``frontdesk`` prints for this error."""
        return self.command_line or self.message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """One or more fields of a record are wrong; ``errors`` maps field key → message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_key = next(iter(errors))
        super().__init__(errors[first_key], field=first_key)
        self.errors = dict(errors)


class ConflictError(UserError):
    """The record changed on another desk since it was opened; nothing was overwritten."""
