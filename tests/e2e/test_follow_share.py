"""The demo home's share token: what a worker pastes into "Follow a client" really reads."""

from __future__ import annotations

import re

import aiohttp
import pytest

from custom_components.digiohjaus.core.share import SHARE_PATH, parse_snapshot

from .conftest import DemoHome

pytestmark = pytest.mark.e2e


async def test_the_demo_share_token_reads_what_liisa_may_know(demo_home: DemoHome) -> None:
    printed = re.search(
        r"Liisa's share token.*?\n\s+(http\S+)\n\s+(\S+)\n",
        demo_home.log.read_text(errors="replace"),
        re.DOTALL,
    )
    assert printed is not None, "scripts/develop did not print the demo share token"
    url, token = printed.groups()
    assert url == demo_home.url
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{url}{SHARE_PATH}", headers={"Authorization": f"Bearer {token}"}) as resp,
    ):
        assert resp.status == 200
        body = await resp.json()
    assert body["client"] == "Maija"
    # Liisa's consent in the demo: no medicine names.
    assert body["kinds"] == ["check_in", "mood", "medication", "calls", "reminders", "activity"]
    assert "medication_details" not in body
    assert parse_snapshot(body).reminders is not None
