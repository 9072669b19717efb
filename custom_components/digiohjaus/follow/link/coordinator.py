"""A followed client's data pushed through the broker (no polling).

The hub's sealed messages arrive on the worker's shared connection: a snapshot replaces
the data at once, an event fires on the worker's Home Assistant, ``withdrawn`` clears
everything and raises the consent repair (as the HTTP follow does), ``revoked`` ends the
follow. Anything that does not open with the worker's key and the hub's key, or repeats
an older sequence number, is dropped and counted. The hub's status (its last will) and
its hourly heartbeat tell whether the hub is there: silent for over two hours, or
``offline``, the entities go unavailable (the no-contact sensor keeps counting).
"""

from __future__ import annotations

from datetime import datetime, timedelta
import logging
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from ...const import DOMAIN
from ...core.link import topics
from ...core.link.envelope import (
    KeyPair,
    LinkMessage,
    LinkMessageError,
    MessageType,
    SequenceGuard,
    Verdict,
    public_key_bytes,
)
from ...core.link.settings import settings_from_input
from ...core.share import ShareFormatError, parse_snapshot
from ..coordinator import ConsentWithdrawn, FollowCoordinator, FollowState
from .connection import async_join
from .events import fire_link_event
from .keys import async_worker_keys

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from ..runtime import FollowConfigEntry

_LOGGER = logging.getLogger(__name__)

CONF_TRANSPORT: Final = "transport"
TRANSPORT_BROKER: Final = "broker"
CONF_HUB_LINK_ID: Final = "hub_link_id"
CONF_HUB_KEY: Final = "hub_key"
CONF_PAIRED_SEQ: Final = "paired_seq"
SILENCE: Final = timedelta(hours=2, minutes=5)
SAVE_DELAY: Final = 5


def revoked_issue_id(entry_id: str) -> str:
    """Return the repair issue's id for a pairing the hub ended."""
    return f"pairing_revoked_{entry_id}"


class BrokerFollowCoordinator(FollowCoordinator):
    """Keep the latest pushed snapshot of one followed hub."""

    def __init__(self, hass: HomeAssistant, entry: FollowConfigEntry) -> None:
        """Read the pairing from the entry; :meth:`async_start` joins the connection."""
        DataUpdateCoordinator.__init__(  # the HTTP poller's client is not needed
            self,
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"followed hub {entry.entry_id}",
            update_interval=None,
            always_update=False,
        )
        self.settings = settings_from_input(entry.data)
        self.hub_link_id = str(entry.data[CONF_HUB_LINK_ID])
        self.hub_key = public_key_bytes(str(entry.data[CONF_HUB_KEY]))
        self.guard = SequenceGuard(int(entry.data.get(CONF_PAIRED_SEQ, 0)))
        self._store: Store[dict[str, Any]] = Store(
            hass, 1, f"{DOMAIN}.follow_link.{entry.entry_id}", private=True
        )
        self._keys: KeyPair | None = None
        self._leave: Callable[[], Awaitable[None]] | None = None
        self._unsub_silence: CALLBACK_TYPE | None = None
        self.rejected = 0
        self.received = 0

    def topic(self, leaf: str) -> str:
        """Return one of the followed hub's own topics."""
        return topics.hub_topic(self.settings.prefix, self.hub_link_id, leaf)

    async def async_start(self) -> None:
        """Resume the replay guard and listen on the shared connection."""
        if (stored := await self._store.async_load()) is not None:
            self.guard.last = max(self.guard.last, int(stored.get("last_seq", 0)))
        self._keys = await async_worker_keys(self.hass)
        filters = (
            topics.worker_filter(self.settings.prefix, self.hub_link_id, self._keys.key_id),
            self.topic(topics.STATUS),
        )
        self._leave = await async_join(
            self.hass,
            self.settings,
            self.config_entry.entry_id,
            filters=filters,
            handler=self._async_on_message,
            state_handler=self._on_connection,
        )

    async def async_stop(self) -> None:
        """Leave the connection; the replay guard is stored."""
        self._cancel_silence()
        if self._leave is not None:
            await self._leave()
            self._leave = None
        await self._store.async_save({"last_seq": self.guard.last})

    async def _async_update_data(self) -> FollowState:
        """Nothing to fetch: return what was pushed, or say that nothing has come yet."""
        if self.data is not None:
            return self.data
        raise UpdateFailed(translation_domain=DOMAIN, translation_key="broker_waiting")

    # Incoming ------------------------------------------------------------------------------

    @callback
    def _on_connection(self, connected: bool) -> None:
        if not connected:
            self._fail("share_unreachable")

    async def _async_on_message(self, topic: str, payload: bytes) -> None:
        if topic == self.topic(topics.STATUS):
            if payload == topics.STATUS_OFFLINE:
                self._fail("broker_hub_offline")
            return
        if not payload or self._keys is None:
            return  # a cleared retained snapshot: the sealed notice says why
        try:
            message = self._keys.open(self.hub_key, payload)
        except LinkMessageError as err:
            self._reject("not sealed for this worker by this hub", err)
            return
        verdict = self.guard.check(message)
        if verdict is Verdict.REPLAY:
            self._reject("replayed", message.seq)
            return
        self.received += 1
        self._store.async_delay_save(lambda: {"last_seq": self.guard.last}, SAVE_DELAY)
        self._arm_silence()
        self._apply(message, verdict)

    def _reject(self, why: str, detail: object) -> None:
        self.rejected += 1
        _LOGGER.debug("Dropped a message for %s: %s (%s)", self.name, why, detail)

    def _apply(self, message: LinkMessage, verdict: Verdict) -> None:
        if message.type is MessageType.SNAPSHOT:
            try:
                snapshot = parse_snapshot(dict(message.body))
            except ShareFormatError as err:
                self._reject("not a share payload", err)
                return
            self._async_consent_issue(withdrawn=False)
            ir.async_delete_issue(self.hass, DOMAIN, revoked_issue_id(self.config_entry.entry_id))
            self.async_set_updated_data(snapshot)
        elif message.type is MessageType.WITHDRAWN:
            self._async_consent_issue(withdrawn=True)
            self.async_set_updated_data(ConsentWithdrawn(noticed_at=dt_util.utcnow()))
        elif message.type is MessageType.REVOKED:
            self._revoked()
        elif (
            message.type is MessageType.EVENT
            and verdict is Verdict.NEW
            and not fire_link_event(self.hass, self.config_entry.entry_id, message.body)
        ):
            self._reject("unknown event", message.body.get("kind"))

    def _revoked(self) -> None:
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            revoked_issue_id(self.config_entry.entry_id),
            is_fixable=False,
            is_persistent=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="follow_pairing_revoked",
            translation_placeholders={"client": self.config_entry.title},
        )
        self.data = None  # type: ignore[assignment]  # nothing of the client is kept
        self._fail("broker_pairing_revoked")

    def _fail(self, key: str) -> None:
        self.async_set_update_error(UpdateFailed(translation_domain=DOMAIN, translation_key=key))

    # The heartbeat -------------------------------------------------------------------------

    def _arm_silence(self) -> None:
        self._cancel_silence()
        self._unsub_silence = async_track_point_in_utc_time(
            self.hass, self._on_silence, dt_util.utcnow() + SILENCE
        )

    @callback
    def _on_silence(self, _now: datetime) -> None:
        self._unsub_silence = None
        self._fail("broker_hub_silent")

    def _cancel_silence(self) -> None:
        if self._unsub_silence is not None:
            self._unsub_silence()
            self._unsub_silence = None
