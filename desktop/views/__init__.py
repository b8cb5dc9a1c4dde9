"""Qt widgets: the main window, its pages, dialogs and the helpers they share. No SQL, no business rules.

Views call services only through :mod:`desktop.views.ops` (which catches :class:`~desktop.errors.UserError`
and announces saved records on :mod:`desktop.views.events`), and show every message box through
:mod:`desktop.views.messages` so tests can replace it. Every visible string goes through
:func:`desktop.i18n._`. Nothing outside ``views/`` and ``app.py`` imports this package.

- ``main_window.py``   navigation, page stack, menus, status bar (database, staff on duty)
- ``pages/``           one module per page; ``pages/__init__.py`` lists them in navigation order
- ``first_run.py``     the wizard that sets up a new office
- ``settings_dialog.py`` office data, departments, staff and languages
- ``office_editors.py`` the office form, department list and staff table shared by the two above
- ``crash.py``         the excepthook: log the traceback, tell the desk where the log is, keep running
- ``messages.py``      the one helper every message box goes through
- ``ops.py``           runs service calls; UserError → beside the field or one dialog; success → events
- ``events.py``        the RecordEvents singleton: ``records_changed(kind, ids)``
- ``icons.py``         navigation icons from ``resources/icons/*.svg``
- ``refcount_guard.py`` checks that the installed PySide6 keeps Python's reference counts (issue 21)
"""
