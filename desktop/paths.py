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


def display_path(path: Path | str) -> str:
    """A path as text that can be shown, stored and hashed.

    A name that is not valid UTF-8 on disk reaches Python with lone surrogates (``surrogateescape``); SQLite
    and UTF-8 refuse those, so the undecodable bytes are shown as "�". Open the file with the path itself.
    """
    text = str(path)
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte: not from a file name, still shown
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def display_name(path: Path | str) -> str:
    """A file's name (without its folder) as text that can be shown, stored and hashed (:func:`display_path`)."""
    return display_path(Path(path).name)


def expand_user(path: Path | str) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded; unchanged when that user is unknown.

    ``Path.expanduser`` raises RuntimeError for an unknown ``~user``; a file name the desk typed is then simply
    not found, with a message, instead of failing.
    """
    return Path(os.path.expanduser(os.fspath(path)))
