"""Helpers for end-to-end tests: an Xvfb display, xdotool, screenshots, the clipboard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "xdotool", "xclip", "import")


@dataclass
class Display:
    name: str
    env: dict[str, str]

    def xdotool(self, *args: str, timeout: float = 30) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                                timeout=timeout, check=True)
        return result.stdout.strip()

    def screenshot(self, path: Path) -> Path:
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30)
        return path

    def clipboard(self) -> str:
        return subprocess.run(["xclip", "-o", "-selection", "clipboard"], env=self.env,
                              capture_output=True, text=True, timeout=10).stdout


@pytest.fixture
def display(tmp_path: Path) -> Iterator[Display]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"end-to-end tools missing on CI: {missing} (make test installs them)")
        pytest.skip(f"needs {missing}; run 'make test' to install them")
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    number = server.stdout.readline().strip()  # type: ignore[union-attr]
    env = {**os.environ, "DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb",
           "EXPO_CONSOLE_CONFIG_DIR": str(tmp_path / "config"),
           "EXPO_CONSOLE_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    try:
        yield Display(f":{number}", env)
    finally:
        server.terminate()
        server.wait(timeout=10)


def start_console(display: Display, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "expo_console", *args], env=display.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop_console(console: subprocess.Popen[str]) -> None:
    console.terminate()
    try:
        console.wait(timeout=10)
    except subprocess.TimeoutExpired:
        console.kill()


def wait_for_window(display: Display, title_part: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = display.xdotool("search", "--onlyvisible", "--name", title_part, timeout=5)
        except subprocess.CalledProcessError:
            found = ""
        if found:
            return found.splitlines()[0]
        time.sleep(0.2)
    raise AssertionError(f"no window titled '*{title_part}*' within {timeout} s")
