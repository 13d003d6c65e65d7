from datetime import date

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from .common import NOV, OCT, KpiPayrollCase

AUG = (date(2026, 8, 1), date(2026, 8, 31))
SEP = (date(2026, 9, 1), date(2026, 9, 30))
DEC = (date(2026, 12, 1), date(2026, 12, 31))


@tagged("post_install", "-at_install")
class TestHistoryPay(KpiPayrollCase):
    """Confirmed history findings and career levels on the payslip: P12's
    award (KPI_FINDING), P11's block of the annual bonus (KPI_BONUS_BLOCK) and
    L03's level pay (KPI_LEVEL)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p11 = cls.env.ref("hr_kpi_appraisal.kpi_history_rule_p11_bonus_3")
        cls.p12 = cls.env.ref("hr_kpi_appraisal.kpi_history_rule_p12_first")
        (cls.p11 | cls.p12).template_ids |= cls.score_template
        # one currency: the seeded amounts are yuan
        cls.company.currency_id = cls.env.ref("base.CNY")
        cls.env.ref("base.CNY").active = True

    def finding(self, rule, scores, employee=None):
        """The finding of ``rule`` after ``scores`` in August–October, which HR
        confirms on 31 October."""
        for score, period in zip(scores, (AUG, SEP, OCT), strict=True):
            self.approve(score, employee=employee, period=period)
        finding = self.env["hr.kpi.history.finding"].search(
            [
                ("rule_id", "=", rule.id),
                ("employee_id", "=", (employee or self.emp_agent).id),
            ]
        )
        self.assertEqual(len(finding), 1)
        return finding

    def confirm(self, finding, on=OCT[1]):
        with freeze_time(on):
            finding.with_user(self.user_hr).action_confirm()

    def with_bonus(self, slip, amount):
        """Payroll enters the annual bonus on ``slip`` and computes it."""
        slip.input_line_ids = [
            Command.create(
                {
                    "name": "年终绩效奖金",
                    "code": "KPI_BONUS",
                    "contract_id": slip.contract_id.id,
                    "amount": amount,
                }
            )
        ]
        slip.compute_sheet()
        return slip

    # ------------------------------------------------------------------
    # Awards and penalties
    # ------------------------------------------------------------------

    def test_p12_award_is_paid_once_on_the_next_payslip(self):
        finding = self.finding(self.p12, [95, 95, 95])
        self.assertEqual(finding.amount, 200)
        # not confirmed yet: not paid
        self.assertEqual(self.total(self.computed_payslip(), "KPI_FINDING"), 0)
        self.confirm(finding)
        slip = self.computed_payslip()
        self.assertEqual(self.total(slip, "KPI_FINDING"), 200.0)
        self.assertEqual(self.kpi_input(slip, "KPI_FINDING").kpi_finding_ids, finding)
        line = slip.line_ids.filtered(lambda line: line.code == "KPI_FINDING")
        self.assertEqual(line.category_id.code, "PERF")
        slip.action_payslip_done()
        self.assertEqual(finding.sudo().payslip_id, slip)
        # never twice
        self.assertEqual(
            self.total(self.computed_payslip(period=NOV), "KPI_FINDING"), 0
        )

    def test_refunded_award_is_due_again(self):
        finding = self.finding(self.p12, [95, 95, 95])
        self.confirm(finding)
        slip = self.computed_payslip()
        slip.action_payslip_done()
        slip.refund_sheet()
        self.assertEqual(self.total(slip.refunded_id, "KPI_FINDING"), 200.0)
        self.assertFalse(finding.sudo().payslip_id)
        corrected = self.computed_payslip(period=NOV)
        self.assertEqual(self.total(corrected, "KPI_FINDING"), 200.0)
        corrected.action_payslip_done()
        self.assertEqual(finding.sudo().payslip_id, corrected)

    def test_dismissed_or_later_decided_finding_is_not_paid(self):
        finding = self.finding(self.p12, [95, 95, 95])
        self.confirm(finding, on=NOV[0])
        # decided after the October payslip's end: on November's
        self.assertEqual(self.total(self.computed_payslip(), "KPI_FINDING"), 0)
        self.assertEqual(
            self.total(self.computed_payslip(period=NOV), "KPI_FINDING"), 200.0
        )
        other = self.finding(self.p12, [96, 96, 96], employee=self.emp_peer)
        with freeze_time(OCT[1]):
            other.with_user(self.user_hr).action_dismiss()
        peer_slip = self.computed_payslip(employee=self.emp_peer)
        self.assertEqual(self.total(peer_slip, "KPI_FINDING"), 0)

    def test_a_penalty_is_deducted_on_the_same_line(self):
        penalty = self.env["hr.kpi.history.rule"].create(
            {
                "code": "T-FINE",
                "name": "三个月排名第一仍低于96分罚款",
                "template_ids": [Command.set(self.score_template.ids)],
                "condition": "below",
                "value": 96,
                "count": 3,
                "consequence": "penalty",
                "amount": 50,
                "currency_id": self.env.ref("base.CNY").id,
            }
        )
        award = self.finding(self.p12, [95, 95, 95])
        fine = self.env["hr.kpi.history.finding"].search([("rule_id", "=", penalty.id)])
        self.confirm(award | fine)
        slip = self.computed_payslip()
        self.assertEqual(self.total(slip, "KPI_FINDING"), 150.0)
        line = self.kpi_input(slip, "KPI_FINDING")
        self.assertEqual((line.amount_qty, line.kpi_finding_ids), (2, award | fine))

    # ------------------------------------------------------------------
    # The annual bonus
    # ------------------------------------------------------------------

    def test_p11_block_leaves_out_the_next_annual_bonus(self):
        finding = self.finding(self.p11, [65, 60, 69.99])
        self.assertEqual(finding.consequence, "bonus_block")
        self.confirm(finding)
        # a payslip without an annual bonus does not use the block
        plain = self.computed_payslip(period=NOV)
        self.assertFalse(self.kpi_input(plain, "KPI_BONUS_BLOCK").kpi_finding_ids)
        plain.action_payslip_done()
        self.assertFalse(finding.sudo().payslip_id)
        slip = self.with_bonus(self.payslip(period=DEC), 3000.0)
        block = self.kpi_input(slip, "KPI_BONUS_BLOCK")
        self.assertEqual(block.amount, 1)
        self.assertEqual(block.kpi_finding_ids, finding)
        self.assertEqual(self.total(slip, "KPI_BONUS"), 0)
        peer_slip = self.with_bonus(self.payslip(self.emp_peer, period=DEC), 3000.0)
        self.assertEqual(self.total(peer_slip, "KPI_BONUS"), 3000.0)
        slip.action_payslip_done()
        self.assertEqual(finding.sudo().payslip_id, slip)
        # applied once: the next bonus is paid
        later = (date(2027, 12, 1), date(2027, 12, 31))
        next_bonus = self.with_bonus(self.payslip(period=later), 3000.0)
        self.assertEqual(self.total(next_bonus, "KPI_BONUS"), 3000.0)

    # ------------------------------------------------------------------
    # Level pay
    # ------------------------------------------------------------------

    def test_l03_star_level_pay_on_every_payslip(self):
        l03 = self.env.ref("hr_kpi_appraisal.kpi_ladder_l03")
        l03.template_ids = self.score_template
        self.user_hr.groups_id |= self.env.ref("hr.group_hr_user")
        self.approve(80)
        self.emp_agent.with_user(self.user_hr).kpi_exam_passed = True
        l03._kpi_propose()
        proposal = self.env["hr.kpi.level.history"].search(
            [("employee_id", "=", self.emp_agent.id), ("ladder_id", "=", l03.id)]
        )
        self.assertEqual(self.total(self.computed_payslip(), "KPI_LEVEL"), 0)
        proposal.with_user(self.user_hr).action_approve()
        self.assertEqual(self.emp_agent.kpi_level_id.code, "STAR")
        for period in (OCT, NOV):
            slip = self.computed_payslip(period=period)
            self.assertEqual(self.total(slip, "KPI_LEVEL"), 1000.0)
            slip.action_payslip_done()
        # L05: a level's rise in percent of the wage (5,000) is added
        self.emp_agent.kpi_level_id.pay_percent = 10
        self.assertEqual(
            self.total(self.computed_payslip(period=DEC), "KPI_LEVEL"), 1500.0
        )
        # a structure without the rule does not pay it
        self.structure.rule_ids -= self.env.ref(
            "hr_kpi_appraisal_payroll.hr_salary_rule_kpi_level"
        )
        slip = self.computed_payslip(period=DEC)
        self.assertFalse(self.kpi_input(slip, "KPI_LEVEL"))
        self.assertEqual(self.total(slip, "KPI_LEVEL"), 0)
