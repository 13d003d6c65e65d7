"""rank_points: S26 points proportional to rank in [0, 20] / [0, 40]."""

import math

import pytest

from hr_kpi_appraisal.engine import rank_points


def test_s26_feedback_rate_ranks():
    rates = {"张三": 0.9, "李四": 0.8, "王五": 0.8, "赵六": 0.5}
    assert rank_points(rates, 20) == {
        "张三": 20.0,
        "李四": 10.0,
        "王五": 10.0,
        "赵六": 0.0,
    }


def test_lower_is_better_and_min_points():
    times = {"a": 30, "b": 45, "c": 60}
    assert rank_points(times, 40, 10, higher_is_better=False) == {
        "a": 40.0,
        "b": 25.0,
        "c": 10.0,
    }


def test_one_member_gets_max_and_none_gives_nothing():
    assert rank_points({"a": 3}, 20) == {"a": 20.0}
    assert rank_points({}, 20) == {}


def test_all_tied_share_the_middle():
    assert rank_points(dict.fromkeys("abc", 1.0), 20) == dict.fromkeys("abc", 10.0)


def test_uneven_thirds_are_rounded():
    assert rank_points({"a": 4, "b": 3, "c": 2, "d": 1}, 20) == {
        "a": 20.0,
        "b": 13.33,
        "c": 6.67,
        "d": 0.0,
    }


@pytest.mark.parametrize(
    ("reason_code", "values", "max_points", "min_points"),
    [
        ("not_a_number", {"a": math.nan}, 20, 0),
        ("not_a_number", {"a": True}, 20, 0),
        ("missing", {"a": None}, 20, 0),
        ("not_a_number", {"a": 1}, math.inf, 0),
        ("out_of_range", {"a": 1}, 10, 20),
    ],
)
def test_invalid(expect_error, reason_code, values, max_points, min_points):
    with expect_error(reason_code):
        rank_points(values, max_points, min_points)
