"""Shared fixtures: a Helsinki-time Home Assistant with digiohjaus available."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Event, HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.digiohjaus.const import (
    CONF_ALIAS,
    CONF_CHECK_IN_DEADLINE,
    CONF_LANGUAGE,
    CONF_LAST_VISIT,
    CONF_ROLE,
    CONF_VISIT_INTERVAL_DAYS,
    DOMAIN,
    EVENT_CALL,
    EVENT_ESCALATION,
    HUB_UNIQUE_ID,
    ROLE_HUB,
)

from .care import mock_phones

TIME_ZONE = "Europe/Helsinki"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/digiohjaus in every test."""


@pytest.fixture(autouse=True)
async def helsinki_time(hass: HomeAssistant) -> None:
    """The clients live in Europe/Helsinki, daylight saving days included."""
    await hass.config.async_set_time_zone(TIME_ZONE)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots as Home Assistant writes them (``snapshots/*.ambr``; random ids left out)."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def hub_data() -> dict[str, Any]:
    """The hub's identity as the config flow stores it."""
    return {CONF_ROLE: ROLE_HUB, CONF_ALIAS: "Maija", CONF_LANGUAGE: "fi"}


@pytest.fixture
def hub_options() -> dict[str, Any]:
    """The hub's settings as the config flow stores them."""
    return {
        CONF_CHECK_IN_DEADLINE: "12:00:00",
        CONF_VISIT_INTERVAL_DAYS: 180,
        CONF_LAST_VISIT: "2026-11-01",
    }


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """The hub's subentries (contacts, reminders …); override in a test module to add some."""
    return []


@pytest.fixture
def hub_entry(
    hass: HomeAssistant,
    hub_data: dict[str, Any],
    hub_options: dict[str, Any],
    hub_subentries: list[ConfigSubentryData],
) -> MockConfigEntry:
    """A client home hub entry, added to Home Assistant but not yet set up."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Maija",
        data=hub_data,
        options=hub_options,
        unique_id=HUB_UNIQUE_ID,
        version=1,
        minor_version=1,
        subentries_data=hub_subentries,
    )
    entry.add_to_hass(hass)
    return entry


@pytest.fixture
async def loaded_hub(hass: HomeAssistant, hub_entry: MockConfigEntry) -> MockConfigEntry:
    """The client home hub, set up and running."""
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    return hub_entry


@pytest.fixture
def phones(hass: HomeAssistant) -> dict[str, list[ServiceCall]]:
    """The Companion apps of Maija's contacts (tests/care.py), recording what they receive."""
    return mock_phones(hass)


@pytest.fixture
def ladder(hass: HomeAssistant) -> list[Event]:
    """Every ``digiohjaus_escalation`` event fired."""
    return async_capture_events(hass, EVENT_ESCALATION)


@pytest.fixture
def calls(hass: HomeAssistant) -> list[Event]:
    """Every ``digiohjaus_call`` event fired."""
    return async_capture_events(hass, EVENT_CALL)
