"""A broker user reading topics directly, as the organisation's operator (or an intruder) could."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
import ssl

import aiomqtt

from .mosquitto import PASSWORDS, Mosquitto


@asynccontextmanager
async def broker_user(broker: Mosquitto, user: str) -> AsyncGenerator[aiomqtt.Client]:
    """Connect to the test broker as ``user`` (TLS with the test CA)."""
    context = ssl.create_default_context(cadata=broker.ca_pem)
    async with aiomqtt.Client(
        "127.0.0.1",
        broker.port,
        username=user,
        password=PASSWORDS[user],
        tls_context=context,
        identifier=f"test-{user}",
    ) as client:
        yield client


async def read_for(client: aiomqtt.Client, seconds: float) -> list[tuple[str, bytes, bool]]:
    """Collect (topic, payload, retained) for ``seconds``."""
    seen: list[tuple[str, bytes, bool]] = []
    try:
        async with asyncio.timeout(seconds):
            async for message in client.messages:
                payload = message.payload if isinstance(message.payload, bytes) else b""
                seen.append((message.topic.value, payload, message.retain))
    except TimeoutError:
        pass
    return seen
