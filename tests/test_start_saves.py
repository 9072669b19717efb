"""A hub start writes only what changed; what it resolved is on disk before anyone hears."""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Event, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.digiohjaus.const import EVENT_CHECK_IN, EVENT_ESCALATION
from custom_components.digiohjaus.hub.checkin import checkin_store_key
from custom_components.digiohjaus.hub.escalation import escalation_store_key
from custom_components.digiohjaus.hub.storage import ConfirmedStore

from .care import maijas_contacts


@pytest.fixture(autouse=True)
def morning(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to("2027-01-10T09:00:00+02:00")


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    return maijas_contacts()


@contextlib.contextmanager
def _writes() -> Iterator[list[str]]:
    """The keys of the hub's stores written meanwhile, in order."""
    original = ConfirmedStore._async_write_data
    written: list[str] = []

    async def write(store: ConfirmedStore, data: dict[str, Any]) -> None:
        written.append(store.key.rsplit(".", 1)[-1])
        await original(store, data)

    with patch.object(ConfirmedStore, "_async_write_data", write):
        yield written


async def _restart(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory, at: str
) -> None:
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    freezer.move_to(at)
    async_fire_time_changed(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_a_start_with_nothing_changed_writes_nothing(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    freezer.move_to("2027-01-10T09:30:00+02:00")
    with _writes() as written:
        assert await hass.config_entries.async_setup(loaded_hub.entry_id)
        await hass.async_block_till_done()
    # The check-in store alone is written: how far deadlines were judged (``checked_until``)
    # keeps a deadline moved earlier than now from counting today as missed at the reload.
    assert written == ["checkin"]


async def test_a_check_in_missed_while_off_is_on_disk_before_it_is_announced(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """Off over the noon deadline: the start resolves the miss, saved before anyone hears."""
    seen: list[tuple[str, Any]] = []
    check_in_key = checkin_store_key(loaded_hub.entry_id)
    ladder_key = escalation_store_key(loaded_hub.entry_id)

    @callback
    def on_check_in(event: Event) -> None:
        seen.append(("check_in", hass_storage[check_in_key]["data"]))

    @callback
    def on_step(event: Event) -> None:
        seen.append(("ladder", hass_storage[ladder_key]["data"]["runs"]))

    hass.bus.async_listen(EVENT_CHECK_IN, on_check_in)
    hass.bus.async_listen(EVENT_ESCALATION, on_step)
    before = {key: hass_storage[key]["data"] for key in (check_in_key, ladder_key)}

    await _restart(hass, loaded_hub, freezer, "2027-01-10T13:00:00+02:00")

    assert [what for what, _ in seen] == ["check_in", "ladder"]
    assert seen[0][1] != before[check_in_key]
    assert [run["reason"] for run in seen[1][1]] == ["missed_check_in"]
