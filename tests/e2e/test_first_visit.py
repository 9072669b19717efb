"""The first home visit in Finnish, in a real browser, on a Home Assistant with no hub yet.

The worker sets up Aino's home hub through Home Assistant's own dialogs: the hub, a
medicine, the rent on the 31st, lunch, a video meeting, her brother as a family contact with
consent, her worker, the worker's share token, and an automation from a blueprint. Every
screen is in Finnish, no time picker asks for seconds, every first submit goes through, and
Home Assistant logs no error.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import json
from pathlib import Path

from playwright.async_api import Browser, Page
import pytest
from pytest_socket import enable_socket

from .conftest import (
    PASSWORD,
    USERNAME,
    DemoHome,
    _free_port,
    start_develop,
    stop_develop,
    wait_until_ready,
)
from .first_visit import DEEP, Walk

pytestmark = pytest.mark.e2e

INTEGRATION = "/config/integrations/integration/digiohjaus"


@pytest.fixture(scope="module")
def fresh_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoHome]:
    """scripts/develop with the user only (DIGIOHJAUS_DEMO=0): no hub, as on a first visit."""
    enable_socket()
    config_dir = tmp_path_factory.mktemp("first-visit")
    log = config_dir.parent / "first-visit.log"
    port = _free_port()
    process = start_develop(config_dir, port, log, demo=False)
    try:
        wait_until_ready(process, log)
        yield DemoHome(f"http://127.0.0.1:{port}", config_dir, log)
    finally:
        stop_develop(process)


@pytest.fixture
async def worker(browser: Browser, fresh_home: DemoHome) -> AsyncIterator[Page]:
    """The worker's laptop: Finnish, logged in, Home Assistant running."""
    context = await browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="fi-FI", timezone_id="Europe/Helsinki"
    )
    context.set_default_timeout(30_000)
    await context.add_init_script(DEEP)
    page = await context.new_page()
    await page.goto(f"{fresh_home.url}{INTEGRATION}")
    await page.locator("input[autocomplete='username']").fill(USERNAME)
    await page.locator("input[autocomplete='current-password']").fill(PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_function(
        "() => document.querySelector('home-assistant')?.hass?.config?.state === 'RUNNING'"
    )
    tokens = await page.evaluate("localStorage.getItem('hassTokens')")
    fresh_home.token = json.loads(tokens)["access_token"]
    yield page
    await context.close()


async def _add(walk: Walk, button: str) -> list[str]:
    """Open the integration page and press one of its "Lisää …" buttons."""
    await walk.page.goto(walk.page.url.split("/config/")[0] + INTEGRATION)
    await walk.page.get_by_role("button", name=button, exact=True).first.click()
    return await walk.dialog()


async def _hub(walk: Walk, home: DemoHome) -> None:
    await walk.page.goto(f"{home.url}/config/integrations/dashboard/add?domain=digiohjaus")
    await walk.page.get_by_role("button", name="OK", exact=True).click()
    menu = await walk.dialog()
    assert "Asiakkaan kotihubi (asennetaan asiakkaan kotiin)" in menu
    await walk.page.get_by_text("Asiakkaan kotihubi (asennetaan asiakkaan kotiin)").click()
    await walk.dialog()
    await walk.fill({"alias": "Aino"})
    await walk.press("Lähetä")
    await walk.finish("Ohita ja lopeta")


async def _reminders(walk: Walk) -> None:
    await _add(walk, "Lisää lääke")
    await walk.fill({"name": "Sertraliini", "dose": "1 tabletti (50 mg)", "times": ["08:00"]})
    assert "Onnistunut" in await walk.press("Lähetä")
    await walk.finish()

    form = await _add(walk, "Lisää vuokra")
    assert "Vuokra" in form
    await walk.fill({"day": 31, "amount": 612.4})
    assert "Onnistunut" in await walk.press("Lähetä")
    await walk.finish()

    await _add(walk, "Lisää ateria")
    await walk.fill({"name": "Lounas", "times": ["12:00"]})
    assert "Onnistunut" in await walk.press("Lähetä")
    await walk.finish()

    # The appointment's own defaults (tomorrow at the next full hour) pass at once.
    await _add(walk, "Lisää tapaaminen")
    await walk.fill(
        {"name": "Etätapaaminen", "link": "https://teams.microsoft.com/l/meetup-join/aino"}
    )
    assert "Onnistunut" in await walk.press("Lähetä")
    await walk.finish()


async def _contacts(walk: Walk) -> None:
    await _add(walk, "Lisää yhteyshenkilö")
    await walk.fill({"name": "Pekka", "role": "family", "notify_target": "notify.pekan_puhelin"})
    consent = await walk.press("Lähetä")
    assert any("Pekka" in text for text in consent)
    await walk.fill({"check_in": True})
    assert "Onnistunut" in await walk.press("Lähetä")
    await walk.finish()

    await _add(walk, "Lisää yhteyshenkilö")
    await walk.fill(
        {
            "name": "Liisa",
            "role": "worker",
            "notify_target": "notify.liisan_puhelin",
            "phone": "040 123 4567",
        }
    )
    await walk.press("Lähetä")
    await walk.fill({"check_in": True, "calls": True})
    assert "Onnistunut" in await walk.press("Lähetä")
    await walk.finish()

    await _add(walk, "Luo jakotunnus")
    await walk.page.get_by_text("Liisa", exact=True).last.click()
    shown = " ".join(await walk.press("Lähetä"))
    # The demo home knows only its local address: the screen says what the worker needs.
    assert "127.0.0.1" not in shown
    assert "Home Assistantin URL" in shown
    assert "Onnistunut" in await walk.press("Lähetä")
    await walk.finish()


async def _automation(walk: Walk, home: DemoHome) -> None:
    """The evening routine from its blueprint (mallipohja), saved in Home Assistant's editor."""
    calendar = next(
        state["entity_id"]
        for state in await home.api("GET", "/api/states")
        if state["entity_id"].startswith("calendar.")
    )
    page = walk.page
    await page.goto(f"{home.url}/config/blueprint/dashboard")
    await page.get_by_text("Iltarutiini", exact=True).first.click()
    await page.wait_for_function(
        "() => window.__deepAll(document.body, 'ha-selector').some(e => e.key === 'calendar')"
    )
    # The worker picks the hub's reminder calendar; the other inputs keep their defaults.
    await page.evaluate(
        """(calendar) => {
          const input = window.__deepAll(document.body, 'ha-selector')
            .find(e => e.key === 'calendar');
          input.dispatchEvent(new CustomEvent(
            'value-changed', {detail: {value: calendar}, bubbles: true, composed: true}));
        }""",
        calendar,
    )
    await page.get_by_role("button", name="Tallenna").last.click()
    for _ in range(60):
        states = await home.api("GET", "/api/states")
        if any(state["entity_id"].startswith("automation.") for state in states):
            break
        await page.wait_for_timeout(250)
    automations = [s for s in states if s["entity_id"].startswith("automation.")]
    assert [a["attributes"]["friendly_name"] for a in automations] == ["Iltarutiini"]
    assert automations[0]["state"] == "on"


def _errors(log: Path) -> list[str]:
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return [line for line in lines if " ERROR " in line]


async def test_the_first_visit_in_finnish(worker: Page, fresh_home: DemoHome) -> None:
    walk = Walk(worker)
    await _hub(walk, fresh_home)
    await _reminders(walk)
    await _contacts(walk)
    await _automation(walk, fresh_home)

    entries = await fresh_home.api("GET", "/api/config/config_entries/entry?domain=digiohjaus")
    assert [entry["title"] for entry in entries] == ["Aino"]
    assert walk.time_pickers, "the hub's check-in deadline is a time picker"
    assert not [title for title, seconds in walk.time_pickers if seconds]
    assert not walk.english(), "\n".join(walk.english())
    assert not _errors(fresh_home.config_dir / "home-assistant.log")
