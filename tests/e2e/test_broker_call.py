"""A call request tapped on the kitchen tablet arrives through a real Mosquitto as
``digiohjaus_call`` on the worker's Home Assistant.

A real Home Assistant process (the demo home, its own copy) and a real broker on loopback.
Everything is set up over Home Assistant's own HTTP API, as its frontend does: the hub's
broker settings (checked live), a pairing code for Liisa on the hub, and "Follow a client
through the organisation's broker" with that code (for the test both roles live in the one
Home Assistant; they meet only through the broker). Then the client taps *Soita ohjaajalle*
in the browser and the worker's event is read from the browser's own event subscription.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
import json
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Page
import pytest
from pytest_socket import enable_socket

from ..link.conftest import broker_input
from ..link.mosquitto import Mosquitto
from .conftest import (
    DASHBOARD,
    PASSWORD,
    START_TIMEOUT,
    TABLET,
    USERNAME,
    DemoHome,
    _free_port,
    card,
    start_develop,
    stop_develop,
    wait_until_ready,
)

pytestmark = pytest.mark.e2e
FLOWS = "/api/config/config_entries"


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mosquitto]:
    """The organisation's broker: Debian's Mosquitto with TLS, passwords and ACLs."""
    enable_socket()
    mosquitto = Mosquitto(tmp_path_factory.mktemp("broker"))
    mosquitto.configure()
    mosquitto.start()
    yield mosquitto
    mosquitto.stop()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoHome]:
    """A demo home of its own (the shared one's call state belongs to other tests)."""
    enable_socket()
    config_dir = tmp_path_factory.mktemp("broker-home")
    log: Path = config_dir.parent / "broker-home.log"
    port = _free_port()
    process = start_develop(config_dir, port, log)
    try:
        wait_until_ready(process, log)
        yield DemoHome(f"http://127.0.0.1:{port}", config_dir, log)
    finally:
        stop_develop(process)


@pytest.fixture
async def tablet(browser: Browser, home: DemoHome) -> AsyncIterator[Page]:
    """The kitchen tablet, logged in as the demo user, Home Assistant running."""
    context = await browser.new_context(
        viewport=TABLET, locale="fi-FI", timezone_id="Europe/Helsinki", color_scheme="light"
    )
    context.set_default_timeout(30_000)
    page = await context.new_page()
    await page.goto(f"{home.url}/{DASHBOARD}/0")
    await page.locator("input[autocomplete='username']").fill(USERNAME)
    await page.locator("input[autocomplete='current-password']").fill(PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"**/{DASHBOARD}/**")
    await page.wait_for_function(
        "() => document.querySelector('home-assistant')?.hass?.config?.state === 'RUNNING'",
        timeout=START_TIMEOUT * 1000,
    )
    await page.reload()
    tokens = await page.evaluate("localStorage.getItem('hassTokens')")
    home.token = json.loads(tokens)["access_token"]
    yield page
    await context.close()


async def _ws(page: Page, message: dict[str, Any]) -> Any:
    return await page.evaluate(
        "(m) => document.querySelector('home-assistant').hass.callWS(m)", message
    )


async def _set_up_the_hubs_broker(home: DemoHome, broker: Mosquitto, hub_id: str) -> None:
    flow = await home.api("POST", f"{FLOWS}/options/flow", {"handler": hub_id})
    step = await home.api(
        "POST", f"{FLOWS}/options/flow/{flow['flow_id']}", {"next_step_id": "broker"}
    )
    done = await home.api(
        "POST", f"{FLOWS}/options/flow/{step['flow_id']}", broker_input(broker, "hub")
    )
    assert done["type"] == "create_entry", done


async def _pairing_code(page: Page, home: DemoHome, hub_id: str) -> str:
    subentries = await _ws(page, {"type": "config_entries/subentries/list", "entry_id": hub_id})
    liisa = next(sub["subentry_id"] for sub in subentries if sub["title"] == "Liisa")
    for _ in range(60):  # the hub reloads with its new options and connects
        flow = await home.api(
            "POST", f"{FLOWS}/subentries/flow", {"handler": [hub_id, "worker_link"]}
        )
        if flow["type"] == "form":
            break
        await page.wait_for_timeout(500)
    shown = await home.api(
        "POST", f"{FLOWS}/subentries/flow/{flow['flow_id']}", {"contact_id": liisa}
    )
    assert shown["step_id"] == "code", shown
    done = await home.api("POST", f"{FLOWS}/subentries/flow/{shown['flow_id']}", {})
    assert done["type"] == "create_entry", done
    return str(shown["description_placeholders"]["code"])


async def _follow_through_the_broker(home: DemoHome, broker: Mosquitto, code: str) -> str:
    flow = await home.api("POST", f"{FLOWS}/flow", {"handler": "digiohjaus"})
    step = await home.api(
        "POST", f"{FLOWS}/flow/{flow['flow_id']}", {"next_step_id": "follow_broker"}
    )
    step = await home.api("POST", f"{FLOWS}/flow/{step['flow_id']}", broker_input(broker, "worker"))
    assert step["step_id"] == "follow_broker_code", step
    done = await home.api("POST", f"{FLOWS}/flow/{step['flow_id']}", {"pairing_code": code})
    assert done["type"] == "create_entry", done
    assert done["title"] == "Maija"
    return str(done["result"]["entry_id"])


async def test_a_tapped_call_request_reaches_the_workers_home_assistant(
    tablet: Page, home: DemoHome, broker: Mosquitto
) -> None:
    entries = await home.api("GET", f"{FLOWS}/entry?domain=digiohjaus")
    hub_id = next(entry["entry_id"] for entry in entries if entry["title"] == "Maija")
    await _set_up_the_hubs_broker(home, broker, hub_id)
    code = await _pairing_code(tablet, home, hub_id)
    follow_id = await _follow_through_the_broker(home, broker, code)
    await tablet.evaluate(
        "async () => { window.__calls = []; await document.querySelector('home-assistant')"
        ".hass.connection.subscribeEvents((e) => window.__calls.push(e.data), "
        "'digiohjaus_call'); }"
    )
    await card(tablet, "Soita ohjaajalle").click()
    await tablet.wait_for_function(
        "(id) => window.__calls.some((d) => d.config_entry_id === id && d.status === 'requested')",
        arg=follow_id,
        timeout=15_000,
    )
    calls = await tablet.evaluate("window.__calls")
    worker = [call for call in calls if call["config_entry_id"] == follow_id]
    assert [call["status"] for call in worker] == ["requested"]
    assert worker[0]["requested_at"]
