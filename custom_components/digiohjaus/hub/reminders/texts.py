"""Texts in the hub's language for subentry forms (e.g. "Vuokra" as a new rent's name)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry

from ...const import DOMAIN


def hub_text(entry: ConfigEntry[Any], key: str) -> str:
    """A ``common`` text in the hub's language, or ``""`` while the hub is not running."""
    runtime = getattr(entry, "runtime_data", None)
    texts: dict[str, str] = getattr(getattr(runtime, "reminders", None), "texts", {})
    return texts.get(f"component.{DOMAIN}.common.{key}", "")
