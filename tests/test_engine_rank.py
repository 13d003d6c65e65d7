"""rank_points: S26 points proportional to rank in [0, 20] / [0, 40]."""

import math

import pytest

from hr_kpi_appraisal.engine import (
    daily_workload,
    entered_inputs,
    rank_awards,
    rank_points,
    rank_positions,
    saturation_ranks,
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


# S26 工作量: saturation = workload / days worked / the year's best, ranked, [0, 40]
WORKLOAD = {
    "code": "WORKLOAD",
    "max_points": 40,
    "method": "rank",
    "rank_mode": "saturation",
    "rank_group": "department",
    "direction": "higher",
    "inputs": [
        {"code": "WORKLOAD", "name": "工作量"},
        {"code": "DAYS", "name": "天数"},
    ],
}
# tickets and days worked in the month of five representatives of a branch
BRANCH = {
    "张三": (1100, 22),  # 50 a day
    "李四": (990, 22),  # 45
    "王五": (840, 21),  # 40
    "赵六": (880, 22),  # 40
    "钱七": (600, 20),  # 30
}


def points_of(ranks, item=WORKLOAD):
    return {
        key: score_indicator(item, {"rank": rank, "group_size": len(ranks)})
        for key, (_saturation, rank) in ranks.items()
    }


def test_saturation_ranks_the_branch():
    # the best daily workload of the year so far: 50 tickets
    ranks = saturation_ranks(BRANCH, 50)
    assert ranks == {
        "张三": (1.0, 1.0),
        "李四": (0.9, 2.0),
        "王五": (0.8, 3.5),
        "赵六": (0.8, 3.5),
        "钱七": (0.6, 5.0),
    }
    # 40 × (5 − rank) / 4
    assert points_of(ranks) == {
        "张三": 40.0,
        "李四": 30.0,
        "王五": 15.0,
        "赵六": 15.0,
        "钱七": 0.0,
    }
    # beating the year's best gives a saturation above 1, the order stays
    assert saturation_ranks(BRANCH, 40)["张三"] == (1.25, 1.0)
    assert saturation_ranks({"a": (100, 3)}, 40) == {"a": (0.8333, 1.0)}


def test_saturation_first_month_scores_20():
    for best in (None, 0):
        ranks = saturation_ranks(BRANCH, best)
        assert {saturation for saturation, _rank in ranks.values()} == {None}
        assert set(points_of(ranks).values()) == {20.0}
    assert points_of(saturation_ranks(dict(list(BRANCH.items())[:2]), None)) == {
        "张三": 20.0,
        "李四": 20.0,
    }


def test_saturation_without_days_worked_is_nothing_measured():
    assert daily_workload(0, 0) == 0.0
    assert daily_workload(450, 18) == 25.0
    ranks = saturation_ranks({"a": (450, 18), "b": (0, 0)}, 50)
    assert ranks == {"a": (0.5, 1.0), "b": (0.0, 2.0)}
    ranks = saturation_ranks(BRANCH, 50, higher_is_better=False)
    assert ranks["钱七"] == (0.6, 1.0)


@pytest.mark.parametrize(
    ("reason_code", "members", "best"),
    [
        ("out_of_range", {"a": (-1, 20)}, 50),
        ("out_of_range", {"a": (10, -1)}, 50),
        ("not_a_number", {"a": (math.nan, 20)}, 50),
        ("missing", {"a": (None, 20)}, 50),
        ("out_of_range", {"a": (10, 20)}, -5),
        ("not_a_number", {"a": (10, 20)}, math.inf),
    ],
)
def test_saturation_invalid(expect_error, reason_code, members, best):
    with expect_error(reason_code):
        saturation_ranks(members, best)


def test_saturation_mode_enters_the_inputs():
    assert entered_inputs(WORKLOAD) == ("inputs",)
    validate_indicator(WORKLOAD)


@pytest.mark.parametrize("code", ["WORKLOAD", "DAYS"])
def test_saturation_mode_needs_both_inputs(expect_error, code):
    inputs = [entry for entry in WORKLOAD["inputs"] if entry["code"] != code]
    with expect_error("missing", "WORKLOAD"):
        validate_indicator(dict(WORKLOAD, inputs=inputs))


# S26 考核奖罚: 分公司前二名 200、100 元, 后二名罚 100、50 元
TOP, BOTTOM = (200, 100), (-100, -50)


def test_rank_awards_top_two_and_bottom_two():
    totals = {"a": 95, "b": 90, "c": 85, "d": 80, "e": 75, "f": 70}
    assert rank_awards(totals, TOP, BOTTOM) == {
        "a": 200.0,
        "b": 100.0,
        "c": 0.0,
        "d": 0.0,
        "e": -50.0,
        "f": -100.0,
    }


def test_rank_awards_ties_share_their_places():
    # two firsts share 200 and 100; the last two share −50 and −100
    totals = {"a": 95, "b": 95, "c": 85, "d": 80, "e": 70, "f": 70}
    assert rank_awards(totals, TOP, BOTTOM) == {
        "a": 150.0,
        "b": 150.0,
        "c": 0.0,
        "d": 0.0,
        "e": -75.0,
        "f": -75.0,
    }
    # three tied for second: 100 + 0 + 0 shared, rounded to the cent
    totals = {"a": 95, "b": 90, "c": 90, "d": 90, "e": 80, "f": 70, "g": 60}
    awards = rank_awards(totals, TOP, BOTTOM)
    assert [awards[key] for key in "abcdefg"] == [
        200.0,
        33.33,
        33.33,
        33.33,
        0.0,
        -50.0,
        -100.0,
    ]
    # all six tied share (200 + 100 − 50 − 100) / 6
    assert set(rank_awards(dict.fromkeys("abcdef", 80), TOP, BOTTOM).values()) == {25.0}


def test_rank_awards_small_groups_give_the_top_amounts_first():
    assert rank_awards({"a": 80, "b": 70, "c": 60}, TOP, BOTTOM) == {
        "a": 200.0,
        "b": 100.0,
        "c": -100.0,
    }
    assert rank_awards({"a": 80}, TOP, BOTTOM) == {"a": 200.0}
    assert rank_awards({}, TOP, BOTTOM) == {}
    assert rank_awards({"a": 80, "b": 70}, (), BOTTOM) == {"a": -50.0, "b": -100.0}
    assert rank_awards({"a": 80, "b": 70}, rounding=1) == {"a": 0.0, "b": 0.0}


def test_rank_awards_invalid(expect_error):
    with expect_error("not_a_number"):
        rank_awards({"a": 80}, (math.nan,))
    with expect_error("not_a_number"):
        rank_awards({"a": "80"}, TOP)
