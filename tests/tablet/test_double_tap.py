"""A client tapping "Otettu" twice: the second tap changes nothing and logs nothing.

The hub is made through the config flow and the medicine through its subentry flow; the taps
come over the websocket as the tablet sends them.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.digiohjaus.const import DOMAIN

from ..reminders.conftest import MoveTo, helsinki, medication_input, statuses
from ..voice.conftest import create_hub

DONE = "button.burana_taken"
STATUS = "sensor.burana_status"

type Tap = Any


@pytest.fixture
async def hub(hass: HomeAssistant) -> ConfigEntry:
    """Maija's hub, made as the worker makes it on the first visit."""
    return await create_hub(hass, "fi")


async def add_medicine(hass: HomeAssistant, hub: ConfigEntry, times: list[str]) -> None:
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, "medication"), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], medication_input(times=times)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


@pytest.fixture
async def taps(hass: HomeAssistant, hass_ws_client: WebSocketGenerator) -> Tap:
    """Send ``count`` presses of the done button at once, as quick taps do; their answers."""
    client = await hass_ws_client(hass)

    async def _taps(count: int = 1) -> list[dict[str, Any]]:
        for _ in range(count):
            await client.send_json_auto_id(
                {
                    "type": "call_service",
                    "domain": "button",
                    "service": "press",
                    "target": {"entity_id": DONE},
                }
            )
        answers = [await client.receive_json() for _ in range(count)]
        await hass.async_block_till_done()
        return answers

    return _taps


def kept(hub: ConfigEntry, hass_storage: dict[str, Any]) -> Any:
    """What the hub has on disk and in its audit log."""
    stored = {key: value for key, value in hass_storage.items() if key.startswith(DOMAIN)}
    return copy.deepcopy((stored, hub.runtime_data.audit.page().as_dict()["entries"]))


def problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Warnings and errors logged (asyncio's "took 3600 seconds" is the test's clock jumping)."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and r.name != "asyncio"
    ]


async def test_a_double_tap_takes_the_dose_once_and_a_late_tap_changes_nothing(
    hass: HomeAssistant,
    hub: ConfigEntry,
    move_to: MoveTo,
    events: list[Event],
    taps: Tap,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    await add_medicine(hass, hub, ["08:00", "20:00"])
    await move_to(helsinki(2027, 1, 15, 8, 0))
    caplog.clear()
    assert all(answer["success"] for answer in await taps(2))
    assert statuses(events) == [("due", "08:00"), ("done", "08:00")]
    assert hass.states.get(STATUS).state == "done"
    # A tablet that did not redraw yet: the same tap an hour later.
    await move_to(helsinki(2027, 1, 15, 9, 0))
    before = kept(hub, hass_storage)
    assert all(answer["success"] for answer in await taps())
    assert kept(hub, hass_storage) == before
    assert len(events) == 2
    assert hass.states.get(STATUS).state == "done"
    assert problems(caplog) == []
    # The action keeps its contract: nothing to confirm now is an error.
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(DOMAIN, "mark_done", {"entity_id": STATUS}, blocking=True)
    assert err.value.translation_key == "too_early"


async def test_a_double_tap_does_not_take_the_next_dose_early(
    hass: HomeAssistant,
    hub: ConfigEntry,
    move_to: MoveTo,
    events: list[Event],
    taps: Tap,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await add_medicine(hass, hub, ["08:00", "10:00"])  # the 10:00 dose counts from 8:00
    await move_to(helsinki(2027, 1, 15, 8, 0))
    caplog.clear()
    assert all(answer["success"] for answer in await taps(2))
    assert statuses(events) == [("due", "08:00"), ("done", "08:00")]
    assert hass.states.get(STATUS).attributes["today"] == "open"  # 10:00 may be taken now
    # Seconds later the client means the next dose: it counts.
    await move_to(helsinki(2027, 1, 15, 8, 0, 10))
    assert all(answer["success"] for answer in await taps())
    assert statuses(events)[-1] == ("done", "10:00")
    assert problems(caplog) == []


async def test_a_tap_on_a_missed_dose_is_still_too_early_for_the_next(
    hass: HomeAssistant,
    hub: ConfigEntry,
    move_to: MoveTo,
    events: list[Event],
    taps: Tap,
) -> None:
    await add_medicine(hass, hub, ["08:00", "20:00"])
    await move_to(helsinki(2027, 1, 15, 9, 30))
    (answer,) = await taps()
    assert not answer["success"]
    assert answer["error"]["translation_key"] == "too_early"
    assert statuses(events) == [("missed", "08:00")]
    assert hass.states.get(STATUS).state == "missed"
