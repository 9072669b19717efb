"""Find which worker contact a presented share token belongs to.

Tokens live in the hub's ``share_token`` subentries (one per worker contact) as a
:class:`~...core.share_token.TokenRecord`: a key id, a salt and a PBKDF2 hash. Checking a
token hashes it once (in the executor, not in the event loop) against the record its key
id names; an unknown key id is hashed against a dummy record, so both take the same time.
"""

from __future__ import annotations

from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant

from ...const import SUBENTRY_SHARE_TOKEN
from ...core.share_token import KEY_ID, TokenRecord, key_id_of, new_token, verify

CONF_CONTACT_ID: Final = "contact_id"
CONF_CREATED_AT: Final = "created_at"

_DUMMY: Final = new_token()[1]


def token_subentries(entry: ConfigEntry[Any]) -> list[ConfigSubentry]:
    """Return the hub's share tokens (one subentry per worker contact)."""
    return [sub for sub in entry.subentries.values() if sub.subentry_type == SUBENTRY_SHARE_TOKEN]


def contacts_with_token(entry: ConfigEntry[Any]) -> set[str]:
    """Return the contacts that have a share token."""
    return {str(sub.data.get(CONF_CONTACT_ID)) for sub in token_subentries(entry)}


async def async_token_owner(hass: HomeAssistant, entry: ConfigEntry[Any], token: str) -> str | None:
    """Return the contact id the token was made for, or ``None`` if it is not a valid token."""
    key_id = key_id_of(token)
    found = next(
        (sub for sub in token_subentries(entry) if key_id and sub.data.get(KEY_ID) == key_id),
        None,
    )
    record = TokenRecord.from_dict(dict(found.data)) if found else _DUMMY
    valid = await hass.async_add_executor_job(verify, token, record)
    if not valid or found is None:
        return None
    return str(found.data[CONF_CONTACT_ID])
