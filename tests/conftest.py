"""Shared test set-up: a home of the session's own, and every test gets its own config and data
folders and a fixed desk id."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

# Before anything imports Qt (see docs/architecture.md, 9).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The suite never touches the user's home: whatever reads HOME or XDG_* (QSettings, platformdirs,
# Qt's file dialogs, fontconfig, PyInstaller's cache), here or in a process a test starts (they
# inherit this environment), finds a throwaway home instead. Set before anything is imported.
REAL_HOME = os.environ.get("HOME", "")
SESSION_HOME = tempfile.mkdtemp(prefix="expo-console-tests-home-")
os.environ["EXPO_CONSOLE_TESTS_REAL_HOME"] = os.environ.get("EXPO_CONSOLE_TESTS_REAL_HOME", REAL_HOME)
for _variable, _folder in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                           ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
    os.environ[_variable] = os.path.join(SESSION_HOME, _folder) if _folder else SESSION_HOME

# The command line and the window, as other processes, sign in as the demo events' organizer (the
# suite's event files have them too: see the `store` fixture).
os.environ["EXPO_CONSOLE_OPERATOR"], os.environ["EXPO_CONSOLE_PIN"] = "organizer", "0000"

# This checkout's code, here and in every child process, wherever pytest was started from (see
# pytest_configure: the tests themselves run in a folder of their own).
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, os.environ.get("PYTHONPATH")) if p)

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from event_templates import EventTemplates  # noqa: E402

from expo_console.services.events import EventDetails, create_event  # noqa: E402
from expo_console.storage.connection import EventStore  # noqa: E402
from hub_support import hub_folder  # noqa: E402, F401  (a fixture of every tier: a hub's folder)
from support import DEMO_ORGANIZER, DEMO_PIN, TEST_STAMP  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("EXPO_CONSOLE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("EXPO_CONSOLE_DESK_ID", TEST_STAMP.desk_id)
    monkeypatch.setenv("EXPO_CONSOLE_OPERATOR", DEMO_ORGANIZER)
    monkeypatch.setenv("EXPO_CONSOLE_PIN", DEMO_PIN)


@pytest.fixture(scope="session")
def event_templates(tmp_path_factory: pytest.TempPathFactory) -> EventTemplates:
    """Demo events built once per session; a test takes a copy (`.demo(...).copy_to(path)`)."""
    return EventTemplates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    return tmp_path / "event.expo"


@pytest.fixture
def store(event_path: Path) -> Iterator[EventStore]:
    """A fresh, empty event file for one test, with its first organizer (the command line, as
    another process, signs in as them); the test works as TEST_STAMP."""
    opened = create_event(event_path, EventDetails("테스트 전시회", "2022-10-04", "2022-10-07",
                                                   name_en="Test Expo"), TEST_STAMP, organizer=(DEMO_ORGANIZER, DEMO_PIN))
    opened.stamp = TEST_STAMP
    yield opened
    opened.close()


@pytest.hookimpl(trylast=True)  # after pytest has made its own paths (--basetemp, reports) absolute
def pytest_configure(config: pytest.Config) -> None:
    """Collect and run in an empty folder, not where pytest was started: a test (or a module, as it
    is imported) that opens a file by a relative path such as resources/... fails at once, instead
    of only when someone runs the suite from another folder.

    Under pytest-xdist (make test) the controller stays where it was started: it runs no test, and
    the workers it starts next begin in its folder and find the suite from there. Each worker is a
    session of its own (this module runs again in it): a home and a work folder of its own."""
    if _is_xdist_controller(config):
        return
    workdir = os.path.join(SESSION_HOME, "work")
    os.makedirs(workdir, exist_ok=True)
    os.chdir(workdir)


def _is_xdist_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and getattr(config.option, "dist", "no") != "no"


def pytest_unconfigure(config: pytest.Config) -> None:
    os.chdir(config.invocation_params.dir)
    shutil.rmtree(SESSION_HOME, ignore_errors=True)
