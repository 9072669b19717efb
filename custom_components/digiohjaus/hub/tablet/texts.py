"""The tablet's words in the hub's language (translations/<lang>.json), English as fallback."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from ...const import DOMAIN

CATEGORIES = ("common", "entity", "selector")


@dataclass(frozen=True, slots=True)
class TabletTexts:
    """Translations of one language, looked up by their path below ``component.digiohjaus``."""

    language: str
    texts: dict[str, str]

    def get(self, path: str, **placeholders: object) -> str:
        """``get("common.tablet_title")`` → "Keittiö"; placeholders filled in."""
        text = self.texts.get(f"component.{DOMAIN}.{path}", path)
        return text.format(**placeholders) if placeholders else text

    def common(self, key: str, **placeholders: object) -> str:
        """A text of the ``common`` section."""
        return self.get(f"common.{key}", **placeholders)


async def async_tablet_texts(hass: HomeAssistant, language: str) -> TabletTexts:
    """Load the texts the tablet needs in ``language``."""
    texts: dict[str, str] = {}
    for category in CATEGORIES:
        texts.update(await async_get_translations(hass, "en", category, [DOMAIN]))
    if language != "en":
        for category in CATEGORIES:
            texts.update(await async_get_translations(hass, language, category, [DOMAIN]))
    return TabletTexts(language, texts)
