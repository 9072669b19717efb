"""The hub's intents, registered with Home Assistant while the hub runs.

The sentences of :mod:`...core.voice_phrases` reach these through the conversation
agent (see :mod:`.`); a worker's own sentences (``custom_sentences``) or automations can
use them as well, e.g. ``intent: DigiohjausCheckIn`` with ``mood: 4``. Whatever the way
in, the check-in intent first looks for crisis words in what was said: a crisis is
answered with the crisis numbers and never recorded as a mood.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import intent
import probatio as vol

from ...core.checkin import MAX_MOOD, MIN_MOOD
from ...core.voice import Intent, Part, is_crisis
from ..reminders.registry import KINDS
from .answers import VoiceAnswers

type Respond = Callable[[intent.Intent], Awaitable[str]]

# Kinds the client confirms themselves (not the worker's home visit).
VOICE_KINDS = sorted(kind for kind, spec in KINDS.items() if spec.is_subentry)


class VoiceIntentHandler(intent.IntentHandler):
    """One of the hub's intents: do it, answer in the hub's language."""

    platforms = None

    def __init__(
        self,
        intent_type: Intent,
        respond: Respond,
        answers: VoiceAnswers,
        slots: dict[Any, Any] | None = None,
        description: str = "",
    ) -> None:
        """Answer ``intent_type`` with ``respond``; check ``slots`` first."""
        self.intent_type = intent_type.value
        self.description = description
        self._respond = respond
        self._answers = answers
        self._slots = slots

    @property
    def slot_schema(self) -> dict[Any, Any] | None:
        """What the intent takes (validated by Home Assistant before handling)."""
        return self._slots

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Do what was asked (crisis words first); the speech is the answer."""
        if intent_obj.text_input and is_crisis(intent_obj.text_input):
            speech = self._answers.crisis()
        else:
            intent_obj.slots = self.async_validate_slots(intent_obj.slots)
            try:
                speech = await self._respond(intent_obj)
            except HomeAssistantError:
                # Not saved (the hub already raised a repair): never "done", never "thanks".
                speech = self._answers.text("voice_failed")
        response = intent_obj.create_response()
        response.async_set_speech(speech)
        return response


def _value(intent_obj: intent.Intent, name: str) -> Any:
    slot = intent_obj.slots.get(name)
    return slot["value"] if slot else None


def voice_intents(answers: VoiceAnswers, *, commands: bool) -> list[VoiceIntentHandler]:
    """The crisis intent always; the commands when voice commands are on."""

    async def crisis(_intent: intent.Intent) -> str:
        return answers.crisis()

    handlers = [VoiceIntentHandler(Intent.CRISIS, crisis, answers, description="Crisis numbers")]
    if not commands:
        return handlers

    async def done(intent_obj: intent.Intent) -> str:
        part = _value(intent_obj, "part")
        return await answers.reminder_done(_value(intent_obj, "kind"), Part(part) if part else None)

    async def today(_intent: intent.Intent) -> str:
        return answers.today()

    async def check_in(intent_obj: intent.Intent) -> str:
        return await answers.check_in(_value(intent_obj, "mood"))

    async def call(_intent: intent.Intent) -> str:
        return await answers.call_worker()

    return [
        *handlers,
        VoiceIntentHandler(
            Intent.REMINDER_DONE,
            done,
            answers,
            {vol.Required("kind"): vol.In(VOICE_KINDS), vol.Optional("part"): vol.In(list(Part))},
            "Mark the client's due reminder of a kind done",
        ),
        VoiceIntentHandler(Intent.REMINDERS_TODAY, today, answers, description="Today's reminders"),
        VoiceIntentHandler(
            Intent.CHECK_IN,
            check_in,
            answers,
            {vol.Required("mood"): vol.All(vol.Coerce(int), vol.Range(MIN_MOOD, MAX_MOOD))},
            "Daily check-in on the 1-5 scale",
        ),
        VoiceIntentHandler(Intent.CALL_WORKER, call, answers, description="Ask the worker to call"),
    ]
