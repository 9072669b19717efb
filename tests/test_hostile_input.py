"""Every number, time and date a person can type is refused cleanly when it is nonsense.

Property-style: each form the worker can open is opened for real, every field that takes a
number, a time, a date, a phone number or a typed-in choice is found from the form itself,
and each one is fed every value of ``HOSTILE`` on top of an otherwise valid form. The form
must come back with a field error (or the schema refuses the value, which the UI shows at
the field), never an unhandled error, and nothing may change. The actions that take
numbers get the same values and must answer with a translated ``ServiceValidationError``.
A form with such fields that has no valid input here fails the test, so a new form is
covered as soon as it exists.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.selector import (
    DateSelector,
    DateTimeSelector,
    NumberSelector,
    SelectSelector,
    TextSelector,
    TimeSelector,
)
import probatio as vol
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_mock_service,
)

from custom_components.digiohjaus.const import DOMAIN, EVENT_CHECK_IN

SCRIPT = Path(__file__).parents[1] / "scripts" / "demo_home.py"

HOSTILE: tuple[Any, ...] = (
    "nan",
    "inf",
    "-inf",
    "1e400",
    "-1e400",
    float("nan"),
    float("inf"),
    float("-inf"),
    "0²:00",
    "0²",
    "٣",
    "٣:٠٠",
    "12:٣٠",
    "²",
    10**30,
    -(10**30),
    "9" * 5000,
    "",
    "   ",
    -1,
    True,
)


EMPTY = ("", "   ")


def _demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_home", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DEMO = _demo()
SETTINGS = ("check_in_deadline", "visit_interval_days", "last_visit")

# A valid first form for every flow that has fields a person types numbers or times into.
VALID: dict[str, dict[str, Any]] = {
    "config.hub": dict(DEMO.HUB),
    "options.settings": {key: DEMO.HUB[key] for key in SETTINGS},
    "options.client_notify": {"client_notify": []},
    "options.crisis_path": {"emergency": "112", "crisis_line": "09 2525 0111"},
    # Loopback: a hostile value that is a valid port reaches a real (refused) connection.
    "options.broker": {"host": "127.0.0.1", "port": 8883, "tls": True},
    **{f"options.{topic}": data for topic, data in DEMO.DEMO_OPTIONS},
    **{f"subentry.{kind}": steps[0] for kind, steps in reversed(DEMO.DEMO_SUBENTRIES)},
}


def _typed_fields(result: Any) -> list[str]:
    """The fields of a shown form a person can type a number, time, date or phone into."""
    fields = []
    for key, selector in (result["data_schema"].schema if result["data_schema"] else {}).items():
        typed = isinstance(
            selector, NumberSelector | TimeSelector | DateSelector | DateTimeSelector
        )
        typed |= isinstance(selector, SelectSelector) and bool(selector.config.get("custom_value"))
        typed |= isinstance(selector, TextSelector) and selector.config.get("type") == "tel"
        if typed:
            fields.append(str(key))
    return fields


type Open = Callable[[], Awaitable[Any]]
type Submit = Callable[[str, dict[str, Any]], Awaitable[Any]]


async def feed_hostile(
    name: str, open_form: Open, submit: Submit, valid: dict[str, Any] | None = None
) -> list[str]:
    """Feed each typed field of the form every hostile value; return what went wrong."""
    form = await open_form()
    assert form["type"] is FlowResultType.FORM, (name, form)
    fields = _typed_fields(form)
    if not fields:
        return []
    valid = valid if valid is not None else VALID.get(name)
    if valid is None:
        return [f"{name}: has typed fields {fields} but no valid input in VALID"]
    optional = {str(key) for key in form["data_schema"].schema if not isinstance(key, vol.Required)}
    lists = {
        str(key)
        for key, selector in form["data_schema"].schema.items()
        if isinstance(selector, SelectSelector) and selector.config.get("multiple")
    }
    problems = []
    for field in fields:
        for value in HOSTILE:
            flow = await open_form()
            try:
                typed = [value] if field in lists else value
                result = await submit(flow["flow_id"], {**valid, field: typed})
            except InvalidData:
                continue  # the schema refused it; the UI shows that at the field
            except Exception as err:  # noqa: BLE001 - the property: nothing else escapes
                problems.append(f"{name}.{field} = {value!r:.30}: {type(err).__name__}: {err}")
                continue
            if value in EMPTY and field in optional:
                continue  # leaving an optional field empty is fine
            if result["type"] is not FlowResultType.FORM or not result["errors"]:
                problems.append(f"{name}.{field} = {value!r:.30}: accepted ({result['type']})")
    return problems


async def test_the_hub_form_refuses_nonsense(hass: HomeAssistant) -> None:
    flows = hass.config_entries.flow

    async def open_hub() -> Any:
        menu = await flows.async_init(DOMAIN, context={"source": SOURCE_USER})
        return await flows.async_configure(menu["flow_id"], {"next_step_id": "hub"})

    problems = await feed_hostile("config.hub", open_hub, flows.async_configure)
    assert not problems, "\n".join(problems)
    assert hass.config_entries.async_entries(DOMAIN) == []


@pytest.fixture
def phones(hass: HomeAssistant) -> None:
    """The demo contacts' phones (notify actions) exist."""
    for name in ("liisan_puhelin", "pekan_puhelin"):
        async_mock_service(hass, "notify", name)


# Sockets: the broker form checks a structurally valid port with a real connection
# (to 127.0.0.1, where nothing listens on it: refused, a translated error).
@pytest.mark.usefixtures("phones", "socket_enabled")
async def test_every_hub_form_refuses_nonsense(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    options_before = dict(loaded_hub.options)
    options = hass.config_entries.options
    problems: list[str] = []
    menu = await options.async_init(loaded_hub.entry_id)
    for topic in menu["menu_options"]:

        async def open_topic(topic: str = topic) -> Any:
            flow = await options.async_init(loaded_hub.entry_id)
            return await options.async_configure(flow["flow_id"], {"next_step_id": topic})

        problems += await feed_hostile(f"options.{topic}", open_topic, options.async_configure)
    subentries = hass.config_entries.subentries
    for subentry_type in loaded_hub.supported_subentry_types:

        async def open_subentry(subentry_type: str = subentry_type) -> Any:
            return await subentries.async_init(
                (loaded_hub.entry_id, subentry_type), context={"source": SOURCE_USER}
            )

        if subentry_type == "share_token":
            continue  # no worker yet, and nothing is typed: choose a worker, copy the token
        problems += await feed_hostile(
            f"subentry.{subentry_type}", open_subentry, subentries.async_configure
        )
    assert not problems, "\n".join(problems)
    assert dict(loaded_hub.options) == options_before
    assert loaded_hub.subentries == {}


@pytest.mark.parametrize("value", HOSTILE)
async def test_actions_refuse_nonsense_numbers(
    hass: HomeAssistant, loaded_hub: MockConfigEntry, value: Any
) -> None:
    """check_in's mood, get_audit_log's page and snooze's minutes: translated refusals."""
    checked_in = async_capture_events(hass, EVENT_CHECK_IN)
    hub = {"config_entry_id": loaded_hub.entry_id}
    calls: list[tuple[str, dict[str, Any], bool]] = [
        ("check_in", {**hub, "mood": value}, False),
        ("get_audit_log", {**hub, "offset": value}, True),
        ("get_audit_log", {**hub, "limit": value}, True),
    ]
    for action, data, response in calls:
        with pytest.raises(ServiceValidationError) as err:
            await hass.services.async_call(
                DOMAIN, action, data, blocking=True, return_response=response
            )
        assert err.value.translation_domain == DOMAIN, (action, data)
    assert checked_in == []
