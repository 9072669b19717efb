"""The other pages: *Viikko*, *Ostoslista*, *Turvasuunnitelma* and *Tietoni*."""

from __future__ import annotations

import json
from typing import Any

from ...core.spoken import jinja_day
from .audit import audit_markdown
from .cards import Card, action_tile, heading, info, markdown, quoted
from .help import crisis_cards
from .sources import TabletSources
from .texts import TabletTexts


def spoken_date_line(entity_id: str, language: str) -> str:
    """A date sensor's date as people write it ("13.4.2027"), or nothing when it has none."""
    day = jinja_day("d", language)
    year = "d.year" if language in ("fi", "sv") else "'/' ~ d.year"
    return (
        f"{{% set d = states({quoted(entity_id)}) | as_datetime %}}"
        f"{{{{ ({day}) ~ {year} if d else '' }}}}"
    )


def _page(title: str, path: str, cards: list[Card]) -> dict[str, Any]:
    return {
        "title": title,
        "path": path,
        "type": "sections",
        "max_columns": 2,
        "sections": [{"type": "grid", "column_span": 2, "cards": cards}],
    }


def week_view(sources: TabletSources, texts: TabletTexts) -> dict[str, Any] | None:
    """The week at a glance: the reminder calendar and the worker's next home visit."""
    cards: list[Card] = []
    if (calendar := sources.hub.get("reminders")) is not None:
        cards.append(
            {
                "type": "calendar",
                "entities": [calendar],
                "initial_view": "listWeek",
                "grid_options": {"columns": "full"},
            }
        )
    if (visit := sources.hub.get("next_home_visit")) is not None:
        cards.append(
            info(
                "mdi:home-heart",
                texts.common("tablet_next_visit"),
                spoken_date_line(visit, texts.language),
            )
        )
    if not cards:
        return None
    header = heading(texts.common("tablet_week_heading"), "mdi:calendar-week")
    return _page(texts.common("tablet_view_week"), "viikko", [header, *cards])


def shopping_view(sources: TabletSources, texts: TabletTexts) -> dict[str, Any] | None:
    """Home Assistant's own shopping list, when it is set up."""
    if sources.shopping_list is None:
        return None
    title = texts.common("tablet_view_shopping")
    return _page(
        title,
        "ostoslista",
        [
            heading(title, "mdi:cart-outline"),
            {
                "type": "todo-list",
                "entity": sources.shopping_list,
                "title": texts.common("tablet_shopping_title"),
                "grid_options": {"columns": "full"},
            },
        ],
    )


def _plan_markdown(sensor: str, title: str) -> str:
    return (
        f"# {{{{ {json.dumps(title, ensure_ascii=False)} }}}}\n\n"
        f"{{% for section in state_attr({json.dumps(sensor)}, 'sections') or [] %}}\n"
        "### {{ loop.index }}. {{ section.title }}\n\n"
        "{{ section.text if section.text else '–' }}\n\n"
        "{% endfor %}"
    )


def safety_view(sources: TabletSources, texts: TabletTexts) -> dict[str, Any]:
    """The crisis path first, then the client's own safety plan."""
    cards = crisis_cards(sources, texts)
    if (plan := sources.hub.get("safety_plan")) is not None:
        cards.append(markdown(_plan_markdown(plan, texts.common("tablet_safety_plan_button"))))
    return _page(texts.common("tablet_view_safety"), "turvasuunnitelma", cards)


def _consent_tile(entity_id: str, name: str) -> Card:
    return action_tile(
        entity_id,
        name,
        "mdi:account-check-outline",
        {"action": "toggle"},
        state_content=["state"],
        grid_options={"columns": "full"},
    )


def data_view(sources: TabletSources, texts: TabletTexts) -> dict[str, Any]:
    """Who has received the client's data, and one tap per contact to withdraw or restore."""
    cards: list[Card] = [heading(texts.common("tablet_data_heading"), "mdi:shield-account-outline")]
    if (sensor := sources.hub.get("latest_disclosure")) is not None:
        cards.append(markdown(audit_markdown(sensor, texts)))
    else:
        cards.append(markdown(texts.common("tablet_data_unknown")))
    consents = [
        _consent_tile(
            contact.consent,
            texts.common(
                "tablet_consent_name",
                name=contact.name,
                role=texts.common(f"tablet_role_{contact.role}"),
            ),
        )
        for contact in sources.contacts
        if contact.consent is not None
    ]
    if consents:
        cards += [
            heading(
                texts.common("tablet_consents_heading"), "mdi:account-check-outline", "subtitle"
            ),
            markdown(texts.common("tablet_consent_hint")),
            *consents,
        ]
    return _page(texts.common("tablet_view_data"), "tietoni", cards)
