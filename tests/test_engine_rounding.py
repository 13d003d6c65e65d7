"""round_points, round_days and round_money: half up on the float's decimal repr."""

import math

import pytest

from hr_kpi_appraisal.engine import round_days, round_money, round_points


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.675, 2.68),  # binary 2.67499999... but written 2.675
        (1.005, 1.01),
        (0.125, 0.13),
        (-2.675, -2.68),
        (94.994999, 94.99),
        (7, 7.0),
        (1e-9, 0.0),
        (12345678.915, 12345678.92),
    ],
)
def test_round_points_half_up(value, expected):
    assert round_points(value) == expected


def test_round_days_like_points():
    assert round_days(4.995) == 5.0
    assert round_days(21.004999) == 21.0
    assert math.copysign(1.0, round_days(-0.001)) == 1.0


def test_round_points_never_returns_negative_zero():
    assert math.copysign(1.0, round_points(-0.001)) == 1.0


@pytest.mark.parametrize(
    ("value", "rounding", "expected"),
    [
        (1.005, 0.01, 1.01),
        (1234.5, 1, 1235.0),
        (12.325, 0.05, 12.35),
        (12.324, 0.05, 12.3),
        (99.99, 0.1, 100.0),
        (-10.005, 0.01, -10.01),
        (862.5, 0.01, 862.5),
    ],
)
def test_round_money_to_a_multiple(value, rounding, expected):
    assert round_money(value, rounding) == expected


@pytest.mark.parametrize("value", [math.nan, math.inf, None, True, "1.5"])
def test_rounding_refuses_non_numbers(expect_error, value):
    with expect_error("not_a_number" if value is not None else "missing"):
        round_points(value)
    with expect_error("not_a_number" if value is not None else "missing"):
        round_money(value)


@pytest.mark.parametrize("rounding", [0, -0.01])
def test_round_money_needs_positive_rounding(expect_error, rounding):
    with expect_error("not_positive"):
        round_money(1.0, rounding)
