"""What the client says to the hub, and what it means: pure matching, no Home Assistant.

The phrases live in :mod:`.voice_phrases` as small templates: ``(a|b)`` picks one of
the words, ``[a]`` or ``[a|b]`` may be left out. :func:`expand` turns a template into
plain sentences; the hub registers exactly those with Home Assistant's conversation agent
(so the agent and :func:`classify` can never disagree about a sentence) and asks
:func:`classify` what a recognised sentence means.

Crisis words win over everything: :func:`is_crisis` finds them anywhere in what was
said, in any of the three languages, and :func:`classify` checks them first, so
"voin huonosti, en jaksa enää" is never recorded as a mood.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from functools import cache
from itertools import product
import re
from typing import Final

from .safety import CRISIS_LINE_FI, CRISIS_LINE_SV, EMERGENCY_NUMBER
from .voice_phrases import CRISIS_TERMS, PHRASES

# Hassil wildcards around a crisis word: the word may come anywhere in the sentence.
WILDCARD_BEFORE: Final = "voice_before"
WILDCARD_AFTER: Final = "voice_after"

_PUNCTUATION: Final = re.compile(r"[.,!?;:\"“”„«»()\[\]{}…¡¿–—-]+")
_APOSTROPHES: Final = re.compile(r"['’`´]")
_GROUP: Final = re.compile(r"(\(([^()\[\]]*)\)|\[([^()\[\]]*)\])")


class Intent(StrEnum):
    """The intents the hub registers with Home Assistant."""

    REMINDER_DONE = "DigiohjausReminderDone"
    REMINDERS_TODAY = "DigiohjausRemindersToday"
    CHECK_IN = "DigiohjausCheckIn"
    CALL_WORKER = "DigiohjausCallWorker"
    CRISIS = "DigiohjausCrisis"


class Part(StrEnum):
    """A part of the day a reminder can be named by ("aamulääke", "lounas")."""

    MORNING = "morning"
    MIDDAY = "midday"
    EVENING = "evening"


# When each part of the day is (local time of the occurrence). They overlap on purpose:
# a lunch at 10:30 is both a late breakfast and an early lunch.
# The crisis numbers of every answer: constants, never read from settings or entities.
CRISIS_NUMBERS: Final = {
    "emergency": EMERGENCY_NUMBER,
    "crisis_line": CRISIS_LINE_FI,
    "crisis_line_sv": CRISIS_LINE_SV,
}

PARTS: Final = {
    Part.MORNING: (time(3), time(11, 30)),
    Part.MIDDAY: (time(10), time(16)),
    Part.EVENING: (time(15), time(3)),
}


@dataclass(frozen=True, slots=True)
class Command:
    """What a sentence asks the hub to do."""

    intent: Intent
    kind: str | None = None  # the reminder kind ("medication", "meal" …)
    part: Part | None = None  # only reminders due in this part of the day
    mood: int | None = None  # 1–5 for a check-in

    def slots(self) -> dict[str, dict[str, object]]:
        """The command's details as Home Assistant intent slots."""
        values = {"kind": self.kind, "part": self.part, "mood": self.mood}
        return {name: {"value": value} for name, value in values.items() if value is not None}


CRISIS: Final = Command(Intent.CRISIS)


def normalize(text: str) -> str:
    """Lower case, no punctuation or apostrophes, single spaces: how sentences are compared."""
    text = _APOSTROPHES.sub("", text.casefold())
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def expand(template: str) -> list[str]:
    """Every plain sentence a template stands for, in order, without duplicates."""
    pieces: list[list[str]] = []
    position = 0
    for match in _GROUP.finditer(template):
        pieces.append([template[position : match.start()]])
        choices = (match.group(2) if match.group(2) is not None else match.group(3)).split("|")
        pieces.append(choices if match.group(2) is not None else ["", *choices])
        position = match.end()
    pieces.append([template[position:]])
    sentences = (" ".join("".join(parts).split()) for parts in product(*pieces))
    return list(dict.fromkeys(sentence for sentence in sentences if sentence))


def command_of(meaning: str) -> Command:
    """The command a phrase table's meaning stands for (see :mod:`.voice_phrases`)."""
    word, _, detail = meaning.partition(":")
    if word == "done":
        kind, _, part = detail.partition(":")
        return Command(Intent.REMINDER_DONE, kind=kind, part=Part(part) if part else None)
    if word == "mood":
        return Command(Intent.CHECK_IN, mood=int(detail))
    return Command({"today": Intent.REMINDERS_TODAY, "call": Intent.CALL_WORKER}[word])


@cache
def _table() -> dict[str, Command]:
    """Every plain sentence of every language, normalised, and what it means."""
    table: dict[str, Command] = {}
    for phrases in PHRASES.values():
        for template, meaning in phrases:
            command = command_of(meaning)
            for sentence in expand(template):
                table[normalize(sentence)] = command
    return table


@cache
def _crisis_terms() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalize(term).split()) for term in _all_crisis_terms())


def _all_crisis_terms() -> Iterator[str]:
    for terms in CRISIS_TERMS.values():
        yield from terms


def is_crisis(text: str) -> bool:
    """Whether a crisis or danger word is anywhere in ``text`` (any language)."""
    words = normalize(text).split()
    for term in _crisis_terms():
        size = len(term)
        if any(tuple(words[i : i + size]) == term for i in range(len(words) - size + 1)):
            return True
    return False


def classify(text: str) -> Command | None:
    """What ``text`` asks for: crisis first, then the command phrases; ``None`` if unknown."""
    if is_crisis(text):
        return CRISIS
    return _table().get(normalize(text))


def _spellings(sentence: str) -> list[str]:
    """The sentence, and without apostrophes ("i can't" and "i cant" as heard)."""
    return list(dict.fromkeys((sentence, _APOSTROPHES.sub("", sentence))))


def trigger_sentences(*, commands: bool) -> list[str]:
    """The sentences for the conversation agent: crisis words always, commands if enabled.

    Crisis words are matched anywhere in a sentence (wildcards before and after).
    """
    sentences = [
        f"[{{{WILDCARD_BEFORE}}}] {spelling} [{{{WILDCARD_AFTER}}}]"
        for term in _all_crisis_terms()
        for spelling in _spellings(term.casefold())
    ]
    if commands:
        sentences.extend(
            spelling
            for phrases in PHRASES.values()
            for template, _meaning in phrases
            for sentence in expand(template)
            for spelling in _spellings(sentence)
        )
    return list(dict.fromkeys(sentences))


def in_part(part: Part, at: time) -> bool:
    """Whether a local time of day belongs to ``part`` (the evening runs past midnight)."""
    start, end = PARTS[part]
    if start <= end:
        return start <= at < end
    return at >= start or at < end


def crisis_answer(template: str | None, plan_step: str | None) -> str:
    """The crisis answer: 112 and the crisis line first, whatever the template holds.

    A missing or broken template still gives both numbers (care-critical text is never
    derived from something that might be missing).
    """
    try:
        text = (template or "").format(**CRISIS_NUMBERS)
    except KeyError, IndexError, ValueError:
        text = ""
    if EMERGENCY_NUMBER not in text or CRISIS_LINE_FI not in text:
        text = f"{EMERGENCY_NUMBER} · {CRISIS_LINE_FI}. {text}".strip()
    return f"{text} {plan_step}" if plan_step else text


def join_items(items: Iterable[str]) -> str:
    """A short spoken list: "a, b, c"."""
    return ", ".join(items)
