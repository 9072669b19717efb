"""Pairing through the broker, and what the worker then sees."""

from __future__ import annotations

import json

from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.digiohjaus.const import DOMAIN, SUBENTRY_SHARE_TOKEN
from custom_components.digiohjaus.core.link.pairing import parse_pair_code

from ..contacts import contact_id
from .conftest import pairing_code, wait_until
from .mosquitto import Mosquitto

MOOD = "sensor.client_maija_wellbeing"
CHECKED_IN = "binary_sensor.client_maija_checked_in_today"


async def test_pair_and_share(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, follower: MockConfigEntry
) -> None:
    assert follower.title == "Maija"
    assert hass.states.get(CHECKED_IN).state == "off"
    await hass.services.async_call(
        DOMAIN,
        "check_in",
        {"config_entry_id": loaded_hub.entry_id, "mood": 4, "note": "Nukuin hyvin"},
        blocking=True,
    )
    await wait_until(hass, lambda: hass.states.get(MOOD).state == "4")
    assert hass.states.get(CHECKED_IN).state == "on"
    assert hass.states.get(MOOD).attributes["note"] == "Nukuin hyvin"


async def test_diagnostics_keep_the_broker_credentials_and_ids_out(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    follower: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    hub = await get_diagnostics_for_config_entry(hass, hass_client, loaded_hub)
    worker = await get_diagnostics_for_config_entry(hass, hass_client, follower)
    text = json.dumps([hub, worker])
    for secret in ("hub-secret-1", "worker-secret-2", "BEGIN CERTIFICATE", "127.0.0.1"):
        assert secret not in text
    assert follower.data["hub_link_id"] not in text
    assert hub["broker_link"]["paired_workers"] == 1
    assert hub["broker_link"]["connected"] is True
    assert worker["broker_link"]["rejected"] == 0


async def test_a_pushed_client_has_no_poll_interval_to_set(
    hass: HomeAssistant, follower: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(follower.entry_id)
    assert [str(key) for key in result["data_schema"].schema] == ["no_contact_days"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"no_contact_days": 5}
    )
    assert follower.options["no_contact_days"] == 5
    await hass.async_block_till_done()
    await wait_until(hass, lambda: follower.runtime_data.coordinator.data is not None)
    # The sensor keeps its entity id and says the new number of days in its name.
    state = hass.states.get("binary_sensor.client_maija_no_contact_for_3_days")
    assert state is not None
    assert "5" in state.attributes["friendly_name"]


async def test_a_worker_with_a_share_token_can_be_paired_too(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, mosquitto: Mosquitto
) -> None:
    """Liisa reads over HTTP from the office and gets the live link too."""
    result = await hass.config_entries.subentries.async_init(
        (loaded_hub.entry_id, SUBENTRY_SHARE_TOKEN), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"contact_id": contact_id(loaded_hub, "Liisa")}
    )
    await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    await wait_until(hass, lambda: loaded_hub.runtime_data.link.session.connected)
    code = await pairing_code(hass, loaded_hub, "Liisa")
    assert parse_pair_code(code).hub_id == loaded_hub.runtime_data.link.identity.link_id
