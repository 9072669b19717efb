"""What HACS, hassfest and the translators need from the repository's files."""

from __future__ import annotations

import json
from pathlib import Path
import struct
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / "digiohjaus"
LANGUAGES = ("en", "fi", "sv")


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _keys(node: Any, prefix: str = "") -> set[str]:
    if isinstance(node, dict):
        found: set[str] = set()
        for key, value in node.items():
            found |= _keys(value, f"{prefix}.{key}" if prefix else key)
        return found
    return {prefix}


def test_manifest_follows_hassfest_rules() -> None:
    manifest = _load(INTEGRATION / "manifest.json")
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert manifest["domain"] == INTEGRATION.name
    assert set(keys) >= {
        "codeowners",
        "config_flow",
        "dependencies",
        "documentation",
        "integration_type",
        "iot_class",
        "issue_tracker",
        "requirements",
        "version",
    }
    assert manifest["documentation"].startswith("https://")
    assert manifest["issue_tracker"].startswith("https://")
    assert manifest["config_flow"] is True
    assert manifest["iot_class"] in {"local_push", "local_polling", "calculated"}
    # "service": Home Assistant's button then says "Lisää palvelu" (Add service), not
    # "Lisää keskitin" (Add hub): the client's hub is a "kotihubi", and there is only one.
    assert manifest["integration_type"] == "service"
    version = manifest["version"].split(".")
    assert len(version) == 3
    assert all(part.isdigit() for part in version)


def test_hacs_json() -> None:
    hacs = _load(ROOT / "hacs.json")
    assert hacs == {
        "name": "Digiohjaus",
        "homeassistant": "2026.10.0",
        "country": "FI",
        "render_readme": True,
    }


def test_translations_have_the_same_keys() -> None:
    english = _keys(_load(INTEGRATION / "translations" / "en.json"))
    for language in LANGUAGES[1:]:
        other = _keys(_load(INTEGRATION / "translations" / f"{language}.json"))
        assert other - english == set(), f"{language}.json has keys en.json lacks"
        assert english - other == set(), f"{language}.json misses keys"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_have_no_empty_strings(language: str) -> None:
    translations = _load(INTEGRATION / "translations" / f"{language}.json")

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        else:
            assert isinstance(node, str), path
            assert node.strip(), path

    walk(translations, language)


def test_every_field_has_a_description() -> None:
    english = _load(INTEGRATION / "translations" / "en.json")
    for section in ("config", "options"):
        for step_id, step in english[section]["step"].items():
            assert set(step.get("data", {})) == set(step.get("data_description", {})), step_id


@pytest.mark.parametrize(("name", "size"), [("icon.png", (256, 256)), ("logo.png", None)])
def test_brand_images(name: str, size: tuple[int, int] | None) -> None:
    data = (INTEGRATION / "brand" / name).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    if size is not None:
        assert (width, height) == size
    else:
        assert height >= 128
        assert width >= height


def test_license_is_the_declared_mit() -> None:
    """HACS wants a LICENSE file; it is the MIT licence pyproject.toml declares."""
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text


def _icon_entries(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(node, dict):
        return []
    found = [(path, node)] if "default" in node else []
    for key, value in node.items():
        found += _icon_entries(value, f"{path}.{key}" if path else key)
    return found


def test_no_state_icon_repeats_the_default() -> None:
    """hassfest: an icon for a state that is the same as the default icon must be removed."""
    icons = _load(INTEGRATION / "icons.json")
    repeated = [
        f"{path}.state.{state}"
        for path, entry in _icon_entries(icons)
        for state, icon in entry.get("state", {}).items()
        if icon == entry["default"]
    ]
    assert icons["entity"]["sensor"]["reminder_status"]["default"]
    assert repeated == []
