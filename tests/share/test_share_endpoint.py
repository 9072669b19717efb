"""The share endpoint as anyone on the internet meets it: tokens, lock-out, nothing else."""

from __future__ import annotations

import asyncio
from datetime import timedelta
import json
import logging
import secrets
from typing import Any

from aiohttp import ClientSession
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.core import share_token
from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.core.lockout import LockOut
from custom_components.digiohjaus.core.share import SHARE_PATH, parse_snapshot
from custom_components.digiohjaus.hub.share.view import DATA_SHARE_VIEW

from ..contacts import contact_id, contact_subentry
from .conftest import LIISA_KINDS, NOW, IssueToken, RotateToken, token_subentry_id


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """Liisa and Ville are workers; Ville has nothing consented yet."""
    return [
        contact_subentry("Liisa", "worker", kinds=LIISA_KINDS, given_at=NOW),
        contact_subentry("Ville", "worker", given_at=NOW),
        contact_subentry("Pekka", "family", kinds={DataKind.MOOD}, given_at=NOW),
    ]


async def _get(url: str, token: str | None = None, path: str = SHARE_PATH) -> tuple[int, Any, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    async with ClientSession() as session, session.get(f"{url}{path}", headers=headers) as resp:
        body = await resp.json() if resp.content_type == "application/json" else None
        return resp.status, body, resp.headers


async def test_a_read_reveals_only_consented_kinds(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    status, body, headers = await _get(hub_url, liisa_token)
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert headers["Cache-Control"] == "no-store"
    assert body["version"] == 1
    assert body["client"] == "Maija"
    assert body["hub_id"] == loaded_hub.entry_id
    assert body["generated_at"] == "2027-03-10T09:00:00+02:00"
    assert body["kinds"] == ["check_in", "mood", "medication", "calls", "activity"]
    assert "reminders" not in body
    assert "medication_details" not in body
    assert body["check_in"] == {"last_at": None, "done_today": False, "missed_days_7d": 0}
    assert body["calls"] == {"status": "idle", "requested_at": None}
    assert body["medication"] == {"done_today": 0, "missed_today": 0, "adherence_7d": None}
    assert parse_snapshot(body).client == "Maija"


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Basic bGlpc2E6c2FsYWlzdXVz", "Bearer a b", "Bearer 0123456789abXYZ"],
)
async def test_without_a_valid_token_nothing_is_revealed(
    hass: HomeAssistant, hub_url: str, liisa_token: str, header: str | None
) -> None:
    headers = {} if header is None else {"Authorization": header}
    async with (
        ClientSession() as session,
        session.get(f"{hub_url}{SHARE_PATH}", headers=headers) as resp,
    ):
        assert resp.status == 401
        assert await resp.json() == {"error": "invalid_token"}


async def test_a_tampered_token_is_refused(hub_url: str, liisa_token: str) -> None:
    tampered = liisa_token[:-1] + ("A" if liisa_token[-1] != "A" else "B")
    assert (await _get(hub_url, tampered))[:2] == (401, {"error": "invalid_token"})


async def test_home_assistant_login_is_not_a_share_token(
    hass: HomeAssistant, hub_url: str, hass_access_token: str
) -> None:
    """Even the hub owner's own login token reads nothing here."""
    assert (await _get(hub_url, hass_access_token))[:2] == (401, {"error": "invalid_token"})


@pytest.fixture
async def with_api(hass: HomeAssistant, loaded_hub: MockConfigEntry) -> None:
    """Home Assistant's REST API is on, as on most hubs."""
    assert await async_setup_component(hass, "api", {})


@pytest.mark.parametrize("path", ["/api/", "/api/states", "/api/config", "/api/services"])
async def test_a_share_token_opens_nothing_else(
    hass: HomeAssistant, with_api: None, hub_url: str, liisa_token: str, path: str
) -> None:
    status, _, _ = await _get(hub_url, liisa_token, path)
    assert status == 401


async def test_a_worker_without_consent_gets_403(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, issue_token: IssueToken
) -> None:
    token = await issue_token("Ville")
    assert (await _get(hub_url, token))[:2] == (403, {"error": "consent_withdrawn"})
    denied = loaded_hub.runtime_data.audit.page(limit=1).entries[0]
    assert (denied.outcome, denied.contact_name) == ("share_denied", "Ville")


async def test_a_removed_contact_token_no_longer_works(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    hass.config_entries.async_remove_subentry(loaded_hub, contact_id(loaded_hub, "Liisa"))
    await hass.async_block_till_done()
    assert (await _get(hub_url, liisa_token))[:2] == (401, {"error": "invalid_token"})


async def test_a_replaced_token_stops_working_at_once_though_it_was_just_read(
    hass: HomeAssistant, hub_url: str, liisa_token: str, rotate_token: RotateToken
) -> None:
    """A token that read a moment ago (remembered as good) is refused right after it is replaced."""
    assert (await _get(hub_url, liisa_token))[0] == 200
    assert (await _get(hub_url, liisa_token))[0] == 200
    new = await rotate_token("Liisa")
    assert (await _get(hub_url, liisa_token))[:2] == (401, {"error": "invalid_token"})
    assert (await _get(hub_url, new))[0] == 200


async def test_a_contact_no_longer_a_worker_reads_nothing(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    liisa = loaded_hub.subentries[contact_id(loaded_hub, "Liisa")]
    hass.config_entries.async_update_subentry(
        loaded_hub, liisa, data={**liisa.data, "role": "other"}
    )
    await hass.async_block_till_done()
    assert (await _get(hub_url, liisa_token))[:2] == (401, {"error": "invalid_token"})


async def test_repeated_bad_tokens_lock_the_address_out(
    hass: HomeAssistant,
    hub_url: str,
    liisa_token: str,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="custom_components.digiohjaus")
    for _ in range(4):
        assert (await _get(hub_url, "0" * 12 + "x" * 43))[0] == 401
    status, body, headers = await _get(hub_url, "0" * 12 + "y" * 43)
    assert (status, body) == (429, {"error": "rate_limited"})
    assert headers["Retry-After"] == "900"

    # Locked out: bad tokens are refused until the lock-out ends...
    freezer.tick(timedelta(minutes=14))
    status, _, headers = await _get(hub_url, "0" * 12 + "z" * 43)
    assert status == 429
    assert headers["Retry-After"] == "60"
    # ... and so is a token that is almost right, but the worker's own token is served.
    assert (await _get(hub_url, liisa_token[:-1] + "#"))[0] == 429
    assert (await _get(hub_url, liisa_token))[0] == 200

    freezer.tick(timedelta(minutes=1))
    assert (await _get(hub_url, "0" * 12 + "x" * 43))[0] == 401
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert [w for w in warnings if "locked out" in w] == [
        (
            "Share endpoint: 127.0.0.1 locked out for 15 min after repeated bad tokens "
            "(valid tokens are still served)"
        )
    ]
    assert liisa_token not in caplog.text


async def test_parallel_bad_tokens_cannot_race_the_count(
    hass: HomeAssistant, hub_url: str, liisa_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 guesses sent at once from one address: at most five are ever checked."""
    checked: list[str] = []
    real_matches = share_token.KeyedCheck.matches

    def counting_matches(check: share_token.KeyedCheck, token: str) -> bool:
        checked.append(token)
        return real_matches(check, token)

    monkeypatch.setattr(share_token.KeyedCheck, "matches", counting_matches)
    guesses = [secrets.token_hex(6) + secrets.token_urlsafe(32) for _ in range(40)]
    async with ClientSession() as session:

        async def guess(token: str) -> int:
            headers = {"Authorization": f"Bearer {token}"}
            async with session.get(f"{hub_url}{SHARE_PATH}", headers=headers) as resp:
                return resp.status

        statuses = await asyncio.gather(*(guess(token) for token in guesses))
    assert len(checked) <= 5
    assert statuses.count(401) == 4
    assert statuses.count(429) == 36
    # Meanwhile the worker's valid token is served from the same address.
    assert (await _get(hub_url, liisa_token))[0] == 200


async def _make_legacy(hass: HomeAssistant, entry: MockConfigEntry, token: str) -> str:
    """Store Liisa's token the way hubs did before the keyed hash (PBKDF2, 20,000 rounds)."""
    sub_id = token_subentry_id(entry, "Liisa")
    subentry = entry.subentries[sub_id]
    old = share_token.legacy_record(token)
    hass.config_entries.async_update_subentry(
        entry, subentry, data={**subentry.data, **old.as_dict()}
    )
    await hass.async_block_till_done()
    return sub_id


async def test_an_old_token_keeps_working_and_is_migrated_on_its_next_read(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    sub_id = await _make_legacy(hass, loaded_hub, liisa_token)
    assert loaded_hub.subentries[sub_id].data["iterations"] == 20_000

    assert (await _get(hub_url, liisa_token))[0] == 200
    data = dict(loaded_hub.subentries[sub_id].data)
    assert "iterations" not in data
    record = share_token.TokenRecord.from_dict(data)
    assert share_token.verify(liisa_token, record, loaded_hub.data["share_secret"])
    assert liisa_token not in str(data)
    # The migrated record keeps working, and only for this token.
    assert (await _get(hub_url, liisa_token))[0] == 200
    assert (await _get(hub_url, liisa_token[:-1] + "#"))[0] == 401


async def test_parallel_guesses_at_an_old_token_are_counted_before_the_slow_check(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hub_url: str,
    liisa_token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An old record's PBKDF2 check awaits the executor: the attempt is counted first."""
    await _make_legacy(hass, loaded_hub, liisa_token)
    slow: list[str] = []
    real_verify = share_token.verify

    def counting_verify(token: str, record: share_token.TokenRecord, secret: str) -> bool:
        if record.legacy:
            slow.append(token)
        return real_verify(token, record, secret)

    monkeypatch.setattr(share_token, "verify", counting_verify)
    wrong = [liisa_token[:12] + secrets.token_urlsafe(32) for _ in range(40)]
    async with ClientSession() as session:

        async def guess(token: str) -> int:
            headers = {"Authorization": f"Bearer {token}"}
            async with session.get(f"{hub_url}{SHARE_PATH}", headers=headers) as resp:
                return resp.status

        statuses = await asyncio.gather(*(guess(token) for token in wrong))
    assert len(slow) <= 5
    assert statuses.count(429) >= 35


async def test_bad_tokens_spread_out_do_not_lock_out(
    hass: HomeAssistant, hub_url: str, liisa_token: str, freezer: FrozenDateTimeFactory
) -> None:
    """A worker who mistypes now and then is not locked out; a good read resets the count."""
    for _ in range(3):
        assert (await _get(hub_url, "0" * 12 + "x" * 43))[0] == 401
    assert (await _get(hub_url, liisa_token))[0] == 200
    for _ in range(4):
        assert (await _get(hub_url, "0" * 12 + "x" * 43))[0] == 401
        freezer.tick(timedelta(minutes=5))
    assert (await _get(hub_url, liisa_token))[0] == 200


async def test_the_hub_stores_no_token(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, liisa_token: str, hass_storage: dict[str, Any]
) -> None:
    stored = json.dumps(hass_storage, default=str) + json.dumps(
        [dict(sub.data) for sub in loaded_hub.subentries.values()]
    )
    assert liisa_token not in stored
    assert liisa_token[12:] not in stored


async def test_while_no_hub_is_loaded_the_endpoint_asks_to_come_back(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    """Unloaded (or failed, or not yet started): 503 with Retry-After, never a 404 page."""
    assert await hass.config_entries.async_unload(loaded_hub.entry_id)
    status, body, headers = await _get(hub_url, liisa_token)
    assert (status, body) == (503, {"error": "unavailable"})
    assert headers["Retry-After"] == "30"
    assert headers["Content-Type"].startswith("application/json")
    assert await hass.config_entries.async_setup(loaded_hub.entry_id)
    await hass.async_block_till_done()
    assert (await _get(hub_url, liisa_token))[0] == 200


async def test_reads_during_a_reload_never_fail(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    async with ClientSession() as session:

        async def read() -> int:
            headers = {"Authorization": f"Bearer {liisa_token}"}
            async with session.get(f"{hub_url}{SHARE_PATH}", headers=headers) as resp:
                return resp.status

        async def reads() -> list[int]:
            statuses = []
            for _ in range(30):
                statuses.append(await read())
                await asyncio.sleep(0)
            return statuses

        reload = hass.config_entries.async_reload(loaded_hub.entry_id)
        results = await asyncio.gather(reads(), reads(), reload)
    statuses = [*results[0], *results[1]]
    assert set(statuses) <= {200, 503}
    assert 200 in statuses
    assert (await _get(hub_url, liisa_token))[0] == 200


async def test_a_flood_from_everywhere_is_refused_but_the_worker_is_served(
    hass: HomeAssistant, hub_url: str, liisa_token: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The total limit (here: three bad tokens) refuses bad tokens from every address."""
    hass.data[DATA_SHARE_VIEW].lockout = LockOut(max_failures=100, total_burst=3, total_rate=0.01)
    statuses = [(await _get(hub_url, "0" * 12 + "x" * 43))[0] for _ in range(4)]
    assert statuses == [401, 401, 429, 429]
    assert (await _get(hub_url, liisa_token))[0] == 200
    floods = [r.getMessage() for r in caplog.records if "many addresses" in r.getMessage()]
    assert len(floods) == 1
    assert "127.0.0.1" not in floods[0]
