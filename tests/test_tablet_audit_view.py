"""The tablet's "Tietoni" view tells the client in plain Finnish who read her data and when."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.helpers.template import Template
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import yaml

from custom_components.digiohjaus.core.audit import AuditOutcome
from custom_components.digiohjaus.core.consent import DataKind

from .contacts import contact_id, contact_subentry

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboards" / "kitchen_tablet.yaml"
DEMO_SENSOR = "sensor.kotihubi_maija_tietoja_jaettu_viimeksi"
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


def _audit_view(hass: HomeAssistant, sensor: str) -> Template:
    """The markdown of the tablet's audit list, reading ``sensor``."""
    dashboard = yaml.safe_load(DASHBOARD.read_text(encoding="utf-8"))
    (view,) = [view for view in dashboard["views"] if view["path"] == "tietoni"]
    (content,) = [
        card["content"]
        for section in view["sections"]
        for card in section["cards"]
        if DEMO_SENSOR in card.get("content", "")
    ]
    return Template(content.replace(DEMO_SENSOR, sensor), hass)


def _lines(hass: HomeAssistant, sensor: str) -> list[str]:
    rendered = str(_audit_view(hass, sensor).async_render(parse_result=False))
    return [line for line in rendered.splitlines() if line.startswith("- ")]


async def test_a_day_of_reads_is_one_line(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    liisa = contact_id(loaded_hub, "Liisa")
    kinds = frozenset({DataKind.CHECK_IN, DataKind.MOOD})
    for _ in range(287):  # 0.05 – 23.55
        freezer.tick(timedelta(minutes=5))
        await loaded_hub.runtime_data.messenger.async_record(
            liisa, kinds, AuditOutcome.SHARE_READ, topic="share_read"
        )
    assert _lines(hass, SENSOR) == [
        (
            "- **28.11. klo 0.05–23.55 · Liisa:** luki tiedot etänä 287 kertaa"
            " (vointikyselyyn vastaaminen, vointi)"
        ),
        "- **28.11. klo 0.00 · Liisa:** suostumus annettu (vointikyselyyn vastaaminen, vointi)",
    ]


async def test_other_shapes_of_entries(hass: HomeAssistant) -> None:
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
    assert _lines(hass, SENSOR) == [
        (
            "- **27.11. klo 23.00 – 28.11. klo 2.55 · Ville:** luki tiedot etänä 48 kertaa"
            " (soittopyynnöt)"
        ),
        "- **27.11. klo 9.30 · Pekka:** suostumus peruttu",
    ]
