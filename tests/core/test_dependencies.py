"""Bug: the Docker image (installed without the dev group) could not seed its demo, because the
demo seeder imported faker, a dev-only package. Each dependency now sits in the group where it is
used, and production's reachable modules are imported with the dev group made unimportable."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_production_imports.py"


def _check_module():
    spec = importlib.util.spec_from_file_location("check_production_imports", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_dependency_is_in_the_group_where_it_is_used():
    dev_only = _check_module().dev_only_distributions()
    # Used by tests and by `make run` only.
    assert {"pytest-django", "factory-boy", "playwright", "honcho"} <= dev_only
    # The demo seeder runs in the image (docker compose runs `seed_demo --force`).
    assert "faker" not in dev_only
    lock = (ROOT / "uv.lock").read_text()
    assert 'name = "drf-spectacular-sidecar"' not in lock  # our own API docs page replaced it


def test_every_module_production_reaches_imports_without_the_dev_group():
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "faker" not in result.stdout.split("blocked dev-only modules:")[1].splitlines()[0]
