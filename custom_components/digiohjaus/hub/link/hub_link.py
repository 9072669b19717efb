"""The hub's live link to its paired workers through the organisation's broker.

One outgoing connection (never Home Assistant's own MQTT integration, so a home's
Zigbee2MQTT or other MQTT is untouched). On every connect the hub announces itself
``online`` (its last will says ``offline``), publishes its public key and each paired
worker's sealed snapshot, and listens for pairing requests. While it runs:

- a change (check-in, call, reminder, consent) republishes the snapshots within
  :data:`DEBOUNCE` seconds; an unchanged snapshot is still republished every hour as the
  heartbeat the worker's no-contact sensor counts on;
- a call request, an escalation step for workers or a missed check-in goes at once as a
  sealed QoS 1 event (:mod:`.events`);
- consent is read at the moment of publishing: without it the retained snapshot is
  replaced by a sealed ``withdrawn`` notice; a revoked pairing's by a ``revoked`` one
  (kept until done, across restarts);
- every message that reveals data is written into the client's audit log (share reads,
  coalesced into series).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
import logging
from typing import Any, Final

from homeassistant.config_entries import SIGNAL_CONFIG_ENTRY_CHANGED, ConfigEntryChange
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from ...core.audit import AuditOutcome
from ...core.consent import DataKind
from ...core.contact import ContactRole
from ...core.link import topics
from ...core.link.envelope import LinkMessage, MessageType, b64, public_key_bytes
from ...core.link.session import LastWill, LinkSession
from ...core.link.settings import BrokerSettings, build_tls_context
from ...core.share import ShareSnapshot, snapshot_to_json
from ..runtime import HubData
from ..share.snapshot import build_snapshot
from .events import LINK_EVENTS, LinkEvent, link_event
from .keys import HubIdentity
from .pairing_requests import async_bind_request
from .pairings import Pairing, pairings

_LOGGER = logging.getLogger(__name__)

DEBOUNCE: Final = 1.0
HEARTBEAT: Final = 3600.0
AUDIT_TOPIC: Final = "broker"


@dataclass(slots=True)
class WorkerState:
    """What the hub last told one paired worker."""

    pairing: Pairing
    last: ShareSnapshot | None = None
    withdrawn: bool = False


class HubLink:
    """The broker link of one running hub."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: Any,
        data: HubData,
        settings: BrokerSettings,
        identity: HubIdentity,
    ) -> None:
        """Prepare the link; :meth:`async_start` connects."""
        self.hass = hass
        self._entry = entry
        self._data = data
        self.settings = settings
        self.identity = identity
        self.session: LinkSession | None = None
        self.workers: dict[str, WorkerState] = {}
        self._revoked: dict[str, Pairing] = {}
        self._task: asyncio.Task[None] | None = None
        self._unsubs: list[CALLBACK_TYPE] = []
        self._debounce: CALLBACK_TYPE | None = None
        self._heartbeat: CALLBACK_TYPE | None = None
        self._lock = asyncio.Lock()
        self.published = 0
        self._lost = False
        self._stopping = False

    def topic(self, leaf: str) -> str:
        """Return one of the hub's own topics."""
        return topics.hub_topic(self.settings.prefix, self.identity.link_id, leaf)

    def worker_topic(self, key_id: str, leaf: str) -> str:
        """Return a topic the hub writes for one worker."""
        return topics.worker_topic(self.settings.prefix, self.identity.link_id, key_id, leaf)

    def diagnostics(self) -> dict[str, Any]:
        """How the link works, without ids, keys or addresses."""
        session = self.session
        return {
            "connected": bool(session and session.connected),
            "connects": session.connects if session else 0,
            "last_error": session.last_error if session else None,
            "paired_workers": len(self.workers),
            "withdrawn": sum(1 for state in self.workers.values() if state.withdrawn),
            "published": self.published,
        }

    # Lifecycle -----------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Connect in the background and follow the hub's changes."""
        tls = await self.hass.async_add_executor_job(build_tls_context, self.settings)
        self.session = LinkSession(
            self.settings,
            tls,
            f"digiohjaus-hub-{self.identity.link_id}",
            will=LastWill(self.topic(topics.STATUS), topics.STATUS_OFFLINE),
            on_connect=self._async_on_connect,
            on_message=self._async_on_message,
            on_state=self._on_connection,
        )
        self._revoked = {
            key_id: Pairing("", "", None, None, public_key_bytes(key), key_id)
            for key_id, key in self.identity.revoked.items()
        }
        self._sync_workers()
        self._task = self._entry.async_create_background_task(
            self.hass, self.session.async_run(), "digiohjaus broker link"
        )
        self._unsubs = [
            *(self.hass.bus.async_listen(name, self._async_on_event) for name in LINK_EVENTS),
            self._data.contacts.async_add_listener(self.async_schedule),
            self._data.reminders.async_add_listener(self.async_schedule),
            async_dispatcher_connect(self.hass, SIGNAL_CONFIG_ENTRY_CHANGED, self._on_entry),
        ]

    async def async_stop(self) -> None:
        """Disconnect; the session says ``offline`` first (a clean goodbye drops the will)."""
        self._stopping = True  # a goodbye is not an outage
        for unsub in self._unsubs:
            unsub()
        self._unsubs = []
        self._cancel_timers()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    @callback
    def _on_connection(self, connected: bool) -> None:
        """Log once when the broker link goes down after it worked, and once when it is back.

        Only the fact: no address, id or name (the hub keeps working offline and retries).
        """
        if not connected and not self._lost and not self._stopping:
            self._lost = True
            _LOGGER.info("The broker link is down; the hub keeps working and reconnects")
        elif connected and self._lost:
            self._lost = False
            _LOGGER.info("The broker link is back")

    def _cancel_timers(self) -> None:
        for unsub in (self._debounce, self._heartbeat):
            if unsub is not None:
                unsub()
        self._debounce = self._heartbeat = None

    # What starts a publish -----------------------------------------------------------------

    @callback
    def async_schedule(self) -> None:
        """Republish the snapshots within :data:`DEBOUNCE` seconds (one run for a burst)."""
        if self._debounce is None:
            self._debounce = async_call_later(self.hass, DEBOUNCE, self._on_debounce)

    @callback
    def _on_debounce(self, _now: datetime) -> None:
        self._debounce = None
        self._entry.async_create_background_task(
            self.hass, self.async_publish_all(), "digiohjaus broker snapshots"
        )

    @callback
    def _on_heartbeat(self, _now: datetime) -> None:
        self._heartbeat = None
        self._entry.async_create_background_task(
            self.hass, self.async_publish_all(force=True), "digiohjaus broker heartbeat"
        )

    @callback
    def _on_entry(self, change: ConfigEntryChange, changed: Any) -> None:
        if change is ConfigEntryChange.UPDATED and changed.entry_id == self._entry.entry_id:
            self._sync_workers()
            self.async_schedule()

    async def _async_on_event(self, event: Event) -> None:
        if event.data.get("config_entry_id") != self._entry.entry_id:
            return
        self.async_schedule()
        if (found := link_event(event, self._data)) is not None:
            await self.async_send_event(found)

    async def _async_on_connect(self) -> None:
        if self.session is None:
            return
        await self.session.async_publish(
            self.topic(topics.KEY), self.identity.keys.public, retain=True
        )
        await self.session.async_publish(
            self.topic(topics.STATUS), topics.STATUS_ONLINE, retain=True
        )
        await self.session.async_subscribe(self.topic(topics.PAIR))
        await self.async_publish_all(force=True)

    async def _async_on_message(self, topic: str, payload: bytes) -> None:
        if topic != self.topic(topics.PAIR):
            return
        pairing = await async_bind_request(self.hass, self._entry, self.identity, payload)
        if pairing is None:
            return
        self._sync_workers()
        await self._async_send(
            pairing, MessageType.PAIRED, {"hub_id": self._entry.entry_id, "client": self._alias}
        )
        await self.async_publish_all(force=True)

    @property
    def _alias(self) -> str:
        return self._data.profile.alias

    # Workers -------------------------------------------------------------------------------

    @callback
    def _sync_workers(self) -> None:
        """Follow pairings made and revoked since the last look."""
        bound = {p.key_id: p for p in pairings(self._entry) if p.bound and p.key_id}
        for key_id in set(self.workers) - set(bound):
            self._revoked[key_id] = self.workers.pop(key_id).pairing
        for key_id, pairing in bound.items():
            self._revoked.pop(key_id, None)
            if key_id not in self.workers:
                self.workers[key_id] = WorkerState(pairing)
        self._entry.async_create_task(self.hass, self._async_store_revoked(), "revocations")

    async def _async_store_revoked(self) -> None:
        """Keep the revocations not yet cleared on the broker across a restart."""
        await self.identity.async_set_revoked(
            {key_id: b64(p.worker_key) for key_id, p in self._revoked.items() if p.worker_key}
        )

    # Publishing ----------------------------------------------------------------------------

    async def async_publish_all(self, *, force: bool = False) -> None:
        """Bring every worker's retained snapshot up to date (all of them when ``force``)."""
        if self.session is None or not self.session.connected:
            return
        async with self._lock:
            for key_id, pairing in list(self._revoked.items()):
                if await self._async_clear(pairing, MessageType.REVOKED, {}):
                    self._revoked.pop(key_id, None)
            await self._async_store_revoked()
            now = dt_util.utcnow()
            for state in list(self.workers.values()):
                await self._async_publish_one(state, now, force=force)
        if self._heartbeat is not None:
            self._heartbeat()
        self._heartbeat = async_call_later(self.hass, HEARTBEAT, self._on_heartbeat)

    def _kinds_of(self, pairing: Pairing) -> frozenset[DataKind]:
        contact = self._data.contacts.get(pairing.contact_id)
        if contact is None or contact.role is not ContactRole.WORKER:
            return frozenset()
        return contact.consent.active_kinds

    async def _async_publish_one(self, state: WorkerState, now: datetime, *, force: bool) -> None:
        kinds = self._kinds_of(state.pairing)
        if not kinds:
            if not state.withdrawn or force:
                state.withdrawn = await self._async_clear(state.pairing, MessageType.WITHDRAWN, {})
                state.last = None
            return
        snapshot = build_snapshot(self._entry.entry_id, self._data, kinds, now)
        if not force and not state.withdrawn and snapshot == state.last:
            return
        body = snapshot_to_json(snapshot)
        sent = await self._async_send(state.pairing, MessageType.SNAPSHOT, body, retain=True)
        if sent:
            state.last, state.withdrawn = snapshot, False
            revealed = frozenset(DataKind(kind) for kind in snapshot.kinds)
            await self._async_audit(state.pairing, revealed)

    async def async_send_event(self, event: LinkEvent) -> None:
        """Send an event to every paired worker whose consent covers its kind, now."""
        for state in list(self.workers.values()):
            if event.reveals not in self._kinds_of(state.pairing):
                continue
            body = {"kind": event.kind, **event.body}
            if await self._async_send(state.pairing, MessageType.EVENT, body):
                await self._async_audit(state.pairing, frozenset({event.reveals}))

    async def _async_clear(self, pairing: Pairing, kind: MessageType, body: dict[str, Any]) -> bool:
        """Replace the retained snapshot with a sealed notice saying why it is gone.

        Retained, so a worker whose Home Assistant is off hears it when it comes back.
        """
        return await self._async_send(pairing, kind, body, retain=True)

    async def _async_send(
        self,
        pairing: Pairing,
        kind: MessageType,
        body: dict[str, Any],
        *,
        retain: bool = False,
    ) -> bool:
        if self.session is None or pairing.worker_key is None or pairing.key_id is None:
            return False
        seq = await self.identity.async_next_seq()
        message = LinkMessage(seq=seq, at=dt_util.utcnow(), type=kind, body=body)
        payload = self.identity.keys.seal(pairing.worker_key, message)
        leaf = topics.SNAPSHOT if retain else topics.EVENTS
        sent = await self.session.async_publish(
            self.worker_topic(pairing.key_id, leaf), payload, retain=retain
        )
        self.published += int(sent)
        return sent

    async def _async_audit(self, pairing: Pairing, kinds: frozenset[DataKind]) -> None:
        await self._data.messenger.async_record(
            pairing.contact_id, kinds, AuditOutcome.SHARE_READ, topic=AUDIT_TOPIC
        )
