"""A worker's reads reuse the built answer only while everything it shows is still true."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import ClientSession
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.core.consent import DataKind
from custom_components.digiohjaus.core.share import SHARE_PATH
from custom_components.digiohjaus.hub.share.cache import async_answer_cache

from ..contacts import contact_id


async def _read(url: str, token: str) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    async with ClientSession() as session, session.get(f"{url}{SHARE_PATH}", headers=headers) as r:
        return r.status, await r.json()


def _reads(entry: MockConfigEntry) -> int:
    entries = entry.runtime_data.audit.page(limit=100).entries
    return sum(e.count for e in entries if e.outcome == "share_read")


async def test_reads_in_a_row_get_the_same_answer_and_are_all_audited(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hub_url: str,
    liisa_token: str,
    freezer: FrozenDateTimeFactory,
) -> None:
    first = await _read(hub_url, liisa_token)
    freezer.tick(timedelta(seconds=30))
    second = await _read(hub_url, liisa_token)
    # Reused: it says when it was built.
    assert second == first
    assert first[1]["generated_at"] == "2027-03-10T09:00:00+02:00"
    assert _reads(loaded_hub) == 2
    # A minute on, the answer is built again.
    freezer.tick(timedelta(seconds=31))
    third = await _read(hub_url, liisa_token)
    assert third[1]["generated_at"] == "2027-03-10T09:01:01+02:00"
    assert _reads(loaded_hub) == 3


async def test_a_check_in_or_a_call_shows_at_the_very_next_read(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    assert (await _read(hub_url, liisa_token))[1]["check_in"]["done_today"] is False
    await loaded_hub.runtime_data.checkin.async_check_in(4, None)
    answer = (await _read(hub_url, liisa_token))[1]
    assert answer["check_in"]["done_today"] is True
    assert answer["mood"]["score"] == 4
    await loaded_hub.runtime_data.calls.async_request()
    assert (await _read(hub_url, liisa_token))[1]["calls"]["status"] == "requested"


async def test_a_withdrawal_applies_to_the_very_next_read(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    assert (await _read(hub_url, liisa_token))[0] == 200
    await loaded_hub.runtime_data.contacts.async_withdraw(contact_id(loaded_hub, "Liisa"))
    assert await _read(hub_url, liisa_token) == (403, {"error": "consent_withdrawn"})


async def test_a_narrowed_consent_applies_to_the_very_next_read(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, hub_url: str, liisa_token: str
) -> None:
    assert "mood" in (await _read(hub_url, liisa_token))[1]
    contacts = loaded_hub.runtime_data.contacts
    liisa = contacts.get(contact_id(loaded_hub, "Liisa"))
    assert liisa is not None
    narrowed = liisa.consent.with_kinds(frozenset({DataKind.CHECK_IN}), dt_util.now())
    await contacts.async_set_consent(liisa.contact_id, narrowed)
    status, answer = await _read(hub_url, liisa_token)
    assert status == 200
    assert "check_in" in answer
    assert "mood" not in answer


async def test_an_answer_from_before_midnight_is_not_reused_after_it(
    hass: HomeAssistant,
    loaded_hub: MockConfigEntry,
    hub_url: str,
    liisa_token: str,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Yesterday's "checked in today" must not be shown as today's, even 20 s later."""
    await loaded_hub.runtime_data.checkin.async_check_in(4, None)
    freezer.move_to(dt_util.start_of_local_day() + timedelta(days=1, seconds=-10))
    before = (await _read(hub_url, liisa_token))[1]
    assert before["check_in"]["done_today"] is True
    freezer.tick(timedelta(seconds=20))
    after = (await _read(hub_url, liisa_token))[1]
    assert after["generated_at"] != before["generated_at"]
    assert after["check_in"]["done_today"] is False


async def test_the_answer_kept_before_midnight_is_built_again_after_it(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    """Even when nothing announced the new day yet, the answer is not reused across it."""
    cache = async_answer_cache(hass, loaded_hub, loaded_hub.runtime_data)
    kinds = frozenset({DataKind.CHECK_IN})
    midnight = dt_util.start_of_local_day() + timedelta(days=1)
    late = cache.answer(loaded_hub.entry_id, kinds, midnight - timedelta(seconds=10))
    assert cache.answer(loaded_hub.entry_id, kinds, midnight - timedelta(seconds=1)) is late
    after = cache.answer(loaded_hub.entry_id, kinds, midnight + timedelta(seconds=10))
    assert after is not late
    assert after[0].generated_at == midnight + timedelta(seconds=10)
