"""Changing a contact: details and the consent screen again; only consent changes need no reload."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.const import DOMAIN, SUBENTRY_CONTACT
from custom_components.digiohjaus.core.consent import DATA_KINDS, DataKind

from .contacts import contact_id, contact_subentry

NOTHING_TICKED = {str(kind): False for kind in DATA_KINDS}


@pytest.fixture(autouse=True)
def notify_targets(hass: HomeAssistant) -> None:
    """Liisa's and Pekka's Companion apps exist."""
    async_mock_service(hass, "notify", "mobile_app_liisa")
    async_mock_service(hass, "notify", "mobile_app_pekka")


async def _configure(hass: HomeAssistant, flow_id: str, user_input: dict[str, Any]) -> Any:
    return await hass.config_entries.subentries.async_configure(flow_id, user_input)


def _defaults(result: Any) -> dict[str, Any]:
    return {str(key): key.default() for key in result["data_schema"].schema}


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa, with consent to call requests and check-ins; Pekka, withdrawn."""
    return [
        contact_subentry("Liisa", kinds={DataKind.CALLS, DataKind.CHECK_IN}),
        contact_subentry("Pekka", "family", kinds={DataKind.MOOD}, withdrawn=True),
    ]


async def _reconfigure(hass: HomeAssistant, entry: MockConfigEntry, name: str) -> Any:
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_CONTACT),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": contact_id(entry, name)},
    )


async def test_changing_kinds_goes_through_the_consent_screen(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    runtime = loaded_hub.runtime_data
    result = await _reconfigure(hass, loaded_hub, "Liisa")
    assert result["step_id"] == "reconfigure"
    assert _defaults(result)["name"] == "Liisa"
    result = await _configure(hass, result["flow_id"], _defaults(result))
    assert result["step_id"] == "consent"
    ticked = {kind for kind, value in _defaults(result).items() if value}
    assert ticked == {"calls", "check_in"}

    result = await _configure(hass, result["flow_id"], {**NOTHING_TICKED, "calls": True})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()

    # Only consent changed: no reload, the switch follows at once, the change is audited.
    assert loaded_hub.runtime_data is runtime
    state = hass.states.get("switch.worker_liisa_consent_to_share")
    assert state is not None
    assert state.attributes["kinds"] == ["calls"]
    latest = runtime.audit.page(limit=1).entries[0]
    assert (latest.outcome, sorted(latest.kinds)) == ("consent_changed", ["calls"])


async def test_a_withdrawn_consent_is_given_again_on_the_consent_screen(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    result = await _reconfigure(hass, loaded_hub, "Pekka")
    result = await _configure(hass, result["flow_id"], _defaults(result))
    assert _defaults(result) == NOTHING_TICKED
    result = await _configure(hass, result["flow_id"], {**NOTHING_TICKED, "check_in": True})
    assert result["type"] is FlowResultType.ABORT
    await hass.async_block_till_done()
    pekka = contact_id(loaded_hub, "Pekka")
    assert loaded_hub.runtime_data.messenger.consented_kinds(pekka) == {"check_in"}
    assert loaded_hub.runtime_data.audit.page(limit=1).entries[0].outcome == "consent_given"


async def test_changing_details_renames_the_device(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    result = await _reconfigure(hass, loaded_hub, "Liisa")
    result = await _configure(
        hass, result["flow_id"], {**_defaults(result), "name": "Liisa K", "phone": "+358 9 123 456"}
    )
    result = await _configure(hass, result["flow_id"], _defaults(result))
    assert result["type"] is FlowResultType.ABORT
    await hass.async_block_till_done()

    assert loaded_hub.subentries[liisa].title == "Liisa K"
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, liisa), loaded_hub.entry_id)
    assert device is not None
    assert device.name == "Worker – Liisa K"
    state = hass.states.get("switch.worker_liisa_consent_to_share")
    assert state is not None
    assert state.attributes["tel_uri"] == "tel:+3589123456"
    # The same kinds chosen again is no new consent event.
    assert [e.outcome for e in loaded_hub.runtime_data.audit.page().entries].count(
        "consent_changed"
    ) == 0


async def test_bad_input_on_reconfigure_changes_nothing(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    before = dict(loaded_hub.subentries[liisa].data)
    result = await _reconfigure(hass, loaded_hub, "Liisa")
    result = await _configure(hass, result["flow_id"], {**_defaults(result), "phone": "abc"})
    assert result["errors"] == {"phone": "phone_invalid"}
    assert dict(loaded_hub.subentries[liisa].data) == before
