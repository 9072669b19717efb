"""The kitchen tablet as the client sees it: today's medicines and the README's screenshot."""

from __future__ import annotations

from datetime import datetime, timedelta
import os
from pathlib import Path
import re
from zoneinfo import ZoneInfo

from playwright.async_api import Page, expect
import pytest

from .conftest import DASHBOARD, REPO, DemoHome, card, tile_of

pytestmark = pytest.mark.e2e

SERTRALIN = "sensor.sertralin_tila"
HELSINKI = ZoneInfo("Europe/Helsinki")
BLUEPRINTS = REPO / "blueprints" / "automation" / "digiohjaus"


async def _move_dose_to_soon(demo_home: DemoHome, status_sensor: str) -> None:
    """Reconfigure the medicine (as the worker would) to be due in 30 minutes.

    The demo's doses are at 8.00 and 20.00; "taking early counts" from two hours before.
    """
    reminder_id = (await demo_home.state(status_sensor))["attributes"]["reminder_id"]
    [hub] = await demo_home.api("GET", "/api/config/config_entries/entry?domain=digiohjaus")
    flow = await demo_home.api(
        "POST",
        "/api/config/config_entries/subentries/flow",
        {"handler": [hub["entry_id"], "medication"], "subentry_id": reminder_id},
    )
    soon = (datetime.now(HELSINKI) + timedelta(minutes=30)).strftime("%H:%M")
    result = await demo_home.api(
        "POST",
        f"/api/config/config_entries/subentries/flow/{flow['flow_id']}",
        {
            "name": "Sertralin",
            "dose": "1 tabletti (50 mg)",
            "times": [soon],
            "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "grace_minutes": 60,
            "snooze_minutes": 10,
            "early_minutes": 120,
        },
    )
    assert result["type"] == "abort", result
    assert result["reason"] == "reconfigure_successful", result
    await demo_home.wait_for_state(
        status_sensor,
        lambda state: (
            state["attributes"].get("next_due", "").endswith(":00+02:00")
            or state["attributes"].get("next_due", "").endswith(":00+03:00")
        ),
    )


async def test_client_marks_a_medicine_taken_with_one_tap(
    tablet: Page, demo_home: DemoHome
) -> None:
    await _move_dose_to_soon(demo_home, SERTRALIN)
    await tablet.reload()
    await expect(tablet.get_by_text("Sertralin", exact=True)).to_be_visible()
    assert (await demo_home.state(SERTRALIN))["state"] == "scheduled"

    # Sertralin's "Otettu", beside it (D-vitamiini may have one too, at its own times).
    await (await tile_of(tablet, "button.sertralin_otettu")).click()

    await demo_home.wait_for_state(SERTRALIN, lambda state: state["state"] == "done")
    await expect(tablet.get_by_text(re.compile(r"^Otettu klo \d+\.\d\d$"))).to_be_visible()


@pytest.mark.parametrize("size", [(1280, 800), (800, 1280), (390, 844)])
async def test_screenshots_for_the_readme(
    tablet: Page, demo_home: DemoHome, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The tablet at each size; DIGIOHJAUS_UPDATE_SCREENSHOT=1 stores them in docs/."""
    width, height = size
    await tablet.set_viewport_size({"width": width, "height": height})
    await tablet.goto(f"{demo_home.url}/{DASHBOARD}/tanaan")
    await expect(tablet.get_by_text("Miten voit tänään?")).to_be_visible()
    call = card(tablet, "Soita ohjaajalle")
    await expect(call).to_be_visible()
    await expect(card(tablet, "Kriisipuhelin (MIELI ry): soita 09 2525 0111")).to_be_visible()
    box = await call.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= height  # "call my worker" on the first screen
    await tablet.wait_for_timeout(500)  # icons settle
    shot = tmp_path / f"kitchen_tablet_{width}x{height}.png"
    await tablet.screenshot(path=shot)
    assert shot.stat().st_size > 10_000
    if os.environ.get("DIGIOHJAUS_UPDATE_SCREENSHOT"):
        (REPO / "docs").mkdir(exist_ok=True)
        (REPO / "docs" / shot.name).write_bytes(shot.read_bytes())


async def test_worker_finds_the_blueprints_in_the_demo_home(tablet: Page) -> None:
    listed = await tablet.evaluate(
        "() => document.querySelector('home-assistant').hass.callWS("
        "{type: 'blueprint/list', domain: 'automation'})"
    )
    ours = {path: item for path, item in listed.items() if path.startswith("digiohjaus/")}
    names = sorted(path.removeprefix("digiohjaus/") for path in ours)
    assert names == sorted(path.name for path in BLUEPRINTS.glob("*.yaml"))
    assert all("error" not in item for item in ours.values()), ours


async def test_client_adds_to_the_shopping_list(tablet: Page, demo_home: DemoHome) -> None:
    await tablet.goto(f"{demo_home.url}/{DASHBOARD}/ostoslista")
    await expect(tablet.get_by_text("Mitä kaupasta?")).to_be_visible()
    field = tablet.locator("hui-todo-list-card input").first
    await field.fill("Kaurahiutaleet")
    await field.press("Enter")
    await expect(tablet.get_by_text("Kaurahiutaleet")).to_be_visible()
    await demo_home.wait_for_state("todo.shopping_list", lambda state: state["state"] == "1")


async def test_client_sees_who_has_received_her_data(tablet: Page, demo_home: DemoHome) -> None:
    await tablet.goto(f"{demo_home.url}/{DASHBOARD}/tietoni")
    await expect(tablet.get_by_text("Kenelle tietojani on jaettu")).to_be_visible()
    # The demo contacts' consents are the first entries of the audit log.
    await expect(tablet.get_by_text("Liisa:", exact=False).first).to_be_visible()
    await expect(tablet.get_by_text("suostumus annettu").first).to_be_visible()
    await expect(tablet.get_by_text("Liisa (ohjaaja)")).to_be_visible()
