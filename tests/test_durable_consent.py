"""A consent change is on disk before the switch or consent screen returns, or fails loudly."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
from homeassistant.util.file import WriteError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.const import DOMAIN, SUBENTRY_CONTACT
from custom_components.digiohjaus.core.consent import DataKind

from .contacts import contact_id, contact_subentry
from .durability import audit_entries, consent_from_audit, crash_and_start, on_disk

LIISA_SWITCH = "switch.worker_liisa_consent_to_share"


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa may know about calls and check-ins."""
    return [contact_subentry("Liisa", kinds={DataKind.CALLS, DataKind.CHECK_IN})]


def _defaults(result: Any) -> dict[str, Any]:
    return {str(key): key.default() for key in result["data_schema"].schema}


async def _switch(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call("switch", service, {"entity_id": LIISA_SWITCH}, blocking=True)


def _switch_state(hass: HomeAssistant) -> tuple[str, list[str]]:
    state = hass.states.get(LIISA_SWITCH)
    assert state is not None
    return state.state, state.attributes["kinds"]


async def _assert_audit_agrees(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    replayed = consent_from_audit(await audit_entries(hass, entry))
    on, kinds = _switch_state(hass)
    assert replayed[contact_id(entry, "Liisa")] == (on == "on", kinds)


@pytest.mark.parametrize("actions", [["turn_off"], ["turn_off", "turn_on"]])
async def test_a_consent_change_survives_a_crash_right_after_the_switch(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hass_storage: dict[str, Any],
    actions: list[str],
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    saved_config = {liisa: dict(loaded_hub.subentries[liisa].data)}
    for action in actions:
        await _switch(hass, action)
    expected = _switch_state(hass)
    disk = on_disk(hass_storage)

    # Killed before Home Assistant wrote the config entry: its copy is the old one.
    await crash_and_start(hass, loaded_hub, hass_storage, disk, saved_config)

    assert _switch_state(hass) == expected
    await _assert_audit_agrees(hass, loaded_hub)


async def test_a_narrowed_consent_survives_a_crash_right_after_the_consent_screen(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    saved_config = {liisa: dict(loaded_hub.subentries[liisa].data)}
    async_mock_service(hass, "notify", "mobile_app_liisa")
    result = await hass.config_entries.subentries.async_init(
        (loaded_hub.entry_id, SUBENTRY_CONTACT),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": liisa},
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], _defaults(result)
    )
    assert result["step_id"] == "consent"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**_defaults(result), "check_in": False}
    )
    assert result["type"] is FlowResultType.ABORT
    disk = on_disk(hass_storage)
    await hass.async_block_till_done()

    await crash_and_start(hass, loaded_hub, hass_storage, disk, saved_config)

    assert _switch_state(hass) == ("on", ["calls"])
    await _assert_audit_agrees(hass, loaded_hub)


def failing_writes(suffix: str) -> Any:
    """Patch the stores so that writing a store whose key ends with ``suffix`` fails."""
    written = Store._async_write_data

    async def _write(store: Store[Any], data: dict[str, Any]) -> None:
        if store.key.endswith(suffix):
            raise WriteError("No space left on device")
        await written(store, data)

    return patch.object(Store, "_async_write_data", new=_write)


async def test_a_failed_save_is_an_error_and_a_repair_not_a_withdrawal(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    with (
        failing_writes(".consent"),
        pytest.raises(HomeAssistantError) as err,
    ):
        await _switch(hass, "turn_off")

    assert err.value.translation_key == "save_failed_consent"
    assert _switch_state(hass) == ("on", ["check_in", "calls"])
    issue = ir.async_get(hass).async_get_issue(DOMAIN, "save_failed_consent")
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["path"].endswith(
        f"{DOMAIN}.{loaded_hub.entry_id}.consent"
    )
    replayed = consent_from_audit(await audit_entries(hass, loaded_hub))
    assert replayed[contact_id(loaded_hub, "Liisa")] == (True, ["check_in", "calls"])

    # The disk has room again: the next tap works and the repair goes away.
    await _switch(hass, "turn_off")
    assert _switch_state(hass)[0] == "off"
    assert ir.async_get(hass).async_get_issue(DOMAIN, "save_failed_consent") is None
