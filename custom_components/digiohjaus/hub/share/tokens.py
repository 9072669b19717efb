"""Find which worker contact a presented share token belongs to, within the lock-out.

Tokens live in the hub's ``share_token`` subentries (one per worker contact) as a
:class:`~...core.share_token.TokenRecord`: a key id, a salt and a keyed hash under the
hub's secret (``share_secret`` in the hub entry's data, made when the first token is).
Checking a keyed-hash token takes microseconds and never awaits, so a valid token is
always served, even from an address locked out after bad tokens. An unknown key id is
checked against a dummy record, so both take the same time.

A record of the old PBKDF2 scheme is checked in the executor (milliseconds) and only while
the address is not refused; the attempt is counted before that await. After its first
good read it is replaced by the keyed hash, so the next read is fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant, callback

from ...const import SUBENTRY_SHARE_TOKEN
from ...core import share_token
from ...core.lockout import LockOut, Refusal
from ...core.share_token import ITERATIONS, KEY_ID, TokenRecord, key_id_of, new_hub_secret

CONF_CONTACT_ID: Final = "contact_id"
CONF_CREATED_AT: Final = "created_at"
CONF_SHARE_SECRET: Final = "share_secret"  # noqa: S105 - a storage key

_DUMMY_SECRET: Final = new_hub_secret()
_DUMMY: Final = share_token.new_token(_DUMMY_SECRET)[1]


def token_subentries(entry: ConfigEntry[Any]) -> list[ConfigSubentry]:
    """Return the hub's share tokens (one subentry per worker contact)."""
    return [sub for sub in entry.subentries.values() if sub.subentry_type == SUBENTRY_SHARE_TOKEN]


def contacts_with_token(entry: ConfigEntry[Any]) -> set[str]:
    """Return the contacts that have a share token."""
    return {str(sub.data.get(CONF_CONTACT_ID)) for sub in token_subentries(entry)}


@callback
def async_hub_secret(hass: HomeAssistant, entry: ConfigEntry[Any]) -> str:
    """Return the hub's key for token hashes, making (and storing) it the first time."""
    secret = entry.data.get(CONF_SHARE_SECRET)
    if not secret:
        secret = new_hub_secret()
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_SHARE_SECRET: secret}
        )
    return str(secret)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A valid token's contact, or the refusal of a bad one (neither: ``401``)."""

    contact_id: str | None = None
    refused: Refusal | None = None


def _find(entry: ConfigEntry[Any], token: str | None) -> ConfigSubentry | None:
    key_id = key_id_of(token) if token else None
    if key_id is None:
        return None
    return next((sub for sub in token_subentries(entry) if sub.data.get(KEY_ID) == key_id), None)


async def async_check_token(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    token: str | None,
    *,
    lockout: LockOut,
    address: str,
    now: datetime,
) -> Verdict:
    """Return whose token this is, or whether the address is refused; count bad tokens."""
    found = _find(entry, token)
    refused = lockout.refused(address, now)
    secret = str(entry.data.get(CONF_SHARE_SECRET, _DUMMY_SECRET))
    if found is not None and token is not None:
        contact_id = str(found.data[CONF_CONTACT_ID])
        record = TokenRecord.from_dict(dict(found.data))
        if not record.legacy:
            if share_token.verify(token, record, secret):
                lockout.succeed(address)
                return Verdict(contact_id)
        elif refused is None:
            started = lockout.fail(address, now)  # counted before the await
            if await hass.async_add_executor_job(share_token.verify, token, record, secret):
                lockout.succeed(address)
                _async_migrate(hass, entry, found, token)
                return Verdict(contact_id)
            return Verdict(refused=started)
    elif refused is None:
        share_token.verify(token or "", _DUMMY, _DUMMY_SECRET)  # the same time as a real check
    if refused is not None:
        return Verdict(refused=refused)
    return Verdict(refused=lockout.fail(address, now))


@callback
def _async_migrate(
    hass: HomeAssistant, entry: ConfigEntry[Any], subentry: ConfigSubentry, token: str
) -> None:
    """Replace an old PBKDF2 record with the keyed hash of the token just presented."""
    record = share_token.record_for(token, async_hub_secret(hass, entry))
    kept = {key: value for key, value in subentry.data.items() if key != ITERATIONS}
    hass.config_entries.async_update_subentry(entry, subentry, data={**kept, **record.as_dict()})
