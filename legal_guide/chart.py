"""Geometry of the simulator's chart: stacked monthly bars drawn as server-side SVG.

The chart repeats the table that follows it (its text alternative); colours come with a legend
and each series also differs by pattern position (always stacked in the same order)."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
HEIGHT = 320
LEFT = 56
BOTTOM = 40
TOP = 12
SERIES = (
    ("earnings", "Revenu de l'activité", "chart-earnings"),
    ("pension", "Pension d'invalidité", "chart-pension"),
    ("aah", "AAH", "chart-aah"),
    ("activity_bonus", "Prime d'activité", "chart-bonus"),
)


@dataclass
class Bar:
    # SVG coordinates as strings: the template must not localise them (« 12,5 » is no length).
    x: str
    y: str
    width: str
    height: str
    css: str


def _n(value: float) -> str:
    return f"{value:.1f}"


def _nice_ceiling(value: Decimal) -> int:
    step = 500
    return max(step, int((value + step - 1) // step) * step)


def build(months) -> dict:
    top = _nice_ceiling(max((m.total for m in months), default=Decimal(0)))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - 8) / max(len(months), 1)
    bar_width = slot * 0.66
    bars, labels = [], []
    for index, month in enumerate(months):
        x = LEFT + index * slot + (slot - bar_width) / 2
        base = HEIGHT - BOTTOM
        for attribute, _, css in SERIES:
            value = getattr(month, attribute)
            height = float(value) / top * plot_height if top else 0
            if height > 0:
                base -= height
                bars.append(Bar(_n(x), _n(base), _n(bar_width), _n(height), css))
        labels.append({"x": _n(x + bar_width / 2), "text": str(month.number)})
    ticks = [
        {"y": _n(HEIGHT - BOTTOM - plot_height * value / top), "value": value}
        for value in range(0, top + 1, max(500, top // 5 // 500 * 500))
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 20,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "legend": [{"label": label, "css": css} for _, label, css in SERIES],
    }
