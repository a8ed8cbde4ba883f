"""Demo data: a registry of seeders that each app contributes through its own `demo` module.

`manage.py seed_demo` imports `<app>.demo` for every local app, then runs the registered seeders
in order with one shared context. Seeders must be deterministic for a given seed (all randomness
comes from `ctx.rng` and `ctx.faker`) and idempotent (natural keys, get-or-create or
`bulk_create(ignore_conflicts=True)`), so that a second run changes nothing.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from faker import Faker

from .discovery import import_local_submodules

# Every demo account shares this password (documented in the README); never used in production
# because seed_demo refuses to run when DEBUG is off unless forced.
DEMO_PASSWORD = "demo-epop-2026"  # noqa: S105 (public, documented demo password)
DEMO_EMAIL_DOMAIN = "example.org"

_SEEDERS: list[tuple[int, str, Callable]] = []


@dataclass
class DemoContext:
    seed: int
    profiles: int
    write: Callable[[str], None]
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)
    # Seeders share what they created (e.g. user ids by kind) through this dict.
    shared: dict = field(default_factory=dict)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.faker = Faker("fr_FR")
        self.faker.seed_instance(self.seed)


def seeder(order: int):
    """Register a seeder; lower orders run first (accounts before profiles before contacts)."""

    def register(func):
        name = f"{func.__module__}.{func.__name__}"
        if name not in {registered for _, registered, _ in _SEEDERS}:
            _SEEDERS.append((order, name, func))
        return func

    return register


def discover() -> None:
    import_local_submodules("demo")


def run(ctx: DemoContext) -> None:
    discover()
    for _, name, func in sorted(_SEEDERS):
        ctx.write(f"→ {name}")
        func(ctx)
