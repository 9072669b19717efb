"""The kinds of reminder the hub knows. Add a kind here (and nowhere in the engine)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from homeassistant.config_entries import ConfigSubentryFlow

from . import appointment, bill, home_visit, meal, medication, rent, routine

KINDS: Final = MappingProxyType(
    {
        kind.kind: kind
        for kind in (
            medication.KIND,
            rent.KIND,
            bill.KIND,
            meal.KIND,
            appointment.KIND,
            routine.KIND,
            home_visit.KIND,  # the hub's own, no subentry flow
        )
    }
)


def subentry_flows() -> dict[str, type[ConfigSubentryFlow]]:
    """The subentry flow of every reminder kind, by subentry type."""
    return {name: kind.flow for name, kind in KINDS.items() if kind.flow is not None}
