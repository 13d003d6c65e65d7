"""rank_points: S26 points proportional to rank in [0, 20] / [0, 40]."""

import math

import pytest

from hr_kpi_appraisal.engine import (
    entered_inputs,
    rank_points,
    rank_positions,
    score_indicator,
    validate_indicator,
)


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


def test_positions_ties_share_the_average_rank():
    satisfaction = {"a": 98.5, "b": 97.0, "c": 97.0, "d": 97.0, "e": 90.0}
    assert rank_positions(satisfaction) == {
        "a": 1.0,
        "b": 3.0,
        "c": 3.0,
        "d": 3.0,
        "e": 5.0,
    }
    assert rank_positions({"a": 2, "b": 2, "c": 1}) == {"a": 1.5, "b": 1.5, "c": 3.0}


def test_positions_lower_is_better_and_group_of_one():
    minutes = {"a": 45, "b": 30, "c": 60}
    assert rank_positions(minutes, higher_is_better=False) == {
        "a": 2.0,
        "b": 1.0,
        "c": 3.0,
    }
    assert rank_positions({"a": 0.0}, higher_is_better=False) == {"a": 1.0}
    assert rank_positions({}) == {}


def test_positions_score_as_the_rank_method_does():
    """A computed rank scored by the rank method gives rank_points' points."""
    rates = {"a": 0.9, "b": 0.8, "c": 0.8, "d": 0.5, "e": 0.4}
    item = {
        "code": "FEEDBACK",
        "max_points": 20,
        "method": "rank",
        "rank_mode": "computed",
        "rank_group": "department",
        "direction": "higher",
    }
    ranks = rank_positions(rates)
    scored = {
        key: score_indicator(item, {"rank": rank, "group_size": len(rates)})
        for key, rank in ranks.items()
    }
    assert (
        scored
        == rank_points(rates, 20)
        == {
            "a": 20.0,
            "b": 12.5,
            "c": 12.5,
            "d": 5.0,
            "e": 0.0,
        }
    )


def test_computed_mode_enters_the_measured_value():
    manual = {"code": "R", "max_points": 20, "method": "rank"}
    computed = dict(manual, rank_mode="computed", direction="lower")
    assert entered_inputs(manual) == ("rank", "group_size")
    assert entered_inputs(computed) == ("actual",)
    assert entered_inputs(None) == ()
    validate_indicator(manual)
    validate_indicator(computed)


@pytest.mark.parametrize(
    ("reason_code", "settings"),
    [
        ("invalid_choice", {"rank_mode": "computed", "direction": "none"}),
        ("missing", {"rank_mode": "computed"}),
        ("invalid_choice", {"rank_mode": "typed"}),
        (
            "invalid_choice",
            {"rank_mode": "computed", "direction": "higher", "rank_group": "office"},
        ),
    ],
)
def test_invalid_computed_settings(expect_error, reason_code, settings):
    with expect_error(reason_code, "R"):
        validate_indicator(
            {"code": "R", "max_points": 20, "method": "rank", **settings}
        )
