"""A check-in, a call request and a consent screen that cannot be saved fail loudly."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_mock_service,
)

from custom_components.digiohjaus.const import DOMAIN, EVENT_CALL, EVENT_CHECK_IN
from custom_components.digiohjaus.core.consent import DataKind

from .contacts import contact_id, contact_subentry
from .test_durable_consent import failing_writes


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa, who may hear about calls."""
    return [contact_subentry("Liisa", kinds={DataKind.CALLS, DataKind.CHECK_IN})]


async def _press(hass: HomeAssistant, button: str) -> None:
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)


async def test_a_check_in_that_cannot_be_saved_is_not_recorded(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    events = async_capture_events(hass, EVENT_CHECK_IN)
    with failing_writes(".checkin"), pytest.raises(HomeAssistantError) as err:
        await _press(hass, "button.home_hub_maija_good")

    assert err.value.translation_key == "save_failed_check_in"
    assert events == []
    assert loaded_hub.runtime_data.checkin.today_check_in is None
    assert ir.async_get(hass).async_get_issue(DOMAIN, "save_failed_check_in") is not None


async def test_a_call_request_that_cannot_be_saved_reaches_nobody(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    phone = async_mock_service(hass, "notify", "mobile_app_liisa")
    events = async_capture_events(hass, EVENT_CALL)
    with failing_writes(".call"), pytest.raises(HomeAssistantError) as err:
        await _press(hass, "button.home_hub_maija_call_my_worker")

    assert err.value.translation_key == "save_failed_call"
    assert (events, phone) == ([], [])
    state = hass.states.get("sensor.home_hub_maija_call_request")
    assert state is not None
    assert state.state == "idle"
    assert ir.async_get(hass).async_get_issue(DOMAIN, "save_failed_call") is not None


async def test_a_consent_screen_that_cannot_be_saved_shows_an_error(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    async_mock_service(hass, "notify", "mobile_app_liisa")
    liisa = contact_id(loaded_hub, "Liisa")
    result = await hass.config_entries.subentries.async_init(
        (loaded_hub.entry_id, "contact"),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": liisa},
    )
    details = {str(key): key.default() for key in result["data_schema"].schema}
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], details)
    kinds = {str(key): key.default() for key in result["data_schema"].schema}
    with failing_writes(".consent"):
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**kinds, "check_in": False}
        )

    assert result["type"] == "form"
    assert result["errors"] == {"base": "save_failed"}
    state = hass.states.get("switch.worker_liisa_consent_to_share")
    assert state is not None
    assert state.attributes["kinds"] == ["check_in", "calls"]
