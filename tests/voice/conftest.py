"""A client's hub made through the config flow, with voice commands turned on in its options."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant import config_entries
from homeassistant.components import conversation
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Context, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.digiohjaus.const import CONF_VOICE_COMMANDS, DOMAIN

HELSINKI = ZoneInfo("Europe/Helsinki")

type Say = Callable[..., Awaitable[str]]
type AddReminder = Callable[..., Awaitable[str]]


def helsinki(*args: int) -> datetime:
    """A Helsinki wall-clock time as an aware datetime."""
    return datetime(*args, tzinfo=HELSINKI)  # type: ignore[misc]


def hub_input(language: str) -> dict[str, Any]:
    """What the worker types when making the client's hub."""
    return {
        "alias": "Maija",
        "language": language,
        "check_in_deadline": "12:00:00",
        "visit_interval_days": 180,
        "last_visit": "2027-01-01",
    }


@pytest.fixture(autouse=True)
async def assist(hass: HomeAssistant) -> None:
    """Assist as a real home has it (default_config sets up conversation)."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})


@pytest.fixture
def language() -> str:
    """The hub's language (parametrize to change it)."""
    return "fi"


@pytest.fixture
def start_time() -> datetime:
    """When the test starts (local Helsinki time)."""
    return helsinki(2027, 1, 15, 7, 30)


@pytest.fixture(autouse=True)
def clock(freezer: FrozenDateTimeFactory, start_time: datetime) -> FrozenDateTimeFactory:
    """Freeze the clock before the hub starts."""
    freezer.move_to(start_time)
    return freezer


async def create_hub(hass: HomeAssistant, language: str) -> ConfigEntry:
    """Make the hub through the config flow, as the worker does on the first visit."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "hub"}
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], hub_input(language))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    entry: ConfigEntry = result["result"]
    return entry


async def set_voice(hass: HomeAssistant, entry: ConfigEntry, enabled: bool) -> None:
    """The one step: hub options → Voice commands."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "voice"}
    )
    assert result["step_id"] == "voice"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_VOICE_COMMANDS: enabled}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


@pytest.fixture
async def hub(hass: HomeAssistant, language: str) -> ConfigEntry:
    """The client's hub with voice commands on."""
    entry = await create_hub(hass, language)
    await set_voice(hass, entry, True)
    return entry


@pytest.fixture
def say(hass: HomeAssistant) -> Say:
    """Speak to Home Assistant's Assist; return what it answers."""

    async def _say(text: str, language: str = "fi") -> str:
        result = await conversation.async_converse(hass, text, None, Context(), language=language)
        await hass.async_block_till_done()
        speech: str = result.response.speech["plain"]["speech"]
        return speech

    return _say


@pytest.fixture
def add_reminder(hass: HomeAssistant, hub: ConfigEntry) -> AddReminder:
    """Add a reminder through its own subentry flow; return its id."""

    async def _add(kind: str, data: dict[str, Any]) -> str:
        before = set(hub.subentries)
        result = await hass.config_entries.subentries.async_init(
            (hub.entry_id, kind), context={"source": config_entries.SOURCE_USER}
        )
        result = await hass.config_entries.subentries.async_configure(result["flow_id"], data)
        assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
        await hass.async_block_till_done()
        (new_id,) = set(hub.subentries) - before
        return new_id

    return _add


@pytest.fixture
def move_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> Callable[[datetime], Awaitable[None]]:
    """Let the clock run to ``when``."""

    async def _move_to(when: datetime) -> None:
        freezer.move_to(when)
        async_fire_time_changed(hass, when)
        await hass.async_block_till_done()

    return _move_to


def medication(**changes: Any) -> dict[str, Any]:
    """What the worker types into "Lisää lääke"."""
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


def meal(**changes: Any) -> dict[str, Any]:
    """What the worker types into "Lisää ateria"."""
    return {
        "name": "Lounas",
        "times": ["12:00"],
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "grace_minutes": 90,
        "snooze_minutes": 15,
        **changes,
    }


def rent(**changes: Any) -> dict[str, Any]:
    """What the worker types into "Lisää vuokra" (due on the 15th, reminded 3 days before)."""
    return {
        "name": "Vuokra",
        "day": 15,
        "amount": 650.5,
        "time": "09:00:00",
        "lead_days": 3,
        "grace_days": 3,
        **changes,
    }


def entity_of(hass: HomeAssistant, domain: str, unique_id: str) -> str:
    """The entity id of one of the hub's entities, by unique id."""
    found = er.async_get(hass).async_get_entity_id(domain, DOMAIN, unique_id)
    assert found is not None, unique_id
    return found


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    """The state of an entity that must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state
