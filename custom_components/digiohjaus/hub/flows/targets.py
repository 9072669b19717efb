"""The notify targets a form offers, each by its name ("Liisan puhelin"), not its id.

Notify entities are listed by their friendly name. Notify actions have no name of their own:
``notify.sahkoposti_liisa`` is shown as "Sahkoposti liisa", a Companion app's
``notify.mobile_app_maijan_puhelin`` as "Maijan puhelin" (its phone's name). The
hub's own persistent notifications are never a target: nobody but a logged-in user sees
them, and only the client has an account on the hub.
"""

from __future__ import annotations

from collections.abc import Iterable

from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import SelectOptionDict

from ..delivery import NOTIFY_DOMAIN

# The notify entities' own action, and the hub's own notifications (seen only when logged in).
NOT_TARGETS = frozenset({"send_message", "persistent_notification"})
COMPANION_PREFIX = "mobile_app_"


def _action_label(name: str) -> str:
    return name.removeprefix(COMPANION_PREFIX).replace("_", " ").capitalize()


def notify_target_options(
    hass: HomeAssistant, chosen: Iterable[str] = ()
) -> list[SelectOptionDict]:
    """Notify entities and notify actions by name, and whatever is chosen now, sorted by name."""
    labels: dict[str, str] = {}
    for state in hass.states.async_all(NOTIFY_DOMAIN):
        labels[state.entity_id] = state.name
    for name in hass.services.async_services_for_domain(NOTIFY_DOMAIN):
        target = f"{NOTIFY_DOMAIN}.{name}"
        if name not in NOT_TARGETS and target not in labels:
            labels[target] = _action_label(name)
    for target in chosen:
        labels.setdefault(target, target)
    return [
        SelectOptionDict(value=target, label=label)
        for target, label in sorted(labels.items(), key=lambda item: (item[1].casefold(), item[0]))
    ]
