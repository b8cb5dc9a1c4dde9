"""Printable-form definitions: ``forms/<slug>.toml`` read into frozen dataclasses.

One definition drives the entry dialog (``views/form_dialog.py``), validation and CSV columns (``types.py``) and
the printed PDF (``desktop.pdf``), so a new field is one edit in one file. Only the standard library is used here.
"""
