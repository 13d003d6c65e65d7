"""Results over time: consecutive-result rules (P11, P12, S08, S22, S31), career
ladders (L01–L03) and roll-ups (S16-HEAD), with the sources' own numbers."""

import pytest

from hr_kpi_appraisal.engine import (
    RuleError,
    competition_ranks,
    evaluate_rule,
    flagged,
    propose_level,
    rollup_mean,
    rollup_slot,
    validate_ladder,
    validate_rule,
)

# P11: 连续三个月或年度累计四个月及以上的月度评分低于70分(不含70分)
P11_RUN = {"code": "P11-RUN", "condition": "below", "value": 70, "count": 3}
P11_YEAR = {**P11_RUN, "code": "P11-YEAR", "window": "year", "count": 4}
# P12: 连续3个月考核排名第一的，将给予一次性200元的奖励
P12_FIRST = {"code": "P12-FIRST", "condition": "rank_first", "count": 3}
# S21/P12: 年度不合格 → training; 连续两年不合格者予以解聘
P12_YEARS = {
    "code": "P12-YEARS",
    "period_type": "year",
    "condition": "below",
    "value": 70,
    "count": 2,
}
# S08: 一个月内服务态度类中出现3次或以上D档 → 观察期
S08_WATCH = {
    "code": "S08-WATCH",
    "condition": "flagged",
    "indicator": "QUALITY",
    "count": 1,
}
# S22: 每年累计获得月五星级员工次数最高者 → 年度优秀员工
S22_BEST = {
    "code": "S22-BEST",
    "condition": "grade_in",
    "grades": ["STAR5"],
    "window": "year_most",
    "count": 1,
}
# S31: 经培训和调整次月的考核仍为D级 → 劳动合同解除
S31_TWICE = {"code": "S31-TWICE", "condition": "grade_in", "grades": ["D"], "count": 2}


def months(totals, year=2026, first=1, **extra):
    """Monthly results of one employee from ``first`` on; None leaves a gap."""
    return [
        {
            "key": f"{year}-{first + i:02d}",
            "period_type": "month",
            "year": year,
            "index": first + i,
            "total": total,
            **extra,
        }
        for i, total in enumerate(totals)
        if total is not None
    ]


def found(rule, results, used=None):
    return [
        f["periods"] for f in evaluate_rule(rule, {"e": results}, used).get("e", [])
    ]


def test_p11_three_consecutive_months_under_70_block_the_annual_bonus():
    assert found(P11_RUN, months([69.5, 65, 60])) == [[(2026, 1), (2026, 2), (2026, 3)]]
    # 不含70分: a month of exactly 70 breaks the run
    assert found(P11_RUN, months([69.5, 70, 60, 65])) == []
    # a month without a result breaks it too
    assert found(P11_RUN, months([60, 60, None, 60])) == []
    # the findings name the appraisals
    rule_findings = evaluate_rule(P11_RUN, {"e": months([60, 61, 62])})
    assert rule_findings["e"][0]["keys"] == ["2026-01", "2026-02", "2026-03"]


def test_p11_a_run_counts_once_and_then_starts_again():
    assert found(P11_RUN, months([60] * 7)) == [
        [(2026, 1), (2026, 2), (2026, 3)],
        [(2026, 4), (2026, 5), (2026, 6)],
    ]


def test_p11_four_months_of_a_year_under_70():
    history = months([60, 80, 65, 90, 69.99, 85, 85, 50])
    assert found(P11_YEAR, history) == [[(2026, 1), (2026, 3), (2026, 5), (2026, 8)]]
    assert found(P11_YEAR, history[:-1]) == []
    # months of two years do not add up
    spread = months([80] * 9 + [60, 60, 60]) + months([60], year=2027)
    assert found(P11_YEAR, spread) == []
    assert found(P11_RUN, spread) == [[(2026, 10), (2026, 11), (2026, 12)]]


def test_periods_already_used_are_never_found_again():
    history = months([60, 60, 60, 60])
    used = {"e": {(2026, 1), (2026, 2), (2026, 3)}}
    assert found(P11_RUN, history, used) == []
    assert found(P11_RUN, history + months([60, 60], first=5), used) == [
        [(2026, 4), (2026, 5), (2026, 6)]
    ]


def test_p12_three_months_ranked_first():
    history = [dict(r, rank=rank) for r, rank in zip(months([95, 96, 97]), [1, 1, 1])]
    assert found(P12_FIRST, history) == [[(2026, 1), (2026, 2), (2026, 3)]]
    history[1]["rank"] = 2
    assert found(P12_FIRST, history) == []


def test_p12_two_failed_years():
    years = [
        {"key": y, "period_type": "year", "year": y, "index": 1, "total": t}
        for y, t in ((2025, 68), (2026, 69))
    ]
    assert found(P12_YEARS, years) == [[(2025, 1), (2026, 1)]]
    years[1]["total"] = 70
    assert found(P12_YEARS, years) == []
    # monthly results do not count for a yearly rule
    assert found(P12_YEARS, months([10, 10])) == []


def test_s08_observation_after_the_zeroing_count():
    assert found(S08_WATCH, months([70], flags=["QUALITY"])) == [[(2026, 1)]]
    assert found(S08_WATCH, months([70], flags=["ORAL_FEEDBACK"])) == []


def test_s22_most_five_star_months_of_a_complete_year():
    grades = {
        "ann": ["STAR5"] * 4 + ["STAR3"] * 8,
        "bo": ["STAR5"] * 3 + ["STAR4"] * 9,
        "cy": ["STAR5"] * 4 + ["STAR2"] * 8,
    }
    histories = {
        name: [dict(r, grade=g) for r, g in zip(months([100] * 12), codes)]
        for name, codes in grades.items()
    }
    result = evaluate_rule(S22_BEST, histories)
    assert sorted(result) == ["ann", "cy"]  # a tie: both
    assert len(result["ann"][0]["periods"]) == 4
    # before December the year is not over
    partial = {name: history[:11] for name, history in histories.items()}
    assert evaluate_rule(S22_BEST, partial) == {}


# P11: 转化率连续3个月均低于15%,为不达标
P11_CONVERSION = {
    "code": "P11-CONVERSION",
    "condition": "value_below",
    "indicator": "CONVERSION",
    "value": 15,
    "count": 3,
}
# P11: 月度个人销售额第一名,给予500元奖励
P11_TOP = {
    "code": "P11-TOP",
    "condition": "value_top",
    "indicator": "SALES",
    "count": 1,
}


def test_p11_conversion_under_15_percent_three_months_is_not_up_to_standard():
    rates = [14.9, 12, 14.99, 15]
    history = [
        dict(r, values={"CONVERSION": v}) for r, v in zip(months([95] * 4), rates)
    ]
    # the total (95) does not matter: the measured value does
    assert found(P11_CONVERSION, history) == [[(2026, 1), (2026, 2), (2026, 3)]]
    # 15% itself is not under the bar
    assert found(P11_CONVERSION, history[1:]) == []
    # a month without the indicator breaks the run
    history[1]["values"] = {}
    assert found(P11_CONVERSION, history) == []


def test_p11_monthly_top_seller():
    history = [
        dict(r, value_ranks={"SALES": rank})
        for r, rank in zip(months([60, 99, 80]), [1, 2, 1])
    ]
    # ranked on sales, not on the total
    assert found(P11_TOP, history) == [[(2026, 1)], [(2026, 3)]]


def test_an_indicator_condition_needs_its_indicator_and_bar():
    with pytest.raises(RuleError, match="indicator is missing"):
        validate_rule({**P11_TOP, "indicator": None})
    with pytest.raises(RuleError, match="P11-CONVERSION"):
        validate_rule({**P11_CONVERSION, "value": None})


def test_s31_grade_d_twice_in_a_row():
    history = [dict(r, grade=g) for r, g in zip(months([55, 58, 80]), "DDB")]
    assert found(S31_TWICE, history) == [[(2026, 1), (2026, 2)]]
    history[1]["grade"] = "C"
    assert found(S31_TWICE, history) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"count": 0}, "count"),
        ({"count": 13, "window": "year"}, "count"),
        ({"condition": "between"}, "condition"),
        ({"value": None}, "value"),
    ],
)
def test_a_rule_that_cannot_be_evaluated_is_refused_with_its_code(change, field):
    with pytest.raises(RuleError) as info:
        validate_rule({**P11_RUN, **change})
    assert info.value.rule == "P11-RUN"
    assert info.value.params["field"] == field
    assert str(info.value).startswith('Rule "P11-RUN": ')


def test_a_rule_without_grades_or_indicator_is_refused():
    with pytest.raises(RuleError, match="grades must not be empty"):
        validate_rule({**S31_TWICE, "grades": []})
    with pytest.raises(RuleError, match="indicator is missing"):
        validate_rule({**S08_WATCH, "indicator": ""})


def test_ties_share_the_first_rank():
    assert competition_ranks({"a": 90, "b": 95, "c": 95, "d": 80}) == {
        "a": 3,
        "b": 1,
        "c": 1,
        "d": 4,
    }


# ----------------------------------------------------------------------
# Ladders
# ----------------------------------------------------------------------

# L02: 两次考评中，分值都在90分以上的 → 高级客服; 都在80分~90分之间的
# → 中级客服; 两次都在70~80分的 → 初级客服.
L02 = {
    "code": "L02",
    "mode": "assign",
    "rungs": [
        {"code": "JUNIOR", "entry": {"results": {"count": 2, "low": 70, "high": 80}}},
        {"code": "MIDDLE", "entry": {"results": {"count": 2, "low": 80, "high": 90}}},
        {"code": "SENIOR", "entry": {"results": {"count": 2, "low": 90}}},
    ],
}
# L01: 一级 → 二级 半年以上; 二级 → 三级 80分以上; 三级 → 高级 85分以上 +
# 二级客服资格证书.
L01 = {
    "code": "L01",
    "rungs": [
        {"code": "LEVEL1"},
        {"code": "LEVEL2", "entry": {"tenure_months": 6}},
        {"code": "LEVEL3", "entry": {"review_min": 80}},
        {"code": "SENIOR", "entry": {"review_min": 85, "checks": ["certificate"]}},
    ],
}
# L03: 普通 → 星级 (转正并已上岗满3个月, 考核合格) → 钻级 (满1年, 投诉成立
# 不超过1件); 降级: 投诉成立超过2个, 重大行为失误.
L03 = {
    "code": "L03",
    "rungs": [
        {"code": "REGULAR"},
        {
            "code": "STAR",
            "entry": {"tenure_months": 3, "checks": ["exam"]},
            "demotion": {"min_complaints": 3, "any_checks": ["major_error"]},
        },
        {
            "code": "DIAMOND",
            "entry": {"tenure_months": 12, "max_complaints": 1, "checks": ["exam"]},
            "demotion": {"min_complaints": 3, "any_checks": ["major_error"]},
        },
    ],
}


def test_l02_two_results_of_90_and_92_make_a_senior_agent():
    facts = {"results": months([90, 92])}
    assert propose_level(L02, None, facts) == {"to": "SENIOR", "move": "promote"}
    facts = {"results": months([85, 80])}
    assert propose_level(L02, None, facts) == {"to": "MIDDLE", "move": "promote"}
    assert propose_level(L02, "MIDDLE", facts) is None


def test_l02_90_then_85_is_in_no_band_of_the_source():
    """L02 asks for both results in one band (都在80分~90分之间): 90 and 85
    are not, so nothing is proposed."""
    assert propose_level(L02, None, {"results": months([90, 85])}) is None
    # the last two count, in consecutive periods
    assert propose_level(L02, None, {"results": months([90, 85, 88])}) == {
        "to": "MIDDLE",
        "move": "promote",
    }
    assert propose_level(L02, None, {"results": months([85, None, 88])}) is None


def test_l02_results_in_a_lower_band_move_the_agent_down():
    facts = {"results": months([75, 79.99])}
    assert propose_level(L02, "SENIOR", facts) == {"to": "JUNIOR", "move": "demote"}


def test_l01_one_rung_at_a_time():
    facts = {"tenure_months": 6, "review_score": 90, "checks": {"certificate": True}}
    assert propose_level(L01, "LEVEL1", facts) == {"to": "LEVEL2", "move": "promote"}
    assert propose_level(L01, "LEVEL2", facts) == {"to": "LEVEL3", "move": "promote"}
    assert propose_level(L01, "LEVEL3", facts) == {"to": "SENIOR", "move": "promote"}
    assert propose_level(L01, "SENIOR", facts) is None
    assert propose_level(L01, "LEVEL1", {"tenure_months": 5}) is None
    # 85 without the certificate
    no_certificate = {"review_score": 85}
    assert propose_level(L01, "LEVEL3", no_certificate) is None
    assert propose_level(L01, "LEVEL2", {"review_score": 79.99}) is None


def test_l03_demotion_on_complaints_or_a_major_error():
    star = {"tenure_months": 14, "checks": {"exam": True}, "complaints": 1}
    assert propose_level(L03, "STAR", star) == {"to": "DIAMOND", "move": "promote"}
    assert propose_level(L03, "STAR", {**star, "complaints": 2}) is None
    assert propose_level(L03, "DIAMOND", {**star, "complaints": 3}) == {
        "to": "STAR",
        "move": "demote",
    }
    major = {**star, "checks": {"exam": True, "major_error": True}}
    assert propose_level(L03, "STAR", major) == {"to": "REGULAR", "move": "demote"}


@pytest.mark.parametrize(
    ("ladder", "message"),
    [
        (
            {**L01, "rungs": L01["rungs"][:2] + [{"code": "LEVEL3"}]},
            "LEVEL3 entry conditions must not be empty",
        ),
        (
            {
                **L02,
                "rungs": [
                    *L02["rungs"][:2],
                    {"code": "SENIOR", "entry": {"results": {"count": 2, "low": 85}}},
                ],
            },
            "bands overlap at 85",
        ),
        (
            {
                **L02,
                "rungs": [{"code": "X", "entry": {"results": {"count": 0, "low": 1}}}],
            },
            "X entry count = 0 is outside",
        ),
    ],
)
def test_a_ladder_that_cannot_be_evaluated_is_refused_with_its_code(ladder, message):
    with pytest.raises(RuleError, match=message) as info:
        validate_ladder(ladder)
    assert info.value.rule == ladder["code"]


# ----------------------------------------------------------------------
# Roll-ups
# ----------------------------------------------------------------------


def test_s16_head_work_results_are_the_mean_of_four_quarters():
    assert rollup_mean([88, 92, 79.5, 85], 4) == {
        "value": 86.13,
        "used": 4,
        "missing": 0,
    }


def test_a_missing_quarter_is_skipped_or_counts_as_zero():
    assert rollup_mean([88, 92, 80], 4) == {"value": 86.67, "used": 3, "missing": 1}
    assert rollup_mean([88, 92, 80], 4, "zero") == {
        "value": 65.0,
        "used": 3,
        "missing": 1,
    }
    assert rollup_mean([], 4) == {"value": None, "used": 0, "missing": 4}
    with pytest.raises(ValueError, match="values = 5 is outside"):
        rollup_mean([1, 2, 3, 4, 5], 4)


def test_s08_three_d_grades_for_service_attitude_flag_the_quality_line():
    quality = {
        "events": [{"code": "GRADE_D_ATTITUDE", "zero_at": 3}, {"code": "GRADE_C"}]
    }
    assert flagged(quality, {"counts": {"GRADE_D_ATTITUDE": 3}})
    assert not flagged(quality, {"counts": {"GRADE_D_ATTITUDE": 2, "GRADE_C": 9}})
    assert flagged({"method": "veto"}, {"veto": True})
    assert not flagged({"method": "veto"}, {"veto": False})


def test_no_complaint_at_all_is_a_condition():
    """L03: 投诉成立不超过1件; a limit of 0 complaints is kept, not dropped."""
    ladder = {
        "code": "L",
        "rungs": [{"code": "A"}, {"code": "B", "entry": {"max_complaints": 0}}],
    }
    assert propose_level(ladder, "A", {"complaints": 0}) == {
        "to": "B",
        "move": "promote",
    }
    assert propose_level(ladder, "A", {"complaints": 1}) is None


def test_a_stepped_ladder_may_ask_the_same_band_at_every_rung():
    """L04: 年度绩效考核成绩达到优良以上 for every promotion."""
    good_year = {"results": {"count": 1, "low": 80}, "checks": ["exam"]}
    ladder = {
        "code": "L04",
        "period_type": "year",
        "rungs": [
            {"code": "JUNIOR"},
            {"code": "MIDDLE", "entry": good_year},
            {"code": "SENIOR", "entry": good_year},
        ],
    }
    year = [{"key": 1, "period_type": "year", "year": 2026, "index": 1, "total": 85}]
    facts = {"results": year, "checks": {"exam": True}}
    assert propose_level(ladder, "JUNIOR", facts) == {"to": "MIDDLE", "move": "promote"}
    with pytest.raises(RuleError, match="bands overlap"):
        validate_ladder({**ladder, "mode": "assign"})


def test_l03_someone_not_on_the_ladder_starts_on_its_open_first_rung():
    facts = {"tenure_months": 3, "checks": {"exam": True}}
    assert propose_level(L03, None, facts) == {"to": "STAR", "move": "promote"}
    assert propose_level(L03, None, {"tenure_months": 2}) is None


def test_roll_up_input_codes_name_the_earlier_periods():
    """S16-HEAD's inputs Q1–Q4 are the four quarters of its year."""
    assert rollup_slot("Q4") == ("quarter", 4)
    assert rollup_slot("m12") == ("month", 12)
    assert rollup_slot("H2") == ("half_year", 2)
    for code in ("Q5", "M0", "H3", "X1", "Q", "", None, "QA"):
        assert rollup_slot(code) is None
