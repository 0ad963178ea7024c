"""Helpers shared by the test tiers (import as `from support import ...`). No Qt here."""

from __future__ import annotations

from expo_console.storage.connection import Stamp

TEST_STAMP = Stamp(desk_id="desk-test", operator="tester")
