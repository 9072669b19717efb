"""The last answer built for each set of kinds, kept until what it shows may have changed.

Building the sections walks the reminder book, and every worker polling (or fifty reading
at once) would build the same answer again. An answer is reused while:
- nothing it is built from has changed: the check-in keeper, the call desk and the reminder
  engine tell their listeners of every change, and any change drops every answer;
- it is from today (local date) and at most :data:`MAX_AGE` old, so what moves with the
  clock alone (a seven-day window) is never older than that.

The answer keeps the time it was built as ``generated_at``, so a reused answer says how old
it is. Who may read and which kinds are decided on every read, never cached: the kinds are
the key, and a withdrawal or a narrowed consent applies to the very next read.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.json import json_bytes
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from ...const import DOMAIN
from ...core.consent import DataKind
from ...core.share import ShareSnapshot, snapshot_to_json
from ..runtime import HubConfigEntry, HubData
from .snapshot import build_snapshot

MAX_AGE: Final = timedelta(seconds=60)
DATA_CACHES: Final = HassKey[dict[str, "AnswerCache"]](f"{DOMAIN}_share_answers")

type Answer = tuple[ShareSnapshot, bytes]


class AnswerCache:
    """Answers of one loaded hub, per set of kinds."""

    def __init__(self, entry: HubConfigEntry, hub: HubData) -> None:
        """Drop every answer when the check-in, the call or a reminder changes."""
        self.hub = hub
        self._answers: dict[frozenset[DataKind], tuple[datetime, datetime, Answer]] = {}
        """Per set of kinds: when the answer was built, until when it may be reused, it."""
        for unsubscribe in (
            hub.checkin.async_add_listener(self.clear),
            hub.calls.async_add_listener(self.clear),
            hub.reminders.async_add_listener(self.clear),
        ):
            entry.async_on_unload(unsubscribe)

    @callback
    def clear(self) -> None:
        """Forget every answer (something they show changed)."""
        self._answers.clear()

    def answer(self, hub_id: str, kinds: frozenset[DataKind], now: datetime) -> Answer:
        """Return the answer revealing ``kinds``: a recent one, or a fresh one."""
        kept = self._answers.get(kinds)
        if kept is not None:
            built, until, answer = kept
            if built <= now < until:
                return answer
        snapshot = build_snapshot(hub_id, self.hub, kinds, now)
        answer = (snapshot, json_bytes(snapshot_to_json(snapshot)))
        self._answers[kinds] = (now, _reusable_until(now), answer)
        return answer


def _reusable_until(built: datetime) -> datetime:
    """An answer built at ``built`` is reused until :data:`MAX_AGE` or local midnight."""
    local = dt_util.as_local(built)
    midnight = dt_util.start_of_local_day(local.date() + timedelta(days=1))
    return min(built + MAX_AGE, midnight)


def async_answer_cache(hass: HomeAssistant, entry: HubConfigEntry, hub: HubData) -> AnswerCache:
    """Return the loaded hub's cache (a reloaded hub gets a new one)."""
    caches = hass.data.setdefault(DATA_CACHES, {})
    cache = caches.get(entry.entry_id)
    if cache is None or cache.hub is not hub:
        cache = caches[entry.entry_id] = AnswerCache(entry, hub)
    return cache
