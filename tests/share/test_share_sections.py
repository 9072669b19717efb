"""What each section of the share payload says, from the subsystems that own the data."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.digiohjaus.core.consent import DATA_KINDS, DataKind
from custom_components.digiohjaus.core.occurrence import Status
from custom_components.digiohjaus.core.share import MedicineDetail, snapshot_to_json
from custom_components.digiohjaus.hub.share.snapshot import (
    build_snapshot,
    medication_details_section,
    reminders_section,
)

from ..reminders.conftest import medication_input


async def _move_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: str) -> datetime:
    moment = datetime.fromisoformat(when)
    freezer.move_to(moment)
    async_fire_time_changed(hass, moment)
    await hass.async_block_till_done()
    return moment


async def _add_medication(hass: HomeAssistant, hub: MockConfigEntry) -> str:
    before = set(hub.subentries)
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, "medication"), context={"source": SOURCE_USER}
    )
    await hass.config_entries.subentries.async_configure(result["flow_id"], medication_input())
    await hass.async_block_till_done()
    (reminder_id,) = set(hub.subentries) - before
    return reminder_id


def _snapshot(hub: MockConfigEntry, kinds: frozenset[DataKind] = frozenset(DATA_KINDS)) -> dict:
    return snapshot_to_json(build_snapshot(hub.entry_id, hub.runtime_data, kinds, dt_util.utcnow()))


async def test_medication_today_and_week(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    reminder_id = await _add_medication(hass, loaded_hub)
    await _move_to(hass, freezer, "2027-03-10T20:05:00+02:00")
    # The medicine was added at 09:00: its first dose is this evening's, taken at 20:05.
    await loaded_hub.runtime_data.reminders.async_mark_done([reminder_id])
    await hass.async_block_till_done()
    await _move_to(hass, freezer, "2027-03-11T07:30:00+02:00")

    payload = _snapshot(loaded_hub)
    assert payload["medication"] == {"done_today": 0, "missed_today": 0, "adherence_7d": 100.0}
    assert payload["medication_details"] == {
        "medicines": [{"name": "Burana", "adherence_7d": 100.0, "status": "scheduled"}]
    }
    # Taking the evening dose was the client's latest action.
    assert payload["activity"] == {"last_interaction_at": "2027-03-10T18:05:00+00:00"}
    # Medication reminders are counted under medication, not under other reminders.
    assert payload["reminders"] == {}

    await _move_to(hass, freezer, "2027-03-11T09:30:00+02:00")
    payload = _snapshot(loaded_hub)
    assert payload["medication"] == {"done_today": 0, "missed_today": 1, "adherence_7d": 50.0}
    assert payload["medication_details"]["medicines"][0]["status"] == "missed"


async def test_nothing_beyond_the_kinds_asked_for(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    await _add_medication(hass, loaded_hub)
    payload = _snapshot(loaded_hub, frozenset({DataKind.MEDICATION}))
    assert payload["kinds"] == ["medication"]
    assert "Burana" not in str(payload)
    assert "medication_details" not in payload


async def test_mood_and_check_in_from_the_keeper(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    await loaded_hub.runtime_data.checkin.async_check_in(2, "Huono yö")
    for day in ("10", "11", "12"):  # no check-in on the 11th or the 12th
        await _move_to(hass, freezer, f"2027-03-{day}T13:00:00+02:00")
    payload = _snapshot(loaded_hub, frozenset({DataKind.CHECK_IN, DataKind.MOOD}))
    assert payload["check_in"] == {
        "last_at": "2027-03-10T09:00:00+02:00",
        "done_today": False,
        "missed_days_7d": 2,
    }
    assert payload["mood"] == {"score": 2, "note": "Huono yö", "at": "2027-03-10T09:00:00+02:00"}


def test_other_reminders_are_counted_per_kind_and_status() -> None:
    """Rent, bills, meals …: how many of each kind stand at each status (no names)."""

    def reminder(kind: str, name: str) -> SimpleNamespace:
        return SimpleNamespace(kind=SimpleNamespace(kind=kind), spec=SimpleNamespace(name=name))

    reminders = {
        "r1": reminder("rent", "Vuokra"),
        "m1": reminder("meal", "Lounas"),
        "m2": reminder("meal", "Päivällinen"),
        "m3": reminder("meal", "Iltapala"),
        "p1": reminder("medication", "Burana"),
        "home_visit": reminder("home_visit", "Kotikäynti"),
    }
    statuses = {"r1": Status.DUE, "m1": Status.DONE, "m2": Status.DONE, "m3": None, "p1": None}
    statuses["home_visit"] = Status.DUE
    data = SimpleNamespace(
        reminders=SimpleNamespace(
            reminders=reminders,
            view=lambda rid: SimpleNamespace(status=statuses[rid], adherence=(None, None)),
        )
    )
    now = dt_util.utcnow()
    assert reminders_section(data, now) == {"meal": {"done": 2}, "rent": {"due": 1}}  # type: ignore[arg-type]
    assert medication_details_section(data, now) == (  # type: ignore[arg-type]
        MedicineDetail(name="Burana", adherence_7d=None, status=None),
    )
