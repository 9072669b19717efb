"""Fixtures for reminders: a hub at a frozen time, reminders added through real subentry flows.

Other kinds reuse these: ``add_reminder(kind, data)`` runs the kind's own subentry flow,
``restart(...)`` stops the hub, lets time pass while it is down and starts it again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.digiohjaus.const import EVENT_REMINDER

type AddReminder = Callable[..., Awaitable[str]]
type Restart = Callable[[datetime], Awaitable[None]]
type MoveTo = Callable[[datetime], Awaitable[None]]


def medication_input(**changes: Any) -> dict[str, Any]:
    """What a worker types into "Lisää lääke"."""
    return {
        "name": "Burana",
        "dose": "1 tabletti",
        "times": ["08:00", "20:00"],
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "grace_minutes": 60,
        "snooze_minutes": 10,
        "early_minutes": 120,
        **changes,
    }


def filled(values: dict[str, Any]) -> dict[str, Any]:
    """The form as sent: a field changed to ``None`` is left empty (not sent at all)."""
    return {key: value for key, value in values.items() if value is not None}


def rent_input(**changes: Any) -> dict[str, Any]:
    """What a worker types into "Lisää vuokra"."""
    return filled(
        {
            "name": "Vuokra",
            "day": 31,
            "amount": 650.5,
            "time": "09:00:00",
            "lead_days": 3,
            "grace_days": 3,
            **changes,
        }
    )


def bill_input(**changes: Any) -> dict[str, Any]:
    """What a worker types into "Lisää lasku"."""
    return filled(
        {
            "payee": "Helen",
            "amount": 45.9,
            "due_date": "2027-01-20",
            "repeat": "monthly",
            "time": "09:00:00",
            "lead_days": 3,
            "grace_days": 3,
            **changes,
        }
    )


def meal_input(**changes: Any) -> dict[str, Any]:
    """What a worker types into "Lisää ateria"."""
    return {
        "name": "Lounas",
        "times": ["12:00"],
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "grace_minutes": 90,
        "snooze_minutes": 15,
        **changes,
    }


def appointment_input(when: str = "2027-01-16 14:00", **changes: Any) -> dict[str, Any]:
    """What a worker types into "Lisää tapaaminen" (``when`` goes into the date and time)."""
    day, clock = when.split(" ")
    return filled(
        {
            "name": "Lääkäri",
            "date": day,
            "time": clock,
            "place": "Terveysasema, Kalliontie 5",
            "leads": ["1440", "30"],
            **changes,
        }
    )


def routine_input(**changes: Any) -> dict[str, Any]:
    """What a worker types into "Lisää kotityö"."""
    return {
        "name": "Imurointi",
        "times": ["10:00"],
        "weekdays": ["tue"],
        "grace_minutes": 480,
        "snooze_minutes": 30,
        **changes,
    }


INPUTS: dict[str, Callable[..., dict[str, Any]]] = {
    "medication": medication_input,
    "rent": rent_input,
    "bill": bill_input,
    "meal": meal_input,
    "appointment": appointment_input,
    "routine": routine_input,
}


HELSINKI = ZoneInfo("Europe/Helsinki")


def helsinki(*args: int) -> datetime:
    """A Helsinki wall-clock time as an aware datetime."""
    return datetime(*args, tzinfo=HELSINKI)  # type: ignore[misc]


@pytest.fixture
def start_time() -> datetime:
    """When the test's hub starts (override or parametrize it)."""
    return helsinki(2027, 1, 15, 7, 0)


@pytest.fixture(autouse=True)
def clock(freezer: FrozenDateTimeFactory, start_time: datetime) -> FrozenDateTimeFactory:
    """Freeze the clock at ``start_time`` before the hub loads."""
    freezer.move_to(start_time)
    return freezer


@pytest.fixture
def events(hass: HomeAssistant) -> list[Event]:
    """Every ``digiohjaus_reminder`` event fired."""
    return async_capture_events(hass, EVENT_REMINDER)


@pytest.fixture
def move_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> MoveTo:
    """Let the clock run to ``when`` and fire the timers that fall due on the way."""

    async def _move_to(when: datetime) -> None:
        freezer.move_to(when)
        async_fire_time_changed(hass, when)
        await hass.async_block_till_done()

    return _move_to


@pytest.fixture
def add_reminder(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> AddReminder:
    """Add a reminder through its real subentry flow; return its id (the subentry id)."""

    async def _add(kind: str = "medication", **changes: Any) -> str:
        before = set(loaded_hub.subentries)
        result = await hass.config_entries.subentries.async_init(
            (loaded_hub.entry_id, kind), context={"source": SOURCE_USER}
        )
        assert result["type"] is FlowResultType.FORM
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], INPUTS[kind](**changes)
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
        await hass.async_block_till_done()
        (new_id,) = set(loaded_hub.subentries) - before
        return new_id

    return _add


@pytest.fixture
def restart(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> Restart:
    """Stop the hub, keep it down until ``until``, and start it again."""

    async def _restart(until: datetime) -> None:
        assert await hass.config_entries.async_unload(loaded_hub.entry_id)
        await hass.async_block_till_done()
        freezer.move_to(until)
        async_fire_time_changed(hass, until)
        await hass.async_block_till_done()
        assert await hass.config_entries.async_setup(loaded_hub.entry_id)
        await hass.async_block_till_done()

    return _restart


def statuses(events: list[Event]) -> list[tuple[str, str]]:
    """The (status, local due time) of each event, in order."""
    return [(e.data["status"], e.data["due_at"][11:16]) for e in events]
