"""Logging to a rotating file in the user's log folder (and to stderr for the CLI when asked).

The crash dialog tells the desk where this file is, so a bug report can carry it.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop import paths

LOG_FILE_NAME = "frontdesk.log"
_configured_path: Path | None = None


def log_file_path() -> Path:
    """The active log file (or where it would be)."""
    return _configured_path or paths.user_log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to a rotating file (1 MB × 5); returns its path, or None when the folder is unusable."""
    global _configured_path
    root = logging.getLogger()
    root.setLevel(level)
    path = paths.user_log_dir() / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", errors="backslashreplace"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for old in [h for h in root.handlers if getattr(h, "_frontdesk", False)]:
        root.removeHandler(old)
        old.close()
    handler._frontdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    _configured_path = path
    return path
