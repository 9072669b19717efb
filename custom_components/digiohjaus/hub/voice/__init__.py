"""Speak to the hub: Finnish, Swedish and English sentences through Home Assistant's Assist.

While the hub runs it registers

- its intents (:mod:`.intents`) with ``homeassistant.helpers.intent``, and
- its sentences with the default conversation agent as one sentence trigger, the same
  mechanism a ``conversation`` automation trigger uses. Triggers are matched before
  Home Assistant's own intents, and in every pipeline language, so nothing has to be
  copied into ``custom_sentences`` and no automation has to be written: turning on the
  hub option "Voice commands" is the only step.

Crisis words are always registered, with or without the option: saying "haluan kuolla"
to the hub's Assist answers with 112 and the crisis line and records nothing. The
commands that change something (reminder done, check-in, call request) and the list of
today's reminders follow the option, which the worker turns on with the client.

One trigger carries every sentence, so one spoken sentence runs one callback: the
callback asks :func:`...core.voice.classify` what it means (crisis words first) and hands
it to the matching intent. The answer is in the hub's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.conversation import ConversationInput
from homeassistant.components.conversation.agent_manager import get_agent_manager
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import intent

from ...const import CONF_VOICE_COMMANDS, DOMAIN
from ...core.voice import Intent, classify, trigger_sentences
from .answers import VoiceAnswers
from .intents import voice_intents

if TYPE_CHECKING:
    from hassil.recognize import RecognizeResult
    from homeassistant.config_entries import ConfigEntry

    from ..runtime import HubData


@callback
def async_start_voice(hass: HomeAssistant, entry: ConfigEntry[HubData]) -> None:
    """Register the hub's intents and sentences; both go when the hub unloads."""
    commands = bool(entry.options.get(CONF_VOICE_COMMANDS, False))
    answers = VoiceAnswers(entry.runtime_data)
    handlers = voice_intents(answers, commands=commands)
    for handler in handlers:
        intent.async_register(hass, handler)

    async def on_sentence(user_input: ConversationInput, _result: RecognizeResult) -> str:
        return await _async_answer(hass, answers, user_input, commands=commands)

    unregister = get_agent_manager(hass).register_trigger(
        trigger_sentences(commands=commands), on_sentence
    )

    @callback
    def stop() -> None:
        unregister()
        for handler in handlers:
            intent.async_remove(hass, handler.intent_type)

    entry.async_on_unload(stop)


async def _async_answer(
    hass: HomeAssistant, answers: VoiceAnswers, user_input: ConversationInput, *, commands: bool
) -> str:
    """Do what the sentence asks and return the answer to speak."""
    command = classify(user_input.text)
    if command is not None and command.intent is Intent.CRISIS:
        # Straight to the answer: nothing in between that could fail or delay it.
        return answers.crisis()
    if command is None or not commands:
        return answers.not_understood()
    try:
        response = await intent.async_handle(
            hass,
            DOMAIN,
            command.intent.value,
            command.slots(),
            user_input.text,
            user_input.context,
            user_input.language,
            device_id=user_input.device_id,
            satellite_id=user_input.satellite_id,
        )
    except intent.IntentError:
        return answers.text("voice_failed")
    speech: str = response.speech.get("plain", {}).get("speech", "")
    return speech
