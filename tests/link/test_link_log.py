"""The hub's broker link says once in the log that it went down, and once that it is back."""

from __future__ import annotations

import logging

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import wait_until
from .mosquitto import Mosquitto

LOGGER = "custom_components.digiohjaus.hub.link.hub_link"


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == LOGGER and record.levelno >= logging.INFO
    ]


async def test_a_broker_outage_is_logged_once_and_its_end_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    mosquitto: Mosquitto,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    session = loaded_hub.runtime_data.link.session
    await wait_until(hass, lambda: session.connected)
    assert _lines(caplog) == []

    mosquitto.kill()
    await wait_until(hass, lambda: not session.connected, seconds=30)
    await wait_until(hass, lambda: session.last_error is not None)  # retries fail quietly
    assert _lines(caplog) == ["The broker link is down; the hub keeps working and reconnects"]

    mosquitto.start()
    await wait_until(hass, lambda: session.connected, seconds=30)
    assert _lines(caplog) == [
        "The broker link is down; the hub keeps working and reconnects",
        "The broker link is back",
    ]
    # Nothing of the client or the broker in those lines.
    for line in _lines(caplog):
        for private in ("Maija", "Liisa", "127.0.0.1", str(mosquitto.port)):
            assert private not in line

    # Unloading the hub is a goodbye, not an outage.
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    assert len(_lines(caplog)) == 2
