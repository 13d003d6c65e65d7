"""Scoring engine of hr_kpi_appraisal: pure Python, no Odoo, plain dicts in and out.

Every function checks what it is given and raises ``ScoringError`` (a ValueError with
``indicator``, ``reason``, ``reason_code`` and ``params``; codes listed in
``errors.MESSAGES``) rather than return a number from something that cannot be
scored. Numbers are ints or floats: None where a number is required, NaN,
infinities and bools are refused. A value of the wrong structural type (a string
where a list, dict or bool flag is expected) raises TypeError. A missing key means
None. All returned points/scores are rounded half up to 2 decimals and all amounts
half up to the currency rounding, in ``rounding.py`` only.

Indicator spec (one line of the form)
-------------------------------------
``code``        str, required, non-empty; unique within a scheme
``name``        str [""]
``max_points``  float >= 0, required
``section``     str | None: code of its section (required for normal items
                other than veto lines)
``kind``        "normal" | "bonus" | "penalty" ["normal"]: bonus and penalty items
                sit outside the 100 and count only in the bonus / penalty sums
``method``      one of METHODS, required. Parameters (defaults in brackets):

``points``      input ``value`` in [0, max] is the points.
``percent``     input ``value`` in [0, 100]; points = max * value / 100.
``levels``      ``levels`` [{"name": str (unique), "points": float in [0, max]}];
                input ``value`` is the level number 1..N (1 = first in the list).
``bands``       ``bands`` [{"lower": float|None, "upper": float|None,
                "lower_inclusive": bool [True], "upper_inclusive": bool [False],
                "points": float in [-max, max]}]; None = open end. Sorted by lower
                edge, consecutive bands must meet at one edge that exactly one of
                them includes (no overlap, no gap); a band must not be empty.
                ``band_mode`` "award" | "deduct" ["award"]: award gives the band's
                points (which must lie in [0, max]); deduct gives max - |points|.
                ``direction`` "higher" | "lower" | "none" ["none"]: if declared,
                the resulting points must not decrease (higher) / increase (lower)
                as the value grows. Input ``actual``; a value in no band raises
                "outside_bands".
``deduction``   ``events`` [{"code": str (unique), "name": str, "points": float
                (negative = deduction, positive = bonus), "zero_at": int >= 1 |
                None}]; ``base`` [max], ``floor`` [0], ``cap`` [max]. Input
                ``counts`` {event code: whole number >= 0} (absent = 0). Points =
                clamp(base + sum(count * points), floor, cap), but 0 as soon as a
                count reaches its event's zero_at (even below the floor).
``ratio``       ``target`` > 0, ``direction`` ["none"], ``floor`` [0], ``cap``
                [max]. Input ``actual`` >= 0. Points = clamp(actual / target * max,
                floor, cap); with direction "lower" target / actual * max (an
                actual of 0 gives cap).
``rank``        ``rank_min`` in [0, max] [0]. Inputs ``rank`` (1 = best; may be
                fractional for ties) in [1, group_size] and ``group_size`` (whole
                number >= 1). Points = rank_min + (max - rank_min) * (n - rank) /
                (n - 1); max for a group of one. ``rank_mode`` "manual" |
                "computed" ["manual"]: a computed rank is given by the ranking of
                the measured ``actual`` values of the indicator's ``rank_group``
                ("campaign" | "department" | "job" | "department_job"
                ["campaign"]) with ``rank_positions``, in the ``direction``
                "higher" | "lower" (required); people enter only ``actual``
                (``entered_inputs``).
``linear``      ``inputs`` [{"code": str (unique), "name": str, "coefficient":
                float}], ``constant`` [0], ``floor`` [0], ``cap`` [max]. Input
                ``inputs`` {code: number}, every listed code required. Points =
                clamp(constant + sum(coefficient * input), floor, cap).
``average``     ``inputs`` [{"code": str (unique), "name": str}]. Input ``inputs``
                {code: score in [0, 100]}; absent codes are skipped. Points = mean
                of the given scores * max / 100; 0 when none is given.
``range``       ``range_low`` <= ``range_high``, ``range_unit`` > 0 [1],
                ``below_points`` >= 0, ``above_points`` >= 0 (both required),
                ``base`` [max], ``floor`` [0], ``cap`` [max]. Input ``actual``.
                Points = clamp(base - (low - actual) / unit * below_points [if
                below low] + (actual - high) / unit * above_points [if above
                high], floor, cap), proportional (no rounding to whole units).
``veto``        ``max_points`` must be 0; ``veto_action`` "zero" | "lowest_grade" |
                "deduct", required; ``veto_points`` > 0 for "deduct". Input
                ``veto`` bool; always scores 0 (its effect is on the appraisal).

``floor``/``cap`` (deduction, ratio, linear, range): floor <= cap and floor <=
max. Normal items: 0 <= floor, cap <= max. Bonus items: 0 <= floor, cap may
exceed max. Penalty items: floor may be negative (a penalty item's size counts).

Line input
----------
``{"value": float|None, "actual": float|None, "counts": {event code: number},
"inputs": {input code: number}, "rank": float|None, "group_size": int|None,
"veto": bool}``. Missing keys are None / empty. Each method reads only its keys
of ``METHOD_INPUTS`` (``methods``), the one table of them, main key first:

==========  ===========================  =================================
method      reads                        given by
==========  ===========================  =================================
points      ``value`` (points)           each reviewer (judged)
percent     ``value`` (percentage)       each reviewer (judged)
levels      ``value`` (level number)     each reviewer (judged)
bands       ``actual``                   measured
deduction   ``counts``                   measured, one per event
ratio       ``actual``                   measured
rank        ``rank``, ``group_size``     measured
linear      ``inputs``                   measured, one per input
range       ``actual``                   measured
average     ``inputs``                   measured, one per input
veto        ``veto``                     measured (yes/no)
==========  ===========================  =================================

``JUDGED_METHODS`` are those reading ``value``; the others read
``MEASURED_INPUTS`` only, the same for both reviewers. ``QUANTITIES`` gives the
``parse_quantity`` kind of an imported measured input.

Scheme and appraisal
--------------------
``scheme = {"sections": [{"code": str (unique), "name": str, "weight": float in
[0, 100]}] (weights add up to 100 +- 0.01), "self_review": bool [False],
"self_weight": float, "manager_weight": float (add up to 100 when self_review;
ignored otherwise, the manager then counts 100%), "bonus_cap": float >= 0|None,
"penalty_cap": float >= 0|None, "adjustment_cap": float >= 0|None, "max_total":
float > 0 [100], "grades": [grade dicts] | []}``

``lines = [{"indicator": indicator spec, "self": line input|None, "manager":
line input|None}]``

``adjustments = [{"code": str, "name": str, "points": float, "quantity": int >= 1
[1]}`` (points * quantity, ``adjustment_points``, added, the sum capped to
+-adjustment_cap) ``| {"code": str, "name": str, "percent": float >= -100}]``
(multiplies the total by 1 + percent / 100, after the point ones).

``score_appraisal(scheme, lines, adjustments, partial=False)``, per reviewer that
counts (manager; and self when self_review): every line is scored; section score =
sum of its normal lines' points / sum of their max * 100; base = sum of section
score * weight / 100; bonus = min(sum of bonus lines, bonus_cap); penalty =
min(sum of |penalty lines|, penalty_cap); reviewer score = base + bonus - penalty.
Combined = self * self_weight / 100 + manager * manager_weight / 100 (manager
alone without self review), then + point adjustments, * percent factors, then the
vetoes of the veto lines whose input says veto=True (either reviewer's): every
"deduct" subtracts its veto_points, "zero" sets the total to 0, "lowest_grade"
forces the lowest grade. The total is clamped to [0, max_total + (bonus_cap or
0)] and rounded. A judged line without the input of a reviewer that counts raises
"score_missing"; a measured line uses the other reviewer's input when one is None
(and {} when both are). With ``partial=True`` lines with missing input score 0.
The scheme is validated first (``validate_scheme``): weights, sections referenced
and present, every section of weight > 0 has normal points, unique indicator
codes, grades, every indicator, and grades for a "lowest_grade" veto.

Returns ``{"lines": [{"self_points": float|None, "manager_points": float,
"points": float (weighted combination)}] (in the order of ``lines``),
"sections": [{"code", "name", "weight", "self_score", "manager_score", "score"
(section score, 0 to 100), "self_points", "manager_points", "points" (its
weighted points: section score * weight / 100, which add up to base_score)}]
(in the order of the scheme; the self_* keys None without self review),
"self_score": float|None (None without self review), "manager_score": float,
"base_score", "bonus", "penalty" (combined over the reviewers),
"adjustment_points" (capped sum), "total_score", "grade": grade dict|None,
"veto": "zero" | "lowest_grade" | "deduct" | None (the most severe applied)}``.

``score_lines(scheme, lines, partial=False)`` returns the same ``"lines"`` list
alone: a line's points depend only on its indicator, its inputs and the
scheme's reviewer weights, so any subset of an appraisal's lines can be scored
without the rest (only the reviewer weights and the lines' indicators are
validated). ``score_totals(scheme, scored, adjustments)`` then gives the rest of
``score_appraisal``'s result (everything but ``"lines"``) from those points: a
dict per line with ``indicator`` (the parameters of its method are read only
for veto indicators), ``self_points``, ``manager_points`` and ``veto`` (bool: a
veto line triggered), so an appraisal's lines are scored once.

Grades
------
``{"code": str (unique), "name": str, "min_score": float (unique),
"pay_coefficient": float >= 0 [100] (% of performance pay), "fixed_amount": float
[0] (award, may be negative)}``; a grade covers [min_score, next higher
min_score); the lowest min_score must be <= 0. ``lookup_grade`` returns a copy
with defaults filled in (extra keys kept) or None.

Distribution
------------
A policy (P04, S32's awards) is ``[{"code": grade code, "max_share",
"min_share", "target_share": % in [0, 100] | None}]``.
``validate_policy(policy, codes)`` checks it against the scale's grade
codes (the maximum shares must leave room for everyone: they add up to at
least 100, an unlimited grade counting 100); ``distribution_quotas(policy, n)``
gives per grade ``{"code", "min", "max", "target"}`` in people for a group of
n, with the small-group rule (a maximum share above 0 allows one person from
``SMALL_GROUP`` = 10 people up); ``check_distribution(policy, {code: count},
size=None, partial=False)`` returns ``[{"code", "count", "limit", "kind":
"over" | "under", "by"}]``. The counting rules are in ``distribution``.

Pay rules
---------
``{"method": "none" | "proportional" | "tiered" | "grade", "tiers": [{"min_score":
float (unique; lowest <= 0), "rate": float >= 0 (% of base), "by_score": bool
[False]}] (tiered only)}``. ``compute_pay(rule, score >= 0, grade, base >= 0,
rounding=0.01)`` returns ``{"performance_pay", "award"}``: proportional: base *
score / 100; tiered: the tier with the highest min_score <= score, base * rate /
100 (* score / 100 if by_score); grade: base * pay_coefficient / 100 and award =
fixed_amount (a grade is required); none: 0.
``percent_of_wage(wage, percent, rounding=0.01)`` gives a performance wage
base set as a percentage of the wage, rounded like the pay.

Eligibility
-----------
``exclusion(has_template, appraised=False, scheduled=0, worked=0, two_months=0,
min_attendance_days=0)`` (keywords only) returns why an employee gets no
appraisal for a period, ``{"code": str, "params": dict}``, or None. Days are
numbers >= 0, rounded to 2 decimals: ``scheduled`` the working days of the period
(0, no working calendar, skips the attendance rules), ``worked`` those worked,
``two_months`` those of the first two months of a longer period (else 0). The
first rule that applies gives the code (EXCLUSION_CODES): "no_template",
"already_appraised", "absent_whole_period" (no day worked, S33; params
``scheduled``), "absent_over_two_months" (scheduled - worked > two_months,
《客服部绩效考核管理制度》; ``absent``, ``limit``), "min_attendance" (worked <
min_attendance_days, S04; ``days``, ``minimum``).

History
-------
A period result is ``{"key": any (the appraisal), "period_type": "month" |
"quarter" | "half_year" | "year", "year": int, "index": int (1 … periods of the
year), "total": float, "grade": code|None, "rank": int|None (1 = first of its
group), "flags": [indicator codes whose zeroing count was reached]}``.
``evaluate_rule(rule, {employee: [result]}, used)`` applies a consecutive-result
rule ``{"code", "period_type", "condition": CONDITIONS ("below"/"at_least"
``value``, "grade_in" ``grades``, "rank_first", "flagged" ``indicator``),
"window": "consecutive" (``count`` periods in a row) | "year" (``count``
periods of one year) | "year_most" (the most in a complete year, at least
``count``), "count": int >= 1}`` and returns the findings with their periods;
``propose_level(ladder, current, facts)`` the promotion or demotion a career
ladder calls for; ``rollup_mean(values, expected, missing)`` the mean of earlier
results with the missing-period rule, ``rollup_slot(code)`` the earlier period
an input code stands for ("Q1" …); ``competition_ranks``. Errors are
``RuleError`` (a ScoringError with ``rule``, the code of the rule or ladder).
See ``history``.

Other helpers: ``rank_points({member: value}, max_points, min_points=0,
higher_is_better=True)`` -> {member: points} (ties share the average rank);
``rank_positions({member: value}, higher_is_better=True)`` -> {member: rank};
``parse_quantity(text, kind="value", field="quantity")`` -> the number of an
imported actual ("25%", "4.5小时", "1,234.5", full-width digits; nothing else after
the number but a unit), a float within ±1e9 for "value", an int for "count"
(0 … 100,000) and "rank" (1 … 100,000), see ``parsing``, which also reads the
other values of an import (``parse_yes_no``, ``parse_period``, ``normalized``,
``is_blank``); ``round_points``, ``round_days``, ``round_money``.

Working days
------------
``add_working_days(start, days, weekdays, holidays=())`` -> the date ``days``
working days after ``start`` (0 … MAX_WORKING_DAYS), counting only ``weekdays``
(``date.weekday()`` numbers) that are not in ``holidays``: the appeal and answer
deadlines of P08.
"""

from .appraisal import (
    adjustment_points,
    score_appraisal,
    score_lines,
    score_totals,
    validate_scheme,
)
from .eligibility import EXCLUSION_CODES, exclusion
from .errors import MESSAGES, REASON_CODES, ScoringError
from .history import (
    CONDITIONS,
    LADDER_MODES,
    MISSING_RULES,
    PERIODS_PER_YEAR,
    WINDOWS,
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
from .distribution import (
    SMALL_GROUP,
    check_distribution,
    distribution_quotas,
    validate_policy,
)
from .grades import lookup_grade, validate_grades
from .indicator import (
    BAND_MODES,
    DIRECTIONS,
    KINDS,
    VETO_ACTIONS,
    score_indicator,
    validate_indicator,
)
from .methods import (
    JUDGED_METHODS,
    MEASURED_INPUTS,
    METHOD_INPUTS,
    METHODS,
    QUANTITIES,
    ROW_INPUTS,
    entered_inputs,
    method_inputs,
)
from .parsing import parse_quantity
from .pay import PAY_METHODS, compute_pay, percent_of_wage, validate_pay_rule
from .rank import RANK_GROUPS, RANK_MODES, rank_points, rank_positions
from .rounding import round_days, round_money, round_points
from .workdays import MAX_WORKING_DAYS, add_working_days

__all__ = [
    "BAND_MODES",
    "CONDITIONS",
    "DIRECTIONS",
    "EXCLUSION_CODES",
    "JUDGED_METHODS",
    "KINDS",
    "LADDER_MODES",
    "MEASURED_INPUTS",
    "MESSAGES",
    "MAX_WORKING_DAYS",
    "METHODS",
    "METHOD_INPUTS",
    "MISSING_RULES",
    "PAY_METHODS",
    "PERIODS_PER_YEAR",
    "RANK_GROUPS",
    "SMALL_GROUP",
    "RANK_MODES",
    "QUANTITIES",
    "REASON_CODES",
    "ROW_INPUTS",
    "VETO_ACTIONS",
    "WINDOWS",
    "RuleError",
    "ScoringError",
    "add_working_days",
    "adjustment_points",
    "check_distribution",
    "competition_ranks",
    "compute_pay",
    "distribution_quotas",
    "evaluate_rule",
    "entered_inputs",
    "exclusion",
    "flagged",
    "lookup_grade",
    "method_inputs",
    "parse_quantity",
    "percent_of_wage",
    "propose_level",
    "rank_points",
    "rollup_mean",
    "rollup_slot",
    "rank_positions",
    "round_days",
    "round_money",
    "round_points",
    "score_appraisal",
    "score_lines",
    "score_indicator",
    "score_totals",
    "validate_grades",
    "validate_indicator",
    "validate_ladder",
    "validate_pay_rule",
    "validate_policy",
    "validate_rule",
    "validate_scheme",
]
