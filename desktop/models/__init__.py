"""peewee models and the database file.

``base.py`` holds the database proxy every model binds to (SQLite today, PostgreSQL later); ``database.py`` is
the only code that opens a file: it checks what the file is, verifies the pragmas, backs up and migrates.
One module per record kind holds columns and constraints; workflow lives in ``desktop.services``.
Migrations are numbered modules in ``migrations/`` written with literal SQL, never today's model classes.
"""
