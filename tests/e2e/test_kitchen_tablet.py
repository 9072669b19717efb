"""The client's taps on the kitchen tablet, in a real browser against the running demo home."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.async_api import Page, expect
import pytest

from .conftest import REPO, TABLET, DemoHome

pytestmark = pytest.mark.e2e


async def test_demo_user_opens_the_kitchen_dashboard(
    tablet: Page, demo_home: DemoHome, tmp_path: Path
) -> None:
    """The demo user logs in through Home Assistant's login page and sees the tablet view."""
    await expect(tablet.get_by_text("Ostoslista").first).to_be_visible()
    assert tablet.viewport_size == TABLET
    shot = tmp_path / "kitchen_tablet.png"
    await tablet.screenshot(path=shot)
    if os.environ.get("DIGIOHJAUS_UPDATE_SCREENSHOT"):
        (REPO / "docs").mkdir(exist_ok=True)
        (REPO / "docs" / "kitchen_tablet.png").write_bytes(shot.read_bytes())
