"""Every blueprint loads with Home Assistant's blueprint machinery and explains itself twice."""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any
from urllib.parse import quote

from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.core import HomeAssistant
import pytest

from .conftest import BLUEPRINTS

REPO = BLUEPRINTS.parents[2]

NAMES = sorted(path.name for path in BLUEPRINTS.glob("*.yaml"))
RAW = (
    "https://raw.githubusercontent.com/digiohjaus/digiohjaus/main/blueprints/automation/digiohjaus/"
)
IMPORT = "https://my.home-assistant.io/redirect/blueprint_import/?blueprint_url="
SOURCE = "https://github.com/digiohjaus/digiohjaus/blob/main/blueprints/automation/digiohjaus/"


def test_the_first_home_visit_has_six_blueprints_or_more() -> None:
    assert len(NAMES) >= 6


@pytest.mark.parametrize("name", NAMES)
async def test_blueprint_loads_and_is_bilingual(
    hass: HomeAssistant, blueprint_folder: Path, name: str
) -> None:
    blueprint = await async_get_blueprints(hass).async_get_blueprint(f"digiohjaus/{name}")

    metadata = blueprint.metadata
    assert metadata["domain"] == "automation"
    assert metadata["source_url"] == SOURCE + name
    # Blueprints cannot be translated: names, labels and input descriptions are Finnish
    # only (one language per string); the description has a paragraph in each language.
    assert not _english_half(metadata["name"]), metadata["name"]
    assert "**Suomeksi:**" in metadata["description"]
    assert "**In English:**" in metadata["description"]
    for key, spec in blueprint.inputs.items():
        assert spec.get("name"), f"{name}: input {key} needs a name"
        assert spec.get("description"), f"{name}: input {key} needs a description"
        assert spec.get("selector"), f"{name}: input {key} needs a selector"
        texts = [spec["name"], spec["description"], *_labels(spec["selector"])]
        doubled = [text for text in texts if _english_half(text)]
        assert not doubled, f"{name}: input {key} says it twice: {doubled}"


def _labels(selector: dict[str, Any]) -> list[str]:
    options = selector.get("select", {}).get("options", [])
    return [option["label"] for option in options if isinstance(option, dict)]


ENGLISH_WORDS = re.compile(
    r"\((?:The|A|An|Optional|What|When|Where|How|Which|On|Only|Also|Show|Leave|Minutes|"
    r"Client|Tablet|Medicine|Monday|Rent|Bills|Time|Days|Message|Button|Title|Speaker)\b"
)


def _english_half(text: str) -> bool:
    """Whether ``text`` carries an English translation in brackets after the Finnish."""
    return bool(ENGLISH_WORDS.search(text)) or bool(re.search(r"\(\d+ (?:min|h) before\)", text))


@pytest.mark.parametrize("name", NAMES)
def test_readme_has_an_import_link(name: str) -> None:
    raw = f"{RAW}{name}"
    assert f"{IMPORT}{quote(raw, safe='')})" in (REPO / "README.md").read_text()
