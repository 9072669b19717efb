"""Saying a reminder is done marks it done, as its button does, and says which one."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.digiohjaus.const import EVENT_REMINDER

from ..test_durable_consent import failing_writes
from .conftest import AddReminder, Say, entity_of, helsinki, meal, medication, rent, state_of


@pytest.mark.parametrize(
    ("language", "sentence", "answer"),
    [
        ("fi", "Otin aamulääkkeen", "Hienoa! Merkitsin otetuksi: Burana klo 8.00."),
        ("fi", "otin lääkkeet.", "Hienoa! Merkitsin otetuksi: Burana klo 8.00."),
        ("sv", "Jag har tagit medicinen", "Bra! Jag markerade som tagen: Burana kl. 8.00."),
        ("en", "I took my meds", "Well done! Marked as taken: Burana at 8:00."),
        ("en", "I've taken my morning medicine", "Well done! Marked as taken: Burana at 8:00."),
    ],
)
async def test_medicine_taken_by_voice(
    hass: HomeAssistant,
    hub: ConfigEntry,
    add_reminder: AddReminder,
    say: Say,
    language: str,
    sentence: str,
    answer: str,
) -> None:
    """At 07:30 the 08:00 dose is within its early window: saying so marks it taken."""
    rid = await add_reminder("medication", medication())
    events = async_capture_events(hass, EVENT_REMINDER)

    assert await say(sentence, language) == answer

    assert state_of(hass, entity_of(hass, "sensor", f"{rid}_status")) == "done"
    assert [(e.data["reminder_id"], e.data["status"]) for e in events] == [(rid, "done")]


async def test_voice_fires_what_the_button_fires(
    hass: HomeAssistant, hub: ConfigEntry, add_reminder: AddReminder, say: Say
) -> None:
    """Two medicines at 08:00: one tapped, the other said; both end the same way."""
    tapped = await add_reminder("medication", medication(name="Burana"))
    spoken = await add_reminder("medication", medication(name="Sertralin"))
    events = async_capture_events(hass, EVENT_REMINDER)

    button = entity_of(hass, "button", f"{tapped}_done")
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    # The tapped one is done; only the other is named.
    assert await say("otin lääkkeet") == "Hienoa! Merkitsin otetuksi: Sertralin klo 8.00."

    by_tap, by_voice = (e.data for e in events)
    assert by_tap.keys() == by_voice.keys()
    assert (by_tap["reminder_id"], by_voice["reminder_id"]) == (tapped, spoken)
    assert by_tap["status"] == by_voice["status"] == "done"
    assert by_tap["due_at"] == by_voice["due_at"]


async def test_part_of_day_picks_the_right_dose(
    hass: HomeAssistant, hub: ConfigEntry, add_reminder: AddReminder, say: Say
) -> None:
    """At 07:30 the evening dose is far off: nothing is marked, the next dose is named."""
    rid = await add_reminder("medication", medication())
    events = async_capture_events(hass, EVENT_REMINDER)

    assert await say("otin iltalääkkeen") == (
        "Juuri nyt ei ole lääkettä, jonka voisi merkitä otetuksi. Seuraavaksi: Burana klo 8.00."
    )
    assert events == []
    assert state_of(hass, entity_of(hass, "sensor", f"{rid}_status")) != "done"


@pytest.mark.parametrize("start_time", [helsinki(2027, 1, 15, 19, 30)])
async def test_evening_dose_after_the_morning_one_was_missed(
    hass: HomeAssistant, hub: ConfigEntry, add_reminder: AddReminder, say: Say
) -> None:
    """In the evening "otin iltalääkkeen" marks the 20:00 dose, never the morning's."""
    rid = await add_reminder("medication", medication())
    assert await say("otin iltalääkkeet") == "Hienoa! Merkitsin otetuksi: Burana klo 20.00."
    assert state_of(hass, entity_of(hass, "sensor", f"{rid}_status")) == "done"
    # Said again: nothing is due now; the next dose is tomorrow morning.
    assert await say("otin iltalääkkeet") == (
        "Juuri nyt ei ole lääkettä, jonka voisi merkitä otetuksi. Seuraavaksi: Burana klo 8.00."
    )


@pytest.mark.parametrize("start_time", [helsinki(2027, 1, 15, 11, 30)])
@pytest.mark.parametrize(
    ("language", "sentence", "answer"),
    [
        ("fi", "söin lounaan", "Hyvä! Merkitsin syödyksi: Lounas klo 12.00."),
        ("sv", "jag åt lunch", "Bra! Jag markerade som äten: Lounas kl. 12.00."),
        ("en", "I had lunch", "Good! Marked as eaten: Lounas at 12:00."),
    ],
)
async def test_meal_eaten_by_voice(
    hass: HomeAssistant,
    hub: ConfigEntry,
    add_reminder: AddReminder,
    say: Say,
    language: str,
    sentence: str,
    answer: str,
) -> None:
    """Half an hour before lunch, eating counts."""
    rid = await add_reminder("meal", meal())
    assert await say(sentence, language) == answer
    assert state_of(hass, entity_of(hass, "sensor", f"{rid}_status")) == "done"


@pytest.mark.parametrize(
    ("language", "sentence", "answer"),
    [
        ("fi", "Maksoin vuokran", "Hienoa! Merkitsin maksetuksi: Vuokra."),
        ("sv", "jag har betalat hyran", "Bra! Jag markerade som betald: Vuokra."),
        ("en", "I paid the rent", "Well done! Marked as paid: Vuokra."),
    ],
)
async def test_rent_paid_by_voice(
    hass: HomeAssistant,
    hub: ConfigEntry,
    add_reminder: AddReminder,
    say: Say,
    language: str,
    sentence: str,
    answer: str,
) -> None:
    """The rent due today at 09:00 is paid; the answer names it (no time: a whole-day thing)."""
    rid = await add_reminder("rent", rent())
    assert await say(sentence, language) == answer
    assert state_of(hass, entity_of(hass, "sensor", f"{rid}_status")) == "done"


@pytest.mark.parametrize(
    ("language", "sentence", "answer"),
    [
        ("fi", "maksoin vuokran", "Vuokra ei ole nyt maksettavana."),
        ("sv", "hyran är betald", "Hyran ska inte betalas just nu."),
        ("en", "I paid my rent", "The rent is not due right now."),
        ("fi", "olen maksanut laskut", "Laskua ei ole nyt maksettavana."),
        ("fi", "söin", "Juuri nyt ei ole ateriaa, jonka voisi merkitä syödyksi."),
        ("fi", "tein kotityöt", "Juuri nyt ei ole kotityötä, jonka voisi merkitä tehdyksi."),
    ],
)
async def test_nothing_to_mark_is_said_kindly(
    hass: HomeAssistant, hub: ConfigEntry, say: Say, language: str, sentence: str, answer: str
) -> None:
    """No reminder of that kind is due: a kind answer and nothing changes."""
    events = async_capture_events(hass, EVENT_REMINDER)
    assert await say(sentence, language) == answer
    assert events == []


@pytest.mark.parametrize(
    ("language", "sentence", "answer"),
    [
        (
            "fi",
            "Mitä minun pitää tänään muistaa?",
            "Tänään vielä muistettavaa: Lounas klo 12.00, Burana klo 20.00.",
        ),
        (
            "sv",
            "Vad ska jag komma ihåg i dag?",
            "Att komma ihåg i dag: Lounas kl. 12.00, Burana kl. 20.00.",
        ),
        (
            "en",
            "What do I need to remember today?",
            "Still to remember today: Lounas at 12:00, Burana at 20:00.",
        ),
    ],
)
async def test_today_lists_what_is_left(
    hass: HomeAssistant,
    hub: ConfigEntry,
    add_reminder: AddReminder,
    say: Say,
    language: str,
    sentence: str,
    answer: str,
) -> None:
    """After the morning dose is taken, today's list has what is left, in time order."""
    await add_reminder("medication", medication())
    await add_reminder("meal", meal())
    await say("otin lääkkeet")
    assert await say(sentence, language) == answer


async def test_today_with_nothing_left(hass: HomeAssistant, hub: ConfigEntry, say: Say) -> None:
    """No reminders (the home visit is the worker's, not read out): nothing to remember."""
    assert await say("mitä minulla on tänään") == "Tälle päivälle ei ole enää muistettavaa."


async def test_today_is_brief(
    hass: HomeAssistant, hub: ConfigEntry, add_reminder: AddReminder, say: Say
) -> None:
    """Eight reminders left: six are read out, the rest counted."""
    times = ["09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00", "17:00"]
    await add_reminder("medication", medication(times=times))
    answer = await say("mitä tänään pitää muistaa")
    assert answer == (
        "Tänään vielä muistettavaa: Burana klo 9.00, Burana klo 10.00, Burana klo 11.00, "
        "Burana klo 13.00, Burana klo 14.00, Burana klo 15.00. "
        "Lisäksi 2 muuta, katso tabletilta."
    )


async def test_a_failed_save_is_never_confirmed(
    hass: HomeAssistant, hub: ConfigEntry, add_reminder: AddReminder, say: Say
) -> None:
    """The disk is full: the answer says it did not work, and the dose stays as it was."""
    rid = await add_reminder("medication", medication())
    status = entity_of(hass, "sensor", f"{rid}_status")
    before = state_of(hass, status)
    with failing_writes(".reminders_journal"):
        answer = await say("otin lääkkeet")
    assert answer == "Se ei onnistunut juuri nyt. Voit tehdä sen tabletilta."
    assert state_of(hass, status) == before
    # With the disk back, saying it again works.
    assert await say("otin lääkkeet") == "Hienoa! Merkitsin otetuksi: Burana klo 8.00."


async def test_a_failed_check_in_save_is_never_thanked(
    hass: HomeAssistant, hub: ConfigEntry, say: Say
) -> None:
    """No thanks for a check-in that was not saved."""
    with failing_writes(".checkin"):
        answer = await say("voin hyvin")
    assert answer == "Se ei onnistunut juuri nyt. Voit tehdä sen tabletilta."
    assert hub.runtime_data.checkin.today_check_in is None
