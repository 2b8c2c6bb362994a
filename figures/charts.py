"""Horizontal bar charts drawn on the server as SVG (figures/_bar_chart.html): no JavaScript, no chart
library, readable at 360 px. Each bar has its label above it and its number at its end, as text; the
SVG is an image (role="img") named by its <title> and described by a <desc> that lists every number,
and the page puts the same numbers in a table beside it.

Coordinates are in the SVG's own units: the chart is WIDTH wide and scales to its box, so at a phone's
width one unit is about one CSS pixel and the text stays legible.
"""

import unicodedata
from dataclasses import dataclass

WIDTH = 320
LABEL_HEIGHT = 18  # the label's line, above its bar
BAR_HEIGHT = 20
GAP = 10  # between one bar and the next label
VALUE_ROOM = 88  # kept right of the longest bar for its number
FONT_SIZE = 14
# Labels wider than the chart are cut (the table beside it has them whole). Widths are estimated: a
# Chinese character is about one em wide, a Latin letter or digit a little over half of one.
WIDE_CHARACTER = FONT_SIZE
NARROW_CHARACTER = FONT_SIZE * 0.6


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str  # the number as shown, e.g. "12" or "12 (40%)"
    label_y: int
    bar_y: int
    width: int
    value_x: int
    value_y: int


@dataclass(frozen=True)
class BarChart:
    slug: str  # unique on the page: the ids of <title> and <desc> derive from it
    title: str
    description: str
    bars: list[Bar]
    width: int
    height: int
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE

    @property
    def title_id(self) -> str:
        return f"chart-{self.slug}-title"

    @property
    def desc_id(self) -> str:
        return f"chart-{self.slug}-desc"


def _width(character: str) -> float:
    return WIDE_CHARACTER if unicodedata.east_asian_width(character) in "WF" else NARROW_CHARACTER


def _short(label: str) -> str:
    """The label, cut with an ellipsis where it would run past the chart's right edge."""
    if sum(_width(character) for character in label) <= WIDTH:
        return label
    room, kept = WIDTH - _width("…"), []
    for character in label:
        room -= _width(character)
        if room < 0:
            break
        kept.append(character)
    return "".join(kept).rstrip() + "…"


def bar_chart(*, slug: str, title: str, rows: list[tuple[str, int] | tuple[str, int, str]]) -> BarChart:
    """A chart of `rows` (label, value[, text shown for the value]) in their order. Bars are scaled to
    the largest value; a zero draws no bar but keeps its label and number."""
    largest = max((row[1] for row in rows), default=0)
    room = WIDTH - VALUE_ROOM
    bars = []
    y = 0
    for row in rows:
        label, value = row[0], row[1]
        text = row[2] if len(row) > 2 else str(value)
        width = round(room * value / largest) if largest else 0
        bar_y = y + LABEL_HEIGHT
        bars.append(
            Bar(
                label=_short(str(label)),
                value=value,
                text=text,
                label_y=y + LABEL_HEIGHT - 5,
                bar_y=bar_y,
                width=width,
                value_x=width + 6,
                value_y=bar_y + BAR_HEIGHT - 5,
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    description = "; ".join(f"{row[0]}: {row[2] if len(row) > 2 else row[1]}" for row in rows)
    return BarChart(
        slug=slug, title=title, description=description, bars=bars, width=WIDTH, height=max(y - GAP, BAR_HEIGHT)
    )
