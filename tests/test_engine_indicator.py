"""Indicator methods (bands: test_engine_bands.py): the schemes' rules and every error."""

import math

import pytest

from hr_kpi_appraisal.engine import score_indicator, validate_indicator


def spec(method, max_points=10.0, **params):
    return {
        "code": "Q1",
        "name": "客户回访",
        "section": "KPI",
        "max_points": max_points,
        "method": method,
        **params,
    }


LEVELS_S01 = [  # S01 以客户为中心: 1级 10分 … 5级 50分
    {"name": "1级", "points": 10},
    {"name": "2级", "points": 20},
    {"name": "3级", "points": 30},
    {"name": "4级", "points": 40},
    {"name": "5级", "points": 50},
]

# S08 工作质量 30: C −0.5, D −1 (2 C = 1 D, 2 B = 1 C), D on 服务态度 −3 and
# ≥3 of them in a month → the item is 0.
QUALITY_S08 = spec(
    "deduction",
    30,
    events=[
        {"code": "B", "name": "B档", "points": -0.25},
        {"code": "C", "name": "C档", "points": -0.5},
        {"code": "D", "name": "D档", "points": -1},
        {"code": "ATT_D", "name": "服务态度D档", "points": -3, "zero_at": 3},
    ],
)

# S26 完单及时率 = d1*20 + d2*17 + … + d7*2 − over7*15 − over30*150, rates 0..1.
TIMELINESS_S26 = spec(
    "linear",
    20,
    inputs=[
        {"code": f"d{day}", "name": f"第{day}天完单率", "coefficient": coefficient}
        for day, coefficient in zip(range(1, 8), (20, 17, 14, 11, 8, 5, 2))
    ]
    + [
        {"code": "over7", "name": "超7天完单率", "coefficient": -15},
        {"code": "over30", "name": "超30天未完单率", "coefficient": -150},
    ],
)


def rates(**given):
    return {
        "inputs": {
            **{f"d{day}": 0.0 for day in range(1, 8)},
            "over7": 0.0,
            "over30": 0.0,
            **given,
        }
    }


# --- judged methods ---------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [(0, 0.0), (7.5, 7.5), (10, 10.0)])
def test_points(value, expected):
    assert score_indicator(spec("points"), {"value": value}) == expected


def test_percent_of_the_weight():
    assert score_indicator(spec("percent", 20), {"value": 80}) == 16.0
    assert score_indicator(spec("percent", 15), {"value": 33.333}) == 5.0


@pytest.mark.parametrize(("level", "expected"), [(1, 10.0), (4, 40.0), (5.0, 50.0)])
def test_levels_s01(level, expected):
    assert score_indicator(spec("levels", 50, levels=LEVELS_S01), {"value": level}) == (
        expected
    )


# --- deduction ----------------------------------------------------------------


def test_deduction_s08_call_grades():
    assert score_indicator(QUALITY_S08, {}) == 30.0
    assert score_indicator(QUALITY_S08, {"counts": {"C": 2, "D": 1}}) == 28.0
    assert score_indicator(QUALITY_S08, {"counts": {"B": 2}}) == 29.5
    assert score_indicator(QUALITY_S08, {"counts": {"ATT_D": 2, "C": 1}}) == 23.5
    assert score_indicator(QUALITY_S08, {"counts": {"ATT_D": 3}}) == 0.0
    assert score_indicator(QUALITY_S08, {"counts": {"D": 40}}) == 0.0  # 扣完为止


def test_deduction_s02_floor_50():
    lapses = spec(
        "deduction",
        100,
        floor=50,
        events=[{"code": "LAPSE", "name": "未及时通知维修人员", "points": -10}],
    )
    assert score_indicator(lapses, {"counts": {"LAPSE": 3}}) == 70.0
    assert score_indicator(lapses, {"counts": {"LAPSE": 7}}) == 50.0


def test_deduction_zero_at_overrides_the_floor():
    item = spec(
        "deduction",
        100,
        floor=50,
        events=[{"code": "X", "name": "x", "points": -1, "zero_at": 2}],
    )
    assert score_indicator(item, {"counts": {"X": 2}}) == 0.0


def test_deduction_bonus_events_and_cap():
    # S11 回访: +5 per recovered employee or thank-you letter, a bonus item of 10.
    bonus = spec(
        "deduction",
        10,
        kind="bonus",
        base=0,
        events=[
            {"code": "RETURN", "name": "促使员工返岗", "points": 5},
            {"code": "THANKS", "name": "感谢信", "points": 5},
        ],
    )
    assert score_indicator(bonus, {"counts": {"RETURN": 1}}) == 5.0
    assert score_indicator(bonus, {"counts": {"RETURN": 2, "THANKS": 1}}) == 10.0


def test_deduction_s01_complaint_handling():
    item = spec(
        "deduction", 20, events=[{"code": "UNMET", "name": "未达要求", "points": -5}]
    )
    assert score_indicator(item, {"counts": {"UNMET": 1}}) == 15.0
    assert score_indicator(item, {"counts": {"UNMET": 5.0}}) == 0.0


# --- ratio, rank, linear, average, range, veto -----------------------------------


def test_ratio_higher_is_better_capped():
    item = spec("ratio", 15, target=200)  # S05 外拨通数 ≥200/day, 15%
    assert score_indicator(item, {"actual": 180}) == 13.5
    assert score_indicator(item, {"actual": 250}) == 15.0
    assert score_indicator(item, {"actual": 0}) == 0.0


def test_ratio_bonus_may_exceed_max_up_to_cap():
    # S28 维保合同额: amount / 20 000 × 2, a bonus item capped at 10.
    item = spec("ratio", 2, kind="bonus", target=20000, cap=10)
    assert score_indicator(item, {"actual": 50000}) == 5.0
    assert score_indicator(item, {"actual": 500000}) == 10.0


def test_ratio_lower_is_better():
    item = spec("ratio", 20, target=30, direction="lower")  # S18 响应 ≤30 s
    assert score_indicator(item, {"actual": 40}) == 15.0
    assert score_indicator(item, {"actual": 20}) == 20.0
    assert score_indicator(item, {"actual": 0}) == 20.0


@pytest.mark.parametrize(
    ("rank", "size", "expected"),
    [(1, 5, 20.0), (2, 5, 15.0), (5, 5, 0.0), (2.5, 4, 10.0), (1, 1, 20.0)],
)
def test_rank_s26(rank, size, expected):
    item = spec("rank", 20)
    assert score_indicator(item, {"rank": rank, "group_size": size}) == expected


def test_rank_min():
    item = spec("rank", 40, rank_min=10)
    assert score_indicator(item, {"rank": 3, "group_size": 3}) == 10.0
    assert score_indicator(item, {"rank": 2, "group_size": 3}) == 25.0


def test_linear_s26_ticket_timeliness():
    assert score_indicator(TIMELINESS_S26, rates(d1=1.0)) == 20.0
    assert (
        score_indicator(
            TIMELINESS_S26, rates(d1=0.5, d2=0.3, d3=0.1, d4=0.05, over7=0.05)
        )
        == 16.3
    )
    assert score_indicator(TIMELINESS_S26, rates(d7=0.5, over30=0.2)) == 0.0


def test_linear_constant():
    item = spec(
        "linear",
        10,
        constant=2,
        inputs=[{"code": "a", "name": "a", "coefficient": 0.5}],
    )
    assert score_indicator(item, {"inputs": {"a": 6}}) == 5.0


def test_average_s16_annual_from_quarters():
    item = spec(
        "average",
        60,
        inputs=[{"code": f"Q{q}", "name": f"第{q}季度"} for q in range(1, 5)],
    )
    quarters = {"Q1": 80, "Q2": 90, "Q3": None, "Q4": 70}
    assert score_indicator(item, {"inputs": quarters}) == 48.0
    assert score_indicator(item, {"inputs": {"Q2": 100}}) == 60.0
    assert score_indicator(item, {}) == 0.0


def test_range_s29_deducts_below_adds_above():
    # 工单响应 rate: inside [95, 98] no change; −2 per point below, +1 per point above.
    item = spec(
        "range",
        12,
        base=10,
        range_low=95,
        range_high=98,
        below_points=2,
        above_points=1,
    )
    assert score_indicator(item, {"actual": 96}) == 10.0
    assert score_indicator(item, {"actual": 93}) == 6.0
    assert score_indicator(item, {"actual": 94.5}) == 9.0
    assert score_indicator(item, {"actual": 99.5}) == 11.5
    assert score_indicator(item, {"actual": 100}) == 12.0
    assert score_indicator(item, {"actual": 50}) == 0.0


def test_range_only_deducts_with_unit():
    item = spec(
        "range",
        20,
        range_low=4.5,
        range_high=8,
        range_unit=0.5,
        below_points=1,
        above_points=0,
    )
    assert score_indicator(item, {"actual": 3.5}) == 18.0
    assert score_indicator(item, {"actual": 9}) == 20.0


def test_veto_scores_zero():
    item = spec("veto", 0, veto_action="zero")
    assert score_indicator(item, {"veto": True}) == 0.0
    assert score_indicator(item, {}) == 0.0


# --- validation errors: each names the indicator ---------------------------------

INVALID_SPECS = {
    "unknown method": ("invalid_choice", spec("magic")),
    "method missing": ("missing", spec(None)),
    "unknown kind": ("invalid_choice", spec("points", kind="extra")),
    "max negative": ("out_of_range", spec("points", -1)),
    "max NaN": ("not_a_number", spec("points", math.nan)),
    "max inf": ("not_a_number", spec("points", math.inf)),
    "max bool": ("not_a_number", spec("points", True)),
    "max missing": ("missing", spec("points", None)),
    "max text": ("not_a_number", spec("points", "10")),
    "levels empty": ("empty", spec("levels", 50, levels=[])),
    "levels missing": ("empty", spec("levels", 50)),
    "level above max": ("out_of_range", spec("levels", 40, levels=LEVELS_S01)),
    "level negative": (
        "out_of_range",
        spec("levels", 50, levels=[{"name": "a", "points": -1}]),
    ),
    "level names twice": (
        "duplicate",
        spec(
            "levels",
            50,
            levels=[{"name": "a", "points": 1}, {"name": "a", "points": 2}],
        ),
    ),
    "level points NaN": (
        "not_a_number",
        spec("levels", 50, levels=[{"name": "a", "points": math.nan}]),
    ),
    "events empty": ("empty", spec("deduction", events=[])),
    "events twice": (
        "duplicate",
        spec(
            "deduction",
            events=[
                {"code": "E", "name": "e", "points": -1},
                {"code": "E", "name": "f", "points": -2},
            ],
        ),
    ),
    "event points missing": (
        "missing",
        spec("deduction", events=[{"code": "E", "name": "e"}]),
    ),
    "zero_at below 1": (
        "out_of_range",
        spec(
            "deduction", events=[{"code": "E", "name": "e", "points": -1, "zero_at": 0}]
        ),
    ),
    "zero_at fractional": (
        "not_integer",
        spec(
            "deduction",
            events=[{"code": "E", "name": "e", "points": -1, "zero_at": 1.5}],
        ),
    ),
    "floor above cap": (
        "out_of_range",
        spec(
            "deduction",
            floor=6,
            cap=5,
            events=[{"code": "E", "name": "e", "points": -1}],
        ),
    ),
    "floor above max": (
        "out_of_range",
        spec("ratio", 10, kind="bonus", target=1, floor=11, cap=20),
    ),
    "cap above max": ("out_of_range", spec("ratio", 10, target=1, cap=12)),
    "normal floor negative": ("out_of_range", spec("ratio", 10, target=1, floor=-1)),
    "base NaN": (
        "not_a_number",
        spec(
            "deduction",
            base=math.nan,
            events=[{"code": "E", "name": "e", "points": -1}],
        ),
    ),
    "target zero": ("not_positive", spec("ratio", target=0)),
    "target negative": ("not_positive", spec("ratio", target=-5)),
    "target missing": ("missing", spec("ratio")),
    "ratio direction": ("invalid_choice", spec("ratio", target=1, direction="up")),
    "rank_min above max": ("out_of_range", spec("rank", 20, rank_min=21)),
    "inputs empty": ("empty", spec("linear", inputs=[])),
    "inputs twice": (
        "duplicate",
        spec(
            "linear",
            inputs=[
                {"code": "a", "name": "a", "coefficient": 1},
                {"code": "a", "name": "b", "coefficient": 2},
            ],
        ),
    ),
    "coefficient missing": (
        "missing",
        spec("linear", inputs=[{"code": "a", "name": "a"}]),
    ),
    "average inputs twice": (
        "duplicate",
        spec(
            "average", inputs=[{"code": "Q1", "name": "q"}, {"code": "Q1", "name": "q"}]
        ),
    ),
    "range low above high": (
        "out_of_range",
        spec("range", range_low=9, range_high=8, below_points=1, above_points=1),
    ),
    "range unit zero": (
        "not_positive",
        spec(
            "range",
            range_low=1,
            range_high=2,
            range_unit=0,
            below_points=1,
            above_points=1,
        ),
    ),
    "range below negative": (
        "out_of_range",
        spec("range", range_low=1, range_high=2, below_points=-1, above_points=1),
    ),
    "range above negative": (
        "out_of_range",
        spec("range", range_low=1, range_high=2, below_points=1, above_points=-1),
    ),
    "range below missing": (
        "missing",
        spec("range", range_low=1, range_high=2, above_points=1),
    ),
    "veto with points": ("out_of_range", spec("veto", 5, veto_action="zero")),
    "veto without action": ("missing", spec("veto", 0)),
    "veto unknown action": ("invalid_choice", spec("veto", 0, veto_action="fire")),
    "veto deduct without points": ("missing", spec("veto", 0, veto_action="deduct")),
    "veto deduct zero points": (
        "not_positive",
        spec("veto", 0, veto_action="deduct", veto_points=0),
    ),
}


@pytest.mark.parametrize(
    ("reason_code", "bad"), INVALID_SPECS.values(), ids=INVALID_SPECS
)
def test_invalid_spec_is_rejected(expect_error, reason_code, bad):
    with expect_error(reason_code, "Q1") as info:
        validate_indicator(bad)
    assert "客户回访" in str(info.value)
    with expect_error(reason_code, "Q1"):
        score_indicator(bad, {"value": 1, "actual": 1})


@pytest.mark.parametrize("code", [None, "", "  ", False])
def test_code_is_required(expect_error, code):
    with expect_error("missing") as info:
        validate_indicator({**spec("points"), "code": code})
    assert info.value.params == {"field": "code"}


def test_limits_allowed_for_bonus_and_penalty_items():
    validate_indicator(spec("ratio", 10, kind="bonus", target=1, cap=30))
    validate_indicator(
        spec(
            "linear",
            5,
            kind="penalty",
            floor=-5,
            cap=0,
            inputs=[{"code": "a", "name": "a", "coefficient": -5}],
        )
    )


def test_odoo_empty_text_counts_as_missing():
    validate_indicator(
        {**spec("points", kind="bonus"), "section": False, "name": False}
    )


def test_unused_parameters_are_not_checked():
    validate_indicator(spec("points", target=0, bands=[], floor=99))


def test_wrong_structure_is_a_type_error():
    with pytest.raises(TypeError):
        validate_indicator(spec("levels", 50, levels="1级"))
    with pytest.raises(TypeError):
        score_indicator(QUALITY_S08, {"counts": [1, 2]})
    with pytest.raises(TypeError):
        score_indicator(spec("veto", 0, veto_action="zero"), {"veto": "yes"})


# --- scoring errors -------------------------------------------------------------

LEVELS = spec("levels", 50, levels=LEVELS_S01)
LINEAR = spec("linear", inputs=[{"code": "a", "name": "a", "coefficient": 1}])
AVERAGE = spec("average", 60, inputs=[{"code": "Q1", "name": "q1"}])
RANGE = spec("range", range_low=1, range_high=2, below_points=1, above_points=1)

BAD_INPUTS = {
    "points missing": ("missing", spec("points"), {}),
    "points None input": ("missing", spec("points"), None),
    "points above max": ("out_of_range", spec("points"), {"value": 10.01}),
    "points negative": ("out_of_range", spec("points"), {"value": -1}),
    "points NaN": ("not_a_number", spec("points"), {"value": math.nan}),
    "points inf": ("not_a_number", spec("points"), {"value": -math.inf}),
    "points bool": ("not_a_number", spec("points"), {"value": True}),
    "points text": ("not_a_number", spec("points"), {"value": "5"}),
    "percent above 100": ("out_of_range", spec("percent"), {"value": 101}),
    "percent negative": ("out_of_range", spec("percent"), {"value": -0.5}),
    "level 0": ("out_of_range", LEVELS, {"value": 0}),
    "level above N": ("out_of_range", LEVELS, {"value": 6}),
    "level fractional": ("not_integer", LEVELS, {"value": 2.5}),
    "count negative": ("out_of_range", QUALITY_S08, {"counts": {"C": -1}}),
    "count fractional": ("not_integer", QUALITY_S08, {"counts": {"C": 1.5}}),
    "count NaN": ("not_a_number", QUALITY_S08, {"counts": {"C": math.nan}}),
    "unknown event": ("unknown_code", QUALITY_S08, {"counts": {"E": 1}}),
    "ratio actual missing": ("missing", spec("ratio", target=5), {}),
    "ratio actual negative": ("out_of_range", spec("ratio", target=5), {"actual": -1}),
    "rank below 1": ("out_of_range", spec("rank"), {"rank": 0, "group_size": 3}),
    "rank above size": ("out_of_range", spec("rank"), {"rank": 4, "group_size": 3}),
    "rank missing": ("missing", spec("rank"), {"group_size": 3}),
    "group size missing": ("missing", spec("rank"), {"rank": 1}),
    "group size 0": ("out_of_range", spec("rank"), {"rank": 1, "group_size": 0}),
    "group size fractional": (
        "not_integer",
        spec("rank"),
        {"rank": 1, "group_size": 2.5},
    ),
    "linear input missing": ("missing", LINEAR, {"inputs": {}}),
    "linear unknown input": ("unknown_code", LINEAR, {"inputs": {"a": 1, "b": 2}}),
    "linear input NaN": ("not_a_number", LINEAR, {"inputs": {"a": math.nan}}),
    "average above 100": ("out_of_range", AVERAGE, {"inputs": {"Q1": 101}}),
    "average unknown input": ("unknown_code", AVERAGE, {"inputs": {"Q9": 50}}),
    "range actual missing": ("missing", RANGE, {}),
    "range actual inf": ("not_a_number", RANGE, {"actual": math.inf}),
}


@pytest.mark.parametrize(
    ("reason_code", "item", "line_input"), BAD_INPUTS.values(), ids=BAD_INPUTS
)
def test_bad_input_is_rejected(expect_error, reason_code, item, line_input):
    with expect_error(reason_code, "Q1"):
        score_indicator(item, line_input)


# --- every number: NaN, infinities and bools are refused, naming the indicator ------

VETO_DEDUCT = spec("veto", 0, veto_action="deduct", veto_points=5)
RATIO = spec("ratio", target=5)
BANDS = spec("bands", bands=[{"lower": 0, "upper": 10, "points": 5}])
NUMERIC_FIELDS = {
    "max_points": spec("points"),
    "floor": RATIO,
    "cap": RATIO,
    "target": RATIO,
    "base": QUALITY_S08,
    "constant": LINEAR,
    "range_low": RANGE,
    "range_high": RANGE,
    "range_unit": RANGE,
    "below_points": RANGE,
    "above_points": RANGE,
    "rank_min": spec("rank"),
    "veto_points": VETO_DEDUCT,
    "levels.points": LEVELS,
    "events.points": QUALITY_S08,
    "events.zero_at": QUALITY_S08,
    "inputs.coefficient": LINEAR,
    "bands.lower": BANDS,
    "bands.upper": BANDS,
    "bands.points": BANDS,
}


def with_value(item, path, value):
    if "." not in path:
        return {**item, path: value}
    key, field = path.split(".")
    return {**item, key: [{**item[key][0], field: value}, *item[key][1:]]}


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, True, "5"])
@pytest.mark.parametrize("path", NUMERIC_FIELDS)
def test_every_spec_number_is_checked(expect_error, path, bad):
    with expect_error("not_a_number", "Q1") as info:
        validate_indicator(with_value(NUMERIC_FIELDS[path], path, bad))
    assert info.value.params["field"] == path


LINE_NUMBERS = [
    (spec("points"), lambda v: {"value": v}),
    (BANDS, lambda v: {"actual": v}),
    (RATIO, lambda v: {"actual": v}),
    (RANGE, lambda v: {"actual": v}),
    (spec("rank"), lambda v: {"rank": v, "group_size": 3}),
    (spec("rank"), lambda v: {"rank": 1, "group_size": v}),
    (QUALITY_S08, lambda v: {"counts": {"C": v}}),
    (LINEAR, lambda v: {"inputs": {"a": v}}),
    (AVERAGE, lambda v: {"inputs": {"Q1": v}}),
]


@pytest.mark.parametrize("bad", [math.nan, math.inf, False, "1"])
@pytest.mark.parametrize(("item", "make"), LINE_NUMBERS)
def test_every_input_number_is_checked(expect_error, item, make, bad):
    with expect_error("not_a_number", "Q1"):
        score_indicator(item, make(bad))
