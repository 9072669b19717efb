"""The kitchen tablet's dashboard, built from the hub's sources in the hub's language."""

from __future__ import annotations

from typing import Any

from .cards import markdown
from .sources import TabletSources
from .texts import TabletTexts
from .today import today_view
from .views import data_view, safety_view, shopping_view, week_view


def build_dashboard(sources: TabletSources, texts: TabletTexts) -> dict[str, Any]:
    """The whole dashboard configuration (what a strategy's ``generate()`` returns)."""
    views = [
        today_view(sources, texts),
        week_view(sources, texts),
        shopping_view(sources, texts),
        safety_view(sources, texts),
        data_view(sources, texts),
    ]
    return {"title": texts.common("tablet_title"), "views": [v for v in views if v is not None]}


def no_hub_dashboard(texts: TabletTexts) -> dict[str, Any]:
    """What the tablet shows on a Home Assistant without a client home hub."""
    return {
        "title": texts.common("tablet_title"),
        "views": [
            {
                "title": texts.common("tablet_view_today"),
                "path": "tanaan",
                "type": "sections",
                "sections": [{"type": "grid", "cards": [markdown(texts.common("tablet_no_hub"))]}],
            }
        ],
    }
