"""End-to-end fixtures: a private Xvfb display per test."""

from __future__ import annotations

from e2e_support import display  # noqa: F401 - the fixture
