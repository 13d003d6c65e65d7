"""Pay rules of the schemes: P01, P02, P09 (tiered), P03 and P10 (grade)."""

import math

import pytest

from hr_kpi_appraisal.engine import compute_pay, percent_of_wage, validate_pay_rule


def tier(min_score, rate, by_score=False):
    return {"min_score": min_score, "rate": rate, "by_score": by_score}


# P01: ≥90 → full; 70–90 → score% × pay; <70 → none.
P01 = {"method": "tiered", "tiers": [tier(0, 0), tier(70, 100, True), tier(90, 100)]}
# P02: 100 → +15%; ≥95 → full; 60–95 → score%; <60 → none.
P02 = {
    "method": "tiered",
    "tiers": [tier(100, 115), tier(95, 100), tier(60, 100, True), tier(0, 0)],
}
# P09: performance wage (15% of the fixed wage, given as base) × score%.
P09 = {"method": "tiered", "tiers": [tier(0, 100, True)]}
GRADE = {"method": "grade"}
# P10 / S22 stars.
STARS = {
    5: {"code": "5", "name": "★★★★★", "min_score": 5, "fixed_amount": 500},
    4: {"code": "4", "name": "★★★★", "min_score": 4, "fixed_amount": 200},
    3: {"code": "3", "name": "★★★", "min_score": 3},
    2: {"code": "2", "name": "★★", "min_score": 2, "pay_coefficient": 50},
    1: {"code": "1", "name": "★", "min_score": 0, "pay_coefficient": 0},
}


def pay(rule, score, base, grade=None, rounding=0.01):
    return compute_pay(rule, score, grade, base, rounding)


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, 2000.0), (90, 2000.0), (89.5, 1790.0), (70, 1400.0), (69.99, 0.0), (0, 0.0)],
)
def test_p01(score, expected):
    assert pay(P01, score, 2000) == {"performance_pay": expected, "award": 0.0}


@pytest.mark.parametrize(
    ("score", "expected"),
    [(100, 1150.0), (99.99, 1000.0), (95, 1000.0), (94.99, 949.9), (60, 600.0)]
    + [(59.99, 0.0)],
)
def test_p02(score, expected):
    assert pay(P02, score, 1000)["performance_pay"] == expected


def test_p09():
    fixed_wage = 4000
    assert pay(P09, 85, fixed_wage * 0.15)["performance_pay"] == 510.0


@pytest.mark.parametrize(
    ("code", "expected"), [("a", 1500.0), ("c", 1000.0), ("e", 500.0)]
)
def test_p03_grade_coefficient(code, expected):
    coefficients = {"a": 150, "c": 100, "e": 50}
    grade = {
        "code": code,
        "name": code,
        "min_score": 0,
        "pay_coefficient": coefficients[code],
    }
    assert pay(GRADE, 80, 1000, grade) == {"performance_pay": expected, "award": 0.0}


@pytest.mark.parametrize(
    ("stars", "expected"),
    [(5, (800.0, 500.0)), (4, (800.0, 200.0)), (3, (800.0, 0.0)), (2, (400.0, 0.0))]
    + [(1, (0.0, 0.0))],
)
def test_p10_stars(stars, expected):
    result = pay(GRADE, 100, 800, STARS[stars])
    assert (result["performance_pay"], result["award"]) == expected


def test_proportional_and_none():
    assert pay({"method": "proportional"}, 87.5, 1234.56)["performance_pay"] == 1080.24
    assert pay({"method": "none"}, 87.5, 1234.56) == {
        "performance_pay": 0.0,
        "award": 0.0,
    }


def test_currency_rounding():
    assert pay({"method": "proportional"}, 87.5, 1234.56, rounding=1)[
        "performance_pay"
    ] == (1080.0)
    assert pay({"method": "proportional"}, 33.33, 100, rounding=0.05)[
        "performance_pay"
    ] == (33.35)


INVALID_RULES = {
    "unknown method": ("invalid_choice", {"method": "bonus"}),
    "method missing": ("missing", {}),
    "tiers empty": ("empty", {"method": "tiered", "tiers": []}),
    "tiers missing": ("empty", {"method": "tiered"}),
    "min twice": (
        "duplicate",
        {"method": "tiered", "tiers": [tier(0, 0), tier(0, 100)]},
    ),
    "gap at bottom": ("out_of_range", {"method": "tiered", "tiers": [tier(60, 100)]}),
    "rate negative": ("out_of_range", {"method": "tiered", "tiers": [tier(0, -1)]}),
    "rate NaN": ("not_a_number", {"method": "tiered", "tiers": [tier(0, math.nan)]}),
    "min inf": ("not_a_number", {"method": "tiered", "tiers": [tier(-math.inf, 1)]}),
}


@pytest.mark.parametrize(
    ("reason_code", "rule"), INVALID_RULES.values(), ids=INVALID_RULES
)
def test_invalid_rule(expect_error, reason_code, rule):
    with expect_error(reason_code):
        validate_pay_rule(rule)
    with expect_error(reason_code):
        pay(rule, 80, 1000)


@pytest.mark.parametrize(
    ("reason_code", "score", "base", "grade"),
    [
        ("not_a_number", math.nan, 1000, None),
        ("missing", None, 1000, None),
        ("out_of_range", -1, 1000, None),
        ("out_of_range", 80, -1, None),
        ("not_a_number", 80, math.inf, None),
        ("not_a_number", 80, True, None),
    ],
)
def test_invalid_score_or_base(expect_error, reason_code, score, base, grade):
    with expect_error(reason_code):
        pay(P01, score, base, grade)


def test_grade_rule_needs_a_grade(expect_error):
    with expect_error("missing") as info:
        pay(GRADE, 80, 1000)
    assert info.value.params == {"field": "grade"}
    with expect_error("not_a_number"):
        pay(GRADE, 80, 1000, {"pay_coefficient": math.nan})


@pytest.mark.parametrize(
    ("wage", "percent", "rounding", "expected"),
    [(6000, 15, 0.01, 900.0), (5333, 15, 0.01, 799.95), (5333, 15, 1, 800.0)],
)
def test_percent_of_wage(wage, percent, rounding, expected):
    assert percent_of_wage(wage, percent, rounding) == expected


def test_percent_of_wage_not_negative(expect_error):
    with expect_error("out_of_range"):
        percent_of_wage(6000, -1)


@pytest.mark.parametrize(
    ("rule", "score", "grade", "expected"),
    [
        # P08 halves the bonus whatever the rule: tiered full pay at 90 and up
        (P01, 95, None, {"performance_pay": 1000.0, "award": 0.0}),
        # a grade's pay and its positive award
        (GRADE, 5, STARS[5], {"performance_pay": 1000.0, "award": 250.0}),
        (GRADE, 2, STARS[2], {"performance_pay": 500.0, "award": 0.0}),
    ],
)
def test_pay_percent_halves_the_bonus(rule, score, grade, expected):
    assert compute_pay(rule, score, grade, 2000, pay_percents=[-50]) == expected


def test_pay_percents_multiply_and_keep_a_fine_whole():
    fine = {"code": "X", "name": "x", "min_score": 0, "fixed_amount": -100}
    assert compute_pay(GRADE, 1, fine, 1000, pay_percents=[-50, -50]) == {
        "performance_pay": 250.0,
        "award": -100.0,
    }


@pytest.mark.parametrize("percent", [-100.01, math.nan, None])
def test_pay_percent_refused(percent):
    with pytest.raises((ValueError, TypeError)):
        compute_pay(P01, 95, None, 2000, pay_percents=[percent])
