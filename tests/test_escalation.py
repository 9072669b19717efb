"""The escalation ladder on the hub: missed doses and check-ins, consent per step, restarts."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Event, HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
)

from custom_components.digiohjaus.const import EVENT_CHECK_IN, EVENT_REMINDER
from custom_components.digiohjaus.hub.escalation import escalation_store_key
from custom_components.digiohjaus.hub.storage import ConfirmedStore

from .care import maijas_contacts, received, tick
from .contacts import contact_id, signed

OPEN = "sensor.home_hub_maija_waiting_for_attention"


@pytest.fixture(autouse=True)
def morning(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to("2027-01-10T09:00:00+02:00")


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    return maijas_contacts()


@pytest.fixture
async def checked_in(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    """Maija checked in this morning, so the noon deadline starts no ladder of its own."""
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.home_hub_maija_good"}, blocking=True
    )
    await hass.async_block_till_done()


def _dose(hass: HomeAssistant, entry: MockConfigEntry, status: str, **extra: Any) -> None:
    data = {
        "config_entry_id": entry.entry_id,
        "reminder_id": "med1",
        "kind": "medication",
        "name": "Sertraliini",
        "status": status,
        "due_at": "2027-01-10T08:00:00+02:00",
    }
    hass.bus.async_fire(EVENT_REMINDER, {**data, **extra})


def _open(hass: HomeAssistant) -> str:
    state = hass.states.get(OPEN)
    assert state is not None
    return state.state


async def test_missed_dose_walks_the_ladder_within_consent(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    ladder: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    _dose(hass, loaded_hub, "missed")
    await hass.async_block_till_done()
    # Step 1 at once: the client's own nudge on the tablet; no contact is told.
    assert [e.data for e in ladder] == [
        {"config_entry_id": loaded_hub.entry_id, "reason": "missed_dose", "step": 1}
    ]
    assert _open(hass) == "missed_dose"
    assert received(phones) == {}

    await tick(hass, freezer, "2027-01-10T09:14:59+02:00")
    assert len(ladder) == 1
    await tick(hass, freezer, "2027-01-10T09:15:00+02:00")
    # Step 2, family: Anna without the medicine's name, Ville (consented to names) with it.
    assert received(phones) == {"anna": 1, "ville": 1}
    assert phones["anna"][0].data["title"] == "💊 Maija: kysyisitkö kuulumisia?"
    assert "Sertraliini" not in str(phones["anna"][0].data)
    assert phones["ville"][0].data["message"] == signed(
        "Maija har inte markerat Sertraliini som tagen. Kan du höra efter att allt är bra?", "sv"
    )

    await tick(hass, freezer, "2027-01-10T10:00:00+02:00")
    # Step 3, workers: Liisa (medication consent); Pekka has none for medication.
    assert received(phones) == {"anna": 1, "ville": 1, "liisa": 1}
    assert "Sertraliini" not in str(phones["liisa"][0].data)
    assert [e.data["step"] for e in ladder] == [1, 2, 3]
    assert _open(hass) == "none"


async def test_every_message_is_in_the_audit_log(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    freezer: FrozenDateTimeFactory,
) -> None:
    _dose(hass, loaded_hub, "missed")
    await hass.async_block_till_done()  # step 1 at 09:00
    await tick(hass, freezer, "2027-01-10T09:15:00+02:00")
    page = loaded_hub.runtime_data.audit.page()
    escalations = [e for e in page.entries if e.topic == "escalation"]
    assert {e.contact_id for e in escalations} == {
        contact_id(loaded_hub, "Anna"),
        contact_id(loaded_hub, "Ville"),
    }


@pytest.mark.usefixtures("checked_in")
async def test_dose_taken_late_cancels_the_rest(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    ladder: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    _dose(hass, loaded_hub, "missed")
    await tick(hass, freezer, "2027-01-10T09:10:00+02:00")
    _dose(hass, loaded_hub, "done")
    await hass.async_block_till_done()
    assert _open(hass) == "none"
    await tick(hass, freezer, "2027-01-10T12:00:00+02:00")
    assert [e.data["step"] for e in ladder] == [1]
    assert received(phones) == {}


async def test_other_reminders_and_hubs_do_not_start_the_ladder(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, ladder: list[Event]
) -> None:
    _dose(hass, loaded_hub, "missed", kind="rent")
    _dose(hass, loaded_hub, "missed", config_entry_id="another_hub")
    _dose(hass, loaded_hub, "due")
    hass.bus.async_fire(
        EVENT_CHECK_IN, {"config_entry_id": "another_hub", "status": "missed", "mood": None}
    )
    hass.bus.async_fire(
        EVENT_REMINDER, {"config_entry_id": loaded_hub.entry_id, "kind": "medication"}
    )
    await hass.async_block_till_done()
    assert ladder == []


async def test_the_same_missed_dose_starts_one_ladder(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, ladder: list[Event]
) -> None:
    _dose(hass, loaded_hub, "missed")
    _dose(hass, loaded_hub, "missed")
    await hass.async_block_till_done()
    assert len(ladder) == 1


async def test_fifty_doses_missed_at_once_are_saved_once_before_anyone_hears(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hass_storage: dict[str, Any],
    ladder: list[Event],
) -> None:
    """Fifty medicines at the same hour: one write holds every ladder, before any step."""
    key = escalation_store_key(loaded_hub.entry_id)
    original = ConfirmedStore._async_write_data
    writes: list[tuple[int, int]] = []  # (ladders in the write, steps taken before it)

    async def write(store: ConfirmedStore, data: dict[str, Any]) -> None:
        await original(store, data)
        if store.key == key:
            writes.append((len(hass_storage[key]["data"]["runs"]), len(ladder)))

    with patch.object(ConfirmedStore, "_async_write_data", write):
        for i in range(50):  # as one pass of the reminder engine fires them
            _dose(hass, loaded_hub, "missed", reminder_id=f"med{i}")
        await hass.async_block_till_done()
    assert writes == [(50, 0)]
    assert len(ladder) == 50


async def test_missed_check_in_and_a_late_check_in(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    ladder: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    await tick(hass, freezer, "2027-01-10T12:00:00+02:00")
    assert [e.data["reason"] for e in ladder] == ["missed_check_in"]
    assert _open(hass) == "missed_check_in"
    await tick(hass, freezer, "2027-01-10T12:15:00+02:00")
    # Anna consented to check-ins; Ville did not.
    assert received(phones) == {"anna": 1}
    assert phones["anna"][0].data["message"] == signed(
        "Maija ei ole tänään kertonut voinnistaan. Voisitko kysyä, mitä hänelle kuuluu?"
    )
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.home_hub_maija_ok"}, blocking=True
    )
    await hass.async_block_till_done()
    assert _open(hass) == "none"
    await tick(hass, freezer, "2027-01-10T13:00:00+02:00")
    assert [e.data["step"] for e in ladder] == [1, 2]


@pytest.mark.usefixtures("checked_in")
async def test_quiet_hours_hold_the_steps(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    ladder: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    await tick(hass, freezer, "2027-01-10T21:50:00+02:00")
    _dose(hass, loaded_hub, "missed")
    await hass.async_block_till_done()
    await tick(hass, freezer, "2027-01-10T22:05:00+02:00")
    await tick(hass, freezer, "2027-01-11T07:59:00+02:00")
    assert [e.data["step"] for e in ladder] == [1]
    assert received(phones) == {}
    await tick(hass, freezer, "2027-01-11T08:00:00+02:00")
    assert received(phones) == {"anna": 1, "ville": 1}
    await tick(hass, freezer, "2027-01-11T08:44:00+02:00")
    assert "liisa" not in received(phones)
    await tick(hass, freezer, "2027-01-11T08:45:00+02:00")
    assert received(phones)["liisa"] == 1


async def test_withdrawn_consent_is_respected_mid_ladder(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    freezer: FrozenDateTimeFactory,
) -> None:
    _dose(hass, loaded_hub, "missed")
    await tick(hass, freezer, "2027-01-10T09:10:00+02:00")
    await loaded_hub.runtime_data.contacts.async_withdraw(contact_id(loaded_hub, "Anna"))
    await tick(hass, freezer, "2027-01-10T09:15:00+02:00")
    assert received(phones) == {"ville": 1}


@pytest.mark.usefixtures("checked_in")
async def test_restart_mid_ladder_continues_where_it_was(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    ladder: list[Event],
    freezer: FrozenDateTimeFactory,
) -> None:
    _dose(hass, loaded_hub, "missed")
    await tick(hass, freezer, "2027-01-10T09:10:00+02:00")
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await tick(hass, freezer, "2027-01-10T09:40:00+02:00")
    assert [e.data["step"] for e in ladder] == [1]

    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    # The family step that fell due while the hub was off is taken once, now ...
    assert [e.data["step"] for e in ladder] == [1, 2]
    assert received(phones) == {"anna": 1, "ville": 1}
    await hass.config_entries.async_reload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert [e.data["step"] for e in ladder] == [1, 2]
    # ... and the worker step keeps its 45-minute spacing from then.
    await tick(hass, freezer, "2027-01-10T10:24:00+02:00")
    assert len(ladder) == 2
    await tick(hass, freezer, "2027-01-10T10:25:00+02:00")
    assert [e.data["step"] for e in ladder] == [1, 2, 3]
    # A dose marked taken after the restart still ends a ladder.
    _dose(hass, loaded_hub, "missed", reminder_id="med2")
    await hass.async_block_till_done()
    _dose(hass, loaded_hub, "done", reminder_id="med2")
    await tick(hass, freezer, "2027-01-10T12:00:00+02:00")
    assert [e.data["step"] for e in ladder] == [1, 2, 3, 1]


async def test_removing_the_hub_deletes_its_stored_care_data(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    hass_storage: dict[str, Any],
) -> None:
    _dose(hass, loaded_hub, "missed")
    for button in ("good", "call_my_worker"):
        await hass.services.async_call(
            "button", "press", {"entity_id": f"button.home_hub_maija_{button}"}, blocking=True
        )
    await hass.async_block_till_done()
    keys = {
        f"digiohjaus.{loaded_hub.entry_id}.{name}" for name in ("checkin", "escalation", "call")
    }
    assert keys <= set(hass_storage)
    await hass.config_entries.async_remove(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert not keys & set(hass_storage)


@pytest.mark.parametrize(
    "hub_options",
    [
        {
            "check_in_deadline": "12:00:00",
            "client_notify": ["notify.mobile_app_maija", "notify.gone"],
        }
    ],
)
async def test_the_client_step_nudges_the_clients_own_devices(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phones: dict[str, list[ServiceCall]],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    maija = async_mock_service(hass, "notify", "mobile_app_maija")
    _dose(hass, loaded_hub, "missed")
    await hass.async_block_till_done()
    assert [call.data["title"] for call in maija] == ["💊 Pieni muistutus"]
    assert "Sertraliini" not in str(maija[0].data)
    # A device that is gone is logged without naming it; the ladder goes on.
    assert "A nudge could not be delivered (notify_target_missing)" in caplog.text
    assert "notify.gone" not in caplog.text

    await hass.services.async_call(
        "button", "press", {"entity_id": "button.home_hub_maija_call_my_worker"}, blocking=True
    )
    await tick(hass, freezer, "2027-01-10T09:15:00+02:00")
    nudge = maija[-1].data
    assert nudge["title"] == "📞 Soittopyyntöösi ei ole vielä vastattu"
    assert "soita 112" in nudge["message"]
    assert "09 2525 0111" in nudge["message"]
