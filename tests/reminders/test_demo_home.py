"""The demo home's reminders (scripts/demo_home.py) pass the real subentry flows."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.hub.reminders.registry import KINDS

SCRIPT = Path(__file__).parents[2] / "scripts" / "demo_home.py"


def demo_home() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_home", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_demo_reminders_are_accepted(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    reminders = [(t, steps) for t, steps in demo_home().DEMO_SUBENTRIES if t in KINDS]
    assert [t for t, _ in reminders].count("medication") == 2
    assert {t for t, _ in reminders} == {
        "medication",
        "rent",
        "bill",
        "meal",
        "appointment",
        "routine",
    }
    for subentry_type, steps in reminders:
        result = await hass.config_entries.subentries.async_init(
            (loaded_hub.entry_id, subentry_type), context={"source": SOURCE_USER}
        )
        for data in steps:
            result = await hass.config_entries.subentries.async_configure(result["flow_id"], data)
        assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    await hass.async_block_till_done()
    assert len(loaded_hub.runtime_data.reminders.subentry_reminders) == len(reminders)
    assert hass.states.get("sensor.sertralin_status") is not None
    assert hass.states.get("sensor.d_vitamiini_adherence_7_days") is not None
