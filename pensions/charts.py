"""Server-rendered SVG charts: geometry only (where each bar or point goes); the figures come from the engine and
the templates draw them. No inline styles, so the Content-Security-Policy needs no exception.

Coordinates are text, written as ``str`` writes the number: a number in a template goes through Django's
localisation (formats.number_format), ~50 µs each, and a chart has a hundred or more (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    label: str
    value: Decimal
    show_label: bool


@dataclass(frozen=True)
class Tick:
    y: str
    label: str


@dataclass(frozen=True)
class BarChart:
    width: str
    height: str
    bars: list[Bar]
    ticks: list[Tick]
    baseline: str
    left: str


def bar_chart(points: list[tuple[str, Decimal]], *, maximum: Decimal, ticks: int = 4, label_every: int = 5) -> BarChart:
    """Bars for (label, value) pairs on a scale from 0 to `maximum`; every `label_every`-th bar keeps its label."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    maximum = maximum if maximum > 0 else Decimal(1)
    step = plot_width / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = float(min(value, maximum) / maximum) * plot_height
        bars.append(Bar(str(round(LEFT + index * step + step * 0.1, 2)), str(round(TOP + plot_height - height, 2)),
                        str(round(step * 0.8, 2)), str(round(height, 2)), label, value,
                        index % label_every == 0 or index == len(points) - 1))
    scale = [Tick(str(round(TOP + plot_height - plot_height * k / ticks, 2)), _tick_label(maximum * k / ticks))
             for k in range(ticks + 1)]
    return BarChart(str(WIDTH), str(HEIGHT), bars, scale, str(TOP + plot_height), str(LEFT))


def _tick_label(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass(frozen=True)
class Series:
    name: str
    points: str  # the SVG polyline "x,y x,y …"
    css_class: str


@dataclass(frozen=True)
class LineChart:
    width: str
    height: str
    series: list[Series]
    ticks: list[Tick]
    x_labels: list[tuple[str, str]]  # (x, label) of the labels written under the axis
    baseline: str
    left: str


def line_chart(labels: list[str], series: list[tuple[str, list[Decimal]]], *, ticks: int = 4,
               label_every: int = 5) -> LineChart:
    """One polyline per series over the same x labels, on a scale from 0 to the largest value; every
    `label_every`-th label, and the last, is written under the axis."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    maximum = max((value for _, values in series for value in values), default=Decimal(1)) or Decimal(1)
    step = plot_width / max(len(labels) - 1, 1)
    lines = []
    for number, (name, values) in enumerate(series):
        coordinates = " ".join(
            f"{LEFT + index * step:.1f},{TOP + plot_height - float(value / maximum) * plot_height:.1f}"
            for index, value in enumerate(values))
        lines.append(Series(name, coordinates, f"series-{number}"))
    scale = [Tick(str(round(TOP + plot_height - plot_height * k / ticks, 2)), f"{maximum * k / ticks:,.0f}")
             for k in range(ticks + 1)]
    last = len(labels) - 1
    x_labels = [(str(round(LEFT + index * step, 1)), label) for index, label in enumerate(labels)
                if index % label_every == 0 or index == last]
    return LineChart(str(WIDTH), str(HEIGHT), lines, scale, x_labels, str(TOP + plot_height), str(LEFT))
