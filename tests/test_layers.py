"""The layers import one way only.

- ``core/`` is the pure domain: nothing from Home Assistant, nothing of the integration
  outside ``core/``;
- ``hub/`` (the client's home hub) never imports ``follow/`` (the worker's side), and
  ``follow/`` never imports ``hub/``; from the package's top level both may use only
  ``const``, ``devices`` and ``selectors`` (the other modules there, such as ``data.py`` and
  the platforms, dispatch to both roles), and those import neither role.

Imports under ``if TYPE_CHECKING:`` count too: a type is a dependency as well.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "custom_components.digiohjaus"
ROOT = Path(__file__).parent.parent / "custom_components" / "digiohjaus"
TOP_LEVEL_FOR_ROLES = frozenset({f"{PACKAGE}.const", f"{PACKAGE}.devices", f"{PACKAGE}.selectors"})
"""Top-level modules both roles may use; they import neither role themselves."""


def module_name(path: Path) -> str:
    """Return the dotted name of a module file under ROOT."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def imports_of(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Return every module ``source`` imports, relative imports made absolute."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if node.module:
                found.add(target)
            else:  # ``from .. import hub`` imports the module ``<package>.hub``.
                found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, layer: str) -> bool:
    return name == layer or name.startswith(f"{layer}.")


def _allowed_top_level(name: str) -> bool:
    return any(_within(name, allowed) for allowed in TOP_LEVEL_FOR_ROLES)


def violations(module: str, imported: set[str]) -> list[str]:
    """Return the imports of ``module`` that go against the layers."""
    core, hub, follow = (f"{PACKAGE}.{layer}" for layer in ("core", "hub", "follow"))
    bad: list[str] = []
    for name in sorted(imported):
        ours = _within(name, PACKAGE) and name != PACKAGE
        if _within(module, core):
            if _within(name, "homeassistant") or (ours and not _within(name, core)):
                bad.append(name)
        elif _allowed_top_level(module):
            if _within(name, hub) or _within(name, follow) or _within(name, f"{PACKAGE}.data"):
                bad.append(name)
        elif _within(module, hub) or _within(module, follow):
            other = follow if _within(module, hub) else hub
            top_level = ours and not any(_within(name, layer) for layer in (core, hub, follow))
            if _within(name, other) or (top_level and not _allowed_top_level(name)):
                bad.append(name)
    return bad


def test_every_module_imports_one_way() -> None:
    """No module of core/, hub/ or follow/ imports across its layer's bounds."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        module = module_name(path)
        imported = imports_of(path.read_text(), module, is_package=path.name == "__init__.py")
        if bad := violations(module, imported):
            found[module] = bad
    assert found == {}


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("core.checkin", "from homeassistant.core import HomeAssistant", ["homeassistant.core"]),
        (
            "core.checkin",
            "from ..const import DOMAIN",
            [f"{PACKAGE}.const"],
        ),
        ("core.checkin", "from .consent import DataKind", []),
        (
            "hub.call",
            "from ..follow.runtime import FollowData",
            [f"{PACKAGE}.follow.runtime"],
        ),
        (
            "hub.share.view",
            "from ...data import is_follow_entry",
            [f"{PACKAGE}.data"],
        ),
        ("hub.share.view", "from ...const import DOMAIN", []),
        ("follow.sensor", "from .. import hub", [f"{PACKAGE}.hub"]),
        ("follow.sensor", "from ..hub.runtime import HubData", [f"{PACKAGE}.hub.runtime"]),
        ("follow.sensor", "import custom_components.digiohjaus.data", [f"{PACKAGE}.data"]),
        ("follow.sensor", "from ..core.share import ShareSnapshot", []),
        ("sensor", "from .follow import sensor\nfrom .hub import sensor", []),
        ("devices", "from .hub.runtime import HubData", [f"{PACKAGE}.hub.runtime"]),
        ("follow.lifecycle", "from ..devices import async_register_entry_device", []),
    ],
)
def test_the_check_sees_a_wrong_import(module: str, source: str, expected: list[str]) -> None:
    """The check above finds an import across the bounds (and lets the allowed ones pass)."""
    name = f"{PACKAGE}.{module}"
    assert violations(name, imports_of(source, name)) == expected
