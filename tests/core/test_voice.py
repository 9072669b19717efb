"""The hub's sentences and crisis words, without Home Assistant."""

from __future__ import annotations

from datetime import time

import pytest

from custom_components.digiohjaus.core.voice import (
    CRISIS,
    Command,
    Intent,
    Part,
    classify,
    command_of,
    crisis_answer,
    expand,
    in_part,
    is_crisis,
    normalize,
    trigger_sentences,
)
from custom_components.digiohjaus.core.voice_phrases import CRISIS_TERMS, PHRASES


def test_expand_alternatives_and_optional_words() -> None:
    """``(a|b)`` is one of, ``[a|b]`` may be left out; spaces stay single."""
    assert expand("(otin|olen ottanut) [jo] lääkkeet") == [
        "otin lääkkeet",
        "otin jo lääkkeet",
        "olen ottanut lääkkeet",
        "olen ottanut jo lääkkeet",
    ]
    assert expand("[minulla|mulla] on hyvä päivä") == [
        "on hyvä päivä",
        "minulla on hyvä päivä",
        "mulla on hyvä päivä",
    ]


def test_normalize() -> None:
    """Case, punctuation, apostrophes and extra spaces do not matter."""
    assert normalize("  Otin  LÄÄKKEET!! ") == "otin lääkkeet"
    assert normalize("I can’t go on…") == "i cant go on"
    assert normalize("voin huonosti, en jaksa enää.") == "voin huonosti en jaksa enää"


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("Otin lääkkeet", Command(Intent.REMINDER_DONE, kind="medication")),
        ("otin aamulääkkeen", Command(Intent.REMINDER_DONE, kind="medication", part=Part.MORNING)),
        ("söin lounaan", Command(Intent.REMINDER_DONE, kind="meal", part=Part.MIDDAY)),
        ("maksoin vuokran", Command(Intent.REMINDER_DONE, kind="rent")),
        (
            "jag tog kvällsmedicinen",
            Command(Intent.REMINDER_DONE, kind="medication", part=Part.EVENING),
        ),
        ("I've taken my meds", Command(Intent.REMINDER_DONE, kind="medication")),
        ("I ve taken my meds", None),
        ("mitä minun pitää tänään muistaa?", Command(Intent.REMINDERS_TODAY)),
        ("voin hyvin", Command(Intent.CHECK_IN, mood=4)),
        ("minulla on huono päivä", Command(Intent.CHECK_IN, mood=2)),
        ("jag mår jättedåligt", Command(Intent.CHECK_IN, mood=1)),
        ("soita ohjaajalle", Command(Intent.CALL_WORKER)),
        ("pyydä ohjaajaa soittamaan", Command(Intent.CALL_WORKER)),
        ("voin huonosti, en jaksa enää", CRISIS),
        ("HÄTÄ", CRISIS),
        ("hätävara", None),
        ("ei hätää", None),
        ("sytytä valot", None),
    ],
)
def test_classify(text: str, command: Command | None) -> None:
    """Each sentence means one thing; crisis words win wherever they are."""
    assert classify(text) == command


def test_every_sentence_means_one_thing_and_no_command_hides_a_crisis() -> None:
    """No sentence is in two meanings; no command sentence contains a crisis word."""
    seen: dict[str, str] = {}
    for phrases in PHRASES.values():
        for template, meaning in phrases:
            for sentence in expand(template):
                assert not set(sentence) & set("()[]{}|"), template  # no nested groups
                key = normalize(sentence)
                assert seen.setdefault(key, meaning) == meaning, sentence
                assert not is_crisis(sentence), sentence
                assert classify(sentence) == command_of(meaning)


def test_every_crisis_term_is_a_crisis_in_a_sentence() -> None:
    """Every crisis term, alone or inside a sentence, is a crisis."""
    for terms in CRISIS_TERMS.values():
        for term in terms:
            assert classify(term) == CRISIS
            assert classify(f"voin huonosti ja {term} nyt") == CRISIS


def test_trigger_sentences() -> None:
    """Crisis words always (anywhere in a sentence); commands only when turned on."""
    crisis_only = trigger_sentences(commands=False)
    assert "[{voice_before}] hätä [{voice_after}]" in crisis_only
    assert "[{voice_before}] i cant go on [{voice_after}]" in crisis_only
    assert "otin lääkkeet" not in crisis_only
    everything = trigger_sentences(commands=True)
    assert set(crisis_only) < set(everything)
    assert {"otin lääkkeet", "i've taken my meds", "ive taken my meds"} <= set(everything)
    assert len(everything) == len(set(everything))


@pytest.mark.parametrize(
    ("part", "at", "inside"),
    [
        (Part.MORNING, time(8), True),
        (Part.MORNING, time(11, 30), False),
        (Part.MIDDAY, time(12), True),
        (Part.MIDDAY, time(20), False),
        (Part.EVENING, time(20), True),
        (Part.EVENING, time(1), True),
        (Part.EVENING, time(8), False),
    ],
)
def test_parts_of_the_day(part: Part, at: time, inside: bool) -> None:
    """The evening runs past midnight; the parts overlap around lunch and afternoon."""
    assert in_part(part, at) is inside


def test_crisis_answer_always_has_the_numbers() -> None:
    """A good template is used as is; a missing or broken one still gives both numbers."""
    good = "Soita {emergency}. Kriisipuhelin {crisis_line}."
    assert crisis_answer(good, None) == "Soita 112. Kriisipuhelin 09 2525 0111."
    assert crisis_answer(good, "Käy suihkussa.") == (
        "Soita 112. Kriisipuhelin 09 2525 0111. Käy suihkussa."
    )
    assert crisis_answer(None, None) == "112 · 09 2525 0111."
    assert crisis_answer("Soita {unknown}.", None) == "112 · 09 2525 0111."
    assert crisis_answer("Soita hätänumeroon.", None) == "112 · 09 2525 0111. Soita hätänumeroon."
    assert crisis_answer("{0}", None) == "112 · 09 2525 0111."


def test_command_slots() -> None:
    """Only the details a command has become intent slots."""
    assert Command(Intent.REMINDER_DONE, kind="meal", part=Part.EVENING).slots() == {
        "kind": {"value": "meal"},
        "part": {"value": Part.EVENING},
    }
    assert Command(Intent.CHECK_IN, mood=3).slots() == {"mood": {"value": 3}}
    assert CRISIS.slots() == {}
