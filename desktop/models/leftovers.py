"""Temporary files a killed backup, restore or anchor write leaves behind, removed at the next start or command.

Every temporary file FrontDesk writes is hidden and names its process: ``.<name>.<pid>.tmp`` (a backup, its
manifest, an anchor, the seal key), ``.<database>.restore.<pid>.tmp`` with the ``-wal``/``-shm`` SQLite may add
beside it when the backup was a WAL-mode file. One whose process no longer runs can only be debris; one of a
live process is left alone (another FrontDesk may be writing it right now). ``.<database>.restore.tmp`` without
a process id is what FrontDesk before schema 10 wrote: always debris.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from desktop.processes import pid_alive

log = logging.getLogger(__name__)

_WITH_PID = re.compile(r"^\..+\.(\d+)\.tmp(-wal|-shm|-journal)?$")
_LEGACY_RESTORE = re.compile(r"^\..+\.restore\.tmp(-wal|-shm|-journal)?$")


def is_leftover(name: str, *, prefix: str = "") -> bool:
    """Whether ``name`` is a FrontDesk temporary file whose writer is gone (and starts with ``.prefix``)."""
    if not name.startswith("." + prefix):
        return False
    if _LEGACY_RESTORE.match(name):
        return True
    match = _WITH_PID.match(name)
    return match is not None and not pid_alive(int(match.group(1)))


def remove_leftovers(folder: Path, *, prefix: str = "") -> list[Path]:
    """Delete the leftovers in ``folder`` (those whose name starts with ``.prefix``); returns what went.

    Never raises: a file that cannot be removed now is tried again next time.
    """
    removed: list[Path] = []
    try:
        names = [entry.name for entry in folder.iterdir() if entry.is_file()]
    except OSError:
        return removed
    for name in names:
        if is_leftover(name, prefix=prefix):
            path = folder / name
            try:
                path.unlink()
            except OSError as exc:
                log.warning("could not remove the leftover %s: %s", path, exc)
                continue
            log.info("removed %s, left by a backup or restore that did not finish", path)
            removed.append(path)
    return removed
