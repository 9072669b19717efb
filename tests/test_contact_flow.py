"""Adding and changing a contact: details, then the consent screen; bad input re-shows the form."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.config_flow import DigiohjausConfigFlow
from custom_components.digiohjaus.const import DOMAIN, SUBENTRY_CONTACT
from custom_components.digiohjaus.core.consent import DATA_KINDS

from .contacts import contact_id

NOTHING_TICKED = {str(kind): False for kind in DATA_KINDS}
DETAILS = {
    "name": "  Liisa  ",
    "role": "worker",
    "notify_target": "notify.mobile_app_liisa",
    "phone": "040 123 4567",
    "language": "fi",
}


@pytest.fixture(autouse=True)
def notify_targets(hass: HomeAssistant) -> None:
    """Liisa's Companion app (a notify action) and Pekka's notify entity exist."""
    async_mock_service(hass, "notify", "mobile_app_liisa")
    async_mock_service(hass, "notify", "send_message")
    async_mock_service(hass, "notify", "persistent_notification")
    hass.states.async_set("notify.pekka", "unknown", {"friendly_name": "Pekan puhelin"})


async def _start(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_CONTACT), context={"source": SOURCE_USER}
    )


async def _configure(hass: HomeAssistant, flow_id: str, user_input: dict[str, Any]) -> Any:
    return await hass.config_entries.subentries.async_configure(flow_id, user_input)


def _defaults(result: Any) -> dict[str, Any]:
    return {str(key): key.default() for key in result["data_schema"].schema}


async def test_add_a_contact_with_consent(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to("2026-11-02 10:00:00+02:00")
    result = await _start(hass, loaded_hub)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert _defaults(result)["language"] == "fi"
    # By name, not by id; the hub's own notifications (only a logged-in user sees them) and
    # the notify entities' own action are not targets.
    targets = result["data_schema"].schema["notify_target"].config["options"]
    assert targets == [
        {"value": "notify.mobile_app_liisa", "label": "Liisa"},
        {"value": "notify.pekka", "label": "Pekan puhelin"},
    ]

    result = await _configure(hass, result["flow_id"], DETAILS)
    assert result["step_id"] == "consent"
    assert result["description_placeholders"] == {"name": "Liisa", "alias": "Maija"}
    assert _defaults(result) == NOTHING_TICKED

    result = await _configure(
        hass, result["flow_id"], {**NOTHING_TICKED, "check_in": True, "calls": True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    liisa = contact_id(loaded_hub, "Liisa")
    subentry = loaded_hub.subentries[liisa]
    assert subentry.title == "Liisa"
    assert subentry.data["phone"] == "040 123 4567"
    assert subentry.data["consent"]["kinds"] == ["check_in", "calls"]
    assert subentry.data["consent"]["given_at"] == "2026-11-02T10:00:00+02:00"
    # The hub reloaded: the contact is a device with its consent switch, and audited.
    device = dr.async_get(hass).async_get_device_by_identifier((DOMAIN, liisa), loaded_hub.entry_id)
    assert device is not None
    assert device.name == "Worker – Liisa"
    state = hass.states.get("switch.worker_liisa_consent_to_share")
    assert state is not None
    assert state.state == "on"
    assert state.attributes["kinds"] == ["check_in", "calls"]
    entries = loaded_hub.runtime_data.audit.page().entries
    assert [(e.outcome, e.contact_name, sorted(e.kinds)) for e in entries] == [
        ("consent_given", "Liisa", ["calls", "check_in"])
    ]


async def test_a_contact_with_nothing_ticked_gets_nothing(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    result = await _start(hass, loaded_hub)
    result = await _configure(
        hass,
        result["flow_id"],
        {
            **DETAILS,
            "name": "Pekka",
            "role": "family",
            "notify_target": "notify.pekka",
            "phone": "",
        },
    )
    result = await _configure(hass, result["flow_id"], NOTHING_TICKED)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    pekka = contact_id(loaded_hub, "Pekka")
    assert loaded_hub.subentries[pekka].data["phone"] is None
    assert loaded_hub.runtime_data.messenger.consented_kinds(pekka) == frozenset()
    state = hass.states.get("switch.family_pekka_consent_to_share")
    assert state is not None
    assert state.state == "off"
    assert len(loaded_hub.runtime_data.audit) == 0


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"notify_target": "notify.nobody"}, "notify_target", "notify_target_unknown"),
        ({"notify_target": "light.kitchen"}, "notify_target", "notify_target_unknown"),
        ({"name": "   "}, "name", "name_empty"),
        ({"name": "L" * 61}, "name", "name_too_long"),
        ({"phone": "soita Liisalle"}, "phone", "phone_invalid"),
        ({"phone": "12"}, "phone", "phone_invalid"),
    ],
)
async def test_bad_input_is_a_translated_error_and_nothing_changes(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    change: dict[str, str],
    field: str,
    error: str,
) -> None:
    result = await _start(hass, loaded_hub)
    result = await _configure(hass, result["flow_id"], {**DETAILS, **change})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {field: error}
    assert _defaults(result)[field] == {**DETAILS, **change}[field]
    assert loaded_hub.subentries == {}
    # Correcting the field moves on to the consent screen.
    result = await _configure(hass, result["flow_id"], DETAILS)
    assert result["step_id"] == "consent"


def test_only_a_client_home_hub_has_contacts(hass: HomeAssistant) -> None:
    follow = MockConfigEntry(domain=DOMAIN, data={"role": "follow"})
    assert DigiohjausConfigFlow.async_get_supported_subentry_types(follow) == {}
