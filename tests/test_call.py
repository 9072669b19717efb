"""'Call my worker': the request, the answer from the phone or the action, and no answer."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Event, HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.hub.delivery import MOBILE_APP_ACTION_EVENT

from .care import maijas_contacts, received, tick
from .contacts import contact_subentry, signed

STATUS = "sensor.home_hub_maija_call_request"
BUTTON = "button.home_hub_maija_call_my_worker"


@pytest.fixture(autouse=True)
def morning(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to("2027-01-10T09:00:00+02:00")


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    return maijas_contacts()


def _status(hass: HomeAssistant) -> str:
    state = hass.states.get(STATUS)
    assert state is not None
    return state.state


async def _tap(hass: HomeAssistant) -> None:
    await hass.services.async_call("button", "press", {"entity_id": BUTTON}, blocking=True)
    await hass.async_block_till_done()


async def test_tap_asks_the_workers_who_consented_to_calls(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    calls: list[Event],
) -> None:
    assert _status(hass) == "idle"
    await _tap(hass)

    assert _status(hass) == "requested"
    assert received(phones) == {"liisa": 1}  # Pekka has not got consent for calls
    message = phones["liisa"][0].data
    assert message["title"] == "📞 Maija toivoo soittoa"
    assert message["data"]["actions"][0]["title"] == "Soitan sinulle"
    assert [e.data for e in calls] == [
        {"config_entry_id": loaded_hub.entry_id, "status": "requested"}
    ]


async def test_tapping_again_within_five_minutes_sends_nothing_new(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    calls: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    await _tap(hass)
    await tick(hass, freezer, "2027-01-10T09:04:59+02:00")
    await _tap(hass)
    await hass.services.async_call(
        DOMAIN, "request_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
    )
    assert received(phones) == {"liisa": 1}
    # After five minutes a tap reminds the worker, without starting the wait over.
    await tick(hass, freezer, "2027-01-10T09:05:00+02:00")
    await _tap(hass)
    assert received(phones) == {"liisa": 2}
    assert phones["liisa"][1].data["message"] == signed("Maija odottaa yhä soittoasi.")
    assert [e.data["status"] for e in calls] == ["requested"]


async def test_answer_from_the_workers_phone_shows_on_the_tablet_at_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    *,
    phones: dict[str, list[ServiceCall]],
    calls: list[Event],
    ladder: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    await _tap(hass)
    action = phones["liisa"][0].data["data"]["actions"][0]["action"]
    await tick(hass, freezer, "2027-01-10T09:03:00+02:00")

    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": action})
    await hass.async_block_till_done()

    assert _status(hass) == "acknowledged"
    assert [e.data["status"] for e in calls] == ["requested", "acknowledged"]
    # No one is asked further, and the status rests after an hour.
    await tick(hass, freezer, "2027-01-10T09:30:00+02:00")
    assert ladder == []
    assert received(phones) == {"liisa": 1}
    await tick(hass, freezer, "2027-01-10T10:03:00+02:00")
    assert _status(hass) == "idle"
    assert [e.data["status"] for e in calls] == ["requested", "acknowledged", "idle"]


async def test_answer_by_the_action(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, phones: dict[str, list[ServiceCall]]
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "acknowledge_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
        )
    assert err.value.translation_key == "no_call_request"

    await hass.services.async_call(
        DOMAIN, "request_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
    )
    await hass.services.async_call(
        DOMAIN, "acknowledge_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
    )
    assert _status(hass) == "acknowledged"


async def test_a_stale_answer_to_an_old_request_is_ignored(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    freezer: FrozenDateTimeFactory,
) -> None:
    await _tap(hass)
    old_action = phones["liisa"][0].data["data"]["actions"][0]["action"]
    await hass.services.async_call(
        DOMAIN, "acknowledge_call", {"config_entry_id": loaded_hub.entry_id}, blocking=True
    )
    await tick(hass, freezer, "2027-01-10T11:00:00+02:00")
    await _tap(hass)
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": old_action})
    await hass.async_block_till_done()
    assert _status(hass) == "requested"


async def test_no_answer_escalates_to_the_next_contacts_and_the_crisis_path(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    *,
    phones: dict[str, list[ServiceCall]],
    calls: list[Event],
    ladder: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    await _tap(hass)
    await tick(hass, freezer, "2027-01-10T09:14:59+02:00")
    assert _status(hass) == "requested"

    await tick(hass, freezer, "2027-01-10T09:15:00+02:00")
    assert _status(hass) == "escalated"  # the tablet puts the crisis path in front
    assert [e.data for e in ladder] == [
        {"config_entry_id": loaded_hub.entry_id, "reason": "unanswered_call", "step": 1}
    ]
    assert received(phones) == {"liisa": 1}  # step 1 is the client's own nudge

    await tick(hass, freezer, "2027-01-10T09:30:00+02:00")
    # Family who consented to calls (Anna); Ville has not.
    assert received(phones) == {"liisa": 1, "anna": 1}
    anna = phones["anna"][0].data
    assert anna["message"] == signed(
        "Maija pyysi soittoa, eikä kukaan ole vielä vastannut. Voisitko soittaa hänelle?"
    )

    # Anna answers from her phone: the tablet shows it and the worker step is not taken.
    hass.bus.async_fire(MOBILE_APP_ACTION_EVENT, {"action": anna["data"]["actions"][0]["action"]})
    await hass.async_block_till_done()
    assert _status(hass) == "acknowledged"
    await tick(hass, freezer, "2027-01-10T10:29:00+02:00")
    assert [e.data["step"] for e in ladder] == [1, 2]
    assert [e.data["status"] for e in calls] == ["requested", "escalated", "acknowledged"]


async def test_call_requests_are_not_held_by_quiet_hours(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    ladder: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    await tick(hass, freezer, "2027-01-10T23:00:00+02:00")
    await _tap(hass)
    assert received(phones) == {"liisa": 1}
    await tick(hass, freezer, "2027-01-10T23:15:00+02:00")
    await tick(hass, freezer, "2027-01-10T23:30:00+02:00")
    await tick(hass, freezer, "2027-01-11T00:15:00+02:00")
    assert [e.data["step"] for e in ladder] == [1, 2, 3]
    # The worker step at +60 min goes to Liisa again (Pekka has no consent for calls).
    assert received(phones) == {"liisa": 2, "anna": 1}


async def test_escalated_request_rests_after_twelve_hours(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    freezer: FrozenDateTimeFactory,
) -> None:
    await _tap(hass)
    await tick(hass, freezer, "2027-01-10T09:15:00+02:00")
    await tick(hass, freezer, "2027-01-10T21:15:00+02:00")
    assert _status(hass) == "idle"


async def test_restart_while_waiting_escalates_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    calls: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    await _tap(hass)
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await tick(hass, freezer, "2027-01-10T09:20:00+02:00")
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert _status(hass) == "escalated"
    await hass.config_entries.async_reload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert [e.data["status"] for e in calls] == ["requested", "escalated"]
    assert _status(hass) == "escalated"


@pytest.mark.parametrize(
    "hub_subentries",
    [[contact_subentry("Pekka", "worker", kinds={DataKind.CHECK_IN})]],
)
async def test_no_worker_to_ask_goes_straight_to_the_crisis_path(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    calls: list[Event],
    ladder: list[Event],
) -> None:
    await _tap(hass)
    assert _status(hass) == "escalated"
    assert [e.data["status"] for e in calls] == ["requested", "escalated"]
    assert [e.data["reason"] for e in ladder] == ["unanswered_call"]
    assert received(phones) == {}
