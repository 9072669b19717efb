"""One broker connection for all the clients a worker follows through the same broker.

Follow entries register a handler for their hub's topics; the first one opens the
connection and the last one to leave closes it. A worker following 60 clients keeps one
connection with two subscriptions per client (what is sealed for the worker, and the
hub's online status).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from ...const import DOMAIN
from ...core.link.session import LinkSession
from ...core.link.settings import BrokerSettings, build_tls_context
from .keys import async_worker_keys

type Handler = Callable[[str, bytes], Awaitable[None]]
type StateHandler = Callable[[bool], None]

_LOCK: Final = HassKey[asyncio.Lock](f"{DOMAIN}_worker_connections_lock")
DATA_CONNECTIONS: Final = HassKey["dict[tuple[str, int, str | None], WorkerConnection]"](
    f"{DOMAIN}_worker_connections"
)


@dataclass(slots=True)
class WorkerConnection:
    """A shared session and who listens on it."""

    session: LinkSession = field(init=False)
    task: asyncio.Task[None] | None = None
    handlers: dict[str, tuple[tuple[str, ...], Handler, StateHandler]] = field(default_factory=dict)

    async def async_on_message(self, topic: str, payload: bytes) -> None:
        """Hand a message to the entry whose topics it is on."""
        for filters, handler, _ in list(self.handlers.values()):
            if any(_matches(topic_filter, topic) for topic_filter in filters):
                await handler(topic, payload)
                return

    def on_state(self, connected: bool) -> None:
        """Tell every entry that the broker connection came or went."""
        for _, _, state_handler in list(self.handlers.values()):
            state_handler(connected)


def _matches(topic_filter: str, topic: str) -> bool:
    wanted, parts = topic_filter.split("/"), topic.split("/")
    if len(wanted) != len(parts):
        return False
    return all(w in ("+", p) for w, p in zip(wanted, parts, strict=True))


async def async_join(
    hass: HomeAssistant,
    settings: BrokerSettings,
    entry_id: str,
    *,
    filters: tuple[str, ...],
    handler: Handler,
    state_handler: StateHandler,
) -> Callable[[], Awaitable[None]]:
    """Listen on ``filters`` through the shared connection; return the way to leave."""
    connections = hass.data.setdefault(DATA_CONNECTIONS, {})
    key = settings.connection_key
    async with hass.data.setdefault(_LOCK, asyncio.Lock()):
        connection = await _async_connection(hass, settings, connections)
    connection.handlers[entry_id] = (filters, handler, state_handler)
    for topic_filter in filters:
        await connection.session.async_subscribe(topic_filter)

    async def _leave() -> None:
        connection.handlers.pop(entry_id, None)
        if connection.handlers or connections.get(key) is not connection:
            for topic_filter in filters:
                await connection.session.async_unsubscribe(topic_filter)
            return
        del connections[key]  # the last one out closes the connection (no unsubscribing)
        if connection.task is not None:
            connection.task.cancel()
            await asyncio.gather(connection.task, return_exceptions=True)

    return _leave


async def _async_connection(
    hass: HomeAssistant,
    settings: BrokerSettings,
    connections: dict[tuple[str, int, str | None], WorkerConnection],
) -> WorkerConnection:
    """Return the open connection for the settings, opening it if there is none.

    Called under a lock: entries set up at the same time must not open two sessions with
    the same client id (the broker would throw one out, then the other, for ever).
    """
    key = settings.connection_key
    connection = connections.get(key)
    if connection is None:
        keys = await async_worker_keys(hass)
        tls = await hass.async_add_executor_job(build_tls_context, settings)
        connection = WorkerConnection()
        connection.session = LinkSession(
            settings,
            tls,
            f"digiohjaus-worker-{keys.key_id[:16]}",
            on_message=connection.async_on_message,
            on_state=connection.on_state,
        )
        connections[key] = connection
        connection.task = hass.async_create_background_task(
            connection.session.async_run(), "digiohjaus worker broker link"
        )
    return connection


def connection_for(hass: HomeAssistant, settings: BrokerSettings) -> WorkerConnection | None:
    """Return the shared connection for these settings, if one is open."""
    return hass.data.get(DATA_CONNECTIONS, {}).get(settings.connection_key)
