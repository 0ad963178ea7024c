"""The event settings registry: typed, defaulted, unknown keys refused."""

from __future__ import annotations

import pytest

from expo_console.services import event_settings
from expo_console.services.events import event_settings as all_settings
from expo_console.services.events import set_event_setting
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore


def test_a_setting_reads_its_default_until_written_and_the_write_is_audited(store: EventStore) -> None:
    assert event_settings.get(store, event_settings.BADGE_ROMANIZE) is False
    event_settings.put(store, event_settings.BADGE_ROMANIZE, True)
    assert event_settings.get(store, event_settings.BADGE_ROMANIZE) is True
    assert all_settings(store)["badge_romanize"] is True
    entry = audit_repo.entries(store.conn)[-1]
    assert (entry["action"], entry["detail"]) == ("event_setting", {"key": "badge_romanize", "value": True})


def test_unknown_keys_and_wrong_types_are_refused(store: EventStore) -> None:
    with pytest.raises(event_settings.SettingError, match="no event setting"):
        set_event_setting(store, "badge_romanise", True)
    with pytest.raises(event_settings.SettingError, match="takes a bool"):
        set_event_setting(store, "badge_romanize", 1)
    with pytest.raises(event_settings.SettingError, match="takes a dict"):
        event_settings.put(store, event_settings.CLASS_DAYS, ["2022-10-05"])  # type: ignore[arg-type]
    assert event_settings.get(store, event_settings.CLASS_DAYS) == {}


def test_every_setting_has_a_meaning_and_a_default_of_its_type() -> None:
    for key, setting in event_settings.REGISTRY.items():
        assert key == setting.key and setting.meaning
        assert setting.check(setting.default) == setting.default


def test_defaults_are_not_shared_between_reads(store: EventStore) -> None:
    event_settings.get(store, event_settings.TRAFFIC)["closes_at"] = "17:00"
    assert event_settings.get(store, event_settings.TRAFFIC) == {}
