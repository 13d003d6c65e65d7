"""Band tables: a measured value falls into exactly one band, which gives points.

Bands are checked as a whole: sorted by their lower edge, each band must meet the
next at the same edge with exactly one of the two including it, so that the table
has neither overlaps nor gaps; only the outer ends may be open (None).
"""

from dataclasses import dataclass
from itertools import pairwise

from ._checks import flag, items, number, within
from .errors import (
    BAND_EMPTY,
    BANDS_GAP,
    BANDS_OVERLAP,
    DIRECTION_VIOLATED,
    OUTSIDE_BANDS,
    ScoringError,
)


@dataclass(frozen=True)
class Band:
    lower: float | None
    upper: float | None
    lower_inclusive: bool
    upper_inclusive: bool
    result: float  # the points the band gives, band_mode applied

    def contains(self, value):
        if self.lower is not None and (
            value < self.lower or (value == self.lower and not self.lower_inclusive)
        ):
            return False
        return self.upper is None or (
            value < self.upper or (value == self.upper and self.upper_inclusive)
        )


def parse_bands(raw, max_points, mode, direction):
    """Checked bands sorted by value. ``mode``: award/deduct; ``direction``:
    higher/lower/none."""
    bands = sorted(
        (_band(band, max_points, mode) for band in items(raw, "bands")),
        key=lambda band: (
            float("-inf") if band.lower is None else band.lower,
            not band.lower_inclusive,
        ),
    )
    for below, above in pairwise(bands):
        _check_joint(below, above)
        if (direction == "higher" and above.result < below.result) or (
            direction == "lower" and above.result > below.result
        ):
            raise ScoringError(DIRECTION_VIOLATED, direction=direction, at=above.lower)
    return tuple(bands)


def band_result(bands, value):
    """The points of the band that contains ``value``."""
    for band in bands:
        if band.contains(value):
            return band.result
    raise ScoringError(OUTSIDE_BANDS, value=value)


def _band(raw, max_points, mode):
    lower = number(raw.get("lower"), "bands.lower", None)
    upper = number(raw.get("upper"), "bands.upper", None)
    lower_inclusive = flag(raw.get("lower_inclusive"), "bands.lower_inclusive", True)
    upper_inclusive = flag(raw.get("upper_inclusive"), "bands.upper_inclusive", False)
    if lower is None:
        lower_inclusive = True
    if (
        lower is not None
        and upper is not None
        and (
            lower > upper
            or (lower == upper and not (lower_inclusive and upper_inclusive))
        )
    ):
        raise ScoringError(BAND_EMPTY, lower=lower, upper=upper)
    points = number(raw.get("points"), "bands.points")
    within(points, "bands.points", -max_points, max_points)
    if mode == "award":
        result = within(points, "bands.points", 0.0, max_points)
    else:
        result = max_points - abs(points)
    return Band(lower, upper, lower_inclusive, upper_inclusive, result)


def _check_joint(below, above):
    if below.upper is None or above.lower is None:
        at = next(
            (
                edge
                for edge in (above.lower, below.upper, above.upper)
                if edge is not None
            ),
            None,
        )
        raise ScoringError(BANDS_OVERLAP, at=at)
    if below.upper > above.lower or (
        below.upper == above.lower and below.upper_inclusive and above.lower_inclusive
    ):
        raise ScoringError(BANDS_OVERLAP, at=above.lower)
    if below.upper < above.lower or not (
        below.upper_inclusive or above.lower_inclusive
    ):
        raise ScoringError(BANDS_GAP, lower=below.upper, upper=above.lower)
