"""No English in a Finnish or Swedish UI: every flow's steps, fields and aborts are translated.

The flows are discovered, not listed: the config flow, the options flow of each kind of
entry and every subentry type the hub offers. For each flow handler the test reads, from
its own source and that of its base classes in this integration, the steps it has
(``async_step_*``, ``step_id="…"``) and every way it can end (``reason="…"``, reconfigure
and reauth successes, unique-id aborts). A flow another feature adds is covered the moment
it is registered. Then every string must be there in fi and sv and must not be the English
one, apart from the few words that are the same in every language (``SAME_EVERYWHERE``).
"""

from __future__ import annotations

from collections.abc import Iterator
import inspect
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.selector import NumberSelector, SelectSelector, TimeSelector
import probatio as vol
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.digiohjaus.config_flow import DigiohjausConfigFlow
from custom_components.digiohjaus.const import CONF_ROLE, DOMAIN, ROLE_FOLLOW, ROLE_HUB

from .contacts import contact_subentry

TRANSLATIONS = Path(__file__).parents[1] / "custom_components" / DOMAIN / "translations"
LANGUAGES = ("fi", "sv")
PACKAGE = f"custom_components.{DOMAIN}"

# Strings that are rightly the same as in English: a proper noun, a bare placeholder, and
# the Swedish word "Status".
SAME_EVERYWHERE = {
    ("fi", "config.step.user.title"),  # Digiohjaus
    ("sv", "config.step.user.title"),
    ("sv", "entity.sensor.reminder_status.name"),  # Status
}
BARE_PLACEHOLDER = re.compile(r"\{\w+\}")

# A step method shows a form or a menu itself, or names its step for a helper that does;
# one that only goes on to another step (a reauth's first step) shows nothing.
SHOWS_ITSELF = r"async_show_(?:form|menu)|\._show\(|\"{step}\""


def _load(language: str) -> dict[str, Any]:
    return dict(json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")))


def _leaves(tree: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _leaves(value, (*path, key))
    else:
        yield ".".join(path), tree


def _lookup(tree: dict[str, Any], dotted: str) -> Any:
    node: Any = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


ENGLISH = _load("en")
OTHERS = {language: _load(language) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_english_string_has_its_own_translation(language: str) -> None:
    """Every English string is there, not empty, not English, with the same placeholders."""
    other = dict(_leaves(OTHERS[language]))
    problems = []
    for key, english in _leaves(ENGLISH):
        text = other.get(key)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{key}: missing")
        elif set(BARE_PLACEHOLDER.findall(text)) != set(BARE_PLACEHOLDER.findall(english)):
            problems.append(f"{key}: placeholders differ: {text!r}")
        elif (
            text == english
            and (language, key) not in SAME_EVERYWHERE
            and not BARE_PLACEHOLDER.fullmatch(text.strip())
        ):
            problems.append(f"{key}: still English: {text!r}")
    assert not problems, "\n".join(problems)


def _own_sources(handler: type) -> str:
    """The source of ``handler`` and of its base classes that belong to this integration."""
    return "\n".join(
        inspect.getsource(cls) for cls in handler.__mro__ if cls.__module__.startswith(PACKAGE)
    )


def _steps(handler: type) -> set[str]:
    source = _own_sources(handler)
    methods = {
        name.removeprefix("async_step_")
        for cls in handler.__mro__
        if cls.__module__.startswith(PACKAGE)
        for name, method in vars(cls).items()
        if name.startswith("async_step_")
        and re.search(
            SHOWS_ITSELF.format(step=name.removeprefix("async_step_")),
            inspect.getsource(method),
        )
    }
    literal = set(re.findall(r"step_id=\"(\w+)\"", source))
    shown = set(re.findall(r"_show\(\s*\"(\w+)\"", source))
    return methods | literal | shown


def _aborts(handler: type) -> set[str]:
    source = _own_sources(handler)
    reasons = set(re.findall(r"(?:reason|error)=\"(\w+)\"", source))
    if re.search(r"async_update_(?:reload_)?and_abort\(", source):
        reasons.add("reconfigure_successful")
        if "async_step_reauth" in source:
            reasons.add("reauth_successful")
    if re.search(r"_abort_if_unique_id_configured\(\s*\)", source):
        reasons.add("already_configured")
    if re.search(r"_abort_if_unique_id_mismatch\(\s*\)", source):
        reasons.add("unique_id_mismatch")
    return reasons


def _entry(role: str) -> ConfigEntry:
    return MockConfigEntry(domain=DOMAIN, data={CONF_ROLE: role})


def _flows() -> list[tuple[str, type]]:
    """Every flow handler of the integration with the translation section it uses."""
    flows: list[tuple[str, type]] = [("config", DigiohjausConfigFlow)]
    for role in (ROLE_HUB, ROLE_FOLLOW):
        options = DigiohjausConfigFlow.async_get_options_flow(_entry(role))
        flows.append(("options", type(options)))
        for subentry_type, handler in DigiohjausConfigFlow.async_get_supported_subentry_types(
            _entry(role)
        ).items():
            flows.append((f"config_subentries.{subentry_type}", handler))
    return flows


FLOWS = _flows()


def test_the_flows_are_found() -> None:
    """The discovery sees the hub's config flow, both options flows and the subentries."""
    sections = {section for section, _ in FLOWS}
    assert {"config", "options", "config_subentries.contact"} <= sections
    assert {"config_subentries.medication", "config_subentries.share_token"} <= sections
    assert {"follow", "hub", "reconfigure"} <= _steps(DigiohjausConfigFlow)
    assert {"already_configured", "reconfigure_successful"} <= _aborts(DigiohjausConfigFlow)


@pytest.mark.parametrize(
    ("section", "handler"), FLOWS, ids=lambda item: getattr(item, "__name__", item)
)
def test_every_step_and_abort_of_every_flow_is_translated(section: str, handler: type) -> None:
    """Each step has a title, each way a flow can end has its sentence, in en, fi and sv."""
    keys = [f"{section}.step.{step}.title" for step in sorted(_steps(handler))]
    keys += [f"{section}.abort.{reason}" for reason in sorted(_aborts(handler))]
    problems = [
        f"{language}: {key} missing"
        for language, tree in (("en", ENGLISH), *OTHERS.items())
        for key in keys
        if not _lookup(tree, key)
    ]
    assert not problems, "\n".join(problems)


@pytest.fixture
def hub_subentries() -> list[ConfigSubentryData]:
    """A worker contact without a share token, so the share-token flow shows its form."""
    return [contact_subentry("Liisa", "worker")]


def _unlabelled(section: str, result: Any) -> list[str]:
    """What a shown form, menu or abort lacks in en, fi or sv (fields, options, the reason)."""
    if result["type"] is FlowResultType.ABORT:
        keys = [f"{section}.abort.{result['reason']}"]
    elif result["type"] is FlowResultType.MENU:
        step = f"{section}.step.{result['step_id']}"
        keys = [f"{step}.title"] + [f"{step}.menu_options.{o}" for o in result["menu_options"]]
    else:
        step = f"{section}.step.{result['step_id']}"
        fields = [f"{step}.data.{field['name']}" for field in voluptuous_serialize(result)]
        keys = [f"{step}.title", *fields]
        return [*_untidy_pickers(step, result), *_missing(keys)]
    return _missing(keys)


def _untidy_pickers(step: str, result: Any) -> list[str]:
    """A time picker that asks for seconds, a number box with a unit its label already says."""
    problems = []
    for key, selector in result["data_schema"].schema.items():
        if isinstance(selector, TimeSelector) and not selector.config.get("no_second"):
            problems.append(f"{step}.{key}: the time picker asks for seconds")
        if isinstance(selector, NumberSelector) and selector.config.get("unit_of_measurement"):
            problems.append(f"{step}.{key}: a unit beside a label that names it")
        if _prefilled_by_the_frontend(key, selector):
            problems.append(f"{step}.{key}: the frontend would fill in its first option")
    return problems


def _prefilled_by_the_frontend(key: Any, selector: Any) -> bool:
    """A required multi-choice or typed-in picker with no value of its own.

    Home Assistant's frontend fills such a field with the selector's first option (a
    medicine's times arrived as 06:00): a form gives it a default or a suggested value.
    """
    if not isinstance(key, vol.Required) or not isinstance(selector, SelectSelector):
        return False
    if not (selector.config.get("multiple") or selector.config.get("custom_value")):
        return False
    suggested = (key.description or {}).get("suggested_value")
    return key.default is vol.UNDEFINED and suggested is None


def _missing(keys: list[str]) -> list[str]:
    return [
        f"{language}: {key}"
        for language, tree in (("en", ENGLISH), *OTHERS.items())
        for key in keys
        if not _lookup(tree, key)
    ]


def voluptuous_serialize(result: Any) -> list[dict[str, Any]]:
    """The form's fields as the frontend receives them."""
    schema = result["data_schema"]
    return [{"name": str(key)} for key in schema.schema] if schema else []


async def _config_flow_problems(hass: HomeAssistant) -> list[str]:
    config = hass.config_entries.flow
    menu = await config.async_init(DOMAIN, context={"source": SOURCE_USER})
    problems = _unlabelled("config", menu)
    for option in menu["menu_options"]:
        flow = await config.async_init(DOMAIN, context={"source": SOURCE_USER})
        problems += _unlabelled(
            "config", await config.async_configure(flow["flow_id"], {"next_step_id": option})
        )
    return problems


async def test_the_first_visit_forms_have_labels(hass: HomeAssistant) -> None:
    """Before the hub exists: the menu, the hub's form and the follow form are all named."""
    assert not await _config_flow_problems(hass)


async def test_every_field_of_every_first_form_has_a_label(
    hass: HomeAssistant, loaded_hub: MockConfigEntry
) -> None:
    """Open every flow the worker can open on a running hub; every field and option is named."""
    problems = await _config_flow_problems(hass)
    options = await hass.config_entries.options.async_init(loaded_hub.entry_id)
    problems += _unlabelled("options", options)
    for option in options["menu_options"]:
        flow = await hass.config_entries.options.async_init(loaded_hub.entry_id)
        problems += _unlabelled(
            "options",
            await hass.config_entries.options.async_configure(
                flow["flow_id"], {"next_step_id": option}
            ),
        )
    for subentry_type in loaded_hub.supported_subentry_types:
        result = await hass.config_entries.subentries.async_init(
            (loaded_hub.entry_id, subentry_type), context={"source": SOURCE_USER}
        )
        assert result["type"] is FlowResultType.FORM, (subentry_type, result)
        problems += _unlabelled(f"config_subentries.{subentry_type}", result)
    assert not problems, "\n".join(problems)


# The glossary in docs/DEVELOPING.md: the words a text must not use instead.
NOT_OUR_WORDS = {
    "fi": re.compile(r"keskit|työntekij|sosiaaliohjaaj|pohjapiirro", re.IGNORECASE),
    "sv": re.compile(r"arbetstagar|anhörig", re.IGNORECASE),
}
BLUEPRINTS = Path(__file__).parents[1] / "blueprints"


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_vocabulary(language: str) -> None:
    """Kotihubi and ohjaaja, hemhubb and handledare: never a second word for the same thing."""
    wrong = [
        f"{key}: {text}"
        for key, text in _leaves(OTHERS[language])
        if NOT_OUR_WORDS[language].search(str(text))
    ]
    assert not wrong, "\n".join(wrong)


def test_blueprints_use_the_same_words() -> None:
    """The blueprints are Finnish (they cannot be translated) and use the glossary's words."""
    wrong = [
        path.name
        for path in BLUEPRINTS.rglob("*.yaml")
        if NOT_OUR_WORDS["fi"].search(path.read_text(encoding="utf-8"))
    ]
    assert not wrong


SOURCES = Path(__file__).parents[1] / "custom_components" / DOMAIN


def test_no_flow_can_abort_with_home_assistants_own_already_in_progress() -> None:
    """Home Assistant's own "already being configured" has no Finnish translation.

    ``async_set_unique_id`` aborts a flow with it whenever another flow with the same unique
    id is open (a form left open in another window): every call here passes
    ``raise_on_progress=False`` and the flow ends with its own translated abort instead.
    """
    calls = [
        f"{path.relative_to(SOURCES)}: {call}"
        for path in SOURCES.rglob("*.py")
        for call in re.findall(r"async_set_unique_id\([^)]*\)", path.read_text(encoding="utf-8"))
        if "raise_on_progress=False" not in call
    ]
    assert not calls, "\n".join(calls)
