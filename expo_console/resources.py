"""One place that finds resources/ in a checkout, an installed package or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # PyInstaller one-folder bundle: build_installer.spec copies resources/ there
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    installed = Path(sys.prefix) / "share" / "expo-console" / "resources"
    return installed


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
