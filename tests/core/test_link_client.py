"""The broker link's client when the broker goes away in the middle of a publish."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from custom_components.digiohjaus.core.link.session import LinkClient


async def _errors_after(register: Any, close_first: bool) -> tuple[list[dict[str, Any]], bool]:
    """Queue a write on a socket (closed before the loop gets to it, or not)."""
    loop = asyncio.get_running_loop()
    errors: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: errors.append(context))
    client = LinkClient("127.0.0.1", 1883, identifier="test")
    ours, theirs = socket.socketpair()
    try:
        register(client, ours)
        if close_first:
            ours.close()  # the broker went away: paho closed the socket meanwhile
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        watched = not close_first and loop.remove_writer(ours.fileno())
    finally:
        loop.set_exception_handler(previous)
        ours.close()
        theirs.close()
    return errors, watched


async def test_a_write_queued_for_a_socket_that_closed_meanwhile_is_dropped_quietly() -> None:
    def register(client: LinkClient, sock: socket.socket) -> None:
        client._on_socket_register_write(client._client, None, sock)

    errors, _ = await _errors_after(register, close_first=True)
    assert errors == []  # before: "Bad file descriptor" in Home Assistant's log


async def test_a_write_queued_for_an_open_socket_is_watched() -> None:
    def register(client: LinkClient, sock: socket.socket) -> None:
        client._on_socket_register_write(client._client, None, sock)

    errors, watched = await _errors_after(register, close_first=False)
    assert (errors, watched) == ([], True)
