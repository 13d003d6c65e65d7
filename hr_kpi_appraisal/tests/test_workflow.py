from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestWorkflow(KpiCase):
    def test_full_walk(self):
        appraisal = self.create_appraisal()
        self.assertEqual(appraisal.state, "draft")
        self.assertEqual(len(appraisal.line_ids), 6)
        appraisal.with_user(self.user_hr).action_start()
        self.assertEqual(appraisal.state, "self_review")
        self.fill_self(appraisal)
        appraisal.with_user(self.user_agent).action_submit_self()
        self.assertEqual(appraisal.state, "manager_review")
        self.fill_manager(appraisal)
        appraisal.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(appraisal.state, "hr_review")
        appraisal.with_user(self.user_hr).action_hr_approve()
        self.assertEqual(appraisal.state, "gm_approval")
        appraisal.with_user(self.user_gm).action_gm_approve()
        self.assertEqual(appraisal.state, "done")
        # self: KPI (36 + 20 + 20)/100*80 = 60.8; CPI (40 + 45)/100*20 = 17 -> 77.8
        # supervisor: KPI (32 + 20 + 20)*0.8 = 57.6; CPI (30 + 40)*0.2 = 14 -> 71.6
        self.assertAlmostEqual(appraisal.self_score, 77.8)
        self.assertAlmostEqual(appraisal.manager_score, 71.6)
        self.assertAlmostEqual(appraisal.total_score, 73.46)
        self.assertEqual(appraisal.grade_id.code, "C")
        self.assertAlmostEqual(appraisal.performance_pay, 734.6)
