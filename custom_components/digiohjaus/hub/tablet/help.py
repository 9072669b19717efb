"""Help on the tablet: "call my worker", its answer, and the crisis path.

112 and the crisis line are written into the dashboard itself: they never depend on an
entity that might be missing, nor on anyone answering.
"""

from __future__ import annotations

from typing import Final

from .cards import (
    Card,
    big_button,
    call_number,
    markdown,
    press,
    state_info,
    state_is,
    state_not,
)
from .sources import TabletSources
from .texts import TabletTexts

# A hub sensor's state in words, hidden while it is quiet: the call request, what waits.
_STATUS_CARDS: Final = (
    ("call_status", "mdi:phone-clock", "tablet_call_status", "idle"),
    ("open_escalation", "mdi:bell-outline", "tablet_waiting", "none"),
)


def call_cards(sources: TabletSources, texts: TabletTexts) -> list[Card]:
    """The call button, the request's status while there is one, and what waits."""
    cards: list[Card] = []
    if (button := sources.hub.get("call_worker")) is not None:
        cards.append(
            big_button(texts.common("tablet_call_worker"), "mdi:phone-in-talk", press(button))
        )
    for key, icon, title, quiet in _STATUS_CARDS:
        if (entity_id := sources.hub.get(key)) is not None:
            shown_while = state_not(entity_id, quiet)
            cards.append(state_info(icon, texts.common(title), entity_id, shown_while))
    return cards


def crisis_cards(sources: TabletSources, texts: TabletTexts) -> list[Card]:
    """The crisis path: what to do, and one big button per number."""
    instructions = texts.common(
        "crisis_instructions", emergency=sources.emergency, crisis_line=sources.crisis_line
    )
    cards: list[Card] = []
    if (status := sources.hub.get("call_status")) is not None:
        # Nobody answered the call request in time: the crisis path comes first.
        cards.append(
            markdown(
                f"## {texts.common('tablet_no_answer')}\n\n{instructions}",
                visibility=[state_is(status, "escalated")],
            )
        )
    crisis_label = texts.common("crisis_line_label")
    return [
        *cards,
        markdown(f"## {texts.common('tablet_crisis_heading')}\n\n{instructions}"),
        call_number(
            texts.common(
                "tablet_call_number",
                label=texts.common("crisis_emergency_label"),
                number=sources.emergency,
            ),
            sources.emergency,
            "mdi:phone-alert",
        ),
        call_number(
            texts.common("tablet_call_number", label=crisis_label, number=sources.crisis_line),
            sources.crisis_line,
            "mdi:phone-in-talk-outline",
        ),
    ]


def safety_plan_button(sources: TabletSources, texts: TabletTexts) -> Card:
    """Open the safety plan page."""
    return big_button(
        texts.common("tablet_safety_plan_button"),
        "mdi:lifebuoy",
        {"action": "navigate", "navigation_path": f"/{sources.url_path}/turvasuunnitelma"},
    )
