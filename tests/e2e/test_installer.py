"""The PyInstaller one-folder bundle builds and the frozen console paints its window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def test_frozen_console_starts_offscreen_and_writes_a_screenshot(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    if not pyinstaller.exists():
        pytest.skip("PyInstaller is not installed (make test installs it)")
    subprocess.run([str(pyinstaller), "--noconfirm", "--distpath", str(tmp_path / "dist"),
                    "--workpath", str(tmp_path / "build"), str(ROOT / "build_installer.spec")],
                   cwd=ROOT, check=True, capture_output=True, timeout=900)
    bundle = tmp_path / "dist" / "expo-console"
    executable = bundle / ("expo-console.exe" if os.name == "nt" else "expo-console")
    assert (bundle / "_internal" / "resources" / "translations" / "expo_console_ko.qm").exists()
    assert (bundle / "_internal" / "resources" / "translations" / "qtbase_ko.qm").exists()  # Qt's file dialogs
    shot = tmp_path / "frozen.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "EXPO_CONSOLE_CONFIG_DIR": str(tmp_path / "config"),
           "EXPO_CONSOLE_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([str(executable), "--screenshot", str(shot)], env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    info = subprocess.run([str(executable), "info", "--db", str(tmp_path / "data" / "events" / "default.expo")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert '"exhibitors": 95' in info.stdout
    # the dashboard loads pyqtgraph only when shown: the bundle must carry it all the same
    dashboard = tmp_path / "frozen-dashboard.png"
    result = subprocess.run([str(executable), "--workspace", "dashboard", "--screenshot", str(dashboard)], env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and dashboard.stat().st_size > 20_000
    shutil.rmtree(tmp_path / "build", ignore_errors=True)
