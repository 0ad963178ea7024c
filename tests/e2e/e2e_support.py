"""Helpers for end-to-end tests: an Xvfb display, xdotool, screenshots, the clipboard, and waits on
what the screen or the file shows (never a fixed sleep: a loaded machine is slower, a fast one
would wait for nothing)."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy
import pytest
from PIL import Image

TOOLS = ("Xvfb", "xdotool", "xclip", "import")
FOCUS_FRAME = (0x26, 0x70, 0x9E)  # the Fusion style's frame around the text field with the keyboard focus
Box = tuple[int, int, int, int]


@dataclass
class Display:
    name: str
    env: dict[str, str]

    def xdotool(self, *args: str, timeout: float = 30) -> str:
        if args[:1] == ("type",):
            bind_keys(self.name, args[-1])
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                                timeout=timeout, check=True)
        return result.stdout.strip()

    def screenshot(self, path: Path) -> Path:
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30)
        return path

    def clipboard(self) -> str:
        return subprocess.run(["xclip", "-o", "-selection", "clipboard"], env=self.env,
                              capture_output=True, text=True, timeout=10).stdout


def bind_keys(display: str, text: str) -> None:
    """Give every character of `text` that the display's keyboard lacks (Hangul, on Xvfb's US map)
    a key of its own, for as long as the display runs, before xdotool types it.

    xdotool types such a character by binding it to a spare key, pressing the key and unbinding it
    at once; the window reads the new keyboard map only when it gets to the press, and under load
    the unbinding has come first: the character is lost or another one comes out (about one word
    in ten on a busy machine). Keys bound beforehand are found in the map and never rebound. One
    spare key is left for xdotool. (The binding lasts while a client is connected: Xvfb resets
    its keyboard when the last one leaves; the console being typed into is one.)"""
    wanted = [ord(ch) if 0x20 <= ord(ch) <= 0xFF else 0x1000000 + ord(ch) for ch in dict.fromkeys(text)]
    if all(keysym < 0x80 for keysym in wanted):
        return
    try:
        xlib = ctypes.cdll.LoadLibrary("libX11.so.6")
    except OSError:
        return  # xdotool binds as it types, as before
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDisplayKeycodes.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int)]
    xlib.XGetKeyboardMapping.restype = ctypes.POINTER(ctypes.c_ulong)
    xlib.XGetKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_ubyte, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    xlib.XChangeKeyboardMapping.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                            ctypes.POINTER(ctypes.c_ulong), ctypes.c_int]
    xlib.XFree.argtypes = [ctypes.c_void_p]
    xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    connection = xlib.XOpenDisplay(display.encode())
    if not connection:
        return
    try:
        low, high = ctypes.c_int(), ctypes.c_int()
        xlib.XDisplayKeycodes(connection, ctypes.byref(low), ctypes.byref(high))
        per_key = ctypes.c_int()
        count = high.value - low.value + 1
        table = xlib.XGetKeyboardMapping(connection, low.value, count, ctypes.byref(per_key))
        keys = [[table[key * per_key.value + level] for level in range(per_key.value)] for key in range(count)]
        xlib.XFree(table)
        present = {keysym for levels in keys for keysym in levels}
        spare = [low.value + key for key, levels in enumerate(keys) if not any(levels)][1:]  # xdotool's: the lowest
        for keycode, keysym in zip(reversed(spare), (k for k in wanted if k not in present), strict=False):
            xlib.XChangeKeyboardMapping(connection, keycode, 2, (ctypes.c_ulong * 2)(keysym, keysym), 1)
        xlib.XSync(connection, 0)
    finally:
        xlib.XCloseDisplay(connection)


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


def wait_until(condition: Callable[[], object], timeout: float = 20, interval: float = 0.1) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds passed (its last answer)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


def wait_for_window(display: Display, title_part: str, timeout: float = 30,
                    console: subprocess.Popen[str] | None = None) -> str:
    """The id of the visible window whose title has `title_part`; a console that ended is reported
    with what it printed, at once."""
    found: list[str] = []

    def shown() -> bool:
        if console is not None and console.poll() is not None:
            raise AssertionError(f"the console ended ({console.returncode}) before its window showed: "
                                 f"{console.stderr.read()[-2000:] if console.stderr else ''}")
        try:
            found[:] = display.xdotool("search", "--onlyvisible", "--name", title_part, timeout=5).splitlines()
        except subprocess.CalledProcessError:
            found.clear()
        return bool(found)

    if not wait_until(shown, timeout, interval=0.2):
        raise AssertionError(f"no window titled '*{title_part}*' within {timeout} s")
    return found[0]


def screen(display: Display, folder: Path) -> numpy.ndarray:
    """The whole screen now, as an array of RGB pixels (the shot is kept in `folder` to look at)."""
    folder.mkdir(exist_ok=True)
    shot = display.screenshot(folder / f"{time.monotonic():.3f}.png")
    return numpy.asarray(Image.open(shot).convert("RGB"))


def box_of(pixels: numpy.ndarray, colour: tuple[int, int, int], at_least: int = 1) -> Box | None:
    """The bounding box (left, top, right, bottom) of the pixels of `colour`, when there are enough."""
    ys, xs = numpy.nonzero(numpy.all(pixels == colour, axis=-1))
    if len(xs) < at_least:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def wait_for_focus_frame(display: Display, folder: Path, *, at: Box | None = None, not_at: Box | None = None,
                         timeout: float = 30) -> Box:
    """Wait until a text field shows the keyboard focus (Fusion frames it in the highlight colour;
    nothing else on the console's screens has that colour): anywhere, `at` a box, or `not_at` one.
    A window that is still loading, or a field that has not taken the focus yet, has no frame."""
    seen: list[Box] = []

    def framed() -> bool:
        box = box_of(screen(display, folder), FOCUS_FRAME, at_least=100)
        seen[:] = [box] if box else []
        return box is not None and (at is None or box == at) and (not_at is None or box != not_at)

    assert wait_until(framed, timeout), f"no field took the keyboard focus (at {at}, not at {not_at}): {seen}"
    return seen[0]


def wait_until_settled(display: Display, folder: Path, before: numpy.ndarray, *, ignore: Box,
                       timeout: float = 20) -> numpy.ndarray:
    """Wait until the screen has changed from `before` and then stays the same between two shots,
    outside the box `ignore` (the focused field, where the cursor blinks)."""
    def outside(pixels: numpy.ndarray) -> numpy.ndarray:
        left, top, right, bottom = ignore
        masked = pixels.copy()
        masked[top:bottom + 1, left:right + 1] = 0
        return masked

    shots = [outside(before)]

    def settled() -> bool:
        shots.append(outside(screen(display, folder)))
        return not numpy.array_equal(shots[-1], shots[0]) and numpy.array_equal(shots[-1], shots[-2])

    assert wait_until(settled, timeout), "the screen did not change, or did not settle"
    return shots[-1]
