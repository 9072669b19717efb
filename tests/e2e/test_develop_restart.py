"""scripts/develop is ready on every start of the same configuration, not only the first."""

from __future__ import annotations

from pathlib import Path
import time

import pytest
from pytest_socket import enable_socket

from .conftest import _free_port, _tail, start_develop, stop_develop, wait_until_ready

pytestmark = pytest.mark.e2e

SECOND_START_TIMEOUT = 120  # HA's own start on a busy two-core machine; no packages to install


def test_develop_is_ready_again_on_the_same_config(tmp_path: Path) -> None:
    """Start, stop, start again: the second start says it is ready and keeps running."""
    enable_socket()
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    log = tmp_path / "develop.log"
    port = _free_port()
    first = start_develop(config_dir, port, log)
    try:
        wait_until_ready(first, log)
    finally:
        stop_develop(first)
    assert "demo home created" in log.read_text()

    second = start_develop(config_dir, port, log)
    try:
        wait_until_ready(second, log, starts=2, timeout=SECOND_START_TIMEOUT)
        second_start = log.read_text().split("Log in as", 1)[1]
        assert "demo home is ready" in second_start
        # The first stop was clean: Home Assistant closed its database (a second signal
        # during its shutdown used to kill it before it saved anything).
        assert "shutdown cleanly" not in second_start
        time.sleep(3)
        assert second.poll() is None, f"scripts/develop stopped after it was ready:\n{_tail(log)}"
    finally:
        stop_develop(second)
