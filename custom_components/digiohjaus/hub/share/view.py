"""``GET /api/digiohjaus/v1/share``: the worker's remote read (design §6).

No Home Assistant login: the request carries ``Authorization: Bearer <share token>``. The
token names a worker contact; the answer holds only the kinds the client's consent for
that contact covers, and the read is written into the audit log (with those kinds) before
the answer leaves. Nothing else of the home can be reached this way.

- ``401 invalid_token``: no token, a wrong one, or one whose contact no longer exists;
- ``403 consent_withdrawn``: the contact has no consent now (audited as ``share_denied``);
- ``429 rate_limited``: after repeated bad tokens from the address (or very many from
  everywhere) bad tokens are refused for a while (``Retry-After`` says how long); a valid
  token is still served;
- ``503 unavailable`` with ``Retry-After``: no hub is loaded (Home Assistant starting, the
  hub failed to set up or is reloading, or this is only a follower).

The view is registered once, in ``async_setup``; each request looks the loaded hub up
once and uses only that, so a reload in the middle of a read cannot break it. The view
only speaks HTTP: the read itself (token, consent, sections, audit) is ``read.py``.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
import logging
import math
from typing import Final

from aiohttp import hdrs, web
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONTENT_TYPE_JSON
from homeassistant.core import HomeAssistant
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ...const import CONF_ROLE, DOMAIN, ROLE_HUB
from ...core.lockout import EVERYONE, LockOut
from ...core.share import (
    ERROR_CONSENT_WITHDRAWN,
    ERROR_INVALID_TOKEN,
    ERROR_RATE_LIMITED,
    ERROR_UNAVAILABLE,
    SHARE_PATH,
)
from ..runtime import HubConfigEntry, HubData
from .read import async_read

_LOGGER = logging.getLogger(__name__)

DATA_SHARE_VIEW: Final = HassKey["ShareView"](f"{DOMAIN}_share_view")
NO_STORE: Final = {hdrs.CACHE_CONTROL: "no-store"}
RETRY_UNAVAILABLE: Final = 30
"""Seconds a follower is asked to wait while no hub is loaded."""


def async_register_share_view(hass: HomeAssistant) -> None:
    """Register the endpoint once per Home Assistant run (views cannot be removed)."""
    if DATA_SHARE_VIEW not in hass.data:
        view = ShareView()
        hass.data[DATA_SHARE_VIEW] = view
        hass.http.register_view(view)


class ShareView(HomeAssistantView):
    """The share endpoint; it answers for the loaded client home hub."""

    url = SHARE_PATH
    name = "api:digiohjaus:share"
    requires_auth = False

    def __init__(self) -> None:
        """Start with no address locked out (lock-outs live in memory, across reloads)."""
        self.lockout = LockOut()
        self._hub: HubConfigEntry | None = None

    async def get(self, request: web.Request) -> web.Response:
        """Answer a worker's read."""
        hass = request.app[KEY_HASS]
        now = dt_util.utcnow()
        entry = self._loaded_hub(hass)
        hub: HubData | None = getattr(entry, "runtime_data", None)
        if entry is None or hub is None:
            return self.json(
                {"error": ERROR_UNAVAILABLE},
                HTTPStatus.SERVICE_UNAVAILABLE,
                {**NO_STORE, hdrs.RETRY_AFTER: str(RETRY_UNAVAILABLE)},
            )
        answer = await async_read(
            hass,
            entry,
            hub,
            request.headers.get(hdrs.AUTHORIZATION),
            lockout=self.lockout,
            address=request.remote or "unknown",
            now=now,
        )
        if answer.snapshot is not None:
            return web.Response(body=answer.body, content_type=CONTENT_TYPE_JSON, headers=NO_STORE)
        if answer.consent_withdrawn:
            return self.json({"error": ERROR_CONSENT_WITHDRAWN}, HTTPStatus.FORBIDDEN, NO_STORE)
        if (refused := answer.refused) is not None:
            if refused.started:
                _log_refusal(refused.address, now, refused.until)
            return self._rate_limited(refused.until, now)
        return self.json({"error": ERROR_INVALID_TOKEN}, HTTPStatus.UNAUTHORIZED, NO_STORE)

    def _loaded_hub(self, hass: HomeAssistant) -> HubConfigEntry | None:
        """Return the loaded client home hub entry (there is at most one), if any.

        The one found last is kept while it stays loaded, so a read does not walk the
        config entries.
        """
        entry = self._hub
        if (
            entry is None
            or entry.state is not ConfigEntryState.LOADED
            or hass.config_entries.async_get_entry(entry.entry_id) is not entry
        ):
            entry = self._hub = _find_loaded_hub(hass)
        return entry

    def _rate_limited(self, until: datetime, now: datetime) -> web.Response:
        wait = max(1, math.ceil((until - now).total_seconds()))
        return self.json(
            {"error": ERROR_RATE_LIMITED},
            HTTPStatus.TOO_MANY_REQUESTS,
            {**NO_STORE, hdrs.RETRY_AFTER: str(wait)},
        )


def _log_refusal(address: str, now: datetime, until: datetime) -> None:
    """Log a lock-out once, when it starts (the address is the only detail)."""
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    if address == EVERYONE:
        _LOGGER.warning(
            "Share endpoint: too many bad tokens from many addresses; bad tokens are "
            "refused from every address for a while (valid tokens are still served)"
        )
        return
    _LOGGER.warning(
        "Share endpoint: %s locked out for %s min after repeated bad tokens "
        "(valid tokens are still served)",
        address,
        minutes,
    )


def _find_loaded_hub(hass: HomeAssistant) -> HubConfigEntry | None:
    """Return the loaded client home hub entry (there is at most one), if any."""
    return next(
        (
            entry
            for entry in hass.config_entries.async_loaded_entries(DOMAIN)
            if entry.data.get(CONF_ROLE) == ROLE_HUB
        ),
        None,
    )
