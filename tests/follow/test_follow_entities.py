"""What the worker sees of a followed client, poll by poll."""

from __future__ import annotations

from datetime import datetime
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.digiohjaus.const import DOMAIN
from custom_components.digiohjaus.core.share import ActivityShare, CallsShare, ShareSnapshot

from .conftest import HUB_ID, TOKEN, FakeHub, full_snapshot
from .helpers import (
    ADHERENCE,
    CALL,
    CHECKED_IN_TODAY,
    DATA_ENTITIES,
    LAST_CHECK_IN,
    LAST_INTERACTION,
    MISSED_CHECK_INS,
    MISSED_TODAY,
    MOOD,
    NO_CONTACT,
    REMINDERS_DUE,
    REMINDERS_MISSED,
    TAKEN_TODAY,
    poll,
    state,
)


async def test_values_arrive(
    hass: HomeAssistant, loaded_follow: MockConfigEntry, fake_hub: FakeHub
) -> None:
    assert fake_hub.requests == [f"Bearer {TOKEN}"]
    assert state(hass, MOOD) == "4"
    mood = hass.states.get(MOOD)
    assert mood is not None
    assert mood.attributes["note"] == "Nukuin hyvin"
    assert state(hass, LAST_CHECK_IN) == "2027-03-10T06:15:00+00:00"
    assert state(hass, MISSED_CHECK_INS) == "2"
    assert state(hass, CHECKED_IN_TODAY) == "on"
    assert state(hass, CALL) == "idle"
    assert state(hass, ADHERENCE) == "85.7"
    assert state(hass, TAKEN_TODAY) == "1"
    assert state(hass, MISSED_TODAY) == "1"
    assert state(hass, REMINDERS_DUE) == "1"
    assert state(hass, REMINDERS_MISSED) == "2"
    missed = hass.states.get(REMINDERS_MISSED)
    assert missed is not None
    assert missed.attributes["meal"] == 2
    assert state(hass, LAST_INTERACTION) == "2027-03-10T06:40:00+00:00"
    assert state(hass, NO_CONTACT) == "off"


async def test_one_device_per_followed_client(
    hass: HomeAssistant, loaded_follow: MockConfigEntry
) -> None:
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, loaded_follow.entry_id), loaded_follow.entry_id
    )
    assert device is not None
    assert device.name == "Client – Maija"
    entities = er.async_entries_for_device(er.async_get(hass), device.id)
    assert {e.entity_id for e in entities} == set(DATA_ENTITIES)


async def test_values_follow_the_hub(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    fake_hub.share(
        full_snapshot(
            calls=CallsShare(
                status="requested", requested_at=datetime.fromisoformat("2027-03-10T09:03:00+02:00")
            )
        )
    )
    await poll(hass, freezer, minutes=4)
    assert state(hass, CALL) == "idle"  # not yet: the poll interval is five minutes
    await poll(hass, freezer, minutes=1)
    assert state(hass, CALL) == "requested"
    assert len(fake_hub.requests) == 2


async def test_an_unchanged_answer_writes_nothing(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Fifty followed clients polled every five minutes: only changes cost a state write."""
    before = hass.states.get(MOOD)
    assert before is not None
    reported = before.last_reported  # (Home Assistant updates this in place on a write)
    fake_hub.share(full_snapshot())  # the same again, generated later
    await poll(hass, freezer)
    after = hass.states.get(MOOD)
    assert after is not None
    assert after.last_reported == reported
    assert len(fake_hub.requests) == 2


async def test_withdrawn_kind_disappears_next_poll(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    fake_hub.share(full_snapshot(mood=None))
    await poll(hass, freezer)
    assert state(hass, MOOD) == STATE_UNAVAILABLE
    mood = hass.states.get(MOOD)
    assert mood is not None
    assert "note" not in mood.attributes
    assert state(hass, ADHERENCE) == "85.7"

    fake_hub.share(full_snapshot())
    await poll(hass, freezer)
    assert state(hass, MOOD) == "4"


async def test_kind_shared_later_adds_its_entities(
    hass: HomeAssistant,
    fake_hub: FakeHub,
    follow_entry: MockConfigEntry,
    now: datetime,
    freezer: FrozenDateTimeFactory,
) -> None:
    fake_hub.share(full_snapshot(medication=None, reminders=None))
    assert await hass.config_entries.async_setup(follow_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(ADHERENCE) is None
    assert hass.states.get(REMINDERS_DUE) is None

    fake_hub.share(full_snapshot(reminders=None))
    await poll(hass, freezer)
    assert state(hass, ADHERENCE) == "85.7"
    assert hass.states.get(REMINDERS_DUE) is None


async def test_registered_entities_of_unshared_kinds_come_back_unavailable(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
) -> None:
    """After a reload, an entity the client stopped sharing is unavailable, not an orphan."""
    fake_hub.share(full_snapshot(mood=None))
    assert await hass.config_entries.async_reload(loaded_follow.entry_id)
    await hass.async_block_till_done()
    assert state(hass, MOOD) == STATE_UNAVAILABLE
    entry = er.async_get(hass).async_get(MOOD)
    assert entry is not None
    mood = hass.states.get(MOOD)
    assert mood is not None
    assert not mood.attributes.get("restored")


async def test_consent_withdrawn(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    fake_hub.error(403, "consent_withdrawn")
    await poll(hass, freezer)

    for entity_id in DATA_ENTITIES:
        assert state(hass, entity_id) == STATE_UNAVAILABLE, entity_id
    mood = hass.states.get(MOOD)
    assert mood is not None
    assert "note" not in mood.attributes
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"consent_withdrawn_{loaded_follow.entry_id}"
    )
    assert issue is not None
    assert issue.translation_key == "follow_consent_withdrawn"
    assert issue.translation_placeholders == {"client": "Maija"}
    assert issue.severity is ir.IssueSeverity.WARNING
    # Nothing stale is kept, even in the coordinator.
    assert "Maija" not in repr(loaded_follow.runtime_data.coordinator.data)
    assert loaded_follow.state is ConfigEntryState.LOADED

    # The client consents again: at the next hourly ask the data and the entities come
    # back, the issue goes.
    fake_hub.share(full_snapshot())
    await poll(hass, freezer, minutes=60)
    assert state(hass, MOOD) == "4"
    assert state(hass, NO_CONTACT) == "off"
    assert (
        ir.async_get(hass).async_get_issue(DOMAIN, f"consent_withdrawn_{loaded_follow.entry_id}")
        is None
    )


async def test_after_a_withdrawal_the_hub_is_asked_once_an_hour(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Not every five minutes: each ask is a refusal in the client's audit log."""
    fake_hub.error(403, "consent_withdrawn")
    await poll(hass, freezer)
    asked = len(fake_hub.requests)
    for _ in range(11):
        await poll(hass, freezer)  # 55 minutes
    assert len(fake_hub.requests) == asked
    # Errors in between (the hub restarting asks for 30 s) do not shorten the wait.
    fake_hub.error(503, "unavailable", **{"Retry-After": "30"})
    await poll(hass, freezer)
    assert len(fake_hub.requests) == asked + 1
    for _ in range(11):
        await poll(hass, freezer)
    assert len(fake_hub.requests) == asked + 1
    # Consent restored: the next hourly read succeeds and five-minute polling resumes.
    fake_hub.share(full_snapshot())
    await poll(hass, freezer)
    assert len(fake_hub.requests) == asked + 2
    assert state(hass, MOOD) == "4"
    await poll(hass, freezer)
    assert len(fake_hub.requests) == asked + 3


async def test_consent_withdrawn_before_setup(
    hass: HomeAssistant, fake_hub: FakeHub, follow_entry: MockConfigEntry, now: datetime
) -> None:
    fake_hub.error(403, "consent_withdrawn")
    assert await hass.config_entries.async_setup(follow_entry.entry_id)
    await hass.async_block_till_done()
    assert follow_entry.state is ConfigEntryState.LOADED
    assert er.async_entries_for_config_entry(er.async_get(hass), follow_entry.entry_id) == []
    issue_id = f"consent_withdrawn_{follow_entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None

    # Unloading the entry takes its repair issue with it.
    assert await hass.config_entries.async_unload(follow_entry.entry_id)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


def _ours(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("custom_components.digiohjaus")]


async def test_hub_down_logs_once_each_way(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="custom_components.digiohjaus")
    await fake_hub.stop()
    for _ in range(3):
        await poll(hass, freezer)
        assert state(hass, MOOD) == STATE_UNAVAILABLE
        assert state(hass, CHECKED_IN_TODAY) == STATE_UNAVAILABLE

    down = [r for r in _ours(caplog) if r.levelno >= logging.WARNING]
    assert len(down) == 1
    assert "could not be reached" in down[0].getMessage()
    assert "Maija" not in caplog.text
    assert TOKEN not in caplog.text

    await fake_hub.start()
    await poll(hass, freezer)
    await poll(hass, freezer)
    assert state(hass, MOOD) == "4"
    back = [r for r in _ours(caplog) if "recovered" in r.getMessage()]
    assert len(back) == 1
    assert back[0].levelno == logging.INFO
    assert "Maija" not in caplog.text


async def test_no_contact_keeps_counting_while_the_hub_is_down(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A client who cannot be reached digitally needs a home visit."""
    await fake_hub.stop()
    await poll(hass, freezer)
    assert state(hass, NO_CONTACT) == "off"

    # Last contact 08:40 on the 10th: three days later, at 08:40 on the 13th, it turns on.
    freezer.move_to("2027-03-13T08:39:00+02:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert state(hass, NO_CONTACT) == "off"
    freezer.move_to("2027-03-13T08:40:01+02:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert state(hass, NO_CONTACT) == "on"
    no_contact = hass.states.get(NO_CONTACT)
    assert no_contact is not None
    assert no_contact.attributes["last_contact"] == "2027-03-10T08:40:00+02:00"


async def test_no_contact_restarts_with_new_contact(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to("2027-03-13T09:00:00+02:00")
    await poll(hass, freezer, minutes=0)
    assert state(hass, NO_CONTACT) == "on"

    fake_hub.share(
        full_snapshot(
            activity=ActivityShare(
                last_interaction_at=datetime.fromisoformat("2027-03-13T09:01:00+02:00")
            )
        )
    )
    await poll(hass, freezer)
    assert state(hass, NO_CONTACT) == "off"


async def test_no_contact_unknown_before_any_contact(
    hass: HomeAssistant,
    fake_hub: FakeHub,
    follow_entry: MockConfigEntry,
    now: datetime,
) -> None:
    fake_hub.share(
        ShareSnapshot(hub_id=HUB_ID, client="Maija", generated_at=now, activity=ActivityShare(None))
    )
    assert await hass.config_entries.async_setup(follow_entry.entry_id)
    await hass.async_block_till_done()
    assert state(hass, NO_CONTACT) == "unknown"
    assert hass.states.get(CHECKED_IN_TODAY) is None


async def test_unload_stops_polling(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    fake_hub: FakeHub,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert await hass.config_entries.async_unload(loaded_follow.entry_id)
    await hass.async_block_till_done()
    await poll(hass, freezer)
    await poll(hass, freezer, minutes=60 * 24 * 4)
    assert len(fake_hub.requests) == 1
    for entity_id in DATA_ENTITIES:
        assert state(hass, entity_id) == STATE_UNAVAILABLE


async def test_diagnostics_hide_the_client(
    hass: HomeAssistant,
    loaded_follow: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_follow)
    text = str(diagnostics)
    assert "Maija" not in text
    assert TOKEN not in text
    assert "127.0.0.1" not in text
    assert diagnostics["shared_kinds"] == [
        "activity",
        "calls",
        "check_in",
        "medication",
        "mood",
        "reminders",
    ]
    assert diagnostics["update_interval_seconds"] == 300
    assert diagnostics["consent_withdrawn"] is False
