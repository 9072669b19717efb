"""Stores for what the client confirmed: saved before the action returns, or a loud failure.

Home Assistant's ``Store`` writes atomically but logs a failed write and carries on, so a
caller cannot tell the client "saved" truthfully. :class:`ConfirmedStore` remembers how its
last write ended: :meth:`ConfirmedStore.async_save_confirmed` raises a translated
``save_failed_<record>`` error and opens a repair naming what could not be saved (closed by
the next successful save). :meth:`ConfirmedStore.async_load_checked` turns a file written
by a newer digiohjaus into a translated "update digiohjaus" error; the file is not touched.
A small store may skip a save of exactly what was loaded, before anything else was written:
a hub that starts with nothing to resolve leaves its files alone.
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from homeassistant.core import DOMAIN as HOMEASSISTANT_DOMAIN, HomeAssistant
from homeassistant.exceptions import (
    ConfigEntryError,
    HomeAssistantError,
    UnsupportedStorageVersionError,
)
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.json import json_bytes_sorted
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN

RECORDS: Final = ("consent", "reminders", "check_in", "call", "escalation")
"""What a store holds; names the translated error and repair of a failed save."""


def save_failed_issue_id(record: str) -> str:
    """Return the id of the repair raised while ``record`` cannot be saved."""
    return f"save_failed_{record}"


def _digest(data: Any) -> bytes:
    """A digest of ``data`` as JSON, the same for equal data whatever the order of keys."""
    return hashlib.blake2b(json_bytes_sorted(data), digest_size=16).digest()


class ConfirmedStore(Store[dict[str, Any]]):
    """An atomic, private ``Store`` whose saves report failure to the caller."""

    def __init__(
        self,
        hass: HomeAssistant,
        version: int,
        key: str,
        record: str,
        *,
        serialize_in_event_loop: bool = True,
        history: str | None = None,
        skip_unchanged: bool = False,
    ) -> None:
        """Store ``record`` (one of :data:`RECORDS`) under ``key``.

        ``history`` names the repair raised when the file was damaged (``store_corrupt_``
        and the record's name unless given). With ``skip_unchanged`` a digest of what was
        loaded is kept to compare the first saves with (for small stores saved on start).
        """
        super().__init__(
            hass,
            version,
            key,
            private=True,
            atomic_writes=True,
            serialize_in_event_loop=serialize_in_event_loop,
        )
        self.record = record
        self._corrupt_issue = f"store_corrupt_{history or record}"
        self._write_error: Exception | None = None
        # A digest of what the file holds as loaded, until the first write (then no longer
        # known): 16 bytes, not a second copy of the data.
        self._on_disk: bytes | None = None
        self._skip_unchanged = skip_unchanged

    async def _async_write_data(self, data: dict[str, Any]) -> None:
        # Every write goes through here (the delayed ones too): remember how it ended.
        self._on_disk = None
        try:
            await super()._async_write_data(data)
        except Exception as err:
            self._write_error = err
            raise
        self._write_error = None

    async def async_save_checked(self, data: dict[str, Any]) -> bool:
        """Save ``data`` now; whether it reached the disk (a repair is opened if not).

        Nothing is written when ``data`` is what was loaded and nothing was written since.
        """
        self._write_error = None
        if self._on_disk is not None and _digest(data) == self._on_disk and not self._pending_write:
            return True
        self._on_disk = None
        try:
            await self.async_save(data)
        except OSError as err:  # e.g. the directory could not be created
            self._write_error = err
        if self._write_error is None:
            ir.async_delete_issue(self.hass, DOMAIN, save_failed_issue_id(self.record))
            return True
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            save_failed_issue_id(self.record),
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.ERROR,
            translation_key=save_failed_issue_id(self.record),
            translation_placeholders={"path": self.path},
        )
        return False

    async def async_save_confirmed(self, data: dict[str, Any]) -> None:
        """Save ``data`` now; raise a translated error (and open a repair) if it failed."""
        if not await self.async_save_checked(data):
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key=save_failed_issue_id(self.record)
            ) from self._write_error

    async def async_load_checked(self) -> dict[str, Any] | None:
        """Load; a file from a newer digiohjaus stops the hub with a translated error.

        A file that is not JSON at all is set aside by Home Assistant (``.corrupt.<time>``)
        and the store starts empty; a repair then says which history was lost and where
        the copy is.
        """
        began = dt_util.utcnow().isoformat()
        try:
            data = await self.async_load()
        except UnsupportedStorageVersionError as err:
            raise ConfigEntryError(
                translation_domain=DOMAIN,
                translation_key="store_too_new",
                translation_placeholders={"path": self.path},
            ) from err
        # A digest, so the caller may change ``data`` in place.
        if self._skip_unchanged and data is not None:
            self._on_disk = _digest(data)
        if data is None and (copy := set_aside_copy(self.hass, self.key, began)) is not None:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self._corrupt_issue,
                is_fixable=False,
                is_persistent=True,
                severity=ir.IssueSeverity.CRITICAL,
                translation_key=self._corrupt_issue,
                translation_placeholders={"path": self.path, "copy": copy},
            )
        return data

    @property
    def _pending_write(self) -> bool:
        """Whether a delayed write is waiting (then the file will not stay as loaded)."""
        return self._delay_handle is not None


def set_aside_copy(hass: HomeAssistant, key: str, since: str) -> str | None:
    """Where Home Assistant put the damaged file of store ``key`` while loading it since ``since``.

    Home Assistant renames a file it cannot decode to ``.corrupt.<time>`` and raises its own
    (generic) repair ``storage_corruption_<key>_<time>`` naming the copy; nothing is read
    from disk here, and a notice from an earlier load is not this load's.
    """
    prefix = f"storage_corruption_{key}_"
    fresh = [
        str(placeholders["corrupt_path"])
        for (domain, issue_id), issue in ir.async_get(hass).issues.items()
        if domain == HOMEASSISTANT_DOMAIN
        and issue_id.startswith(prefix)
        and issue_id.removeprefix(prefix) >= since
        and "corrupt_path" in (placeholders := issue.translation_placeholders or {})
    ]
    return max(fresh, default=None)
