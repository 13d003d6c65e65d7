"""Templates S01–S16 from data/hr_kpi_template_s01_s16_data.xml, fed through the
engine: each test is a worked example built from the source form's own rules, with the
expected numbers written out by hand."""

from data_records import Ref, catalogue

from hr_kpi_appraisal.engine import (
    compute_pay,
    score_appraisal,
    score_indicator,
    validate_scheme,
)

CATALOGUE = catalogue()
DATA_FILE = "hr_kpi_template_s01_s16_data.xml"
MODULE = "hr_kpi_appraisal."

CODES = [
    "S01",
    "S02",
    "S03",
    "S04",
    "S04-TEAM-LEAD",
    "S04-TELESALES",
    "S04-TELESALES-SUP",
    "S04-ASSISTANT",
    "S04-TRAINER",
    "S04-MANAGER",
    "S05",
    "S06",
    "S07",
    "S08",
    "S09",
    "S10",
    "S11",
    "S12",
    "S13",
    "S14",
    "S15",
    "S16",
    "S16-HEAD",
]
S04_ROLES = CODES[3:10]


# --- helpers -------------------------------------------------------------------


def v(value):
    return {"value": value}


def actual(value):
    return {"actual": value}


def counts(**events):
    return {"counts": events}


def inputs(**values):
    return {"inputs": values}


def scheme_of(code):
    return CATALOGUE.scheme(CATALOGUE.template(code))


def indicator(code, indicator_code):
    _scheme, indicators = scheme_of(code)
    return next(i for i in indicators if i["code"] == indicator_code)


def points(code, indicator_code, line_input):
    return score_indicator(indicator(code, indicator_code), line_input)


def appraise(code, manager, self_inputs=None, adjustments=()):
    """Score template ``code`` with the given inputs by indicator code; lines not
    given get no input (measured lines then count no events)."""
    scheme, indicators = scheme_of(code)
    self_inputs = self_inputs or {}
    known = {i["code"] for i in indicators}
    assert set(manager) <= known and set(self_inputs) <= known
    lines = [
        {
            "indicator": i,
            "manager": manager.get(i["code"]),
            "self": self_inputs.get(i["code"]),
        }
        for i in indicators
    ]
    result = score_appraisal(scheme, lines, list(adjustments))
    result["by_code"] = {
        i["code"]: line["points"] for i, line in zip(indicators, result["lines"])
    }
    return result


def values(code):
    return CATALOGUE.template(code).values


# --- the file as a whole -------------------------------------------------------


def test_each_code_is_seeded_once_in_the_file_and_scores():
    for code in CODES:
        template = CATALOGUE.template(code)  # raises unless exactly one
        assert template.path.endswith(DATA_FILE)
        scheme, indicators = scheme_of(code)
        validate_scheme(scheme, indicators)
        weights = [s["weight"] for s in scheme["sections"]]
        assert sum(weights) == 100
    own = [
        r.values["code"]
        for r in CATALOGUE.by_model("hr.kpi.template")
        if r.path.endswith(DATA_FILE)
    ]
    assert sorted(own) == sorted(CODES)


def test_jobs_grade_scales_and_pay_rules_are_linked():
    jobs = {r.xmlid for r in CATALOGUE.by_model("hr.job")}
    seen = set()
    for code in CODES:
        template = values(code)
        ((_op, refs),) = template["job_ids"]
        assert refs and all(ref.xmlid in jobs for ref in refs)
        assert not seen & set(refs), f"{code} shares a job"
        seen |= set(refs)
        scale = "kpi_grade_scale_s09" if code == "S09" else "kpi_grade_scale_p07"
        assert template["grade_scale_id"] == Ref(MODULE + scale)
        if code == "S05":
            assert template["pay_rule_id"] == Ref(MODULE + "kpi_pay_rule_p02")
        else:
            assert "pay_rule_id" not in template
    assert {values(code)["period_type"] for code in CODES[:-2]} == {"month"}
    assert values("S16")["period_type"] == "quarter"
    assert values("S16-HEAD")["period_type"] == "year"


# --- S01 -----------------------------------------------------------------------


def test_s01_performance_80_behaviour_20():
    manager = {
        "INFO": v(3),  # target met: 20
        "FILES": v(2),  # partly incomplete: 10
        "VISITS": v(3),  # 20
        "COMPLAINTS": counts(RESPONSE=1),  # one requirement unmet: 20 - 5
        "CALLS": v(3),  # 20
        "SERVICE": v(4),  # level 4: 40
        "CUSTOMER": v(3),  # level 3: 30
    }
    self_scores = {
        "INFO": v(3),
        "FILES": v(3),
        "VISITS": v(3),
        "CALLS": v(3),
        "SERVICE": v(5),
        "CUSTOMER": v(5),
    }
    result = appraise("S01", manager, self_scores)
    # supervisor: 85 × 80% + 70 × 20% = 68 + 14 = 82; self: 95 × 80% + 100 × 20%
    assert result["manager_score"] == 82.0
    assert result["self_score"] == 96.0
    assert result["total_score"] == 82.0  # the self-assessment has weight 0
    assert result["by_code"]["COMPLAINTS"] == 15.0
    assert result["grade"]["code"] == "B"


def test_s01_customer_focus_levels_and_complaint_deductions():
    assert [points("S01", "CUSTOMER", v(n)) for n in range(1, 6)] == [
        10,
        20,
        30,
        40,
        50,
    ]
    levels = CATALOGUE.children(
        "hr.kpi.indicator.level", "indicator_id", MODULE + "kpi_template_s01_customer"
    )
    assert all(level.values["description"] for level in levels)
    assert [points("S01", "INFO", v(n)) for n in (1, 2, 3)] == [0, 10, 20]
    all_unmet = counts(RESPONSE=1, RESOLUTION=1, RATE=1)
    assert points("S01", "COMPLAINTS", all_unmet) == 5.0


# --- S02 / S03 -----------------------------------------------------------------


def test_s02_lapses_deduct_down_to_50():
    manager = {
        "REPAIR_CALLS": counts(LOG=2, NOTIFY=1),  # 100 - 30 = 70
        "ENQUIRY_CALLS": counts(),  # 100
        "COMPLAINTS": counts(COMPLAINT=7),  # 100 - 70 → floor 50
        "ADHOC": v(90),
    }
    result = appraise("S02", manager)
    # (70 + 100 + 50 + 90) / 400 = 77.5
    assert result["by_code"]["COMPLAINTS"] == 50.0
    assert result["total_score"] == 77.5
    assert result["grade"]["code"] == "C"
    assert points("S02", "REPAIR_CALLS", counts(LOG=3, NOTIFY=3)) == 50.0


def test_s02_veto_zeroes_the_month():
    manager = {"ADHOC": v(100), "VETO": {"veto": True}}
    result = appraise("S02", manager)
    assert result["base_score"] == 100.0
    assert result["total_score"] == 0.0
    assert result["veto"] == "zero"


def test_s03_installation_delays_and_maintenance_rounds():
    manager = {
        "INSTALLATION": counts(DAY_LATE=2),  # 80
        "MAINTENANCE": actual(4),  # 4 of 5 rounds: 80
        "ADHOC": v(95),
    }
    result = appraise("S03", manager)
    assert result["total_score"] == 85.0  # (80 + 80 + 95) / 3
    assert points("S03", "INSTALLATION", counts(DAY_LATE=7)) == 50.0
    assert points("S03", "MAINTENANCE", actual(6)) == 100.0
    vetoed = {"MAINTENANCE": actual(5), "ADHOC": v(100), "VETO": {"veto": True}}
    veto = appraise("S03", vetoed)
    assert veto["total_score"] == 0.0


# --- S04 -----------------------------------------------------------------------


def test_s04_agent_kpi_80_cpi_20():
    manager = {
        "VOLUME": actual(90),  # 90% of the call target: 18 of 20
        "ANSWER_RATE": actual(92),  # 90–95%: 12
        "QUALITY": v(88),  # 22 of 25
        "FIRST_CALL": actual(85),  # 80–90%: 10
        "SATISFACTION": actual(96),  # 95% or more: 15
        "ACCURACY": counts(ERROR=2),  # 10 - 4
        "ATTITUDE": v(18),
        "RESPONSIBILITY": v(16),
        "TEAMWORK": v(17),
        "LEARNING": v(15),
        "DISCIPLINE": v(19),
    }
    result = appraise("S04", manager)
    # KPI 83 × 80% = 66.4; CPI 85 × 20% = 17
    assert result["by_code"]["VOLUME"] == 18.0
    assert result["total_score"] == 83.4
    assert result["grade"]["code"] == "B"


def test_s04_every_role_has_six_kpis_the_same_five_cpis_and_5_days():
    cpis = None
    for code in S04_ROLES:
        scheme, indicators = scheme_of(code)
        assert [(s["code"], s["weight"]) for s in scheme["sections"]] == [
            ("KPI", 80),
            ("CPI", 20),
        ]
        kpi = [i for i in indicators if i["section"] == "KPI"]
        cpi = [
            (i["code"], i["max_points"]) for i in indicators if i["section"] == "CPI"
        ]
        assert len(kpi) == 6 and sum(i["max_points"] for i in kpi) == 100
        assert len(cpi) == 5
        cpis = cpis or cpi
        assert cpi == cpis
        assert values(code)["min_attendance_days"] == 5


def test_s04_manager_budget_and_turnover_bands():
    assert points("S04-MANAGER", "BUDGET", actual(100)) == 10.0
    assert points("S04-MANAGER", "BUDGET", actual(104)) == 5.0
    assert points("S04-MANAGER", "BUDGET", actual(106)) == 0.0
    turnover = [points("S04-MANAGER", "TURNOVER", actual(x)) for x in (10, 15, 30, 31)]
    assert turnover == [15, 10, 5, 0]


# --- S05 -----------------------------------------------------------------------

S05_MANAGER = {
    "TALK_TIME": actual(4.5),  # 15
    "DIALS": actual(180),  # 180 / 200 × 15 = 13.5
    "ORDER_NAME": v(5),
    "ORDER_PHONE": v(4),
    "ORDER_ADDRESS": v(12),
    "ORDER_PRODUCT": v(5),
    "CALL_ATTITUDE": v(90),  # 18 of 20
    "BUSINESS_TEST": v(80),  # 8 of 10
    "WORK_ATTITUDE": v(5),
    "CONDUCT": v(5),
    "EXECUTION": v(8),
    "SUGGESTION": v(5),
}
S05_SELF = {
    "ORDER_NAME": v(5),
    "ORDER_PHONE": v(5),
    "ORDER_ADDRESS": v(15),
    "ORDER_PRODUCT": v(5),
    "CALL_ATTITUDE": v(100),
    "BUSINESS_TEST": v(90),
    "WORK_ATTITUDE": v(5),
    "CONDUCT": v(5),
    "EXECUTION": v(10),
    "SUGGESTION": v(10),
}


def test_s05_self_30_supervisor_70_with_weights_adding_to_110():
    _scheme, indicators = scheme_of("S05")
    normal = [i["max_points"] for i in indicators if i["kind"] == "normal"]
    assert normal == [15, 15, 5, 5, 15, 5, 20, 10, 5, 5, 10]
    result = appraise("S05", S05_MANAGER, S05_SELF)
    # supervisor: 98.5 of 110 = 89.545…, + bonus 5; self: 107.5 of 110, + bonus 10
    assert result["manager_score"] == 94.55
    assert result["self_score"] == 107.73
    assert result["base_score"] == 92.0  # (107.5 × 30% + 98.5 × 70%) / 110
    assert result["bonus"] == 6.5  # 10 × 30% + 5 × 70%
    assert result["total_score"] == 98.5
    assert result["by_code"]["DIALS"] == 13.5


def test_s05_adopted_suggestion_is_a_bonus_of_5_to_10():
    suggestion = indicator("S05", "SUGGESTION")
    assert (suggestion["kind"], suggestion["max_points"]) == ("bonus", 10)
    assert values("S05")["bonus_cap"] == 10
    judged = ("ORDER_NAME", "ORDER_PHONE", "ORDER_ADDRESS", "ORDER_PRODUCT")
    judged += ("WORK_ATTITUDE", "CONDUCT", "EXECUTION")
    manager = {
        **{code: v(indicator("S05", code)["max_points"]) for code in judged},
        "CALL_ATTITUDE": v(100),
        "BUSINESS_TEST": v(100),
        "TALK_TIME": actual(5),
        "DIALS": actual(200),
        "SUGGESTION": v(10),
    }
    result = appraise("S05", manager, manager)
    assert result["base_score"] == 100.0
    assert result["total_score"] == 110.0


def test_s05_pay_follows_p02():
    scheme, _indicators = scheme_of("S05")
    rule = scheme["pay_rule"]

    def pay(score):
        return compute_pay(rule, score, None, 2000)["performance_pay"]

    result = appraise("S05", S05_MANAGER, S05_SELF)
    assert pay(result["total_score"]) == 2000.0  # 98.5: 95 or more → in full
    assert pay(100) == 2300.0  # a full 100 → +15%
    assert pay(80) == 1600.0  # 60–95 → score% of the pay
    assert pay(59.99) == 0.0


# --- S06 -----------------------------------------------------------------------


def test_s06_leads_and_sales_against_their_bars():
    result = appraise(
        "S06",
        {"LEADS": actual(92), "SALES": actual(4000), "LEAD_QUALITY": v(16)},
    )
    # 92 / 100 × 40 = 36.8; 4000 / 5000 × 40 = 32; + 16
    assert result["by_code"]["LEADS"] == 36.8
    assert result["by_code"]["SALES"] == 32.0
    assert result["total_score"] == 84.8
    over = appraise(
        "S06", {"LEADS": actual(130), "SALES": actual(8000), "LEAD_QUALITY": v(20)}
    )
    assert over["total_score"] == 100.0
    assert scheme_of("S06")[0]["pay_rule"] is None  # base pay and commission: payroll


# --- S07 -----------------------------------------------------------------------


def test_s07_monthly_kpi_out_of_100():
    manager = {
        "PERFORMANCE": actual(75),  # 60–80%: 20
        "RECEPTION": counts(ROTATION_ERROR=1),  # 10 - 5
        "NEW_VISITORS": counts(MISSED=1, LATE_ENTRY=1),  # 10 - 5 - 2
        "INSPECTION": counts(MISSED=2),  # 10 - 2
        "POST": counts(GAP_LOSS=1),  # 5 - 10 → 0
        "RETURN_VISITS": counts(MISSED=3),  # 20 - 6
        "COMPLAINTS": counts(COMPLAINED=1),  # 10 - 3
    }
    result = appraise("S07", manager)
    # 20 + 5 + 3 + 8 + 0 + 5 + 14 + 7 + 10
    assert result["total_score"] == 72.0
    assert result["grade"]["code"] == "C"
    performance = [points("S07", "PERFORMANCE", actual(x)) for x in (59.9, 60, 80)]
    assert performance == [0, 20, 20]
    assert indicator("S07", "POST")["max_points"] == 5


# --- S08 -----------------------------------------------------------------------


def test_s08_call_recording_grades():
    assert points("S08", "QUALITY", counts(GRADE_C=1)) == 29.5
    assert points("S08", "QUALITY", counts(GRADE_D=1)) == 29.0
    assert points("S08", "QUALITY", counts(GRADE_C=2)) == 29.0  # 2 C = 1 D
    assert points("S08", "QUALITY", counts(GRADE_B=2)) == 29.5  # 2 B = 1 C
    assert points("S08", "QUALITY", counts(GRADE_D_ATTITUDE=1)) == 27.0
    assert points("S08", "QUALITY", counts(GRADE_D_ATTITUDE=2)) == 24.0
    # three D grades for service attitude in a month: quality 0
    assert points("S08", "QUALITY", counts(GRADE_D_ATTITUDE=3)) == 0.0


def test_s08_whole_month_out_of_137():
    manager = {
        "ATTITUDE": v(4),  # fairly proactive: 15
        "QUALITY": counts(GRADE_B=2, GRADE_C=2, GRADE_D=1, GRADE_D_ATTITUDE=1),
        "ORAL_FEEDBACK": counts(LATE=1),  # 3
        "COMPLAINTS": counts(LATE=1),  # 3
        "COORDINATION": v(8),
        "NOTICE_BOARD": counts(LATE=1),  # 4
        "CONTACTS": counts(ERROR=1),  # 6
        "TICKETS": counts(UNSOLVED=3),  # 14
        "SALES": actual(97),  # within 5%: 12
    }
    result = appraise("S08", manager)
    assert result["by_code"]["QUALITY"] == 24.5  # 30 - 0.5 - 1 - 1 - 3
    # 15 + 24.5 + 3 + 5 + 3 + 8 + 8 + 4 + 6 + 14 + 12 = 102.5 of 137
    assert result["total_score"] == 74.82
    assert points("S08", "ATTITUDE", v(1)) == 0.0  # insubordinate
    assert points("S08", "ATTITUDE", v(6)) == 23.0
    assert points("S08", "COMPLAINTS", counts(NONE=1)) == 0.0
    assert points("S08", "NOTICE_BOARD", counts(MISSING=1)) == 0.0
    assert [points("S08", "SALES", actual(x)) for x in (94.9, 95, 100)] == [0, 12, 15]


# --- S09 -----------------------------------------------------------------------


def test_s09_satisfaction_is_20_minus_4_per_complaint():
    assert [points("S09", "SATISFACTION", counts(COMPLAINT=n)) for n in range(7)] == [
        20,
        16,
        12,
        8,
        4,
        0,
        0,
    ]
    manager = {
        "EQUIPMENT": counts(UNTIDY=2, LEFT_POST=1),  # 40 - 4 - 5
        "TRANSFER": counts(INCIDENT=1),  # 40 - 4
        "SATISFACTION": counts(COMPLAINT=2),  # 20 - 8
    }
    result = appraise("S09", manager)
    assert result["total_score"] == 79.0
    assert (result["grade"]["code"], result["grade"]["name"]) == ("C", "Average")
    assert appraise("S09", {})["grade"]["code"] == "A"


# --- S10 -----------------------------------------------------------------------


def test_s10_service_85_safety_5_other_10():
    manager = {
        "CALLS": counts(COMPLAINT=1),  # 35 - 10
        "REPAIRS": counts(ERROR=1, LATE_DISPATCH=1),  # 30 - 10
        "SAFETY_CAMPAIGNS": counts(ABSENT=1),  # 5 - 5
        "OTHER_TASKS": v(8),
    }
    result = appraise("S10", manager)
    assert result["total_score"] == 73.0  # 25 + 20 + 10 + 10 + 0 + 8
    assert points("S10", "CALLS", counts(COMPLAINT=4)) == 0.0


# --- S11 -----------------------------------------------------------------------


def test_s11_attrition_bands():
    attrition = [
        points("S11", "ATTRITION", actual(x)) for x in (30, 35, 40, 42, 45, 50, 55, 56)
    ]
    assert attrition == [10, 8, 8, 5, 5, 3, 3, 0]


def test_s11_recruitment_completion_bands():
    completion = [
        points("S11", "RECRUITMENT", actual(x))
        for x in (80, 79, 65, 64, 50, 49, 40, 39, 30, 29)
    ]
    assert completion == [15, 10, 10, 8, 8, 5, 5, 3, 3, 0]


def test_s11_whole_month_with_return_visit_bonus():
    results = inputs(GAPS_FOUND=1, MAIL_LATE=0, RETAINED=0, THANKS=1)
    manager = {
        "DISCIPLINE": counts(DRESS=1, FORMS=1),  # 10 - 5 - 2
        "DAILY_SUMMARY": counts(MISSING=1),  # 10 - 2
        "ATTRITION": actual(35),  # 8
        "INTERVIEWS": counts(PAPERWORK=1),  # 10 - 2
        "RECRUITMENT": actual(70),  # 10
        "VISIT_RESULTS": results,  # +5 + 5
    }
    result = appraise("S11", manager)
    # normal items 3 + 8 + 10 + 8 + 8 + 10 = 47 of 65 = 72.31; bonus 10
    assert result["base_score"] == 72.31
    assert result["bonus"] == 10.0
    assert result["total_score"] == 82.31
    late_mail = inputs(GAPS_FOUND=0, MAIL_LATE=1, RETAINED=1, THANKS=0)
    assert points("S11", "VISIT_RESULTS", late_mail) == 0.0
    many = inputs(GAPS_FOUND=1, MAIL_LATE=0, RETAINED=2, THANKS=1)
    assert points("S11", "VISIT_RESULTS", many) == 10.0


# --- S12 -----------------------------------------------------------------------


def test_s12_twenty_items_of_five_points():
    _scheme, indicators = scheme_of("S12")
    assert [i["max_points"] for i in indicators] == [5] * 20
    judged = {i["code"]: v(5) for i in indicators if i["method"] == "points"}
    manager = {
        **judged,
        "THREE_RINGS": v(4),
        "MISSED_CALLS": counts(MISSED=2),  # 3
        "SYSTEM_FAULTS": counts(NOT_REPORTED=1),  # 0
        "NEW_STAFF": counts(LATE=1),  # 2.5
        "DISPATCH_ERRORS": counts(ERROR=3),  # 5 - 7.5 → 0
        "COMPLAINTS": counts(COMPLAINT=1),  # 2.5
    }
    result = appraise("S12", manager)
    # 100 - 1 - 2 - 5 - 2.5 - 5 - 2.5
    assert result["total_score"] == 82.0
    assert result["by_code"]["DISPATCH_ERRORS"] == 0.0


# --- S13 -----------------------------------------------------------------------


def test_s13_levels_excellent_good_average_poor():
    aspects = ["RESPONSIBILITY", "SERVICE_ATTITUDE", "COMMUNICATION", "EFFICIENCY"]
    levels = [lv["name"] for lv in indicator("S13", "EFFICIENCY")["levels"]]
    assert levels == ["Poor", "Average", "Good", "Excellent"]
    # S13's example: good, excellent, excellent, good
    example = dict(zip(aspects, (v(3), v(4), v(4), v(3))))
    result = appraise("S13", example)
    assert result["total_score"] == 94.0  # 22 + 25 + 25 + 22
    assert result["grade"]["code"] == "B"
    for level, total, grade in ((3, 88, "B"), (2, 72, "C"), (1, 40, "E")):
        result = appraise("S13", dict.fromkeys(aspects, v(level)))
        assert (result["total_score"], result["grade"]["code"]) == (total, grade)


# --- S14 -----------------------------------------------------------------------

S14_BASE = {
    "DILIGENCE": v(5),
    "RULES": v(4),
    "TEAMWORK": v(5),
    "SERVICE": v(4),
    "KNOWLEDGE": v(5),
    "PROBLEM_SOLVING": v(5),
    "COORDINATION": v(4),
    "RELATIONSHIPS": v(4),
    "PROFICIENCY": v(4),
    "EXPRESSION": v(3),
    "COMPLETION": v(18),
    "QUALITY": v(12),
    "QUANTITY": v(9),
    "INNOVATION": v(3),
}


def test_s14_attitude_ability_results_with_bonus_and_penalty():
    manager = {
        **S14_BASE,
        "PRAISE": v(5),
        "SUGGESTION": v(5),
        "COMPLAINT": v(5),
        "MISTAKE": v(0),
    }
    result = appraise("S14", manager)
    # 18 + 25 + 42 = 85; bonus +10; penalty -5
    assert result["base_score"] == 85.0
    assert (result["bonus"], result["penalty"]) == (10.0, 5.0)
    assert result["total_score"] == 90.0


def test_s14_penalty_and_bonus_caps_of_10():
    assert (values("S14")["bonus_cap"], values("S14")["penalty_cap"]) == (10, 10)
    manager = {
        **S14_BASE,
        "PRAISE": v(0),
        "SUGGESTION": v(0),
        "COMPLAINT": v(5),
        "MISTAKE": v(5),
    }
    result = appraise("S14", manager)
    assert result["penalty"] == 10.0
    assert result["total_score"] == 75.0


# --- S15 -----------------------------------------------------------------------


def test_s15_six_equal_indicators():
    _scheme, indicators = scheme_of("S15")
    assert [i["max_points"] for i in indicators] == [10] * 6
    codes = [i["code"] for i in indicators]
    result = appraise("S15", dict(zip(codes, map(v, (9, 8, 7, 8, 10, 9)))))
    assert result["total_score"] == 85.0  # 51 of 60


# --- S16 -----------------------------------------------------------------------


def test_s16_operator_quarterly_weights():
    manager = {
        "CONNECTION": v(92),  # 92 × 40% = 36.8
        "LEADER_SATISFACTION": v(85),  # 25.5
        "STAFF_SATISFACTION": v(88),  # 17.6
        "ATTITUDE": v(90),  # 9
    }
    result = appraise("S16", manager)
    assert result["total_score"] == 88.9


S16_HEAD = {
    "QUARTERLY_AVERAGE": inputs(Q1=80, Q2=90, Q3=85, Q4=93),  # mean 87
    "INTERNAL_TIMELINESS": v(90),
    "INTERNAL_QUALITY": v(90),
    "INTERNAL_ATTITUDE": v(90),
    "INTERNAL_THOROUGHNESS": v(90),
    "INTERNAL_URGENT": v(90),
    "STAFF_SATISFACTION": v(80),
    "WORK_ATTITUDE": v(90),
    "WORK_ABILITY": v(80),
}


def test_s16_head_annual_results_from_the_mean_of_four_quarters():
    result = appraise("S16-HEAD", S16_HEAD)
    # results: 87 × 75% + 90 × 15% + 80 × 10% = 65.25 + 13.5 + 8 = 86.75
    assert result["by_code"]["QUARTERLY_AVERAGE"] == 65.25
    # 86.75 × 50% + 90 × 20% + 80 × 30% = 43.375 + 18 + 24
    assert result["total_score"] == 85.38
    assert values("S16-HEAD")["gm_approval"] is True


def test_s16_head_average_skips_a_missing_quarter():
    joined_in_q2 = inputs(Q2=90, Q3=84, Q4=93)  # mean 89
    assert points("S16-HEAD", "QUARTERLY_AVERAGE", joined_in_q2) == 66.75
    assert points("S16-HEAD", "QUARTERLY_AVERAGE", inputs()) == 0.0
