"""Personal preferences: what the person at this computer chooses for herself, not for the office.

Office settings are database rows that only the roles allowed may change (:mod:`desktop.services.settings`);
a receptionist who may not touch them still chooses the language of her own screens and where her PDFs go.
Those choices are kept per computer and per system user in ``preferences.ini`` in the user config folder, so
they need no permission, are not audited and do not travel with a backup of the office's data.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from desktop import i18n, paths

_SCREEN_LANGUAGE = "screen/language"
_PDF_FOLDER = "pdf/folder"


def _store() -> QSettings:
    return QSettings(str(paths.user_config_dir() / "preferences.ini"), QSettings.Format.IniFormat)


def screen_language() -> str | None:
    """The screen language chosen on this computer, or None: "as the computer" (the locale, then the office)."""
    value = _store().value(_SCREEN_LANGUAGE)
    return i18n.normalize_language(str(value)) if value in i18n.LANGUAGES else None


def set_screen_language(lang: str | None) -> None:
    """Keep ``lang`` as this computer's screen language (None: follow the computer and the office)."""
    store = _store()
    if lang:
        store.setValue(_SCREEN_LANGUAGE, i18n.normalize_language(lang))
    else:
        store.remove(_SCREEN_LANGUAGE)
    store.sync()


def documents_folder() -> Path:
    """The user's Documents folder (the home folder when the system names none or it does not exist)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()


def pdf_folder() -> Path:
    """Where "Save as PDF" opens: the folder used last, else Documents — never the program's working folder."""
    value = _store().value(_PDF_FOLDER)
    if value:
        folder = Path(str(value))
        if folder.is_dir():
            return folder
    return documents_folder()


def set_pdf_folder(folder: Path) -> None:
    """Remember ``folder`` for the next "Save as PDF"."""
    store = _store()
    store.setValue(_PDF_FOLDER, str(folder))
    store.sync()
