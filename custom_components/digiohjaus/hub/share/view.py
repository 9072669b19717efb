"""``GET /api/digiohjaus/v1/share``: the worker's remote read (design §6).

No Home Assistant login: the request carries ``Authorization: Bearer <share token>``. The
token names a worker contact; the answer holds only the kinds the client's consent for
that contact covers, and the read is written into the audit log (with those kinds) before
the answer leaves. Nothing else of the home can be reached this way.

- ``401 invalid_token``: no token, a wrong one, or one whose contact no longer exists;
- ``403 consent_withdrawn``: the contact has no consent now (audited as ``share_denied``);
- ``429 rate_limited``: after repeated bad tokens the address is refused for a while
  (``Retry-After`` says how long), even with a good token;
- ``503 unavailable``: the hub is not running (restarting, or set up only as a follower).
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
import logging
import math
from typing import Final

from aiohttp import hdrs, web
from homeassistant.core import HomeAssistant
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ...const import CONF_ROLE, DOMAIN, ROLE_HUB
from ...core.audit import AuditOutcome
from ...core.consent import DataKind
from ...core.contact import ContactRole
from ...core.share import (
    ERROR_CONSENT_WITHDRAWN,
    ERROR_INVALID_TOKEN,
    ERROR_RATE_LIMITED,
    SHARE_PATH,
    snapshot_to_json,
)
from ...core.share_token import LockOut, bearer_token
from ...data import HubConfigEntry
from .snapshot import build_snapshot
from .tokens import async_token_owner

_LOGGER = logging.getLogger(__name__)

DATA_SHARE_VIEW: Final = HassKey["ShareView"](f"{DOMAIN}_share_view")
TOPIC_SHARE: Final = "share_read"
NO_STORE: Final = {hdrs.CACHE_CONTROL: "no-store"}


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
        """Start with no address locked out (lock-outs live in memory)."""
        self.lockout = LockOut()

    async def get(self, request: web.Request) -> web.Response:
        """Answer a worker's read."""
        hass = request.app[KEY_HASS]
        now = dt_util.utcnow()
        address = request.remote or "unknown"
        if (until := self.lockout.locked_until(address, now)) is not None:
            return self._rate_limited(until, now)
        hub = _loaded_hub(hass)
        if hub is None:
            return self.json({"error": "unavailable"}, HTTPStatus.SERVICE_UNAVAILABLE, NO_STORE)
        token = bearer_token(request.headers.get(hdrs.AUTHORIZATION))
        contact_id = await async_token_owner(hass, hub, token) if token else None
        contact = hub.runtime_data.contacts.get(contact_id) if contact_id else None
        if contact is None or contact.role is not ContactRole.WORKER:
            if (until := self.lockout.fail(address, now)) is not None:
                _LOGGER.warning("Share endpoint: an address is locked out after bad tokens")
                _LOGGER.debug("Locked out %s until %s", address, until)
                return self._rate_limited(until, now)
            return self.json({"error": ERROR_INVALID_TOKEN}, HTTPStatus.UNAUTHORIZED, NO_STORE)
        self.lockout.succeed(address)
        messenger = hub.runtime_data.messenger
        kinds = contact.consent.active_kinds
        if not kinds:
            await messenger.async_record(
                contact.contact_id, frozenset(), AuditOutcome.SHARE_DENIED, topic=TOPIC_SHARE
            )
            return self.json({"error": ERROR_CONSENT_WITHDRAWN}, HTTPStatus.FORBIDDEN, NO_STORE)
        snapshot = build_snapshot(hub.entry_id, hub.runtime_data, kinds, now)
        revealed = frozenset(DataKind(kind) for kind in snapshot.kinds)
        await messenger.async_record(
            contact.contact_id, revealed, AuditOutcome.SHARE_READ, topic=TOPIC_SHARE
        )
        return self.json(snapshot_to_json(snapshot), headers=NO_STORE)

    def _rate_limited(self, until: datetime, now: datetime) -> web.Response:
        wait = max(1, math.ceil((until - now).total_seconds()))
        return self.json(
            {"error": ERROR_RATE_LIMITED},
            HTTPStatus.TOO_MANY_REQUESTS,
            {**NO_STORE, hdrs.RETRY_AFTER: str(wait)},
        )


def _loaded_hub(hass: HomeAssistant) -> HubConfigEntry | None:
    """Return the loaded client home hub entry (there is at most one), if any."""
    return next(
        (
            entry
            for entry in hass.config_entries.async_loaded_entries(DOMAIN)
            if entry.data.get(CONF_ROLE) == ROLE_HUB
        ),
        None,
    )
