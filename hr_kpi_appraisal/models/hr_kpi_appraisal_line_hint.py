"""What a score line's input earns under its rule, in words: the "How It
Scores" column beside the input (the points come from the engine)."""

from ..engine.bands import parse_bands
from .engine_errors import shown_number as num


def rule_hint(line):
    """The hint of ``line`` in the user's language, False for an unknown method."""
    spec = line.indicator_snapshot or {}
    hint = HINTS.get(line.scoring_method)
    return hint(line, spec, line.env._) if hint and spec else False


def _points(line, spec, _):
    return _("0 to %(max)s points", max=num(line.max_points))


def _percent(line, spec, _):
    return _("%% of %(max)s points", max=num(line.max_points))


def _levels(line, spec, _):
    points = " / ".join(num(level["points"]) for level in spec.get("levels", []))
    return _("Choose a level: %(points)s points", points=points)


def _bands(line, spec, _):
    try:
        bands = parse_bands(
            spec.get("bands"),
            line.max_points,
            spec.get("band_mode") or "award",
            spec.get("direction") or "none",
        )
    except ValueError:
        return False
    value = line.actual_value
    band = next((band for band in bands if band.contains(value)), None)
    if band is None:
        return _("%(value)s is outside the bands", value=num(value))
    edges = [
        f"{num(band.lower)} {'≤' if band.lower_inclusive else '<'}"
        if band.lower is not None
        else "",
        num(value),
        f"{'≤' if band.upper_inclusive else '<'} {num(band.upper)}"
        if band.upper is not None
        else "",
    ]
    return _(
        "%(band)s → %(points)s points",
        band=" ".join(part for part in edges if part),
        points=num(band.result),
    )


def _counted(line):
    return ", ".join(
        f"{row.name} {num(row.value)} × {num(row.unit_points)}"
        for row in line.input_ids
        if row.value
    )


def _deduction(line, spec, _):
    base = spec.get("base")
    base = num(line.max_points if base is None else base)
    counted = _counted(line)
    if not counted:
        each = " / ".join(dict.fromkeys(num(row.unit_points) for row in line.input_ids))
        return _("%(base)s points; each event %(each)s", base=base, each=each)
    return _("%(base)s points; %(events)s", base=base, events=counted)


def _ratio(line, spec, _):
    values = {
        "actual": num(line.actual_value),
        "target": num(spec.get("target")),
        "max": num(line.max_points),
    }
    if spec.get("direction") == "lower":
        return _("target %(target)s ÷ actual %(actual)s × %(max)s points", **values)
    return _("actual %(actual)s ÷ target %(target)s × %(max)s points", **values)


def _rank(line, spec, _):
    return _(
        "Rank %(rank)s of %(size)s: the best gets %(max)s points, the last %(last)s",
        rank=line.rank or "-",
        size=line.group_size or "-",
        max=num(line.max_points),
        last=num(spec.get("rank_min")),
    )


def _range(line, spec, _):
    return _(
        "%(low)s to %(high)s: no change; below: %(below)s, above: %(above)s "
        "per %(unit)s",
        low=num(spec.get("range_low")),
        high=num(spec.get("range_high")),
        below=num(-abs(spec.get("below_points") or 0.0)),
        above=num(spec.get("above_points")),
        unit=num(spec.get("range_unit")),
    )


def _inputs(line, spec, _):
    return _(
        "%(constant)s + Σ coefficient × input: %(inputs)s",
        constant=num(spec.get("constant")),
        inputs=_counted(line) or "-",
    )


def _average(line, spec, _):
    return _("Average of the scores given, on %(max)s points", max=num(line.max_points))


def _veto(line, spec, _):
    action = spec.get("veto_action")
    if action == "zero":
        return _("Yes: the whole appraisal scores 0")
    if action == "lowest_grade":
        return _("Yes: the lowest grade, whatever the score")
    return _(
        "Yes: %(points)s points off the total", points=num(spec.get("veto_points"))
    )


HINTS = {
    "points": _points,
    "percent": _percent,
    "levels": _levels,
    "bands": _bands,
    "deduction": _deduction,
    "ratio": _ratio,
    "rank": _rank,
    "range": _range,
    "linear": _inputs,
    "average": _average,
    "veto": _veto,
}
