from datetime import date

from odoo.tests import HttpCase, tagged

from .common import KpiCase

# each language's run on its own month
LANGS = {
    "en_US": {"date_from": date(2026, 10, 1), "date_to": date(2026, 10, 31)},
    "zh_CN": {"date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30)},
}


@tagged("post_install", "-at_install")
class TestTours(KpiCase, HttpCase):
    """The screens the employee and the supervisor use most, in a browser,
    in English and in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["hr_kpi_appraisal"], ["zh_CN"])
        # the peer has no user: their appraisals skip self review
        cls.template_no_self = cls.env["hr.kpi.template"].create(
            cls._template_values(code="T-NOSELF", self_review=False)
        )

    def _appraisal_in(self, state, employee=None, lang="en_US"):
        appraisal = self.create_appraisal(employee, **LANGS[lang])
        self.walk(appraisal, state)
        return appraisal

    def _speak(self, lang, *users):
        for user in users:
            user.lang = lang

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

    def test_agent_chooses_a_level(self):
        """The agent picks 4级 by its name and points and declares a complaint
        in the line's details; the form shows no total."""
        for lang in LANGS:
            with self.subTest(lang=lang):
                self._speak(lang, self.user_agent)
                appraisal = self._appraisal_in("self_review", lang=lang)
                self.fill_self(appraisal, {"ATT": 36, "TEAM": 90})
                self.start_tour(
                    "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action_mine",
                    "hr_kpi_appraisal_self_levels",
                    login=self.user_agent.login,
                )
                self.assertEqual(appraisal.state, "manager_review")
                self.assertEqual(self.line(appraisal, "CUST").self_value, 4)
                self.assertEqual(self.line(appraisal, "CUST").self_points, 40)
                self.assertEqual(self.line(appraisal, "COMPL").input_ids.value, 1)

    def test_unscored_form_shows_no_total(self):
        for lang in LANGS:
            with self.subTest(lang=lang):
                self._speak(lang, self.user_lead)
                appraisal = self._appraisal_in("manager_review", lang=lang)
                self.start_tour(
                    f"/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action/{appraisal.id}",
                    "hr_kpi_appraisal_unscored_form",
                    login=self.user_lead.login,
                )
                self.assertFalse(appraisal.with_user(self.user_lead).is_scored)

    def test_lead_scores_the_team(self):
        """Two employees scored in Score My Team (a level, full marks, a
        complaint count) and submitted in one step."""
        for lang in LANGS:
            with self.subTest(lang=lang):
                self._speak(lang, self.user_lead)
                mine = self._appraisal_in("manager_review", lang=lang)
                peer = self.create_appraisal(
                    self.emp_peer, self.template_no_self, **LANGS[lang]
                )
                peer.with_user(self.user_hr).action_start()
                self.start_tour(
                    "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_line_action_score_team",
                    "hr_kpi_appraisal_score_team",
                    login=self.user_lead.login,
                )
                self.assertEqual((mine | peer).mapped("state"), ["hr_review"] * 2)
                self.assertEqual(self.line(mine, "CUST").manager_value, 3)
                self.assertEqual(self.line(mine, "ATT").manager_value, 40)
                self.assertEqual(self.line(mine, "COMPL").input_ids.value, 2)
                self.assertEqual(self.line(mine, "COMPL").points, 10)
                self.assertEqual(self.line(peer, "CUST").manager_value, 5)

    def test_employee_files_an_appeal(self):
        """The agent appeals a published result from its form: a reason, one
        contested line; the appeal goes to the department head."""
        appraisal = self._appraisal_in("done")
        appraisal.with_user(self.user_hr).action_publish()
        self.start_tour(
            f"/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action_mine/{appraisal.id}",
            "hr_kpi_appraisal_file_appeal",
            login=self.user_agent.login,
        )
        appeal = appraisal.appeal_ids
        self.assertEqual(appeal.state, "head")
        self.assertEqual(appeal.head_user_id, self.user_gm)
        self.assertEqual(appeal.line_ids.code, "ATT")
        self.assertEqual(appraisal.result_state, "appealed")
