"""Import every module production can reach, with the dev dependency group made unimportable.

The image installs `uv sync --no-dev`; a runtime module that imports a dev-only package (faker,
pytest…) fails there and nowhere else. This check computes, from uv.lock, the distributions that
only the dev group brings, blocks their top-level modules with an import hook, loads the
production settings, sets Django up, and imports every module of the project's apps (tests and
migrations aside; migrations run through Django's loader, also checked here). It exits non-zero
and names the chain when one of them needs a dev-only package.

Run: .venv/bin/python scripts/check_production_imports.py (tests/core/test_dependencies.py runs it).
"""

import importlib
import importlib.abc
import importlib.metadata
import os
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("epop", "directory", "toolbox", "legal_guide", "forum")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dev_only_distributions() -> set[str]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    packages = {_normalise(p["name"]): p for p in lock["package"]}
    root = packages["epop"]

    def closure(names) -> set[str]:
        seen, todo = set(), [_normalise(n) for n in names]
        while todo:
            name = todo.pop()
            if name in seen or name not in packages:
                continue
            seen.add(name)
            package = packages[name]
            todo += [_normalise(d["name"]) for d in package.get("dependencies", [])]
            for extra in package.get("optional-dependencies", {}).values():
                todo += [_normalise(d["name"]) for d in extra]
        return seen

    runtime = closure(d["name"] for d in root.get("dependencies", []))
    dev = closure(d["name"] for group in root.get("dev-dependencies", {}).values() for d in group)
    return dev - runtime


class Blocker(importlib.abc.MetaPathFinder):
    def __init__(self, modules: set[str]):
        self.modules = modules

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in self.modules:
            raise ImportError(f"{fullname} belongs to the dev group only")
        return None


def blocked_modules(distributions: set[str]) -> set[str]:
    modules = set()
    for module, dists in importlib.metadata.packages_distributions().items():
        if dists and all(_normalise(d) in distributions for d in dists):
            modules.add(module)
    return modules


def project_modules() -> list[str]:
    names = []
    for package in PROJECT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or "settings" in parts:
                continue
            names.append(".".join(p for p in parts if p != "__init__") or package)
    return names


def main() -> int:
    blocked = blocked_modules(dev_only_distributions())
    sys.meta_path.insert(0, Blocker(blocked))
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "epop.settings.prod"
    os.environ.setdefault("DJANGO_SECRET_KEY", "check-production-imports-" + "x" * 40)
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "epop.example.org")
    import django

    django.setup()
    from django.db.migrations.loader import MigrationLoader

    MigrationLoader(None, ignore_no_migrations=True)
    failures = []
    for name in project_modules():
        try:
            importlib.import_module(name)
        except ImportError as error:
            failures.append(f"{name}: {error}")
    print(f"blocked dev-only modules: {', '.join(sorted(blocked)) or 'none'}")
    if failures:
        print("Modules that production cannot import:", *failures, sep="\n  ")
        return 1
    print(f"ok: {len(project_modules())} project modules import with production settings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
