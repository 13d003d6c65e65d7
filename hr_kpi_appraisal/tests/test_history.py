from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import KpiCase


def supervisor_template(case, code, section_name, indicators):
    """A template of one 100% section of ``indicators`` that the supervisor
    alone scores, approved when submitted."""
    return case.env["hr.kpi.template"].create(
        case._template_values(
            code=code,
            self_review=False,
            hr_review=False,
            gm_approval=False,
            section_ids=[
                Command.create(
                    {
                        "code": "ALL",
                        "name": section_name,
                        "weight": 100.0,
                        "indicator_ids": indicators,
                    }
                )
            ],
        )
    )


def month_range(year, month):
    """The first and last day of ``month`` of ``year``."""
    first = date(year, month, 1)
    return first, date(year + month // 12, month % 12 + 1, 1) - date.resolution


class HistoryCase(KpiCase):
    """A monthly template with one 100-point line, approved by the supervisor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # one 100-point line the supervisor scores; approved when submitted
        cls.monthly = supervisor_template(
            cls,
            "T-MONTHLY",
            "总分",
            [
                Command.create(
                    {
                        "code": "SCORE",
                        "name": "得分",
                        "max_points": 100.0,
                        "scoring_method": "points",
                    }
                )
            ],
        )
        cls.p11 = cls.env.ref("hr_kpi_appraisal.kpi_history_rule_p11_bonus_3")
        cls.p12_first = cls.env.ref("hr_kpi_appraisal.kpi_history_rule_p12_first")
        (cls.p11 | cls.p12_first).template_ids |= cls.monthly
        cls.Finding = cls.env["hr.kpi.history.finding"]

    def start_pair(self, template, month):
        """The agent's and the peer's appraisals on ``template`` for ``month``
        of 2026, started by HR."""
        appraisals = self.env["hr.kpi.appraisal"]
        first, last = month_range(2026, month)
        for employee in (self.emp_agent, self.emp_peer):
            appraisals |= self.create_appraisal(
                employee=employee, template=template, date_from=first, date_to=last
            )
        appraisals.with_user(self.user_hr).action_start()
        return appraisals

    def approve(self, totals, employee=None, year=2026, first=1, template=None):
        """Monthly appraisals of ``employee`` scored ``totals`` from month
        ``first`` on (on ``template``, the monthly one by default), approved by
        the supervisor in one call."""
        appraisals = self.env["hr.kpi.appraisal"]
        for offset in range(len(totals)):
            date_from, date_to = month_range(year, first + offset)
            appraisals |= self.create_appraisal(
                employee=employee,
                template=template or self.monthly,
                date_from=date_from,
                date_to=date_to,
            )
        appraisals.with_user(self.user_hr).action_start()
        for appraisal, total in zip(appraisals, totals, strict=True):
            self.line(
                appraisal.with_user(self.user_lead), "SCORE"
            ).manager_value = total
        appraisals.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(set(appraisals.mapped("state")), {"done"})
        return appraisals


@tagged("post_install", "-at_install")
class TestHistory(HistoryCase):
    """Results over time: the performance history, the seeded history rules
    run on approval, and HR's findings."""

    def findings(self, rule, employee=None):
        return self.Finding.search(
            [
                ("rule_id", "=", rule.id),
                ("employee_id", "=", (employee or self.emp_agent).id),
            ]
        )

    # ------------------------------------------------------------------
    # Rules on approval
    # ------------------------------------------------------------------

    def test_p11_three_months_under_70_block_the_annual_bonus_once(self):
        appraisals = self.approve([69.5, 65])
        self.assertFalse(self.findings(self.p11))
        appraisals |= self.approve([60], first=3)
        finding = self.findings(self.p11)
        self.assertEqual(len(finding), 1)
        self.assertEqual(finding.appraisal_ids, appraisals)
        self.assertEqual(finding.periods, "2026-01, 2026-02, 2026-03")
        self.assertEqual(finding.consequence, "bonus_block")
        self.assertEqual(finding.state, "open")
        activity = finding.activity_ids
        self.assertEqual(activity.user_id, self.user_hr)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("hr_kpi_appraisal.mail_activity_kpi_finding"),
        )
        # never twice for the same periods, even when run again
        appraisals._kpi_apply_history_rules()
        self.assertEqual(len(self.findings(self.p11)), 1)
        # a fourth month starts a new run
        self.approve([50], first=4)
        self.assertEqual(len(self.findings(self.p11)), 1)

    def test_p11_a_month_of_exactly_70_breaks_the_run(self):
        self.approve([69.99, 70, 60, 60])
        self.assertFalse(self.findings(self.p11))

    def test_a_whole_campaign_is_judged_in_one_pass(self):
        appraisals = self.env["hr.kpi.appraisal"]
        for month in (1, 2):
            for employee in (self.emp_agent, self.emp_peer):
                appraisals |= self.approve([60], employee=employee, first=month)
        march = self.start_pair(self.monthly, 3)
        for appraisal, total in zip(march, (60, 70), strict=True):
            self.line(
                appraisal.with_user(self.user_lead), "SCORE"
            ).manager_value = total
        march.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(len(self.findings(self.p11)), 1)
        self.assertFalse(self.findings(self.p11, self.emp_peer))

    def test_p12_ranked_first_three_months_earns_200_yuan(self):
        for month in (1, 2, 3):
            self.approve([95], first=month)
            self.approve([90], employee=self.emp_peer, first=month)
        finding = self.findings(self.p12_first)
        self.assertEqual(finding.consequence, "award")
        self.assertEqual(finding.amount, 200)
        self.assertEqual(finding.currency_id, self.env.ref("base.CNY"))
        self.assertFalse(self.findings(self.p12_first, self.emp_peer))
        self.assertEqual(finding.appraisal_ids.mapped("kpi_rank"), [1, 1, 1])

    # ------------------------------------------------------------------
    # HR decides; nobody else changes a finding
    # ------------------------------------------------------------------

    def make_finding(self):
        self.approve([60, 60, 60])
        return self.findings(self.p11)

    def test_hr_confirms_or_dismisses(self):
        finding = self.make_finding()
        as_hr = finding.with_user(self.user_hr)
        as_hr.note = "年终奖取消"
        as_hr.action_confirm()
        self.assertEqual(finding.state, "confirmed")
        self.assertEqual(finding.decided_by_id, self.user_hr)
        self.assertFalse(finding.activity_ids)
        with self.assertRaises(UserError):
            as_hr.action_dismiss()
        self.assertEqual(finding.state, "confirmed")

    def test_dismissed_periods_are_not_found_again(self):
        finding = self.make_finding()
        finding.with_user(self.user_hr).action_dismiss()
        self.assertEqual(finding.state, "dismissed")
        finding.appraisal_ids._kpi_apply_history_rules()
        self.assertEqual(self.findings(self.p11), finding)

    def test_hostile_writes_are_refused(self):
        finding = self.make_finding()
        as_lead = finding.with_user(self.user_lead)
        self.assertEqual(as_lead.state, "open")  # the supervisor reads the team's
        for user in (self.user_lead, self.user_hr):
            as_user = finding.with_user(user)
            for values in (
                {"state": "confirmed"},
                {"amount": 5000},
                {"appraisal_ids": [Command.clear()]},
                {"employee_id": self.emp_peer.id},
            ):
                with self.assertRaises(AccessError):
                    as_user.write(values)
            with self.assertRaises(AccessError):
                as_user.unlink()
            with self.assertRaises(AccessError):
                self.Finding.with_user(user).create(
                    {
                        "rule_id": self.p11.id,
                        "employee_id": self.emp_agent.id,
                        "company_id": self.company.id,
                        "consequence": "award",
                    }
                )
        with self.assertRaises(AccessError):
            as_lead.action_confirm()
        with self.assertRaises(AccessError):
            finding.with_user(self.user_agent).read(["state"])
        with self.assertRaises(AccessError):
            self.p11.with_user(self.user_hr).write({"count": 1})
        self.assertEqual(finding.state, "open")

    def test_a_rule_that_cannot_be_evaluated_is_refused_by_name(self):
        with self.assertRaisesRegex(ValidationError, "P11-BONUS-3.*count"):
            self.p11.count = 0
        with self.assertRaisesRegex(ValidationError, "P12-FIRST.*amount"):
            self.p12_first.amount = 0
        with self.assertRaisesRegex(ValidationError, "T-BAD.*grades"):
            self.env["hr.kpi.history.rule"].create(
                {
                    "code": "T-BAD",
                    "name": "No grades",
                    "condition": "grade_in",
                    "count": 2,
                    "consequence": "warning",
                }
            )

    # ------------------------------------------------------------------
    # Performance history
    # ------------------------------------------------------------------

    def test_history_in_period_order_for_whom_may_read_it(self):
        approved = self.approve([88, 92], first=5)
        self.approve([75], employee=self.emp_peer, first=5)
        self.create_appraisal(
            template=self.monthly,
            **{"date_from": date(2026, 7, 1), "date_to": date(2026, 7, 31)},
        )
        action = self.emp_agent.with_user(self.user_agent).action_open_kpi_history()
        Appraisal = self.env["hr.kpi.appraisal"]
        for user in (self.user_agent, self.user_lead, self.user_hr):
            seen = Appraisal.with_user(user).search(action["domain"], order="date_from")
            self.assertEqual(seen, approved)
            self.assertEqual(seen.mapped("total_score"), [88, 92])
        # the employee does not see a colleague's history
        peer_action = self.emp_peer.action_open_kpi_history()
        self.assertFalse(
            Appraisal.with_user(self.user_agent).search(peer_action["domain"])
        )
        self.assertTrue(
            Appraisal.with_user(self.user_lead).search(peer_action["domain"])
        )
        self.assertEqual(approved.mapped("kpi_rank"), [1, 1])
        views = {mode for _view, mode in action["views"]}
        self.assertLessEqual({"list", "graph", "pivot"}, views)


@tagged("post_install", "-at_install")
class TestSeededRules(HistoryCase):
    """The seeded rules of S08, S22, S31 and S32 on approved results: each
    triggers at its boundary and not just below it, once for the same
    periods."""

    def findings(self, code, employee=None):
        return self.Finding.search(
            [
                ("rule_id.code", "=", code),
                ("employee_id", "=", (employee or self.emp_agent).id),
            ]
        )

    def use(self, code, template):
        self.env["hr.kpi.history.rule"].search(
            [("code", "=", code)]
        ).template_ids |= template

    def test_s32_under_70_warns_and_twice_in_a_row_eliminates(self):
        for code in ("S32-WARNING", "S32-ELIMINATION"):
            self.use(code, self.monthly)
        self.approve([70, 69.99])
        self.assertEqual(len(self.findings("S32-WARNING")), 1)
        self.assertFalse(self.findings("S32-ELIMINATION"))
        self.approve([69], first=3)
        elimination = self.findings("S32-ELIMINATION")
        self.assertEqual(elimination.periods, "2026-02, 2026-03")
        self.assertEqual(elimination.consequence, "dismissal_proposal")
        self.assertEqual(len(self.findings("S32-WARNING")), 2)
        # approving again finds nothing new
        self.env["hr.kpi.appraisal"].search(
            [("employee_id", "=", self.emp_agent.id)]
        )._kpi_apply_history_rules()
        self.assertEqual(len(self.findings("S32-WARNING")), 2)
        self.assertEqual(self.findings("S32-ELIMINATION"), elimination)

    def test_s31_grade_d_twice_in_a_row(self):
        # the test scale's D is 60 to 65, as S31's D is the lowest grade
        self.use("S31-TERMINATION", self.monthly)
        self.approve([64.99, 65, 60])
        self.assertFalse(self.findings("S31-TERMINATION"))
        self.approve([64], first=4)
        finding = self.findings("S31-TERMINATION")
        self.assertEqual(finding.periods, "2026-03, 2026-04")
        finding.with_user(self.user_hr).action_confirm()
        self.assertEqual(finding.state, "confirmed")

    def test_s22_most_five_star_months_of_the_year(self):
        stars = self.monthly.copy({"code": "T-STARS"})
        stars.grade_scale_id = self.env.ref("hr_kpi_appraisal.kpi_grade_scale_p10")
        self.use("S22-EXCELLENT", stars)
        # ★5 from 100; 99.99 is four stars
        self.approve([100] * 4 + [80] * 7, template=stars)
        self.approve([100] * 3 + [99.99] * 8, employee=self.emp_peer, template=stars)
        self.assertFalse(self.Finding.search([("rule_id.code", "=", "S22-EXCELLENT")]))
        december = self.start_pair(stars, 12)
        for appraisal in december:
            self.line(appraisal.with_user(self.user_lead), "SCORE").manager_value = 80
        december.with_user(self.user_lead).action_submit_manager()
        finding = self.findings("S22-EXCELLENT")
        self.assertEqual(finding.consequence, "honour")
        self.assertEqual(len(finding.appraisal_ids), 4)
        self.assertFalse(self.findings("S22-EXCELLENT", self.emp_peer))
        finding.with_user(self.user_hr).action_dismiss()
        self.assertEqual(finding.state, "dismissed")

    def test_s08_three_d_grades_for_service_attitude_start_an_observation(self):
        quality = self.env["hr.kpi.template"].create(
            self._template_values(
                code="T-QUALITY",
                self_review=False,
                hr_review=False,
                gm_approval=False,
                section_ids=[
                    Command.create(
                        {
                            "code": "ALL",
                            "name": "工作质量",
                            "weight": 100.0,
                            "indicator_ids": [
                                Command.create(
                                    {
                                        "code": "QUALITY",
                                        "name": "工作质量",
                                        "max_points": 30.0,
                                        "scoring_method": "deduction",
                                        "event_ids": [
                                            Command.create(
                                                {
                                                    "code": "GRADE_D_ATTITUDE",
                                                    "name": "服务态度D档",
                                                    "points": -3,
                                                    "zero_at": 3,
                                                }
                                            )
                                        ],
                                    }
                                )
                            ],
                        }
                    )
                ],
            )
        )
        self.use("S08-OBSERVATION", quality)
        appraisals = self.start_pair(quality, 5)
        for appraisal, count in zip(appraisals, (3, 2), strict=True):
            self.line(
                appraisal.with_user(self.user_lead), "QUALITY"
            ).input_ids.value = count
        appraisals.with_user(self.user_lead).action_submit_manager()
        finding = self.findings("S08-OBSERVATION")
        self.assertEqual(finding.consequence, "observation")
        self.assertEqual(finding.periods, "2026-05")
        self.assertFalse(self.findings("S08-OBSERVATION", self.emp_peer))
        # the agent reads no finding, not even their own; the supervisor cannot decide
        with self.assertRaises(AccessError):
            finding.with_user(self.user_agent).read(["state"])
        for user in (self.user_agent, self.user_lead):
            with self.assertRaises(AccessError):
                finding.with_user(user).action_confirm()
        self.assertEqual(finding.state, "open")


@tagged("post_install", "-at_install")
class TestIndicatorRules(KpiCase):
    """P11's rules over an indicator's measured value: the month's top seller
    earns 500 yuan, a conversion rate under 15% three months in a row is not up
    to standard, whatever the total."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        measured = [
            Command.create(
                {
                    "code": code,
                    "name": name,
                    "max_points": 50.0,
                    "scoring_method": "ratio",
                    "target_value": 100.0,
                }
            )
            for code, name in (("SALES", "销售额"), ("CONVERSION", "询单转化率"))
        ]
        cls.shop = supervisor_template(cls, "T-SHOP", "业绩", measured)
        cls.top = cls.env.ref("hr_kpi_appraisal.kpi_history_rule_p11_top_seller")
        cls.conversion = cls.env.ref("hr_kpi_appraisal.kpi_history_rule_p11_conversion")
        (cls.top | cls.conversion).template_ids |= cls.shop

    def month(self, month, measured):
        """Approve month ``month`` of 2026 for {employee: (sales, conversion)}."""
        appraisals = self.env["hr.kpi.appraisal"]
        for employee in measured:
            appraisals |= self.create_appraisal(
                employee=employee,
                template=self.shop,
                date_from=date(2026, month, 1),
                date_to=date(2026, month + 1, 1) - date.resolution,
            )
        appraisals.with_user(self.user_hr).action_start()
        for appraisal in appraisals:
            as_lead = appraisal.with_user(self.user_lead)
            sales, conversion = measured[appraisal.employee_id]
            self.line(as_lead, "SALES").actual_value = sales
            self.line(as_lead, "CONVERSION").actual_value = conversion
        appraisals.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(set(appraisals.mapped("state")), {"done"})
        return appraisals

    def findings(self, rule, employee):
        return self.env["hr.kpi.history.finding"].search(
            [("rule_id", "=", rule.id), ("employee_id", "=", employee.id)]
        )

    def test_p11_the_top_seller_earns_500_yuan_not_the_best_total(self):
        january = self.month(1, {self.emp_agent: (130, 10), self.emp_peer: (120, 60)})
        agent = january.filtered(lambda a: a.employee_id == self.emp_agent)
        self.assertLess(agent.total_score, (january - agent).total_score)
        finding = self.findings(self.top, self.emp_agent)
        self.assertEqual((finding.consequence, finding.amount), ("award", 500))
        self.assertEqual(finding.appraisal_ids, agent)
        self.assertFalse(self.findings(self.top, self.emp_peer))
        # a tie for the top: both
        self.month(2, {self.emp_agent: (110, 50), self.emp_peer: (110, 50)})
        self.assertEqual(len(self.findings(self.top, self.emp_agent)), 2)
        self.assertEqual(len(self.findings(self.top, self.emp_peer)), 1)

    def test_p11_conversion_under_15_percent_three_months_is_not_up_to_standard(self):
        for month, (agent, peer) in enumerate(
            [(14.9, 14.9), (12, 15), (14.99, 10)], start=1
        ):
            self.month(
                month, {self.emp_agent: (100, agent), self.emp_peer: (100, peer)}
            )
        finding = self.findings(self.conversion, self.emp_agent)
        self.assertEqual(finding.consequence, "dismissal_proposal")
        self.assertEqual(finding.periods, "2026-01, 2026-02, 2026-03")
        # exactly 15% is not under the bar
        self.assertFalse(self.findings(self.conversion, self.emp_peer))

    def test_an_indicator_rule_without_its_indicator_is_refused_by_name(self):
        with self.assertRaisesRegex(ValidationError, "P11-TOP-SELLER.*indicator"):
            self.top.indicator_code = False
        with self.assertRaisesRegex(
            ValidationError, "P11-CONVERSION.*CONVERSION.*T-AGENT"
        ):
            self.conversion.template_ids |= self.template


@tagged("post_install", "-at_install")
class TestLevels(HistoryCase):
    """Career ladders L02 and L03: proposals from approved results, HR's
    decision, the level history, and nobody else moving a level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.l02 = cls.env.ref("hr_kpi_appraisal.kpi_ladder_l02")
        cls.l03 = cls.env.ref("hr_kpi_appraisal.kpi_ladder_l03")
        (cls.l02 | cls.l03).template_ids = cls.monthly
        cls.History = cls.env["hr.kpi.level.history"]
        # HR fills the facts of the ladders on the employee form
        cls.user_hr.groups_id |= cls.env.ref("hr.group_hr_user")

    def proposals(self, ladder, employee=None):
        return self.History.search(
            [
                ("ladder_id", "=", ladder.id),
                ("employee_id", "=", (employee or self.emp_agent).id),
            ]
        )

    def test_l02_90_and_92_make_a_senior_agent(self):
        self.approve([90, 92])
        self.approve([90, 85], employee=self.emp_peer)
        self.l02._cron_propose()
        proposal = self.proposals(self.l02)
        self.assertEqual(proposal.to_level_id.code, "SENIOR")
        self.assertEqual(proposal.move, "promote")
        self.assertEqual(proposal.state, "proposed")
        # 90 then 85 are not two results in one band
        self.assertFalse(self.proposals(self.l02, self.emp_peer))
        # the same results never propose twice
        self.l02._kpi_propose()
        self.assertEqual(self.proposals(self.l02), proposal)
        proposal.with_user(self.user_hr).action_approve()
        self.assertEqual(self.emp_agent.kpi_level_id.code, "SENIOR")
        self.assertEqual(self.emp_agent.kpi_level_history_ids, proposal)
        self.assertEqual(proposal.decided_by_id, self.user_hr)
        # two results between 80 and 90 move a senior agent down
        self.approve([85, 80], first=3)
        self.l02._kpi_propose()
        demotion = self.proposals(self.l02) - proposal
        self.assertEqual(demotion.move, "demote")
        self.assertEqual(demotion.from_level_id.code, "SENIOR")
        self.assertEqual(demotion.to_level_id.code, "MIDDLE")
        demotion.with_user(self.user_hr).action_refuse()
        self.assertEqual(self.emp_agent.kpi_level_id.code, "SENIOR")

    def test_l03_star_from_the_exam_that_hr_confirms_with_its_level_pay(self):
        self.approve([80], first=1)
        self.env["hr.kpi.level.ladder"].search([])._kpi_propose()
        self.assertFalse(self.proposals(self.l03))
        self.emp_agent.with_user(self.user_hr).kpi_exam_passed = True
        self.l03._kpi_propose()
        proposal = self.proposals(self.l03)
        self.assertEqual(proposal.to_level_id.code, "STAR")
        self.assertEqual(proposal.to_level_id.level_pay, 1000)
        self.assertEqual(proposal.to_level_id.currency_id, self.env.ref("base.CNY"))
        proposal.with_user(self.user_hr).action_approve()
        # more than 2 valid complaints demote
        self.emp_agent.with_user(self.user_hr).kpi_valid_complaints = 3
        self.l03._kpi_propose()
        demotion = self.proposals(self.l03) - proposal
        self.assertEqual(
            (demotion.move, demotion.to_level_id.code), ("demote", "REGULAR")
        )

    def test_only_hr_moves_a_level(self):
        self.approve([90, 92])
        self.l02._kpi_propose()
        proposal = self.proposals(self.l02)
        senior = proposal.to_level_id
        for user in (self.user_agent, self.user_lead, self.user_hr):
            with self.assertRaises(AccessError):
                self.emp_agent.with_user(user).sudo().write({"kpi_level_id": senior.id})
            with self.assertRaises(AccessError):
                proposal.with_user(user).write({"state": "approved"})
            with self.assertRaises(AccessError):
                self.History.with_user(user).create(
                    {
                        "employee_id": self.emp_agent.id,
                        "ladder_id": self.l02.id,
                        "to_level_id": senior.id,
                        "move": "promote",
                        "company_id": self.company.id,
                    }
                )
        with self.assertRaises(AccessError):
            proposal.with_user(self.user_lead).action_approve()
        with self.assertRaises(AccessError):
            proposal.with_user(self.user_agent).read(["state"])
        with self.assertRaises(AccessError):
            self.emp_agent.with_user(self.user_lead).kpi_exam_passed = True
        self.assertFalse(self.emp_agent.kpi_level_id)
        self.assertEqual(proposal.state, "proposed")

    def test_a_ladder_that_cannot_be_evaluated_is_refused_by_name(self):
        star = self.env.ref("hr_kpi_appraisal.kpi_level_l03_star")
        with self.assertRaisesRegex(ValidationError, "L03.*STAR entry conditions"):
            star.write({"entry_tenure_months": 0, "entry_exam": False})
        middle = self.env.ref("hr_kpi_appraisal.kpi_level_l02_middle")
        with self.assertRaisesRegex(ValidationError, "L02.*bands overlap at 90"):
            middle.entry_high = 95
        with self.assertRaisesRegex(ValidationError, "L03 / STAR.*currency"):
            star.currency_id = False


@tagged("post_install", "-at_install")
class TestRollup(HistoryCase):
    """S16-HEAD: the annual work results are the mean of the four quarterly
    scores, read from the approved quarterly appraisals."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarterly = cls.monthly.copy({"code": "T-QUARTERLY"})
        cls.quarterly.period_type = "quarter"
        cls.head = cls.env.ref("hr_kpi_appraisal.kpi_template_s16_head")

    def annual(self):
        appraisal = self.create_appraisal(
            template=self.head, date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)
        )
        return appraisal, self.line(appraisal, "QUARTERLY_AVERAGE").input_ids

    def approve_quarters(self, totals):
        quarters = self.env["hr.kpi.appraisal"]
        for quarter, total in totals.items():
            start = date(2026, 3 * quarter - 2, 1)
            end = date(2026 + quarter // 4, (3 * quarter) % 12 + 1, 1) - date.resolution
            appraisal = self.create_appraisal(
                template=self.quarterly, date_from=start, date_to=end
            )
            appraisal.with_user(self.user_hr).action_start()
            self.line(
                appraisal.with_user(self.user_lead), "SCORE"
            ).manager_value = total
            quarters |= appraisal
        quarters.with_user(self.user_lead).action_submit_manager()
        return quarters

    def test_four_quarters_roll_up_into_the_annual_appraisal(self):
        appraisal, inputs = self.annual()
        quarters = self.approve_quarters({1: 88, 2: 92, 3: 79.5, 4: 85})
        self.assertEqual(inputs.mapped("code"), ["Q1", "Q2", "Q3", "Q4"])
        self.assertEqual(inputs.mapped("value"), [88, 92, 79.5, 85])
        line = self.line(appraisal, "QUARTERLY_AVERAGE")
        self.assertAlmostEqual(line.manager_points, line.max_points * 86.125 / 100, 2)
        note = "".join(appraisal.message_ids.mapped("body"))
        for quarter in quarters:
            self.assertIn(quarter.name, note)

    def test_a_missing_quarter_is_left_out_or_counts_as_zero(self):
        appraisal, inputs = self.annual()
        self.approve_quarters({1: 88, 2: 92, 3: 80})
        self.assertAlmostEqual(sum(inputs.mapped("value")) / 4, 86.67, 2)
        self.assertIn("Missing: Q4", "".join(appraisal.message_ids.mapped("body")))
        self.head.rollup_missing = "zero"
        appraisal.with_user(self.user_hr).action_rollup()
        self.assertEqual(inputs.mapped("value"), [88, 92, 80, 0])
        # only who may enter measured values rolls up
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_agent).action_rollup()

    def test_a_campaign_generates_the_annual_appraisals_rolled_up(self):
        self.approve_quarters({1: 88, 2: 92, 3: 79.5, 4: 85})
        staff = self.emp_agent | self.emp_peer
        campaign = (
            self.env["hr.kpi.campaign"]
            .with_user(self.user_hr)
            .create(
                {
                    "name": "2026 年度考核",
                    "period_type": "year",
                    "date_from": date(2026, 1, 1),
                    "employee_ids": [Command.set(staff.ids)],
                    "override_ids": [
                        Command.create(
                            {"employee_id": employee.id, "template_id": self.head.id}
                        )
                        for employee in staff
                    ],
                }
            )
        )
        Appraisal = type(self.env["hr.kpi.appraisal"])
        with patch.object(
            Appraisal, "_kpi_rollup", autospec=True, side_effect=Appraisal._kpi_rollup
        ) as rollup:
            campaign.with_user(self.user_hr).action_generate()
        self.assertEqual(rollup.call_count, 1, "one roll-up for the whole campaign")
        annual = {a.employee_id: a for a in campaign.appraisal_ids}
        self.assertEqual(set(annual), set(staff))
        inputs = self.line(annual[self.emp_agent], "QUARTERLY_AVERAGE").input_ids
        self.assertEqual(inputs.mapped("value"), [88, 92, 79.5, 85])
        # the colleague has no quarter yet; one approved later is rolled up
        peer_line = self.line(annual[self.emp_peer], "QUARTERLY_AVERAGE")
        self.assertEqual(peer_line.input_ids.mapped("value"), [0, 0, 0, 0])
        self.assertIn(
            "Missing: Q1, Q2, Q3, Q4",
            "".join(annual[self.emp_peer].message_ids.mapped("body")),
        )
        first = self.create_appraisal(
            employee=self.emp_peer,
            template=self.quarterly,
            date_from=date(2026, 1, 1),
            date_to=date(2026, 3, 31),
        )
        first.with_user(self.user_hr).action_start()
        self.line(first.with_user(self.user_lead), "SCORE").manager_value = 90
        first.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(peer_line.input_ids.mapped("value"), [90, 90, 90, 90])
