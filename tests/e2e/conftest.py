"""The demo home of scripts/develop, run on a throwaway copy of its config, and a real browser.

These tests drive Debian's Chromium (`/usr/bin/chromium`, or `DIGIOHJAUS_CHROMIUM`) with
Playwright; Playwright's own browser download is never used. Without Chromium they are
skipped on a developer's machine and fail in CI (`CI` set), where `.ci/run` installs it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
import json
import os
from pathlib import Path
import signal
import socket
import subprocess
import time
from typing import Any

import aiohttp
from playwright.async_api import Browser, ElementHandle, Locator, Page, async_playwright
import pytest
from pytest_socket import enable_socket

REPO = Path(__file__).resolve().parents[2]
USERNAME = "demo"
PASSWORD = "digiohjaus-demo"  # noqa: S105 - the published demo login of scripts/develop
DASHBOARD = "keittio-tabletti"
TABLET = {"width": 1280, "height": 800}
START_TIMEOUT = 420  # a first scripts/setup on a clean machine installs packages
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """No in-process Home Assistant here: the demo home runs in its own process."""


@pytest.fixture(autouse=True)
def helsinki_time() -> None:
    """The demo home's own configuration sets Europe/Helsinki."""


@pytest.fixture(autouse=True)
def loopback(socket_enabled: None) -> None:
    """Talk to the demo home over loopback (still limited to 127.0.0.1 by the test plugin)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class DemoHome:
    """A running demo home: its address and a REST client with the demo user's token."""

    def __init__(self, url: str, config_dir: Path, log: Path) -> None:
        """Remember where the demo home runs."""
        self.url = url
        self.config_dir = config_dir
        self.log = log
        self.token = ""

    async def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call Home Assistant's REST API as the demo user."""
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                method,
                f"{self.url}{path}",
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=aiohttp.ClientTimeout(total=30),
            ) as response,
        ):
            response.raise_for_status()
            return await response.json() if response.content_length != 0 else None

    async def state(self, entity_id: str) -> dict[str, Any]:
        """The current state object of an entity."""
        return dict(await self.api("GET", f"/api/states/{entity_id}"))

    async def wait_for_state(
        self, entity_id: str, predicate: Callable[[dict[str, Any]], bool]
    ) -> dict[str, Any]:
        """Poll (up to 15 s) until an entity's state object satisfies `predicate`."""
        for _ in range(60):
            state = await self.state(entity_id)
            if predicate(state):
                return state
            await asyncio.sleep(0.25)
        pytest.fail(f"{entity_id} did not change as expected; last state {state}")


def card(page: Page, text: str) -> Locator:
    """The visible control named exactly `text` (what a finger, or a screen reader, taps)."""
    return page.get_by_role("button", name=text, exact=True).locator("visible=true")


async def tile_of(page: Page, entity_id: str) -> ElementHandle:
    """The visible tile card of `entity_id` (when several tiles share a name, e.g. Otettu)."""
    handle = await page.evaluate_handle(
        """(entityId) => {
          const walk = (node) => {
            for (const el of node.querySelectorAll('*')) {
              if (el.tagName === 'HUI-TILE-CARD' && el._config?.entity === entityId
                  && el.getBoundingClientRect().width > 0) return el;
              const inner = el.shadowRoot && walk(el.shadowRoot);
              if (inner) return inner;
            }
            return null;
          };
          return walk(document);
        }""",
        entity_id,
    )
    element = handle.as_element()
    assert element is not None, f"no visible tile of {entity_id}"
    return element


def start_develop(
    config_dir: Path, port: int, log: Path, *, demo: bool = True
) -> subprocess.Popen[bytes]:
    """Start scripts/develop on ``config_dir`` and ``port``, its output appended to ``log``.

    ``demo=False``: the user only, no hub (the worker sets it up in the browser).
    """
    env = {
        **os.environ,
        "DIGIOHJAUS_CONFIG": str(config_dir),
        "DIGIOHJAUS_PORT": str(port),
        "DIGIOHJAUS_DEMO": "1" if demo else "0",
    }
    with log.open("a") as out:
        return subprocess.Popen(  # noqa: S603 - our own script
            [str(REPO / "scripts" / "develop")],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_until_ready(
    process: subprocess.Popen[bytes], log: Path, starts: int = 1, timeout: float = START_TIMEOUT
) -> float:
    """Wait until the log says "Log in as" ``starts`` times; return the seconds waited."""
    began = time.monotonic()
    while log.read_text(errors="replace").count("Log in as") < starts:
        if process.poll() is not None or time.monotonic() - began > timeout:
            pytest.fail(f"scripts/develop did not start the demo home:\n{_tail(log)}")
        time.sleep(0.5)
    return time.monotonic() - began


def stop_develop(process: subprocess.Popen[bytes]) -> None:
    """Stop scripts/develop and its Home Assistant as Ctrl-C in its terminal would."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoHome]:
    """Start scripts/develop on a fresh copy of the demo config and wait for the demo home."""
    enable_socket()  # set up before the function-scoped `loopback` fixture
    config_dir = tmp_path_factory.mktemp("demo-config")
    log = config_dir.parent / "develop.log"
    port = _free_port()
    process = start_develop(config_dir, port, log)
    try:
        wait_until_ready(process, log)
        yield DemoHome(f"http://127.0.0.1:{port}", config_dir, log)
    finally:
        stop_develop(process)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of the system's Chromium."""
    path = os.environ.get("DIGIOHJAUS_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).exists():
        message = f"no Chromium at {path} (apt-get install chromium, or set DIGIOHJAUS_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:
    """Debian's Chromium, headless, with a fresh profile and no background networking.

    Playwright's async API: its sync API marks the test's event loop as running, which the
    Home Assistant test plugin's async fixtures cannot live with.
    """
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
async def tablet(browser: Browser, demo_home: DemoHome) -> AsyncIterator[Page]:
    """The kitchen tablet: 1280×800, Finnish, logged in as the demo user, sidebar hidden."""
    context = await browser.new_context(
        viewport=TABLET, locale="fi-FI", timezone_id="Europe/Helsinki", color_scheme="light"
    )
    context.set_default_timeout(30_000)
    # What the worker sets on the tablet's profile: "always hide the sidebar".
    await context.add_init_script("localStorage.setItem('dockedSidebar', '\"always_hidden\"')")
    page = await context.new_page()
    await page.goto(f"{demo_home.url}/{DASHBOARD}/0")
    await page.locator("input[autocomplete='username']").fill(USERNAME)
    await page.locator("input[autocomplete='current-password']").fill(PASSWORD)
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"**/{DASHBOARD}/**")
    await page.wait_for_function("() => localStorage.getItem('hassTokens') !== null")
    # The demo user can log in before Home Assistant has finished starting (a first start on
    # a busy machine): wait until it runs, then show the dashboard as the client sees it.
    await page.wait_for_function(
        "() => document.querySelector('home-assistant')?.hass?.config?.state === 'RUNNING'",
        timeout=START_TIMEOUT * 1000,
    )
    await page.reload()
    await page.wait_for_function("() => document.querySelector('home-assistant')?.hass?.callWS")
    tokens = await page.evaluate("localStorage.getItem('hassTokens')")
    demo_home.token = json.loads(tokens)["access_token"]
    yield page
    await context.close()
