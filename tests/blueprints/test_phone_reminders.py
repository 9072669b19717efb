"""Rent, bill and meal reminders to the client's phone."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import async_mock_service

from .conftest import (
    PhoneNotifications,
    add_reminder_sensor,
    fire_reminder,
    settle,
    use_blueprint,
)


@pytest.fixture
def marked_done(hass: HomeAssistant) -> list:
    """digiohjaus.mark_done calls."""
    add_reminder_sensor(hass, "sensor.vuokra_tila", "rent-1", "rent")
    add_reminder_sensor(hass, "sensor.sahkolasku_tila", "bill-1", "bill")
    add_reminder_sensor(hass, "sensor.lounas_tila", "meal-1", "meal")
    return async_mock_service(hass, "digiohjaus", "mark_done")


def _press(hass: HomeAssistant, action: str) -> None:
    hass.bus.async_fire("mobile_app_notification_action", {"action": action})


async def test_rent_reminder_reaches_the_phone_and_its_button_marks_it_paid(
    hass: HomeAssistant, phone: str, phone_notifications: PhoneNotifications, marked_done: list
) -> None:
    await use_blueprint(hass, "rent_bill_reminder_phone.yaml", {"phone": phone})

    fire_reminder(hass, "rent-1", "rent", "Vuokra", "due")
    await settle(hass)

    [sent] = phone_notifications.sent
    assert sent["device_id"] == phone
    assert sent["title"] == "💶 Maksumuistutus"
    assert sent["message"] == "Muista maksaa: Vuokra. Kun olet maksanut, napauta Maksettu."
    [button] = sent["data"]["actions"]
    assert button["title"] == "Maksettu"
    assert button["action"].startswith("DIGIOHJAUS_BLUEPRINT_PAID_")

    _press(hass, "SOME_OTHER_BUTTON")
    await settle(hass)
    assert marked_done == []

    _press(hass, button["action"])
    await settle(hass)
    assert [call.data["entity_id"] for call in marked_done] == [["sensor.vuokra_tila"]]


async def test_only_the_chosen_kinds_reach_the_phone(
    hass: HomeAssistant, phone: str, phone_notifications: PhoneNotifications, marked_done: list
) -> None:
    await use_blueprint(hass, "rent_bill_reminder_phone.yaml", {"phone": phone, "kinds": ["bill"]})

    fire_reminder(hass, "rent-1", "rent", "Vuokra", "due")
    fire_reminder(hass, "meal-1", "meal", "Lounas", "due")
    fire_reminder(hass, "bill-1", "bill", "Sähkölasku", "missed")
    fire_reminder(hass, "bill-1", "bill", "Sähkölasku", "due")
    await settle(hass)

    assert [sent["message"] for sent in phone_notifications.sent] == [
        "Muista maksaa: Sähkölasku. Kun olet maksanut, napauta Maksettu."
    ]


async def test_meal_reminder_reaches_the_phone_and_the_tablet_speaker(
    hass: HomeAssistant, phone: str, phone_notifications: PhoneNotifications, marked_done: list
) -> None:
    spoken = async_mock_service(hass, "tts", "speak")
    await use_blueprint(
        hass,
        "meal_reminder.yaml",
        {
            "phone": phone,
            "tts_service": "tts.puhe",
            "media_player": "media_player.keittion_tabletti",
        },
    )

    fire_reminder(hass, "rent-1", "rent", "Vuokra", "due")
    fire_reminder(hass, "meal-1", "meal", "Lounas", "due")
    await settle(hass)

    [sent] = phone_notifications.sent
    assert sent["message"] == "🍽️ Ruoka-aika: Lounas. Hyvää ruokahalua!"
    [button] = sent["data"]["actions"]
    assert button["title"] == "Syöty"
    # The speaker gets the same words without the emoji.
    assert [call.data["message"] for call in spoken] == ["Ruoka-aika: Lounas. Hyvää ruokahalua!"]
    assert spoken[0].data["media_player_entity_id"] == "media_player.keittion_tabletti"

    _press(hass, button["action"])
    await settle(hass)
    assert [call.data["entity_id"] for call in marked_done] == [["sensor.lounas_tila"]]


async def test_meal_reminder_without_a_speaker_only_notifies(
    hass: HomeAssistant, phone: str, phone_notifications: PhoneNotifications, marked_done: list
) -> None:
    spoken = async_mock_service(hass, "tts", "speak")
    await use_blueprint(hass, "meal_reminder.yaml", {"phone": phone})

    fire_reminder(hass, "meal-1", "meal", "Lounas", "due")
    await settle(hass)

    assert len(phone_notifications.sent) == 1
    assert spoken == []
