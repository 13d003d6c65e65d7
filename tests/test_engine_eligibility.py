"""exclusion: who a period's appraisals leave out (S04, S33, 《客服部绩效考核管理制度》)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hr_kpi_appraisal.engine import EXCLUSION_CODES, exclusion

#: October 2026 has 22 working days; the fourth quarter 66, its first two months 43.
OCTOBER = {"has_template": True, "scheduled": 22.0}
Q4 = {"has_template": True, "scheduled": 66.0, "two_months": 43.0}


def code(**values):
    result = exclusion(**values)
    return result and result["code"]


def test_s04_under_5_attendance_days_not_appraised():
    """S04: 除当月出勤天数不到5天的员工 (under 5 days in the month)."""
    assert exclusion(**OCTOBER, worked=3, min_attendance_days=5) == {
        "code": "min_attendance",
        "params": {"days": 3.0, "minimum": 5},
    }
    assert code(**OCTOBER, worked=4.5, min_attendance_days=5) == "min_attendance"
    assert exclusion(**OCTOBER, worked=5, min_attendance_days=5) is None
    # without a minimum one day is enough
    assert exclusion(**OCTOBER, worked=1) is None


def test_s33_absent_the_whole_month_not_appraised():
    """S33: 连续缺勤一个月以上者当月将不做考评 (absent a whole month)."""
    assert exclusion(**OCTOBER, worked=0) == {
        "code": "absent_whole_period",
        "params": {"scheduled": 22.0},
    }
    # before the minimum: the whole period is the reason
    assert code(**OCTOBER, worked=0, min_attendance_days=5) == "absent_whole_period"


def test_seed_002_absent_over_two_months_of_the_period_not_appraised():
    """《客服部绩效考核管理制度》: 考评期内未到岗累计超过2个月的员工不参与当期考核."""
    assert exclusion(**Q4, worked=15) == {
        "code": "absent_over_two_months",
        "params": {"absent": 51.0, "limit": 43.0},
    }
    assert exclusion(**Q4, worked=23) is None  # absent exactly two months
    assert exclusion(**Q4, worked=30) is None
    # before the minimum as well
    assert code(**Q4, worked=4, min_attendance_days=5) == "absent_over_two_months"


def test_a_month_has_no_two_month_rule():
    assert exclusion(**OCTOBER, worked=2) is None
    assert exclusion(**OCTOBER, worked=2, two_months=0) is None


def test_template_and_earlier_appraisal_come_first():
    assert exclusion(has_template=False, **{"scheduled": 22.0, "worked": 0}) == {
        "code": "no_template",
        "params": {},
    }
    assert code(has_template=False, appraised=True) == "no_template"
    assert exclusion(**OCTOBER, appraised=True, worked=0) == {
        "code": "already_appraised",
        "params": {},
    }


def test_without_working_calendar_attendance_is_not_measured():
    assert exclusion(has_template=True, min_attendance_days=5) is None
    assert exclusion(has_template=True, scheduled=0, worked=0) is None
    assert code(has_template=False) == "no_template"
    assert code(has_template=True, appraised=True) == "already_appraised"


def test_days_are_rounded_to_two_decimals_first():
    assert exclusion(**OCTOBER, worked=4.999, min_attendance_days=5) is None
    assert exclusion(**OCTOBER, worked=0.004) == {
        "code": "absent_whole_period",
        "params": {"scheduled": 22.0},
    }
    # 64.04 - 21.04 is 43.00000000000001 in floats: absent exactly two months
    q4 = dict(Q4, scheduled=64.04)
    assert exclusion(**q4, worked=21.04) is None
    # 14.125 is 14.13 days worked, so 51.87 absent
    assert exclusion(**Q4, worked=14.125)["params"] == {"absent": 51.87, "limit": 43.0}


@pytest.mark.parametrize(
    ("values", "reason_code"),
    [
        ({"worked": -1}, "out_of_range"),
        ({"scheduled": -0.5}, "out_of_range"),
        ({"two_months": math.nan}, "not_a_number"),
        ({"worked": math.inf}, "not_a_number"),
        ({"worked": True}, "not_a_number"),
        ({"min_attendance_days": 2.5}, "not_integer"),
    ],
)
def test_bad_figures_are_clear_errors(values, reason_code, expect_error):
    with expect_error(reason_code):
        exclusion(**{**OCTOBER, "worked": 10, **values})


def test_wrong_types_and_positional_arguments_are_refused():
    with pytest.raises(TypeError):
        exclusion(has_template="yes")
    with pytest.raises(TypeError):
        exclusion(has_template=True, appraised=1)
    with pytest.raises(TypeError):
        exclusion(True, False, 22, 3)  # noqa: FBT003 - the point of the test


days = st.floats(min_value=0, max_value=400, allow_nan=False).map(lambda x: round(x, 2))


@given(
    scheduled=days,
    worked=days,
    two_months=days,
    minimum=st.integers(min_value=0, max_value=31),
)
def test_appraised_exactly_when_no_rule_applies(scheduled, worked, two_months, minimum):
    result = exclusion(
        has_template=True,
        scheduled=scheduled,
        worked=worked,
        two_months=two_months,
        min_attendance_days=minimum,
    )
    absent = round(scheduled - worked, 2)
    eligible = not scheduled or (
        worked > 0 and not (two_months and absent > two_months) and worked >= minimum
    )
    assert (result is None) == eligible
    assert result is None or result["code"] in EXCLUSION_CODES


def test_codes_are_the_rules_in_order():
    assert EXCLUSION_CODES == (
        "no_template",
        "already_appraised",
        "absent_whole_period",
        "absent_over_two_months",
        "min_attendance",
    )
