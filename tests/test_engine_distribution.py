"""Forced distribution: P04's quotas per department and S32's award quotas."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hr_kpi_appraisal.engine import (
    SMALL_GROUP,
    check_distribution,
    distribution_quotas,
    validate_policy,
)

# P04 (《客服中心绩效考核方案篇三》, 考核等级比例控制, per department): a 不得超过 5%,
# b 不得超过 15%, c 占 65%, d 约占 10%, e 约占 5%.
P04 = [
    {"code": "a", "max_share": 5},
    {"code": "b", "max_share": 15},
    {"code": "c", "target_share": 65},
    {"code": "d", "target_share": 10},
    {"code": "e", "target_share": 5},
]
P03_CODES = ["a", "b", "c", "d", "e"]
# S32 (《客服中心绩效考核方案篇二》): best agents at most 5%, excellent at most 10%.
S32 = [{"code": "A", "max_share": 5}, {"code": "B", "max_share": 10}]
P07_CODES = ["A", "B", "C", "D", "E"]


def bounds(policy, size):
    return {
        quota["code"]: (quota["min"], quota["max"], quota["target"])
        for quota in distribution_quotas(policy, size)
    }


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        # one person: no a or b (5% and 15% of one are under one person)
        (1, {"a": 0, "b": 0, "c": 1, "d": 0, "e": 0}),
        # 7: a 0 (0.35; below 10 the floor stands), b 1 (1.05), c 4.55 → 5,
        # d 0.7 → 1, e 0.35 → 0
        (7, {"a": 0, "b": 1, "c": 5, "d": 1, "e": 0}),
        # 10: the small-group rule allows one a (0.5); b 1.5 → 1; e 0.5 → 1
        (10, {"a": 1, "b": 1, "c": 7, "d": 1, "e": 1}),
        (20, {"a": 1, "b": 3, "c": 13, "d": 2, "e": 1}),
        (200, {"a": 10, "b": 30, "c": 130, "d": 20, "e": 10}),
    ],
)
def test_p04_quotas(size, expected):
    found = bounds(P04, size)
    assert {code: found[code][1] for code in "ab"} == {
        code: expected[code] for code in "ab"
    }
    assert {code: found[code][2] for code in "cde"} == {
        code: expected[code] for code in "cde"
    }
    # targets bound nothing; no line has a minimum
    assert all(found[code][1] is None for code in "cde")
    assert all(found[code][0] == 0 for code in found)


@pytest.mark.parametrize(
    ("size", "best", "excellent"),
    [(1, 0, 0), (7, 0, 0), (9, 0, 0), (10, 1, 1), (20, 1, 2), (200, 10, 20)],
)
def test_s32_award_quotas(size, best, excellent):
    found = bounds(S32, size)
    assert (found["A"][1], found["B"][1]) == (best, excellent)


def test_small_group_rule_only_raises_a_zero_maximum():
    assert SMALL_GROUP == 10
    assert bounds([{"code": "a", "max_share": 5}], 9)["a"][1] == 0
    assert bounds([{"code": "a", "max_share": 5}], 19)["a"][1] == 1
    assert bounds([{"code": "a", "max_share": 5}], 40)["a"][1] == 2
    # a maximum of 0% stays 0 however large the group
    assert bounds([{"code": "a", "max_share": 0}], 200)["a"][1] == 0


def test_p04_department_of_twenty_with_two_a():
    # 20 staff: 2 a where 1 is allowed; d and e off their targets are no violation
    counts = {"a": 2, "b": 3, "c": 14, "d": 1, "e": 0}
    assert check_distribution(P04, counts) == [
        {"code": "a", "count": 2, "limit": 1, "kind": "over", "by": 1}
    ]
    assert check_distribution(P04, {"a": 1, "b": 3, "c": 13, "d": 2, "e": 1}) == []


def test_p04_counts_against_the_whole_group_while_approving():
    # 4 of a department of 20 approved so far, 2 of them a
    violations = check_distribution(P04, {"a": 2, "c": 2}, size=20, partial=True)
    assert violations == [
        {"code": "a", "count": 2, "limit": 1, "kind": "over", "by": 1}
    ]


def test_minimum_checked_once_the_group_is_complete():
    policy = [{"code": "e", "min_share": 5}, {"code": "a", "max_share": 5}]
    assert check_distribution(policy, {"a": 1, "e": 0, "c": 19}) == [
        {"code": "e", "count": 0, "limit": 1, "kind": "under", "by": 1}
    ]
    assert check_distribution(policy, {"a": 1, "c": 9}, size=20, partial=True) == []
    # a minimum never demands more than its share: 5% of 7 is nobody
    assert check_distribution(policy, {"c": 7}) == []


def test_s32_awards_over_quota():
    counts = {"A": 2, "B": 3, "C": 15}
    assert check_distribution(S32, counts) == [
        {"code": "A", "count": 2, "limit": 1, "kind": "over", "by": 1},
        {"code": "B", "count": 3, "limit": 2, "kind": "over", "by": 1},
    ]


def test_empty_group():
    assert check_distribution(P04, {}) == []
    assert bounds(P04, 0)["a"] == (0, 0, None)


def test_valid_policies():
    validate_policy(P04, P03_CODES)
    validate_policy(S32, P07_CODES)
    # every grade capped, the caps adding up to exactly 100
    capped = [{"code": c, "max_share": s} for c, s in zip("abcde", (5, 15, 65, 10, 5))]
    validate_policy(capped, P03_CODES)


INVALID_POLICIES = {
    # a policy whose maximum shares add up to under 100: c capped at 60
    "maxima under 100": (
        "shares_under",
        [{"code": c, "max_share": s} for c, s in zip("abcde", (5, 15, 60, 10, 5))],
    ),
    "minima over 100": (
        "out_of_range",
        [{"code": "c", "min_share": 65}, {"code": "d", "target_share": 40}],
    ),
    "share above 100": ("out_of_range", [{"code": "a", "max_share": 120}]),
    "share negative": ("out_of_range", [{"code": "a", "min_share": -5}]),
    "minimum above maximum": (
        "out_of_range",
        [{"code": "a", "min_share": 10, "max_share": 5}],
    ),
    "target above maximum": (
        "out_of_range",
        [{"code": "a", "target_share": 10, "max_share": 5}],
    ),
    "grade twice": ("duplicate", [{"code": "a"}, {"code": "a"}]),
    "unknown grade": ("unknown_code", [{"code": "z", "max_share": 5}]),
    "code missing": ("missing", [{"max_share": 5}]),
    "share not a number": ("not_a_number", [{"code": "a", "max_share": True}]),
    "no lines": ("empty", []),
}


@pytest.mark.parametrize(
    ("reason_code", "policy"), INVALID_POLICIES.values(), ids=INVALID_POLICIES
)
def test_invalid_policy(expect_error, reason_code, policy):
    with expect_error(reason_code):
        validate_policy(policy, P03_CODES)


def test_shares_under_names_the_total(expect_error):
    policy = INVALID_POLICIES["maxima under 100"][1]
    with expect_error("shares_under") as error:
        validate_policy(policy, P03_CODES)
    assert error.value.params == {"total": 95.0}


@pytest.mark.parametrize(
    ("reason_code", "size", "counts"),
    [
        ("out_of_range", -1, {}),
        ("not_integer", 7.5, {}),
        ("out_of_range", None, {"a": -1}),
        ("not_integer", None, {"a": 1.5}),
    ],
)
def test_invalid_counts(expect_error, reason_code, size, counts):
    with expect_error(reason_code):
        check_distribution(P04, counts, size=size)


@given(
    share=st.floats(min_value=0, max_value=100, allow_nan=False),
    size=st.integers(min_value=0, max_value=5000),
)
def test_maximum_never_exceeds_its_share_but_for_the_small_group_rule(share, size):
    (quota,) = distribution_quotas([{"code": "a", "max_share": share}], size)
    if quota["max"] == 1 and size >= SMALL_GROUP and share > 0:
        assert share * size / 100 < 2
    else:
        assert quota["max"] <= share * size / 100 + 1e-9
        assert quota["max"] > share * size / 100 - 1 - 1e-9
