"""One indicator (one line of the form): validation and scoring by its method."""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ._checks import (
    choice,
    clamp,
    flag,
    integer,
    items,
    mapping,
    number,
    positive,
    text,
    unique,
    within,
)
from .bands import band_result, parse_bands
from .errors import DUPLICATE, MISSING, UNKNOWN_CODE, ScoringError, indicator_context
from .methods import METHODS
from .rank import RANK_GROUPS, RANK_MODES, SATURATION_INPUTS, rank_score
from .rounding import round_points

KINDS = ("normal", "bonus", "penalty")
BAND_MODES = ("award", "deduct")
DIRECTIONS = ("higher", "lower", "none")
VETO_ACTIONS = ("zero", "lowest_grade", "deduct")


@dataclass(frozen=True)
class Indicator:
    """A checked indicator spec; ``params`` holds its method's parameters."""

    code: str
    name: str
    kind: str
    method: str
    max_points: float
    section: str | None
    params: dict


def validate_indicator(spec):
    """Raise ScoringError if ``spec`` cannot be scored; return None."""
    parse_indicator(spec)


def score_indicator(spec, line_input):
    """Points of one line: ``spec`` an indicator dict, ``line_input`` a line dict."""
    return score_parsed(parse_indicator(spec), line_input)


def parse_indicator(spec, params=True):
    """Check an indicator dict and return it as an Indicator; without
    ``params`` its method's parameters are neither read nor checked."""
    if not isinstance(spec, Mapping):
        raise TypeError("an indicator spec must be a dict")
    code = text(spec.get("code"), "code")
    name = text(spec.get("name"), "name", "")
    with indicator_context(code, name):
        max_points = within(
            number(spec.get("max_points"), "max_points"), "max_points", 0
        )
        kind = choice(spec.get("kind"), "kind", KINDS, "normal")
        method = choice(spec.get("method"), "method", METHODS)
        section = text(spec.get("section"), "section", None)
        params = _PARSERS[method](spec, max_points, kind) if params else {}
    return Indicator(code, name, kind, method, max_points, section, params)


def score_parsed(indicator, line_input):
    """Points of one line for a parsed Indicator, rounded to 2 decimals."""
    with indicator_context(indicator.code, indicator.name):
        line = mapping(line_input, "line")
        return round_points(_SCORERS[indicator.method](indicator, line))


# Parsers: (spec, max_points, kind) -> params dict -----------------------------


def _limits(spec, max_points, kind):
    """floor and cap: normal items stay in [0, max]; bonus ones may exceed max;
    penalty ones may be negative (their size counts)."""
    floor = number(spec.get("floor"), "floor", 0.0)
    cap = number(spec.get("cap"), "cap", max_points)
    if kind == "normal":
        within(cap, "cap", high=max_points)
    within(floor, "floor", None if kind == "penalty" else 0.0, min(cap, max_points))
    return {"floor": floor, "cap": cap}


def _no_params(spec, max_points, kind):
    return {}


def _parse_levels(spec, max_points, kind):
    levels = items(spec.get("levels"), "levels")
    unique((text(level.get("name"), "levels.name") for level in levels), "level")
    points = tuple(
        within(
            number(level.get("points"), "levels.points"),
            "levels.points",
            0.0,
            max_points,
        )
        for level in levels
    )
    return {"levels": points}


def _parse_bands(spec, max_points, kind):
    mode = choice(spec.get("band_mode"), "band_mode", BAND_MODES, "award")
    direction = choice(spec.get("direction"), "direction", DIRECTIONS, "none")
    return {"bands": parse_bands(spec.get("bands"), max_points, mode, direction)}


def _parse_deduction(spec, max_points, kind):
    events = {}
    for event in items(spec.get("events"), "events"):
        code = text(event.get("code"), "events.code")
        if code in events:
            raise ScoringError(DUPLICATE, field="event", value=code)
        zero_at = integer(event.get("zero_at"), "events.zero_at", None)
        if zero_at is not None:
            within(zero_at, "events.zero_at", 1)
        events[code] = (number(event.get("points"), "events.points"), zero_at)
    base = number(spec.get("base"), "base", max_points)
    return {"events": events, "base": base, **_limits(spec, max_points, kind)}


def _parse_ratio(spec, max_points, kind):
    target = positive(number(spec.get("target"), "target"), "target")
    direction = choice(spec.get("direction"), "direction", DIRECTIONS, "none")
    return {"target": target, "direction": direction, **_limits(spec, max_points, kind)}


def _parse_rank(spec, max_points, kind):
    rank_min = number(spec.get("rank_min"), "rank_min", 0.0)
    mode = choice(spec.get("rank_mode"), "rank_mode", RANK_MODES, "manual")
    params = {
        "rank_min": within(rank_min, "rank_min", 0.0, max_points),
        "rank_mode": mode,
    }
    if mode != "manual":
        group = choice(spec.get("rank_group"), "rank_group", RANK_GROUPS, "campaign")
        direction = choice(spec.get("direction"), "direction", ("higher", "lower"))
        params.update(rank_group=group, direction=direction)
    if mode == "saturation":
        # the workload and days worked are the line's inputs
        codes = _inputs(spec, False)
        for code in SATURATION_INPUTS:
            if code not in codes:
                raise ScoringError(MISSING, field=f"inputs.{code}")
    return params


def _inputs(spec, with_coefficient):
    inputs = {}
    for entry in items(spec.get("inputs"), "inputs"):
        code = text(entry.get("code"), "inputs.code")
        if code in inputs:
            raise ScoringError(DUPLICATE, field="input", value=code)
        inputs[code] = (
            number(entry.get("coefficient"), "inputs.coefficient")
            if with_coefficient
            else None
        )
    return inputs


def _parse_linear(spec, max_points, kind):
    return {
        "inputs": _inputs(spec, True),
        "constant": number(spec.get("constant"), "constant", 0.0),
        **_limits(spec, max_points, kind),
    }


def _parse_average(spec, max_points, kind):
    return {"inputs": _inputs(spec, False)}


def _parse_range(spec, max_points, kind):
    high = number(spec.get("range_high"), "range_high")
    low = within(number(spec.get("range_low"), "range_low"), "range_low", high=high)
    return {
        "low": low,
        "high": high,
        "unit": positive(
            number(spec.get("range_unit"), "range_unit", 1.0), "range_unit"
        ),
        "below": within(
            number(spec.get("below_points"), "below_points"), "below_points", 0.0
        ),
        "above": within(
            number(spec.get("above_points"), "above_points"), "above_points", 0.0
        ),
        "base": number(spec.get("base"), "base", max_points),
        **_limits(spec, max_points, kind),
    }


def _parse_veto(spec, max_points, kind):
    within(max_points, "max_points", 0.0, 0.0)
    action = choice(spec.get("veto_action"), "veto_action", VETO_ACTIONS)
    points = 0.0
    if action == "deduct":
        points = positive(number(spec.get("veto_points"), "veto_points"), "veto_points")
    return {"action": action, "points": points}


_PARSERS = {
    "points": _no_params,
    "percent": _no_params,
    "levels": _parse_levels,
    "bands": _parse_bands,
    "deduction": _parse_deduction,
    "ratio": _parse_ratio,
    "rank": _parse_rank,
    "linear": _parse_linear,
    "range": _parse_range,
    "average": _parse_average,
    "veto": _parse_veto,
}


# Scorers: (indicator, line dict) -> unrounded points ---------------------------


def _score_points(ind, line):
    return within(number(line.get("value"), "value"), "value", 0.0, ind.max_points)


def _score_percent(ind, line):
    value = within(number(line.get("value"), "value"), "value", 0.0, 100.0)
    return ind.max_points * value / 100


def _score_levels(ind, line):
    levels = ind.params["levels"]
    level = within(integer(line.get("value"), "value"), "value", 1, len(levels))
    return levels[level - 1]


def _score_bands(ind, line):
    return band_result(ind.params["bands"], number(line.get("actual"), "actual"))


def _score_deduction(ind, line):
    events = ind.params["events"]
    counts = {}
    for code, count in mapping(line.get("counts"), "counts").items():
        if code not in events:
            raise ScoringError(UNKNOWN_CODE, field="event", value=code)
        field = f"counts.{code}"
        counts[code] = within(integer(count, field), field, 0)
    total = ind.params["base"]
    for code, count in counts.items():
        points, zero_at = events[code]
        if zero_at is not None and count >= zero_at:
            return 0.0
        total += count * points
    return clamp(total, ind.params["floor"], ind.params["cap"])


def _score_ratio(ind, line):
    params = ind.params
    actual = within(number(line.get("actual"), "actual"), "actual", 0.0)
    if params["direction"] != "lower":
        ratio = actual / params["target"]
    else:
        ratio = math.inf if actual == 0 else params["target"] / actual
    # An infinite ratio (overflow, or nothing measured with "lower") clamps to cap.
    points = ind.max_points * ratio if ind.max_points else 0.0
    return clamp(points, params["floor"], params["cap"])


def _score_rank(ind, line):
    size = within(integer(line.get("group_size"), "group_size"), "group_size", 1)
    rank = within(number(line.get("rank"), "rank"), "rank", 1.0, size)
    return rank_score(rank, size, ind.max_points, ind.params["rank_min"])


def _given_inputs(ind, line):
    given = mapping(line.get("inputs"), "inputs")
    for code in given:
        if code not in ind.params["inputs"]:
            raise ScoringError(UNKNOWN_CODE, field="input", value=code)
    return given


def _score_linear(ind, line):
    given = _given_inputs(ind, line)
    total = ind.params["constant"] + sum(
        coefficient * number(given.get(code), f"inputs.{code}")
        for code, coefficient in ind.params["inputs"].items()
    )
    return clamp(total, ind.params["floor"], ind.params["cap"])


def _score_average(ind, line):
    given = _given_inputs(ind, line)
    values = [
        within(number(given[code], f"inputs.{code}"), f"inputs.{code}", 0.0, 100.0)
        for code in ind.params["inputs"]
        if given.get(code) is not None
    ]
    if not values:
        return 0.0
    return sum(values) / len(values) * ind.max_points / 100


def _score_range(ind, line):
    params = ind.params
    actual = number(line.get("actual"), "actual")
    below = max(params["low"] - actual, 0.0) / params["unit"] * params["below"]
    above = max(actual - params["high"], 0.0) / params["unit"] * params["above"]
    return clamp(params["base"] - below + above, params["floor"], params["cap"])


def _score_veto(ind, line):
    flag(line.get("veto"), "veto", False)
    return 0.0


_SCORERS = {
    "points": _score_points,
    "percent": _score_percent,
    "levels": _score_levels,
    "bands": _score_bands,
    "deduction": _score_deduction,
    "ratio": _score_ratio,
    "rank": _score_rank,
    "linear": _score_linear,
    "range": _score_range,
    "average": _score_average,
    "veto": _score_veto,
}
