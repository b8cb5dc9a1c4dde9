"""Where the database may live: refuse a network path, warn about removable or cloud-synced folders.

SQLite's locking and WAL need a local file system: on an SMB/NFS share two desks can corrupt the file, and a
share that drops mid-commit loses the commit (sqlite.org "How To Corrupt An SQLite Database File", §2). A USB
stick can be pulled out during a write; a OneDrive/Dropbox/坚果云 folder uploads a half-written file and may
"restore" an older copy over the live one. So: a network path is refused (:class:`NetworkPathError`), a removable
or cloud-synced folder gets a warning the desk can accept. The checks only look at names and mount tables; they
never touch the file.

All functions take the platform facts as parameters with real defaults, so tests can describe a Windows drive
or a Linux mount table without having one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

from desktop.errors import UserError
from desktop.i18n import _

#: File-system types of network mounts on Linux/BSD (``/proc/mounts`` third column).
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "ncpfs", "afs", "9p", "sshfs", "fuse.sshfs", "davfs",
     "fuse.davfs2", "glusterfs", "ceph", "fuse.rclone", "fuse.gvfsd-fuse"}
)  # fmt: skip

#: Folder names that a sync client watches (compared case-insensitively with each part of the path).
CLOUD_FOLDER_NAMES = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "my drive",
    "icloud drive",
    "icloud~",
    "mobile documents",
    "box sync",
    "nutstore",
    "坚果云",
    "我的坚果云",
    "百度网盘",
    "baidunetdisk",
    "baidu netdisk",
    "baiduyunguanjia",
)
#: Mount roots where desktop Linux and macOS put USB sticks and SD cards.
REMOVABLE_ROOTS = ("/media", "/run/media", "/mnt/usb", "/Volumes")

# Windows GetDriveType() answers.
DRIVE_REMOVABLE = 2
DRIVE_REMOTE = 4


class NetworkPathError(UserError):
    """The database was asked to live on a network share."""


@dataclass(frozen=True)
class LocationWarning:
    """Something risky about a folder that the desk may accept.

    Attributes:
        kind: ``"removable"``, ``"cloud"`` or ``"same_disk"``.
        message: the translated sentence shown.
    """

    kind: str
    message: str


def read_mounts(mounts_file: str = "/proc/mounts") -> list[tuple[str, str]]:
    """``(mount point, file-system type)`` from a Linux mount table; empty where there is none."""
    try:
        with open(mounts_file, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    mounts = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 3:
            # Spaces in mount points are written as \040.
            mounts.append((parts[1].replace("\\040", " "), parts[2]))
    return mounts


def mount_of(path: str, mounts: Iterable[tuple[str, str]]) -> tuple[str, str] | None:
    """The longest mount point containing ``path``, with its file-system type."""
    best: tuple[str, str] | None = None
    for point, fstype in mounts:
        inside = path == point or path.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and (best is None or len(point) > len(best[0])):
            best = (point, fstype)
    return best


def _windows_drive_type(drive: str) -> int:
    """``GetDriveTypeW`` of ``"C:\\"``; 0 (unknown) off Windows."""
    if sys.platform != "win32":  # pragma: no cover - exercised on Windows only
        return 0
    import ctypes  # pragma: no cover

    return int(ctypes.windll.kernel32.GetDriveTypeW(drive))  # pragma: no cover


def is_network_path(
    path: str | os.PathLike[str],
    *,
    windows: bool | None = None,
    mounts: Iterable[tuple[str, str]] | None = None,
    drive_type: Callable[[str], int] = _windows_drive_type,
) -> bool:
    """Whether ``path`` is on a network share: a UNC path, a mapped network drive, or an nfs/cifs/smb mount."""
    windows = sys.platform == "win32" if windows is None else windows
    text = os.fspath(path)
    if windows:
        pure = PureWindowsPath(text)
        if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
            return True  # \\server\share\...
        if text.upper().startswith("\\\\?\\UNC\\"):
            return True
        if pure.drive and len(pure.drive) == 2:
            return drive_type(pure.drive + "\\") == DRIVE_REMOTE
        return False
    table = read_mounts() if mounts is None else list(mounts)
    found = mount_of(os.path.abspath(text), table)
    return found is not None and (found[1] in NETWORK_FS_TYPES or found[1].startswith("nfs"))


def is_removable_path(
    path: str | os.PathLike[str],
    *,
    windows: bool | None = None,
    drive_type: Callable[[str], int] = _windows_drive_type,
) -> bool:
    """Whether ``path`` looks like a USB stick or SD card (a removable drive, /media, /run/media …)."""
    windows = sys.platform == "win32" if windows is None else windows
    text = os.fspath(path)
    if windows:
        pure = PureWindowsPath(text)
        return bool(pure.drive) and len(pure.drive) == 2 and drive_type(pure.drive + "\\") == DRIVE_REMOVABLE
    absolute = os.path.abspath(text)
    return any(absolute == root or absolute.startswith(root + "/") for root in REMOVABLE_ROOTS)


def cloud_folder_of(path: str | os.PathLike[str], *, windows: bool | None = None) -> str | None:
    """The sync-client folder name ``path`` lies in (``"OneDrive - Contoso"``, ``"坚果云"`` …), else None."""
    windows = sys.platform == "win32" if windows is None else windows
    pure: PurePath = PureWindowsPath(os.fspath(path)) if windows else PurePath(os.fspath(path))
    for part in pure.parts:
        lowered = part.casefold()
        for name in CLOUD_FOLDER_NAMES:
            # "OneDrive - Contoso", "Dropbox (Personal)", "Google Drive" … start with the client's name.
            if lowered == name or lowered.startswith(name + " ") or lowered.startswith(name + "-"):
                return part
    return None


def check_database_location(
    path: str | os.PathLike[str],
    *,
    windows: bool | None = None,
    mounts: Iterable[tuple[str, str]] | None = None,
    drive_type: Callable[[str], int] = _windows_drive_type,
) -> list[LocationWarning]:
    """Refuse a network path for the database; return warnings for a removable or cloud-synced folder.

    Raises:
        NetworkPathError: ``path`` is on a network share.
    """
    if is_network_path(path, windows=windows, mounts=mounts, drive_type=drive_type):
        raise NetworkPathError(
            _(
                "The database {path} is on a network drive. SQLite files can be damaged there when the "
                "connection drops or two computers write at once. Keep the database on this computer's own "
                "disk and let the other desks use their own, or a backup folder on the network."
            ).format(path=path)
        )
    warnings: list[LocationWarning] = []
    if is_removable_path(path, windows=windows, drive_type=drive_type):
        warnings.append(
            LocationWarning(
                "removable",
                _(
                    "The database {path} is on a removable drive. Pulling it out while FrontDesk writes can "
                    "lose the last changes. Prefer this computer's own disk."
                ).format(path=path),
            )
        )
    folder = cloud_folder_of(path, windows=windows)
    if folder is not None:
        warnings.append(
            LocationWarning(
                "cloud",
                _(
                    "The database {path} is in the synchronised folder {folder}. The sync program may upload "
                    "a half-written file or put an older copy back over it. Keep the database outside {folder} "
                    "and put the backup folder there instead."
                ).format(path=path, folder=folder),
            )
        )
    return warnings


def same_device(first: Path, second: Path) -> bool:
    """Whether two existing paths (or their nearest existing parents) are on the same disk."""

    def device(path: Path) -> int:
        path = path.absolute()
        while not path.exists() and path != path.parent:
            path = path.parent
        return path.stat().st_dev

    return device(first) == device(second)
