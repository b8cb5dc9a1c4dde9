"""FrontDesk (前台登记簿): offline registers, reminders and printable forms for small-office front desks.

Package map (imports flow one way: views → services → rules/models/formspec/pdf):

- ``rules/``     pure functions: numbering, working calendar, deadlines, reminders, statistics, permissions
- ``models/``    peewee models and the one place that opens, verifies and migrates the database file
- ``formspec/``  loads and checks the printable-form definitions in ``forms/``
- ``pdf/``       reportlab renderer: definition + values → PDF bytes
- ``services/``  use-cases in the desk's words; one transaction each, audit included
- ``views/``     Qt widgets only; no SQL, no business rules

Only ``app.py`` and ``views/`` import Qt, so everything else is tested without a screen.
"""

__version__ = "0.1.0"
APP_NAME = "FrontDesk"
