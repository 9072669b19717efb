"""Turning voice on and off, restarts, and sentences that are not the hub's."""

from __future__ import annotations

from homeassistant.components.conversation import ConversationInput
from homeassistant.components.conversation.agent_manager import get_agent_manager
from homeassistant.components.conversation.const import IntentSource
from homeassistant.components.conversation.trigger import has_no_punctuation, is_valid_sentence
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import intent
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.digiohjaus.const import EVENT_CALL, EVENT_CHECK_IN, EVENT_REMINDER
from custom_components.digiohjaus.core.voice import Intent, trigger_sentences

from .conftest import AddReminder, Say, entity_of, medication, set_voice, state_of

HUB_INTENTS = {str(name) for name in Intent}


def registered_intents(hass: HomeAssistant) -> set[str]:
    """The hub's intents Home Assistant knows now."""
    return {handler.intent_type for handler in intent.async_get(hass)} & HUB_INTENTS


def test_sentences_are_valid_trigger_sentences() -> None:
    """Every sentence passes the checks of a conversation trigger."""
    sentences = trigger_sentences(commands=True)
    assert has_no_punctuation(sentences) == sentences
    assert is_valid_sentence(sentences) == sentences


@pytest.mark.parametrize(
    "sentence",
    ["hello there", "otin kissan", "sytytä valot", "jag mår", "soita äidille", "hätävara"],
)
async def test_unknown_sentence_changes_nothing(
    hass: HomeAssistant, hub: ConfigEntry, add_reminder: AddReminder, say: Say, sentence: str
) -> None:
    """A sentence that is not the hub's is left to Home Assistant, and nothing changes."""
    rid = await add_reminder("medication", medication())
    status = entity_of(hass, "sensor", f"{rid}_status")
    before = state_of(hass, status)
    events = [async_capture_events(hass, e) for e in (EVENT_REMINDER, EVENT_CHECK_IN, EVENT_CALL)]

    answer = await say(sentence)

    assert "112" not in answer
    assert "Merkitsin" not in answer
    assert events == [[], [], []]
    assert state_of(hass, status) == before
    assert hub.runtime_data.checkin.today_check_in is None


async def test_conversation_process_action(hass: HomeAssistant, hub: ConfigEntry) -> None:
    """The conversation.process action reaches the hub too (e.g. from a voice satellite)."""
    response = await hass.services.async_call(
        "conversation",
        "process",
        {"text": "jag mår dåligt", "language": "sv"},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["response"]["speech"]["plain"]["speech"] == "Kiitos! Vointisi tänään: Huono."
    state = entity_of(hass, "sensor", f"{hub.entry_id}_mood_today")
    assert state_of(hass, state) == "bad"


async def test_voice_survives_restarts_and_goes_with_the_hub(
    hass: HomeAssistant, hub: ConfigEntry, say: Say
) -> None:
    """Started again and again: one set of sentences; unloaded: none, and the intents go."""
    manager = get_agent_manager(hass)
    ours = len(trigger_sentences(commands=True))
    for _ in range(2):
        assert await hass.config_entries.async_reload(hub.entry_id)
        await hass.async_block_till_done()
        assert len(manager.trigger_sentences) == ours
        assert registered_intents(hass) == HUB_INTENTS
    assert await say("voin hyvin") == "Kiitos! Vointisi tänään: Hyvä."

    assert await hass.config_entries.async_unload(hub.entry_id)
    await hass.async_block_till_done()
    assert manager.trigger_sentences == []
    assert registered_intents(hass) == set()
    assert "112" not in await say("haluan kuolla")


async def test_turning_voice_off(
    hass: HomeAssistant, hub: ConfigEntry, add_reminder: AddReminder, say: Say
) -> None:
    """Off again: the commands stop (nothing is marked); crisis words are still answered."""
    rid = await add_reminder("medication", medication())
    await set_voice(hass, hub, False)
    assert registered_intents(hass) == {Intent.CRISIS.value}
    assert len(get_agent_manager(hass).trigger_sentences) == len(trigger_sentences(commands=False))

    assert "Merkitsin" not in await say("otin lääkkeet")
    assert state_of(hass, entity_of(hass, "sensor", f"{rid}_status")) != "done"
    assert "112" in await say("en jaksa enää")


async def test_a_matched_sentence_the_hub_cannot_place(
    hass: HomeAssistant, hub: ConfigEntry
) -> None:
    """Should the agent hand over a sentence the hub does not know: a kind answer, no change."""
    manager = get_agent_manager(hass)
    (trigger,) = list(manager._intents[IntentSource.TRIGGER]["intents"])
    on_sentence = manager.get_trigger_callback(trigger)
    assert on_sentence is not None
    user_input = ConversationInput(
        text="otin kissan",
        context=Context(),
        conversation_id=None,
        device_id=None,
        satellite_id=None,
        language="fi",
        agent_id=None,
    )
    events = async_capture_events(hass, EVENT_REMINDER)
    answer = await on_sentence(user_input, None)  # type: ignore[arg-type]
    assert answer == "En ymmärtänyt. Voit sanoa esimerkiksi ”otin lääkkeet” tai ”soita ohjaajalle”."
    assert events == []


async def test_reminder_intent_checks_its_slots(hass: HomeAssistant, hub: ConfigEntry) -> None:
    """An unknown kind or part of the day is invalid slot info; a known one is handled."""
    with pytest.raises(intent.InvalidSlotInfo):
        await intent.async_handle(
            hass, "test", "DigiohjausReminderDone", {"kind": {"value": "home_visit"}}
        )
    response = await intent.async_handle(
        hass,
        "test",
        "DigiohjausReminderDone",
        {"kind": {"value": "bill"}, "part": {"value": "evening"}},
    )
    assert response.speech["plain"]["speech"] == "Laskua ei ole nyt maksettavana."
