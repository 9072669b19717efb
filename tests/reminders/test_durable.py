"""What the client confirmed about a reminder is on disk before the button returns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.digiohjaus.const import DOMAIN, EVENT_ESCALATION

from ..care import maijas_contacts, mock_phones
from ..durability import on_disk
from ..test_durable_consent import failing_writes
from .conftest import AddReminder, MoveTo, helsinki, statuses

STATUS = "sensor.burana_status"
TAKEN = "button.burana_taken"


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Maija's workers and family: the ladder has someone to tell."""
    return maijas_contacts()


async def press(hass: HomeAssistant, button: str) -> None:
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)


async def answer(hass: HomeAssistant, status: str) -> None:
    """Otettu on the tablet, or "Muistuta myöhemmin" (the snooze action on the status sensor)."""
    if status == "done":
        await press(hass, TAKEN)
    else:
        await hass.services.async_call(DOMAIN, "snooze", {"entity_id": STATUS}, blocking=True)


def _status(hass: HomeAssistant) -> str:
    state = hass.states.get(STATUS)
    assert state is not None
    return state.state


async def _crash(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    disk: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    until: datetime,
) -> None:
    """Killed with only ``disk`` written; Home Assistant is started again at ``until``."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    hass_storage.clear()
    hass_storage.update(disk)
    freezer.move_to(until)
    async_fire_time_changed(hass, until)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize("status", ["done", "snoozed"])
async def test_a_taken_or_snoozed_dose_survives_a_crash_right_after_the_answer(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
    hass_storage: dict[str, Any],
    clock: FrozenDateTimeFactory,
    status: str,
) -> None:
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 5))
    await answer(hass, status)
    assert _status(hass) == status
    disk = on_disk(hass_storage)

    await _crash(hass, loaded_hub, hass_storage, disk, clock, helsinki(2027, 1, 15, 8, 6))

    assert _status(hass) == status
    assert statuses(events) == [("due", "08:00"), (status, "08:00")]


async def test_a_medicine_added_then_hub_down_over_its_first_dose_is_missed_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
    hass_storage: dict[str, Any],
    clock: FrozenDateTimeFactory,
) -> None:
    phones = mock_phones(hass)
    ladder = async_capture_events(hass, EVENT_ESCALATION)
    await add_reminder()  # at 07:00; the first dose is at 08:00
    disk = on_disk(hass_storage)

    await _crash(hass, loaded_hub, hass_storage, disk, clock, helsinki(2027, 1, 15, 9, 30))
    assert statuses(events) == [("missed", "08:00")]
    assert _status(hass) == "missed"

    await move_to(helsinki(2027, 1, 15, 11, 0))
    assert {event.data["reason"] for event in ladder} == {"missed_dose"}
    assert phones["liisa"] or phones["anna"]  # the ladder reached a worker or family
    assert statuses(events) == [("missed", "08:00")]


async def test_a_failed_save_is_an_error_and_a_repair_and_the_dose_stays_due(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, 8, 5))

    with failing_writes(".reminders_journal"), pytest.raises(HomeAssistantError) as err:
        await press(hass, TAKEN)

    assert err.value.translation_key == "save_failed_reminders"
    assert _status(hass) == "due"
    assert statuses(events) == [("due", "08:00")]
    issue = ir.async_get(hass).async_get_issue(DOMAIN, "save_failed_reminders")
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["path"].endswith("reminders_journal")

    await press(hass, TAKEN)
    assert _status(hass) == "done"
    assert ir.async_get(hass).async_get_issue(DOMAIN, "save_failed_reminders") is None


@pytest.mark.parametrize(
    ("until", "announced"),
    [
        ((8, 0), [("due", "08:00")]),
        ((9, 0), [("missed", "08:00")]),  # the clock jumps past the grace: one notice
    ],
)
async def test_a_dose_turned_due_or_missed_is_announced_once_across_a_crash(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
    hass_storage: dict[str, Any],
    clock: FrozenDateTimeFactory,
    until: tuple[int, int],
    announced: list[tuple[str, str]],
) -> None:
    """Killed the moment the timer moved the dose: after the restart, no second notice."""
    await add_reminder()
    await move_to(helsinki(2027, 1, 15, *until))
    assert statuses(events) == announced
    disk = on_disk(hass_storage)

    await _crash(hass, loaded_hub, hass_storage, disk, clock, helsinki(2027, 1, 15, *until, 30))

    assert statuses(events) == announced
    assert _status(hass) == announced[-1][0]
