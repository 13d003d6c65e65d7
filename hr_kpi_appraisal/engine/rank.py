"""Points from a rank among peers: rank 1 (best) gets the most points.

A rank indicator's ``rank_mode`` says where its rank comes from: "manual" (a
rank and group size entered, for ranks made outside) or "computed" (ranked by
``rank_positions`` from the measured values of everyone in its ``rank_group``
of the campaign).
"""

from ._checks import number, within
from .rounding import round_points

RANK_MODES = ("manual", "computed")
RANK_GROUPS = ("campaign", "department", "job", "department_job")


def rank_score(rank, group_size, max_points, min_points):
    """Points of ``rank`` (1 = best, may be fractional for ties) in a group.

    points = min + (max - min) * (n - rank) / (n - 1); a group of one gets max.
    """
    if group_size == 1:
        return max_points
    return min_points + (max_points - min_points) * (group_size - rank) / (
        group_size - 1
    )


def rank_positions(values, higher_is_better=True):
    """Rank ``values`` ({member: measured value}): {member: rank}, 1 = best.

    Tied values share the average of the ranks they occupy (two tied for
    second both get 2.5).
    """
    measured = {key: number(value, "value") for key, value in values.items()}
    ordered = sorted(measured, key=measured.get, reverse=bool(higher_is_better))
    ranks = {}
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and (
            measured[ordered[end + 1]] == measured[ordered[start]]
        ):
            end += 1
        for key in ordered[start : end + 1]:
            ranks[key] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def rank_points(values, max_points, min_points=0.0, higher_is_better=True):
    """Rank ``values`` ({member: measured value}) and give each member its points.

    Tied values share the average of the ranks they occupy. Returns {member:
    points}, rounded to 2 decimals, with points in [min_points, max_points].
    """
    max_points = number(max_points, "max_points")
    min_points = within(number(min_points, "min_points"), "min_points", high=max_points)
    size = len(values)
    return {
        key: round_points(rank_score(rank, size, max_points, min_points))
        for key, rank in rank_positions(values, higher_is_better).items()
    }
