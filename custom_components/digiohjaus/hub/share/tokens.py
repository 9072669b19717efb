"""Find which worker contact a presented share token belongs to, within the lock-out.

Tokens live in the hub's ``share_token`` subentries (one per worker contact) as a
:class:`~...core.share_token.TokenRecord`: a key id, a salt and a keyed hash under the
hub's secret (``share_secret`` in the hub entry's data, made when the first token is).
Checking a keyed-hash token takes microseconds and never awaits, so a valid token is
always served, even from an address locked out after bad tokens. An unknown key id is
checked against a dummy record, so both take the same time. A token that passed is
remembered in memory (never stored) until the hub's entry or any subentry changes, so a worker
polling, or fifty reading at once, skip the HMAC; a replaced or revoked token is refused by the
very next read.

A record of the old PBKDF2 scheme is checked in the executor (milliseconds) and only while
the address is not refused; the attempt is counted before that await. After its first
good read it is replaced by the keyed hash, so the next read is fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import HomeAssistant, callback
from homeassistant.util.hass_dict import HassKey

from ...const import DOMAIN, SUBENTRY_SHARE_TOKEN
from ...core import share_token
from ...core.lockout import LockOut, Refusal
from ...core.share_token import ITERATIONS, KeyedCheck, TokenRecord, key_id_of, new_hub_secret

CONF_CONTACT_ID: Final = "contact_id"
CONF_CREATED_AT: Final = "created_at"
CONF_SHARE_SECRET: Final = "share_secret"  # noqa: S105 - a storage key

DATA_TOKEN_INDEX: Final = HassKey[dict[str, "_TokenIndex"]](f"{DOMAIN}_share_tokens")

MAX_VERIFIED: Final = 64
"""Good tokens remembered at most (a hub has one per worker contact)."""

_DUMMY_SECRET: Final = new_hub_secret()
_DUMMY: Final = KeyedCheck.of(share_token.new_token(_DUMMY_SECRET)[1], _DUMMY_SECRET)


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


@dataclass(frozen=True, slots=True)
class _Known:
    """One stored token: whose it is, and how to check it."""

    contact_id: str
    subentry: ConfigSubentry
    record: TokenRecord
    check: KeyedCheck | None
    """``None`` for an old PBKDF2 record (checked the slow way, then migrated)."""


@dataclass(frozen=True, slots=True)
class _TokenIndex:
    """The hub's tokens by key id, as of one set of subentries and one hub secret."""

    modified_at: datetime
    subentries: Mapping[str, ConfigSubentry]
    secret: str
    by_key_id: dict[str, _Known]
    verified: dict[str, str] = field(default_factory=dict)
    """Tokens that passed the keyed check, by token: their contact (a worker polling, or
    fifty reading at once, skip the HMAC). In memory only, and forgotten with the index on
    any change of the entry; a wrong token never matches a key here (the dict compares
    hashes first), so it always takes the full check."""

    def current(self, entry: ConfigEntry[Any], secret: str) -> bool:
        """Whether the entry is unchanged since this index was read."""
        return (
            self.modified_at is entry.modified_at
            and self.subentries is entry.subentries
            and self.secret == secret
        )


def _token_index(hass: HomeAssistant, entry: ConfigEntry[Any], secret: str) -> _TokenIndex:
    """Return the hub's tokens by key id, read again only after a change.

    Home Assistant gives the entry a new ``modified_at`` (a new object, even under a
    frozen clock) on every change of it or of a subentry, and a new ``subentries``
    mapping when one is added or removed; so a new, removed, re-paired or migrated token
    is seen by the very next read.
    """
    indexes = hass.data.setdefault(DATA_TOKEN_INDEX, {})
    index = indexes.get(entry.entry_id)
    if index is None or not index.current(entry, secret):
        index = indexes[entry.entry_id] = _TokenIndex(
            entry.modified_at, entry.subentries, secret, _read_tokens(entry, secret)
        )
    return index


def _read_tokens(entry: ConfigEntry[Any], secret: str) -> dict[str, _Known]:
    known: dict[str, _Known] = {}
    for sub in token_subentries(entry):
        try:
            record = TokenRecord.from_dict(dict(sub.data))
            check = None if record.legacy else KeyedCheck.of(record, secret)
        except KeyError, TypeError, ValueError:  # a damaged record matches nothing
            continue
        known.setdefault(record.key_id, _Known(str(sub.data[CONF_CONTACT_ID]), sub, record, check))
    return known


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
    secret = str(entry.data.get(CONF_SHARE_SECRET, _DUMMY_SECRET))
    index = _token_index(hass, entry, secret)
    if token is not None and (contact_id := index.verified.get(token)) is not None:
        lockout.succeed(address)
        return Verdict(contact_id)
    key_id = key_id_of(token) if token else None
    found = index.by_key_id.get(key_id) if key_id else None
    if found is not None and found.check is not None and token is not None:
        if found.check.matches(token):
            lockout.succeed(address)
            if len(index.verified) < MAX_VERIFIED:
                index.verified[token] = found.contact_id
            return Verdict(found.contact_id)
        return Verdict(refused=lockout.refused(address, now) or lockout.fail(address, now))
    refused = lockout.refused(address, now)
    if refused is not None:
        return Verdict(refused=refused)
    if found is None or token is None:
        _DUMMY.matches(token or "")  # the same time as a real check
        return Verdict(refused=lockout.fail(address, now))
    return await _async_check_legacy(
        hass, entry, found, token, secret=secret, lockout=lockout, address=address, now=now
    )


async def _async_check_legacy(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    found: _Known,
    token: str,
    *,
    secret: str,
    lockout: LockOut,
    address: str,
    now: datetime,
) -> Verdict:
    """Check a token against an old PBKDF2 record (slow, in the executor); migrate it."""
    started = lockout.fail(address, now)  # counted before the await
    if await hass.async_add_executor_job(share_token.verify, token, found.record, secret):
        lockout.succeed(address)
        _async_migrate(hass, entry, found.subentry, token)
        return Verdict(found.contact_id)
    return Verdict(refused=started)


@callback
def _async_migrate(
    hass: HomeAssistant, entry: ConfigEntry[Any], subentry: ConfigSubentry, token: str
) -> None:
    """Replace an old PBKDF2 record with the keyed hash of the token just presented."""
    record = share_token.record_for(token, async_hub_secret(hass, entry))
    kept = {key: value for key, value in subentry.data.items() if key != ITERATIONS}
    hass.config_entries.async_update_subentry(entry, subentry, data={**kept, **record.as_dict()})
