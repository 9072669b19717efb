"""Blueprints as a worker uses them: loaded from the blueprints folder, made into automations."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, template
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

BLUEPRINTS = Path(__file__).resolve().parents[2] / "blueprints" / "automation" / "digiohjaus"
AUTOMATION = "automation.blueprint_under_test"
HUB_ENTRY_ID = "hub-entry-id"


@pytest.fixture(autouse=True)
async def blueprint_folder(hass: HomeAssistant, tmp_path: Path) -> AsyncIterator[Path]:
    """A config folder whose blueprints are this project's, linked file by file."""
    folder = tmp_path / "blueprints" / "automation" / "digiohjaus"
    folder.mkdir(parents=True)
    for blueprint in BLUEPRINTS.glob("*.yaml"):
        (folder / blueprint.name).symlink_to(blueprint)
    hass.config.config_dir = str(tmp_path)
    yield folder
    # Turning the automation off stops its waiting runs and its time triggers.
    if hass.states.get(AUTOMATION) is not None:
        await hass.services.async_call(
            "automation", "turn_off", {"entity_id": AUTOMATION}, blocking=True
        )


async def use_blueprint(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> None:
    """Make an automation from blueprint `name` with `inputs`; it must validate and be on."""
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "id": "under_test",
                    "alias": "Blueprint under test",
                    "use_blueprint": {"path": f"digiohjaus/{name}", "input": inputs},
                }
            ]
        },
    )
    await hass.async_block_till_done()
    state = hass.states.get(AUTOMATION)
    assert state is not None
    assert state.state == "on", f"{name} did not validate with {inputs}: {state}"


async def settle(hass: HomeAssistant) -> None:
    """Let triggered runs go as far as they can.

    Not `async_block_till_done`: a run that waits for a trigger (a button, the dose taken)
    would keep it waiting forever.
    """
    for _ in range(30):
        await asyncio.sleep(0)


def fire_reminder(hass: HomeAssistant, reminder_id: str, kind: str, name: str, status: str) -> None:
    """Fire the integration's reminder event as design §7 defines it."""
    hass.bus.async_fire(
        "digiohjaus_reminder",
        {
            "config_entry_id": HUB_ENTRY_ID,
            "reminder_id": reminder_id,
            "kind": kind,
            "name": name,
            "status": status,
            "due_at": "2026-11-02T08:00:00+02:00",
        },
    )


def add_reminder_sensor(hass: HomeAssistant, entity_id: str, reminder_id: str, kind: str) -> None:
    """A reminder's status sensor as the integration shows it."""
    hass.states.async_set(
        entity_id,
        "due",
        {"reminder_id": reminder_id, "kind": kind, "next_due": "2026-11-02T08:00:00+02:00"},
    )


@pytest.fixture
def phone(hass: HomeAssistant, device_registry: dr.DeviceRegistry) -> str:
    """The client's phone: a device (its Companion app's notify action is patched)."""
    entry = MockConfigEntry(domain="fake_phone_integration", data={})
    entry.add_to_hass(hass)
    entry.mock_state(hass, ConfigEntryState.LOADED)
    device = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={("fake_phone_integration", "maijan-puhelin")},
        name="Maijan puhelin",
    )
    return device.id


class PhoneNotifications:
    """What the Companion app's notify device action was asked to send, rendered."""

    def __init__(self, hass: HomeAssistant, mock: AsyncMock) -> None:
        """Wrap the patched device action."""
        self._hass = hass
        self._mock = mock

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Every notification: device, title, message and data, templates rendered."""
        sent = []
        for call in self._mock.mock_calls:
            _hass, config, variables, _context = call.args
            rendered = {"device_id": config["device_id"]}
            for key in ("title", "message", "data"):
                if key in config:
                    rendered[key] = template.render_complex(
                        _attach(self._hass, config[key]), variables
                    )
            sent.append(rendered)
        return sent


def _attach(hass: HomeAssistant, value: Any) -> Any:
    """Give templates (also nested ones) the hass object they render with."""
    if isinstance(value, template.Template):
        value.hass = hass
    elif isinstance(value, dict):
        for item in value.values():
            _attach(hass, item)
    elif isinstance(value, list):
        for item in value:
            _attach(hass, item)
    return value


@pytest.fixture
def phone_notifications(hass: HomeAssistant) -> Iterator[PhoneNotifications]:
    """Patch the Companion app's notify device action (no real push in tests)."""
    with patch(
        "homeassistant.components.mobile_app.device_action.async_call_action_from_config"
    ) as mock:
        yield PhoneNotifications(hass, mock)
