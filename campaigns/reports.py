"""Figures for staff: confirmed signatures per day, and the bar chart drawn from them.

The chart is plain SVG laid out here, so the admin needs no JavaScript and no inline
styles; coordinates are formatted as strings so that no locale turns 12.5 into "12,5".
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate

from campaigns.models import Petition, Signature

# About a year of bars still reads at the admin's width; older days are left off.
MAX_DAYS = 366


def signatures_per_day(*, petition: Petition) -> list[tuple[date, int]]:
    """Return confirmed signatures per local day, first to latest day, with empty days as 0."""
    rows = (
        Signature.objects.filter(petition=petition, confirmed_at__isnull=False)
        .annotate(day=TruncDate("confirmed_at"))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    counts = {row["day"]: row["count"] for row in rows}
    if not counts:
        return []
    last = max(counts)
    first = max(min(counts), last - timedelta(days=MAX_DAYS - 1))
    return [
        (first + timedelta(days=offset), counts.get(first + timedelta(days=offset), 0))
        for offset in range((last - first).days + 1)
    ]


@dataclass(frozen=True)
class Bar:
    day: date
    count: int
    x: str
    y: str
    width: str
    height: str


@dataclass(frozen=True)
class DayChart:
    """A bar per day, in a viewBox `width` wide and `height` high, with room for the axis labels."""

    bars: list[Bar]
    width: int
    height: int
    peak: int
    total: int
    first: date | None
    last: date | None
    # Where the plot area sits in the viewBox, for the axes and their labels.
    left: int
    top: int
    bottom: int
    right: int


def day_chart(*, series: list[tuple[date, int]], width: int = 720, height: int = 220) -> DayChart:
    """Lay out a bar chart of daily counts, scaled to the busiest day."""
    left, top, right, bottom = 40, 10, width - 10, height - 30
    peak = max((count for _day, count in series), default=0)
    slot = (right - left) / len(series) if series else 0
    gap = min(2.0, slot / 4)
    bars = []
    for index, (day, count) in enumerate(series):
        bar_height = (bottom - top) * count / peak if peak else 0
        bars.append(
            Bar(
                day=day,
                count=count,
                x=f"{left + index * slot + gap / 2:.2f}",
                y=f"{bottom - bar_height:.2f}",
                width=f"{max(slot - gap, 0.5):.2f}",
                height=f"{bar_height:.2f}",
            )
        )
    return DayChart(
        bars=bars,
        width=width,
        height=height,
        peak=peak,
        total=sum(count for _day, count in series),
        first=series[0][0] if series else None,
        last=series[-1][0] if series else None,
        left=left,
        top=top,
        bottom=bottom,
        right=right,
    )
