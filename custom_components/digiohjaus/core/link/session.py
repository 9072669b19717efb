"""One MQTT connection to the organisation's broker that comes back by itself.

A :class:`LinkSession` connects (TLS unless the settings allow plain TCP), announces its
last will, subscribes to what its owner asked for, hands every message to the owner and,
when the connection drops, tries again after 1, 2, 4 … up to 60 seconds (with jitter, so
a thousand hubs coming back after a broker restart do not knock at once). The owner
publishes through it; while disconnected a publish says so instead of waiting.

Only asyncio and aiomqtt (over paho-mqtt) here; the owner builds the TLS context, so this
module opens no files.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import logging
import random
import ssl
from typing import Any, Final

import aiomqtt

from ..errors import KeyedError
from .settings import BrokerSettings

_LOGGER = logging.getLogger(__name__)

CONNECT_TIMEOUT: Final = 15.0
KEEPALIVE: Final = 30
BACKOFF_FIRST: Final = 1.0
BACKOFF_MAX: Final = 60.0
CLOSE_TIMEOUT: Final = 2.0
PUBLISH_TIMEOUT: Final = 5.0
_AUTH_CODES: Final = frozenset({4, 5, 134, 135})


class BrokerConnectError(KeyedError):
    """The broker could not be reached or refused us; ``key`` names the translated error."""


@dataclass(frozen=True, slots=True)
class LastWill:
    """What the broker publishes for us when the connection dies without a goodbye."""

    topic: str
    payload: bytes
    retain: bool = True


type MessageHandler = Callable[[str, bytes], Awaitable[None]]
type ConnectHandler = Callable[[], Awaitable[None]]


def connect_error_key(err: BaseException) -> str:
    """Return the translated error for a failed connection attempt."""
    code = getattr(err, "rc", None)
    value = getattr(code, "value", code)
    if isinstance(value, int) and value in _AUTH_CODES:
        return "invalid_auth"
    text = str(err).lower()
    if isinstance(err, ssl.SSLError) or "ssl" in text or "certificate" in text:
        return "tls_failed"
    return "cannot_connect"


class LinkClient(aiomqtt.Client):
    """aiomqtt's client without one race when the broker goes away in the middle of a publish.

    paho asks for the socket to be watched for writing from wherever it queued a packet;
    aiomqtt hands the socket's number to the event loop for later. If the connection closes
    in between (the broker was stopped), the loop is given a closed descriptor and Home
    Assistant logs "Error doing job … Bad file descriptor". Here the socket is looked at when
    the loop gets to it: a closed one has nothing left to write, and the session reconnects
    as it does after any lost connection.
    """

    def _on_socket_register_write(  # paho's callback
        self,
        client: Any,
        userdata: Any,
        sock: Any,
    ) -> None:
        def write() -> None:
            try:
                client.loop_write()
            except Exception as exc:  # noqa: BLE001 - as aiomqtt: a broken connection ends it
                if not self._disconnected.done():
                    self._disconnected.set_exception(exc)

        def watch() -> None:
            if (fileno := sock.fileno()) != -1:
                self._loop.add_writer(fileno, write)

        self._loop.call_soon_threadsafe(watch)


def _client(
    settings: BrokerSettings,
    tls_context: ssl.SSLContext | None,
    client_id: str,
    will: LastWill | None,
) -> aiomqtt.Client:
    return LinkClient(
        settings.host,
        settings.port,
        username=settings.username,
        password=settings.password,
        identifier=client_id,
        will=aiomqtt.Will(will.topic, will.payload, qos=1, retain=will.retain) if will else None,
        tls_context=tls_context if settings.tls else None,
        keepalive=KEEPALIVE,
        timeout=CONNECT_TIMEOUT,
        clean_session=True,
        logger=_LOGGER,
    )


async def async_check_connection(
    settings: BrokerSettings, tls_context: ssl.SSLContext | None, client_id: str
) -> None:
    """Connect once and leave; raise ``BrokerConnectError`` saying why that failed."""
    try:
        async with asyncio.timeout(CONNECT_TIMEOUT):
            async with _client(settings, tls_context, client_id, None):
                pass
    except TimeoutError as err:
        raise BrokerConnectError("cannot_connect") from err
    except (aiomqtt.MqttError, OSError) as err:
        _LOGGER.debug("Broker check failed: %s", err)
        raise BrokerConnectError(connect_error_key(err)) from err


class LinkSession:
    """A long-lived, self-healing connection; run :meth:`async_run` as a background task."""

    def __init__(
        self,
        settings: BrokerSettings,
        tls_context: ssl.SSLContext | None,
        client_id: str,
        *,
        will: LastWill | None = None,
        on_connect: ConnectHandler | None = None,
        on_message: MessageHandler | None = None,
        on_state: Callable[[bool], None] | None = None,
    ) -> None:
        """Prepare the connection; nothing happens until :meth:`async_run`."""
        self.settings = settings
        self._tls = tls_context
        self._client_id = client_id
        self._will = will
        self._on_connect = on_connect
        self._on_message = on_message
        self._on_state = on_state
        self._client: aiomqtt.Client | None = None
        self._filters: set[str] = set()
        self.connects = 0
        self.last_error: str | None = None

    @property
    def connected(self) -> bool:
        """Whether the broker accepted us and the connection is up."""
        return self._client is not None

    async def async_run(self) -> None:
        """Connect, serve, and reconnect with backoff until cancelled."""
        failures = 0
        while True:
            try:
                await self._async_serve()
            except (aiomqtt.MqttError, OSError, TimeoutError) as err:
                self.last_error = connect_error_key(err)
                _LOGGER.debug("Broker connection lost: %s", err)
            finally:
                self._set_client(None)
            failures = 0 if self.last_error is None else failures + 1
            delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(0, failures - 1))
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))  # noqa: S311 - jitter

    async def _async_serve(self) -> None:
        client = _client(self.settings, self._tls, self._client_id, self._will)
        async with asyncio.timeout(CONNECT_TIMEOUT):
            await client.__aenter__()
        goodbye: LastWill | None = None
        try:
            self.last_error = None
            self.connects += 1
            self._set_client(client)
            for topic_filter in sorted(self._filters):
                await client.subscribe(topic_filter, qos=1)
            if self._on_connect is not None:
                await self._on_connect()
            async for message in client.messages:
                if self._on_message is not None and isinstance(message.payload, bytes):
                    await self._on_message(message.topic.value, message.payload)
            raise aiomqtt.MqttError("message stream ended")
        except asyncio.CancelledError:
            goodbye = self._will  # stopped while connected: say it ourselves
            raise
        finally:
            self._set_client(None)
            await _quietly_close(client, goodbye)

    def _set_client(self, client: aiomqtt.Client | None) -> None:
        was = self.connected
        self._client = client
        if was != self.connected and self._on_state is not None:
            self._on_state(self.connected)

    async def async_subscribe(self, topic_filter: str) -> None:
        """Read ``topic_filter`` from now on (again after every reconnect)."""
        self._filters.add(topic_filter)
        if (client := self._client) is not None:
            try:
                await client.subscribe(topic_filter, qos=1, timeout=PUBLISH_TIMEOUT)
            except aiomqtt.MqttError as err:
                _LOGGER.debug("Subscribe failed (retried on reconnect): %s", err)

    async def async_unsubscribe(self, topic_filter: str) -> None:
        """Stop reading ``topic_filter``."""
        self._filters.discard(topic_filter)
        if (client := self._client) is not None:
            try:
                await client.unsubscribe(topic_filter, timeout=PUBLISH_TIMEOUT)
            except aiomqtt.MqttError as err:
                _LOGGER.debug("Unsubscribe failed: %s", err)

    async def async_publish(
        self, topic: str, payload: bytes, *, qos: int = 1, retain: bool = False
    ) -> bool:
        """Publish; return ``False`` (nothing sent) while disconnected or on failure."""
        client = self._client
        if client is None:
            return False
        try:
            await client.publish(topic, payload, qos=qos, retain=retain, timeout=PUBLISH_TIMEOUT)
        except aiomqtt.MqttError as err:
            _LOGGER.debug("Publish failed: %s", err)
            return False
        return True


async def _quietly_close(client: aiomqtt.Client, will: LastWill | None) -> None:
    """Say goodbye within :data:`CLOSE_TIMEOUT`: the will's message first, then disconnect.

    A clean disconnect makes the broker drop the last will, so the owner's ``offline`` is
    published here (Home Assistant stopping, the entry unloading); if the connection is
    already gone the broker has published the will itself.
    """
    try:
        async with asyncio.timeout(CLOSE_TIMEOUT):
            if will is not None and _socket_open(client):
                await client.publish(will.topic, will.payload, qos=1, retain=will.retain)
            await client.__aexit__(None, None, None)
    except (aiomqtt.MqttError, OSError, TimeoutError) as err:
        _LOGGER.debug("Closing the broker connection: %s", err)


def _socket_open(client: aiomqtt.Client) -> bool:
    """Whether paho still has its socket (it drops it when the broker went away)."""
    sock = client._client.socket()  # noqa: SLF001 - paho's own, no public way to ask
    return sock is not None and sock.fileno() != -1
