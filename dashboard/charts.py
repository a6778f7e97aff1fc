"""Geometry of the dashboard's and the outcome panel's charts, drawn as SVG on the server.

Nothing is sent to an outside service and no script runs in the browser: the
templates draw the shapes computed here. Each chart is an image with a title
and a description (``role="img"``); the page shows the same numbers in a table
beside it, which is the chart's text alternative and where the numbers link.
Presentation attributes, not ``style``: the content security policy allows no
inline styles.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

# Horizontal bar chart: a label column, then the bar, then its number.
BAR_LABEL_WIDTH = 220
BAR_AREA_WIDTH = 320
BAR_NUMBER_WIDTH = 70
BAR_HEIGHT = 22
BAR_GAP = 8
# A label's longest text, and the widest a character of the 13-pixel labels is
# drawn (bold capitals and "m" included): the label column is as wide as the
# longest label needs, so that "Kotoutumissuunnitelma voimassa" is never cut.
BAR_LABEL_MAX_CHARS = 40
BAR_LABEL_CHAR_WIDTH = 8
BAR_LABEL_PADDING = 16

# Trend chart: one row per level, one column per assessment.
TREND_LABEL_WIDTH = 170
TREND_COLUMN_WIDTH = 70
TREND_ROW_HEIGHT = 24
TREND_TOP = 12
TREND_AXIS_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its number, and where it is drawn."""

    label: str
    value: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        """The baseline of the bar's texts, centred on the bar."""
        return self.y + BAR_HEIGHT // 2 + 5


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars scaled to the largest value (or to ``scale_to``)."""

    bars: tuple[Bar, ...]
    height: int
    label_width: int = BAR_LABEL_WIDTH
    area_width: int = BAR_AREA_WIDTH

    @property
    def width(self) -> int:
        return self.label_width + self.area_width + BAR_NUMBER_WIDTH

    @property
    def number_x(self) -> int:
        """Where a bar's number starts: just after the longest possible bar."""
        return self.label_width + self.area_width + 6

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT


def bar_chart(items: Sequence[tuple[str, int]], *, scale_to: int | None = None) -> BarChart:
    """The bars of ``items`` (label, value); a value of ``scale_to`` fills the width."""
    largest = max([scale_to or 0, *(value for _label, value in items)], default=0)
    bars = tuple(
        Bar(
            label=label,
            value=value,
            y=index * (BAR_HEIGHT + BAR_GAP),
            # A non-zero value gets at least a sliver, so that it never reads as zero.
            width=max(2, round(BAR_AREA_WIDTH * value / largest)) if value and largest else 0,
        )
        for index, (label, value) in enumerate(items)
    )
    longest = max((min(len(label), BAR_LABEL_MAX_CHARS) for label, _value in items), default=0)
    return BarChart(
        bars=bars,
        height=max(1, len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP),
        label_width=max(BAR_LABEL_WIDTH, longest * BAR_LABEL_CHAR_WIDTH + BAR_LABEL_PADDING),
    )


@dataclass(frozen=True)
class TrendPoint:
    """One assessment on a trend chart: its date, its level, and where it is drawn."""

    day: datetime.date
    label: str
    x: int
    y: int


@dataclass(frozen=True)
class TrendLevel:
    """One level of the scale, drawn as a labelled grid line."""

    label: str
    y: int


@dataclass(frozen=True)
class TrendChart:
    """A series of ordinal readings over time: levels bottom to top, assessments left to right."""

    levels: tuple[TrendLevel, ...]
    points: tuple[TrendPoint, ...]
    width: int
    height: int

    @property
    def label_width(self) -> int:
        return TREND_LABEL_WIDTH

    @property
    def axis_y(self) -> int:
        """The baseline of the dates under the points."""
        return self.height - 8

    @property
    def polyline(self) -> str:
        """The points as an SVG ``points`` attribute."""
        return " ".join(f"{point.x},{point.y}" for point in self.points)


def trend_chart(
    readings: Sequence[tuple[datetime.date, int, str]], *, levels: Sequence[str]
) -> TrendChart:
    """The chart of ``readings`` (date, level index, level label) on ``levels``, lowest first.

    The assessments are spaced evenly, not by date: they are a handful of
    visits months apart, and an even spacing keeps every date legible.
    """

    def level_y(index: int) -> int:
        # The highest level at the top.
        return TREND_TOP + (len(levels) - 1 - index) * TREND_ROW_HEIGHT

    plot_height = TREND_TOP + (len(levels) - 1) * TREND_ROW_HEIGHT
    return TrendChart(
        levels=tuple(TrendLevel(label=label, y=level_y(i)) for i, label in enumerate(levels)),
        points=tuple(
            TrendPoint(
                day=day,
                label=label,
                x=TREND_LABEL_WIDTH + TREND_COLUMN_WIDTH // 2 + i * TREND_COLUMN_WIDTH,
                y=level_y(index),
            )
            for i, (day, index, label) in enumerate(readings)
        ),
        width=TREND_LABEL_WIDTH + max(1, len(readings)) * TREND_COLUMN_WIDTH,
        height=plot_height + TREND_AXIS_HEIGHT + TREND_ROW_HEIGHT // 2,
    )
