"""Every path FrontDesk uses, in one place.

User folders come from platformdirs. The read-only data the app ships (``forms/`` and ``resources/``) lives at
the repository root in a checkout, under ``desktop/_data/`` in an installed wheel (hatch ``force-include``) and
in a PyInstaller bundle; :func:`data_root` finds whichever is present.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

import platformdirs

APP_DIR_NAME = "FrontDesk"
DB_FILE_NAME = "frontdesk.sqlite3"
DB_ENV_VAR = "FRONTDESK_DB"


def user_data_dir() -> Path:
    """Folder for the database and backups (created on demand)."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def user_config_dir() -> Path:
    """Folder for per-computer preferences that do not belong in the database (window size and place)."""
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def user_log_dir() -> Path:
    """Folder for the rotating log file."""
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``FRONTDESK_DB`` names one."""
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / DB_FILE_NAME


def demo_db_path() -> Path:
    """The database ``frontdesk --demo`` opens, kept apart from the office's real one."""
    return user_data_dir() / "demo.sqlite3"


class MissingDataError(FileNotFoundError):
    """The installation lacks ``forms/`` and ``resources/``: nothing the desk can do but reinstall."""


@cache
def data_root() -> Path:
    """Folder that holds ``forms/`` and ``resources/``."""
    package_dir = Path(__file__).resolve().parent
    candidates = []
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", package_dir)) / "desktop" / "_data")
    candidates += [package_dir / "_data", package_dir.parent]
    for candidate in candidates:
        if (candidate / "forms").is_dir() and (candidate / "resources").is_dir():
            return candidate
    raise MissingDataError("FrontDesk's forms/ and resources/ folders are missing from this installation")


def forms_dir() -> Path:
    """Folder with one TOML definition per printable form."""
    return data_root() / "forms"


def resources_dir() -> Path:
    """Folder with fonts, icons and translations."""
    return data_root() / "resources"


def font_path() -> Path:
    """The bundled CJK font (WenQuanYi Micro Hei, Apache-2.0) used on screen and embedded in every PDF."""
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


#: The fallback fonts, in the order a character missing from the main font is looked up in them (issue 13):
#: Arabic script and Hebrew (Noto Sans, SIL OFL 1.1), emoji (Symbola). Subsets made by scripts/make-fallback-fonts.
FALLBACK_FONTS = ("NotoSansArabic-FrontDesk.ttf", "NotoSansHebrew-FrontDesk.ttf", "Symbola-FrontDesk.ttf")


def fallback_font_paths() -> list[Path]:
    """The bundled fallback fonts for what WenQuanYi lacks, in lookup order."""
    return [resources_dir() / "fonts" / name for name in FALLBACK_FONTS]


def translations_dir() -> Path:
    """Folder with ``frontdesk.pot`` and one ``<lang>.po`` per language."""
    return resources_dir() / "translations"
