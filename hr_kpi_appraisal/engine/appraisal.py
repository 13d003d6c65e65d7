"""A whole appraisal: sections, reviewers, bonus/penalty, adjustments, veto, grade."""

from collections.abc import Mapping
from dataclasses import dataclass

from ._checks import (
    clamp,
    flag,
    integer,
    items,
    mapping,
    number,
    positive,
    text,
    within,
)
from .errors import (
    DUPLICATE,
    INVALID_CHOICE,
    MISSING,
    SCORE_MISSING,
    SECTION_NO_POINTS,
    UNKNOWN_CODE,
    WEIGHTS_SUM,
    ScoringError,
    indicator_context,
)
from .grades import lookup_grade, lowest_grade, parse_grades
from .indicator import parse_indicator, score_parsed
from .methods import JUDGED_METHODS
from .rounding import round_points

REVIEWERS = ("self", "manager")
# Veto actions from the most to the least severe (the one reported first).
_VETO_ORDER = ("zero", "lowest_grade", "deduct")


@dataclass(frozen=True)
class _Plan:
    sections: dict  # section code -> weight in %
    names: dict  # section code -> name
    weights: dict  # reviewer -> weight in %, only the reviewers that count
    bonus_cap: float | None
    penalty_cap: float | None
    adjustment_cap: float | None
    max_total: float
    grades: list
    indicators: list


def validate_scheme(scheme, indicators):
    """Raise ScoringError unless ``scheme`` with ``indicators`` (indicator dicts)
    can be scored; return None."""
    _plan(scheme, indicators)


def score_lines(scheme, lines, partial=False):
    """Score lines on their own: a line's points need only its indicator, its
    inputs and the scheme's reviewer weights; see the package docstring."""
    weights = _reviewer_weights(scheme)
    indicators = [parse_indicator(line["indicator"]) for line in lines]
    return _line_results(weights, _reviewer_points(weights, indicators, lines, partial))


def score_appraisal(scheme, lines, adjustments, partial=False):
    """Score one appraisal; see the package docstring for the dicts.

    With ``partial`` a line whose input is missing scores 0 instead of raising,
    so that drafts can show running totals.
    """
    plan = _plan(scheme, [line["indicator"] for line in lines])
    points = _reviewer_points(plan.weights, plan.indicators, lines, partial)
    vetoed = [_vetoed(line) for line in lines]
    return dict(
        _totals(plan, points, vetoed, adjustments),
        lines=_line_results(plan.weights, points),
    )


def score_totals(scheme, scored, adjustments):
    """Score one appraisal from its lines' points, as ``score_lines`` gave them:
    the result of ``score_appraisal`` without its "lines". ``scored`` holds a
    dict per line: ``indicator``, ``self_points`` (read only when the self
    review counts), ``manager_points`` and ``veto`` (whether a veto line was
    triggered). The scheme's weights, sections, caps and grades are applied
    here, so totals never depend on weighted points stored earlier. Only veto
    indicators need their parameters: the others were checked when scored."""
    plan = _plan(scheme, [line["indicator"] for line in scored], params={"veto"})
    points = {
        reviewer: [
            number(line.get(f"{reviewer}_points"), f"{reviewer}_points")
            for line in scored
        ]
        for reviewer in plan.weights
    }
    vetoed = [flag(line.get("veto"), "veto", False) for line in scored]
    return _totals(plan, points, vetoed, adjustments)


def _totals(plan, points, vetoed, adjustments):
    """Sections, scores, total and grade from each reviewer's line points."""
    parts = {reviewer: _parts(plan, points[reviewer]) for reviewer in plan.weights}
    base, bonus, penalty = (
        _combine(plan.weights, {reviewer: part[i] for reviewer, part in parts.items()})
        for i in range(3)
    )
    shares = {reviewer: part[3] for reviewer, part in parts.items()}
    adjustment_points, factor = _adjustments(adjustments, plan.adjustment_cap)
    total = (base + bonus - penalty + adjustment_points) * factor

    vetoes = [
        indicator.params
        for indicator, flagged in zip(plan.indicators, vetoed)
        if indicator.method == "veto" and flagged
    ]
    actions = {veto["action"] for veto in vetoes}
    total -= sum(veto["points"] for veto in vetoes)
    if "zero" in actions:
        total = 0.0
    total = round_points(clamp(total, 0.0, plan.max_total + (plan.bonus_cap or 0.0)))
    if "lowest_grade" in actions:
        grade = lowest_grade(plan.grades)
    else:
        grade = lookup_grade(plan.grades, total)

    scores = {
        reviewer: round_points(part_base + part_bonus - part_penalty)
        for reviewer, (part_base, part_bonus, part_penalty, _) in parts.items()
    }
    return {
        "sections": _section_results(plan, shares),
        "self_score": scores.get("self"),
        "manager_score": scores["manager"],
        "base_score": round_points(base),
        "bonus": round_points(bonus),
        "penalty": round_points(penalty),
        "adjustment_points": round_points(adjustment_points),
        "total_score": total,
        "grade": grade,
        "veto": next((action for action in _VETO_ORDER if action in actions), None),
    }


def _reviewer_points(weights, indicators, lines, partial):
    """{reviewer: [points of each line]} for the reviewers that count."""
    return {
        reviewer: [
            _line_points(indicator, line, reviewer, partial)
            for indicator, line in zip(indicators, lines)
        ]
        for reviewer in weights
    }


def _line_results(weights, points):
    """Each line's points per reviewer and combined."""
    no_self = [None] * len(points["manager"])
    return [
        {
            "self_points": self_points,
            "manager_points": manager_points,
            "points": round_points(
                _combine(weights, {"self": self_points, "manager": manager_points})
            ),
        }
        for self_points, manager_points in zip(
            points.get("self", no_self), points["manager"]
        )
    ]


def _section_results(plan, shares):
    """Each section's score and weighted points per reviewer and combined."""
    results = []
    for code, weight in plan.sections.items():
        share = {reviewer: shares[reviewer][code] for reviewer in plan.weights}
        score = {reviewer: value * 100 for reviewer, value in share.items()}
        weighted = {reviewer: value * weight for reviewer, value in share.items()}
        result = {"code": code, "name": plan.names[code], "weight": weight}
        for reviewer in REVIEWERS:
            result[f"{reviewer}_score"] = _rounded(score.get(reviewer))
            result[f"{reviewer}_points"] = _rounded(weighted.get(reviewer))
        result["score"] = round_points(_combine(plan.weights, score))
        result["points"] = round_points(_combine(plan.weights, weighted))
        results.append(result)
    return results


def _rounded(value):
    return None if value is None else round_points(value)


def _plan(scheme, specs, params=None):
    """The checked scheme and indicators; ``params``: the methods whose
    parameters are parsed (all when None)."""
    indicators = [
        parse_indicator(
            spec,
            params is None
            or isinstance(spec, Mapping)
            and spec.get("method") in params,
        )
        for spec in specs
    ]
    sections, names = {}, {}
    for section in items(scheme.get("sections"), "sections"):
        code = text(section.get("code"), "sections.code")
        if code in sections:
            raise ScoringError(DUPLICATE, field="section", value=code)
        weight = number(section.get("weight"), "sections.weight")
        sections[code] = within(weight, "sections.weight", 0.0, 100.0)
        names[code] = text(section.get("name"), "sections.name", "")
    _check_sum(sections.values(), "section")
    weights = _reviewer_weights(scheme)
    grades = parse_grades(scheme["grades"]) if scheme.get("grades") else []
    _check_indicators(indicators, sections, grades)
    return _Plan(
        sections=sections,
        names=names,
        weights=weights,
        bonus_cap=_cap(scheme, "bonus_cap"),
        penalty_cap=_cap(scheme, "penalty_cap"),
        adjustment_cap=_cap(scheme, "adjustment_cap"),
        max_total=positive(
            number(scheme.get("max_total"), "max_total", 100.0), "max_total"
        ),
        grades=grades,
        indicators=indicators,
    )


def _reviewer_weights(scheme):
    """{reviewer: weight in %} of the reviewers that count."""
    if not flag(scheme.get("self_review"), "self_review", False):
        return {"manager": 100.0}
    weights = {}
    for reviewer in REVIEWERS:
        field = f"{reviewer}_weight"
        weights[reviewer] = within(number(scheme.get(field), field), field, 0.0, 100.0)
    _check_sum(weights.values(), "reviewer")
    return weights


def _combine(weights, values):
    """Weighted sum of the reviewers' values (weights in %)."""
    return sum(weight / 100 * values[reviewer] for reviewer, weight in weights.items())


def _check_sum(weights, field):
    total = sum(weights)
    if abs(total - 100.0) > 0.01:
        raise ScoringError(WEIGHTS_SUM, field=field, total=round(total, 4))


def _cap(scheme, field):
    cap = number(scheme.get(field), field, None)
    return None if cap is None else within(cap, field, 0.0)


def _check_indicators(indicators, sections, grades):
    seen = set()
    possible = dict.fromkeys(sections, 0.0)
    for indicator in indicators:
        with indicator_context(indicator.code, indicator.name):
            if indicator.code in seen:
                raise ScoringError(DUPLICATE, field="indicator", value=indicator.code)
            seen.add(indicator.code)
            if indicator.section is None:
                if indicator.kind == "normal" and indicator.method != "veto":
                    raise ScoringError(MISSING, field="section")
            elif indicator.section not in sections:
                raise ScoringError(
                    UNKNOWN_CODE, field="section", value=indicator.section
                )
            elif indicator.kind == "normal":
                possible[indicator.section] += indicator.max_points
            if (
                indicator.method == "veto"
                and indicator.params["action"] == "lowest_grade"
                and not grades
            ):
                raise ScoringError(MISSING, field="grades")
    for code, weight in sections.items():
        if weight > 0 and possible[code] <= 0:
            raise ScoringError(SECTION_NO_POINTS, section=code)


def _line_points(indicator, line, reviewer, partial):
    """One reviewer's points for a line (0 for missing input when partial)."""
    line_input = line.get(reviewer)
    if line_input is None and indicator.method not in JUDGED_METHODS:
        other = "manager" if reviewer == "self" else "self"
        line_input = line.get(other) or {}
    if line_input is None:
        if partial:
            return 0.0
        raise ScoringError(
            SCORE_MISSING,
            reviewer=reviewer,
            indicator=indicator.code,
            indicator_name=indicator.name,
        )
    try:
        return score_parsed(indicator, line_input)
    except ScoringError as exc:
        if partial and exc.reason_code == MISSING:
            return 0.0
        raise


def _parts(plan, points):
    """(base, bonus, penalty, {section code: share of its points earned}) of one
    reviewer's line points."""
    earned = dict.fromkeys(plan.sections, 0.0)
    possible = dict.fromkeys(plan.sections, 0.0)
    bonus = penalty = 0.0
    for indicator, value in zip(plan.indicators, points):
        if indicator.kind == "bonus":
            bonus += value
        elif indicator.kind == "penalty":
            penalty += abs(value)
        elif indicator.section is not None:
            earned[indicator.section] += value
            possible[indicator.section] += indicator.max_points
    shares = {
        code: earned[code] / possible[code] if possible[code] > 0 else 0.0
        for code in plan.sections
    }
    base = sum(
        shares[code] * weight for code, weight in plan.sections.items() if weight > 0
    )
    if plan.bonus_cap is not None:
        bonus = min(bonus, plan.bonus_cap)
    if plan.penalty_cap is not None:
        penalty = min(penalty, plan.penalty_cap)
    return base, bonus, penalty, shares


def _vetoed(line):
    return any(
        flag(mapping(line.get(reviewer), reviewer).get("veto"), "veto", False)
        for reviewer in REVIEWERS
    )


def adjustment_points(points, quantity=1):
    """The points of an adjustment that happened ``quantity`` (whole, >= 1) times."""
    count = within(integer(quantity, "quantity"), "quantity", 1)
    return number(points, "points") * count


def _adjustments(adjustments, cap):
    """(capped sum of point adjustments, product of percent factors)."""
    points = 0.0
    factor = 1.0
    for adjustment in adjustments or ():
        code = text(adjustment.get("code"), "adjustments.code")
        given = [
            key for key in ("points", "percent") if adjustment.get(key) is not None
        ]
        if not given:
            raise ScoringError(MISSING, field=f"adjustments.{code}.points")
        if len(given) > 1:
            raise ScoringError(
                INVALID_CHOICE,
                field=f"adjustments.{code}",
                value=tuple(given),
                choices=("points", "percent"),
            )
        field = f"adjustments.{code}.{given[0]}"
        value = number(adjustment[given[0]], field)
        if given[0] == "points":
            points += adjustment_points(value, adjustment.get("quantity", 1))
        else:
            factor *= 1 + within(value, field, -100.0) / 100
    if cap is not None:
        points = clamp(points, -cap, cap)
    return points, factor
