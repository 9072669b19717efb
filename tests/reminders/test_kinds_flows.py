"""Adding and editing rent, bills, meals, appointments and home routines: clean data, errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.core.reminder_spec import ReminderInputError
from custom_components.digiohjaus.hub.reminders.bill import clean_bill
from custom_components.digiohjaus.hub.reminders.money import clean_money

from .conftest import INPUTS, AddReminder, bill_input


async def start_flow(hass: HomeAssistant, entry: MockConfigEntry, kind: str) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, kind), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return dict(result)


def suggested(result: dict[str, Any]) -> dict[str, Any]:
    """The values the form starts with."""
    return {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and "suggested_value" in key.description
    }


@pytest.mark.parametrize(
    ("kind", "changes", "title", "data"),
    [
        (
            "rent",
            {"name": " Vuokra ", "amount": 650.5},
            "Vuokra",
            {
                "name": "Vuokra",
                "day": 31,
                "amount": 650.5,
                "time": "09:00:00",
                "lead_days": 3,
                "grace_days": 3,
            },
        ),
        (
            "bill",
            {"repeat": "quarterly", "amount": None},
            "Helen",
            {
                "payee": "Helen",
                "due_date": "2027-01-20",
                "repeat": "quarterly",
                "time": "09:00:00",
                "lead_days": 3,
                "grace_days": 3,
            },
        ),
        (
            "meal",
            {"times": ["17:00", "8:00"]},
            "Lounas",
            {
                "name": "Lounas",
                "times": ["08:00", "17:00"],
                "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "grace_minutes": 90,
                "snooze_minutes": 15,
            },
        ),
        (
            "appointment",
            {"link": "https://teams.microsoft.com/l/meetup-join/abc", "place": None},
            "Lääkäri",
            {
                "name": "Lääkäri",
                "when": "2027-01-16 14:00:00",
                "link": "https://teams.microsoft.com/l/meetup-join/abc",
                "leads": ["1440", "30"],
            },
        ),
        (
            "routine",
            {},
            "Imurointi",
            {
                "name": "Imurointi",
                "times": ["10:00"],
                "weekdays": ["tue"],
                "grace_minutes": 480,
                "snooze_minutes": 30,
            },
        ),
    ],
)
async def test_adding_stores_clean_data(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    kind: str,
    changes: dict[str, Any],
    title: str,
    data: dict[str, Any],
) -> None:
    result = await start_flow(hass, loaded_hub, kind)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], INPUTS[kind](**changes)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == title
    (subentry,) = loaded_hub.subentries.values()
    assert subentry.subentry_type == kind
    assert dict(subentry.data) == data


@pytest.mark.parametrize(
    ("kind", "defaults"),
    [
        ("rent", {"name": "Vuokra", "day": 1, "lead_days": 3, "grace_days": 3}),
        ("bill", {"repeat": "monthly", "lead_days": 3, "time": "09:00:00"}),
        ("meal", {"times": ["12:00"], "grace_minutes": 90}),
        ("appointment", {"leads": ["1440", "30"]}),
        ("routine", {"times": ["10:00"], "weekdays": ["tue"], "grace_minutes": 480}),
    ],
)
async def test_forms_start_with_the_agreed_defaults(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, kind: str, defaults: dict[str, Any]
) -> None:
    result = await start_flow(hass, loaded_hub, kind)
    assert suggested(result).items() >= defaults.items()


@pytest.mark.parametrize(
    ("kind", "changes", "field", "error"),
    [
        ("rent", {"day": 0}, "day", "invalid_day_of_month"),
        ("rent", {"day": 32}, "day", "invalid_day_of_month"),
        ("rent", {"day": 15.5}, "day", "invalid_day_of_month"),
        ("rent", {"name": "  "}, "name", "name_empty"),
        ("rent", {"amount": -10}, "amount", "amount_out_of_range"),
        ("rent", {"lead_days": 29}, "lead_days", "lead_days_out_of_range"),
        ("rent", {"grace_days": 0}, "grace_days", "grace_days_out_of_range"),
        ("bill", {"payee": ""}, "payee", "payee_empty"),
        ("bill", {"repeat": "once", "due_date": "2027-01-14"}, "due_date", "due_date_in_past"),
        ("meal", {"name": ""}, "name", "name_empty"),
        ("meal", {"times": []}, "times", "no_times"),
        ("meal", {"grace_minutes": 2000}, "grace_minutes", "grace_out_of_range"),
        ("routine", {"weekdays": []}, "weekdays", "no_weekdays"),
        ("routine", {"snooze_minutes": 0}, "snooze_minutes", "snooze_out_of_range"),
        ("appointment", {"name": " "}, "name", "name_empty"),
        ("appointment", {"when": "2027-01-15 06:59"}, "date", "when_in_past"),
        ("appointment", {"link": "teams.microsoft.com/meet"}, "link", "link_invalid"),
        ("appointment", {"link": "https://"}, "link", "link_invalid"),
        ("appointment", {"place": "x" * 101}, "place", "place_too_long"),
    ],
)
async def test_bad_input_is_shown_and_nothing_is_added(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    kind: str,
    changes: dict[str, Any],
    field: str,
    error: str,
) -> None:
    result = await start_flow(hass, loaded_hub, kind)
    flow_id = result["flow_id"]
    result = dict(
        await hass.config_entries.subentries.async_configure(flow_id, INPUTS[kind](**changes))
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert loaded_hub.subentries == {}
    result = dict(await hass.config_entries.subentries.async_configure(flow_id, INPUTS[kind]()))
    assert result["type"] is FlowResultType.CREATE_ENTRY


def test_a_bill_without_a_readable_date_is_refused() -> None:
    # The form's selectors let through only dates and the four repeats; stored data or an
    # API caller could still send anything.
    now = datetime(2027, 1, 15, 7, 0)  # noqa: DTZ001
    for changes in ({"repeat": "weekly"}, {"due_date": "20.1.2027"}):
        with pytest.raises(ReminderInputError) as err:
            clean_bill(bill_input(**changes), now)
        assert err.value.key == "due_date_invalid"


async def reconfigure(
    hass: HomeAssistant, entry: MockConfigEntry, kind: str, subentry_id: str, **changes: Any
) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, kind),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], INPUTS[kind](**changes)
    )
    await hass.async_block_till_done()
    return dict(result)


@pytest.mark.parametrize(
    ("kind", "changes", "field", "error"),
    [
        ("rent", {"day": 32}, "day", "invalid_day_of_month"),
        ("appointment", {"when": "2027-01-14 14:00"}, "date", "when_in_past"),
        ("appointment", {"link": "htps:/teams"}, "link", "link_invalid"),
        ("meal", {"name": ""}, "name", "name_empty"),
    ],
)
async def test_a_bad_edit_changes_nothing(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    kind: str,
    changes: dict[str, Any],
    field: str,
    error: str,
) -> None:
    reminder_id = await add_reminder(kind)
    before = dict(loaded_hub.subentries[reminder_id].data)
    result = await reconfigure(hass, loaded_hub, kind, reminder_id, **changes)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert dict(loaded_hub.subentries[reminder_id].data) == before
    assert loaded_hub.runtime_data.reminders.reminders[reminder_id].data == before


async def test_a_good_edit_is_saved(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, add_reminder: AddReminder
) -> None:
    reminder_id = await add_reminder("rent")
    result = await reconfigure(hass, loaded_hub, "rent", reminder_id, day=5, name="Autopaikka")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert loaded_hub.subentries[reminder_id].title == "Autopaikka"
    state = hass.states.get("sensor.vuokra_status")  # the entity id stays
    assert state is not None
    assert state.attributes["next_due"] == "2027-02-05T09:00:00+02:00"


def test_a_payment_reminder_time_must_be_a_time() -> None:
    # The time selector sends only times; stored data or an API caller could send anything.
    with pytest.raises(ReminderInputError) as err:
        clean_money({"time": "25:00", "lead_days": 3, "grace_days": 3})
    assert err.value.key == "invalid_time"
