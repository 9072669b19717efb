"""The config flow a worker walks through on the first home visit."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant import config_entries
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import (
    CONF_ALIAS,
    CONF_CHECK_IN_DEADLINE,
    CONF_LANGUAGE,
    CONF_LAST_VISIT,
    CONF_ROLE,
    CONF_VISIT_INTERVAL_DAYS,
    DOMAIN,
    ROLE_HUB,
)

HUB_INPUT = {
    CONF_ALIAS: "  Maija ",
    CONF_LANGUAGE: "fi",
    CONF_CHECK_IN_DEADLINE: "11:30:00",
    CONF_VISIT_INTERVAL_DAYS: 180,
    CONF_LAST_VISIT: "2026-11-28",
}


@pytest.fixture(autouse=True)
def today(freezer: FrozenDateTimeFactory) -> None:
    """The flows run on the day of the first home visit."""
    freezer.move_to("2026-11-28T10:00:00+02:00")


async def _hub_form(hass: HomeAssistant) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["hub", "follow", "follow_broker"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "hub"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "hub"
    return dict(result)


async def test_create_hub(hass: HomeAssistant) -> None:
    form = await _hub_form(hass)
    result = await hass.config_entries.flow.async_configure(form["flow_id"], HUB_INPUT)
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Maija"
    assert result["data"] == {CONF_ROLE: ROLE_HUB, CONF_ALIAS: "Maija", CONF_LANGUAGE: "fi"}
    assert result["options"] == {
        CONF_CHECK_IN_DEADLINE: "11:30:00",
        CONF_VISIT_INTERVAL_DAYS: 180,
        CONF_LAST_VISIT: "2026-11-28",
    }
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.state is config_entries.ConfigEntryState.LOADED


async def test_form_defaults(hass: HomeAssistant) -> None:
    form = await _hub_form(hass)
    defaults = {
        str(key): key.default() for key in form["data_schema"].schema if key.default is not None
    }
    assert defaults[CONF_CHECK_IN_DEADLINE] == "12:00:00"
    assert defaults[CONF_VISIT_INTERVAL_DAYS] == 180
    assert defaults[CONF_LAST_VISIT] == "2026-11-28"
    assert defaults[CONF_LANGUAGE] == "fi"


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({CONF_ALIAS: "   "}, CONF_ALIAS, "alias_empty"),
        ({CONF_ALIAS: "M" * 41}, CONF_ALIAS, "alias_too_long"),
        ({CONF_VISIT_INTERVAL_DAYS: 6}, CONF_VISIT_INTERVAL_DAYS, "interval_out_of_range"),
        ({CONF_VISIT_INTERVAL_DAYS: 400}, CONF_VISIT_INTERVAL_DAYS, "interval_out_of_range"),
        ({CONF_LAST_VISIT: "2026-12-01"}, CONF_LAST_VISIT, "last_visit_in_future"),
    ],
)
async def test_bad_input_reshows_form(
    hass: HomeAssistant, change: dict[str, Any], field: str, error: str
) -> None:
    form = await _hub_form(hass)
    result = await hass.config_entries.flow.async_configure(
        form["flow_id"], {**HUB_INPUT, **change}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    assert hass.config_entries.async_entries(DOMAIN) == []

    # The worker corrects the field and the hub is created.
    result = await hass.config_entries.flow.async_configure(form["flow_id"], HUB_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    "change",
    [
        {CONF_CHECK_IN_DEADLINE: "25:00"},
        {CONF_CHECK_IN_DEADLINE: "noon"},
        {CONF_LAST_VISIT: "2026-02-30"},
        {CONF_LANGUAGE: "de"},
    ],
)
async def test_malformed_values_are_refused_by_the_selectors(
    hass: HomeAssistant, change: dict[str, Any]
) -> None:
    """A time, date or language the pickers cannot produce never reaches the hub."""
    form = await _hub_form(hass)
    with pytest.raises(InvalidData) as err:
        await hass.config_entries.flow.async_configure(form["flow_id"], {**HUB_INPUT, **change})
    assert err.value.path == [next(iter(change))]
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_only_one_hub(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    """Where the hub runs, the menu offers only following (its step still refuses a second)."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["menu_options"] == ["follow", "follow_broker"]
    flow = hass.config_entries.flow._progress[result["flow_id"]]
    result = await flow.async_step_hub()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_reconfigure(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    result = await loaded_hub.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_ALIAS: "", CONF_LANGUAGE: "sv"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_ALIAS: "alias_empty"}
    assert loaded_hub.data[CONF_ALIAS] == "Maija"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_ALIAS: "Maikki", CONF_LANGUAGE: "sv"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert loaded_hub.title == "Maikki"
    assert loaded_hub.data[CONF_LANGUAGE] == "sv"
    assert loaded_hub.data[CONF_ROLE] == ROLE_HUB
    assert loaded_hub.runtime_data.profile.alias == "Maikki"


async def test_options_reload_with_new_settings(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    state = hass.states.get("sensor.home_hub_maija_next_home_visit")
    assert state is not None
    assert state.state == "2027-04-30"

    result = await hass.config_entries.options.async_init(loaded_hub.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert "settings" in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "settings"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_CHECK_IN_DEADLINE: "13:00",
            CONF_VISIT_INTERVAL_DAYS: 0,
            CONF_LAST_VISIT: "2026-11-28",
        },
    )
    assert result["errors"] == {CONF_VISIT_INTERVAL_DAYS: "interval_out_of_range"}

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_CHECK_IN_DEADLINE: "13:00",
            CONF_VISIT_INTERVAL_DAYS: 90,
            CONF_LAST_VISIT: "2026-11-28",
        },
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert loaded_hub.options[CONF_CHECK_IN_DEADLINE] == "13:00:00"
    # The hub reloaded: the sensor shows the new next visit at once.
    state = hass.states.get("sensor.home_hub_maija_next_home_visit")
    assert state is not None
    assert state.state == "2027-02-26"


async def test_an_abandoned_setup_never_blocks_the_next(hass: HomeAssistant) -> None:
    """A worker closes the browser mid-form; the next setup still creates the hub."""
    abandoned = await _hub_form(hass)
    second = await _hub_form(hass)
    result = await hass.config_entries.flow.async_configure(second["flow_id"], HUB_INPUT)
    assert result["type"] is FlowResultType.CREATE_ENTRY

    # The left-open form cannot make a second hub: it says, translated, that one exists.
    result = await hass.config_entries.flow.async_configure(abandoned["flow_id"], HUB_INPUT)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
