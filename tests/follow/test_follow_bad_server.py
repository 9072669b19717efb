"""Whatever the far end sends, the worker's Home Assistant stays up and shows nothing false."""

from __future__ import annotations

import json
import logging
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.core.share import snapshot_to_json
from custom_components.digiohjaus.follow import client as share_client

from .conftest import FakeHub, full_snapshot
from .helpers import MOOD, NO_CONTACT, poll, state


def _break(hub: FakeHub, **how: Any) -> None:
    for name, value in how.items():
        setattr(hub, name, value)


BAD_ANSWERS: dict[str, dict[str, Any]] = {
    "malformed_json": {"raw": b'{"version": 1, "client": "Maija", '},
    "not_utf8": {"raw": b"\xff\xfe{}"},
    "deeply_nested": {"raw": b"[" * 50_000 + b"]" * 50_000},
    "html_from_a_proxy": {"raw": b"<html>Bad gateway</html>", "content_type": "text/html"},
    "json_as_text": {
        "raw": json.dumps({"version": 1}).encode(),
        "content_type": "text/plain",
    },
    "wrong_contract": {"payload": {"version": 1, "client": 5, "kinds": "all"}},
    "newer_version": {"payload": {"version": 2}},
    "list_not_object": {"payload": [1, 2, 3]},
    "huge_declared": {"raw": b" " * (share_client.MAX_BODY_BYTES + 1)},
    "server_error": {"status": 500, "payload": {"error": "boom"}},
    "not_found": {"status": 404, "payload": {"message": "Not found"}},
    "redirect": {"status": 302, "headers": {"Location": "http://127.0.0.1:1/"}, "payload": {}},
    "forbidden_other": {"status": 403, "payload": {"error": "forbidden"}},
}


@pytest.mark.parametrize("how", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
async def test_bad_answers_make_entities_unavailable(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
    how: dict[str, Any],
) -> None:
    _break(fake_hub, **how)
    await poll(hass, freezer)
    assert loaded_follow.state is ConfigEntryState.LOADED
    assert state(hass, MOOD) == STATE_UNAVAILABLE

    fake_hub.share(full_snapshot())
    fake_hub.headers = {}
    await poll(hass, freezer)
    assert state(hass, MOOD) == "4"


async def test_huge_body_without_length_is_cut_off(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A chunked answer that never declares its size is refused once it is too large."""
    from aiohttp import web  # noqa: PLC0415

    async def endless(request: web.Request) -> web.StreamResponse:
        fake_hub.requests.append("endless")
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(1000):
                await response.write(b"[" * 8192)
        except ConnectionError:
            pass
        return response

    with patch.object(fake_hub, "handle", endless):
        await fake_hub.stop()
        await fake_hub.start()
        await poll(hass, freezer)
    assert fake_hub.requests[-1] == "endless"
    assert state(hass, MOOD) == STATE_UNAVAILABLE


async def test_slow_hub_times_out(
    hass: HomeAssistant, follow_entry: MockConfigEntry, fake_hub: FakeHub
) -> None:
    """Real time here (no freezer): the hub answers after a second, the follower waits less."""
    assert await hass.config_entries.async_setup(follow_entry.entry_id)
    await hass.async_block_till_done()
    coordinator = follow_entry.runtime_data.coordinator
    coordinator.client._timeout = 0.1
    fake_hub.delay = 1.0
    await coordinator.async_refresh()
    assert not coordinator.last_update_success
    assert state(hass, MOOD) == STATE_UNAVAILABLE
    # The no-contact sensor does not depend on the hub answering.
    assert state(hass, NO_CONTACT) == "off"


async def test_rate_limited_waits_as_told(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    fake_hub.error(429, "rate_limited", **{"Retry-After": "900"})
    await poll(hass, freezer)
    assert state(hass, MOOD) == STATE_UNAVAILABLE
    assert len(fake_hub.requests) == 2

    fake_hub.share(full_snapshot())
    await poll(hass, freezer)  # five minutes: the hub asked for fifteen
    assert len(fake_hub.requests) == 2
    await poll(hass, freezer, minutes=10)
    assert len(fake_hub.requests) == 3
    assert state(hass, MOOD) == "4"


async def test_a_hub_starting_up_is_asked_again_soon(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """503 + Retry-After (the hub restarting) is "try again later", not a broken answer."""
    fake_hub.error(503, "unavailable", **{"Retry-After": "30"})
    await poll(hass, freezer)
    assert state(hass, MOOD) == STATE_UNAVAILABLE
    assert "Unusable answer" not in caplog.text
    asked = len(fake_hub.requests)
    fake_hub.share(full_snapshot())
    await poll(hass, freezer, minutes=0.5)  # as the hub asked, not five minutes later
    assert len(fake_hub.requests) == asked + 1
    assert state(hass, MOOD) == "4"


@pytest.mark.parametrize("retry_after", ["²", "9" * 5000], ids=["superscript", "huge"])
async def test_odd_retry_after_is_no_crash(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    retry_after: str,
) -> None:
    """A Retry-After that only looks like a number is ignored or capped, not a traceback."""
    fake_hub.error(429, "rate_limited", **{"Retry-After": retry_after})
    await poll(hass, freezer)
    assert state(hass, MOOD) == STATE_UNAVAILABLE
    assert "Unexpected error" not in caplog.text


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:00:00+00:00", "0001-01-01T00:00:00+14:00"], ids=["end", "start"]
)
async def test_dates_at_the_calendars_ends_are_refused(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    moment: str,
) -> None:
    """A date no hub can mean is a broken answer, not an overflow in the no-contact timer."""
    payload = snapshot_to_json(full_snapshot())
    payload["activity"]["last_interaction_at"] = moment
    _break(fake_hub, payload=payload)
    await poll(hass, freezer)
    assert state(hass, MOOD) == STATE_UNAVAILABLE
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info]
