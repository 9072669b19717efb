"""The tablet's "Tietoni" view tells the client in plain words who read her data and when.

The markdown is the generated dashboard's own (hub/tablet/audit.py), rendered by Home
Assistant's template engine against the audit sensor.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.helpers.template import Template
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.digiohjaus.core.audit import AuditOutcome
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.hub.tablet.audit import audit_markdown
from custom_components.digiohjaus.hub.tablet.texts import TabletTexts, async_tablet_texts

from .contacts import contact_id, contact_subentry

SENSOR = "sensor.home_hub_maija_latest_data_shared"


@pytest.fixture(autouse=True)
def start_time(freezer: FrozenDateTimeFactory) -> None:
    """Midnight, 28 November 2026."""
    freezer.move_to("2026-11-28T00:00:00+02:00")


@pytest.fixture
def hub_options(hub_options: dict[str, Any]) -> dict[str, Any]:
    """Missed check-ins on the way only nudge the client: no messages to Liisa."""
    return {**hub_options, "escalation": {"steps": [{"delay_minutes": 0, "roles": ["client"]}]}}


@pytest.fixture
def hub_subentries(start_time: None) -> list[ConfigSubentryData]:
    """Liisa the worker may read check-ins and mood."""
    return [contact_subentry("Liisa", kinds={DataKind.CHECK_IN, DataKind.MOOD})]


@pytest.fixture
async def texts(hass: HomeAssistant) -> TabletTexts:
    """The tablet's words of a Finnish hub."""
    return await async_tablet_texts(hass, "fi")


def _render(hass: HomeAssistant, sensor: str, texts: TabletTexts) -> str:
    """The generated tablet's audit list, reading ``sensor``, rendered as the tablet does."""
    template = Template(audit_markdown(sensor, texts), hass)
    return str(template.async_render(parse_result=False))


def _lines(hass: HomeAssistant, sensor: str, texts: TabletTexts) -> list[str]:
    return [line for line in _render(hass, sensor, texts).splitlines() if line.startswith("- ")]


async def test_a_day_of_reads_is_one_line(
    hass: HomeAssistant,
    texts: TabletTexts,
    loaded_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    kinds = frozenset({DataKind.CHECK_IN, DataKind.MOOD})
    for _ in range(287):  # 0.05 – 23.55
        freezer.tick(timedelta(minutes=5))
        await loaded_hub.runtime_data.messenger.async_record(
            liisa, kinds, AuditOutcome.SHARE_READ, topic="share_read"
        )
    # The sensor follows a series of reads within a second.
    freezer.tick(timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _lines(hass, SENSOR, texts) == [
        (
            "- **28.11. klo 0.05–23.55 · Liisa:** luki tiedot etänä 287 kertaa"
            " (vointikyselyyn vastaaminen, vointi)"
        ),
        "- **28.11. klo 0.00 · Liisa:** suostumus annettu (vointikyselyyn vastaaminen, vointi)",
    ]


async def test_other_shapes_of_entries(hass: HomeAssistant, texts: TabletTexts) -> None:
    """A series over midnight names both days; an entry without series fields is one event."""
    hass.states.async_set(
        SENSOR,
        "2026-11-28T00:55:00+00:00",
        {
            "recent": [
                {
                    "at": "2026-11-28T02:55:00+02:00",
                    "first_at": "2026-11-27T23:00:00+02:00",
                    "last_at": "2026-11-28T02:55:00+02:00",
                    "count": 48,
                    "contact": "Ville",
                    "kinds": ["calls"],
                    "outcome": "share_read",
                },
                {
                    "at": "2026-11-27T09:30:00+02:00",
                    "contact": "Pekka",
                    "kinds": [],
                    "outcome": "consent_withdrawn",
                },
            ]
        },
    )
    assert _lines(hass, SENSOR, texts) == [
        (
            "- **27.11. klo 23.00 – 28.11. klo 2.55 · Ville:** luki tiedot etänä 48 kertaa"
            " (soittopyynnöt)"
        ),
        "- **27.11. klo 9.30 · Pekka:** suostumus peruttu",
    ]


async def test_nothing_shared_only_when_the_log_says_so(
    hass: HomeAssistant, texts: TabletTexts
) -> None:
    """An empty log says so; a sensor that cannot be read never reassures falsely."""
    hass.states.async_set(SENSOR, "unknown", {"recent": []})
    assert "Tietojasi ei ole vielä jaettu kenellekään." in _render(hass, SENSOR, texts)
    hass.states.async_set(SENSOR, "unavailable", {})
    rendered = _render(hass, SENSOR, texts)
    assert "ei ole vielä jaettu" not in rendered
    assert "Lokia ei saatu juuri nyt näkyviin" in rendered
    hass.states.async_remove(SENSOR)
    assert "ei ole vielä jaettu" not in _render(hass, SENSOR, texts)


async def test_swedish_and_english_lists(hass: HomeAssistant) -> None:
    hass.states.async_set(
        SENSOR,
        "2026-11-28T07:30:00+00:00",
        {
            "recent": [
                {
                    "at": "2026-11-28T09:30:00+02:00",
                    "contact": "Liisa",
                    "kinds": ["check_in"],
                    "outcome": "sent",
                }
            ]
        },
    )
    sv = await async_tablet_texts(hass, "sv")
    en = await async_tablet_texts(hass, "en")
    assert _lines(hass, SENSOR, sv) == [
        "- **28.11. kl. 9.30 · Liisa:** fick ett meddelande (svar på frågan om måendet)"
    ]
    assert _lines(hass, SENSOR, en) == [
        "- **28/11 9:30 · Liisa:** received a message (check-in answers)"
    ]
