"""Grade scales (P07, P03) and their lookups."""

import math

import pytest

from hr_kpi_appraisal.engine import lookup_grade, validate_grades


def grade(code, min_score, **extra):
    return {"code": code, "name": code, "min_score": min_score, **extra}


# P07: A 95–100 优秀, B 80–94 良好, C 65–79 合格, D 60–64 较差, E ≤59 极差.
P07 = [
    {"code": "A", "name": "优秀", "min_score": 95},
    {"code": "B", "name": "良好", "min_score": 80},
    {"code": "C", "name": "合格", "min_score": 65},
    {"code": "D", "name": "较差", "min_score": 60},
    {"code": "E", "name": "极差", "min_score": 0},
]

# P03: a >95 → 150% … e <60 → 50% (b, c, d reconstructed).
P03 = [
    grade("a", 95.01, pay_coefficient=150),
    grade("b", 85, pay_coefficient=120),
    grade("c", 75, pay_coefficient=100),
    grade("d", 60, pay_coefficient=80),
    grade("e", 0, pay_coefficient=50),
]


@pytest.mark.parametrize(
    ("score", "code"),
    [(100, "A"), (95, "A"), (94.5, "B"), (94.99, "B"), (80, "B"), (79.99, "C")]
    + [(65, "C"), (64, "D"), (60, "D"), (59.99, "E"), (0, "E"), (110, "A")],
)
def test_p07_lookup(score, code):
    assert lookup_grade(P07, score)["code"] == code


def test_lookup_fills_defaults_and_keeps_extra_keys():
    found = lookup_grade([{**P07[0], "id": 7}, *P07[1:]], 96)
    assert found == {
        "code": "A",
        "name": "优秀",
        "min_score": 95.0,
        "pay_coefficient": 100.0,
        "fixed_amount": 0.0,
        "id": 7,
    }


@pytest.mark.parametrize(
    ("score", "code", "coefficient"),
    [(96, "a", 150.0), (95.01, "a", 150.0), (95, "b", 120.0), (59.99, "e", 50.0)],
)
def test_p03_lookup(score, code, coefficient):
    found = lookup_grade(P03, score)
    assert (found["code"], found["pay_coefficient"]) == (code, coefficient)


def test_lookup_without_grades_or_below_all():
    assert lookup_grade([], 80) is None
    assert lookup_grade(P07, -1) is None


def test_lookup_refuses_nan(expect_error):
    with expect_error("not_a_number"):
        lookup_grade(P07, math.nan)


INVALID_SCALES = {
    "empty": ("empty", []),
    "missing": ("empty", None),
    "code twice": ("duplicate", [grade("A", 90), grade("A", 0)]),
    "min twice": ("duplicate", [grade("A", 0), grade("B", 0)]),
    "gap at bottom": ("out_of_range", [grade("A", 90), grade("B", 60)]),
    "code missing": ("missing", [grade(None, 0)]),
    "min NaN": ("not_a_number", [grade("A", math.nan)]),
    "min missing": ("missing", [grade("A", None)]),
    "coefficient inf": ("not_a_number", [grade("A", 0, pay_coefficient=math.inf)]),
    "coefficient negative": ("out_of_range", [grade("A", 0, pay_coefficient=-1)]),
    "fixed bool": ("not_a_number", [grade("A", 0, fixed_amount=True)]),
}


@pytest.mark.parametrize(
    ("reason_code", "grades"), INVALID_SCALES.values(), ids=INVALID_SCALES
)
def test_invalid_scale(expect_error, reason_code, grades):
    with expect_error(reason_code):
        validate_grades(grades)
