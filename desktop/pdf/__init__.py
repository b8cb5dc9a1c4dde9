"""Printable forms as PDF: a pure function from a form definition and values to bytes.

Only this package imports reportlab. :func:`desktop.pdf.render.render_form` is the entry point; the other modules
each own one piece (fonts, styles, text escaping, the sheet grid, the register table, the page chrome).
"""

from __future__ import annotations

from desktop.pdf.render import OfficeHeader, render_batch, render_form

__all__ = ["OfficeHeader", "render_batch", "render_form"]
