"""scripts/newest_ha.py: what it counts as a problem on the newest Home Assistant release."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).parent.parent / "scripts" / "newest_ha.py"

LOG = """\
2026-12-02 12:16:16.925+00:00 WARNING (SyncWorker_1) [homeassistant.loader] We found a custom \
integration digiohjaus which has not been tested by Home Assistant. This component might cause \
stability problems, be sure to disable it if you experience issues with Home Assistant
2026-12-02 12:16:17.064+00:00 WARNING (MainThread) [aiohttp_fast_zlib] zlib_ng and isal are not \
available, falling back to zlib, performance will be degraded.
2026-12-02 12:16:18.100+00:00 DEBUG (MainThread) [custom_components.digiohjaus.hub.checkin] \
Check-in deadline armed
2026-12-02 12:16:18.200+00:00 ERROR (MainThread) [homeassistant.config_entries] Error setting up \
entry Maija for digiohjaus
Traceback (most recent call last):
  File "/x/custom_components/digiohjaus/__init__.py", line 60, in async_setup_entry
AttributeError: 'HomeAssistant' object has no attribute 'gone'
2026-12-02 12:16:19.000+00:00 WARNING (MainThread) [homeassistant.helpers.frame] Detected that \
custom integration 'digiohjaus' calls a deprecated function at custom_components/digiohjaus/x.py
2026-12-02 12:16:20.000+00:00 ERROR (MainThread) [homeassistant.components.tts] No ffmpeg
"""


@pytest.fixture(scope="module")
def newest_ha() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newest_ha", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_setup_error_and_a_deprecation_of_digiohjaus_are_problems(newest_ha: ModuleType) -> None:
    records = newest_ha.problem_records(LOG)
    assert len(records) == 2
    assert records[0].startswith("2026-12-02 12:16:18.200+00:00 ERROR")
    assert records[0].endswith("AttributeError: 'HomeAssistant' object has no attribute 'gone'")
    assert "Detected that custom integration 'digiohjaus'" in records[1]


def test_other_integrations_debug_lines_and_the_custom_notice_are_not(
    newest_ha: ModuleType,
) -> None:
    quiet = "\n".join(LOG.splitlines()[:3]) + "\n" + LOG.splitlines()[-1]
    assert newest_ha.problem_records(quiet) == []
    # The same record twice (console and log file) is one problem.
    assert len(newest_ha.problem_records(LOG + LOG)) == 2


def test_an_entity_that_did_not_set_up_is_a_problem(newest_ha: ModuleType) -> None:
    states = [
        {"entity_id": "sensor.ok", "state": "3", "attributes": {}},
        {
            "entity_id": "sensor.placeholder",
            "state": "unavailable",
            "attributes": {"restored": True},
        },
        {"entity_id": "switch.down", "state": "unavailable", "attributes": {}},
        {"entity_id": "light.other", "state": "on", "attributes": {}},
    ]
    registered = ["sensor.ok", "sensor.placeholder", "switch.down", "button.missing"]
    assert newest_ha.entity_problems(registered, states) == [
        "button.missing: no state",
        "sensor.placeholder: not set up (restored placeholder)",
        "switch.down: unavailable",
    ]


def test_requirements_are_pinned_as_that_release_names_them(
    newest_ha: ModuleType, tmp_path: Path
) -> None:
    components = tmp_path / "lib" / "python3.14" / "site-packages" / "homeassistant" / "components"
    for name, requirements in {
        "frontend": ["home-assistant-frontend==20261028.4"],
        "assist_pipeline": ["pymicro-vad==1.0.1", "pyspeex-noise==1.0.2"],
        "conversation": ["hassil==3.13.0", "home-assistant-intents==2026.10.27"],
        "http": ["aiohttp_cors>=0.7.0"],
    }.items():
        (components / name).mkdir(parents=True)
        (components / name / "manifest.json").write_text(json.dumps({"requirements": requirements}))
    assert newest_ha.frontend_requirement(tmp_path) == "home-assistant-frontend==20261028.4"
    assert newest_ha.integration_requirements(
        tmp_path, ["hassil", "Home_Assistant.Intents", "pymicro-vad", "aiohttp-cors", "PyNaCl"]
    ) == ["hassil==3.13.0", "home-assistant-intents==2026.10.27", "pymicro-vad==1.0.1"]


def test_the_demo_requirements_come_from_pyproject(newest_ha: ModuleType) -> None:
    names = newest_ha.demo_requirement_names()
    assert "hassil" in names
    assert all("=" not in name for name in names)


def test_the_integrations_own_requirements_are_installed_too(newest_ha: ModuleType) -> None:
    manifest = json.loads(
        (SCRIPT.parent.parent / "custom_components" / "digiohjaus" / "manifest.json").read_text()
    )
    assert newest_ha.own_requirements() == manifest["requirements"]
