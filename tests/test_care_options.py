"""Options for the ladder, the crisis path and the safety plan, and what the tablet shows."""

from __future__ import annotations

from datetime import time
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.escalation import Ladder, LadderStep, QuietHours

CRISIS = "sensor.home_hub_maija_crisis_help"
PLAN = "sensor.home_hub_maija_safety_plan"

LADDER_INPUT: dict[str, Any] = {
    "step_1_delay": 10,
    "step_1_roles": ["client"],
    "step_2_delay": 30,
    "step_2_roles": ["family", "worker"],
    "step_3_delay": 0,
    "step_3_roles": [],
    "step_4_delay": 0,
    "step_4_roles": [],
    "quiet_start": "21:00:00",
    "quiet_end": "07:30:00",
    "answer_minutes": 10,
}


@pytest.fixture(autouse=True)
def today(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to("2027-01-10T09:00:00+02:00")


async def _open(hass: HomeAssistant, entry: MockConfigEntry, topic: str) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.MENU
    assert topic in result["menu_options"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": topic}
    )
    assert result["type"] is FlowResultType.FORM
    return dict(result)


def _defaults(form: dict[str, Any]) -> dict[str, Any]:
    return {
        str(key): key.default() for key in form["data_schema"].schema if key.default is not None
    }


async def test_menu_lists_the_care_topics(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    result = await hass.config_entries.options.async_init(loaded_hub.entry_id)
    assert result["menu_options"][-4:] == ["escalation", "crisis_path", "safety_plan", "broker"]


async def test_ladder_defaults_come_from_the_anchors(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    defaults = _defaults(await _open(hass, loaded_hub, "escalation"))
    assert (defaults["step_1_delay"], defaults["step_1_roles"]) == (0, ["client"])
    assert (defaults["step_2_delay"], defaults["step_2_roles"]) == (15, ["family"])
    assert (defaults["step_3_delay"], defaults["step_3_roles"]) == (60, ["worker"])
    assert defaults["step_4_roles"] == []
    assert (defaults["quiet_start"], defaults["quiet_end"]) == ("22:00:00", "08:00:00")
    assert defaults["answer_minutes"] == 15


async def test_ladder_is_saved_and_the_hub_uses_it(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    form = await _open(hass, loaded_hub, "escalation")
    result = await hass.config_entries.options.async_configure(form["flow_id"], LADDER_INPUT)
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert loaded_hub.options["check_in_deadline"] == "12:00:00"  # other settings kept
    assert loaded_hub.runtime_data.escalator.ladder == Ladder(
        (
            LadderStep(10, frozenset({"client"})),
            LadderStep(30, frozenset({"family", "worker"})),
        ),
        QuietHours(time(21), time(7, 30)),
        10,
    )
    # The form shows what was saved.
    defaults = _defaults(await _open(hass, loaded_hub, "escalation"))
    assert defaults["step_2_roles"] == ["family", "worker"]
    assert defaults["step_3_roles"] == []


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"step_1_roles": [], "step_2_roles": []}, {"base": "steps_count"}),
        ({"step_2_delay": 10}, {"base": "delays_not_increasing"}),
        ({"step_2_delay": 2000}, {"base": "delay_out_of_range"}),
        ({"answer_minutes": 0}, {"answer_minutes": "answer_out_of_range"}),
        ({"quiet_start": "25:00"}, {"quiet_start": "invalid_time"}),
    ],
)
async def test_ladder_mistakes_are_shown_on_the_form(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    change: dict[str, Any],
    errors: dict[str, str],
) -> None:
    form = await _open(hass, loaded_hub, "escalation")
    flow = hass.config_entries.options._progress[form["flow_id"]]
    result = await flow.async_step_escalation({**LADDER_INPUT, **change})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert "escalation" not in loaded_hub.options


async def test_crisis_path_shows_on_the_tablet_in_the_hubs_language(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    state = hass.states.get(CRISIS)
    assert state is not None
    assert state.state == "09 2525 0111"
    assert state.attributes["emergency_number"] == "112"
    assert state.attributes["emergency_tel"] == "tel:112"
    assert state.attributes["crisis_line_tel"] == "tel:0925250111"
    assert state.attributes["crisis_line_label"] == "Kriisipuhelin (MIELI ry)"
    assert state.attributes["instructions"].startswith("Jos olet vaarassa")
    assert "09 2525 0111" in state.attributes["instructions"]


@pytest.mark.parametrize("hub_data", [{"role": "hub", "alias": "Maija", "language": "sv"}])
async def test_swedish_hub_gets_the_swedish_crisis_line(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    state = hass.states.get(CRISIS)
    assert state is not None
    assert state.state == "09 2525 0112"
    assert state.attributes["emergency_label"] == "Nödnummer"


async def test_crisis_numbers_can_be_changed(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    form = await _open(hass, loaded_hub, "crisis_path")
    assert _defaults(form) == {"emergency": "112", "crisis_line": "09 2525 0111"}
    result = await hass.config_entries.options.async_configure(
        form["flow_id"], {"emergency": "112", "crisis_line": "abc"}
    )
    assert result["errors"] == {"crisis_line": "invalid_phone"}
    result = await hass.config_entries.options.async_configure(
        form["flow_id"], {"emergency": "112", "crisis_line": "0800 12 345"}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    state = hass.states.get(CRISIS)
    assert state is not None
    assert state.state == "0800 12 345"
    assert state.attributes["crisis_line_tel"] == "tel:080012345"


async def test_safety_plan_is_written_with_the_client_and_shown(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    state = hass.states.get(PLAN)
    assert state is not None
    assert state.state == "0"
    form = await _open(hass, loaded_hub, "safety_plan")
    result = await hass.config_entries.options.async_configure(
        form["flow_id"], {"coping": "x" * 1001}
    )
    assert result["errors"] == {"coping": "section_too_long"}
    result = await hass.config_entries.options.async_configure(
        form["flow_id"],
        {"warning_signs": "En nuku, vetäydyn.", "coping": "Suihku, kävely, musiikki."},
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY

    state = hass.states.get(PLAN)
    assert state is not None
    assert state.state == "2"
    sections = state.attributes["sections"]
    assert [s["key"] for s in sections] == [
        "warning_signs",
        "coping",
        "distractions",
        "help_people",
        "professionals",
        "safe_surroundings",
    ]
    assert sections[0] == {
        "key": "warning_signs",
        "title": "Varoitusmerkit",
        "text": "En nuku, vetäydyn.",
    }
    assert sections[5]["title"] == "Ympäristöni turvalliseksi"
    # The plan is shown when it is edited again.
    form = await _open(hass, loaded_hub, "safety_plan")
    suggested = {str(key): key.description["suggested_value"] for key in form["data_schema"].schema}
    assert suggested["coping"] == "Suihku, kävely, musiikki."


@pytest.mark.parametrize(
    "hub_options",
    [
        {
            "check_in_deadline": "12:00:00",
            "safety_plan": {"warning_signs": "En nuku.", "coping": "Suihku."},
            "crisis_path": {"emergency": "112", "crisis_line": "09 2525 0111"},
        }
    ],
)
async def test_diagnostics_count_care_but_never_show_the_plan(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    await hass.services.async_call(
        DOMAIN,
        "check_in",
        {"config_entry_id": loaded_hub.entry_id, "mood": 2, "note": "Huono yö."},
        blocking=True,
    )
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_hub)
    text = str(diagnostics)
    assert "En nuku" not in text
    assert "Huono yö" not in text
    assert diagnostics["entry"]["options"]["safety_plan"] == "**REDACTED**"
    assert diagnostics["care"] == {
        "check_in_days_recorded": 1,
        "checked_in_today": True,
        "missed_days_last_7": 0,
        "open_escalations": [],
        "ladder_steps": [
            {"delay_minutes": 0, "roles": ["client"]},
            {"delay_minutes": 15, "roles": ["family"]},
            {"delay_minutes": 60, "roles": ["worker"]},
        ],
        "call_status": "idle",
        "safety_plan_sections_filled": 2,
    }


@pytest.mark.parametrize(
    "hub_options",
    [{"check_in_deadline": "12:00:00", "client_notify": ["notify.mobile_app_maijan_puhelin"]}],
)
async def test_diagnostics_hide_the_clients_own_notify_targets(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_hub)
    assert "maijan_puhelin" not in str(diagnostics)
    assert diagnostics["entry"]["options"]["client_notify"] == "**REDACTED**"
