"""A fixed client home hub for the snapshot tests: fixed ids, a frozen clock, every kind.

Everything that ends up in an entity's unique id, state or attributes is fixed here (the
entry id, each subentry id, the time), so a snapshot changes only when an entity does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryData
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN, HUB_UNIQUE_ID
from custom_components.digiohjaus.core.consent import DataKind

from ..contacts import contact_subentry

HUB_ENTRY_ID = "01KHUBMAIJA00000000000000"
NOW = datetime.fromisoformat("2027-01-15T07:00:00+02:00")
EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _subentry(subentry_id: str, subentry_type: str, title: str, **data: Any) -> ConfigSubentryData:
    return ConfigSubentryData(
        subentry_id=subentry_id,
        subentry_type=subentry_type,
        title=title,
        unique_id=None,
        data=data,
    )


def _contact(subentry_id: str, name: str, role: str, kinds: set[DataKind]) -> ConfigSubentryData:
    contact = contact_subentry(name, role, kinds=kinds, given_at=NOW)
    return ConfigSubentryData(subentry_id=subentry_id, **contact)


HUB_SUBENTRIES: list[ConfigSubentryData] = [
    _contact("01KCONTACTLIISA0000000000", "Liisa", "worker", set(DataKind)),
    _contact("01KCONTACTPEKKA0000000000", "Pekka", "family", {DataKind.CHECK_IN}),
    _subentry(
        "01KMEDICATIONBURANA000000",
        "medication",
        "Burana",
        name="Burana",
        dose="1 tabletti",
        times=["08:00", "20:00"],
        weekdays=EVERY_DAY,
        grace_minutes=60,
        snooze_minutes=10,
        early_minutes=120,
    ),
    _subentry(
        "01KRENTVUOKRA000000000000",
        "rent",
        "Vuokra",
        name="Vuokra",
        day=31,
        time="09:00:00",
        lead_days=3,
        grace_days=3,
        amount=650.5,
    ),
    _subentry(
        "01KBILLHELEN0000000000000",
        "bill",
        "Helen",
        payee="Helen",
        due_date="2027-01-20",
        repeat="monthly",
        time="09:00:00",
        lead_days=3,
        grace_days=3,
        amount=45.9,
    ),
    _subentry(
        "01KMEALLOUNAS000000000000",
        "meal",
        "Lounas",
        name="Lounas",
        times=["12:00"],
        weekdays=EVERY_DAY,
        grace_minutes=90,
        snooze_minutes=15,
    ),
    _subentry(
        "01KAPPOINTMENTLAAKARI0000",
        "appointment",
        "Lääkäri",
        name="Lääkäri",
        when="2027-01-16 14:00:00",
        leads=["1440", "30"],
        place="Terveysasema, Kalliontie 5",
    ),
    _subentry(
        "01KROUTINEIMUROINTI000000",
        "routine",
        "Imurointi",
        name="Imurointi",
        times=["10:00"],
        weekdays=["tue"],
        grace_minutes=480,
        snooze_minutes=30,
    ),
]


@pytest.fixture
def entities_enabled() -> Iterator[None]:
    """Every entity enabled, those disabled by default too (their snapshot shows the flag)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


@pytest.fixture
def hub_entry(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    hub_data: dict[str, Any],
    hub_options: dict[str, Any],
) -> MockConfigEntry:
    """The hub with two contacts and one reminder of each kind, at a frozen time."""
    freezer.move_to(NOW)
    entry = MockConfigEntry(
        domain=DOMAIN,
        entry_id=HUB_ENTRY_ID,
        title="Maija",
        data=hub_data,
        options=hub_options,
        unique_id=HUB_UNIQUE_ID,
        version=1,
        minor_version=1,
        subentries_data=HUB_SUBENTRIES,
    )
    entry.add_to_hass(hass)
    return entry


async def setup_with(
    hass: HomeAssistant, entry: MockConfigEntry, platforms: list[Platform]
) -> None:
    """Set the hub up with only ``platforms`` forwarded."""
    with patch("custom_components.digiohjaus.PLATFORMS", platforms):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
