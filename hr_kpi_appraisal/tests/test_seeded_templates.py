"""Every seeded template scores as its own rules say; the demo data is in place.

The expectations are worked out here from the template records (indicators,
bands, levels, events, grades, pay rule), never by calling the scoring engine.
"""

import math
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open

from .common import KpiCase

MODULE = "hr_kpi_appraisal"
DEMO_STATES = {
    "draft",
    "self_review",
    "manager_review",
    "hr_review",
    "calibration",
    "gm_approval",
    "done",
    "cancel",
}


def seeded_template_codes():
    """Codes of the templates in the module's data files, in file order."""
    codes = []
    for path in get_manifest(MODULE)["data"]:
        if not path.endswith(".xml"):
            continue
        with file_open(f"{MODULE}/{path}", "rb") as data_file:
            tree = etree.parse(data_file)
        for record in tree.iterfind(".//record[@model='hr.kpi.template']"):
            field = record.find("field[@name='code']")
            if field is not None and field.text and field.text.strip() not in codes:
                codes.append(field.text.strip())
    return codes


def clamp(value, low, high):
    return min(max(value, low), high)


# ----------------------------------------------------------------------
# What each input of an indicator is worth, from the indicator's own rules
# ----------------------------------------------------------------------


def limits(indicator):
    """(base, floor, cap): empty base or cap mean the maximum; bonus and
    penalty items start from their base as given."""
    max_points = indicator.max_points
    base = indicator.base_points
    if indicator.kind == "normal" and not base:
        base = max_points
    return base, indicator.floor_points, indicator.cap_points or max_points


def inside(band):
    """A value inside ``band``."""
    lower = band.lower if band.has_lower else None
    upper = band.upper if band.has_upper else None
    if lower is not None and upper is not None:
        return (lower + upper) / 2
    if lower is not None:
        return lower + 1
    if upper is not None:
        return upper - 1
    return 0.0


def candidates(indicator):
    """[(inputs, points)] of ``indicator``: a few inputs that include its best
    and its worst, with the points its rules give them."""
    method = indicator.scoring_method
    max_points = indicator.max_points
    base, floor, cap = limits(indicator)
    if method == "points":
        return [({"value": 0.0}, 0.0), ({"value": max_points}, max_points)]
    if method == "percent":
        return [({"value": 0.0}, 0.0), ({"value": 100.0}, max_points)]
    if method == "levels":
        return [
            ({"value": float(number)}, level.points)
            for number, level in enumerate(indicator.level_ids, 1)
        ]
    if method == "bands":

        def band_points(band):
            if indicator.band_mode == "deduct":
                return max_points - abs(band.points)
            return band.points

        return [({"actual": inside(b)}, band_points(b)) for b in indicator.band_ids]
    if method == "deduction":
        return deduction_candidates(indicator, base, floor, cap)
    if method == "ratio":
        target = indicator.target_value

        def ratio_points(actual):
            if indicator.direction == "lower":
                ratio = math.inf if actual == 0 else target / actual
            else:
                ratio = actual / target
            return clamp(max_points * ratio if max_points else 0.0, floor, cap)

        actuals = [0.0, target, target * 1e6]
        if max_points and cap:
            actuals += [target * cap / max_points, target * max_points / cap]
        return [({"actual": a}, ratio_points(a)) for a in actuals]
    if method == "rank":
        # a computed rank ranks the appraisal's group: outside a campaign it
        # ranks alone, first of one, whatever its value
        if indicator.rank_mode == "computed":
            return [({"actual": 0.0}, max_points), ({"actual": 95.0}, max_points)]
        if indicator.rank_mode == "saturation":
            return [({"inputs": {"WORKLOAD": 1100.0, "DAYS": 22.0}}, max_points)]
        return [
            ({"rank": 1, "group_size": 5}, max_points),
            ({"rank": 5, "group_size": 5}, indicator.rank_min),
        ]
    if method == "linear":
        return linear_candidates(indicator, floor, cap)
    if method == "average":
        codes = indicator.input_ids.mapped("code")
        return [
            ({"inputs": dict.fromkeys(codes, 0.0)}, 0.0),
            ({"inputs": dict.fromkeys(codes, 100.0)}, max_points),
        ]
    if method == "range":
        return range_candidates(indicator, base, floor, cap)
    if method == "veto":
        return [({"veto": False}, 0.0)]
    raise AssertionError(f"unknown scoring method {method}")


def deduction_candidates(indicator, base, floor, cap):
    events = indicator.event_ids

    def deduction_points(counts):
        total = base
        for event in events:
            count = counts.get(event.code, 0)
            if event.zero_at and count >= event.zero_at:
                return 0.0
            total += count * event.points
        return clamp(total, floor, cap)

    def to_bound(event):
        """Occurrences that take the points to the floor (or the cap)."""
        if event.points < 0:
            return math.ceil(max(base - floor, 0) / -event.points)
        if event.points > 0:
            return math.ceil(max(cap - base, 0) / event.points)
        return 0

    options = [{}]
    harmful = {}
    for event in events:
        counts = {1, to_bound(event)}
        if event.zero_at:
            counts = {min(c, event.zero_at - 1) for c in counts} | {event.zero_at}
        options += [{event.code: count} for count in sorted(counts)]
        if event.points < 0:
            count = to_bound(event)
            harmful[event.code] = (
                min(count, event.zero_at - 1) if event.zero_at else count
            )
    options.append(harmful)
    return [({"counts": counts}, deduction_points(counts)) for counts in options]


def linear_candidates(indicator, floor, cap):
    constant = indicator.constant
    items = indicator.input_ids

    def formula_points(values):
        total = constant + sum(
            item.coefficient * values.get(item.code, 0.0) for item in items
        )
        return clamp(total, floor, cap)

    options = [{}]
    for item in items:
        if item.coefficient > 0:
            options.append({item.code: max(cap - constant, 0) / item.coefficient})
        elif item.coefficient < 0:
            options.append({item.code: max(constant - floor, 0) / -item.coefficient})
    return [({"inputs": values}, formula_points(values)) for values in options]


def range_candidates(indicator, base, floor, cap):
    low, high = indicator.range_low, indicator.range_high
    unit = indicator.range_unit or 1.0

    def range_points(actual):
        below = max(low - actual, 0.0) / unit * indicator.below_points
        above = max(actual - high, 0.0) / unit * indicator.above_points
        return clamp(base - below + above, floor, cap)

    actuals = [low, high]
    if indicator.below_points:
        actuals.append(low - (base - floor) / indicator.below_points * unit - unit)
    if indicator.above_points:
        actuals.append(high + (cap - base) / indicator.above_points * unit + unit)
    return [({"actual": a}, range_points(a)) for a in actuals]


def pick(indicator, best):
    """(inputs, points) of the best or the worst input of ``indicator``: the
    most points, or for a penalty item the smallest deduction; the reverse for
    the worst. The worst input of a veto line triggers the veto."""
    if indicator.scoring_method == "veto":
        return {"veto": not best}, 0.0
    options = candidates(indicator)

    def merit(option):
        points = option[1]
        return -abs(points) if indicator.kind == "penalty" else points

    return (max if best else min)(options, key=merit)


# ----------------------------------------------------------------------
# The whole appraisal, grade and pay, from the template's rules
# ----------------------------------------------------------------------


def expected_total(template, picks):
    """Total and forced-lowest flag of an appraisal whose every reviewer gave
    ``picks`` ({indicator: (inputs, points)}); both reviewers agree, so their
    weights do not matter."""
    earned, possible = {}, {}
    bonus = penalty = 0.0
    vetoes = []
    for indicator, (inputs, points) in picks.items():
        if indicator.scoring_method == "veto" and inputs.get("veto"):
            vetoes.append(indicator)
        if indicator.kind == "bonus":
            bonus += points
        elif indicator.kind == "penalty":
            penalty += abs(points)
        else:
            section = indicator.section_id
            earned[section] = earned.get(section, 0.0) + points
            possible[section] = possible.get(section, 0.0) + indicator.max_points
    base = sum(
        earned[section] / possible[section] * section.weight
        for section in template.section_ids
        if section.weight > 0
    )
    bonus = min(bonus, template.bonus_cap)
    if template.penalty_cap:
        penalty = min(penalty, template.penalty_cap)
    total = base + bonus - penalty
    total -= sum(v.veto_points for v in vetoes if v.veto_action == "deduct")
    if any(v.veto_action == "zero" for v in vetoes):
        total = 0.0
    total = clamp(total, 0.0, 100.0 + template.bonus_cap)
    lowest = any(v.veto_action == "lowest_grade" for v in vetoes)
    return total, lowest


def grade_of(scale, total, lowest=False):
    grades = scale.grade_ids.sorted("min_score")
    if lowest:
        return grades[:1]
    return grades.filtered(lambda g: g.min_score <= round(total, 2))[-1:]


def expected_pay(rule, total, grade, base, currency):
    """(performance pay, award) of ``rule`` at ``total`` for a wage base."""
    pay = award = 0.0
    if rule.method == "proportional":
        pay = base * total / 100
    elif rule.method == "tiered":
        tier = rule.tier_ids.filtered(lambda t: t.min_score <= total).sorted(
            "min_score"
        )[-1]
        pay = base * tier.rate / 100 * (total / 100 if tier.by_score else 1)
    elif rule.method == "grade":
        pay = base * grade.pay_coefficient / 100
        award = grade.fixed_amount
    return currency.round(pay), currency.round(award)


@tagged("post_install", "-at_install")
class TestSeededTemplates(KpiCase):
    """Perfect and worst fills of every seeded template, and its whole workflow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.codes = seeded_template_codes()
        Template = cls.env["hr.kpi.template"]
        cls.all_templates = Template.with_context(active_test=False).search(
            [("code", "in", cls.codes)]
        )
        cls.templates = Template.search([("code", "in", cls.codes)])
        cls.currency = cls.env.company.currency_id

    def test_every_seeded_template_is_installed(self):
        self.assertTrue(self.codes, "the data files seed no template")
        self.assertEqual(
            sorted(self.all_templates.mapped("code")),
            sorted(self.codes),
            "every template of the data files is in the database once",
        )

    def test_perfect_fill_through_the_workflow(self):
        for template in self.templates:
            with self.subTest(template=template.code):
                self._check_perfect(template)

    def test_worst_fill(self):
        for template in self.templates:
            with self.subTest(template=template.code):
                self._check_worst(template)

    # ------------------------------------------------------------------

    def _picks(self, appraisal, best):
        return {
            line.indicator_id: pick(line.indicator_id, best)
            for line in appraisal.line_ids
        }

    def _review(self, appraisal, template, picks):
        """Enter ``picks`` as their owners do: the measured values by HR in the
        draft, the self scores by the employee, the supervisor's by the lead."""
        self._write_inputs(appraisal, picks, ["measured"], self.user_hr)
        appraisal.with_user(self.user_hr).action_start()
        if template.self_review:
            self.assertEqual(appraisal.state, "self_review")
            self._write_inputs(appraisal, picks, ["self"], self.user_agent)
            appraisal.with_user(self.user_agent).action_submit_self()
        self.assertEqual(appraisal.state, "manager_review")
        self._write_inputs(appraisal, picks, ["manager"], self.user_lead)

    def _write_inputs(self, appraisal, picks, reviewers, user):
        """Write the picked inputs as ``user``: the measured ones, and the judged
        value as each of ``reviewers`` ("self", "manager")."""
        for line in appraisal.line_ids.with_user(user):
            inputs, _points = picks[line.indicator_id]
            values = {}
            for key, field in (
                ("actual", "actual_value"),
                ("rank", "rank"),
                ("group_size", "group_size"),
                ("veto", "veto_triggered"),
            ):
                if key in inputs and "measured" in reviewers:
                    values[field] = inputs[key]
            if "value" in inputs:
                for reviewer in reviewers:
                    if reviewer in ("self", "manager"):
                        values[f"{reviewer}_value"] = inputs["value"]
            if values:
                line.write(values)
            if "measured" in reviewers:
                given = {**inputs.get("counts", {}), **inputs.get("inputs", {})}
                for item in line.input_ids:
                    if given.get(item.code):
                        item.value = given[item.code]

    def _check_result(self, appraisal, template, picks, base_points=None):
        total, lowest = expected_total(template, picks)
        if base_points is not None:
            self.assertAlmostEqual(
                total, base_points, places=2, msg="the rules' own total"
            )
        self.assertAlmostEqual(appraisal.total_score, total, delta=0.011)
        grade = grade_of(template.grade_scale_id, appraisal.total_score, lowest)
        self.assertEqual(appraisal.grade_id, grade)
        pay, award = expected_pay(
            template.pay_rule_id, appraisal.total_score, grade, 1000.0, self.currency
        )
        self.assertEqual(appraisal.performance_base, 1000.0)
        self.assertAlmostEqual(appraisal.performance_pay, pay, places=2)
        self.assertAlmostEqual(appraisal.award_amount, award, places=2)
        return grade

    def _check_perfect(self, template):
        appraisal = self.create_appraisal(template=template)
        picks = self._picks(appraisal, best=True)
        for line in appraisal.line_ids:
            if line.kind == "normal" and line.scoring_method != "veto":
                self.assertAlmostEqual(
                    picks[line.indicator_id][1],
                    line.max_points,
                    places=2,
                    msg=f"{line.code} cannot reach its maximum",
                )
        bonus = sum(
            points
            for indicator, (_inputs, points) in picks.items()
            if indicator.kind == "bonus"
        )
        full = 100.0 + min(bonus, template.bonus_cap)
        # HR imports the measured values, the reviewers judge, HR and GM approve
        self._review(appraisal, template, picks)
        if appraisal.needs_justification:  # S31: A is justified in writing
            appraisal.with_user(self.user_lead).grade_justification = "全部指标满分。"
        appraisal.with_user(self.user_lead).action_submit_manager()
        if template.hr_review:
            self.assertEqual(appraisal.state, "hr_review")
            appraisal.with_user(self.user_hr).action_hr_approve()
        if template.gm_approval:
            self.assertEqual(appraisal.state, "gm_approval")
            appraisal.with_user(self.user_gm).action_gm_approve()
        self.assertEqual(appraisal.state, "done")
        self.assertTrue(appraisal.date_done)
        grade = self._check_result(appraisal, template, picks, base_points=full)
        top = template.grade_scale_id.grade_ids.sorted("min_score")[-1:]
        self.assertEqual(grade, top, "a perfect appraisal gets the top grade")

    def _check_worst(self, template):
        period = {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30)}
        appraisal = self.create_appraisal(template=template, **period)
        picks = self._picks(appraisal, best=False)
        self._review(appraisal, template, picks)
        grade = self._check_result(appraisal, template, picks)
        lowest = template.grade_scale_id.grade_ids.sorted("min_score")[:1]
        self.assertEqual(grade, lowest, "the worst appraisal gets the lowest grade")


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo company: three months of appraisals in every state."""

    def setUp(self):
        super().setUp()
        self.agent = self.env.ref(
            f"{MODULE}.kpi_demo_user_agent", raise_if_not_found=False
        )
        if not self.agent:
            self.skipTest("installed without demo data: no demo appraisals")
        employees = self.env["hr.employee"].search(
            [("id", "in", self._demo_employee_ids())]
        )
        self.appraisals = self.env["hr.kpi.appraisal"].search(
            [("employee_id", "in", employees.ids)]
        )

    def _demo_employee_ids(self):
        return (
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", MODULE),
                    ("model", "=", "hr.employee"),
                    ("name", "=like", "kpi_demo_emp_%"),
                ]
            )
            .mapped("res_id")
        )

    def test_three_months_in_every_state(self):
        self.assertEqual(set(self.appraisals.mapped("state")), DEMO_STATES)
        # the three calendar months before the install (a day either way for
        # time zones)
        months = sorted(set(self.appraisals.mapped("date_from")))
        self.assertEqual(len(months), 3)
        for month, following in zip(months, months[1:]):
            self.assertEqual(month + relativedelta(months=1), following)
        installed = min(self.appraisals.mapped("create_date")).date()
        after = months[-1] + relativedelta(months=1)
        self.assertLessEqual(after - timedelta(days=1), installed)
        self.assertLess(installed, after + relativedelta(months=1, days=1))
        by_month = {
            month: self.appraisals.filtered(lambda a, m=month: a.date_from == m)
            for month in months
        }
        self.assertEqual(set(by_month[months[0]].mapped("state")), {"done"})
        middle = by_month[months[1]]
        self.assertEqual(
            set(middle.mapped("state")),
            {"done", "hr_review", "calibration", "gm_approval"},
        )
        self.assertGreater(
            len(middle.filtered(lambda a: a.state == "done")), len(middle) / 2
        )
        self.assertEqual(
            set(by_month[months[2]].mapped("state")),
            {"draft", "self_review", "manager_review", "cancel"},
        )
        self.assertEqual(
            len(self.appraisals.filtered(lambda a: a.state == "cancel")), 1
        )

    def test_the_middle_month_is_calibrated_against_the_quotas(self):
        months = sorted(set(self.appraisals.mapped("date_from")))
        middle = self.appraisals.filtered(lambda a: a.date_from == months[1])
        self.assertTrue(middle.campaign_id.calibration)
        others = self.appraisals.filtered(lambda a: a.date_from != months[1])
        self.assertEqual(set(others.mapped("calibration")), {False})
        # 17 on the A–E scale: at most five A (30%) and eight B (50%)
        on_scale = middle.filtered(
            lambda a: (
                a.grade_scale_id == self.env.ref(f"{MODULE}.kpi_grade_scale_p07")
                and a.state != "hr_review"
            )
        )
        codes = on_scale.mapped("calibrated_grade_id.code")
        self.assertLessEqual(codes.count("A"), 5)
        self.assertLessEqual(codes.count("B"), 8)
        moves = middle.sudo().calibration_ids
        self.assertTrue(moves)
        self.assertEqual(len(moves), len(moves.appraisal_id), "one move each")
        for move in moves:
            self.assertEqual(move.user_id, self.env.ref(f"{MODULE}.kpi_demo_user_hr"))
            self.assertTrue(move.reason)
            self.assertEqual(move.appraisal_id.calibrated_grade_id, move.to_grade_id)
            self.assertNotEqual(move.appraisal_id.grade_id, move.to_grade_id)
        signed = middle.filtered(lambda a: a.state == "done")
        self.assertEqual(
            signed.approved_by_id, self.env.ref(f"{MODULE}.kpi_demo_user_gm")
        )

    def test_done_appraisals_have_grade_and_pay(self):
        done = self.appraisals.filtered(lambda a: a.state == "done")
        self.assertTrue(done)
        currency = self.env.company.currency_id
        for appraisal in done:
            with self.subTest(appraisal=appraisal.name):
                self.assertTrue(appraisal.grade_id)
                self.assertTrue(appraisal.approved_by_id)
                self.assertGreater(appraisal.performance_base, 0)
                self.assertTrue(appraisal.pay_rule_id)
                pay, award = expected_pay(
                    appraisal.pay_rule_id,
                    appraisal.total_score,
                    appraisal.grade_id,
                    appraisal.performance_base,
                    currency,
                )
                self.assertAlmostEqual(appraisal.performance_pay, pay, places=2)
                # the rank award of S26's branch ranking comes on top
                self.assertAlmostEqual(
                    appraisal.award_amount, award + appraisal.rank_award, places=2
                )
        self.assertGreater(
            len(done.filtered(lambda a: a.performance_pay > 0)), len(done) * 0.8
        )
        # S26's two representatives of each month's campaign: first +200, second +100
        representatives = done.filtered(lambda a: a.template_id.code == "S26")
        self.assertTrue(representatives)
        for month in representatives.grouped("date_from").values():
            self.assertEqual(sorted(month.mapped("rank_award")), [100.0, 200.0])

    def test_made_through_the_workflow(self):
        users = {
            key: self.env.ref(f"{MODULE}.kpi_demo_user_{key}")
            for key in ("gm", "hr", "lead", "lead2", "agent")
        }
        done = self.appraisals.filtered(lambda a: a.state == "done")
        self.assertEqual(
            set(done.approved_by_id), {users["hr"], users["gm"]}, "HR or GM approved"
        )
        # the agent's self reviews were submitted by the agent
        own = done.filtered(lambda a: a.employee_id.user_id == users["agent"])
        self.assertTrue(own)
        for appraisal in own:
            authors = appraisal.message_ids.author_id
            self.assertIn(users["agent"].partner_id, authors)
            self.assertIn(appraisal.manager_id.user_id.partner_id, authors)
        # whoever acts next has the to-do
        waiting = self.appraisals.filtered(lambda a: a.state == "manager_review")
        self.assertTrue(waiting)
        for appraisal in waiting:
            self.assertEqual(
                appraisal.activity_ids.user_id, appraisal.manager_id.user_id
            )

    def test_agent_sees_only_own_appraisals(self):
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.agent)
        visible = Appraisal.search([])
        own = self.appraisals.filtered(lambda a: a.employee_id.user_id == self.agent)
        self.assertEqual(len(own), 3)
        self.assertEqual(visible, own)
        self.assertEqual(
            self.env["hr.kpi.appraisal.line"].with_user(self.agent).search([]),
            own.line_ids,
        )

    def test_results_published_confirmed_appealed_and_interviewed(self):
        months = sorted(set(self.appraisals.mapped("date_from")))
        done = self.appraisals.filtered(lambda a: a.state == "done")
        oldest = done.filtered(lambda a: a.date_from == months[0])
        middle = done.filtered(lambda a: a.date_from == months[1])
        with_login = oldest.filtered("employee_id.user_id")
        self.assertTrue(with_login)
        self.assertEqual(set(with_login.mapped("result_state")), {"confirmed"})
        self.assertEqual(
            set((oldest - with_login).mapped("result_state")), {"published"}
        )
        appealed = middle.filtered(lambda a: a.result_state == "appealed")
        self.assertEqual(appealed.employee_id.user_id, self.agent)
        self.assertEqual(appealed.appeal_ids.state, "head")
        self.assertEqual(set((middle - appealed).mapped("result_state")), {"published"})
        self.assertEqual(
            set(
                self.appraisals.filtered(lambda a: a.date_from == months[2]).mapped(
                    "result_state"
                )
            ),
            {"unpublished"},
        )
        interviews = self.env["hr.kpi.interview"].search(
            [("appraisal_id", "in", self.appraisals.ids)]
        )
        held = interviews.filtered(lambda i: i.state == "done")
        self.assertEqual(len(held), 1)
        self.assertEqual(held.appraisal_id, oldest & interviews.appraisal_id)
        self.assertTrue(held.supervisor_confirmed_on and held.employee_confirmed_on)
