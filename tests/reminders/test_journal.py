"""The reminder journal: rewritten into the full store when it grows, nothing lost meanwhile."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN

from ..durability import on_disk
from ..test_durable_consent import failing_writes
from .conftest import AddReminder, MoveTo, helsinki, statuses
from .test_durable import _crash

TAKEN = "button.burana_taken"


def _stored(hass_storage: dict[str, Any], entry: MockConfigEntry, store: str) -> dict[str, Any]:
    return dict(hass_storage[f"{DOMAIN}.{entry.entry_id}.{store}"]["data"]["reminders"])


async def _take_doses(hass: HomeAssistant, move_to: MoveTo, days: range) -> None:
    for day in days:
        for hour in (8, 20):
            await move_to(helsinki(2027, 1, day, hour, 5))
            await hass.services.async_call("button", "press", {"entity_id": TAKEN}, blocking=True)


async def test_a_grown_journal_is_written_into_the_full_store_and_emptied(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
    hass_storage: dict[str, Any],
    clock: FrozenDateTimeFactory,
) -> None:
    reminder_id = await add_reminder()
    with patch("custom_components.digiohjaus.hub.reminders.storage.JOURNAL_LIMIT", 4):
        await _take_doses(hass, move_to, range(15, 18))
        await hass.async_block_till_done()

    full = _stored(hass_storage, loaded_hub, "reminders")[reminder_id]
    done_in_full = [o for o in full["occurrences"] if o["s"] == "done"]
    assert len(done_in_full) >= 4
    journal = _stored(hass_storage, loaded_hub, "reminders_journal")
    assert sum(len(part["occurrences"]) for part in journal.values()) <= 4

    # A crash now loses nothing: the full store and the journal together hold every dose.
    disk = on_disk(hass_storage)
    await _crash(hass, loaded_hub, hass_storage, disk, clock, helsinki(2027, 1, 17, 20, 6))
    assert statuses(events).count(("done", "08:00")) == 3
    assert statuses(events).count(("done", "20:00")) == 3
    assert ("missed", "20:00") not in statuses(events)
    state = hass.states.get("sensor.burana_status")
    assert state is not None
    assert state.state == "done"


async def test_a_failed_rewrite_of_the_full_store_keeps_the_journal(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
    hass_storage: dict[str, Any],
    clock: FrozenDateTimeFactory,
) -> None:
    await add_reminder()
    with (
        patch("custom_components.digiohjaus.hub.reminders.storage.JOURNAL_LIMIT", 2),
        failing_writes(".reminders"),
    ):
        await _take_doses(hass, move_to, range(15, 17))
        await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, "save_failed_reminders") is not None

    disk = on_disk(hass_storage)
    await _crash(hass, loaded_hub, hass_storage, disk, clock, helsinki(2027, 1, 16, 20, 6))
    assert statuses(events).count(("done", "08:00")) == 2
    assert statuses(events).count(("done", "20:00")) == 2
    assert ("missed", "08:00") not in statuses(events)
