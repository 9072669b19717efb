"""Every kind survives a restart as medication does: one outcome per occurrence, announced once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.core import Event, HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from .conftest import AddReminder, MoveTo, Restart, helsinki
from .helpers import Sent, entity_id, next_wakeup, press, state_of, use_phone


@dataclass(frozen=True)
class Scenario:
    """One reminder of a kind due today, and instants within and past its grace period."""

    changes: dict[str, Any]
    due: datetime
    within_grace: datetime
    past_grace: datetime


def today(hour: int, minute: int = 0) -> datetime:
    return helsinki(2027, 1, 15, hour, minute)


SCENARIOS = {
    "medication": Scenario({"times": ["08:00"]}, today(8), today(8, 30), today(9, 30)),
    "rent": Scenario(
        {"day": 15, "lead_days": 0}, today(9), helsinki(2027, 1, 16, 9), helsinki(2027, 1, 18, 10)
    ),
    "bill": Scenario(
        {"due_date": "2027-01-15", "lead_days": 0},
        today(9),
        helsinki(2027, 1, 17, 12),
        helsinki(2027, 1, 18, 10),
    ),
    "meal": Scenario({}, today(12), today(12, 30), today(13, 45)),
    "appointment": Scenario(
        {"when": "2027-01-15 14:00:00", "leads": []}, today(14), today(15), today(16, 30)
    ),
    "routine": Scenario({"weekdays": ["fri"]}, today(10), today(11), today(18, 30)),
}
KINDS = pytest.mark.parametrize("kind", list(SCENARIOS))


@pytest.fixture
async def phone(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> list[Sent]:
    return await use_phone(hass, loaded_hub)


def outcomes(events: list[Event], kind: str) -> list[tuple[str, str]]:
    return [(e.data["status"], e.data["due_at"]) for e in events if e.data["kind"] == kind]


def local_iso(when: datetime) -> str:
    return when.isoformat()


@KINDS
async def test_down_over_the_due_time_and_back_within_grace(
    hass: HomeAssistant,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    restart: Restart,
    events: list[Event],
    kind: str,
) -> None:
    scenario = SCENARIOS[kind]
    await add_reminder(kind, **scenario.changes)
    await restart(scenario.within_grace)
    due = local_iso(scenario.due)
    assert outcomes(events, kind) == [("due", due)]
    assert len(phone) == 1  # the client hears of it once, now
    await move_to(scenario.past_grace)
    assert outcomes(events, kind) == [("due", due), ("missed", due)]
    await restart(scenario.past_grace.replace(minute=59))
    assert outcomes(events, kind) == [("due", due), ("missed", due)]
    assert len(phone) == 1


@KINDS
async def test_down_past_the_grace_period_is_missed_once_without_a_message(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    restart: Restart,
    events: list[Event],
    kind: str,
) -> None:
    scenario = SCENARIOS[kind]
    reminder_id = await add_reminder(kind, **scenario.changes)
    await restart(scenario.past_grace)
    assert outcomes(events, kind) == [("missed", local_iso(scenario.due))]
    assert phone == []
    assert state_of(hass, entity_id(hass, "sensor", reminder_id, "status")) == "missed"


@KINDS
async def test_done_stays_done_after_a_restart(
    hass: HomeAssistant,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    restart: Restart,
    events: list[Event],
    kind: str,
) -> None:
    scenario = SCENARIOS[kind]
    reminder_id = await add_reminder(kind, **scenario.changes)
    await move_to(scenario.due)
    await press(hass, entity_id(hass, "button", reminder_id, "done"))
    await restart(scenario.past_grace)
    due = local_iso(scenario.due)
    assert outcomes(events, kind) == [("due", due), ("done", due)]
    assert state_of(hass, entity_id(hass, "sensor", reminder_id, "status")) == "done"
    assert len(phone) == 1


async def test_a_dose_taken_early_does_not_hide_the_next_one(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    phone: list[Sent],
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    await add_reminder("medication")  # 08:00 and 20:00
    await press(hass, "button.burana_taken")  # 07:00: the 08:00 dose, early
    assert next_wakeup(loaded_hub) == today(18)  # the 20:00 dose's early window opens
    await move_to(today(20))
    assert outcomes(events, "medication") == [
        ("done", local_iso(today(8))),
        ("due", local_iso(today(20))),
    ]
    assert len(phone) == 1
