"""Bar charts drawn on the server: geometry computed here, SVG written by a template.

No JavaScript is needed to see them, and each chart comes with the same numbers as a table for
screen readers and for readers who want to copy them.
"""

from dataclasses import dataclass

ROW_HEIGHT = 28
BAR_HEIGHT = 20
# The label column fits the longest label (13 px text: about 7.2 px a character, generously), so
# no name is cut; narrow enough for common names that a 360 px phone shows them at a readable size.
CHAR_WIDTH = 7.2
MIN_LABEL_WIDTH = 90
MAX_LABEL_WIDTH = 190
BAR_AREA = 180
VALUE_GAP = 6
VALUE_ROOM = 40


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
    longest = max((len(label) for label, _, _ in rows), default=0)
    label_width = min(MAX_LABEL_WIDTH, max(MIN_LABEL_WIDTH, round(longest * CHAR_WIDTH) + 12))
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
        width=label_width + BAR_AREA + VALUE_ROOM,
        height=max(ROW_HEIGHT, len(bars) * ROW_HEIGHT),
        label_width=label_width,
        value_gap=VALUE_GAP,
    )
