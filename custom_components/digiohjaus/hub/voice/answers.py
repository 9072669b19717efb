"""What each spoken command does on the hub, and the answer, in the hub's language.

Every command goes through the same code as the tablet's tap: a reminder is confirmed
with ``ReminderEngine.async_mark_done([reminder_id])`` (the "done" button), a check-in
with ``CheckInKeeper.async_check_in(mood)`` (the scale's buttons) and a call request with
``CallDesk.async_request()`` (the "call my worker" button). Consent and audit therefore
apply exactly as for a tap, and nothing of what was said is kept: only what the tap keeps.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from ...const import DOMAIN
from ...core.call import CallOutcome, CallStatus
from ...core.checkin import MOOD_KEYS, validate_mood
from ...core.occurrence import FINAL
from ...core.safety import SAFETY_PLAN_SECTIONS
from ...core.spoken import bare_time
from ...core.voice import CRISIS_NUMBERS, Part, crisis_answer, in_part, join_items

if TYPE_CHECKING:
    from ..reminders.engine import Reminder
    from ..runtime import HubData

# At most this many of today's reminders are read out; the rest are counted.
MAX_TODAY_ITEMS: Final = 6
# The safety plan's warning signs are for noticing; the answer reads the first step to take.
PLAN_STEPS: Final = SAFETY_PLAN_SECTIONS[1:]


class VoiceAnswers:
    """The hub's side of the conversation: do what was asked, say what happened."""

    def __init__(self, data: HubData) -> None:
        """Answer for the hub whose runtime data is ``data``."""
        self._data = data

    @property
    def language(self) -> str:
        """The hub's language: every answer is in it, whatever language was spoken."""
        return self._data.profile.language

    def text(self, key: str, **values: str) -> str:
        """A ``common`` text in the hub's language, filled in."""
        texts = self._data.reminders.texts
        template = texts.get(f"component.{DOMAIN}.common.{key}", "")
        return template.format(**values)

    # Crisis ----------------------------------------------------------------------------

    def crisis(self) -> str:
        """112 and the crisis line at once, and the safety plan's first step if written."""
        step = self._plan_step()
        try:
            template: str | None = self.text("voice_crisis", **CRISIS_NUMBERS)
            if self.language == "sv":  # MIELI's Swedish-language line too
                template = f"{template} {self.text('voice_crisis_swedish', **CRISIS_NUMBERS)}"
        except KeyError, ValueError, IndexError:
            template = None
        return crisis_answer(template, step)

    def _plan_step(self) -> str | None:
        safety = self._data.safety
        sections = dict(safety.plan.sections)
        for key in PLAN_STEPS:
            if written := sections.get(key):
                title = safety.texts.get(f"safety_plan_{key}", "")
                return self.text("voice_crisis_plan", title=title, text=written)
        return None

    # Reminders -------------------------------------------------------------------------

    async def reminder_done(self, kind: str, part: Part | None) -> str:
        """Confirm the due (or early-window) reminders of ``kind``, as their buttons do."""
        engine = self._data.reminders
        candidates = sorted(
            (
                (due, rid, reminder)
                for rid, reminder in engine.subentry_reminders.items()
                if reminder.spec.kind == kind
                and (due := engine.view(rid).next_due) is not None
                and (part is None or in_part(part, dt_util.as_local(due).time()))
            ),
            key=lambda item: (item[0], item[2].spec.name),
        )
        done: list[str] = []
        for due, rid, reminder in candidates:
            try:
                await engine.async_mark_done([rid])  # the "done" button's own path
            except ServiceValidationError:
                continue  # nothing open and too early: the button would say the same
            # A failed save raises (HomeAssistantError): the answer is then "it did not
            # work", never "marked" (durable before confirmed).
            done.append(self._item(reminder, due))
        if done:
            return self.text(f"voice_done_{kind}", items=join_items(done))
        answer = self.text(f"voice_nothing_{kind}")
        if (upcoming := self._next_of(kind)) is not None:
            answer = f"{answer} {self.text('voice_next', item=upcoming)}"
        return answer

    def _next_of(self, kind: str) -> str | None:
        engine = self._data.reminders
        upcoming = [
            (due, reminder)
            for rid, reminder in engine.subentry_reminders.items()
            if reminder.spec.kind == kind and (due := engine.view(rid).next_due) is not None
        ]
        if not upcoming:
            return None
        due, reminder = min(upcoming, key=lambda item: item[0])
        return self._item(reminder, due)

    def _item(self, reminder: Reminder, due: datetime) -> str:
        local = dt_util.as_local(due)
        if reminder.kind.all_day:
            return reminder.spec.name
        return self.text(
            "voice_item", name=reminder.spec.name, time=bare_time(local.time(), self.language)
        )

    def today(self) -> str:
        """What is left to remember today, briefly."""
        now = dt_util.now()
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        end = dt_util.start_of_local_day(start.date() + timedelta(days=1))
        items = [
            self._item(found.reminder, found.occurrence.due_at)
            for found in self._data.reminders.upcoming(dt_util.as_utc(start), end)
            if found.reminder.kind.notify_client and found.occurrence.status not in FINAL
        ]
        if not items:
            return self.text("voice_today_none")
        answer = self.text("voice_today", items=join_items(items[:MAX_TODAY_ITEMS]))
        if (more := len(items) - MAX_TODAY_ITEMS) > 0:
            answer = f"{answer} {self.text('voice_today_more', count=str(more))}"
        return answer

    # Check-in and call -----------------------------------------------------------------

    async def check_in(self, mood: int) -> str:
        """Record the check-in as the scale's button does; thank as the tablet does."""
        mood = validate_mood(mood)
        await self._data.checkin.async_check_in(mood)
        entity = await async_get_translations(
            self._data.reminders.hass, self.language, "entity", [DOMAIN]
        )
        key = MOOD_KEYS[mood - 1]
        label = entity.get(f"component.{DOMAIN}.entity.sensor.mood_today.state.{key}", key)
        # The tablet's own thanks ("Kiitos! Vointisi tänään"), then the mood it shows.
        return f"{self.text('tablet_mood_thanks')}: {label}."

    async def call_worker(self) -> str:
        """Ask the worker to call, as the button does, and say what happens next."""
        outcome = await self._data.calls.async_request()
        if self._data.calls.status is CallStatus.ESCALATED:
            # No one could be told (or no one answered): the crisis numbers come first.
            return crisis_answer(self.text("voice_call_unreached", **CRISIS_NUMBERS), None)
        if outcome is CallOutcome.NOTHING:
            return self.text("voice_call_already")
        minutes = str(self._data.escalator.ladder.answer_minutes)
        return self.text("voice_call_sent", minutes=minutes)

    def not_understood(self) -> str:
        """A sentence the agent matched but the hub cannot place (never expected)."""
        return self.text("voice_not_understood")
