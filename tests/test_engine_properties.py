"""Property tests: results stay within their bounds, monotone methods are monotone."""

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from hr_kpi_appraisal.engine import (
    ScoringError,
    parse_quantity,
    rank_points,
    round_points,
    score_appraisal,
    score_indicator,
)

MAX = st.floats(0, 100)
POSITIVE = st.floats(0.01, 1000)
ANY = st.floats(-1000, 1000)
RATE = st.floats(0, 1)
COUNT = st.integers(0, 30)


def spec(method, max_points, **params):
    return {
        "code": "P",
        "name": "p",
        "max_points": max_points,
        "method": method,
        **params,
    }


def assert_between(value, low, high):
    assert round_points(low) <= value <= round_points(high), (value, low, high)


@st.composite
def limits(draw, max_points):
    """(floor, cap) of a normal item: 0 <= floor <= cap <= max."""
    cap = draw(st.floats(0, max_points))
    return draw(st.floats(0, cap)), cap


# --- every method stays within its bounds -------------------------------------------


@given(MAX, st.data())
def test_points_and_percent_within_max(max_points, data):
    value = data.draw(st.floats(0, max_points))
    assert_between(
        score_indicator(spec("points", max_points), {"value": value}), 0, max_points
    )
    percent = data.draw(st.floats(0, 100))
    assert_between(
        score_indicator(spec("percent", max_points), {"value": percent}), 0, max_points
    )


@given(MAX, st.data())
def test_levels_within_max(max_points, data):
    points = data.draw(st.lists(st.floats(0, max_points), min_size=1, max_size=6))
    levels = [{"name": str(i), "points": p} for i, p in enumerate(points)]
    level = data.draw(st.integers(1, len(levels)))
    result = score_indicator(
        spec("levels", max_points, levels=levels), {"value": level}
    )
    assert result == round_points(points[level - 1])


@st.composite
def band_tables(draw, direction="none"):
    """(spec, low, high): a gap-free table and the range of values it covers."""
    max_points = draw(st.floats(0.5, 100))
    size = draw(st.integers(1, 6))
    edges = sorted(
        draw(st.lists(ANY, min_size=size + 1, max_size=size + 1, unique=True))
    )
    results = draw(st.lists(st.floats(0, max_points), min_size=size, max_size=size))
    if direction != "none":
        results.sort(reverse=direction == "lower")
    mode = draw(st.sampled_from(["award", "deduct"]))
    sign = draw(st.sampled_from([1, -1]))
    joints = draw(st.lists(st.booleans(), min_size=size + 1, max_size=size + 1))
    open_low, open_high = draw(st.booleans()), draw(st.booleans())
    bands = [
        {
            "lower": None if i == 0 and open_low else edges[i],
            "upper": None if i == size - 1 and open_high else edges[i + 1],
            "lower_inclusive": i == 0 or not joints[i],
            "upper_inclusive": joints[i + 1],
            "points": result if mode == "award" else sign * (max_points - result),
        }
        for i, result in enumerate(results)
    ]
    bands = draw(st.permutations(bands))
    table = spec("bands", max_points, bands=bands, band_mode=mode, direction=direction)
    low = -math.inf if open_low else edges[0]
    high = math.inf if open_high else edges[-1]
    return table, low, high, max_points


def covered(data, low, high):
    value = data.draw(st.floats(max(low, -2000), min(high, 2000)))
    assume(value != high)  # the top edge may be excluded
    return value


@given(band_tables(), st.data())
def test_bands_within_max(table, data):
    item, low, high, max_points = table
    assert_between(
        score_indicator(item, {"actual": covered(data, low, high)}), 0, max_points
    )


@given(st.sampled_from(["higher", "lower"]), st.data())
def test_bands_follow_their_direction(direction, data):
    item, low, high, _ = data.draw(band_tables(direction))
    first, second = sorted([covered(data, low, high), covered(data, low, high)])
    at_first = score_indicator(item, {"actual": first})
    at_second = score_indicator(item, {"actual": second})
    assert at_first <= at_second if direction == "higher" else at_first >= at_second


@st.composite
def deductions(draw, negative_only=False):
    max_points = draw(MAX)
    floor, cap = draw(limits(max_points))
    points = st.floats(-50, 0) if negative_only else st.floats(-50, 50)
    events = [
        {
            "code": f"E{i}",
            "name": "",
            "points": draw(points),
            "zero_at": draw(st.none() | st.integers(1, 10)),
        }
        for i in range(draw(st.integers(1, 4)))
    ]
    base = draw(st.none() | st.floats(-100, 200))
    return spec("deduction", max_points, events=events, base=base, floor=floor, cap=cap)


@given(deductions(), st.data())
def test_deduction_within_floor_and_cap(item, data):
    counts = {event["code"]: data.draw(COUNT) for event in item["events"]}
    result = score_indicator(item, {"counts": counts})
    assert result == 0 or round_points(item["floor"]) <= result <= round_points(
        item["cap"]
    )


@given(deductions(negative_only=True), st.data())
def test_more_deduction_events_never_give_more_points(item, data):
    counts = {event["code"]: data.draw(COUNT) for event in item["events"]}
    more = {code: count + data.draw(COUNT) for code, count in counts.items()}
    assert score_indicator(item, {"counts": more}) <= score_indicator(
        item, {"counts": counts}
    )


@given(MAX, POSITIVE, st.sampled_from(["higher", "lower", "none"]), st.data())
def test_ratio_bounded_and_monotone(max_points, target, direction, data):
    floor, cap = data.draw(limits(max_points))
    item = spec(
        "ratio", max_points, target=target, direction=direction, floor=floor, cap=cap
    )
    first, second = sorted(
        data.draw(st.lists(st.floats(0, 5000), min_size=2, max_size=2))
    )
    at_first = score_indicator(item, {"actual": first})
    at_second = score_indicator(item, {"actual": second})
    assert_between(at_first, floor, cap)
    assert_between(at_second, floor, cap)
    assert at_first >= at_second if direction == "lower" else at_first <= at_second


@given(MAX, st.integers(1, 50), st.data())
def test_rank_within_min_and_max(max_points, size, data):
    rank_min = data.draw(st.floats(0, max_points))
    rank = data.draw(st.floats(1, size))
    result = score_indicator(
        spec("rank", max_points, rank_min=rank_min), {"rank": rank, "group_size": size}
    )
    assert_between(result, rank_min, max_points)


@st.composite
def linears(draw, non_negative=False):
    max_points = draw(MAX)
    floor, cap = draw(limits(max_points))
    coefficient = st.floats(0, 200) if non_negative else st.floats(-200, 200)
    inputs = [
        {"code": f"x{i}", "name": "", "coefficient": draw(coefficient)}
        for i in range(draw(st.integers(1, 9)))
    ]
    constant = draw(st.floats(-50, 50))
    return spec(
        "linear", max_points, inputs=inputs, constant=constant, floor=floor, cap=cap
    )


@given(linears(), st.data())
def test_linear_within_floor_and_cap(item, data):
    values = {entry["code"]: data.draw(RATE) for entry in item["inputs"]}
    assert_between(
        score_indicator(item, {"inputs": values}), item["floor"], item["cap"]
    )


@given(linears(non_negative=True), st.data())
def test_linear_with_non_negative_coefficients_is_monotone(item, data):
    values = {entry["code"]: data.draw(RATE) for entry in item["inputs"]}
    raised = {code: value + data.draw(RATE) for code, value in values.items()}
    assert score_indicator(item, {"inputs": values}) <= score_indicator(
        item, {"inputs": raised}
    )


@given(MAX, st.data())
def test_average_within_max(max_points, data):
    scores = data.draw(st.lists(st.none() | st.floats(0, 100), min_size=1, max_size=4))
    item = spec(
        "average",
        max_points,
        inputs=[{"code": f"q{i}", "name": ""} for i in range(len(scores))],
    )
    values = {f"q{i}": score for i, score in enumerate(scores)}
    assert_between(score_indicator(item, {"inputs": values}), 0, max_points)


@given(MAX, st.data())
def test_range_bounded_and_monotone(max_points, data):
    floor, cap = data.draw(limits(max_points))
    low, high = sorted(data.draw(st.lists(ANY, min_size=2, max_size=2)))
    item = spec(
        "range",
        max_points,
        range_low=low,
        range_high=high,
        range_unit=data.draw(st.floats(0.01, 100)),
        below_points=data.draw(st.floats(0, 20)),
        above_points=data.draw(st.floats(0, 20)),
        base=data.draw(st.none() | st.floats(0, max_points)),
        floor=floor,
        cap=cap,
    )
    first, second = sorted(
        data.draw(st.lists(st.floats(-3000, 3000), min_size=2, max_size=2))
    )
    at_first = score_indicator(item, {"actual": first})
    at_second = score_indicator(item, {"actual": second})
    assert_between(at_first, floor, cap)
    assert at_first <= at_second


# --- appraisal, rank_points, parse_quantity -----------------------------------------


@st.composite
def appraisals(draw):
    self_weight = draw(st.floats(0, 100))
    plan = {
        "sections": [
            {"code": "A", "name": "", "weight": 60},
            {"code": "B", "name": "", "weight": 40},
        ],
        "self_review": draw(st.booleans()),
        "self_weight": self_weight,
        "manager_weight": 100 - self_weight,
        "bonus_cap": draw(st.none() | st.floats(0, 30)),
        "penalty_cap": draw(st.none() | st.floats(0, 30)),
        "adjustment_cap": draw(st.none() | st.floats(0, 30)),
        "max_total": draw(st.floats(1, 200)),
        "grades": [],
    }
    lines = []
    for i, (section, kind) in enumerate(
        [("A", "normal"), ("B", "normal")]
        + draw(
            st.lists(
                st.sampled_from([("A", "normal"), (None, "bonus"), (None, "penalty")]),
                max_size=4,
            )
        )
    ):
        max_points = draw(MAX.filter(bool))
        value = st.floats(0, max_points).map(lambda v: {"value": v})
        lines.append(
            {
                "indicator": spec(
                    "points", max_points, code=f"L{i}", section=section, kind=kind
                ),
                "self": draw(value),
                "manager": draw(value),
            }
        )
    for i, action in enumerate(
        draw(st.lists(st.sampled_from(["zero", "lowest_grade", "deduct"]), max_size=2))
    ):
        if action == "lowest_grade":
            plan["grades"] = [{"code": "E", "name": "", "min_score": 0}]
        lines.append(
            {
                "indicator": spec(
                    "veto", 0, code=f"V{i}", veto_action=action, veto_points=5
                ),
                "manager": {"veto": draw(st.booleans())},
            }
        )
    adjustments = draw(
        st.lists(
            st.builds(dict, code=st.just("ADJ"), points=st.floats(-50, 50))
            | st.builds(dict, code=st.just("PCT"), percent=st.floats(-100, 100)),
            max_size=4,
        )
    )
    return plan, lines, adjustments


@given(appraisals(), st.booleans())
def test_total_within_zero_and_max_plus_bonus(case, partial):
    plan, lines, adjustments = case
    result = score_appraisal(plan, lines, adjustments, partial=partial)
    ceiling = plan["max_total"] + (plan["bonus_cap"] or 0)
    assert 0 <= result["total_score"] <= round_points(ceiling)


@given(
    st.dictionaries(st.text(max_size=3), ANY, max_size=12),
    MAX,
    st.data(),
    st.booleans(),
)
def test_rank_points_bounded_and_order_preserving(values, max_points, data, higher):
    min_points = data.draw(st.floats(0, max_points))
    points = rank_points(values, max_points, min_points, higher_is_better=higher)
    assert points.keys() == values.keys()
    for member, value in values.items():
        assert_between(points[member], min_points, max_points)
        for other, other_value in values.items():
            if value == other_value:
                assert points[member] == points[other]
            elif (value > other_value) == higher:
                assert points[member] >= points[other]


FULL_WIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
UNITS = st.sampled_from(["", "%", "小时", " h", "秒", " 元", "次"])


@given(st.floats(-1e9, 1e9), UNITS)
def test_parse_quantity_round_trips_floats(value, unit):
    assert parse_quantity(repr(value) + unit) == value
    assert parse_quantity(f"{value:,}{unit}") == value
    assert parse_quantity(f"{value:,}".translate(FULL_WIDTH) + unit) == value


@given(st.integers(-(10**9), 10**9), UNITS)
def test_parse_quantity_round_trips_integers(value, unit):
    assert parse_quantity(f"{value:,}{unit}") == value
    assert parse_quantity(f"{value}".translate(FULL_WIDTH)) == value


@given(st.text(alphabet=st.characters(categories=["L", "P", "Zs"]), max_size=8))
def test_text_without_digits_is_not_a_number(text):
    try:
        parse_quantity(text)
    except ScoringError as error:
        assert error.reason_code == "not_a_number"
    else:
        raise AssertionError(f"{text!r} parsed")
