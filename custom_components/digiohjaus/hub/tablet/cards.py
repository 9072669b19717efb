"""Small builders of Home Assistant's core cards, shaped for a tablet a client can use.

Every tappable card is at least 56 px high (a tile row) and names itself; a card that only
shows something has no action at all, so nothing pretends to be a button.
"""

from __future__ import annotations

import json
from typing import Any, Final

from ...core.safety import tel_uri

type Card = dict[str, Any]

NONE: Final = {"action": "none"}
WIDE: Final = "(min-width: 1100px)"  # the 1280×800 tablet: help beside today's things
NARROW: Final = "(max-width: 1099px)"  # the 800×1280 tablet and a phone: help on top
PHONE: Final = "(max-width: 599px)"
NOT_PHONE: Final = "(min-width: 600px)"


def screen(media_query: str) -> list[dict[str, str]]:
    """A visibility condition on the screen's width."""
    return [{"condition": "screen", "media_query": media_query}]


def heading(text: str, icon: str, style: str = "title") -> Card:
    """A section heading (not interactive)."""
    return {"type": "heading", "heading": text, "heading_style": style, "icon": icon}


def markdown(content: str, **extra: Any) -> Card:
    """Plain text for reading; ``content`` may be a template."""
    return {"type": "markdown", "content": content, "grid_options": {"columns": "full"}, **extra}


def press(entity_id: str) -> dict[str, Any]:
    """Press a button entity."""
    return {
        "action": "perform-action",
        "perform_action": "button.press",
        "target": {"entity_id": entity_id},
    }


def quoted(value: object) -> str:
    """A Jinja literal of ``value``: names typed by the worker never become template code."""
    return json.dumps(value, ensure_ascii=False)


def info(icon: str, title: str, line: str, columns: int | str = "full", **extra: Any) -> Card:
    """Something to read, not to tap: an icon, a bold title and a templated line.

    A markdown card, not a tile: a tile without an action still carries tile ARIA (axe's
    ``aria-prohibited-attr``), and nothing here should look like a button to a screen reader.
    """
    content = f'<ha-icon icon="{icon}"></ha-icon> **{{{{ {quoted(title)} }}}}**\n\n{line}'
    return {
        "type": "markdown",
        "content": content,
        "grid_options": {"columns": columns},
        **extra,
    }


def state_info(icon: str, title: str, entity_id: str, shown_while: Card) -> Card:
    """An entity's state in words under an icon and a title, shown only ``shown_while``."""
    return info(icon, title, state_line(entity_id), visibility=[shown_while])


def attribute_line(entity_id: str, attribute: str) -> str:
    """A template line showing one attribute of an entity."""
    return f"{{{{ state_attr({quoted(entity_id)}, {quoted(attribute)}) }}}}"


def state_line(entity_id: str) -> str:
    """A template line showing an entity's state in words."""
    return f"{{{{ state_translated({quoted(entity_id)}) }}}}"


def action_tile(entity_id: str, name: str, icon: str, action: dict[str, Any], **extra: Any) -> Card:
    """A tile the whole of which is one named button (its icon is not a second one)."""
    return {
        "type": "tile",
        "entity": entity_id,
        "name": name,
        "icon": icon,
        "tap_action": action,
        "icon_tap_action": NONE,
        "hold_action": NONE,
        "double_tap_action": NONE,
        **extra,
    }


def big_button(name: str, icon: str, action: dict[str, Any], rows: int = 2, **extra: Any) -> Card:
    """A large named button without an entity (call a number, open a page)."""
    return {
        "type": "button",
        "name": name,
        "icon": icon,
        "icon_height": "40px",
        "show_name": True,
        "show_icon": True,
        "show_state": False,
        "tap_action": action,
        "hold_action": NONE,
        "double_tap_action": NONE,
        "grid_options": {"columns": "full", "rows": rows},
        **extra,
    }


def call_number(label: str, number: str, icon: str) -> Card:
    """A big button that calls ``number`` (``tel:`` link); the number is in its name."""
    return big_button(label, icon, {"action": "url", "url_path": tel_uri(number)})


def state_is(entity_id: str, state: str | list[str], attribute: str | None = None) -> Card:
    """A visibility condition: the entity (or its attribute) has ``state``."""
    condition: Card = {"condition": "state", "entity": entity_id, "state": state}
    if attribute:
        condition["attribute"] = attribute
    return condition


def state_not(entity_id: str, state: str | list[str], attribute: str | None = None) -> Card:
    """A visibility condition: the entity (or its attribute) does not have ``state``."""
    condition: Card = {"condition": "state", "entity": entity_id, "state_not": state}
    if attribute:
        condition["attribute"] = attribute
    return condition
