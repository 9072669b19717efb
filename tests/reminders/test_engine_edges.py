"""The engine's edges: unreadable stored data, diagnostics, texts, lead notices."""

from __future__ import annotations

from collections.abc import Mapping
import copy
from dataclasses import replace
from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.translation import async_get_translations
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.occurrence import Notice, Occurrence, Step
from custom_components.digiohjaus.hub.delivery import NotificationAction
from custom_components.digiohjaus.hub.reminders import storage as reminder_storage
from custom_components.digiohjaus.hub.reminders.engine import Reminder
from custom_components.digiohjaus.hub.reminders.kind import Composed, TextLookup
from custom_components.digiohjaus.hub.reminders.medication import MedicationSubentryFlow
from custom_components.digiohjaus.hub.reminders.notify import common_text, compose

from .conftest import AddReminder, MoveTo, helsinki, medication_input
from .helpers import state_of


@pytest.fixture
def hub_entry(
    hass: HomeAssistant, hub_data: dict[str, Any], hub_options: dict[str, Any]
) -> MockConfigEntry:
    """A hub whose stored medication has an impossible time (edited by hand, say)."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Maija",
        data=hub_data,
        options=hub_options,
        unique_id="client_home_hub",
        subentries_data=[
            {
                "data": medication_input(times=["99:99"]),
                "subentry_type": "medication",
                "title": "Burana",
                "unique_id": None,
            },
            {
                "data": medication_input(name="Melatoniini", times=["21:00"]),
                "subentry_type": "medication",
                "title": "Melatoniini",
                "unique_id": None,
            },
        ],
    )
    entry.add_to_hass(hass)
    return entry


async def test_unreadable_reminder_is_skipped_the_rest_runs(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    engine = loaded_hub.runtime_data.reminders
    assert [r.spec.name for r in engine.subentry_reminders.values()] == ["Melatoniini"]
    logged = " ".join(record.getMessage() for record in caplog.get_records("setup"))
    assert "stored schedule is invalid" in logged
    assert "Burana" not in logged
    assert hass.states.get("sensor.melatoniini_status") is not None


async def test_diagnostics_count_without_names(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    hass_client: ClientSessionGenerator,
) -> None:
    await add_reminder()
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_hub)
    assert diagnostics["reminders"]["by_kind"] == {"home_visit": 1, "medication": 2}
    assert diagnostics["reminders"]["timer_armed"] is True
    assert diagnostics["reminders"]["next_wakeup"] is not None
    assert "Burana" not in str(diagnostics)
    assert "Melatoniini" not in str(diagnostics)
    assert "tabletti" not in str(diagnostics)


async def test_lead_notice_has_no_buttons(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    engine = loaded_hub.runtime_data.reminders
    reminder: Reminder = next(iter(engine.reminders.values()))
    texts = await async_get_translations(hass, "fi", "common", [DOMAIN])
    due_at = helsinki(2027, 1, 15, 21, 0)
    step = Step(Occurrence(nominal=due_at.replace(tzinfo=None), due_at=due_at), None, Notice.LEAD)
    composed = compose(texts, loaded_hub.entry_id, reminder, step, Notice.LEAD, language="fi")
    assert composed == Composed("💊 Lääkkeen aika", "Klo 21.00: Melatoniini, 1 tabletti.", ())


async def test_a_kind_can_adjust_its_notification(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    def with_link(
        composed: Composed, data: Mapping[str, Any], notice: Notice, text: TextLookup
    ) -> Composed:
        link = NotificationAction("join", text("snooze_button"), uri="https://meet.example/a")
        return replace(
            composed,
            message=f"{composed.message}\n{data['dose']}",
            actions=(*composed.actions, link),
        )

    engine = loaded_hub.runtime_data.reminders
    original: Reminder = next(iter(engine.reminders.values()))
    reminder = replace(original, kind=replace(original.kind, compose=with_link))
    texts = await async_get_translations(hass, "fi", "common", [DOMAIN])
    due_at = helsinki(2027, 1, 15, 21, 0)
    step = Step(Occurrence(nominal=due_at.replace(tzinfo=None), due_at=due_at), None, Notice.DUE)
    composed = compose(texts, loaded_hub.entry_id, reminder, step, Notice.DUE, language="fi")
    assert composed.message == "Nyt on lääkkeen aika: Melatoniini, 1 tabletti.\n1 tabletti"
    assert [a.title for a in composed.actions] == [
        "Otettu ✅",
        "Muistuta myöhemmin",
        "Muistuta myöhemmin",
    ]
    assert composed.actions[-1].uri == "https://meet.example/a"


def test_texts_never_break_a_reminder() -> None:
    texts = {
        "component.digiohjaus.common.good": "Klo {time}",
        "component.digiohjaus.common.bad": "Klo {aika}",
    }
    assert common_text(texts, "good", time="8:00") == "Klo 8:00"
    assert common_text(texts, "bad", time="8:00") == "Klo {aika}"
    assert common_text(texts, "missing") == "missing"


def test_unknown_errors_show_on_the_whole_form() -> None:
    assert MedicationSubentryFlow().field_of_error("something_else") == "base"


async def test_early_window_opening_refreshes_the_status(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, move_to: MoveTo
) -> None:
    state = hass.states.get("sensor.melatoniini_status")
    assert state is not None
    assert state.state == "scheduled"
    await move_to(helsinki(2027, 1, 15, 21, 0))
    await move_to(helsinki(2027, 1, 15, 21, 5))
    await hass.services.async_call(
        "button", "press", {"entity_id": "button.melatoniini_taken"}, blocking=True
    )
    state = hass.states.get("sensor.melatoniini_status")
    assert state is not None
    assert state.state == "done"
    # "Taken" shows until the next dose's early window opens, two hours before 21:00.
    await move_to(helsinki(2027, 1, 16, 18, 59) + timedelta(seconds=59))
    state = hass.states.get("sensor.melatoniini_status")
    assert state is not None
    assert state.state == "done"
    await move_to(helsinki(2027, 1, 16, 19, 0))
    state = hass.states.get("sensor.melatoniini_status")
    assert state is not None
    assert state.state == "scheduled"


async def test_an_unreadable_history_stays_on_disk_as_it_is(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    move_to: MoveTo,
    hass_storage: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rest of the hub runs; the damaged record is neither lost nor rewritten."""
    damaged_id = await add_reminder(name="Sertralin")
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await hass.async_block_till_done()
    key = f"{DOMAIN}.{loaded_hub.entry_id}.reminders"
    damaged = {"horizon": "eilen", "occurrences": [{"n": "x"}]}
    hass_storage[key]["data"]["reminders"][damaged_id] = copy.deepcopy(damaged)
    # A small journal: the full store is rewritten while the hub runs, and again at stop.
    monkeypatch.setattr(reminder_storage, "JOURNAL_LIMIT", 0)

    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert state_of(hass, "sensor.sertralin_status") == "unavailable"
    assert ir.async_get(hass).async_get_issue(DOMAIN, f"reminder_unreadable_{damaged_id}")
    await move_to(helsinki(2027, 1, 15, 21, 0))  # Melatoniini due (one change)
    await move_to(helsinki(2027, 1, 15, 22, 0))  # and missed: the journal is full
    assert state_of(hass, "sensor.melatoniini_status") == "missed"
    assert hass_storage[key]["data"]["reminders"][damaged_id] == damaged
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    await hass.async_block_till_done()

    assert hass_storage[key]["data"]["reminders"][damaged_id] == damaged
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert state_of(hass, "sensor.melatoniini_status") == "missed"  # its history is whole
