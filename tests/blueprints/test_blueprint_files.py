"""Every blueprint loads with Home Assistant's blueprint machinery and explains itself twice."""

from __future__ import annotations

from pathlib import Path
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
    # "Finnish name (English name)", and a description in both languages.
    assert metadata["name"].endswith(")")
    assert "(" in metadata["name"]
    assert "**Suomeksi:**" in metadata["description"]
    assert "**In English:**" in metadata["description"]
    for key, spec in blueprint.inputs.items():
        assert spec.get("name", "").endswith(")"), f"{name}: input {key} needs fi (en) name"
        assert spec.get("description"), f"{name}: input {key} needs a description"
        assert spec.get("selector"), f"{name}: input {key} needs a selector"


@pytest.mark.parametrize("name", NAMES)
def test_readme_has_an_import_link(name: str) -> None:
    raw = f"{RAW}{name}"
    assert f"{IMPORT}{quote(raw, safe='')})" in (REPO / "README.md").read_text()
