"""Whole appraisals: S01, S05, S14, veto, adjustments (P05, P06, S34), errors."""

import math

import pytest

from hr_kpi_appraisal.engine import (
    adjustment_points,
    score_appraisal,
    score_lines,
    score_totals,
    validate_scheme,
)

P07 = [
    {"code": "A", "name": "优秀", "min_score": 95},
    {"code": "B", "name": "良好", "min_score": 80},
    {"code": "C", "name": "合格", "min_score": 65},
    {"code": "D", "name": "较差", "min_score": 60},
    {"code": "E", "name": "极差", "min_score": 0},
]


def ind(code, method, max_points, section="KPI", **params):
    return {
        "code": code,
        "name": code,
        "section": section,
        "max_points": max_points,
        "method": method,
        **params,
    }


def scheme(sections=(("KPI", 100),), **options):
    return {
        "sections": [{"code": c, "name": c, "weight": w} for c, w in sections],
        "self_review": False,
        "grades": [],
        **options,
    }


def line(indicator, manager=None, self=None):
    return {"indicator": indicator, "manager": manager, "self": self}


def points_line(code, max_points, manager, self=None, section="KPI", kind="normal"):
    return line(
        ind(code, "points", max_points, section, kind=kind),
        None if manager is None else {"value": manager},
        None if self is None else {"value": self},
    )


def simple(total, **options):
    """A one-line appraisal whose base score is ``total``."""
    return scheme(**options), [points_line("WORK", 100, total)]


# --- S01: 业绩 ×80% + 行为 ×20% -------------------------------------------------

THREE_LEVELS = [
    {"name": "未达标", "points": 0},
    {"name": "部分达标", "points": 10},
    {"name": "达标", "points": 20},
]
ANCHORED = [{"name": f"{n}级", "points": n * 10} for n in range(1, 6)]


def s01_lines():
    return [
        line(ind("INFO", "levels", 20, levels=THREE_LEVELS), {"value": 3}),
        line(ind("FILES", "levels", 20, levels=THREE_LEVELS), {"value": 2}),
        line(ind("VISIT", "levels", 20, levels=THREE_LEVELS), {"value": 3}),
        line(
            ind(
                "COMPLAINT",
                "deduction",
                20,
                events=[{"code": "UNMET", "name": "未达要求", "points": -5}],
            ),
            {"counts": {"UNMET": 1}},
        ),
        points_line("FIFTH", 20, 18),
        line(ind("CUSTOMER", "levels", 50, "CPI", levels=ANCHORED), {"value": 4}),
        points_line("TEAM", 50, 45, section="CPI"),
    ]


def test_s01_kpi_80_cpi_20():
    result = score_appraisal(scheme((("KPI", 80), ("CPI", 20))), s01_lines(), [])
    # KPI 83/100 → 83; CPI 85/100 → 85; 83 × 0.8 + 85 × 0.2 = 83.4
    assert result["total_score"] == 83.4
    assert result["manager_score"] == 83.4
    assert result["base_score"] == 83.4
    assert result["self_score"] is None
    assert [item["points"] for item in result["lines"]] == [20, 10, 20, 15, 18, 40, 45]
    assert result["lines"][0] == {
        "self_points": None,
        "manager_points": 20.0,
        "points": 20.0,
    }
    assert result["grade"] is None
    assert result["veto"] is None


def test_sections_80_20_score_and_weighted_points():
    """业绩 80% (40/30/30) and 行为 20% (50/50), self 30% / supervisor 70%: each
    section's score and its weighted points, which add up to the scores."""
    plan = scheme(
        (("PERF", 80), ("BEHAV", 20)),
        self_review=True,
        self_weight=30,
        manager_weight=70,
    )
    lines = [
        points_line("ATTITUDE", 40, 32, self=36, section="PERF"),
        points_line("RESPONSE", 30, 20, self=20, section="PERF"),
        points_line("COMPLAINTS", 30, 20, self=20, section="PERF"),
        points_line("CUSTOMER", 50, 30, self=40, section="BEHAV"),
        points_line("TEAM", 50, 40, self=45, section="BEHAV"),
    ]
    result = score_appraisal(plan, lines, [])
    assert result["sections"] == [
        {
            "code": "PERF",
            "name": "PERF",
            "weight": 80.0,
            "self_score": 76.0,
            "manager_score": 72.0,
            "score": 73.2,
            "self_points": 60.8,
            "manager_points": 57.6,
            "points": 58.56,
        },
        {
            "code": "BEHAV",
            "name": "BEHAV",
            "weight": 20.0,
            "self_score": 85.0,
            "manager_score": 70.0,
            "score": 74.5,
            "self_points": 17.0,
            "manager_points": 14.0,
            "points": 14.9,
        },
    ]
    assert (result["self_score"], result["manager_score"]) == (77.8, 71.6)
    assert result["base_score"] == 73.46


def test_section_points_are_shares_of_the_section_max():
    """A section of 120 points weighted 80%: 90 / 120 = 75 → 60 weighted; a
    section of weight 0 without points scores 0."""
    plan = scheme((("KPI", 80), ("CPI", 20), ("NONE", 0)))
    lines = [
        points_line("A", 60, 45),
        points_line("B", 60, 45),
        points_line("C", 10, 10, section="CPI"),
        points_line("IDEA", 5, 5, section="CPI", kind="bonus"),
    ]
    sections = score_appraisal(plan, lines, [])["sections"]
    figures = [
        (s["code"], s["self_score"], s["manager_score"], s["score"], s["points"])
        for s in sections
    ]
    assert figures == [
        ("KPI", None, 75.0, 75.0, 60.0),
        ("CPI", None, 100.0, 100.0, 20.0),
        ("NONE", None, 0.0, 0.0, 0.0),
    ]


# --- S05: self 30% + supervisor 70% ----------------------------------------------


def s05():
    plan = scheme(self_review=True, self_weight=30, manager_weight=70)
    lines = [
        line(ind("TALK", "ratio", 15, target=4.5), {"actual": 4.5}),
        line(ind("CALLS", "ratio", 15, target=200), None, {"actual": 180}),
        points_line("ATTITUDE", 20, 16, self=18),
        points_line("EXECUTION", 10, 8, self=9),
    ]
    return plan, lines


def test_s05_reviewer_weights():
    result = score_appraisal(*s05(), [])
    # self (15 + 13.5 + 18 + 9) / 60 = 92.5; manager (15 + 13.5 + 16 + 8) / 60 = 87.5
    assert result["self_score"] == 92.5
    assert result["manager_score"] == 87.5
    assert result["total_score"] == 89.0
    assert result["lines"][1] == {
        "self_points": 13.5,
        "manager_points": 13.5,
        "points": 13.5,
    }
    assert result["lines"][2]["points"] == 16.6


def test_s05_suggestion_bonus_is_weighted_and_limited_to_max_total():
    plan, lines = s05()
    lines.append(points_line("IDEA", 10, 10, self=5, section=None, kind="bonus"))
    result = score_appraisal(plan, lines, [])
    assert result["bonus"] == 8.5
    assert result["total_score"] == 97.5
    result = score_appraisal(plan, [*lines[:2], *lines[4:]], [])
    assert result["base_score"] == 95.0  # 28.5 / 30, both reviewers
    assert result["total_score"] == 100.0  # 103.5 clamped: no bonus_cap


def test_self_score_missing(expect_error):
    plan, lines = s05()
    lines[2]["self"] = None
    with expect_error("score_missing", "ATTITUDE") as info:
        score_appraisal(plan, lines, [])
    assert info.value.params == {"reviewer": "self"}
    assert str(info.value) == 'Indicator "ATTITUDE" (ATTITUDE): self score missing'


def test_manager_score_missing(expect_error):
    plan, lines = s05()
    lines[3]["manager"] = None
    with expect_error("score_missing", "EXECUTION") as info:
        score_appraisal(plan, lines, [])
    assert info.value.params == {"reviewer": "manager"}


def test_partial_draft_scores_missing_inputs_as_zero():
    plan, lines = s05()
    lines[2]["self"] = None
    lines[0]["manager"] = {}
    result = score_appraisal(plan, lines, [], partial=True)
    assert result["lines"][2]["self_points"] == 0.0
    assert result["lines"][0]["points"] == 0.0
    # self (0 + 13.5 + 0 + 9) / 60 = 37.5; manager (0 + 13.5 + 16 + 8) / 60 = 62.5
    assert result["total_score"] == 55.0


def test_partial_still_rejects_bad_input(expect_error):
    plan, lines = s05()
    lines[2]["manager"] = {"value": 21}
    with expect_error("out_of_range", "ATTITUDE"):
        score_appraisal(plan, lines, [], partial=True)


def test_measured_line_without_any_input_needs_its_actual(expect_error):
    plan, lines = s05()
    lines[0]["manager"] = None
    with expect_error("missing", "TALK"):
        score_appraisal(plan, lines, [])


# --- lines alone ----------------------------------------------------------------


def test_score_lines_matches_the_whole_appraisal_line_by_line():
    plan, lines = s05()
    whole = score_appraisal(plan, lines, [])["lines"]
    assert score_lines(plan, lines) == whole
    # any subset, in any order: the same points for the same lines
    assert score_lines(plan, [lines[3], lines[1]]) == [whole[3], whole[1]]
    assert score_lines(plan, [lines[2]]) == [
        {"self_points": 18.0, "manager_points": 16.0, "points": 16.6}
    ]


def test_score_lines_needs_no_valid_sections():
    plan, lines = s05()
    # one line out of a section that would not add up alone: still scored
    plan["sections"] = [{"code": "KPI", "name": "KPI", "weight": 60}]
    assert score_lines(plan, [lines[0]])[0]["points"] == 15.0
    assert score_lines(plan, []) == []


def test_score_lines_checks_weights_and_inputs(expect_error):
    plan, lines = s05()
    plan["self_weight"] = 40
    with expect_error("weights_sum"):
        score_lines(plan, lines)
    plan, lines = s05()
    lines[3]["manager"] = None
    with expect_error("score_missing", "EXECUTION"):
        score_lines(plan, lines)
    assert score_lines(plan, lines, partial=True)[3] == {
        "self_points": 9.0,
        "manager_points": 0.0,
        "points": 2.7,
    }


def scored(plan, lines, vetoed=()):
    """The lines as ``score_totals`` reads them: their ``score_lines`` points."""
    return [
        dict(points, indicator=line["indicator"], veto=index in vetoed)
        for index, (line, points) in enumerate(
            zip(lines, score_lines(plan, lines, partial=True), strict=True)
        )
    ]


KEYS = ("code", "name", "section", "kind", "max_points", "method")


def whole_without_lines(plan, lines, adjustments):
    result = score_appraisal(plan, lines, adjustments, partial=True)
    del result["lines"]
    return result


def test_score_totals_from_line_points_equals_the_whole_appraisal():
    plan, lines = s05()
    adjustments = [{"code": "P05", "points": -2, "quantity": 2}]
    totals = score_totals(plan, scored(plan, lines), adjustments)
    assert totals == whole_without_lines(plan, lines, adjustments)
    assert (totals["self_score"], totals["manager_score"]) == (92.5, 87.5)
    assert totals["total_score"] == 85.0
    # the S01 80/20 form: section results as the whole appraisal gives them
    plan, lines = scheme(sections=(("KPI", 80), ("CPI", 20))), s01_lines()
    assert score_totals(plan, scored(plan, lines), []) == whole_without_lines(
        plan, lines, []
    )
    # the totals need no method parameters (but a veto's): the lines were scored
    light = [
        dict(
            points,
            indicator={k: v for k, v in points["indicator"].items() if k in KEYS},
        )
        for points in scored(plan, lines)
    ]
    assert score_totals(plan, light, []) == whole_without_lines(plan, lines, [])


def test_score_totals_applies_the_scheme_weights_to_reviewer_points():
    plan, lines = s05()
    points = scored(plan, lines)
    # weighted points of the lines are not read: the weights come from the scheme
    for line_points in points:
        line_points["points"] = None
    plan.update(self_weight=50, manager_weight=50)
    assert score_totals(plan, points, [])["total_score"] == 90.0
    # without self review only the supervisor's points count
    plan["self_review"] = False
    for line_points in points:
        line_points["self_points"] = None
    assert score_totals(plan, points, [])["total_score"] == 87.5


def test_score_totals_vetoes_and_checks(expect_error):
    plan, lines = simple(96, grades=P07)
    lines.append(line(veto("lowest_grade"), {"veto": True}))
    totals = score_totals(plan, scored(plan, lines, vetoed={1}), [])
    assert (totals["total_score"], totals["grade"]["code"], totals["veto"]) == (
        96.0,
        "E",
        "lowest_grade",
    )
    assert totals == whole_without_lines(plan, lines, [])
    assert score_totals(plan, scored(plan, lines), [])["veto"] is None
    points = scored(plan, lines)
    points[0]["manager_points"] = None
    with expect_error("missing"):
        score_totals(plan, points, [])


# --- S14: bonus and penalty items outside the 100, capped at ±10 ------------------


def s14(praises=0, ideas=0, complaints=0, errors=0, work=(18, 27, 45)):
    def counted(code, kind, count):
        return line(
            ind(
                code,
                "deduction",
                10,
                None,
                kind=kind,
                base=0,
                events=[{"code": "N", "name": "次", "points": 5}],
            ),
            {"counts": {"N": count}},
        )

    plan = scheme(bonus_cap=10, penalty_cap=10)
    lines = [
        points_line("ATTITUDE", 20, work[0]),
        points_line("ABILITY", 30, work[1]),
        points_line("RESULTS", 50, work[2]),
        counted("PRAISE", "bonus", praises),
        counted("IDEA", "bonus", ideas),
        counted("COMPLAINT", "penalty", complaints),
        counted("LOSS", "penalty", errors),
    ]
    return plan, lines


def test_s14_caps():
    result = score_appraisal(*s14(praises=3, ideas=1, complaints=2, errors=1), [])
    assert (result["base_score"], result["bonus"], result["penalty"]) == (90, 10, 10)
    assert result["total_score"] == 90.0
    result = score_appraisal(*s14(praises=1, complaints=1), [])
    assert (result["bonus"], result["penalty"], result["total_score"]) == (5, 5, 90)


def test_s14_total_may_exceed_100_by_the_bonus_cap():
    result = score_appraisal(*s14(praises=2, ideas=2, work=(20, 30, 45)), [])
    assert result["total_score"] == 105.0
    result = score_appraisal(*s14(praises=2, ideas=2, work=(20, 30, 50)), [])
    assert result["total_score"] == 110.0


def test_penalty_items_count_by_size():
    plan, lines = simple(80, penalty_cap=10)
    negative = ind(
        "LATE",
        "deduction",
        10,
        None,
        kind="penalty",
        base=0,
        floor=-10,
        cap=0,
        events=[{"code": "N", "name": "次", "points": -4}],
    )
    lines.append(line(negative, {"counts": {"N": 2}}))
    result = score_appraisal(plan, lines, [])
    assert (result["penalty"], result["total_score"]) == (8.0, 72.0)


# --- adjustments: P05 rewards/discipline, P06 attendance, S34 percentages ---------


def test_p05_p06_point_adjustments():
    adjustments = [
        {"code": "WARNING", "name": "警告", "points": -3},
        {"code": "COMMENDATION", "name": "嘉奖", "points": 3},
        {"code": "MAJOR_MERIT", "name": "大功", "points": 8},
        {"code": "LATE", "name": "迟到", "points": -2},
        {"code": "LATE", "name": "迟到", "points": -2},
    ]
    result = score_appraisal(*simple(85), adjustments)
    assert (result["adjustment_points"], result["total_score"]) == (4.0, 89.0)


def test_adjustment_quantity():
    assert adjustment_points(-2, 3) == -6
    assert adjustment_points(1.5) == 1.5
    late = {"code": "LATE", "name": "迟到", "points": -2, "quantity": 3}
    result = score_appraisal(*simple(85), [late])
    assert (result["adjustment_points"], result["total_score"]) == (-6.0, 79.0)


@pytest.mark.parametrize(
    ("reason_code", "quantity"),
    [("out_of_range", 0), ("not_integer", 1.5), ("missing", None)],
)
def test_invalid_adjustment_quantity(expect_error, reason_code, quantity):
    with expect_error(reason_code):
        adjustment_points(-2, quantity)


@pytest.mark.parametrize(
    ("points", "applied", "total"),
    [((8, 5), 5.0, 85.0), ((-3, -5, -8), -5.0, 75.0), ((-5, 3), -2.0, 78.0)],
)
def test_adjustment_cap(points, applied, total):
    adjustments = [
        {"code": f"P{i}", "name": "", "points": p} for i, p in enumerate(points)
    ]
    result = score_appraisal(*simple(80, adjustment_cap=5), adjustments)
    assert (result["adjustment_points"], result["total_score"]) == (applied, total)


def test_s34_percent_adjustments_after_points():
    falsified = {"code": "FALSIFIED", "name": "弄虚作假", "percent": -50}
    late = {"code": "LATE_SUBMISSION", "name": "逾期提交", "percent": -10}
    warning = {"code": "WARNING", "name": "警告", "points": -3}
    assert score_appraisal(*simple(90), [falsified])["total_score"] == 45.0
    assert score_appraisal(*simple(90), [falsified, late])["total_score"] == 40.5
    assert score_appraisal(*simple(90), [falsified, warning])["total_score"] == 43.5


def test_total_is_clamped_to_zero_and_max():
    assert (
        score_appraisal(*simple(10), [{"code": "X", "points": -30}])["total_score"] == 0
    )
    assert (
        score_appraisal(*simple(98), [{"code": "X", "points": 8}])["total_score"] == 100
    )


# --- veto ---------------------------------------------------------------------


def veto(action, **params):
    return ind("VETO", "veto", 0, None, veto_action=action, **params)


@pytest.mark.parametrize(("flagged", "total"), [(False, 88.0), (True, 0.0)])
def test_veto_zero_s02(flagged, total):
    plan, lines = simple(88, grades=P07)
    lines.append(line(veto("zero"), {"veto": flagged}))
    result = score_appraisal(plan, lines, [])
    assert result["total_score"] == total
    assert result["veto"] == ("zero" if flagged else None)
    assert result["grade"]["code"] == ("B" if not flagged else "E")


def test_veto_lowest_grade_keeps_the_score():
    plan, lines = simple(96, grades=P07)
    lines.append(line(veto("lowest_grade"), {"veto": True}))
    result = score_appraisal(plan, lines, [])
    assert (result["total_score"], result["grade"]["code"]) == (96.0, "E")
    assert result["veto"] == "lowest_grade"


def test_veto_deduct():
    plan, lines = simple(88, grades=P07)
    lines.append(line(veto("deduct", veto_points=10), {"veto": True}))
    result = score_appraisal(plan, lines, [])
    assert (result["total_score"], result["grade"]["code"], result["veto"]) == (
        78.0,
        "C",
        "deduct",
    )


def test_veto_from_either_reviewer_and_most_severe_reported():
    plan = scheme(self_review=True, self_weight=30, manager_weight=70, grades=P07)
    lines = [
        points_line("WORK", 100, 90, self=90),
        line(veto("deduct", veto_points=10), {"veto": False}, {"veto": True}),
    ]
    assert score_appraisal(plan, lines, [])["total_score"] == 80.0
    lines.append(line({**veto("zero"), "code": "MEDIA"}, {"veto": True}))
    result = score_appraisal(plan, lines, [])
    assert (result["total_score"], result["veto"]) == (0.0, "zero")


def test_grade_from_the_scheme():
    assert score_appraisal(*simple(94.5, grades=P07), [])["grade"]["name"] == "良好"
    assert score_appraisal(*simple(59.99, grades=P07), [])["grade"]["code"] == "E"


# --- scheme validation ------------------------------------------------------------

WORK = ind("WORK", "points", 100)


def invalid_schemes():
    cases = {
        "weights 110": (
            "weights_sum",
            None,
            scheme((("KPI", 80), ("CPI", 30))),
            [WORK],
        ),
        "no sections": ("empty", None, scheme(()), [WORK]),
        "section twice": (
            "duplicate",
            None,
            scheme((("KPI", 50), ("KPI", 50))),
            [WORK],
        ),
        "weight negative": (
            "out_of_range",
            None,
            scheme((("KPI", 110), ("CPI", -10))),
            [WORK],
        ),
        "weight NaN": ("not_a_number", None, scheme((("KPI", math.nan),)), [WORK]),
        "reviewer weights": (
            "weights_sum",
            None,
            scheme(self_review=True, self_weight=30, manager_weight=60),
            [WORK],
        ),
        "reviewer weight missing": (
            "missing",
            None,
            scheme(self_review=True, self_weight=30),
            [WORK],
        ),
        "unknown section": (
            "unknown_code",
            "X",
            scheme(),
            [WORK, ind("X", "points", 5, "CPI")],
        ),
        "no section": ("missing", "X", scheme(), [WORK, ind("X", "points", 5, None)]),
        "section without points": (
            "section_no_points",
            None,
            scheme((("KPI", 80), ("CPI", 20))),
            [WORK],
        ),
        "section of zero max": (
            "section_no_points",
            None,
            scheme(),
            [ind("WORK", "points", 0)],
        ),
        "code twice": ("duplicate", "WORK", scheme(), [WORK, WORK]),
        "bad indicator": (
            "invalid_choice",
            "BAD",
            scheme(),
            [WORK, ind("BAD", "x", 5)],
        ),
        "grades with a gap": (
            "out_of_range",
            None,
            scheme(grades=[{"code": "A", "name": "", "min_score": 50}]),
            [WORK],
        ),
        "lowest grade without grades": (
            "missing",
            "VETO",
            scheme(),
            [WORK, veto("lowest_grade")],
        ),
        "bonus cap negative": ("out_of_range", None, scheme(bonus_cap=-1), [WORK]),
        "penalty cap NaN": ("not_a_number", None, scheme(penalty_cap=math.nan), [WORK]),
        "adjustment cap bool": (
            "not_a_number",
            None,
            scheme(adjustment_cap=True),
            [WORK],
        ),
        "max total zero": ("not_positive", None, scheme(max_total=0), [WORK]),
    }
    return {name: pytest.param(*case, id=name) for name, case in cases.items()}.values()


@pytest.mark.parametrize(
    ("reason_code", "indicator", "plan", "specs"), invalid_schemes()
)
def test_invalid_scheme(expect_error, reason_code, indicator, plan, specs):
    with expect_error(reason_code, indicator):
        validate_scheme(plan, specs)
    with expect_error(reason_code, indicator):
        score_appraisal(plan, [line(spec, {"value": 1}) for spec in specs], [])


def test_valid_schemes():
    validate_scheme(
        scheme((("KPI", 80), ("CPI", 20))), [item["indicator"] for item in s01_lines()]
    )
    # A weightless section may stay empty; bonus items need no section.
    validate_scheme(
        scheme((("KPI", 100), ("EXTRA", 0))),
        [WORK, ind("IDEA", "points", 5, None, kind="bonus"), veto("zero")],
    )
    validate_scheme(
        scheme((("A", 33.33), ("B", 33.33), ("C", 33.34))),
        [ind(code, "points", 10, code) for code in "ABC"],
    )


@pytest.mark.parametrize(
    ("reason_code", "adjustment"),
    [
        ("missing", {"code": "X", "name": "x"}),
        ("invalid_choice", {"code": "X", "name": "x", "points": 1, "percent": 5}),
        ("out_of_range", {"code": "X", "name": "x", "percent": -150}),
        ("not_a_number", {"code": "X", "name": "x", "points": math.nan}),
        ("not_a_number", {"code": "X", "name": "x", "percent": math.inf}),
        ("missing", {"name": "x", "points": 1}),
    ],
)
def test_invalid_adjustment(expect_error, reason_code, adjustment):
    with expect_error(reason_code):
        score_appraisal(*simple(80), [adjustment])
