"""Pair this Home Assistant with a hub: check the hub's key, send ours, wait for the answer.

A short connection of its own (the follow entry does not exist yet): read the hub's
retained public key and compare it with the code's fingerprint, send our public key with
the code's HMAC sealed to the hub's key, and wait for the hub's sealed ``paired`` answer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import secrets
import ssl
from typing import Final

import aiomqtt
from homeassistant.util import dt as dt_util

from ...core.errors import KeyedError
from ...core.link import topics
from ...core.link.envelope import (
    KeyPair,
    LinkMessageError,
    MessageType,
    b64,
    seal_anonymous,
)
from ...core.link.pairing import PairCode, pair_request
from ...core.link.session import CONNECT_TIMEOUT, connect_error_key
from ...core.link.settings import BrokerSettings

PAIR_TIMEOUT: Final = 20.0


class PairingFailedError(KeyedError):
    """Pairing did not complete; ``key`` names the translated error."""


@dataclass(frozen=True, slots=True)
class PairResult:
    """What the hub answered: its stable id, the client's alias, its key, the sequence."""

    hub_id: str
    client: str
    hub_key: str
    seq: int


class _Pairing:
    def __init__(self, settings: BrokerSettings, keys: KeyPair, code: PairCode) -> None:
        self.settings, self.keys, self.code = settings, keys, code
        self.hub_key: bytes | None = None
        prefix = settings.prefix
        self.key_topic = topics.hub_topic(prefix, code.hub_id, topics.KEY)
        self.status_topic = topics.hub_topic(prefix, code.hub_id, topics.STATUS)
        self.pair_topic = topics.hub_topic(prefix, code.hub_id, topics.PAIR)
        self.answers = topics.worker_filter(prefix, code.hub_id, keys.key_id)

    async def run(self, client: aiomqtt.Client) -> PairResult:
        for topic_filter in (self.key_topic, self.status_topic, self.answers):
            await client.subscribe(topic_filter, qos=1)
        async for message in client.messages:
            payload = message.payload if isinstance(message.payload, bytes) else b""
            result = await self.on_message(client, message.topic.value, payload)
            if result is not None:
                return result
        raise PairingFailedError("broker_cannot_connect")

    async def on_message(
        self, client: aiomqtt.Client, topic: str, payload: bytes
    ) -> PairResult | None:
        if topic == self.status_topic and payload == topics.STATUS_OFFLINE:
            raise PairingFailedError("pairing_hub_offline")
        if topic == self.key_topic and self.hub_key is None and payload:
            if not self.code.matches(payload):
                raise PairingFailedError("pairing_wrong_key")
            self.hub_key = payload
            request = pair_request(self.code, self.keys.public, dt_util.utcnow())
            await client.publish(self.pair_topic, seal_anonymous(payload, request), qos=1)
            return None
        if self.hub_key is None or not topic.endswith(f"/{topics.EVENTS}") or not payload:
            return None
        try:
            message = self.keys.open(self.hub_key, payload)
        except LinkMessageError:
            return None
        body = message.body
        if message.type is not MessageType.PAIRED or not isinstance(body.get("hub_id"), str):
            return None
        client_alias = str(body.get("client") or "")[:100]
        return PairResult(str(body["hub_id"])[:64], client_alias, b64(self.hub_key), message.seq)


async def async_pair(
    settings: BrokerSettings, tls: ssl.SSLContext | None, keys: KeyPair, code: PairCode
) -> PairResult:
    """Pair with the hub the code names; raise ``PairingFailedError`` saying why not."""
    pairing = _Pairing(settings, keys, code)
    client = aiomqtt.Client(
        settings.host,
        settings.port,
        username=settings.username,
        password=settings.password,
        identifier=f"digiohjaus-pair-{secrets.token_hex(6)}",
        tls_context=tls if settings.tls else None,
        timeout=CONNECT_TIMEOUT,
        clean_session=True,
    )
    try:
        async with asyncio.timeout(PAIR_TIMEOUT):
            async with client:
                return await pairing.run(client)
    except TimeoutError as err:
        key = "pairing_hub_not_found" if pairing.hub_key is None else "pairing_no_answer"
        raise PairingFailedError(key) from err
    except (aiomqtt.MqttError, OSError) as err:
        raise PairingFailedError(f"broker_{connect_error_key(err)}") from err
