"""Deliver one message to one notify target, and route the answers that come back.

This is the low-level transport every feature shares:
- a *notify target* is written as ``notify.<name>``; it is either a notify entity
  (``NotifyEntity``, message and title only) or a legacy notify service such as
  ``notify.mobile_app_maijan_puhelin`` (which also carries actionable buttons);
- answers from the Companion app arrive as ``mobile_app_notification_action`` events
  whose ``action`` is an id built by :func:`action_id`; they are routed to the
  handler registered for the action's verb.

Who may receive what (consent) and the audit log are *not* decided here: contacts are
reached only through ``hub/messaging.py``, which calls :func:`async_deliver`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
import logging
from typing import Any, Final

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.typing import ConfigType

from ..const import DOMAIN

_LOGGER = logging.getLogger(__name__)

NOTIFY_DOMAIN: Final = "notify"
MOBILE_APP_ACTION_EVENT: Final = "mobile_app_notification_action"
ACTION_PREFIX: Final = f"{DOMAIN.upper()}_"
_SEPARATOR: Final = "|"


@dataclass(frozen=True, slots=True)
class NotificationAction:
    """One button on an actionable notification.

    With ``uri`` the button opens a link (the Companion app's ``URI`` action, e.g. a
    video meeting's join link) instead of sending an answer back.
    """

    action: str
    title: str
    uri: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedAction:
    """An answer from a notification: what to do (verb) and to what (ref)."""

    entry_id: str
    verb: str
    ref: str


type ActionHandler = Callable[[ParsedAction, Event], Awaitable[None] | None]


def action_id(entry_id: str, verb: str, ref: str = "") -> str:
    """Build the action id of a button, e.g. ``DIGIOHJAUS_done|<entry>|<reminder>``."""
    return f"{ACTION_PREFIX}{verb}{_SEPARATOR}{entry_id}{_SEPARATOR}{ref}"


def parse_action(value: Any) -> ParsedAction | None:
    """Read an action id built by :func:`action_id`; anything else is ``None``."""
    if not isinstance(value, str) or not value.startswith(ACTION_PREFIX):
        return None
    parts = value.removeprefix(ACTION_PREFIX).split(_SEPARATOR)
    if len(parts) != 3 or not all(parts[:2]):  # noqa: PLR2004
        return None
    verb, entry_id, ref = parts
    return ParsedAction(entry_id=entry_id, verb=verb, ref=ref)


def target_kind(hass: HomeAssistant, target: str) -> str | None:
    """Tell whether ``target`` is a notify ``entity``, a legacy ``service``, or unknown."""
    domain, _, name = target.partition(".")
    if domain != NOTIFY_DOMAIN or not name:
        return None
    if hass.states.get(target) is not None:
        return "entity"
    if hass.services.has_service(NOTIFY_DOMAIN, name):
        return "service"
    return None


async def async_deliver(
    hass: HomeAssistant,
    target: str,
    *,
    title: str,
    message: str,
    actions: Sequence[NotificationAction] = (),
    data: ConfigType | None = None,
) -> None:
    """Send one notification to ``target``; raise ``HomeAssistantError`` if it cannot be sent.

    Notify entities get title and message; legacy notify services also get ``data``
    with the actionable buttons in the Companion app's format.
    """
    kind = target_kind(hass, target)
    if kind is None:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="notify_target_missing",
            translation_placeholders={"target": target},
        )
    if kind == "entity":
        await hass.services.async_call(
            NOTIFY_DOMAIN,
            "send_message",
            {"entity_id": target, "title": title, "message": message},
            blocking=True,
        )
        return
    payload: dict[str, Any] = {"title": title, "message": message}
    extra: dict[str, Any] = dict(data or {})
    if actions:
        extra["actions"] = [
            {"action": "URI", "title": a.title, "uri": a.uri}
            if a.uri
            else {"action": a.action, "title": a.title}
            for a in actions
        ]
    if extra:
        payload["data"] = extra
    await hass.services.async_call(NOTIFY_DOMAIN, target.partition(".")[2], payload, blocking=True)


class ActionRouter:
    """Route Companion-app button presses for one hub to the handler of their verb."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Prepare an empty routing table for the hub ``entry_id``."""
        self._hass = hass
        self._entry_id = entry_id
        self._handlers: dict[str, ActionHandler] = {}

    def register(self, verb: str, handler: ActionHandler) -> None:
        """Call ``handler`` when a button with ``verb`` is pressed."""
        self._handlers[verb] = handler

    @callback
    def async_start(self) -> Callable[[], None]:
        """Listen for button presses; return the function that stops listening."""
        return self._hass.bus.async_listen(MOBILE_APP_ACTION_EVENT, self._async_on_action)

    async def _async_on_action(self, event: Event) -> None:
        parsed = parse_action(event.data.get("action"))
        if parsed is None or parsed.entry_id != self._entry_id:
            return
        handler = self._handlers.get(parsed.verb)
        if handler is None:
            _LOGGER.debug("No handler for notification action verb %s", parsed.verb)
            return
        result = handler(parsed, event)
        if result is not None:
            await result
