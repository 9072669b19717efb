"""A physical button that asks the worker to call, and the evening routine."""

from __future__ import annotations

from datetime import datetime

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from .conftest import HUB_ENTRY_ID, settle, use_blueprint

BUTTON_PRESSED = [{"trigger": "event", "event_type": "zigbee_button_pressed"}]
CALENDAR = "calendar.kotihubi_maija_muistutukset"


async def test_button_press_requests_a_call_and_confirms_out_loud(hass: HomeAssistant) -> None:
    requested = async_mock_service(hass, "digiohjaus", "request_call")
    spoken = async_mock_service(hass, "tts", "speak")
    await use_blueprint(
        hass,
        "button_request_call.yaml",
        {
            "button_pressed": BUTTON_PRESSED,
            "hub": HUB_ENTRY_ID,
            "tts_service": "tts.puhe",
            "media_player": "media_player.keittion_tabletti",
        },
    )

    hass.bus.async_fire("zigbee_button_pressed")
    await settle(hass)

    assert [call.data for call in requested] == [{"config_entry_id": HUB_ENTRY_ID}]
    assert [call.data["message"] for call in spoken] == [
        "Soittopyyntö lähti ohjaajalle. Hätätilanteessa soita 112."
    ]


async def test_button_without_a_speaker_only_requests_the_call(hass: HomeAssistant) -> None:
    requested = async_mock_service(hass, "digiohjaus", "request_call")
    spoken = async_mock_service(hass, "tts", "speak")
    await use_blueprint(
        hass, "button_request_call.yaml", {"button_pressed": BUTTON_PRESSED, "hub": HUB_ENTRY_ID}
    )

    hass.bus.async_fire("zigbee_button_pressed")
    await settle(hass)

    assert len(requested) == 1
    assert spoken == []


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=dt_util.get_default_time_zone())


async def _evening(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: str) -> None:
    freezer.move_to(_at(when))
    async_fire_time_changed(hass)
    await settle(hass)


async def test_evening_routine_dims_lights_and_tells_tomorrow(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(_at("2026-11-02 20:00:00"))  # a Monday
    dimmed = async_mock_service(hass, "light", "turn_on")
    turned_off = async_mock_service(hass, "light", "turn_off")
    spoken = async_mock_service(hass, "tts", "speak")
    shown = async_mock_service(hass, "persistent_notification", "create")
    asked = async_mock_service(
        hass,
        "calendar",
        "get_events",
        response={
            CALENDAR: {
                "events": [
                    {"start": "2026-11-03T14:00:00+02:00", "summary": "Etätapaaminen"},
                    {"start": "2026-11-03", "summary": "Vuokra"},
                    {"start": "2026-11-03T08:00:00+02:00", "summary": "Aamulääke"},
                ]
            }
        },
    )
    await use_blueprint(
        hass,
        "evening_routine.yaml",
        {
            "at": "21:00:00",
            "weekdays": ["mon", "tue"],
            "calendar": CALENDAR,
            "evening_lights": ["light.olohuone"],
            "brightness": 25,
            "lights_off": ["light.keittio"],
            "tts_service": "tts.puhe",
            "media_player": "media_player.keittion_tabletti",
        },
    )

    await _evening(hass, freezer, "2026-11-02 21:00:00")

    assert [(call.data["entity_id"], call.data["brightness_pct"]) for call in dimmed] == [
        (["light.olohuone"], 25)
    ]
    assert [call.data["entity_id"] for call in turned_off] == [["light.keittio"]]
    [question] = asked
    assert question.data["entity_id"] == [CALENDAR]
    assert question.data["start_date_time"] == "2026-11-03T00:00:00+02:00"
    assert question.data["end_date_time"] == "2026-11-04T00:00:00+02:00"
    tomorrow = "Huomenna: Vuokra, klo 8.00 Aamulääke, klo 14.00 Etätapaaminen."
    assert [call.data["message"] for call in spoken] == [f"Hyvää iltaa! {tomorrow}"]
    assert [(call.data["title"], call.data["message"]) for call in shown] == [
        ("🌙 Hyvää iltaa!", tomorrow)
    ]


async def test_evening_routine_keeps_to_its_days_and_says_when_tomorrow_is_free(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(_at("2026-11-03 20:00:00"))  # a Tuesday
    dimmed = async_mock_service(hass, "light", "turn_on")
    shown = async_mock_service(hass, "persistent_notification", "create")
    async_mock_service(hass, "calendar", "get_events", response={CALENDAR: {"events": []}})
    await use_blueprint(
        hass,
        "evening_routine.yaml",
        {"at": "21:00:00", "weekdays": ["wed"], "calendar": CALENDAR},
    )

    await _evening(hass, freezer, "2026-11-03 21:00:00")
    assert shown == []

    await _evening(hass, freezer, "2026-11-04 21:00:00")
    assert [call.data["message"] for call in shown] == ["Huomenna ei ole muistutuksia."]
    assert dimmed == []
