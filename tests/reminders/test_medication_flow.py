"""Adding, editing and removing a medication: validation, and timers follow at once."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigSubentry
from homeassistant.core import Event, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components import digiohjaus

from .conftest import AddReminder, MoveTo, helsinki, medication_input, statuses


async def start_flow(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "medication"), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return str(result["flow_id"])


async def test_add_medication_stores_clean_data(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    flow_id = await start_flow(hass, loaded_hub)
    result = await hass.config_entries.subentries.async_configure(
        flow_id,
        medication_input(name="  Sertralin  ", times=["20:00", "7:30"], weekdays=["sun", "mon"]),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Sertralin"
    (subentry,) = loaded_hub.subentries.values()
    assert subentry.subentry_type == "medication"
    assert dict(subentry.data) == {
        "name": "Sertralin",
        "dose": "1 tabletti",
        "times": ["07:30", "20:00"],
        "weekdays": ["mon", "sun"],
        "grace_minutes": 60,
        "snooze_minutes": 10,
        "early_minutes": 120,
    }


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"times": []}, "times", "no_times"),
        ({"times": ["25:00"]}, "times", "invalid_time"),
        ({"times": ["08:00", "8:00"]}, "times", "duplicate_times"),
        ({"times": [f"{h:02d}:30" for h in range(9)]}, "times", "too_many_times"),
        ({"weekdays": []}, "weekdays", "no_weekdays"),
        ({"snooze_minutes": 0}, "snooze_minutes", "snooze_out_of_range"),
        ({"snooze_minutes": 500}, "snooze_minutes", "snooze_out_of_range"),
        ({"grace_minutes": 1}, "grace_minutes", "grace_out_of_range"),
        ({"early_minutes": 7.5}, "early_minutes", "early_out_of_range"),
        ({"name": "   "}, "name", "name_empty"),
        ({"dose": "x" * 61}, "dose", "dose_too_long"),
    ],
)
async def test_bad_input_is_shown_and_nothing_is_added(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    changes: dict[str, Any],
    field: str,
    error: str,
) -> None:
    flow_id = await start_flow(hass, loaded_hub)
    result = await hass.config_entries.subentries.async_configure(
        flow_id, medication_input(**changes)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert loaded_hub.subentries == {}
    # The form keeps what was typed, and a correction goes through.
    result = await hass.config_entries.subentries.async_configure(flow_id, medication_input())
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()  # the hub reloads with it before the test ends


async def reconfigure(
    hass: HomeAssistant, entry: MockConfigEntry, subentry_id: str, **changes: Any
) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, "medication"),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], medication_input(**changes)
    )
    await hass.async_block_till_done()
    return dict(result)


async def test_editing_reschedules_at_once(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    reminder_id = await add_reminder()
    result = await reconfigure(hass, loaded_hub, reminder_id, times=["07:30"], name="Burana 400")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert loaded_hub.subentries[reminder_id].title == "Burana 400"
    state = hass.states.get("sensor.burana_status")
    assert state is not None
    assert state.attributes["next_due"] == "2027-01-15T07:30:00+02:00"
    # The old 08:00 timer is gone: 07:30 falls due, 08:00 does not.
    await move_to(helsinki(2027, 1, 15, 8, 5))
    assert statuses(events) == [("due", "07:30")]
    assert events[0].data["name"] == "Burana 400"


async def test_bad_edit_changes_nothing(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    reminder_id = await add_reminder()
    before = dict(loaded_hub.subentries[reminder_id].data)
    result = await reconfigure(hass, loaded_hub, reminder_id, times=["25:00"])
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"times": "invalid_time"}
    assert dict(loaded_hub.subentries[reminder_id].data) == before


async def test_removing_leaves_no_timer_behind(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    events: list[Event],
) -> None:
    reminder_id = await add_reminder()
    other_id = await add_reminder(name="Melatoniini", times=["21:00"])
    assert hass.config_entries.async_remove_subentry(loaded_hub, reminder_id)
    await hass.async_block_till_done()
    assert hass.states.get("sensor.burana_status") is None
    assert er.async_get(hass).async_get("sensor.burana_status") is None
    engine = loaded_hub.runtime_data.reminders
    assert set(engine.subentry_reminders) == {other_id}
    await move_to(helsinki(2027, 1, 15, 21, 0))
    assert statuses(events) == [("due", "21:00")]


async def test_a_medicine_added_while_the_hub_starts_gets_its_reminder(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    move_to: MoveTo,
    events: list[Event],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The worker adds medicines one after another; the next is saved during the reload
    the previous one started (a slow hub), after the hub read its medicines: it must not
    be missed until some later change."""
    real_start_voice = digiohjaus.async_start_voice
    melatonin = ConfigSubentry(
        data=MappingProxyType(
            {**medication_input(name="Melatoniini", times=["21:00"]), "times": ["21:00"]}
        ),
        subentry_type="medication",
        title="Melatoniini",
        unique_id=None,
    )

    def save_during_setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
        if melatonin.subentry_id not in entry.subentries:
            hass.config_entries.async_add_subentry(entry, melatonin)  # the flow's last step
        real_start_voice(hass, entry)

    monkeypatch.setattr(digiohjaus, "async_start_voice", save_during_setup)
    flow_id = await start_flow(hass, loaded_hub)
    await hass.config_entries.subentries.async_configure(flow_id, medication_input())
    await hass.async_block_till_done()

    assert melatonin.subentry_id in loaded_hub.subentries
    assert hass.states.get("sensor.melatoniini_status") is not None
    assert set(loaded_hub.runtime_data.reminders.subentry_reminders) == set(loaded_hub.subentries)
    await move_to(helsinki(2027, 1, 15, 21, 0))
    assert ("due", "21:00") in statuses(events)
