"""How a hub or a worker reaches the organisation's broker, and the rules for it.

Health data crosses the internet only encrypted: plain TCP (no TLS) is accepted only for
a broker inside a home or office network, the same rule as the HTTP follow
(:func:`~..hub_url.is_local_host`). Without a CA certificate the system's CAs are trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import re
import ssl
from typing import Any, Final

from ..errors import KeyedError
from ..hub_url import is_local_host
from .topics import DEFAULT_PREFIX, TopicError, validate_prefix

DEFAULT_PORT: Final = 8883
MAX_HOST: Final = 253
MAX_CREDENTIAL: Final = 200
MAX_CA_PEM: Final = 64 * 1024
PEM_BEGIN: Final = "-----BEGIN CERTIFICATE-----"
_HOST: Final = re.compile(r"[a-z0-9._\-:]+")

CONF_HOST: Final = "host"
CONF_PORT: Final = "port"
CONF_TLS: Final = "tls"
CONF_CA: Final = "ca_certificate"
CONF_USERNAME: Final = "username"
CONF_PASSWORD: Final = "password"  # noqa: S105 - a field name
CONF_PREFIX: Final = "topic_prefix"


class BrokerSettingsError(KeyedError, ValueError):
    """A broker setting cannot be used; ``field`` and ``key`` say where and why."""

    def __init__(self, field: str, key: str) -> None:
        """Remember the form field and the translated error."""
        super().__init__(key)
        self.field = field


@dataclass(frozen=True, slots=True)
class BrokerSettings:
    """One broker connection: where, how encrypted, with which credentials, under which prefix."""

    host: str
    port: int = DEFAULT_PORT
    tls: bool = True
    ca_pem: str | None = None
    username: str | None = None
    password: str | None = None
    prefix: str = DEFAULT_PREFIX

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as stored in a config entry."""
        return {
            CONF_HOST: self.host,
            CONF_PORT: self.port,
            CONF_TLS: self.tls,
            CONF_CA: self.ca_pem or "",
            CONF_USERNAME: self.username or "",
            CONF_PASSWORD: self.password or "",
            CONF_PREFIX: self.prefix,
        }

    @property
    def connection_key(self) -> tuple[str, int, str | None]:
        """Return what makes two settings one connection (host, port, user)."""
        return (self.host.lower(), self.port, self.username)


def settings_from_input(values: Mapping[str, Any]) -> BrokerSettings:
    """Return validated settings from a form or a stored mapping, or raise the first error."""
    host = str(values.get(CONF_HOST, "")).strip().lower().removeprefix("[").removesuffix("]")
    if not host or len(host) > MAX_HOST or not _HOST.fullmatch(host):
        raise BrokerSettingsError(CONF_HOST, "invalid_host")
    port = _port(values.get(CONF_PORT, DEFAULT_PORT))
    tls = bool(values.get(CONF_TLS, True))
    if not tls and not is_local_host(host):
        raise BrokerSettingsError(CONF_TLS, "tls_required")
    ca_pem = str(values.get(CONF_CA) or "").strip() or None
    if ca_pem is not None and (len(ca_pem) > MAX_CA_PEM or PEM_BEGIN not in ca_pem):
        raise BrokerSettingsError(CONF_CA, "invalid_ca")
    try:
        prefix = validate_prefix(str(values.get(CONF_PREFIX) or DEFAULT_PREFIX))
    except TopicError as err:
        raise BrokerSettingsError(CONF_PREFIX, err.key) from err
    return BrokerSettings(
        host=host,
        port=port,
        tls=tls,
        ca_pem=ca_pem if tls else None,
        username=_credential(values.get(CONF_USERNAME), CONF_USERNAME),
        password=_credential(values.get(CONF_PASSWORD), CONF_PASSWORD),
        prefix=prefix,
    )


def _port(value: object) -> int:
    text = str(value)
    if not text.isascii():  # float("٣") is 3.0: only digits anyone means as a port
        raise BrokerSettingsError(CONF_PORT, "invalid_port")
    try:
        number = float(text)
    except ValueError as err:
        raise BrokerSettingsError(CONF_PORT, "invalid_port") from err
    if not number.is_integer() or not 1 <= number <= 65535:  # noqa: PLR2004
        raise BrokerSettingsError(CONF_PORT, "invalid_port")
    return int(number)


def _credential(value: object, field: str) -> str | None:
    text = str(value or "")
    if len(text) > MAX_CREDENTIAL or any(ord(c) < 32 for c in text):  # noqa: PLR2004
        raise BrokerSettingsError(field, "invalid_credential")
    return text or None


def build_tls_context(settings: BrokerSettings) -> ssl.SSLContext | None:
    """Return the TLS context for the settings (``None`` for plain TCP).

    Without a CA certificate the system's CAs are loaded (file reads: call this in an
    executor). A CA that is not a certificate raises ``BrokerSettingsError``.
    """
    if not settings.tls:
        return None
    if settings.ca_pem is None:
        return ssl.create_default_context()
    try:
        return ssl.create_default_context(cadata=settings.ca_pem)
    except (ssl.SSLError, ValueError) as err:
        raise BrokerSettingsError(CONF_CA, "invalid_ca") from err
