"""Read a hub's share endpoint over HTTP, defensively.

The hub is on the other side of the internet: it may be down, slow, behind a proxy that
answers with an HTML page, or not a digiohjaus hub at all. Every answer is bounded in
time and size, and anything but a well-formed §6 payload becomes a :class:`ShareError`.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
import json
from typing import Final

import aiohttp

from ..core.share import (
    ERROR_CONSENT_WITHDRAWN,
    SHARE_PATH,
    ShareFormatError,
    ShareSnapshot,
    parse_error,
    parse_snapshot,
)

REQUEST_TIMEOUT: Final = 15.0
MAX_BODY_BYTES: Final = 64 * 1024
_CHUNK: Final = 8 * 1024


class ShareError(Exception):
    """Reading the share endpoint failed."""


class ShareConnectionError(ShareError):
    """The hub could not be reached or did not answer in time."""


class ShareInvalidResponseError(ShareError):
    """Something answered, but not with the share endpoint's contract."""


class ShareAuthError(ShareError):
    """The token is not (or no longer) valid."""


class ShareConsentWithdrawnError(ShareError):
    """The client has withdrawn consent for this worker."""


class ShareUnavailableError(ShareError):
    """The hub answered ``503``: it is starting or reloading; ask again later."""

    def __init__(self, retry_after: float | None) -> None:
        """Remember how long the hub asked us to wait, if it said."""
        super().__init__("hub unavailable")
        self.retry_after = retry_after


class ShareRateLimitedError(ShareError):
    """The hub refuses this address for a while after bad tokens."""

    def __init__(self, retry_after: float | None) -> None:
        """Remember how long the hub asked us to wait, if it said."""
        super().__init__("rate limited")
        self.retry_after = retry_after


class ShareClient:
    """One followed hub: its base URL and the worker's token."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        base_url: str,
        token: str,
        timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        """Prepare requests to ``base_url``'s share endpoint."""
        self._session = session
        self._url = f"{base_url}{SHARE_PATH}"
        self._headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self._timeout = timeout

    async def async_fetch(self) -> ShareSnapshot:
        """Return the hub's current share payload or raise a ``ShareError``."""
        try:
            async with asyncio.timeout(self._timeout):
                status, body, retry_after = await self._request()
        except TimeoutError as err:
            raise ShareConnectionError("timed out") from err
        except aiohttp.ClientError as err:
            raise ShareConnectionError(type(err).__name__) from err
        return _interpret(status, body, retry_after)

    async def _request(self) -> tuple[int, object, float | None]:
        async with self._session.get(
            self._url, headers=self._headers, allow_redirects=False
        ) as resp:
            retry_after = _retry_after(resp.headers.get("Retry-After"))
            if resp.status == HTTPStatus.SERVICE_UNAVAILABLE:
                raise ShareUnavailableError(retry_after)
            if resp.status >= HTTPStatus.INTERNAL_SERVER_ERROR:
                raise ShareConnectionError(f"HTTP {resp.status}")
            if resp.content_type != "application/json":
                raise ShareInvalidResponseError(f"HTTP {resp.status} {resp.content_type}")
            if (resp.content_length or 0) > MAX_BODY_BYTES:
                raise ShareInvalidResponseError("answer too large")
            raw = await _read_capped(resp)
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError) as err:
            raise ShareInvalidResponseError("not JSON") from err
        return resp.status, body, retry_after


async def _read_capped(resp: aiohttp.ClientResponse) -> bytes:
    """Read the body, refusing more than ``MAX_BODY_BYTES`` whatever the headers claim."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(_CHUNK):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ShareInvalidResponseError("answer too large")
        chunks.append(chunk)
    return b"".join(chunks)


MAX_RETRY_AFTER: Final = 3600


def _retry_after(value: str | None) -> float | None:
    """Return the wait a ``Retry-After`` header asks for, in seconds (at most an hour).

    Only ASCII digits count (``"²".isdigit()`` is true, yet ``int`` refuses it); a number
    too long for ``int`` is far beyond the cap anyway.
    """
    if value is None or not (value.isascii() and value.isdigit()):
        return None
    if len(value.lstrip("0")) > len(str(MAX_RETRY_AFTER)):
        return float(MAX_RETRY_AFTER)
    return float(min(int(value), MAX_RETRY_AFTER))


def _interpret(status: int, body: object, retry_after: float | None) -> ShareSnapshot:
    if status == HTTPStatus.OK:
        try:
            return parse_snapshot(body)
        except ShareFormatError as err:
            raise ShareInvalidResponseError(str(err)) from err
    if status == HTTPStatus.UNAUTHORIZED:
        raise ShareAuthError("invalid token")
    if status == HTTPStatus.FORBIDDEN and parse_error(body) == ERROR_CONSENT_WITHDRAWN:
        raise ShareConsentWithdrawnError("consent withdrawn")
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        raise ShareRateLimitedError(retry_after)
    raise ShareInvalidResponseError(f"HTTP {status}")
