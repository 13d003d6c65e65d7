"""Worked examples of the seeded schemes S17-S34 (templates) and P01-P10
(policies), fed through the engine from the data files.

Every expected number is worked out by hand from the source form's own rule (the
arithmetic is in the comments), not recomputed with the engine's formulas.
"""

import pytest
from data_records import catalogue

from hr_kpi_appraisal.engine import (
    JUDGED_METHODS,
    check_distribution,
    compute_pay,
    lookup_grade,
    score_appraisal,
    score_indicator,
    validate_policy,
)

MODULE = "hr_kpi_appraisal"


@pytest.fixture(scope="module")
def cat():
    return catalogue()


def spec_input(spec, given):
    """A line input for ``spec``: a number is the judged value / measured actual."""
    if isinstance(given, dict):
        return given
    if spec["method"] in JUDGED_METHODS:
        return {"value": given}
    return {"actual": given}


def appraise(cat, code, manager, self_inputs=None, adjustments=()):
    """Score template ``code`` with the manager's (and self) inputs by indicator code.

    Measured items without input get none (deduction: no events; linear: all
    inputs 0; veto: not triggered); judged items must be given.
    """
    scheme, indicators = cat.scheme(cat.template(code))
    codes = {spec["code"] for spec in indicators}
    assert set(manager) <= codes, set(manager) - codes
    lines = []
    for spec in indicators:
        given = manager.get(spec["code"])
        if given is None:
            assert spec["method"] not in JUDGED_METHODS, f"{code}: {spec['code']}"
            given = {}
            if spec["method"] == "linear":
                given = {"inputs": {i["code"]: 0 for i in spec["inputs"]}}
        line = {"indicator": spec, "manager": spec_input(spec, given), "self": None}
        if self_inputs is not None and spec["code"] in self_inputs:
            line["self"] = spec_input(spec, self_inputs[spec["code"]])
        lines.append(line)
    return scheme, score_appraisal(scheme, lines, list(adjustments))


def indicator(cat, code, indicator_code):
    _scheme, indicators = cat.scheme(cat.template(code))
    return next(spec for spec in indicators if spec["code"] == indicator_code)


def linear(**values):
    return {"inputs": values}


def pay(cat, rule_code, score, base, grade=None):
    rule = next(
        r for r in cat.by_model("hr.kpi.pay.rule") if r.values["code"] == rule_code
    )
    return compute_pay(cat.pay_rule(rule.xmlid), score, grade, base)


def grades(cat, scale_code):
    scale = next(
        r for r in cat.by_model("hr.kpi.grade.scale") if r.values["code"] == scale_code
    )
    return cat.grades(scale.xmlid)


def adjustment(cat, code, times=1):
    """An appraisal adjustment of the seeded type ``code`` (points x times)."""
    record = next(
        r for r in cat.by_model("hr.kpi.adjustment.type") if r.values["code"] == code
    )
    if record.values.get("percent") not in (None, "", "0"):
        return {"code": code, "name": code, "percent": float(record.values["percent"])}
    return {
        "code": code,
        "name": code,
        "points": float(record.values["points"]) * times,
    }


# --- P01, P02, P09: pay rules by score -----------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    # ≥90 full; 70 ≤ score < 90 score% of the pay; < 70 none (base 1000)
    [(92, 1000.0), (90, 1000.0), (89.99, 899.9), (85, 850.0), (70, 700.0), (65, 0.0)],
)
def test_p01_pay(cat, score, expected):
    assert pay(cat, "P01", score, 1000)["performance_pay"] == expected


@pytest.mark.parametrize(
    ("score", "expected"),
    # 100 → +15%; ≥95 full; 60–95 score%; < 60 none (base 1000)
    [(100, 1150.0), (99, 1000.0), (95, 1000.0), (94, 940.0), (60, 600.0), (59.9, 0.0)],
)
def test_p02_pay(cat, score, expected):
    assert pay(cat, "P02", score, 1000)["performance_pay"] == expected


def test_p09_fixed_wage_plus_performance_wage_times_score(cat):
    fixed_wage = 4000
    base = 600  # performance wage = 15% of the fixed wage = 4000 x 0.15
    assert pay(cat, "P09", 80, base)["performance_pay"] == 480.0  # 600 x 80%
    assert pay(cat, "P09", 100, base)["performance_pay"] == 600.0
    # the month's pay: 4000 + 480
    assert fixed_wage + pay(cat, "P09", 80, base)["performance_pay"] == 4480.0


# --- P03/P04, P07: grade scales ------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade", "expected"),
    # a >95 → 150%; e <60 → 50%; b/c/d reconstructed at 125/100/75% (base 3000)
    [
        (96, "a", 4500.0),
        (95, "a", 4500.0),
        (94.99, "b", 3750.0),
        (80, "b", 3750.0),
        (79.99, "c", 3000.0),
        (65, "c", 3000.0),
        (64, "d", 2250.0),
        (60, "d", 2250.0),
        (59.99, "e", 1500.0),
        (0, "e", 1500.0),
    ],
)
def test_p03_grade_pay(cat, score, grade, expected):
    found = lookup_grade(grades(cat, "P03"), score)
    assert found["code"] == grade
    assert pay(cat, "P03", score, 3000, found) == {
        "performance_pay": expected,
        "award": 0.0,
    }


def test_p04_quotas_on_p03(cat):
    policy, codes, values = cat.distribution_policy("P04")
    assert codes == ["a", "b", "c", "d", "e"]
    assert (values["group_by"], values["mode"]) == ("department", "blocking")
    assert policy == [
        {"code": "a", "max_share": 5},
        {"code": "b", "max_share": 15},
        {"code": "c", "target_share": 65},
        {"code": "d", "target_share": 10},
        {"code": "e", "target_share": 5},
    ]
    validate_policy(policy, codes)
    # a department of 20: 2 a where 5% of 20 = 1 is allowed
    counts = {"a": 2, "b": 3, "c": 13, "d": 1, "e": 1}
    assert check_distribution(policy, counts) == [
        {"code": "a", "count": 2, "limit": 1, "kind": "over", "by": 1}
    ]
    # 1 a (5%), 3 b (15%), 13 c (65%), 2 d (10%), 1 e (5%): within the quotas
    assert check_distribution(policy, {"a": 1, "b": 3, "c": 13, "d": 2, "e": 1}) == []


def test_s32_award_quotas_on_p07(cat):
    policy, codes, values = cat.distribution_policy("S32-AWARDS")
    assert (values["group_by"], values["mode"]) == ("campaign", "warning")
    assert policy == [{"code": "A", "max_share": 5}, {"code": "B", "max_share": 10}]
    validate_policy(policy, codes)
    # 40 agents: best at most 2 (5%), excellent at most 4 (10%)
    assert check_distribution(policy, {"A": 3, "B": 4, "C": 33}) == [
        {"code": "A", "count": 3, "limit": 2, "kind": "over", "by": 1}
    ]


@pytest.mark.parametrize(
    ("score", "code", "name"),
    [
        (100, "A", "Excellent"),
        (95, "A", "Excellent"),
        (94.5, "B", "Good"),
        (80, "B", "Good"),
        (79, "C", "Satisfactory"),
        (65, "C", "Satisfactory"),
        (64, "D", "Poor"),
        (60, "D", "Poor"),
        (59, "E", "Very poor"),
        (0, "E", "Very poor"),
    ],
)
def test_p07_grades(cat, score, code, name):
    grade = lookup_grade(grades(cat, "P07"), score)
    assert (grade["code"], grade["name"]) == (code, name)


# --- P05, P06: adjustment types --------------------------------------------------


def test_p05_p06_adjustment_points(cat):
    points = {
        r.values["code"]: float(r.values["points"])
        for r in cat.by_model("hr.kpi.adjustment.type")
        if r.values["code"][:3] in ("P05", "P06")
    }
    assert points == {
        "P05-WARNING": -3,
        "P05-MINOR-DEMERIT": -5,
        "P05-MAJOR-DEMERIT": -8,
        "P05-COMMENDATION": 3,
        "P05-MINOR-MERIT": 5,
        "P05-MAJOR-MERIT": 8,
        "P06-LATE": -2,
        "P06-ABSENCE": -5,
        "P06-LEAVE-SHORT": -1,
        "P06-LEAVE-LONG": -3,
    }


# --- S17 e-commerce customer service (P01) -----------------------------------------


@pytest.mark.parametrize(
    ("rate", "points"),
    # 5 minus: 0–20% 4, 20–30% 3, 30–50% 2, 50–60% 1 (reconstructed), ≥60% 0
    [(0, 1), (19.9, 1), (20, 2), (25, 2), (30, 3), (49.9, 3), (50, 4), (55, 4)]
    + [(60, 5), (85, 5)],
)
def test_s17_conversion_bands(cat, rate, points):
    spec = indicator(cat, "S17", "CONVERSION")
    assert score_indicator(spec, {"actual": rate}) == points


@pytest.mark.parametrize(
    ("seconds", "points"),
    # 5 minus: 1–50 s 0, 51–100 s 1, 100–200 s 3, >200 s 5
    [(1, 5), (50, 5), (51, 4), (100, 4), (101, 2), (200, 2), (201, 0), (600, 0)],
)
def test_s17_response_bands(cat, seconds, points):
    spec = indicator(cat, "S17", "RESPONSE")
    assert score_indicator(spec, {"actual": seconds}) == points


@pytest.mark.parametrize(
    ("rate", "points"),
    # 5 minus: <40% 0, 40–60% 2, 60–80% 3, >80% 5
    [(10, 5), (39.9, 5), (40, 3), (59, 3), (60, 2), (79, 2), (80, 0), (95, 0)],
)
def test_s17_churn_bands(cat, rate, points):
    spec = indicator(cat, "S17", "CHURN")
    assert score_indicator(spec, {"actual": rate}) == points


def test_s17_bad_reviews_until_nothing_is_left(cat):
    spec = indicator(cat, "S17", "BAD_REVIEW")
    counts = {0: 10, 1: 8, 3: 4, 5: 0, 7: 0}  # 10 - 2 per review, down to 0
    for reviews, points in counts.items():
        assert score_indicator(spec, {"counts": {"REVIEW": reviews}}) == points


def test_s17_month(cat):
    scheme, result = appraise(
        cat,
        "S17",
        {
            "COORDINATION": 6,
            "PRODUCT": 5,
            "ATTITUDE": 5,
            "EFFICIENCY": 4,
            "INITIATIVE": 5,  # 25 of 30
            "CONVERSION": 25,  # 5 - 3 = 2
            "RESPONSE": 80,  # 5 - 1 = 4
            "CHURN": 50,  # 5 - 2 = 3
            "SALES": 90,  # 90% of the department average: 9
            "ORDERS": 8,
            "RETURNS": 7,
            "BAD_REVIEW": {"counts": {"REVIEW": 2}},  # 10 - 4 = 6
            "WRONG_SHIPMENT": {"counts": {"WRONG": 1}},  # 5 - 1 = 4
            "COMPLAINT": {"counts": {}},  # 5
            "OVERALL": 4,  # standard: 4
            "ATTENDANCE": linear(TIMES=2),  # -2
            "MYSTERY": linear(FAILED=1),  # -1
        },
    )
    # 25 + (2 + 4 + 3) + (9 + 8 + 7) + (6 + 4 + 5) + 4 = 77; 77 - 3 = 74
    assert result["base_score"] == 77.0
    assert result["penalty"] == 3.0
    assert result["total_score"] == 74.0
    assert result["grade"]["code"] == "C"
    # P01: 70 ≤ 74 < 90 → 74% of a performance pay of 1000
    assert compute_pay(scheme["pay_rule"], 74, result["grade"], 1000) == {
        "performance_pay": 740.0,
        "award": 0.0,
    }


def test_s17_serious_violation_deducts_ten(cat):
    base = dict.fromkeys(
        ("COORDINATION", "PRODUCT", "ATTITUDE", "EFFICIENCY", "INITIATIVE"), 6
    )
    base.update(CONVERSION=65, RESPONSE=30, CHURN=20, SALES=120, ORDERS=10, RETURNS=10)
    base.update(OVERALL=5)
    _scheme, result = appraise(cat, "S17", base)
    assert result["total_score"] == 100.0
    _scheme, result = appraise(cat, "S17", {**base, "VIOLATION": linear(CASES=1)})
    assert result["total_score"] == 90.0  # one serious violation: -10


# --- S18 e-commerce template ------------------------------------------------------


def test_s18(cat):
    _scheme, result = appraise(
        cat,
        "S18",
        {
            "SATISFACTION": 81,  # 30 x 81 / 90 = 27
            "RESPONSE": 40,  # 20 x 30 / 40 = 15
            "QUALITY": 18,
            "ATTITUDE": 12,
            "WORKLOAD": 15,
        },
    )
    assert result["total_score"] == 87.0  # 27 + 15 + 18 + 12 + 15
    spec = indicator(cat, "S18", "SATISFACTION")
    assert score_indicator(spec, {"actual": 95}) == 30.0  # ≥ 90%: full
    spec = indicator(cat, "S18", "RESPONSE")
    assert score_indicator(spec, {"actual": 25}) == 20.0  # ≤ 30 s: full


# --- S19 promotion review -----------------------------------------------------------


def test_s19_promotion_review(cat):
    scores = {
        "BASICS_1": 9,
        "BASICS_2": 8,
        "BASICS_3": 7,  # 24 / 30 x 40 = 32
        "RESULTS_1": 8,
        "RESULTS_2": 8,
        "RESULTS_3": 8,  # 24 / 30 x 30 = 24
        "POTENTIAL_1": 7,
        "POTENTIAL_2": 8,
        "POTENTIAL_3": 9,  # 24 / 30 x 20 = 16
        "GROWTH_1": 10,
        "GROWTH_2": 9,
        "GROWTH_3": 8,  # 27 / 30 x 10 = 9
    }
    _scheme, result = appraise(cat, "S19", scores)
    assert result["total_score"] == 81.0  # above 80: level 2 → level 3 (L01)
    scheme, _ = cat.scheme(cat.template("S19"))
    assert [s["weight"] for s in scheme["sections"]] == [40, 30, 20, 10]


# --- S20 customer service rules --------------------------------------------------------


def test_s20(cat):
    _scheme, result = appraise(
        cat,
        "S20",
        {
            "SATISFACTION": 92,  # > 90%: 10
            "SPEED": {"counts": {"HOUR_LATE": 1}},  # 10 - 5 = 5
            "ACCURACY": {"counts": {}},  # 10
            "CONDUCT": {"counts": {"VIOLATION": 1}},  # 5 → quality 30
            "TASKS": {"counts": {"LATE_TASK": 1}},  # 15 - 5 = 10
            "KNOWLEDGE": 85,  # below 90: 10 - 5 = 5
            "OVERTIME": 2,  # as the rules require: 5 → workload 20
            "ATTENDANCE": {"counts": {}},  # 5
            "INITIATIVE": 2,  # 5
            "PEER_REVIEW": 2,  # 5 → attitude 15
            "JOINT_SOLVING": 2,
            "SHARING": 2,  # teamwork 10
            "SUGGESTIONS": 3,  # reconstructed block: 3
        },
    )
    assert result["total_score"] == 78.0  # 30 + 20 + 15 + 10 + 3
    satisfaction = indicator(cat, "S20", "SATISFACTION")
    assert score_indicator(satisfaction, {"actual": 90}) == 0  # not above 90%
    assert score_indicator(satisfaction, {"actual": 90.1}) == 10
    knowledge = indicator(cat, "S20", "KNOWLEDGE")
    assert score_indicator(knowledge, {"actual": 90}) == 10  # 90 and above
    attendance = indicator(cat, "S20", "ATTENDANCE")
    assert score_indicator(attendance, {"counts": {"LATE": 3}}) == 0


# --- S21 rewards and penalties -------------------------------------------------------


def test_s21(cat):
    _scheme, result = appraise(
        cat,
        "S21",
        {
            "SATISFACTION": 85,  # 80–89%: good, 16
            "RESPONSE": 8,  # within 10 minutes: good, 16
            "RESOLUTION": 92,  # ≥ 90%: excellent, 20
            "DISCIPLINE": 3,  # minor violations: good, 16
            "TEAMWORK": {"inputs": {"PEERS": 80, "LEADER": 90}},  # 85% of 20 = 17
        },
    )
    assert result["total_score"] == 85.0
    response = indicator(cat, "S21", "RESPONSE")
    assert [score_indicator(response, {"actual": m}) for m in (5, 10, 15, 15.5)] == [
        20,
        16,
        12,
        0,
    ]


# --- S22 five-star staff (P10) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("collection", "complaints", "conduct", "score", "star", "pay_", "award"),
    [
        # exceeded by 10%, no complaint, good conduct: 85 + 10 + 5 → ★5, +500
        (112, 0, 2, 100, "STAR5", 800.0, 500.0),
        # exceeded by 10%, no complaint: 85 + 10 → ★4, +200
        (110, 0, 1, 95, "STAR4", 800.0, 200.0),
        # exceeded, but a complaint: 85 + 0 + 5 → ★3, normal pay
        (115, 1, 2, 90, "STAR3", 800.0, 0.0),
        # target met: 40 + 10 + 5 → ★3
        (100, 0, 2, 55, "STAR3", 800.0, 0.0),
        # 85% to 100%: 20 + 10 + 5 → ★2, half the performance pay withheld
        (90, 0, 2, 35, "STAR2", 400.0, 0.0),
        # below 85%: 0 + 10 + 5 → ★1, all of it withheld
        (80, 0, 2, 15, "STAR1", 0.0, 0.0),
    ],
)
def test_s22_stars(cat, collection, complaints, conduct, score, star, pay_, award):
    scheme, result = appraise(
        cat,
        "S22",
        {
            "COLLECTION": collection,
            "NO_COMPLAINT": {"counts": {"COMPLAINT": complaints}},
            "CONDUCT": conduct,
        },
    )
    assert result["total_score"] == score
    assert result["grade"]["code"] == star
    assert compute_pay(scheme["pay_rule"], score, result["grade"], 800) == {
        "performance_pay": pay_,
        "award": award,
    }


# --- S23, S24, S25 ---------------------------------------------------------------------


def test_s23(cat):
    scores = dict.fromkeys(
        ("PRJ_QUALITY", "PRJ_SOLVING", "PRJ_SCHEDULE", "PRJ_TEAM"), 8
    )  # 32 / 40 x 30 = 24
    scores.update(dict.fromkeys(("TECH_HARD", "TECH_INNOVATION"), 10))
    scores.update(dict.fromkeys(("TECH_SHARING", "TECH_APPLY"), 5))  # 30/40 x 20 = 15
    scores.update(SOL_TIMELY=9, SOL_INITIATIVE=9, SOL_CUSTOMER=9)  # 27/30 x 20 = 18
    scores.update(TEAM_CONTRIB=10, TEAM_LEAD=10, TEAM_SUPPORT=10)  # 15
    scores.update(CAR_STUDY=6, CAR_INNOVATION=6, CAR_REFLECT=6)  # 18/30 x 15 = 9
    _scheme, result = appraise(cat, "S23", scores)
    assert result["total_score"] == 81.0  # 24 + 15 + 18 + 15 + 9


def test_s24(cat):
    _scheme, result = appraise(
        cat,
        "S24",
        {
            "SATISFACTION": 90,  # 25 x 90% = 22.5
            "STANDARD": 80,  # 20
            "RESOLUTION": 96,  # 24
            "MOTIVATION": 20,
        },
    )
    assert result["total_score"] == 86.5


def test_s25_quarterly(cat):
    assert cat.template("S25").values["period_type"] == "quarter"
    _scheme, result = appraise(
        cat,
        "S25",
        {"EFFICIENCY": 20, "EXPERTISE": 22, "SATISFACTION": 92, "TEAMWORK": 21},
    )
    assert result["total_score"] == 86.0  # 20 + 22 + 23 + 21


# --- S26, S27 Skyworth ------------------------------------------------------------------

RATES = {
    "D1": 0.6,
    "D2": 0.2,
    "D3": 0.1,
    "D4": 0.05,
    "D5": 0,
    "D6": 0,
    "D7": 0,
    "OVER7": 0.02,
    "OPEN30": 0.01,
}


def test_s26_timeliness_formula(cat):
    spec = indicator(cat, "S26", "TIMELINESS")
    # 0.6x20 + 0.2x17 + 0.1x14 + 0.05x11 - 0.02x15 - 0.01x150
    # = 12 + 3.4 + 1.4 + 0.55 - 0.3 - 1.5 = 15.55
    assert score_indicator(spec, {"inputs": RATES}) == 15.55
    all_first_day = dict.fromkeys(RATES, 0) | {"D1": 1}
    assert score_indicator(spec, {"inputs": all_first_day}) == 20.0
    # day 3 for all: 14; day 7 for all: 2
    assert score_indicator(spec, {"inputs": dict.fromkeys(RATES, 0) | {"D3": 1}}) == 14
    assert score_indicator(spec, {"inputs": dict.fromkeys(RATES, 0) | {"D7": 1}}) == 2
    # 0.3 x 20 - 0.4 x 15 - 0.2 x 150 = -30 → 0
    late = dict.fromkeys(RATES, 0) | {"D1": 0.3, "OVER7": 0.4, "OPEN30": 0.2}
    assert score_indicator(spec, {"inputs": late}) == 0.0


def test_s26_month(cat):
    manager = {
        "FEEDBACK": {"rank": 2, "group_size": 5},  # 20 x (5 - 2) / 4 = 15
        "WORKLOAD": {"rank": 1, "group_size": 5},  # 40
        "SATISFACTION": {"rank": 5, "group_size": 5},  # 0
        "TIMELINESS": {"inputs": RATES},  # 15.55
        "DEDUCTIONS": linear(
            LATE_ENTRY=1, FAKE=0, GENERAL=1, MAJOR=0, INTERNAL=0
        ),  # 0.5 + 5
        "EXECUTION": 2,
    }
    _scheme, result = appraise(cat, "S26", manager)
    assert result["base_score"] == 70.55  # 15 + 40 + 0 + 15.55
    assert result["penalty"] == 7.5  # 0.5 + 5 + 2
    assert result["total_score"] == 63.05
    # a complaint exposed in the media: total 0
    _scheme, result = appraise(cat, "S26", manager | {"MEDIA": {"veto": True}})
    assert (result["total_score"], result["veto"]) == (0.0, "zero")


def test_s26_deductions_and_first_month(cat):
    spec = indicator(cat, "S26", "DEDUCTIONS")
    counts = {"LATE_ENTRY": 2, "FAKE": 1, "GENERAL": 0, "MAJOR": 1, "INTERNAL": 1}
    # 2 x 0.5 + 1 + 10 + 2 = 14 points deducted
    assert score_indicator(spec, {"inputs": counts}) == -14.0
    workload = indicator(cat, "S26", "WORKLOAD")
    # first month: 20 points, the middle rank of the branch
    assert score_indicator(workload, {"rank": 3, "group_size": 5}) == 20.0
    assert score_indicator(workload, {"rank": 4.5, "group_size": 8}) == 20.0


def test_s27(cat):
    _scheme, result = appraise(
        cat,
        "S27",
        {
            "SATISFACTION": {"rank": 1, "group_size": 4},  # full: 50% of the total
            "TIMELINESS": {"inputs": RATES},  # 15.55 / 20 x 50 = 38.875
        },
    )
    assert result["total_score"] == 88.88


# --- S28 after-sales engineer ---------------------------------------------------------


def test_s28(cat):
    manager = {
        "SERVICE_QUALITY": {"counts": {"NO_SIGNOFF": 1}},  # 20 - 5 = 15
        "COST": {"counts": {"CASE": 1}},  # 5 - 2.5 = 2.5
        "SUMMARY": {"counts": {}},  # 10
        "CONTRACT": linear(AMOUNT=100_000),  # 100 000 / 20 000 x 2 = 10
        "TASKS": 0,
        "COORDINATION": linear(CASES=1),  # +10
        "SATISFACTION": linear(COMPLAINTS=1),  # -5
    }
    _scheme, result = appraise(cat, "S28", manager)
    # maintenance 17.5 / 25 x 80 = 56; general 10 / 10 x 20 = 20
    assert result["base_score"] == 76.0
    assert (result["bonus"], result["penalty"]) == (20.0, 5.0)
    assert result["total_score"] == 91.0
    many = manager | {
        "CONTRACT": linear(AMOUNT=300_000),  # 30, the item's cap 20
        "COORDINATION": linear(CASES=2),  # 20
    }
    _scheme, result = appraise(cat, "S28", many)
    assert result["bonus"] == 30.0  # 20 + 20 = 40, capped at 30


# --- S29 IT service engineer ranges ------------------------------------------------------

S29_CODES = [
    "MISOPERATION",
    "RESPONSE",
    "HANDLING",
    "ROOM",
    "INSPECTION",
    "SPARES",
    "WEDO",
    "RMA",
    "ATTENDANCE",
    "DOCS",
    "COOPERATION",
    "SKILLS",
    "TRAINING",
    "BASIC",
    "MANAGEMENT",
    "LEARNING",
]


def test_s29_inside_the_ranges(cat):
    _scheme, result = appraise(cat, "S29", dict.fromkeys(S29_CODES, 95))
    # main: (11 + 5 x 7 + 7 x 3.5) / 100 x 60 = 70.5 x 0.6 = 42.3; 20 + 10 + 7
    assert result["total_score"] == 79.3
    assert result["grade"]["code"] == "C"


def test_s29_below_deducts_above_adds(cat):
    given = dict.fromkeys(S29_CODES, 95) | {
        "MISOPERATION": 85,  # 5 below 90: 11 - 5 x 0.75 = 7.25
        "RESPONSE": 105,  # 5 above 100: 7 + 5 x 0.3 = 8.5
        "BASIC": 80,  # only deducts: 20 - 10 x 1 = 10
        "MANAGEMENT": 110,  # only deducts: stays 10
        "LEARNING": 120,  # 7 + 20 x 0.3 = 13, at most 10
    }
    _scheme, result = appraise(cat, "S29", given)
    # main (70.5 - 3.75 + 1.5) x 0.6 = 40.95; 10 + 10 + 10
    assert result["total_score"] == 70.95
    _scheme, result = appraise(cat, "S29", dict.fromkeys(S29_CODES, 110))
    assert result["total_score"] == 100.0


# --- S30 after-sales service engineer -------------------------------------------------------


def test_s30(cat):
    _scheme, result = appraise(
        cat,
        "S30",
        {
            "SATISFACTION": 90,  # 20 x 90 / 95 = 18.95
            "QUALITY_INCIDENT": {"counts": {}},  # 15
            "COMPLAINTS": {"counts": {"COMPLAINT": 1}},  # 10
            "SAFETY_INCIDENT": {"counts": {}},  # 10
            "INSPECTIONS": 2,  # 10 x 2 / 3 = 6.67
            "RECORDS": {"counts": {"FORM": 1}},  # 9
            "PLAN": 90,  # 9
            "RETURN_VISITS": {"counts": {"INCOMPLETE": 2}},  # 8
            "LEARNING": 4,  # bonus
        },
    )
    # 18.95 + 15 + 10 + 10 + 6.67 = 60.62; + 26; + 4
    assert result["base_score"] == 86.62
    assert result["total_score"] == 90.62
    incident = indicator(cat, "S30", "QUALITY_INCIDENT")
    assert score_indicator(incident, {"counts": {"INCIDENT": 1}}) == 0


# --- S31 customer service engineer ---------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "total", "grade", "bonus"),
    [
        ((22, 20, 18, 8, 9, 8), 85, "B", 1000.0),
        ((23, 23, 20, 9, 8, 9), 92, "A", 1000.0),
        ((15, 15, 12, 6, 5, 5), 58, "D", 0.0),  # below 60: no bonus
    ],
)
def test_s31(cat, scores, total, grade, bonus):
    codes = (
        "DELIVERY",
        "INSTALLATION",
        "MAINTENANCE",
        "PROJECT",
        "RECEIVABLES",
        "OTHER",
    )
    scheme, result = appraise(cat, "S31", dict(zip(codes, scores)))
    assert result["total_score"] == total
    assert result["grade"]["code"] == grade
    paid = compute_pay(scheme["pay_rule"], total, result["grade"], 1000)
    assert paid["performance_pay"] == bonus


# --- S32 Taobao shop ---------------------------------------------------------------------


def test_s32(cat):
    manager = {
        "COMPLETION": 96,  # 30 x 0.96 = 28.8
        "CONVERSION": 110,  # above the target: 30
        "ORDER_SUCCESS": 90,  # 9
        "ORDER_VALUE": 80,  # 4
        "REPLY_RATE": 100,  # 5
        "RESPONSE": 35,  # 30 to 40 s: 4
        "FOLLOW_UP": 4,
        "EXECUTION": 9,
    }
    _scheme, result = appraise(
        cat, "S32", manager, self_inputs={"FOLLOW_UP": 5, "EXECUTION": 10}
    )
    assert result["total_score"] == 93.8  # the self-assessment is a reference only
    response = indicator(cat, "S32", "RESPONSE")
    assert [score_indicator(response, {"actual": s}) for s in (20, 30, 40, 41)] == [
        5,
        5,
        4,
        2,
    ]


# --- S33 all staff (P03, P05, P06) --------------------------------------------------------


def test_s33(cat):
    scheme, result = appraise(
        cat,
        "S33",
        {"EFFICIENCY": 20, "OPERATION": 21, "ATTITUDE": 22, "KNOWLEDGE": 17},
        self_inputs={
            "EFFICIENCY": 25,
            "OPERATION": 25,
            "ATTITUDE": 25,
            "KNOWLEDGE": 25,
        },
        adjustments=[
            adjustment(cat, "P05-COMMENDATION"),  # +3
            adjustment(cat, "P06-LATE", times=2),  # -4
            adjustment(cat, "P06-LEAVE-SHORT"),  # -1
        ],
    )
    assert result["manager_score"] == 80.0
    assert result["total_score"] == 78.0  # 80 + 3 - 4 - 1
    assert result["grade"]["code"] == "c"
    # performance pay = 30% of a total salary of 10 000 = 3000, grade c 100%
    assert compute_pay(scheme["pay_rule"], 78, result["grade"], 3000) == {
        "performance_pay": 3000.0,
        "award": 0.0,
    }
    scheme, result = appraise(
        cat,
        "S33",
        dict.fromkeys(("EFFICIENCY", "OPERATION", "ATTITUDE", "KNOWLEDGE"), 24),
        self_inputs=dict.fromkeys(
            ("EFFICIENCY", "OPERATION", "ATTITUDE", "KNOWLEDGE"), 24
        ),
        adjustments=[adjustment(cat, "P05-MAJOR-DEMERIT")],  # 96 - 8 = 88
    )
    assert (result["total_score"], result["grade"]["code"]) == (88.0, "b")
    paid = compute_pay(scheme["pay_rule"], 88, result["grade"], 3000)
    assert paid["performance_pay"] == 3750.0  # 125%
    assert cat.template("S33").values["min_attendance_days"] == "1"


# --- S34 finance and warehouse staff (P07) ---------------------------------------------------


@pytest.mark.parametrize(
    ("adjustments", "total", "grade"),
    [
        ((), 93.0, "B"),  # 100 - 5 - 2
        (("S34-LATE-STAFF",), 83.7, "B"),  # 93 x 90%
        (("S34-LATE-HEAD",), 79.05, "C"),  # 93 x 85%
        (("S34-FALSIFICATION",), 46.5, "E"),  # 93 x 50%
    ],
)
def test_s34(cat, adjustments, total, grade):
    _scheme, result = appraise(
        cat,
        "S34",
        {
            "DUTIES": {"counts": {"POINT": 5}},  # 70 - 5
            "CONDUCT": {"counts": {"POINT": 2}},  # 30 - 2
        },
        adjustments=[adjustment(cat, code) for code in adjustments],
    )
    assert result["total_score"] == total
    assert result["grade"]["code"] == grade


def test_s34_weights_and_deductions_to_zero(cat):
    scheme, _ = cat.scheme(cat.template("S34"))
    assert [s["weight"] for s in scheme["sections"]] == [70, 30]
    duties = indicator(cat, "S34", "DUTIES")
    assert score_indicator(duties, {"counts": {"POINT": 80}}) == 0


# --- links of the templates ---------------------------------------------------------------

LINKS = {
    # code: (period, grade scale, pay rule, jobs)
    "S17": ("month", "P07", "P01", ["kpi_job_ecommerce_cs_agent"]),
    "S18": ("month", "P07", None, []),
    "S19": ("year", "P07", None, []),
    "S20": ("month", "P07", None, []),
    "S21": ("month", "P07", None, []),
    "S22": ("month", "P10", "P10", ["kpi_job_property_cs_officer"]),
    "S23": ("month", "P07", None, ["kpi_job_engineer"]),
    "S24": ("month", "P07", None, ["kpi_job_cs_staff"]),
    "S25": ("quarter", "P07", None, ["kpi_job_service_engineer"]),
    "S26": ("month", "P07", None, ["kpi_job_cs_representative"]),
    "S27": ("month", "P07", None, ["kpi_job_field_service_engineer"]),
    "S28": ("month", "P07", None, ["kpi_job_after_sales_engineer"]),
    "S29": ("month", "P07", None, ["kpi_job_it_service_project_engineer"]),
    "S30": ("month", "P07", None, ["kpi_job_after_sales_service_engineer"]),
    "S31": ("month", "S31", "S31", ["kpi_job_cs_engineer"]),
    "S32": ("month", "P07", None, ["kpi_job_taobao_cs_agent"]),
    "S33": ("month", "P03", "P03", []),
    "S34": (
        "month",
        "P07",
        None,
        [
            "kpi_job_finance_head",
            "kpi_job_accountant",
            "kpi_job_cashier",
            "kpi_job_warehouse_keeper",
            "kpi_job_statistician",
        ],
    ),
}


@pytest.mark.parametrize("code", sorted(LINKS))
def test_template_links(cat, code):
    period, scale, rule, jobs = LINKS[code]
    template = cat.template(code)
    values = template.values
    assert values["period_type"] == period
    assert cat.records[values["grade_scale_id"].xmlid].values["code"] == scale
    if rule is None:
        assert "pay_rule_id" not in values
    else:
        assert cat.records[values["pay_rule_id"].xmlid].values["code"] == rule
    linked = [ref.xmlid for _op, refs in values.get("job_ids", []) for ref in refs]
    assert linked == [f"{MODULE}.{job}" for job in jobs]


def test_jobs_are_not_shared_between_templates(cat):
    seen = {}
    for code in LINKS:
        for _op, refs in cat.template(code).values.get("job_ids", []):
            for ref in refs:
                assert ref.xmlid not in seen, (code, seen.get(ref.xmlid))
                seen[ref.xmlid] = code
