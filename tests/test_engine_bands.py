"""Band tables: the tables of S17 and S11, edges, overlaps, gaps, direction."""

import math

import pytest

from hr_kpi_appraisal.engine import score_indicator, validate_indicator


def band(lower, upper, points, lower_inclusive=True, upper_inclusive=False):
    return {
        "lower": lower,
        "upper": upper,
        "lower_inclusive": lower_inclusive,
        "upper_inclusive": upper_inclusive,
        "points": points,
    }


def bands_spec(bands, max_points=5.0, **params):
    return {
        "code": "Q1",
        "name": "客户回访",
        "section": "KPI",
        "max_points": max_points,
        "method": "bands",
        "bands": bands,
        **params,
    }


# S17 咨询转化率 (5分), as printed: 0–20% −4, 20–30% −3, 30–50% −2, 60%以上 0.
CONVERSION_SEED = [
    band(0, 20, -4),
    band(20, 30, -3),
    band(30, 50, -2),
    band(60, None, 0),
]
# The same with S17's 50–60% gap closed (reconstructed: −1).
CONVERSION = [*CONVERSION_SEED[:3], band(50, 60, -1), band(60, None, 0)]

# S17 平均响应时间 (5分): 1–50 s 0, 51–100 s −1, 100–200 s −3, 200 s以上 −5, with
# explicit edges: [0, 50] (50, 100] (100, 200] (200, ∞).
RESPONSE = [
    band(0, 50, 0, upper_inclusive=True),
    band(50, 100, -1, lower_inclusive=False, upper_inclusive=True),
    band(100, 200, -3, lower_inclusive=False, upper_inclusive=True),
    band(200, None, -5, lower_inclusive=False),
]

# S17 客户流失率 (5分): <40% 0, 40–60% −2, 60–80% −3, >80% −5.
CHURN_S17 = [
    band(0, 40, 0),
    band(40, 60, -2),
    band(60, 80, -3, upper_inclusive=True),
    band(80, 100, -5, lower_inclusive=False, upper_inclusive=True),
]

# S11 回访流失率 (10分): ≤30% 10, 30–40% 8, 40–45% 5, 45–55% 3, >55% 0.
CHURN_S11 = [
    band(0, 30, 10, upper_inclusive=True),
    band(30, 40, 8, lower_inclusive=False, upper_inclusive=True),
    band(40, 45, 5, lower_inclusive=False, upper_inclusive=True),
    band(45, 55, 3, lower_inclusive=False, upper_inclusive=True),
    band(55, None, 0, lower_inclusive=False),
]

# S11 招聘任务完成率 (15分): ≥80% 15, 65–79% 10, 50–64% 8, 40–49% 5, 30–39% 3, <30% 0.
RECRUITING_S11 = [
    band(80, None, 15),
    band(65, 80, 10),
    band(50, 65, 8),
    band(40, 50, 5),
    band(30, 40, 3),
    band(0, 30, 0),
]


def test_s17_conversion_as_printed_is_rejected_as_gapped(expect_error):
    with expect_error("bands_gap", "Q1") as info:
        validate_indicator(bands_spec(CONVERSION_SEED, band_mode="deduct"))
    assert info.value.params == {"lower": 50.0, "upper": 60.0}
    assert str(info.value) == (
        'Indicator "Q1" (客户回访): bands leave a gap between 50 and 60'
    )


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(0, 1.0), (19.99, 1.0), (20, 2.0), (25, 2.0), (30, 3.0), (55, 4.0), (60, 5.0)],
)
def test_s17_conversion_closed(actual, expected):
    item = bands_spec(CONVERSION, band_mode="deduct", direction="higher")
    assert score_indicator(item, {"actual": actual}) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(0, 5.0), (45, 5.0), (50, 5.0), (50.5, 4.0), (100, 4.0), (100.1, 2.0), (200, 2.0)]
    + [(200.5, 0.0), (3600, 0.0)],
)
def test_s17_response_time_explicit_edges(actual, expected):
    item = bands_spec(RESPONSE, band_mode="deduct", direction="lower")
    assert score_indicator(item, {"actual": actual}) == expected


@pytest.mark.parametrize(
    ("actual", "expected"), [(10, 5.0), (40, 3.0), (60, 2.0), (80, 2.0), (80.1, 0.0)]
)
def test_s17_churn(actual, expected):
    item = bands_spec(CHURN_S17, band_mode="deduct", direction="lower")
    assert score_indicator(item, {"actual": actual}) == expected


def test_deduct_mode_accepts_positive_deductions():
    positive = [{**b, "points": abs(b["points"])} for b in CHURN_S17]
    item = bands_spec(positive, band_mode="deduct", direction="lower")
    assert score_indicator(item, {"actual": 70}) == 2.0


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(0, 10.0), (30, 10.0), (30.01, 8.0), (40, 8.0), (45, 5.0), (55, 3.0), (56, 0.0)],
)
def test_s11_churn(actual, expected):
    item = bands_spec(CHURN_S11, 10, direction="lower")
    assert score_indicator(item, {"actual": actual}) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(100, 15.0), (80, 15.0), (79.9, 10.0), (65, 10.0), (64, 8.0), (45, 5.0)]
    + [(30, 3.0), (29.9, 0.0), (0, 0.0)],
)
def test_s11_recruiting_unsorted_table(actual, expected):
    item = bands_spec(RECRUITING_S11, 15, direction="higher")
    assert score_indicator(item, {"actual": actual}) == expected


@pytest.mark.parametrize("actual", [-0.01, 100.01])
def test_value_outside_finite_bands(expect_error, actual):
    with expect_error("outside_bands", "Q1") as info:
        score_indicator(bands_spec(CHURN_S17, band_mode="deduct"), {"actual": actual})
    assert f"value {actual:g} is outside the bands" in str(info.value)


def test_open_ends_take_every_value():
    item = bands_spec([band(None, 0, 1), band(0, None, 2)], 2)
    assert score_indicator(item, {"actual": -1e9}) == 1.0
    assert score_indicator(item, {"actual": 1e9}) == 2.0


def test_single_point_band():
    item = bands_spec(
        [band(0, 0, 5, upper_inclusive=True), band(0, None, 0, lower_inclusive=False)]
    )
    assert score_indicator(item, {"actual": 0}) == 5.0
    assert score_indicator(item, {"actual": 0.5}) == 0.0


INVALID_TABLES = {
    "empty": ("empty", [], {}),
    "missing": ("empty", None, {}),
    "lower above upper": ("band_empty", [band(30, 20, 1)], {}),
    "empty half-open band": ("band_empty", [band(20, 20, 1)], {}),
    "overlap": ("bands_overlap", [band(0, 30, 1), band(20, 50, 2)], {}),
    "overlap at an edge both include": (
        "bands_overlap",
        [band(0, 20, 1, upper_inclusive=True), band(20, 30, 2)],
        {},
    ),
    "same lower edge": ("bands_overlap", [band(0, 10, 1), band(0, 20, 2)], {}),
    "two open lower ends": ("bands_overlap", [band(None, 0, 1), band(None, 5, 2)], {}),
    "open upper end not last": (
        "bands_overlap",
        [band(0, None, 1), band(10, 20, 2)],
        {},
    ),
    "gap": ("bands_gap", [band(0, 20, 1), band(25, 30, 2)], {}),
    "edge neither includes": (
        "bands_gap",
        [band(0, 20, 1), band(20, 30, 2, lower_inclusive=False)],
        {},
    ),
    "points above max": ("out_of_range", [band(0, 10, 6)], {}),
    "deduction above max": ("out_of_range", [band(0, 10, -6)], {"band_mode": "deduct"}),
    "award negative": ("out_of_range", [band(0, 10, -1)], {}),
    "points NaN": ("not_a_number", [band(0, 10, math.nan)], {}),
    "points missing": ("missing", [band(0, 10, None)], {}),
    "edge inf": ("not_a_number", [band(0, math.inf, 1)], {}),
    "edge bool": ("not_a_number", [band(False, 10, 1)], {}),
    "higher violated": (
        "direction_violated",
        [band(0, 10, 3), band(10, 20, 2)],
        {"direction": "higher"},
    ),
    "lower violated": (
        "direction_violated",
        [band(0, 10, 2), band(10, 20, 3)],
        {"direction": "lower"},
    ),
    "deduct lower violated": (
        "direction_violated",
        [band(0, 10, -3), band(10, 20, -2)],
        {"direction": "lower", "band_mode": "deduct"},
    ),
    "unknown mode": ("invalid_choice", [band(0, 10, 1)], {"band_mode": "minus"}),
    "unknown direction": ("invalid_choice", [band(0, 10, 1)], {"direction": "up"}),
}


@pytest.mark.parametrize(
    ("reason_code", "bands", "params"), INVALID_TABLES.values(), ids=INVALID_TABLES
)
def test_invalid_table_is_rejected(expect_error, reason_code, bands, params):
    with expect_error(reason_code, "Q1"):
        validate_indicator(bands_spec(bands, **params))


def test_overlap_message_names_the_edge(expect_error):
    with expect_error("bands_overlap", "Q1") as info:
        validate_indicator(bands_spec([band(0, 30, 1), band(20, 50, 2)]))
    assert str(info.value) == 'Indicator "Q1" (客户回访): bands overlap at 20'


def test_direction_is_checked_after_band_mode():
    # Deductions growing with the value give points falling with it: "lower".
    validate_indicator(bands_spec(CHURN_S17, band_mode="deduct", direction="lower"))


def test_default_edges_are_lower_inclusive_upper_exclusive():
    item = bands_spec(
        [{"lower": 0, "upper": 10, "points": 1}, {"lower": 10, "points": 2}]
    )
    assert score_indicator(item, {"actual": 10}) == 2.0


def test_actual_is_required(expect_error):
    with expect_error("missing", "Q1"):
        score_indicator(bands_spec(CHURN_S17, band_mode="deduct"), {"value": 30})
