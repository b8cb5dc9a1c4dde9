"""Where the database may live: network paths refused, removable and cloud-synced folders warned about."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.services import location
from desktop.services.location import NetworkPathError, check_database_location


@pytest.fixture(autouse=True)
def _english() -> None:
    """Messages are compared in English, the source language."""
    i18n.set_ui_language("en")


LINUX_MOUNTS = [
    ("/", "ext4"),
    ("/home", "ext4"),
    ("/srv/share", "cifs"),
    ("/mnt/nas", "nfs4"),
    ("/media/desk/USB STICK", "vfat"),
]


def _drives(types: dict[str, int]):
    return lambda drive: types.get(drive.upper(), 3)


@pytest.mark.parametrize(
    "path",
    [
        r"\\server\share\frontdesk.sqlite3",
        "//server/share/frontdesk.sqlite3",
        r"\\?\UNC\server\share\f.sqlite3",
    ],
)
def test_unc_paths_are_refused_on_windows(path: str) -> None:
    with pytest.raises(NetworkPathError, match="network drive"):
        check_database_location(path, windows=True, drive_type=_drives({}))


def test_a_mapped_network_drive_is_refused_and_a_local_one_accepted() -> None:
    drives = _drives({"Z:\\": location.DRIVE_REMOTE, "C:\\": 3})
    with pytest.raises(NetworkPathError):
        check_database_location(r"Z:\office\frontdesk.sqlite3", windows=True, drive_type=drives)
    assert check_database_location(r"C:\Users\desk\frontdesk.sqlite3", windows=True, drive_type=drives) == []


@pytest.mark.parametrize("path", ["/srv/share/frontdesk.sqlite3", "/mnt/nas/office/db.sqlite3"])
def test_nfs_and_cifs_mounts_are_refused_on_linux(path: str) -> None:
    with pytest.raises(NetworkPathError):
        check_database_location(path, windows=False, mounts=LINUX_MOUNTS)


def test_a_local_linux_path_is_fine() -> None:
    assert check_database_location("/home/desk/frontdesk.sqlite3", windows=False, mounts=LINUX_MOUNTS) == []
    # /srv/shared is not inside /srv/share
    assert not location.is_network_path("/srv/shared/x.sqlite3", windows=False, mounts=LINUX_MOUNTS)


def test_mount_table_is_read_from_proc_mounts(tmp_path) -> None:
    table = tmp_path / "mounts"
    table.write_text("server:/x /mnt/my\\040nas nfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\n")
    mounts = location.read_mounts(str(table))
    assert ("/mnt/my nas", "nfs") in mounts
    assert location.is_network_path("/mnt/my nas/db.sqlite3", windows=False, mounts=mounts)
    assert location.read_mounts(str(tmp_path / "missing")) == []


@pytest.mark.parametrize(
    ("path", "windows"),
    [
        ("/media/desk/USB STICK/frontdesk.sqlite3", False),
        ("/run/media/desk/KINGSTON/frontdesk.sqlite3", False),
        (r"E:\frontdesk.sqlite3", True),
    ],
)
def test_removable_drives_get_a_warning(path: str, windows: bool) -> None:
    drives = _drives({"E:\\": location.DRIVE_REMOVABLE})
    warnings = check_database_location(path, windows=windows, mounts=LINUX_MOUNTS, drive_type=drives)
    assert [warning.kind for warning in warnings] == ["removable"]
    assert "removable drive" in warnings[0].message


@pytest.mark.parametrize(
    ("path", "folder"),
    [
        (r"C:\Users\desk\OneDrive - Contoso\FrontDesk\frontdesk.sqlite3", "OneDrive - Contoso"),
        (r"C:\Users\desk\Dropbox\frontdesk.sqlite3", "Dropbox"),
        (r"G:\My Drive\frontdesk.sqlite3", "My Drive"),
        (r"D:\我的坚果云\前台\frontdesk.sqlite3", "我的坚果云"),
        (r"D:\百度网盘\frontdesk.sqlite3", "百度网盘"),
        ("/home/desk/Google Drive/frontdesk.sqlite3", "Google Drive"),
    ],
)
def test_cloud_synced_folders_get_a_warning_naming_the_folder(path: str, folder: str) -> None:
    windows = path[1] == ":"
    warnings = check_database_location(path, windows=windows, mounts=LINUX_MOUNTS, drive_type=_drives({}))
    assert [warning.kind for warning in warnings] == ["cloud"]
    assert folder in warnings[0].message


def test_a_folder_merely_containing_a_cloud_word_is_not_flagged() -> None:
    assert location.cloud_folder_of("/home/desk/dropboxes-old/db.sqlite3", windows=False) is None


def test_same_device(tmp_path) -> None:
    assert location.same_device(tmp_path / "a.sqlite3", tmp_path / "not" / "yet" / "there")
