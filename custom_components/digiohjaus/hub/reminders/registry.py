"""The kinds of reminder the hub knows. Add a kind here (and nowhere in the engine)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from homeassistant.config_entries import ConfigSubentryFlow

from . import medication

KINDS: Final = MappingProxyType({kind.kind: kind for kind in (medication.KIND,)})


def subentry_flows() -> dict[str, type[ConfigSubentryFlow]]:
    """The subentry flow of every reminder kind, by subentry type."""
    return {name: kind.flow for name, kind in KINDS.items()}
