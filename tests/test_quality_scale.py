"""quality_scale.yaml tells the truth: what can be checked in the code is checked here.

Every rule of the integration quality scale is listed with a status; an exempt rule says
why. A rule marked ``done`` whose mark in the code (an ``EntityCategory``, a device removal
hook, a reauth step …) is missing fails here, and so does an exemption the code contradicts.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path
import re
import tomllib
from typing import Any

import pytest
import yaml

from custom_components.digiohjaus.hub.sensor import REMINDER_SENSORS

ROOT = Path(__file__).parent.parent
INTEGRATION = ROOT / "custom_components" / "digiohjaus"
PLATFORMS = ("binary_sensor", "button", "calendar", "sensor", "switch")

BRONZE = {
    "action-setup",
    "appropriate-polling",
    "brands",
    "common-modules",
    "config-flow-test-coverage",
    "config-flow",
    "dependency-transparency",
    "docs-actions",
    "docs-high-level-description",
    "docs-installation-instructions",
    "docs-removal-instructions",
    "entity-event-setup",
    "entity-unique-id",
    "has-entity-name",
    "runtime-data",
    "test-before-configure",
    "test-before-setup",
    "unique-config-entry",
}
SILVER = {
    "action-exceptions",
    "config-entry-unloading",
    "docs-configuration-parameters",
    "docs-installation-parameters",
    "entity-unavailable",
    "integration-owner",
    "log-when-unavailable",
    "parallel-updates",
    "reauthentication-flow",
    "test-coverage",
}
GOLD = {
    "devices",
    "diagnostics",
    "discovery-update-info",
    "discovery",
    "docs-data-update",
    "docs-examples",
    "docs-known-limitations",
    "docs-supported-devices",
    "docs-supported-functions",
    "docs-troubleshooting",
    "docs-use-cases",
    "dynamic-devices",
    "entity-category",
    "entity-device-class",
    "entity-disabled-by-default",
    "entity-translations",
    "exception-translations",
    "icon-translations",
    "reconfiguration-flow",
    "repair-issues",
    "stale-devices",
}
PLATINUM = {"async-dependency", "inject-websession", "strict-typing"}


def _rules() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load((INTEGRATION / "quality_scale.yaml").read_text(encoding="utf-8"))
    return {
        name: value if isinstance(value, dict) else {"status": value}
        for name, value in raw["rules"].items()
    }


def _code() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in INTEGRATION.rglob("*.py"))


def _module(name: str) -> str:
    return (INTEGRATION / name).read_text(encoding="utf-8")


def _json(name: str) -> Any:
    return json.loads((INTEGRATION / name).read_text(encoding="utf-8"))


def _readme_has(*headings: str) -> bool:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").lower()
    return all(re.search(rf"^#+ .*{heading}", readme, re.MULTILINE) for heading in headings)


def _pinned(requirement: str) -> bool:
    return "==" in requirement


# What a ``done`` rule leaves in the repository, as a check that fails when it is gone.
MARKERS: dict[str, Callable[[], bool]] = {
    "action-setup": lambda: "async_setup_services(hass)" in _module("__init__.py"),
    "appropriate-polling": lambda: (
        "_attr_should_poll = False" in _code()
        and "update_interval=" in _module("follow/coordinator.py")
    ),
    "brands": (INTEGRATION / "brand" / "icon.png").exists,
    "common-modules": lambda: (
        (INTEGRATION / "follow" / "coordinator.py").exists()
        and (INTEGRATION / "hub" / "entity.py").exists()
    ),
    "config-flow": lambda: (
        _json("manifest.json")["config_flow"] is True and "ConfigFlow" in _module("config_flow.py")
    ),
    "config-entry-unloading": lambda: "async def async_unload_entry" in _module("__init__.py"),
    "async-dependency": lambda: (
        _json("manifest.json")["requirements"] == ["aiomqtt==2.5.1"] and "import aiomqtt" in _code()
    ),
    "dependency-transparency": lambda: all(
        _pinned(req) for req in _json("manifest.json")["requirements"]
    ),
    "devices": lambda: "DeviceInfo(" in _code(),
    "diagnostics": lambda: "async_get_config_entry_diagnostics" in _module("diagnostics.py"),
    "docs-removal-instructions": lambda: "To remove it:" in (ROOT / "README.md").read_text(),
    "docs-troubleshooting": lambda: _readme_has("troubleshoot"),
    "dynamic-devices": lambda: "async_watch_subentries" in _module("__init__.py"),
    "entity-category": lambda: "entity_category=EntityCategory." in _code(),
    "entity-device-class": lambda: "device_class=" in _code(),
    "entity-disabled-by-default": lambda: any(
        not description.entity_registry_enabled_default for description in REMINDER_SENSORS
    ),
    "entity-event-setup": lambda: "async_added_to_hass" in _code() and "async_on_remove" in _code(),
    "entity-translations": lambda: "entity" in _json("translations/en.json"),
    "entity-unique-id": lambda: "_attr_unique_id" in _code(),
    "exception-translations": lambda: bool(_json("translations/en.json").get("exceptions")),
    "has-entity-name": lambda: "_attr_has_entity_name = True" in _code(),
    "icon-translations": lambda: bool(_json("icons.json").get("entity")),
    "inject-websession": lambda: "async_get_clientsession(hass)" in _code(),
    "integration-owner": lambda: bool(_json("manifest.json")["codeowners"]),
    "log-when-unavailable": lambda: (
        "DataUpdateCoordinator" in _module("follow/coordinator.py")
        and "on_state=self._on_connection" in _module("hub/link/hub_link.py")
    ),
    "parallel-updates": lambda: all(
        re.search(r"^PARALLEL_UPDATES = \d+$", _module(f"{p}.py"), re.MULTILINE) for p in PLATFORMS
    ),
    "reauthentication-flow": lambda: "async_step_reauth" in _code(),
    "reconfiguration-flow": lambda: "async_step_reconfigure" in _code(),
    "repair-issues": lambda: (
        "async_create_issue" in _code() and bool(_json("translations/en.json").get("issues"))
    ),
    "runtime-data": lambda: (
        "entry.runtime_data = " in _code() and "hass.data[DOMAIN]" not in _code()
    ),
    "stale-devices": lambda: "async def async_remove_config_entry_device" in _module("__init__.py"),
    "strict-typing": lambda: (
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["strict"] is True
    ),
    "test-before-setup": lambda: "async_config_entry_first_refresh" in _code(),
    "test-coverage": lambda: (
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["coverage"]["report"][
            "fail_under"
        ]
        >= 95
    ),
    "unique-config-entry": lambda: (
        "_abort_if_unique_id_configured" in _module("config_flow.py")
        or "async_set_unique_id" in _module("config_flow.py")
    ),
}

# An exemption that the code would contradict.
EXEMPTION_HOLDS: dict[str, Callable[[], bool]] = {
    "async-dependency": lambda: _json("manifest.json")["requirements"] == [],
    "discovery": lambda: (
        not any(
            key in _json("manifest.json")
            for key in ("zeroconf", "ssdp", "dhcp", "usb", "bluetooth")
        )
    ),
    "discovery-update-info": lambda: "async_step_zeroconf" not in _code(),
}


def test_every_rule_is_listed_once_with_a_status() -> None:
    rules = _rules()
    assert set(rules) == BRONZE | SILVER | GOLD | PLATINUM
    for name, rule in rules.items():
        assert rule["status"] in {"done", "exempt", "todo"}, name
        if rule["status"] == "exempt":
            assert len(rule.get("comment", "")) > 20, f"{name}: an exemption says why"


@pytest.mark.parametrize("rule", sorted(MARKERS))
def test_a_done_rule_is_in_the_code(rule: str) -> None:
    if _rules()[rule]["status"] != "done":
        pytest.skip(f"{rule} is not claimed done")
    assert MARKERS[rule](), f"{rule} is marked done but its mark is missing from the code"


@pytest.mark.parametrize("rule", sorted(EXEMPTION_HOLDS))
def test_an_exemption_holds(rule: str) -> None:
    if _rules()[rule]["status"] != "exempt":
        pytest.skip(f"{rule} is not exempt")
    assert EXEMPTION_HOLDS[rule](), f"{rule} is exempt, but the code says otherwise"


def test_gold_and_bronze_rules_are_all_settled() -> None:
    """Nothing is left as ``todo`` up to Gold: the README's claims rest on that."""
    rules = _rules()
    open_rules = sorted(name for name in BRONZE | SILVER | GOLD if rules[name]["status"] == "todo")
    assert open_rules == []
