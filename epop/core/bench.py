"""Benchmarks: a registry that each app contributes to through its own `bench` module.

`manage.py bench` imports `<app>.bench` for every local app (like `seed_demo` does with `demo`),
then runs the registered functions. A benchmark is `def bench_x(report)` decorated with
`@register("name")`; it records figures with `report.figure(name, value, unit)`.

Each figure is printed at once as one machine-readable line, `bench: <name> <value> <unit>`, so
that a CI job can grep and compare them; a readable table follows at the end.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .discovery import import_local_submodules

_BENCHMARKS: dict[str, list[Callable]] = {}


def register(name: str):
    """Register `func` under `name` (several functions may share a name: `--only` runs all)."""

    def decorator(func):
        registered = _BENCHMARKS.setdefault(name, [])
        # Re-importing a module (autoreload, tests) must not run a benchmark twice.
        qualified = f"{func.__module__}.{func.__qualname__}"
        if qualified not in {f"{f.__module__}.{f.__qualname__}" for f in registered}:
            registered.append(func)
        return func

    return decorator


@dataclass
class Figure:
    benchmark: str
    name: str
    value: float
    unit: str

    @property
    def formatted_value(self) -> str:
        if isinstance(self.value, int) and self.unit != "ms":
            return str(self.value)
        return f"{self.value:.2f}"


@dataclass
class Report:
    write: Callable[[str], None] = print
    figures: list[Figure] = field(default_factory=list)
    current: str = ""

    def figure(self, name: str, value: float, unit: str) -> None:
        figure = Figure(self.current, name, value, unit)
        self.figures.append(figure)
        self.write(f"bench: {figure.name} {figure.formatted_value} {figure.unit}")

    def table(self) -> str:
        if not self.figures:
            return "Aucune mesure."
        rows = [("banc", "mesure", "valeur", "unité")] + [
            (f.benchmark, f.name, f.formatted_value, f.unit) for f in self.figures
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = []
        for index, row in enumerate(rows):
            cells = [
                row[i].rjust(widths[i]) if i == 2 else row[i].ljust(widths[i]) for i in range(4)
            ]
            lines.append("  ".join(cells).rstrip())
            if index == 0:
                lines.append("  ".join("-" * width for width in widths))
        return "\n".join(lines)


def discover() -> None:
    """Import the `bench` module of every app that lives in this project."""
    import_local_submodules("bench")


def available() -> list[str]:
    discover()
    return sorted(_BENCHMARKS)


def run(report: Report, only: str | None = None) -> None:
    discover()
    for name in sorted(_BENCHMARKS):
        if only and name != only:
            continue
        for func in _BENCHMARKS[name]:
            report.current = name
            report.write(f"→ {name} : {func.__module__}.{func.__name__}")
            func(report)
