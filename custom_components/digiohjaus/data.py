"""The typed config entries of digiohjaus: one integration, two roles.

Each role keeps its own runtime data and typed entry in its own package:
``hub/runtime.py`` (``HubConfigEntry``, the client's home hub) and ``follow/runtime.py``
(``FollowConfigEntry``, a worker following a client). Only the integration's entry points
and platforms, which serve both roles, use ``DigiohjausConfigEntry`` and dispatch with
``is_follow_entry``: after ``if is_follow_entry(entry): ...`` the type is narrowed, so the
code that follows sees a ``HubConfigEntry``. Nothing under ``hub/`` or ``follow/`` imports
this module.
"""

from __future__ import annotations

from typing import TypeIs

from .const import CONF_ROLE, ROLE_FOLLOW
from .follow.runtime import FollowConfigEntry
from .hub.runtime import HubConfigEntry

type DigiohjausConfigEntry = HubConfigEntry | FollowConfigEntry


def is_follow_entry(entry: DigiohjausConfigEntry) -> TypeIs[FollowConfigEntry]:
    """Return whether the entry follows a client's hub (else it is the client's hub)."""
    return bool(entry.data.get(CONF_ROLE) == ROLE_FOLLOW)
