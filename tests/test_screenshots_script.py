"""scripts/screenshots.py still builds the real main window on demo data and writes its PNGs offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "screenshots.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_main_window_screenshot_is_written_in_both_languages(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--only", "main-window", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for tag in ("zh", "en"):
        shot = tmp_path / f"main-window-{tag}.png"
        assert shot.is_file(), result.stdout + result.stderr
        data = shot.read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000
    assert sorted(path.name for path in tmp_path.iterdir()) == ["main-window-en.png", "main-window-zh.png"]


def test_an_unknown_name_is_refused_with_the_list_hint(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--only", "no-such-screen", "--out", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "--list" in result.stderr
    assert list(tmp_path.iterdir()) == []
