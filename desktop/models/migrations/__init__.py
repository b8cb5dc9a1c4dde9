"""Numbered schema migrations, applied in order when a database is opened.

Each module is named ``mNNNN_<what>.py`` and defines ``VERSION = NNNN`` and ``migrate(database)``, which runs
literal SQL (never today's model classes, which describe the newest schema only). ``open_database`` runs each
pending migration in its own transaction together with the ``user_version`` bump, after backing the file up.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def all_migrations() -> list[ModuleType]:
    """The migration modules, sorted by VERSION; their versions must be 1, 2, 3 … without gaps."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if info.name.startswith("m") and info.name[1:5].isdigit()
    ]
    modules.sort(key=lambda module: module.VERSION)
    versions = [module.VERSION for module in modules]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migration versions are not 1..n: {versions}")
    return modules


def latest_version() -> int:
    """The schema version this FrontDesk writes."""
    return len(all_migrations())
