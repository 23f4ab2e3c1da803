"""Geometry for the co-sponsor chart: plain numbers the template draws as SVG, so it is tested without a browser.

The bars are horizontal, one row per edition in date order: rows stack down a narrow phone screen and the
year labels never collide, however many editions a series has. Editions without a known count get a row
with no bar and the words "not recorded", so a gap in the record is visible instead of looking like zero.
"""

from dataclasses import dataclass

WIDTH = 400  # viewBox units; the SVG scales to its container
LABEL_WIDTH = 52  # the year column
VALUE_GUTTER = 44  # room right of the longest bar for its number
TOP = 8
ROW = 30
BAR = 20


@dataclass(frozen=True)
class Bar:
    year: int
    value: int | None
    current: bool
    x: float
    y: float  # top of the row's bar
    width: float  # 0 when the count is not recorded
    height: float
    label_y: float  # text baseline for the year and the value, centred on the bar

    @property
    def known(self):
        return self.value is not None

    @property
    def label(self):
        return str(self.value) if self.known else "not recorded"

    @property
    def mid_y(self):
        return self.y + self.height / 2

    @property
    def value_x(self):
        """Where the number (or "not recorded") starts: just after the bar."""
        return self.x + self.width + 6


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    max_value: int | None
    label_x: int  # right edge of the year column (text is end-anchored)
    axis_x: int

    @property
    def first_year(self):
        return self.bars[0].year if self.bars else None

    @property
    def last_year(self):
        return self.bars[-1].year if self.bars else None

    @property
    def known_bars(self):
        return [bar for bar in self.bars if bar.known]


def bar_chart(points):
    """Horizontal bars for (year, value-or-None, is-current) points, the largest value spanning the plot width."""
    points = sorted(points, key=lambda point: point[0])
    known = [value for _, value, _ in points if value is not None]
    max_value = max(known) if known else None
    plot_width = WIDTH - LABEL_WIDTH - VALUE_GUTTER
    bars = []
    for row, (year, value, current) in enumerate(points):
        y = TOP + row * ROW + (ROW - BAR) / 2
        width = 0.0
        if value is not None and max_value:
            width = round(plot_width * value / max_value, 2)
        bars.append(
            Bar(
                year=year,
                value=value,
                current=current,
                x=LABEL_WIDTH,
                y=y,
                width=width,
                height=BAR,
                label_y=y + BAR / 2 + 5,  # about a third of the 14-unit font below the centre line
            )
        )
    return BarChart(
        bars=bars,
        width=WIDTH,
        height=TOP * 2 + ROW * len(points),
        max_value=max_value,
        label_x=LABEL_WIDTH - 8,
        axis_x=LABEL_WIDTH,
    )


def cosponsor_chart(editions, *, current=None):
    """The co-sponsors of each edition of a series (resolutions with `cosponsors_total`)."""
    current_pk = current.pk if current is not None else None
    return bar_chart([(edition.year, edition.cosponsors_total, edition.pk == current_pk) for edition in editions])
