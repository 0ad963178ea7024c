"""The test suite leaves the developer's own desk alone: run from a shell with a real home, tests
that write desk preferences, start the command line and the window change nothing in that home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import REPO

# Tests that write what a desk remembers: recent files, the check-in set-up, file folders (and
# Qt's own file-dialog state), the desk's id and key through the command line, the window
# started as `expo-console --screenshot` starts it.
SLICE = (
    "tests/gui/test_main_window.py::test_the_console_started_with_screenshot_paints_the_window_and_quits",
    "tests/gui/test_checkin_station.py::test_both_directions_with_one_key",
    "tests/gui/test_file_dialogs.py::test_save_dialogs_do_not_start_in_the_event_folder",
    "tests/core/test_cli.py::test_demo_and_info_describe_the_smart_biz_expo",
)
EARLIER_PREFERENCES = "[checkin]\nstation=my-own-desk\n\n[files]\nrecent=/home/me/expo.expo\n"


def snapshot(home: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under `home`, with its modification time and size."""
    found = {}
    for path in [home, *home.rglob("*")]:
        status = path.lstat()
        found[str(path.relative_to(home))] = (status.st_mtime_ns, status.st_size)
    return found


def as_a_shell_hands_it(home: Path, tmp: Path) -> dict[str, str]:
    """The environment of `make test` typed in a developer's terminal: no desk or XDG overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXPO_CONSOLE_", "XDG_", "PYTEST_"))}
    tmp.mkdir()
    return {**env, "HOME": str(home), "TMPDIR": str(tmp), "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}


def a_developers_home(home: Path) -> None:
    conf = home / ".config" / "ExpoConsole" / "expo-console.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text(EARLIER_PREFERENCES, encoding="utf-8")
    desk = home / ".config" / "expo-console" / "desk.json"
    desk.parent.mkdir(parents=True)
    desk.write_text('{"desk_id": "my-desk"}', encoding="utf-8")


def test_this_session_runs_in_a_home_of_its_own() -> None:
    real = os.environ["EXPO_CONSOLE_TESTS_REAL_HOME"]
    assert os.environ["HOME"] != real and Path.home() != Path(real)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        assert Path(os.environ[variable]).is_relative_to(os.environ["HOME"])
    from expo_console.services import desk

    # every test has desk folders of its own besides (conftest), outside the real home
    assert not desk.config_dir().is_relative_to(Path.home())
    if Path(real) != Path("/"):  # some containers' HOME
        assert not desk.config_dir().is_relative_to(real)


def test_tests_run_in_an_empty_folder_and_test_this_checkout_wherever_pytest_was_started() -> None:
    """conftest moves the session out of the folder pytest was started in, so that a test opening a
    file by a relative path fails in every run, not only in a run from elsewhere."""
    import expo_console

    assert not Path.cwd().resolve().is_relative_to(REPO)
    assert Path.cwd().resolve().is_relative_to(Path(os.environ["HOME"]).resolve())
    assert Path(expo_console.__file__).resolve().is_relative_to(REPO)
    assert os.environ["PYTHONPATH"].split(os.pathsep)[0] == str(REPO)  # children too


@pytest.mark.slow
def test_a_test_run_from_a_shell_leaves_the_home_untouched(tmp_path: Path) -> None:
    home = tmp_path / "home"
    a_developers_home(home)
    env = as_a_shell_hands_it(home, tmp_path / "tmp")

    # That environment does reach the user's home: the console run from it writes its desk there.
    control = {**env, "HOME": str(tmp_path / "control-home")}
    made = subprocess.run([sys.executable, "-m", "expo_console", "demo", "--db", str(tmp_path / "control.expo"),
                           "--visitors", "0"], env=control, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "control-home" / ".config" / "expo-console" / "desk.json").exists()

    before = snapshot(home)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp",
                          str(tmp_path / "basetemp"), *SLICE], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"{len(SLICE)} passed" in run.stdout
    assert snapshot(home) == before
    assert (home / ".config" / "ExpoConsole" / "expo-console.conf").read_text(encoding="utf-8") == EARLIER_PREFERENCES
    assert not any((tmp_path / "tmp").iterdir()), "the session's home was left behind"

    # Nor did anything reach the real home of this run (another program may change it meanwhile:
    # look for this run's traces, not for changes)
    real = Path(os.environ["EXPO_CONSOLE_TESTS_REAL_HOME"]) / ".config"
    for folder in (real / "ExpoConsole", real / "expo-console"):
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file() and path.stat().st_size < 1_000_000:
                assert str(tmp_path) not in path.read_text(encoding="utf-8", errors="replace"), path
