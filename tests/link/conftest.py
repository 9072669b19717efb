"""A client's hub and a worker's Home Assistant linked through a real Mosquitto.

Both roles run in one Home Assistant (as in the HTTP follow tests): the hub's entry connects
as broker user ``hub``, the worker's follow entry as ``worker``; nothing passes between
them except through the broker.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Callable
from pathlib import Path
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.const import CONF_BROKER, DOMAIN, SUBENTRY_WORKER_LINK
from custom_components.digiohjaus.core.consent import DataKind

from ..contacts import contact_id, contact_subentry
from .mosquitto import PASSWORDS, Mosquitto

LIISA_KINDS = frozenset(
    {DataKind.CHECK_IN, DataKind.MOOD, DataKind.MEDICATION, DataKind.CALLS, DataKind.ACTIVITY}
)


def broker_input(broker: Mosquitto, user: str) -> dict[str, Any]:
    """The broker form as the organisation's credentials fill it."""
    return {
        "host": "127.0.0.1",
        "port": broker.port,
        "tls": True,
        "ca_certificate": broker.ca_pem,
        "username": user,
        "password": PASSWORDS[user],
        "topic_prefix": "digiohjaus",
    }


async def wait_until(
    hass: HomeAssistant, condition: Callable[[], object], seconds: float = 15.0
) -> None:
    """Let the loop run (real time, real broker) until ``condition()`` is true."""
    async with asyncio.timeout(seconds):
        while not condition():
            await asyncio.sleep(0.02)
            await hass.async_block_till_done()


@pytest.fixture
async def mosquitto(
    hass: HomeAssistant, socket_enabled: None, tmp_path: Path
) -> AsyncGenerator[Mosquitto]:
    """A running broker of the test's own; the hub and the worker leave before it stops."""
    broker = Mosquitto(tmp_path)
    broker.configure()
    broker.start()
    yield broker
    for entry in hass.config_entries.async_entries(DOMAIN):
        if entry.state is ConfigEntryState.LOADED:
            await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    broker.stop()


@pytest.fixture(autouse=True)
def notify_targets(hass: HomeAssistant) -> None:
    """Liisa's and Pekka's Companion apps exist."""
    async_mock_service(hass, "notify", "mobile_app_liisa")
    async_mock_service(hass, "notify", "mobile_app_pekka")


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa (worker) may know check-ins, mood, medication, calls and activity; Pekka is family."""
    return [
        contact_subentry("Liisa", "worker", kinds=LIISA_KINDS),
        contact_subentry("Pekka", "family", kinds={DataKind.MOOD}),
    ]


@pytest.fixture
def hub_options(hub_options: dict[str, Any], mosquitto: Mosquitto) -> dict[str, Any]:
    """The hub's options after the worker set up the organisation's broker."""
    settings = broker_input(mosquitto, "hub")
    return {**hub_options, CONF_BROKER: settings}


async def pairing_code(hass: HomeAssistant, hub: MockConfigEntry, name: str) -> str:
    """Create a worker pairing on the hub through its subentry flow; return the code."""
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, SUBENTRY_WORKER_LINK), context={"source": SOURCE_USER}
    )
    assert result["step_id"] == "user"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"contact_id": contact_id(hub, name)}
    )
    assert result["step_id"] == "code"
    code = str(result["description_placeholders"]["code"])
    done = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert done["type"] is FlowResultType.CREATE_ENTRY
    return code


async def follow_through_broker(
    hass: HomeAssistant, broker: Mosquitto, code: str, user: str = "worker"
) -> dict[str, Any]:
    """The worker adds the client: broker settings (first time only), then the code."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "follow_broker"}
    )
    if result["step_id"] == "follow_broker":
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], broker_input(broker, user)
        )
    assert result["step_id"] == "follow_broker_code", result
    return dict(
        await hass.config_entries.flow.async_configure(result["flow_id"], {"pairing_code": code})
    )


@pytest.fixture
async def follower(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, mosquitto: Mosquitto
) -> MockConfigEntry:
    """Liisa's Home Assistant follows Maija through the broker, with the first snapshot in."""
    await wait_until(hass, lambda: loaded_hub.runtime_data.link.session.connected)
    code = await pairing_code(hass, loaded_hub, "Liisa")
    result = await follow_through_broker(hass, mosquitto, code)
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    entry = result["result"]
    await hass.async_block_till_done()
    await wait_until(hass, lambda: entry.runtime_data.coordinator.data is not None)
    return entry
