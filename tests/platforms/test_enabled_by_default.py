"""Which entities of a reminder a hub enables by itself, and that an older hub keeps its own.

A new hub enables what the tablet, the share and the worker's history read: each reminder's
status sensor and "done" button, and a medicine's 7-day adherence. The next due sensor (the
status sensor's ``next_due`` attribute says the same), the snooze button (the client snoozes
from the reminder on the phone) and the 30-day adherence are there, disabled, for whoever
enables them.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.const import DOMAIN

MEDICINE = "01KMEDICATIONBURANA000000"
MEAL = "01KMEALLOUNAS000000000000"
APPOINTMENT = "01KAPPOINTMENTLAAKARI0000"
RENT = "01KRENTVUOKRA000000000000"


def _keys(registry: er.EntityRegistry, entry: MockConfigEntry, reminder_id: str) -> dict[str, bool]:
    """Each entity key of one reminder → whether it is enabled."""
    return {
        item.unique_id.removeprefix(f"{reminder_id}_"): item.disabled_by is None
        for item in er.async_entries_for_config_entry(registry, entry.entry_id)
        if item.config_subentry_id == reminder_id
    }


async def test_a_new_hub_enables_what_the_tablet_and_the_share_read(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    registry = er.async_get(hass)

    assert _keys(registry, hub_entry, MEDICINE) == {
        "status": True,
        "done": True,
        "adherence_7d": True,
        "next_due": False,
        "snooze": False,
        "adherence_30d": False,
    }
    assert _keys(registry, hub_entry, MEAL) == {
        "status": True,
        "done": True,
        "next_due": False,
        "snooze": False,
    }
    assert _keys(registry, hub_entry, APPOINTMENT) == {
        "status": True,
        "done": True,
        "next_due": False,
    }
    status = hass.states.get("sensor.burana_status")
    assert status is not None
    assert status.attributes["next_due"] == "2027-01-15T08:00:00+02:00"
    assert hass.states.get("sensor.burana_next_due") is None


async def test_a_hub_set_up_before_keeps_the_entities_it_had(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    # An older hub's registry: every entity of the rent was created enabled.
    registry = er.async_get(hass)
    for domain, key in (("sensor", "next_due"), ("button", "snooze")):
        registry.async_get_or_create(
            domain,
            DOMAIN,
            f"{RENT}_{key}",
            config_entry=hub_entry,
            config_subentry_id=RENT,
            suggested_object_id=f"vuokra_{key}",
        )

    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()

    assert _keys(registry, hub_entry, RENT) == {
        "status": True,
        "done": True,
        "next_due": True,
        "snooze": True,
    }
    next_due = hass.states.get("sensor.vuokra_next_due")
    assert next_due is not None
    assert next_due.state == "2027-01-31T07:00:00+00:00"  # 09:00 in Helsinki
    assert hass.states.get("button.vuokra_snooze") is not None
