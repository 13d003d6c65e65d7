from odoo.tests import HttpCase, tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestTours(KpiCase, HttpCase):
    """The screens the employee and the supervisor use most, in a browser."""

    def _appraisal_in(self, state):
        appraisal = self.create_appraisal()
        self.walk(appraisal, state)
        return appraisal

    def test_self_review_in_the_browser(self):
        appraisal = self._appraisal_in("self_review")
        self.fill_self(appraisal, {"CUST": 4, "TEAM": 90})
        self.start_tour(
            "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action_mine",
            "hr_kpi_appraisal_self_review",
            login=self.user_agent.login,
        )
        self.assertEqual(appraisal.state, "manager_review")
        self.assertEqual(self.line(appraisal, "ATT").self_value, 36)

    def test_supervisor_review_in_the_browser(self):
        appraisal = self._appraisal_in("manager_review")
        self.fill_manager(appraisal, {"CUST": 3, "TEAM": 80})
        self.start_tour(
            "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action",
            "hr_kpi_appraisal_supervisor_review",
            login=self.user_lead.login,
        )
        self.assertEqual(appraisal.state, "hr_review")
        self.assertAlmostEqual(appraisal.manager_score, 71.6)
