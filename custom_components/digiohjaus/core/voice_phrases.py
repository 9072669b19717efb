"""The sentences the hub understands, in Finnish, Swedish and English.

Each entry is ``(template, meaning)``. A template uses ``(a|b)`` for "one of" and
``[a]`` / ``[a|b]`` for "may be left out" (no nesting). A meaning is one of:

- ``done:<kind>`` or ``done:<kind>:<part>`` — a reminder of that kind is done (``part``:
  ``morning``, ``midday`` or ``evening`` narrows it to that part of the day);
- ``today`` — what is left to remember today;
- ``mood:<1–5>`` — the daily check-in, from "tosi huono" (1) to "tosi hyvä" (5);
- ``call`` — ask the worker to call.

Crisis and danger words are not sentences but terms: anywhere in what is said, in any
language, they get the crisis answer and nothing else (see :func:`.voice.is_crisis`).
"""

from __future__ import annotations

from typing import Final

type Phrase = tuple[str, str]

_FI_PARTS: Final = {"morning": "aamu", "midday": "päivä", "evening": "ilta"}
_SV_PARTS: Final = {
    "morning": ("morgon",),
    "midday": ("lunch", "dag"),
    "evening": ("kvälls", "natt"),
}
_EN_PARTS: Final = {
    "morning": "morning",
    "midday": "(midday|lunchtime|afternoon)",
    "evening": "(evening|night|bedtime)",
}

FI: Final[tuple[Phrase, ...]] = (
    ("(otin|olen ottanut) (lääkkeet|lääkkeen|lääkkeeni|lääkkeitä)", "done:medication"),
    ("[minun] (lääkkeet|lääke|lääkkeeni) [on] otettu", "done:medication"),
    *(
        (
            f"(otin|olen ottanut) ({stem}lääkkeet|{stem}lääkkeen|{stem}lääkkeeni)",
            f"done:medication:{part}",
        )
        for part, stem in _FI_PARTS.items()
    ),
    *(
        (f"({stem}lääke|{stem}lääkkeet) [on] otettu", f"done:medication:{part}")
        for part, stem in _FI_PARTS.items()
    ),
    ("(söin|olen syönyt) [ruokaa|ruoan|ruuan|aterian]", "done:meal"),
    ("(ruoka|ateria) [on] syöty", "done:meal"),
    ("(söin|olen syönyt) (aamupalan|aamiaisen)", "done:meal:morning"),
    ("(söin|olen syönyt) lounaan", "done:meal:midday"),
    ("(söin|olen syönyt) (päivällisen|illallisen|iltapalan)", "done:meal:evening"),
    ("(maksoin|olen maksanut) [jo] vuokran", "done:rent"),
    ("vuokra [on] maksettu", "done:rent"),
    ("(maksoin|olen maksanut) [jo] (laskun|laskut)", "done:bill"),
    ("(lasku|laskut) [on] maksettu", "done:bill"),
    ("(tein|olen tehnyt) (kotityön|kotityöt|tehtävän|askareen)", "done:routine"),
    ("(kotityö|kotityöt|tehtävä|askare) [on] tehty", "done:routine"),
    ("mitä [minun|mun] (pitää|täytyy) [vielä] muistaa tänään", "today"),
    ("mitä [minun|mun] (pitää|täytyy) tänään [vielä] muistaa", "today"),
    ("mitä tänään (on|pitää) muistaa", "today"),
    ("mitä muistettavaa tänään on", "today"),
    ("mitä (minulla|mulla) on tänään", "today"),
    ("voin (tosi|todella|erittäin) hyvin", "mood:5"),
    ("[minulla|mulla] on (tosi|todella) hyvä (päivä|olo)", "mood:5"),
    ("olo on (tosi|todella) hyvä", "mood:5"),
    ("voin hyvin", "mood:4"),
    ("(minulla|mulla) on hyvä (päivä|olo)", "mood:4"),
    ("olo on hyvä", "mood:4"),
    ("voin (ihan ok|kohtalaisesti|ihan kohtalaisesti)", "mood:3"),
    ("(minulla|mulla) on (ihan ok|tavallinen|ihan tavallinen) päivä", "mood:3"),
    ("(olo on|menee) [ihan] ok", "mood:3"),
    ("voin huonosti", "mood:2"),
    ("(minulla|mulla) on huono (päivä|olo)", "mood:2"),
    ("olo on huono", "mood:2"),
    ("voin (tosi|todella|erittäin) huonosti", "mood:1"),
    ("[minulla|mulla] on (tosi|todella) huono (päivä|olo)", "mood:1"),
    ("olo on (tosi|todella) huono", "mood:1"),
    ("soita (ohjaajalle|ohjaajalleni)", "call"),
    ("pyydä [minun] (ohjaajaa|ohjaajaani) soittamaan [minulle]", "call"),
    ("haluan (puhua ohjaajan kanssa|että ohjaaja soittaa)", "call"),
    ("voisiko ohjaaja soittaa [minulle]", "call"),
)

SV: Final[tuple[Phrase, ...]] = (
    ("jag (har tagit|tog) (medicinen|medicinerna|mina mediciner|min medicin)", "done:medication"),
    ("(medicinen är tagen|medicinerna är tagna)", "done:medication"),
    *(
        (
            "jag (har tagit|tog) ("
            + "|".join(f"{stem}medicinen|{stem}medicinerna" for stem in stems)
            + ")",
            f"done:medication:{part}",
        )
        for part, stems in _SV_PARTS.items()
    ),
    ("jag (har ätit|åt) [mat]", "done:meal"),
    ("jag (har ätit|åt) frukost", "done:meal:morning"),
    ("jag (har ätit|åt) lunch", "done:meal:midday"),
    ("jag (har ätit|åt) (middag|kvällsmat)", "done:meal:evening"),
    ("jag (har betalat|betalade) hyran", "done:rent"),
    ("hyran är betald", "done:rent"),
    ("jag (har betalat|betalade) (räkningen|räkningarna)", "done:bill"),
    ("(räkningen är betald|räkningarna är betalda)", "done:bill"),
    ("jag (har gjort|gjorde) (sysslan|sysslorna|uppgiften)", "done:routine"),
    ("(sysslan|uppgiften) är gjord", "done:routine"),
    ("vad (ska|måste|behöver) jag komma ihåg (i dag|idag)", "today"),
    ("vad har jag (i dag|idag)", "today"),
    ("jag mår (jättebra|mycket bra|superbra)", "mood:5"),
    ("jag har en (jättebra|mycket bra) dag", "mood:5"),
    ("jag mår bra", "mood:4"),
    ("jag har en bra dag", "mood:4"),
    ("jag mår (okej|ok|helt okej|sådär)", "mood:3"),
    ("jag har en (okej|vanlig) dag", "mood:3"),
    ("jag mår dåligt", "mood:2"),
    ("jag har en dålig dag", "mood:2"),
    ("jag mår (jättedåligt|mycket dåligt)", "mood:1"),
    ("jag har en (jättedålig|mycket dålig) dag", "mood:1"),
    ("ring (handledaren|min handledare)", "call"),
    ("be (handledaren|min handledare) [att] ringa [mig]", "call"),
    ("jag vill prata med (handledaren|min handledare)", "call"),
)

EN: Final[tuple[Phrase, ...]] = (
    (
        "(i took|i have taken|i've taken) my (medicine|medicines|medication|meds|pills)",
        "done:medication",
    ),
    ("(medicine|medication|meds|pills) taken", "done:medication"),
    *(
        (
            f"(i took|i have taken|i've taken) my {word} (medicine|medication|meds|pills)",
            f"done:medication:{part}",
        )
        for part, word in _EN_PARTS.items()
    ),
    ("(i ate|i have eaten|i've eaten) [something|a meal]", "done:meal"),
    ("(i ate|i had|i have had|i've had) breakfast", "done:meal:morning"),
    ("(i ate|i had|i have had|i've had) lunch", "done:meal:midday"),
    ("(i ate|i had|i have had|i've had) (dinner|supper)", "done:meal:evening"),
    ("(i paid|i have paid|i've paid) (the|my) rent", "done:rent"),
    ("[the] rent is paid", "done:rent"),
    ("(i paid|i have paid|i've paid) (the|my) (bill|bills)", "done:bill"),
    ("(the bill is paid|the bills are paid)", "done:bill"),
    ("(i did|i have done|i've done) (the|my) (chore|chores|task)", "done:routine"),
    ("the (chore|task) is done", "done:routine"),
    ("what (do i need|should i|do i have) to remember today", "today"),
    ("what do i have (on|to do) today", "today"),
    ("(what is|what's) on today", "today"),
    ("i feel (great|very good|really good)", "mood:5"),
    ("(i am|i'm) (feeling great|doing great|feeling really good)", "mood:5"),
    ("(i am|i'm) having a (great|really good|very good) day", "mood:5"),
    ("i feel (good|fine)", "mood:4"),
    ("(i am|i'm) (feeling good|doing well|doing fine)", "mood:4"),
    ("(i am|i'm) having a good day", "mood:4"),
    ("i feel (ok|okay|alright|so so)", "mood:3"),
    ("(i am|i'm) (feeling ok|feeling okay|doing ok|doing okay)", "mood:3"),
    ("(i am|i'm) having an (ok|okay) day", "mood:3"),
    ("i feel (bad|down|low)", "mood:2"),
    ("(i am|i'm) (feeling bad|feeling down|not feeling good|not doing well)", "mood:2"),
    ("(i am|i'm) having a bad day", "mood:2"),
    ("i feel (terrible|awful|very bad|really bad)", "mood:1"),
    ("(i am|i'm) (feeling terrible|feeling awful)", "mood:1"),
    ("(i am|i'm) having a (terrible|awful|very bad|really bad) day", "mood:1"),
    ("call my (worker|support worker)", "call"),
    ("ask my (worker|support worker) to call [me]", "call"),
    ("i want to talk to my (worker|support worker)", "call"),
)

PHRASES: Final = {"fi": FI, "sv": SV, "en": EN}

# Anywhere in a sentence, in any language: the crisis answer, never a mood.
CRISIS_TERMS: Final = {
    "fi": (
        "hätä",
        "hätätilanne",
        "hädässä",
        "en jaksa enää",
        "en enää jaksa",
        "en jaksa elää",
        "haluan kuolla",
        "en halua elää",
        "en halua enää elää",
        "haluun kuolla",
        "haluaisin kuolla",
        # Finnish inflects: the word as said in a sentence ("ajattelen itsemurhaa").
        "itsemurha",
        "itsemurhaa",
        "itsemurhan",
        "itsemurhasta",
        "itsemurhalla",
        "itsetuhoinen",
        "itsetuhoisia",
        "tapan itseni",
        "tappaa itseni",
        "tapan itteni",
        "tappaa itteni",
        "satutan itseäni",
        "satutan itteäni",
        "vahingoitan itseäni",
    ),
    "sv": (
        "nöd",
        "nödsituation",
        "nödläge",
        "jag orkar inte mer",
        "orkar inte längre",
        "jag vill dö",
        "vill inte leva",
        "självmord",
        "självmordstankar",
        "ta livet av mig",
        "ta mitt liv",
        "skada mig själv",
    ),
    "en": (
        "emergency",
        "i can't go on",
        "i cannot go on",
        "can't take it anymore",
        "i want to die",
        "don't want to live",
        "suicide",
        "suicidal",
        "end it all",
        "kill myself",
        "hurt myself",
        "end my life",
    ),
}
