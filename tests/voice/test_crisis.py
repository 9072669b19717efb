"""Crisis and danger words: 112 and the crisis line at once, never a mood."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.digiohjaus.const import EVENT_CALL, EVENT_CHECK_IN, EVENT_REMINDER

from .conftest import Say, create_hub, entity_of, set_voice, state_of

CRISIS_FI = (
    "Soita heti 112, jos olet vaarassa tai asia ei voi odottaa. Kriisipuhelin 09 2525 0111 "
    "vastaa ympäri vuorokauden. Et ole yksin."
)


@pytest.mark.parametrize(
    ("sentence", "spoken"),
    [
        ("En jaksa enää", "fi"),
        ("haluan kuolla", "fi"),
        ("Hätä!", "fi"),
        ("minulla on hätä", "fi"),
        # As people say it: inflected, colloquial, a word in between.
        ("ajattelen itsemurhaa", "fi"),
        ("mä haluun kuolla", "fi"),
        ("en halua enää elää", "fi"),
        # A mood and a crisis word together: never recorded as the mood.
        ("voin huonosti, en jaksa enää", "fi"),
        ("minulla on huono päivä ja haluan kuolla", "fi"),
        ("jag orkar inte mer", "sv"),
        ("Jag mår dåligt, jag vill dö", "sv"),
        ("jag har självmordstankar", "sv"),
        ("I want to die", "en"),
        ("I feel suicidal", "en"),
        ("I feel bad and I can't go on", "en"),
        ("this is an emergency", "en"),
    ],
)
async def test_crisis_words_get_the_crisis_numbers(
    hass: HomeAssistant, hub: ConfigEntry, say: Say, sentence: str, spoken: str
) -> None:
    """The answer starts with 112 and gives the crisis line; no check-in is recorded."""
    check_ins = async_capture_events(hass, EVENT_CHECK_IN)
    calls = async_capture_events(hass, EVENT_CALL)

    assert await say(sentence, spoken) == CRISIS_FI

    assert check_ins == calls == []
    mood = entity_of(hass, "sensor", f"{hub.entry_id}_mood_today")
    assert state_of(hass, mood) == "unknown"


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        (
            "sv",
            (
                "Ring 112 genast om du är i fara eller om det inte kan vänta. Kristelefonen "
                "09 2525 0111 svarar dygnet runt. Du är inte ensam. Kristelefonen på svenska: "
                "09 2525 0112."
            ),
        ),
        (
            "en",
            (
                "Call 112 now if you are in danger or it cannot wait. The crisis line 09 2525 0111 "
                "answers day and night. You are not alone."
            ),
        ),
    ],
)
async def test_crisis_answer_in_the_hubs_language(
    hass: HomeAssistant, hub: ConfigEntry, say: Say, language: str, answer: str
) -> None:
    """Swedish and English hubs answer in their own language, with the same numbers."""
    assert await say("hätä", "fi") == answer


async def _write_plan(hass: HomeAssistant, entry: ConfigEntry, plan: dict[str, str]) -> None:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "safety_plan"}
    )
    await hass.config_entries.options.async_configure(result["flow_id"], plan)
    await hass.async_block_till_done()


async def test_crisis_answer_reads_the_plans_first_step(
    hass: HomeAssistant, hub: ConfigEntry, say: Say
) -> None:
    """With a safety plan, its first step to take follows the numbers."""
    await _write_plan(
        hass,
        hub,
        {"warning_signs": "En nuku.", "coping": "Käyn suihkussa ja soitan siskolle."},
    )
    answer = await say("en jaksa enää")
    assert answer.startswith(CRISIS_FI)
    assert answer.endswith("Käyn suihkussa ja soitan siskolle.")
    assert "En nuku." not in answer


async def test_crisis_numbers_do_not_follow_the_settings(
    hass: HomeAssistant, hub: ConfigEntry, say: Say
) -> None:
    """The spoken crisis numbers are constants, whatever the crisis-path options hold."""
    result = await hass.config_entries.options.async_init(hub.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "crisis_path"}
    )
    await hass.config_entries.options.async_configure(
        result["flow_id"], {"emergency": "112", "crisis_line": "040 555 1234"}
    )
    await hass.async_block_till_done()
    assert await say("haluan kuolla") == CRISIS_FI


async def test_crisis_words_work_without_voice_commands(hass: HomeAssistant, say: Say) -> None:
    """Before the worker turns voice commands on, crisis words are already answered."""
    entry = await create_hub(hass, "fi")
    events = async_capture_events(hass, EVENT_REMINDER)
    assert await say("haluan kuolla") == CRISIS_FI
    # ... but the commands are not the hub's yet.
    assert "Kiitos" not in await say("voin hyvin")
    assert entry.runtime_data.checkin.today_check_in is None
    await set_voice(hass, entry, True)
    assert await say("voin hyvin") == "Kiitos! Vointisi tänään: Hyvä."
    assert events == []


async def test_check_in_intent_refuses_a_crisis(hass: HomeAssistant, hub: ConfigEntry) -> None:
    """A worker's own sentence that maps a crisis to the check-in still gets the crisis answer."""
    response = await intent.async_handle(
        hass,
        "test",
        "DigiohjausCheckIn",
        {"mood": {"value": 1}},
        text_input="voin tosi huonosti, haluan kuolla",
    )
    assert response.speech["plain"]["speech"] == CRISIS_FI
    assert hub.runtime_data.checkin.today_check_in is None

    response = await intent.async_handle(
        hass, "test", "DigiohjausCheckIn", {"mood": {"value": "3"}}, text_input="ihan ok"
    )
    assert response.speech["plain"]["speech"] == "Kiitos! Vointisi tänään: Ok."


async def test_check_in_intent_rejects_a_mood_off_the_scale(
    hass: HomeAssistant, hub: ConfigEntry
) -> None:
    """A mood of 6 is invalid slot info; nothing is recorded."""
    with pytest.raises(intent.InvalidSlotInfo):
        await intent.async_handle(hass, "test", "DigiohjausCheckIn", {"mood": {"value": 6}})
    assert hub.runtime_data.checkin.today_check_in is None


async def test_crisis_intent(hass: HomeAssistant, hub: ConfigEntry) -> None:
    """The crisis intent, for a worker's own sentences or automations."""
    response = await intent.async_handle(hass, "test", "DigiohjausCrisis")
    assert response.speech["plain"]["speech"] == CRISIS_FI


@pytest.mark.parametrize("template", [None, "Soita {numero}.", "Soita hätänumeroon."])
async def test_crisis_numbers_survive_a_missing_or_broken_text(
    hass: HomeAssistant, hub: ConfigEntry, say: Say, template: str | None
) -> None:
    """Care-critical: whatever happened to the translated text, both numbers are said."""
    texts = hub.runtime_data.reminders.texts
    key = "component.digiohjaus.common.voice_crisis"
    if template is None:
        del texts[key]
    else:
        texts[key] = template
    answer = await say("haluan kuolla")
    assert answer.startswith("112 · 09 2525 0111.")
