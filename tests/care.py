"""Shared pieces for the call, escalation and crisis-path tests: Maija's contacts and phones."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant, ServiceCall
from pytest_homeassistant_custom_component.common import async_fire_time_changed, async_mock_service

from custom_components.digiohjaus.core.consent import DataKind

from .contacts import contact_subentry

K = DataKind


def maijas_contacts() -> list[ConfigSubentryData]:
    """Liisa and Pekka (workers), Anna and Ville (family), Olli (neighbour, other).

    - Liisa: calls, check-in, medication (no names).
    - Pekka: a worker without consent for calls.
    - Anna: calls, check-in, medication (no names).
    - Ville: medication with names, nothing else.
    - Olli: calls only.
    """
    return [
        contact_subentry("Liisa", "worker", kinds={K.CALLS, K.CHECK_IN, K.MEDICATION}),
        contact_subentry("Pekka", "worker", kinds={K.CHECK_IN}),
        contact_subentry("Anna", "family", kinds={K.CALLS, K.CHECK_IN, K.MEDICATION}),
        contact_subentry(
            "Ville", "family", kinds={K.MEDICATION, K.MEDICATION_DETAILS}, language="sv"
        ),
        contact_subentry("Olli", "other", kinds={K.CALLS}),
    ]


PHONES = ("liisa", "pekka", "anna", "ville", "olli")


def mock_phones(hass: HomeAssistant) -> dict[str, list[ServiceCall]]:
    """Each contact's Companion app, recording what it receives."""
    return {name: async_mock_service(hass, "notify", f"mobile_app_{name}") for name in PHONES}


def received(phones: dict[str, list[ServiceCall]]) -> dict[str, int]:
    """How many messages each contact has received."""
    return {name: len(calls) for name, calls in phones.items() if calls}


async def tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, to: str) -> None:
    """Move the clock and let the one-shot timers fire."""
    freezer.move_to(to)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
