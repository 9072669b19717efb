"""A fake client home hub on a real local HTTP port, and a follower entry reading it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_TOKEN, CONF_URL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import (
    CONF_NO_CONTACT_DAYS,
    CONF_ROLE,
    CONF_SCAN_MINUTES,
    DOMAIN,
    ROLE_FOLLOW,
)
from custom_components.digiohjaus.core.share import (
    SHARE_PATH,
    ActivityShare,
    CallsShare,
    CheckInShare,
    MedicationShare,
    MoodShare,
    ShareSnapshot,
    snapshot_to_json,
)

TOKEN = "Zm9sbG93LW1lLXBsZWFzZS0xMjM0NTY3ODkw"  # noqa: S105 - a test token
HUB_ID = "01JHUBMAIJA0000000000000000"
NOW = datetime.fromisoformat("2027-03-10T09:00:00+02:00")


def full_snapshot(**changes: Any) -> ShareSnapshot:
    """Everything a client can share, as the hub would send it at ``NOW``."""
    sections: dict[str, Any] = {
        "check_in": CheckInShare(
            last_at=datetime.fromisoformat("2027-03-10T08:15:00+02:00"),
            done_today=True,
            missed_days_7d=2,
        ),
        "mood": MoodShare(
            score=4, note="Nukuin hyvin", at=datetime.fromisoformat("2027-03-10T08:15:00+02:00")
        ),
        "medication": MedicationShare(done_today=1, missed_today=1, adherence_7d=85.7),
        "calls": CallsShare(status="idle", requested_at=None),
        "reminders": {"rent": {"scheduled": 1}, "meal": {"due": 1, "missed": 2, "done": 1}},
        "activity": ActivityShare(
            last_interaction_at=datetime.fromisoformat("2027-03-10T08:40:00+02:00")
        ),
    }
    sections.update(changes)
    return ShareSnapshot(hub_id=HUB_ID, client="Maija", generated_at=NOW, **sections)


@dataclass
class FakeHub:
    """A hub whose next answers the test decides; it records every request."""

    server: TestServer | None = None
    port: int = 0
    status: int = 200
    payload: Any = field(default_factory=lambda: snapshot_to_json(full_snapshot()))
    raw: bytes | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    token: str = TOKEN
    requests: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The hub's base URL, as the worker pastes it."""
        return f"http://127.0.0.1:{self.port}"

    def share(self, snapshot: ShareSnapshot) -> None:
        """Answer 200 with this snapshot from now on."""
        self.status, self.raw, self.content_type = 200, None, "application/json"
        self.payload = snapshot_to_json(snapshot)

    def error(self, status: int, code: str, **headers: str) -> None:
        """Answer with a §6 error from now on."""
        self.status, self.raw, self.payload = status, None, {"error": code}
        self.headers = headers

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Serve the share endpoint the way the test set it up."""
        self.requests.append(request.headers.get("Authorization", ""))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status == 200 and request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"error": "invalid_token"}, status=401)
        if self.raw is not None:
            return web.Response(
                body=self.raw,
                status=self.status,
                content_type=self.content_type,
                headers=self.headers,
            )
        return web.json_response(
            self.payload, status=self.status, content_type=self.content_type, headers=self.headers
        )

    async def start(self) -> None:
        """Start (or restart, on the same port) the hub's HTTP server."""
        app = web.Application()
        app.router.add_get(SHARE_PATH, self.handle)
        self.server = TestServer(app, host="127.0.0.1", port=self.port or None)
        await self.server.start_server(access_log=None)
        self.port = self.server.port or 0

    async def stop(self) -> None:
        """Take the hub offline: connections are refused."""
        if self.server is not None:
            await self.server.close()
            self.server = None


@pytest.fixture
def now(freezer: FrozenDateTimeFactory) -> datetime:
    """A Wednesday morning in Helsinki."""
    freezer.move_to(NOW)
    return NOW


@pytest.fixture
async def fake_hub(socket_enabled: None) -> AsyncGenerator[FakeHub]:
    """A client home hub answering on 127.0.0.1."""
    hub = FakeHub()
    await hub.start()
    yield hub
    await hub.stop()


@pytest.fixture
def follow_entry(hass: HomeAssistant, fake_hub: FakeHub) -> MockConfigEntry:
    """A follower entry for the fake hub, added but not set up."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Maija",
        data={CONF_ROLE: ROLE_FOLLOW, CONF_URL: fake_hub.url, CONF_TOKEN: TOKEN},
        options={CONF_SCAN_MINUTES: 5, CONF_NO_CONTACT_DAYS: 3},
        unique_id=HUB_ID,
        version=1,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    return entry


@pytest.fixture
async def loaded_follow(
    hass: HomeAssistant, now: datetime, follow_entry: MockConfigEntry
) -> MockConfigEntry:
    """The follower, set up with its first answer from the hub."""
    assert await hass.config_entries.async_setup(follow_entry.entry_id)
    await hass.async_block_till_done()
    return follow_entry
