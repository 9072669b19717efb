"""The crisis path and the safety plan."""

from __future__ import annotations

import pytest

from custom_components.digiohjaus.core.safety import (
    SAFETY_PLAN_SECTIONS,
    CrisisPath,
    SafetyError,
    SafetyPlan,
    crisis_path_from_mapping,
    default_crisis_path,
    tel_uri,
    validate_phone,
    validate_section,
)


def test_default_crisis_path_speaks_the_hubs_language() -> None:
    assert default_crisis_path("fi") == CrisisPath("112", "09 2525 0111")
    assert default_crisis_path("en") == CrisisPath("112", "09 2525 0111")
    assert default_crisis_path("sv") == CrisisPath("112", "09 2525 0112")


def test_crisis_path_from_options() -> None:
    assert crisis_path_from_mapping(None, "sv").crisis_line == "09 2525 0112"
    custom = crisis_path_from_mapping({"crisis_line": "0800 123 456", "emergency": ""}, "fi")
    assert custom == CrisisPath("112", "0800 123 456")
    assert CrisisPath.as_dict(custom) == {"emergency": "112", "crisis_line": "0800 123 456"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("112", "112"),
        ("  09  2525 0111 ", "09 2525 0111"),
        ("+358 9 2525-0111", "+358 9 2525-0111"),
    ],
)
def test_valid_phone(text: str, expected: str) -> None:
    assert validate_phone(text) == expected


@pytest.mark.parametrize("text", ["", "1", "soita", "09 2525 0111 ext", "+", "0" * 21, "12-"])
def test_invalid_phone(text: str) -> None:
    with pytest.raises(SafetyError) as err:
        validate_phone(text)
    assert err.value.key == "invalid_phone"


def test_tel_uri() -> None:
    assert tel_uri("09 2525 0111") == "tel:0925250111"
    assert tel_uri("+358 9 2525-0111") == "tel:+358925250111"


def test_safety_plan_sections_in_order() -> None:
    plan = SafetyPlan.from_mapping({"coping": "Suihku, musiikki", "unknown": "x"})
    assert [key for key, _ in plan.sections] == list(SAFETY_PLAN_SECTIONS)
    assert plan.as_dict()["coping"] == "Suihku, musiikki"
    assert plan.filled == 1
    assert SafetyPlan.from_mapping(None).filled == 0


def test_section_length() -> None:
    assert validate_section(None) == ""
    assert validate_section("  kävely  ") == "kävely"
    with pytest.raises(SafetyError) as err:
        validate_section("x" * 1001)
    assert err.value.key == "section_too_long"
