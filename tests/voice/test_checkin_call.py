"""Check-in and "call my worker" by voice: the tap's path, the tablet's thanks."""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import async_capture_events, async_mock_service

from custom_components.digiohjaus.const import EVENT_CALL, EVENT_CHECK_IN

from .conftest import Say, entity_of, state_of


@pytest.mark.parametrize(
    ("language", "sentence", "mood", "state", "answer"),
    [
        ("fi", "Voin hyvin", 4, "good", "Kiitos! Vointisi tänään: Hyvä."),
        ("fi", "minulla on huono päivä", 2, "bad", "Kiitos! Vointisi tänään: Huono."),
        ("fi", "voin tosi huonosti", 1, "very_bad", "Kiitos! Vointisi tänään: Tosi huono."),
        ("sv", "Jag mår jättebra!", 5, "very_good", "Tack! Ditt mående i dag: Mycket bra."),
        ("sv", "jag mår okej", 3, "ok", "Tack! Ditt mående i dag: Okej."),
        ("en", "I'm having a bad day", 2, "bad", "Thank you! Your mood today: Bad."),
        ("en", "I feel great", 5, "very_good", "Thank you! Your mood today: Very good."),
    ],
)
async def test_check_in_by_voice(
    hass: HomeAssistant,
    hub: ConfigEntry,
    say: Say,
    language: str,
    sentence: str,
    mood: int,
    state: str,
    answer: str,
) -> None:
    """The mood is recorded as a tap on the scale records it; the thanks is the tablet's."""
    events = async_capture_events(hass, EVENT_CHECK_IN)
    assert await say(sentence, language) == answer
    assert state_of(hass, entity_of(hass, "sensor", f"{hub.entry_id}_mood_today")) == state
    assert [(e.data["status"], e.data["mood"]) for e in events] == [("done", mood)]
    # Nothing of what was said is kept: the check-in has no note.
    check_in = hub.runtime_data.checkin.today_check_in
    assert check_in is not None
    assert check_in.note is None


async def test_answer_in_the_hubs_language(hass: HomeAssistant, hub: ConfigEntry, say: Say) -> None:
    """A Finnish hub answers in Finnish, whatever language was spoken."""
    assert await say("jag mår bra", "sv") == "Kiitos! Vointisi tänään: Hyvä."
    assert await say("I feel bad", "en") == "Kiitos! Vointisi tänään: Huono."


async def _add_worker(hass: HomeAssistant, hub: ConfigEntry) -> None:
    """Liisa, the worker, consents to call requests (through the contact flow)."""
    async_mock_service(hass, "notify", "mobile_app_liisa")
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, "contact"), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "name": "Liisa",
            "role": "worker",
            "notify_target": "notify.mobile_app_liisa",
            "phone": "040 123 4567",
            "language": "fi",
        },
    )
    kinds = ("check_in", "mood", "medication", "medication_details", "calls", "reminders")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {kind: kind == "calls" for kind in (*kinds, "activity")}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()


@pytest.mark.parametrize(
    ("language", "sentence", "answer"),
    [
        (
            "fi",
            "Soita ohjaajalle",
            (
                "Pyysin ohjaajaa soittamaan sinulle. Kun ohjaaja vastaa, näet sen tabletilta. "
                "Jos vastausta ei tule 15 minuutissa, pyyntö menee myös niille, joille olet "
                "antanut luvan."
            ),
        ),
        (
            "sv",
            "be handledaren ringa mig",
            (
                "Jag bad handledaren att ringa dig. När handledaren svarar ser du det på "
                "surfplattan. Om ingen svarar inom 15 minuter går begäran också till dem du har "
                "gett lov."
            ),
        ),
        (
            "en",
            "ask my worker to call me",
            (
                "I asked your worker to call you. When they answer, you will see it on the tablet. "
                "If there is no answer in 15 minutes, the request also goes to the people you "
                "have allowed."
            ),
        ),
    ],
)
async def test_call_request_by_voice(
    hass: HomeAssistant, hub: ConfigEntry, say: Say, language: str, sentence: str, answer: str
) -> None:
    """The worker gets the request as from the button, and it is audited the same way."""
    await _add_worker(hass, hub)
    liisa = async_mock_service(hass, "notify", "mobile_app_liisa")
    events = async_capture_events(hass, EVENT_CALL)

    assert await say(sentence, language) == answer

    status = entity_of(hass, "sensor", f"{hub.entry_id}_call_status")
    assert state_of(hass, status) == "requested"
    assert [e.data["status"] for e in events] == ["requested"]
    assert len(liisa) == 1
    entries = hub.runtime_data.audit.page().as_dict()["entries"]
    sent = [(e["outcome"], e["kinds"]) for e in entries if e.get("topic") == "call_request"]
    assert sent == [("sent", ["calls"])]


async def test_call_request_said_twice(hass: HomeAssistant, hub: ConfigEntry, say: Say) -> None:
    """Said again at once: nothing is sent again (as a second tap), and the answer says so."""
    await _add_worker(hass, hub)
    liisa = async_mock_service(hass, "notify", "mobile_app_liisa")
    await say("soita ohjaajalle")
    assert await say("pyydä ohjaajaa soittamaan") == (
        "Pyyntö lähti juuri ohjaajalle. Hän soittaa sinulle, kun pystyy."
    )
    assert len(liisa) == 1


async def test_call_request_with_no_worker_to_tell(
    hass: HomeAssistant, hub: ConfigEntry, say: Say
) -> None:
    """No worker could be told: the answer gives the crisis numbers at once."""
    answer = await say("soita ohjaajalle")
    assert answer == (
        "Ohjaajaa ei tavoitettu juuri nyt. Jos asia ei voi odottaa, soita 112. "
        "Kriisipuhelin 09 2525 0111 vastaa ympäri vuorokauden."
    )
    status = entity_of(hass, "sensor", f"{hub.entry_id}_call_status")
    assert state_of(hass, status) == "escalated"
