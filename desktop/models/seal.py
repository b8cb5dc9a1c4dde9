"""The secret that seals the audit trail: an HMAC key kept outside the database, in the user's config folder.

A hash chain alone proves nothing against someone who holds the file: they can edit an event and recompute
every later hash with FrontDesk's own (public) function. Each event is therefore also *sealed*: ``seal`` is
HMAC-SHA256 of its hash, keyed by a random secret that never enters the database, its backups or its printouts.
A chain recomputed with the file alone carries seals that do not verify.

Where the key lives: ``trail-keys.json`` in the user's config folder (``~/.config/FrontDesk`` on Linux,
``%LOCALAPPDATA%\\FrontDesk`` on Windows), readable by that account only. It is made on first use; a key is never
replaced, only added to (a file that cannot be read is set aside, not overwritten), so old seals stay
checkable. The OS keyring (``keyring``) was considered and not used: on Linux it needs a desktop session with
a Secret Service (none for a command run over SSH or from a scheduled task), so sealing would silently depend on
how FrontDesk was started.

What it does not protect against: anyone who can read that folder, i.e. who is logged in as the Windows or
Linux account FrontDesk runs under (an administrator of the PC, or the desk itself), holds the key and can
recompute seals too. Seals made on another computer (another desk of a shared database, a PC replaced) carry
that computer's key id and are reported as not checkable here; copy ``trail-keys.json`` along to check them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desktop import paths

log = logging.getLogger(__name__)

KEY_FILE_NAME = "trail-keys.json"


@dataclass
class Sealer:
    """Seals hashes with the current key and checks seals made with any key it holds.

    Attributes:
        current: id of the key new seals are made with ("" when sealing is off, e.g. a read-only check).
        keys: key id → key bytes.
    """

    current: str = ""
    keys: dict[str, bytes] = field(default_factory=dict)

    def seal(self, text: str) -> str | None:
        """``<key id>:<hex HMAC-SHA256 of text>``, or None when there is no key to seal with."""
        key = self.keys.get(self.current)
        if key is None:
            return None
        return f"{self.current}:{hmac.digest(key, text.encode('utf-8'), 'sha256').hex()}"

    def check(self, seal: str, text: str) -> bool | None:
        """True when ``seal`` is a valid seal of ``text``; False when forged; None when made with an unknown key."""
        key_id, _sep, mac = seal.partition(":")
        key = self.keys.get(key_id)
        if key is None:
            return None
        expected = hmac.digest(key, text.encode("utf-8"), "sha256").hex()
        return hmac.compare_digest(expected, mac)

    def knows(self, seal: str | None) -> bool:
        """Whether ``seal`` was made with a key held here."""
        return bool(seal) and str(seal).partition(":")[0] in self.keys


def key_id_of(key: bytes) -> str:
    """The short public name of a key: 8 hex digits of its sha256 (names the key, reveals nothing of it)."""
    return hashlib.sha256(key).hexdigest()[:8]


def key_file(folder: Path | None = None) -> Path:
    """Where the keys are kept (the user's config folder unless told otherwise)."""
    return (folder or paths.user_config_dir()) / KEY_FILE_NAME


def _read(path: Path) -> Sealer | None:
    data = json.loads(path.read_text(encoding="utf-8"))
    keys = {str(item["id"]): bytes.fromhex(str(item["key"])) for item in data["keys"]}
    current = str(data["current"])
    if current not in keys or any(key_id_of(key) != key_id for key_id, key in keys.items()):
        return None
    return Sealer(current=current, keys=keys)


def _write_new(path: Path, keys: dict[str, bytes], current: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "about": "FrontDesk audit-trail seal keys. Keep this file private; never delete a key.",
        "current": current,
        "keys": [
            {"id": key_id, "key": key.hex(), "created": datetime.now().isoformat(timespec="seconds")}
            for key_id, key in keys.items()
        ],
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def local_sealer(folder: Path | None = None) -> Sealer:
    """The sealer of this computer account, making its key on first use.

    Never raises: a config folder that cannot be written gives a sealer without a key (events are then written
    unsealed and ``audit verify`` says so), which is better than refusing to save a record.
    """
    path = key_file(folder)
    try:
        if path.is_file():
            sealer = _read(path)
            if sealer is not None:
                return sealer
            raise ValueError("inconsistent key file")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.error("the seal key file %s cannot be read (%s); it is set aside and a new key made", path, exc)
        try:
            path.replace(path.with_name(f"{path.name}.unreadable-{datetime.now():%Y%m%d-%H%M%S}"))
        except OSError:
            return Sealer()
    key = secrets.token_bytes(32)
    key_id = key_id_of(key)
    try:
        _write_new(path, {key_id: key}, key_id)
    except OSError as exc:
        log.error("cannot write the seal key file %s: %s; events are written unsealed", path, exc)
        return Sealer()
    log.info("made the audit seal key %s in %s", key_id, path)
    return Sealer(current=key_id, keys={key_id: key})
