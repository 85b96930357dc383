"""
How many routines each filter option would show, so a reader sees before choosing that "Lying
on your front" has none yet. Each filter is counted with the others applied (choosing a body
area changes the positions' counts), in two queries whatever the library's size: one for the
body areas, one for positions and durations together.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from .models import Duration, Position, Routine


@dataclass(frozen=True)
class OptionCounts:
    """For each filter, the number of published routines per option value."""

    area: dict[str, int] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)
    duration: dict[str, int] = field(default_factory=dict)


def _within(bucket: str) -> Q:
    """The routines of a duration bucket, as a condition."""
    low, high = Duration(bucket).minute_range
    return Q(minutes__gte=low) & (Q(minutes__lte=high) if high is not None else Q())


def option_counts(*, area: str = "", position: str = "", duration: str = "") -> OptionCounts:
    """Two queries: body areas under the other filters; positions and durations in one pass."""
    published = Routine.objects.published()
    by_area = (
        published.filter_by(position=position, duration=duration)
        .order_by()
        .values_list("body_areas__slug")
        .annotate(n=Count("pk", distinct=True))
    )
    position_q = Q(position=position) if position else Q()
    duration_q = _within(duration) if duration else Q()
    counts = published.filter_by(area=area).aggregate(
        **{
            f"position_{value}": Count("pk", distinct=True, filter=Q(position=value) & duration_q)
            for value in Position.values
        },
        **{
            f"duration_{value}": Count("pk", distinct=True, filter=_within(value) & position_q)
            for value in Duration.values
        },
    )
    return OptionCounts(
        area={slug: n for slug, n in by_area if slug},
        position={value: counts[f"position_{value}"] for value in Position.values},
        duration={value: counts[f"duration_{value}"] for value in Duration.values},
    )
