"""Who a period's appraisals leave out, from plain attendance figures.

The source forms' rules: no usable template; already appraised on that template
for the period; absent the whole period (S33: 连续缺勤一个月以上者当月不做考评);
absent over two months of a longer period (《客服部绩效考核管理制度》:
考评期内未到岗累计超过2个月的员工不参与当期考核); fewer attendance days than the template's minimum (S04:
当月出勤天数不到5天的员工不参加考核). The first that applies is the reason.
"""

from ._checks import flag, integer, number, within
from .rounding import round_days

NO_TEMPLATE = "no_template"
ALREADY_APPRAISED = "already_appraised"
ABSENT_WHOLE_PERIOD = "absent_whole_period"
ABSENT_OVER_TWO_MONTHS = "absent_over_two_months"
MIN_ATTENDANCE = "min_attendance"

#: Every exclusion code, in the order the rules are applied.
EXCLUSION_CODES = (
    NO_TEMPLATE,
    ALREADY_APPRAISED,
    ABSENT_WHOLE_PERIOD,
    ABSENT_OVER_TWO_MONTHS,
    MIN_ATTENDANCE,
)


def _days(value, field):
    return round_days(within(number(value, field, 0.0), field, low=0))


def exclusion(
    *,
    has_template,
    appraised=False,
    scheduled=0.0,
    worked=0.0,
    two_months=0.0,
    min_attendance_days=0,
):
    """Why an employee gets no appraisal for the period: ``{"code", "params"}``
    or None (inputs and params in the package docstring)."""
    has_template = flag(has_template, "has_template", False)
    appraised = flag(appraised, "appraised", False)
    scheduled = _days(scheduled, "scheduled")
    worked = _days(worked, "worked")
    two_months = _days(two_months, "two_months")
    minimum = integer(min_attendance_days, "min_attendance_days", 0)
    absent = round_days(scheduled - worked)
    if not has_template:
        return {"code": NO_TEMPLATE, "params": {}}
    if appraised:
        return {"code": ALREADY_APPRAISED, "params": {}}
    if not scheduled:
        return None
    if not worked:
        return {"code": ABSENT_WHOLE_PERIOD, "params": {"scheduled": scheduled}}
    if two_months and absent > two_months:
        return {
            "code": ABSENT_OVER_TWO_MONTHS,
            "params": {"absent": absent, "limit": two_months},
        }
    if worked < minimum:
        return {"code": MIN_ATTENDANCE, "params": {"days": worked, "minimum": minimum}}
    return None
