"""Check-in, "call my worker" and the crisis path on the kitchen tablet, in a real browser."""

from __future__ import annotations

from playwright.async_api import Page, expect
import pytest

from .conftest import DASHBOARD, DemoHome, card

pytestmark = pytest.mark.e2e

CALL = "sensor.kotihubi_maija_soittopyynto"


async def test_client_checks_in_with_one_tap(tablet: Page, demo_home: DemoHome) -> None:
    await expect(tablet.get_by_text("Miten voit tänään?")).to_be_visible()
    await card(tablet, "Hyvä").click()
    await demo_home.wait_for_state(
        "binary_sensor.kotihubi_maija_vointi_kerrottu_tanaan", lambda s: s["state"] == "on"
    )
    await expect(
        tablet.get_by_text("Kiitos! Vointisi tänään").locator("visible=true")
    ).to_be_visible()
    state = await demo_home.state("sensor.kotihubi_maija_vointi_tanaan")
    assert state["state"] == "good"


async def test_call_request_and_the_answer_show_at_once(tablet: Page, demo_home: DemoHome) -> None:
    # The crisis path is on the tablet before anyone is asked anything.
    await expect(tablet.get_by_text("09 2525 0111").first).to_be_visible()
    await card(tablet, "Soita ohjaajalle").click()
    await demo_home.wait_for_state(CALL, lambda s: s["state"] == "requested")
    await expect(tablet.get_by_text("Pyyntö lähetetty").locator("visible=true")).to_be_visible()
    # The request reaches Liisa's phone (in the demo: a persistent notification).
    notifications = await tablet.evaluate(
        "() => document.querySelector('home-assistant').hass.callWS("
        "{type: 'persistent_notification/get'})"
    )
    assert "📞 Maija toivoo soittoa" in [note["title"] for note in notifications]
    entries = await demo_home.api("GET", "/api/config/config_entries/entry?domain=digiohjaus")
    await demo_home.api(
        "POST",
        "/api/services/digiohjaus/acknowledge_call",
        {"config_entry_id": entries[0]["entry_id"]},
    )
    answer = tablet.get_by_text("Sinulle soitetaan pian").locator("visible=true")
    await expect(answer).to_be_visible()


async def test_safety_plan_is_on_the_tablet(tablet: Page, demo_home: DemoHome) -> None:
    await tablet.goto(f"{demo_home.url}/{DASHBOARD}/turvasuunnitelma")
    await expect(tablet.get_by_text("Turvasuunnitelmani")).to_be_visible()
    await expect(tablet.get_by_text("1. Varoitusmerkit")).to_be_visible()
    await expect(tablet.get_by_text("Lämmin suihku", exact=False)).to_be_visible()
