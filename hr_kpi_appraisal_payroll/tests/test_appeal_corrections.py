from datetime import date

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import tagged

from .common import NOV, KpiPayrollCase

DEC = (date(2026, 12, 1), date(2026, 12, 31))
JAN = (date(2027, 1, 1), date(2027, 1, 31))


@tagged("post_install", "-at_install")
class TestAppealCorrections(KpiPayrollCase):
    """An upheld appeal on a result already paid: the difference goes on the
    next payslip as its own input (KPI_CORR), once."""

    def appeal_and_correct(self, appraisal, score):
        """Publish, appeal, uphold at Supervisor Review, rescore to ``score``
        and approve again, all in early November."""
        with freeze_time("2026-11-02"):
            appraisal.with_user(self.user_hr).action_publish()
            appeal = (
                self.env["hr.kpi.appeal"]
                .with_user(self.user_agent)
                .create(
                    {
                        "appraisal_id": appraisal.id,
                        "reason": "综合得分有误",
                        "line_ids": [
                            Command.create(
                                {
                                    "appraisal_line_id": appraisal.line_ids.id,
                                    "reason": "质检复核结果不同",
                                }
                            )
                        ],
                    }
                )
            )
            appeal.action_submit()
            appeal.with_user(self.user_gm).action_pass_to_hr()
            as_hr = appeal.with_user(self.user_hr)
            as_hr.write({"hr_answer": "复评成立", "reopen_state": "manager_review"})
            as_hr.action_uphold()
            self.assertEqual(appraisal.state, "manager_review")
            as_lead = appraisal.with_user(self.user_lead)
            as_lead.line_ids.manager_value = score
            as_lead.action_submit_manager()
            appraisal.with_user(self.user_hr).action_hr_approve()
        self.assertEqual(appraisal.state, "done")
        return appeal

    def paid_in_october(self, score):
        appraisal = self.approve(score)
        october = self.computed_payslip()
        october.action_payslip_done()
        self.assertEqual(appraisal.sudo().payslip_id, october)
        return appraisal, october

    def assertCorrection(self, slip, amount, appeals):
        line = self.kpi_input(slip, "KPI_CORR")
        self.assertEqual(len(line), 1)
        self.assertAlmostEqual(line.amount, amount)
        self.assertEqual(line.kpi_appeal_ids, appeals)
        self.assertAlmostEqual(self.total(slip, "KPI_CORR"), amount)

    def test_raise_paid_on_the_next_payslip(self):
        appraisal, october = self.paid_in_october(75)  # 750
        appeal = self.appeal_and_correct(appraisal, 85)  # 850
        self.assertTrue(appraisal.paid, "the old result stays paid by October")
        self.assertEqual(appraisal.sudo().payslip_id, october)
        self.assertAlmostEqual(appeal.sudo().correction_amount, 100.0)
        november = self.computed_payslip(period=NOV)
        self.assertPays(november, 0.0)
        self.assertCorrection(november, 100.0, appeal)
        self.assertEqual(self.total(november, "GROSS"), 5100.0)
        november.action_payslip_done()
        self.assertEqual(appeal.sudo().correction_payslip_id, november)
        december = self.computed_payslip(period=DEC)
        self.assertCorrection(december, 0.0, appeal.browse())
        self.assertEqual(self.total(december, "GROSS"), 5000.0, "nothing twice")

    def test_cut_paid_on_the_next_payslip(self):
        appraisal, _october = self.paid_in_october(85)  # 850
        appeal = self.appeal_and_correct(appraisal, 72)  # 720
        self.assertAlmostEqual(appeal.sudo().correction_amount, -130.0)
        november = self.computed_payslip(period=NOV)
        self.assertCorrection(november, -130.0, appeal)
        self.assertEqual(self.total(november, "GROSS"), 4870.0)

    def test_unpaid_result_is_paid_corrected(self):
        appraisal = self.approve(75)
        appeal = self.appeal_and_correct(appraisal, 85)
        self.assertEqual(appeal.sudo().correction_amount, 0.0)
        november = self.computed_payslip(period=NOV)
        self.assertPays(november, 850.0)
        self.assertCorrection(november, 0.0, appeal.browse())

    def test_refunded_old_pay_is_paid_in_full_not_corrected(self):
        appraisal, october = self.paid_in_october(75)
        appeal = self.appeal_and_correct(appraisal, 85)
        october.refund_sheet()
        self.assertFalse(appraisal.paid)
        november = self.computed_payslip(period=NOV)
        self.assertPays(november, 850.0)
        self.assertCorrection(november, 0.0, appeal.browse())
        november.action_payslip_done()
        december = self.computed_payslip(period=DEC)
        self.assertCorrection(december, 0.0, appeal.browse())
        self.assertEqual(self.total(december, "GROSS"), 5000.0, "nothing twice")

    def test_refund_after_the_correction_was_paid_takes_it_back(self):
        """October pays 750, November the correction of 100; October is then
        refunded (-750). December pays the 850 of the new result and takes the
        100 back: 850 in all, never 950."""
        appraisal, october = self.paid_in_october(75)
        appeal = self.appeal_and_correct(appraisal, 85)
        november = self.computed_payslip(period=NOV)
        november.action_payslip_done()
        october.refund_sheet()
        self.assertFalse(appraisal.paid)
        self.assertEqual(appeal.sudo().correction_payslip_id, november)
        december = self.computed_payslip(period=DEC)
        self.assertPays(december, 850.0)
        self.assertCorrection(december, -100.0, appeal)
        self.assertEqual(self.total(december, "GROSS"), 5750.0)
        december.action_payslip_done()
        self.assertEqual(appeal.sudo().reversal_payslip_id, december)
        self.assertEqual(appraisal.sudo().payslip_id, december)
        january = self.computed_payslip(period=JAN)
        self.assertPays(january, 0.0)
        self.assertCorrection(january, 0.0, appeal.browse())
        self.assertEqual(self.total(january, "GROSS"), 5000.0)

    def test_cancelled_correction_slip_releases_it(self):
        appraisal, _october = self.paid_in_october(75)
        appeal = self.appeal_and_correct(appraisal, 85)
        november = self.computed_payslip(period=NOV)
        november.action_payslip_done()
        self.env["ir.config_parameter"].sudo().set_param(
            "payroll.allow_cancel_payslips", True
        )
        november.action_payslip_cancel()
        self.assertFalse(appeal.sudo().correction_payslip_id)
        again = self.computed_payslip(period=NOV)
        self.assertCorrection(again, 100.0, appeal)
