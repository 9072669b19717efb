"""Sensors: the client home hub's (hub/) or a followed client's (follow/)."""

from __future__ import annotations

from .data import role_platform
from .follow import sensor as follow
from .hub import sensor as hub

PARALLEL_UPDATES = 0

async_setup_entry = role_platform(hub.async_setup_entry, follow.async_setup_entry)
