"""Points from a rank among peers: rank 1 (best) gets the most points."""

from ._checks import number, within
from .rounding import round_points


def rank_score(rank, group_size, max_points, min_points):
    """Points of ``rank`` (1 = best, may be fractional for ties) in a group.

    points = min + (max - min) * (n - rank) / (n - 1); a group of one gets max.
    """
    if group_size == 1:
        return max_points
    return min_points + (max_points - min_points) * (group_size - rank) / (
        group_size - 1
    )


def rank_points(values, max_points, min_points=0.0, higher_is_better=True):
    """Rank ``values`` ({member: measured value}) and give each member its points.

    Tied values share the average of the ranks they occupy. Returns {member:
    points}, rounded to 2 decimals, with points in [min_points, max_points].
    """
    max_points = number(max_points, "max_points")
    min_points = within(number(min_points, "min_points"), "min_points", high=max_points)
    measured = {key: number(value, "value") for key, value in values.items()}
    ordered = sorted(measured, key=measured.get, reverse=bool(higher_is_better))
    points = {}
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and (
            measured[ordered[end + 1]] == measured[ordered[start]]
        ):
            end += 1
        rank = (start + end) / 2 + 1
        score = round_points(rank_score(rank, len(ordered), max_points, min_points))
        for key in ordered[start : end + 1]:
            points[key] = score
        start = end + 1
    return points
