"""The fault harness runs Home Assistant in its own process: no in-process hass here."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """No in-process Home Assistant: the harness starts its own."""


@pytest.fixture(autouse=True)
def helsinki_time() -> None:
    """The harness's configuration sets Europe/Helsinki."""


@pytest.fixture(autouse=True)
def loopback(socket_enabled: None) -> None:
    """Talk to the harness's Home Assistant over loopback."""
