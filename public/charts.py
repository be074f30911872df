"""Bar charts drawn on the server: geometry computed here, SVG written by a template.

No JavaScript is needed to see them, and each chart comes with the same numbers as a table for
screen readers and for readers who want to copy them.
"""

from dataclasses import dataclass

ROW_HEIGHT = 28
BAR_HEIGHT = 20
# Narrow enough that a 360 px phone shows the labels at a readable size without scaling down.
LABEL_WIDTH = 140
BAR_AREA = 180
VALUE_GAP = 6
CHART_WIDTH = LABEL_WIDTH + BAR_AREA + 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str
    y: int
    text_y: int
    width: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    value_gap: int

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(rows: list[tuple[str, int, str]]) -> BarChart:
    """Horizontal bars for (label, value, link) rows, longest bar = the largest value."""
    largest = max((value for _, value, _ in rows), default=0) or 1
    bars = [
        Bar(
            label=label,
            value=value,
            href=href,
            y=index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2,
            text_y=index * ROW_HEIGHT + ROW_HEIGHT // 2 + 5,
            # A non-zero value always gets a visible bar, however small next to the largest.
            width=max(2, round(BAR_AREA * value / largest)) if value else 0,
        )
        for index, (label, value, href) in enumerate(rows)
    ]
    return BarChart(
        bars=bars,
        width=CHART_WIDTH,
        height=max(ROW_HEIGHT, len(bars) * ROW_HEIGHT),
        label_width=LABEL_WIDTH,
        value_gap=VALUE_GAP,
    )
