"""The *Tänään* page: greeting, "how are you", today's reminders, and help.

Layouts: on the 1280×800 tablet help stands beside today's things; on the 800×1280 tablet
and on a phone "call my worker" comes right after the greeting, across the whole width,
and the crisis path after today's things.
"""

from __future__ import annotations

from typing import Any, Final

from ...core.checkin import MOOD_KEYS
from ...core.spoken import jinja_clock, jinja_day
from .cards import (
    NARROW,
    NOT_PHONE,
    PHONE,
    WIDE,
    Card,
    action_tile,
    attribute_line,
    heading,
    info,
    markdown,
    press,
    quoted,
    screen,
    state_info,
    state_is,
)
from .help import call_cards, crisis_cards, safety_plan_button
from .sources import ReminderSource, TabletSources
from .texts import TabletTexts

MOODS: Final = (
    ("mdi:emoticon-cry-outline", "red"),
    ("mdi:emoticon-sad-outline", "orange"),
    ("mdi:emoticon-neutral-outline", "amber"),
    ("mdi:emoticon-happy-outline", "light-green"),
    ("mdi:emoticon-excited-outline", "green"),
)
ICONS: Final = {
    "medication": "mdi:pill",
    "rent": "mdi:home-city-outline",
    "bill": "mdi:receipt-text-outline",
    "meal": "mdi:silverware-fork-knife",
    "appointment": "mdi:calendar-account",
    "routine": "mdi:broom",
}
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def greeting(sources: TabletSources, texts: TabletTexts) -> Card:
    """Good morning, the client's own name, the day and the time as people say them."""
    words = [
        texts.common(f"tablet_greeting_{part}") for part in ("night", "morning", "day", "evening")
    ]
    days = [texts.get(f"selector.weekday.options.{day}").capitalize() for day in WEEKDAYS]
    lang = sources.language
    content = (
        "{%- set h = now().hour %}\n"
        f"# {{{{ {quoted(words[0])} if h < 5 else {quoted(words[1])} if h < 10 else "
        f"{quoted(words[2])} if h < 17 else {quoted(words[3])} if h < 22 else "
        f"{quoted(words[0])} }}}}, {{{{ {quoted(sources.alias)} }}}}\n\n"
        f"{{{{ {quoted(days)}[now().weekday()] }}}} {{{{ {jinja_day('now()', lang)} }}}}"
        f" · {{{{ {jinja_clock('now()', lang)} }}}}"
    )
    return markdown(content, text_only=True)


def _mood_tile(entity_id: str, name: str, index: int, **extra: Any) -> Card:
    icon, color = MOODS[index]
    return action_tile(
        entity_id, name, icon, press(entity_id), color=color, hide_state=True, **extra
    )


def mood_cards(sources: TabletSources, texts: TabletTexts) -> list[Card]:
    """Five faces with words: a row on a tablet, two to a row on a phone."""
    moods = [
        (entity_id, texts.get(f"entity.button.check_in_{key}.name"), index)
        for index, key in enumerate(MOOD_KEYS)
        if (entity_id := sources.hub.get(f"check_in_{index + 1}")) is not None
    ]
    if not moods:
        return []
    wide = {
        "type": "grid",
        "columns": len(moods),
        "square": False,
        "grid_options": {"columns": "full"},
        "visibility": screen(NOT_PHONE),
        "cards": [_mood_tile(eid, name, i, vertical=True) for eid, name, i in moods],
    }
    phone = [
        _mood_tile(eid, name, i, grid_options={"columns": 6}, visibility=screen(PHONE))
        for eid, name, i in moods
    ]
    cards: list[Card] = [
        heading(texts.common("tablet_mood_heading"), "mdi:heart-outline"),
        wide,
        *phone,
    ]
    mood, done = sources.hub.get("mood_today"), sources.hub.get("checked_in_today")
    if mood is not None and done is not None:
        cards.append(
            state_info("mdi:heart", texts.common("tablet_mood_thanks"), mood, state_is(done, "on"))
        )
    return cards


def reminder_cards(reminder: ReminderSource, texts: TabletTexts) -> list[Card]:
    """One reminder's line: what and when, and beside it "done" or from when it counts.

    Six grid columns each: a section has twelve per column it spans, so the pair fills a
    phone's row and half a tablet's (a tile is never narrower than six).
    """
    status = reminder.status
    if status is None:
        return []  # without its status the line could not tell today from tomorrow
    icon = "mdi:video-outline" if reminder.video else ICONS.get(reminder.kind, "mdi:bell-outline")
    done_name = texts.get(f"entity.button.{reminder.kind}_done.name")
    when = attribute_line(status, "today_text")
    cards = [
        info(
            icon,
            reminder.name,
            when,
            6,
            visibility=[state_is(status, ["open", "upcoming"], "today")],
        ),
        info(
            icon,
            reminder.name,
            when,
            12,
            visibility=[state_is(status, ["done", "missed"], "today")],
        ),
        info(
            "mdi:clock-outline",
            done_name,
            attribute_line(status, "marks_from_text"),
            6,
            visibility=[state_is(status, "upcoming", "today")],
        ),
    ]
    if reminder.done is not None:
        cards.append(
            action_tile(
                reminder.done,
                done_name,
                "mdi:check-bold",
                press(reminder.done),
                color="green",
                hide_state=True,
                grid_options={"columns": 6},
                visibility=[state_is(status, "open", "today")],
            )
        )
    return cards


def today_view(sources: TabletSources, texts: TabletTexts) -> dict[str, Any]:
    """The whole *Tänään* page."""
    calls = call_cards(sources, texts)
    help_cards = [*crisis_cards(sources, texts), safety_plan_button(sources, texts)]
    reminders = [card for r in sources.reminders for card in reminder_cards(r, texts)]
    main: list[Card] = [*mood_cards(sources, texts)]
    if reminders:
        main += [heading(texts.common("tablet_reminders_heading"), "mdi:bell-ring-outline")]
        main += reminders
    sections: list[dict[str, Any]] = [
        {"type": "grid", "column_span": 3, "cards": [greeting(sources, texts)]},
        {"type": "grid", "column_span": 3, "cards": calls, "visibility": screen(NARROW)},
        {"type": "grid", "column_span": 2, "cards": main},
        {
            "type": "grid",
            "column_span": 1,
            "cards": [*calls, *help_cards],
            "visibility": screen(WIDE),
        },
        {"type": "grid", "column_span": 3, "cards": help_cards, "visibility": screen(NARROW)},
    ]
    return {
        "title": texts.common("tablet_view_today"),
        "path": "tanaan",
        "type": "sections",
        "max_columns": 3,
        "sections": [section for section in sections if section["cards"]],
    }
