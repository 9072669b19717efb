"""The generated kitchen tablet: built from the hub's own entities, in the hub's language."""

from __future__ import annotations

import re
from typing import Any

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.template import Template
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.core.consent import DataKind

from ..contacts import contact_subentry
from ..reminders.conftest import AddReminder
from .conftest import Generate, cards, text, view

KINDS = ("medication", "rent", "bill", "meal", "appointment", "routine")
DONE_FI = {
    "Burana": "Otettu",
    "Vuokra": "Maksettu",
    "Helen": "Maksettu",
    "Lounas": "Syöty",
    "Lääkäri": "Osallistuin",
    "Imurointi": "Tehty",
}


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa the worker and Pekka, Maija's brother."""
    return [
        contact_subentry("Liisa", "worker", kinds={DataKind.CHECK_IN}),
        contact_subentry("Pekka", "family", kinds={DataKind.CALLS}),
    ]


async def _every_kind(add_reminder: AddReminder) -> None:
    for kind in KINDS:
        await add_reminder(kind)


async def test_every_reminder_kind_has_its_line_and_done_button(
    loaded_hub: MockConfigEntry, add_reminder: AddReminder, generate: Generate
) -> None:
    await _every_kind(add_reminder)
    config = await generate()
    today = view(config, "tanaan")
    lines = [c for c in cards(today) if "today_text" in c.get("content", "")]
    # Medicines first, then rent, bills, meals, appointments, chores (the order of kinds).
    assert list(dict.fromkeys(_title(c) for c in lines)) == list(DONE_FI)
    for name, done in DONE_FI.items():
        status = next(c for c in lines if _title(c) == name)["visibility"][0]["entity"]
        assert status.startswith("sensor.")
        (button,) = [
            c
            for c in cards(today)
            if c.get("name") == done
            and c["tap_action"]["action"] == "perform-action"
            and c["visibility"][0]["entity"] == status
        ]
        assert button["visibility"] == [
            {"condition": "state", "entity": status, "state": "open", "attribute": "today"}
        ]
        # Outside its window the line says from when it can be marked, instead of a button.
        (later,) = [
            c
            for c in cards(today)
            if "marks_from_text" in c.get("content", "") and c["visibility"][0]["entity"] == status
        ]
        assert later["visibility"][0]["state"] == "upcoming"
        assert f'"{done}"' in later["content"]


def _title(card: dict[str, Any]) -> str:
    found = re.search(r'\*\*\{\{ "(.*?)" \}\}\*\*', card["content"])
    assert found is not None, card
    return found.group(1)


async def test_finnish_hub_speaks_finnish_with_the_client_name(
    loaded_hub: MockConfigEntry, add_reminder: AddReminder, generate: Generate
) -> None:
    await add_reminder("medication")
    config = await generate()
    assert [v["title"] for v in config["views"]] == [
        "Tänään",
        "Viikko",
        "Turvasuunnitelma",
        "Tietoni",
    ]
    greeting = cards(view(config, "tanaan"))[0]["content"]
    assert '"Maija"' in greeting
    assert '"Hyvää huomenta"' in greeting
    assert "'klo ' ~ now().hour" in greeting
    words = text(config)
    for expected in (
        "Miten voit tänään?",
        "Tosi huono",
        "Tosi hyvä",
        "Soita ohjaajalle",
        "Hätänumero: soita 112",
        "Kriisipuhelin (MIELI ry): soita 09 2525 0111",
        "Liisa (ohjaaja)",
        "Pekka (läheinen)",
    ):
        assert expected in words
    assert "None" not in words
    assert "null" not in words


@pytest.mark.parametrize(
    ("language", "expected", "crisis"),
    [
        ("sv", ["Hur mår du i dag?", "Mycket dåligt", "Be handledaren ringa"], "09 2525 0112"),
        ("en", ["How are you today?", "Very bad", "Ask my worker to call"], "09 2525 0111"),
    ],
)
async def test_swedish_and_english_hubs(
    hass: HomeAssistant,
    hub_data: dict[str, Any],
    generate: Generate,
    language: str,
    expected: list[str],
    crisis: str,
) -> None:
    hub_data["language"] = language
    entry = MockConfigEntry(domain="digiohjaus", title="Maija", data=hub_data)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    config = await generate()
    words = text(config)
    for word in expected:
        assert word in words
    assert f"tel:{crisis.replace(' ', '')}" in words
    assert "Miten voit" not in words
    assert "Hyvää" not in words


async def test_crisis_numbers_are_written_into_the_dashboard(
    loaded_hub: MockConfigEntry, generate: Generate
) -> None:
    config = await generate()
    for page in ("tanaan", "turvasuunnitelma"):
        links = [
            c["tap_action"]["url_path"]
            for c in cards(view(config, page))
            if c.get("tap_action", {}).get("action") == "url"
        ]
        assert "tel:112" in links
        assert "tel:0925250111" in links
    assert "crisis_path" not in text(config)  # not read from a sensor that might be missing


async def test_missing_entities_leave_their_cards_out(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    add_reminder: AddReminder,
    generate: Generate,
) -> None:
    reminder_id = await add_reminder("medication")
    registry = er.async_get(hass)
    for domain, unique_id in (
        ("sensor", f"{loaded_hub.entry_id}_call_status"),
        ("sensor", f"{loaded_hub.entry_id}_latest_disclosure"),
        ("button", f"{loaded_hub.entry_id}_check_in_1"),
        ("button", f"{reminder_id}_done"),
    ):
        entity_id = registry.async_get_entity_id(domain, "digiohjaus", unique_id)
        assert entity_id is not None, unique_id
        registry.async_remove(entity_id)
    await hass.async_block_till_done()
    config = await generate()
    words = text(config)
    assert "soittopyynto" not in words
    assert "tietoja_jaettu" not in words
    assert "Tosi huono" not in words
    assert "Tosi hyvä" in words
    assert "burana_taken" not in words
    assert "Burana" in words  # the line stays, without a live button
    # Without the audit sensor, "Tietoni" never claims nothing was shared.
    assert "Tietojasi ei ole vielä jaettu kenellekään" not in words
    assert "Lokia ei saatu juuri nyt näkyviin" in words
    assert "None" not in words
    assert "tel:112" in words


async def test_shopping_list_page_when_the_list_exists(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, generate: Generate
) -> None:
    er.async_get(hass).async_get_or_create(
        "todo", "shopping_list", "list", suggested_object_id="shopping_list"
    )
    config = await generate()
    page = view(config, "ostoslista")
    assert [c["entity"] for c in cards(page) if c["type"] == "todo-list"] == ["todo.shopping_list"]


async def test_without_a_hub_the_tablet_says_so(hass: HomeAssistant, generate: Generate) -> None:
    assert await async_setup_component(hass, "digiohjaus", {})
    config = await generate()
    assert "This Home Assistant has no home hub" in text(config)
    assert "tel:" not in text(config)


@pytest.mark.parametrize(
    ("language", "greeting", "day"),
    [
        ("fi", "# Hyvää huomenta, Maija", "Perjantai 15.1. · klo 7.00"),
        ("sv", "# God morgon, Maija", "Fredag 15.1. · kl. 7.00"),
        ("en", "# Good morning, Maija", "Friday 15/1 · 7:00"),
    ],
)
async def test_greeting_and_home_visit_as_people_say_them(
    hass: HomeAssistant,
    hub_data: dict[str, Any],
    generate: Generate,
    language: str,
    greeting: str,
    day: str,
) -> None:
    hub_data["language"] = language
    entry = MockConfigEntry(domain="digiohjaus", title="Maija", data=hub_data)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    config = await generate()
    content = cards(view(config, "tanaan"))[0]["content"]
    assert Template(content, hass).async_render(parse_result=False).splitlines() == [
        greeting,
        "",
        day,
    ]
    visit = next(
        c for c in cards(view(config, "viikko")) if "mdi:home-heart" in c.get("content", "")
    )
    rendered = Template(visit["content"], hass).async_render(parse_result=False)
    sensor = re.search(r"states\(\"(sensor\.[a-z_0-9]+)\"\)", visit["content"])
    assert sensor is not None
    state = hass.states.get(sensor.group(1))
    assert state is not None
    year, month, date = (int(part) for part in state.state.split("-"))
    said = f"{date}.{month}.{year}" if language != "en" else f"{date}/{month}/{year}"
    assert rendered.endswith(f"\n\n{said}"), rendered
