"""Start the demo home on the newest released Home Assistant and check digiohjaus on it.

The test suite runs on the Home Assistant its test harness pins; HACS users update every
month. This check installs the newest release of ``homeassistant`` from the package registry
into a virtualenv of its own (kept between runs; reinstalled only when a newer release
appears), with the ``home-assistant-frontend`` its frontend manifest names and the
requirements of the integrations the demo home loads (at the versions that release's
manifests name). Then it runs ``scripts/develop`` on a throwaway copy of the demo config
twice (the first start creates the hub through the config-flow API, the second starts it
from storage, as after any restart) and fails on:

- any warning or error in the log that comes from digiohjaus or names it (deprecations that
  Home Assistant reports about the integration included);
- the hub not loaded on the second start, or any entity of the integration's entity registry
  that did not set up (no state, a restored placeholder state, or unavailable).

Run it with ``scripts/check_newest_ha``; standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import importlib.util
import json
import os
from pathlib import Path
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from types import ModuleType
from typing import Any
from urllib import request

REPO = Path(__file__).resolve().parent.parent
DEFAULT_VENV = REPO / ".venv-newest"
STAMP = ".digiohjaus-newest"
START_TIMEOUT = 900  # a first start may still pip-install an integration's requirement
RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:?\d\d|Z)? (?P<level>[A-Z]+) "
)
NOTICE = "We found a custom integration digiohjaus which has not been tested"
"""Home Assistant's notice for every custom integration: not a problem of digiohjaus."""
PROBLEM_LEVELS = frozenset({"WARNING", "ERROR", "CRITICAL"})
VERSION = re.compile(r"^homeassistant \((?P<version>[^)]+)\)", re.MULTILINE)


def log(message: str) -> None:
    """Say what the check is doing."""
    print(f"check_newest_ha: {message}", flush=True)


def problem_records(text: str, name: str = "digiohjaus") -> list[str]:
    """Return the log records at WARNING or above that come from ``name`` or mention it.

    A record is its first line and the lines that follow it up to the next record (a
    traceback belongs to the record above it).
    """
    records: list[list[str]] = []
    for line in text.splitlines():
        if RECORD.match(line):
            records.append([line])
        elif records:
            records[-1].append(line)
    found = []
    for lines in records:
        match = RECORD.match(lines[0])
        block = "\n".join(lines)
        problem = match is not None and match["level"] in PROBLEM_LEVELS
        if problem and name in block.lower() and NOTICE not in block and block not in found:
            found.append(block)
    return found


def entity_problems(registered: Iterable[str], states: Iterable[Mapping[str, Any]]) -> list[str]:
    """Return the registered entities that did not set up, each with what is wrong."""
    by_id = {str(state["entity_id"]): state for state in states}
    problems = []
    for entity_id in sorted(registered):
        state = by_id.get(entity_id)
        if state is None:
            problems.append(f"{entity_id}: no state")
        elif state.get("attributes", {}).get("restored"):
            problems.append(f"{entity_id}: not set up (restored placeholder)")
        elif state.get("state") == "unavailable":
            problems.append(f"{entity_id}: unavailable")
    return problems


def newest_release(python: Path) -> str | None:
    """Return the newest released version of homeassistant (no pre-releases), if reachable."""
    result = subprocess.run(  # noqa: S603 - pip of our own virtualenv
        [str(python), "-m", "pip", "index", "versions", "homeassistant"],
        capture_output=True,
        text=True,
        check=False,
    )
    match = VERSION.search(result.stdout)
    return match["version"] if match else None


PIP_NOISE = "is ignored: it is neither a file nor a directory"
"""pip's note about an index location of this machine's configuration that is not there."""


def _pip(venv: Path, *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - pip of our own virtualenv
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *args],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    for line in result.stderr.splitlines():
        if PIP_NOISE not in line:
            print(line, file=sys.stderr)
    result.check_returncode()


def _site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


def frontend_requirement(venv: Path) -> str:
    """Return the frontend requirement that the installed Home Assistant's manifest names."""
    manifest = _site_packages(venv) / "homeassistant" / "components" / "frontend" / "manifest.json"
    requirements = json.loads(manifest.read_text())["requirements"]
    return next(req for req in requirements if req.startswith("home-assistant-frontend=="))


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def integration_requirements(venv: Path, names: Iterable[str]) -> list[str]:
    """Return ``names`` pinned as the installed Home Assistant's integration manifests pin them."""
    wanted = {_normal(name) for name in names}
    pinned: dict[str, str] = {}
    components = _site_packages(venv) / "homeassistant" / "components"
    for manifest in sorted(components.glob("*/manifest.json")):
        for requirement in json.loads(manifest.read_text()).get("requirements", []):
            name, _, version = requirement.partition("==")
            if version and _normal(name) in wanted:
                pinned.setdefault(_normal(name), requirement)
    return sorted(pinned.values())


def demo_requirement_names() -> list[str]:
    """Return the names of the demo home's integration requirements (pyproject's group)."""
    groups = tomllib.loads((REPO / "pyproject.toml").read_text())["dependency-groups"]
    return [re.split(r"[=<>~!\[ ]", item, maxsplit=1)[0] for item in groups["ha-integrations"]]


def own_requirements() -> list[str]:
    """Return the integration's own requirements (its manifest's)."""
    manifest = REPO / "custom_components" / "digiohjaus" / "manifest.json"
    return list(json.loads(manifest.read_text())["requirements"])


def ensure_venv(venv: Path) -> str:
    """Bring ``venv`` to the newest Home Assistant release; return the version it runs.

    The stamp file lists what was installed; Home Assistant is reinstalled only for a newer
    release, the other requirements only when they changed.
    """
    stamp = venv / STAMP
    installed = stamp.read_text().split() if stamp.exists() else []
    newest = newest_release(Path(sys.executable))
    if newest is None:
        if not installed:
            raise SystemExit("check_newest_ha: the package registry did not answer")
        log(f"the registry did not answer; checking the cached {installed[0]}")
        return installed[0].partition("==")[2]
    if installed[:1] == [f"homeassistant=={newest}"]:
        log(f"{venv.name} already has homeassistant {newest}")
    else:
        log(f"installing homeassistant {newest} into {venv}")
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603
        _pip(venv, "--upgrade", "pip>=25.1")
        _pip(venv, f"homeassistant=={newest}")
        installed = []
    extras = [
        frontend_requirement(venv),
        *integration_requirements(venv, demo_requirement_names()),
        *own_requirements(),
    ]
    if installed[1:] != extras:
        log(f"installing {' '.join(extras)}")
        _pip(venv, *extras)
    stamp.write_text(f"homeassistant=={newest} {' '.join(extras)}\n")
    return newest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DemoRun:
    """``scripts/develop`` on the newest virtualenv, a throwaway config and a free port."""

    def __init__(self, venv: Path, config_dir: Path) -> None:
        """Prepare the run; nothing starts yet."""
        self.config_dir = config_dir
        self.output = config_dir.parent / "develop.log"
        self.port = _free_port()
        self.env = {
            **os.environ,
            "DIGIOHJAUS_VENV": str(venv),
            "DIGIOHJAUS_CONFIG": str(config_dir),
            "DIGIOHJAUS_PORT": str(self.port),
        }
        self.starts = 0

    def start(self) -> subprocess.Popen[bytes]:
        """Start the demo home and wait until it is ready (``Log in as``)."""
        self.starts += 1
        with self.output.open("a") as out:
            process = subprocess.Popen(  # noqa: S603 - our own script
                [str(REPO / "scripts" / "develop")],
                cwd=REPO,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        began = time.monotonic()
        while self.output.read_text(errors="replace").count("Log in as") < self.starts:
            if process.poll() is not None or time.monotonic() - began > START_TIMEOUT:
                self.stop(process)
                tail = "\n".join(self.output.read_text(errors="replace").splitlines()[-60:])
                raise SystemExit(f"check_newest_ha: the demo home did not start:\n{tail}")
            time.sleep(1)
        log(f"start {self.starts} ready in {time.monotonic() - began:.0f} s")
        return process

    @staticmethod
    def stop(process: subprocess.Popen[bytes]) -> None:
        """Stop it as Ctrl-C in its terminal would."""
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _demo_home_module(port: int) -> ModuleType:
    os.environ["DIGIOHJAUS_PORT"] = str(port)
    spec = importlib.util.spec_from_file_location("demo_home", REPO / "scripts" / "demo_home.py")
    if spec is None or spec.loader is None:
        raise SystemExit("check_newest_ha: scripts/demo_home.py cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _api(port: int, token: str, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    call = request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with request.urlopen(call, timeout=60) as response:
        raw = response.read().decode()
    return json.loads(raw) if raw.strip().startswith(("[", "{")) else raw


FAILED_STATES = frozenset({"setup_error", "migration_error", "failed_unload"})


def _wait_until_loaded(run: DemoRun, token: str, timeout: float = 120) -> list[str]:
    """Wait until every entry of digiohjaus is loaded (or failed); return their states.

    Home Assistant answers before it has set up every integration, so an entry may still
    be ``not_loaded`` or ``setup_in_progress`` (or ``setup_retry``) for a while.
    """
    path = "/api/config/config_entries/entry?domain=digiohjaus"
    began = time.monotonic()
    while True:
        states = [str(entry["state"]) for entry in _api(run.port, token, "GET", path)]
        settled = all(state == "loaded" or state in FAILED_STATES for state in states)
        if settled or time.monotonic() - began > timeout:
            log(f"entries {states} after {time.monotonic() - began:.0f} s")
            return states
        time.sleep(0.5)


def entities_after_restart(run: DemoRun) -> tuple[list[str], list[dict[str, Any]]]:
    """Return the integration's registered entities and every state, read from the run."""
    token = _demo_home_module(run.port).log_in()
    entries = _wait_until_loaded(run, token)
    if entries != ["loaded"]:
        raise SystemExit(f"check_newest_ha: the hub did not load: {entries}")
    template = "{{ integration_entities('digiohjaus') | join(',') }}"
    rendered = _api(run.port, token, "POST", "/api/template", {"template": template})
    registered = [entity_id for entity_id in str(rendered).split(",") if entity_id]
    return registered, list(_api(run.port, token, "GET", "/api/states"))


def main() -> int:
    """Install (or reuse) the newest release, run the demo home twice, report, fail on problems."""
    venv = Path(os.environ.get("DIGIOHJAUS_NEWEST_VENV", DEFAULT_VENV)).resolve()
    began = time.monotonic()
    version = ensure_venv(venv)
    with tempfile.TemporaryDirectory(prefix="digiohjaus-newest-") as tmp:
        run = DemoRun(venv, Path(tmp) / "config")
        DemoRun.stop(run.start())  # creates the hub and its subentries
        process = run.start()  # the hub from storage, as after a restart
        try:
            registered, states = entities_after_restart(run)
        finally:
            DemoRun.stop(process)
        # Home Assistant's own log of each start (the first start's is kept as .log.1).
        logs = sorted(run.config_dir.glob("home-assistant.log*"))
        records = problem_records("\n".join(path.read_text(errors="replace") for path in logs))
    problems = [*entity_problems(registered, states), *records]
    for problem in problems:
        print(problem, file=sys.stderr)
    frontend = (venv / STAMP).read_text().split()[1]
    log(
        f"homeassistant {version} with {frontend}: {len(registered)} entities, "
        f"{len(problems)} problems, {time.monotonic() - began:.0f} s"
    )
    if not registered:
        log("no entity of digiohjaus is registered")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
