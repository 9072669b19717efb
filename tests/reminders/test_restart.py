"""Restarts and time offline: each occurrence ends in exactly one outcome, announced once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.core import Event, HomeAssistant, ServiceCall
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from custom_components.digiohjaus.const import CONF_CLIENT_NOTIFY, DOMAIN

from .conftest import AddReminder, MoveTo, Restart, helsinki, statuses

PHONE = "notify.mobile_app_maijan_puhelin"


def at(hour: int, minute: int = 0) -> datetime:
    return helsinki(2027, 1, 15, hour, minute)


@pytest.fixture
async def phone(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> list[ServiceCall]:
    """The client's phone gets the reminders (set before any reminder is added).

    The escalation ladder here tells only family, so the phone counts reminders alone (the
    ladder's own nudges to the client are tested in tests/test_escalation.py).
    """
    calls = async_mock_service(hass, "notify", "mobile_app_maijan_puhelin")
    family_only = {"steps": [{"delay_minutes": 15, "roles": ["family"]}]}
    hass.config_entries.async_update_entry(
        loaded_hub,
        options={**loaded_hub.options, CONF_CLIENT_NOTIFY: [PHONE], "escalation": family_only},
    )
    await hass.config_entries.async_reload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    return calls


async def press(hass: HomeAssistant, button: str) -> None:
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)


@pytest.mark.parametrize(
    ("state_before", "restart_at", "after_restart", "by_ten"),
    [
        # Down while the 08:00 dose was still scheduled …
        ("scheduled", at(8, 20), [("due", "08:00")], [("due", "08:00"), ("missed", "08:00")]),
        ("scheduled", at(9, 30), [("missed", "08:00")], [("missed", "08:00")]),
        # … while it was due …
        ("due", at(8, 30), [], [("missed", "08:00")]),
        ("due", at(9, 30), [("missed", "08:00")], [("missed", "08:00")]),
        # … while it was snoozed until 08:15 …
        ("snoozed", at(8, 10), [], [("due", "08:00"), ("missed", "08:00")]),
        ("snoozed", at(8, 20), [("due", "08:00")], [("due", "08:00"), ("missed", "08:00")]),
        ("snoozed", at(9, 30), [("missed", "08:00")], [("missed", "08:00")]),
        # … and after it was taken.
        ("done", at(9, 30), [], []),
    ],
)
async def test_restart_in_each_state(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    add_reminder: AddReminder,
    move_to: MoveTo,
    restart: Restart,
    events: list[Event],
    state_before: str,
    restart_at: datetime,
    after_restart: list[tuple[str, str]],
    by_ten: list[tuple[str, str]],
) -> None:
    await add_reminder()
    if state_before != "scheduled":
        await move_to(at(8, 0))
    if state_before == "snoozed":
        await move_to(at(8, 5))
        await hass.services.async_call(
            DOMAIN, "snooze", {"entity_id": "sensor.burana_status"}, blocking=True
        )
    if state_before == "done":
        await press(hass, "button.burana_taken")
    state = hass.states.get("sensor.burana_status")
    assert state is not None
    assert state.state == state_before
    before = len(events)
    sent_before = len(phone)

    await restart(restart_at)
    assert statuses(events[before:]) == after_restart
    for when in (at(8, 15), at(9, 0), at(10, 0)):  # the clock runs on through the morning
        if when > restart_at:
            await move_to(when)
    assert statuses(events[before:]) == by_ten
    # The client hears again only of a dose still within its grace period.
    expected_messages = sum(1 for status, _ in by_ten if status == "due")
    assert len(phone) - sent_before == expected_messages


async def test_twelve_hours_down_across_three_doses(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    add_reminder: AddReminder,
    move_to: MoveTo,
    restart: Restart,
    events: list[Event],
) -> None:
    await add_reminder(times=["08:00", "12:00", "16:00"])
    await move_to(at(6, 0))
    await restart(at(18, 0))
    assert statuses(events) == [("missed", "08:00"), ("missed", "12:00"), ("missed", "16:00")]
    assert phone == []  # no burst of stale reminders
    await move_to(at(18, 30))
    await restart(at(19, 0))
    assert len(events) == 3  # recorded once each, also after another restart
    adherence = hass.states.get("sensor.burana_adherence_7_days")
    assert adherence is not None
    assert adherence.state == "0.0"


async def test_down_until_a_dose_within_grace_sends_only_that_one(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    add_reminder: AddReminder,
    restart: Restart,
    events: list[Event],
) -> None:
    await add_reminder(times=["08:00", "12:00", "16:00"])
    await restart(at(16, 30))
    assert statuses(events) == [("missed", "08:00"), ("missed", "12:00"), ("due", "16:00")]
    assert len(phone) == 1
    assert phone[0].data["message"] == "Nyt on lääkkeen aika: Burana, 1 tabletti."


async def test_history_survives_a_restart(
    hass: HomeAssistant,
    add_reminder: AddReminder,
    move_to: MoveTo,
    restart: Restart,
) -> None:
    await add_reminder()
    await move_to(at(8, 0))
    await press(hass, "button.burana_taken")
    await move_to(at(21, 0))  # 20:00 missed
    await restart(at(21, 5))
    adherence = hass.states.get("sensor.burana_adherence_7_days")
    assert adherence is not None
    assert adherence.state == "50.0"


async def test_removing_the_hub_deletes_the_history(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    hass_storage: dict[str, Any],
) -> None:
    await add_reminder()
    await move_to(at(8, 0))
    await move_to(at(8, 1))  # the history is written shortly after a change
    key = f"digiohjaus.{loaded_hub.entry_id}.reminders"
    assert key in hass_storage
    assert hass_storage[key]["data"]["reminders"]
    await hass.config_entries.async_remove(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage
