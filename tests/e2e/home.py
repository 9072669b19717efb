"""A real client home for the browser tests: a fresh Home Assistant, not the demo.

The worker ("ohjaaja", the owner) finishes onboarding; everything else is done as on a
first home visit: the hub is created in the config-flow UI, reminders and contacts through
the same flow API the UI uses, and the kitchen tablet is added in *Add dashboard*.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
import os
from pathlib import Path
import signal
import subprocess
import time
from typing import Any

import aiohttp
from playwright.async_api import Browser, BrowserContext, Page
import pytest

from .conftest import REPO, START_TIMEOUT, _free_port, _tail

OWNER = "ohjaaja"
OWNER_PASSWORD = "kotikaynti-2026"  # noqa: S105 - a throwaway test home
TABLET_USER = "tabletti"
TABLET_PASSWORD = "keittio-2026"  # noqa: S105 - a throwaway test home
CONFIGURATION = """\
homeassistant:
  name: Ainon koti
  language: fi
  country: FI
  time_zone: {time_zone}
  currency: EUR
  unit_system: metric
  latitude: 61.4978
  longitude: 23.761
  elevation: 100
  internal_url: {url}
frontend:
config:
notify:
  - platform: group
    name: lauran_puhelin
    services:
      - action: persistent_notification
"""
HTTP = (
    '{{"version": 2, "minor_version": 2, "key": "http", "data": {{"stable": {{'
    '"server_host": ["127.0.0.1"], "server_port": {port}, "login_attempts_threshold": -1,'
    '"cors_allowed_origins": ["https://cast.home-assistant.io"],'
    '"ip_ban_enabled": true, "ssl_profile": "modern", "use_x_frame_options": true,'
    '"created_at": "2026-01-01T00:00:00+00:00", "error": null, "error_message": null}},'
    '"pending": null, "yaml_migration_done": true}}}}'
)


class RealHome:
    """A running Home Assistant with a real client's hub, and the worker's REST access."""

    def __init__(self, config_dir: Path, port: int, time_zone: str = "Europe/Helsinki") -> None:
        """Prepare the configuration folder (Home Assistant's clock in ``time_zone``)."""
        self.config_dir = config_dir
        self.time_zone = time_zone
        self.url = f"http://127.0.0.1:{port}"
        self.log = config_dir.parent / f"{config_dir.name}.log"
        self.token = ""
        self.entry_id = ""
        self.process: subprocess.Popen[bytes] | None = None
        storage = config_dir / ".storage"
        storage.mkdir(parents=True)
        (config_dir / "configuration.yaml").write_text(
            CONFIGURATION.format(url=self.url, time_zone=time_zone)
        )
        (storage / "http").write_text(HTTP.format(port=port))
        (storage / "onboarding").write_text(
            '{"version": 4, "minor_version": 1, "key": "onboarding", "data": {"done": '
            '["core_config"]}}'
        )
        (config_dir / "custom_components").mkdir()
        (config_dir / "custom_components" / "digiohjaus").symlink_to(
            REPO / "custom_components" / "digiohjaus"
        )

    def start(self) -> None:
        """Start Home Assistant (again) on this configuration."""
        with self.log.open("a") as out:
            self.process = subprocess.Popen(  # noqa: S603 - Home Assistant of our venv
                [str(REPO / ".venv" / "bin" / "hass"), "--config", str(self.config_dir)],
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        """Stop Home Assistant as a service manager would (SIGTERM, then wait)."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    async def wait_until_running(self) -> None:
        """Wait until Home Assistant answers and says it is running."""
        deadline = time.monotonic() + START_TIMEOUT
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.poll() is not None:
                    pytest.fail(f"Home Assistant stopped:\n{_tail(self.log)}")
                try:
                    headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
                    path = "/api/config" if self.token else "/api/onboarding"
                    async with session.get(f"{self.url}{path}", headers=headers) as response:
                        if response.status == 200 and (
                            not self.token or (await response.json())["state"] == "RUNNING"
                        ):
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.5)
        pytest.fail(f"Home Assistant did not start:\n{_tail(self.log)}")

    async def api(self, method: str, path: str, body: Any = None, *, form: bool = False) -> Any:
        """Call the REST API as the worker (or without a token before onboarding)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        kwargs: dict[str, Any] = {"data": body} if form else {"json": body}
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                method,
                f"{self.url}{path}",
                headers=headers,
                timeout=aiohttp.ClientTimeout(30),
                **kwargs,
            ) as response,
        ):
            response.raise_for_status()
            return await response.json() if response.content_length != 0 else None

    async def onboard(self) -> None:
        """Create the worker's owner account and finish onboarding."""
        client = f"{self.url}/"
        created = await self.api(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": client,
                "name": "Ohjaaja",
                "username": OWNER,
                "password": OWNER_PASSWORD,
                "language": "fi",
            },
        )
        tokens = await self.api(
            "POST",
            "/auth/token",
            {"grant_type": "authorization_code", "code": created["auth_code"], "client_id": client},
            form=True,
        )
        self.token = tokens["access_token"]
        await self.api("POST", "/api/onboarding/analytics", {})
        await self.api(
            "POST", "/api/onboarding/integration", {"client_id": client, "redirect_uri": client}
        )

    async def add_subentry(self, kind: str, *steps: dict[str, Any]) -> None:
        """Add a reminder or contact through its subentry flow (what the UI posts)."""
        base = "/api/config/config_entries/subentries/flow"
        result = await self.api("POST", base, {"handler": [self.entry_id, kind]})
        for data in steps:
            result = await self.api("POST", f"{base}/{result['flow_id']}", data)
        assert result["type"] == "create_entry", result

    async def reconfigure_language(self, language: str) -> None:
        """Change the hub's language in its reconfigure flow."""
        base = "/api/config/config_entries/flow"
        flow = await self.api(
            "POST",
            base,
            {"handler": "digiohjaus", "entry_id": self.entry_id, "source": "reconfigure"},
        )
        result = await self.api(
            "POST", f"{base}/{flow['flow_id']}", {"alias": "Aino", "language": language}
        )
        assert result["type"] == "abort", result

    async def state(self, entity_id: str) -> dict[str, Any]:
        """The current state object of an entity."""
        return dict(await self.api("GET", f"/api/states/{entity_id}"))

    async def wait_for_state(
        self, entity_id: str, predicate: Callable[[dict[str, Any]], bool]
    ) -> dict[str, Any]:
        """Poll (up to 15 s) until an entity's state object satisfies ``predicate``."""
        state: dict[str, Any] = {}
        for _ in range(60):
            state = await self.state(entity_id)
            if predicate(state):
                return state
            await asyncio.sleep(0.25)
        pytest.fail(f"{entity_id} did not change as expected; last state {state}")


async def log_in(
    browser: Browser, home: RealHome, path: str, username: str, password: str, **context: Any
) -> tuple[BrowserContext, Page]:
    """A browser logged in as ``username``, at ``path``, the sidebar hidden as on the tablet."""
    options: dict[str, Any] = {
        "viewport": {"width": 1280, "height": 800},
        "locale": "fi-FI",
        "timezone_id": home.time_zone,
        "color_scheme": "light",
        **context,
    }
    browser_context = await browser.new_context(**options)
    browser_context.set_default_timeout(30_000)
    await browser_context.add_init_script(
        "localStorage.setItem('dockedSidebar', '\"always_hidden\"')"
    )
    page = await browser_context.new_page()
    await page.goto(f"{home.url}{path}")
    await page.locator("input[autocomplete='username']").fill(username)
    await page.locator("input[autocomplete='current-password']").fill(password)
    await page.keyboard.press("Enter")
    await page.wait_for_function("() => localStorage.getItem('hassTokens') !== null")
    await page.wait_for_function(
        "() => document.querySelector('home-assistant')?.hass?.config?.state === 'RUNNING'"
    )
    return browser_context, page


async def start_real_home(tmp: Path) -> AsyncIterator[RealHome]:
    """A fresh Home Assistant, onboarded; stopped afterwards."""
    home = RealHome(tmp / "ainon-koti", _free_port())
    home.start()
    try:
        await home.wait_until_running()
        await home.onboard()
        await home.wait_until_running()
        yield home
    finally:
        home.stop()
