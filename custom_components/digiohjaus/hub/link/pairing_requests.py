"""Bind a worker's key to the open pairing whose one-time code signed the request."""

from __future__ import annotations

import logging
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from ...core.link.envelope import LinkMessageError, key_id_of
from ...core.link.pairing import PairingError, pairing_open, read_pair_request
from .keys import HubIdentity
from .pairings import (
    CONF_CONTACT_ID,
    CONF_KEY_ID,
    CONF_PAIRED_AT,
    CONF_WORKER_KEY,
    Pairing,
    pairings,
)

_LOGGER = logging.getLogger(__name__)


async def async_bind_request(
    hass: HomeAssistant, entry: Any, identity: HubIdentity, payload: bytes
) -> Pairing | None:
    """Return the pairing a valid request completed (its secret is gone), else ``None``.

    A request that does not open with the hub's key, is malformed, or is signed with no
    open, unexpired code is ignored (the worker's Home Assistant says the code did not work).
    """
    try:
        request = read_pair_request(identity.keys.open_anonymous(payload))
    except (LinkMessageError, PairingError) as err:
        _LOGGER.debug("Ignoring a pairing request: %s", err)
        return None
    now = dt_util.utcnow()
    for pairing in pairings(entry):
        if (
            pairing.secret is None
            or pairing.expires_at is None
            or not pairing_open(pairing.expires_at, now)
            or not request.signed_with(pairing.secret, identity.link_id)
        ):
            continue
        subentry = entry.subentries[pairing.subentry_id]
        data = {
            CONF_CONTACT_ID: pairing.contact_id,
            CONF_WORKER_KEY: request.key_b64,
            CONF_KEY_ID: key_id_of(request.key),
            CONF_PAIRED_AT: now.isoformat(),
        }
        hass.config_entries.async_update_subentry(entry, subentry, data=data)
        _LOGGER.info("A worker's Home Assistant was paired with the hub")
        return next(p for p in pairings(entry) if p.subentry_id == pairing.subentry_id)
    _LOGGER.debug("A pairing request matched no open code")
    return None
