from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestScoringScreens(KpiCase):
    """What the scoring screens show and take: inputs that fit each method,
    the result only to whom and when the stage allows, hints and errors in the
    user's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["hr_kpi_appraisal"], ["zh_CN"])
        customer_focus = cls.template.section_ids.indicator_ids.filtered(
            lambda indicator: indicator.code == "CUST"
        )
        customer_focus.with_context(lang="en_US").name = "Customer focus"
        customer_focus.with_context(lang="zh_CN").name = "以客户为中心"

    def _levels(self, appraisal, user):
        line = self.line(appraisal.with_user(user), "CUST")
        return line, {level.name: level for level in line.level_choice_ids}

    # ------------------------------------------------------------------
    # Inputs that fit the method
    # ------------------------------------------------------------------

    def test_a_level_is_chosen_by_its_name_and_points(self):
        appraisal = self.walk(self.create_appraisal(), "self_review")
        line, levels = self._levels(appraisal, self.user_agent)
        self.assertEqual(list(levels), ["1级", "2级", "3级", "4级", "5级"])
        self.assertEqual(levels["4级"].display_name, "4级 · 40 pts")
        line.self_level_id = levels["4级"]
        self.assertEqual(line.self_value, 4)
        self.assertEqual(line.self_points, 40)
        self.assertEqual(line.self_level_id, levels["4级"])
        self.assertEqual(
            levels["4级"].with_context(lang="zh_CN").display_name, "4级 · 40分"
        )

    def test_level_and_percent_fields_keep_the_write_rules(self):
        """The supervisor's level is the supervisor's, in their stage only."""
        appraisal = self.walk(self.create_appraisal(), "self_review")
        line, levels = self._levels(appraisal, self.user_agent)
        for field, value in (
            ("manager_level_id", levels["5级"].id),
            ("manager_percent", 1.0),
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                line.write({field: value})
        self.assertFalse(line.manager_value)
        self.fill_self(appraisal)
        appraisal.with_user(self.user_agent).action_submit_self()
        line, levels = self._levels(appraisal, self.user_lead)
        line.manager_level_id = levels["2级"]
        team = self.line(appraisal.with_user(self.user_lead), "TEAM")
        team.manager_percent = 0.85
        self.assertEqual((line.manager_value, team.manager_value), (2, 85))
        with self.assertRaises(AccessError):
            line.self_level_id = levels["1级"]
        self.assertEqual(line.self_value, 4)

    def test_the_lines_tell_each_user_their_own_rights(self):
        """What the list's readonly rules read: the user's rights, not the
        superuser's."""
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        for user, self_score, manager_score, measure in (
            (self.user_lead, False, True, True),
            (self.user_agent, False, False, False),
            (self.user_hr, False, False, True),
        ):
            line = self.line(appraisal.with_user(user), "ATT")
            with self.subTest(user=user.name):
                self.assertEqual(
                    (line.can_self_score, line.can_manager_score, line.can_measure),
                    (self_score, manager_score, measure),
                )
        self.line(appraisal.with_user(self.user_lead), "ATT").action_full_marks()
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 40)
        self.assertEqual(self.line(appraisal, "ATT").self_value, 36)

    def test_full_marks(self):
        appraisal = self.walk(self.create_appraisal(), "self_review")
        lines = appraisal.with_user(self.user_agent).line_ids.filtered("is_judged")
        lines.action_full_marks()
        self.assertEqual(
            {line.code: line.self_value for line in lines},
            {"ATT": 40, "CUST": 5, "TEAM": 100},
        )
        self.assertEqual(sum(lines.mapped("self_points")), 140)

    def test_levels_are_offered_only_while_the_template_matches(self):
        """A template edited after the appraisal was made offers no level that
        would score differently from the appraisal's snapshot."""
        appraisal = self.create_appraisal()
        self.assertEqual(len(self.line(appraisal, "CUST").level_choice_ids), 5)
        self.line(appraisal, "CUST").indicator_id.level_ids[0].sudo().points = 5
        self.line(appraisal, "CUST").invalidate_recordset(["level_choice_ids"])
        self.assertFalse(self.line(appraisal, "CUST").level_choice_ids)

    def test_rule_hints_say_what_the_input_earns(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        self.fill_manager(appraisal, actual=75, complaints=1)
        hints = {
            line.code: line.rule_hint
            for line in appraisal.with_user(self.user_lead).line_ids
        }
        self.assertEqual(hints["RESP"], "50 < 75 ≤ 100 → 20 points")
        self.assertEqual(hints["COMPL"], "30 points; 有效投诉 1 × -10")
        self.assertEqual(hints["ATT"], "0 to 40 points")
        self.assertEqual(hints["TEAM"], "% of 50 points")
        self.assertEqual(hints["CUST"], "Choose a level: 10 / 20 / 30 / 40 / 50 points")
        self.assertEqual(hints["VETO"], "Yes: the whole appraisal scores 0")
        chinese = {
            line.code: line.rule_hint
            for line in appraisal.with_user(self.user_lead)
            .with_context(lang="zh_CN")
            .line_ids
        }
        self.assertEqual(chinese["RESP"], "50 < 75 ≤ 100 → 20分")
        self.assertEqual(chinese["VETO"], "是:整张考核单记0分")

    # ------------------------------------------------------------------
    # The result: to whom, when
    # ------------------------------------------------------------------

    def test_the_employee_sees_the_result_once_published(self):
        appraisal = self.walk(self.create_appraisal(), "self_review")
        for state in (
            "self_review",
            "manager_review",
            "hr_review",
            "gm_approval",
            "done",
        ):
            self.walk(appraisal, state)
            as_agent = appraisal.with_user(self.user_agent)
            with self.subTest(state=state):
                self.assertFalse(as_agent.can_see_result)
                self.assertFalse(as_agent.can_see_pay)
                self.assertEqual(as_agent.visible_pay, 0.0)
                self.assertTrue(appraisal.with_user(self.user_lead).can_see_result)
                self.assertTrue(appraisal.with_user(self.user_hr).can_see_result)
        appraisal.with_user(self.user_hr).action_publish()
        as_agent = appraisal.with_user(self.user_agent)
        self.assertTrue(as_agent.can_see_result)
        self.assertEqual(as_agent.visible_pay, appraisal.sudo().performance_pay)
        self.assertTrue(as_agent.visible_pay)

    def test_not_scored_until_the_supervisor_scores(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        as_lead = appraisal.with_user(self.user_lead)
        self.assertFalse(as_lead.is_scored)
        self.assertEqual(as_lead.score_progress, "0 / 3")
        self.line(as_lead, "CUST").manager_value = 3
        self.assertTrue(as_lead.is_scored)
        self.assertEqual(as_lead.score_progress, "1 / 3")
        self.fill_manager(appraisal)
        self.assertEqual(as_lead.score_progress, "3 / 3")
        self.assertEqual(
            as_lead.with_context(kpi_score_progress=True).display_name,
            f"{appraisal.name} (3 / 3 scored)",
        )
        self.assertEqual(as_lead.display_name, appraisal.name)

    def test_section_header_and_engine_subtotal_on_the_first_line(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        self.fill_manager(appraisal)
        lines = appraisal.with_user(self.user_lead).line_ids
        heads = {line.code: line.section_head for line in lines}
        self.assertEqual(heads["ATT"], "业绩考核 · 80%")
        self.assertEqual(heads["CUST"], "行为考核 · 20%")
        self.assertFalse(heads["RESP"] or heads["TEAM"])
        sections = appraisal._engine_sections()
        subtotals = {line.code: line.section_subtotal for line in lines}
        self.assertEqual(subtotals["ATT"], sections["KPI"]["points"])
        self.assertEqual(subtotals["CUST"], sections["CPI"]["points"])
        self.assertAlmostEqual(
            subtotals["ATT"] + subtotals["CUST"], appraisal.base_score, delta=0.01
        )
        hidden = self.line(appraisal.with_user(self.user_agent), "ATT")
        self.assertEqual(hidden.section_subtotal, 0.0)

    # ------------------------------------------------------------------
    # Errors in the user's language
    # ------------------------------------------------------------------

    def test_errors_name_the_indicator_in_the_users_language(self):
        appraisal = self.walk(self.create_appraisal(), "self_review")
        for lang, name, other in (
            ("zh_CN", "CUST 以客户为中心", "Customer focus"),
            ("en_US", "CUST Customer focus", "以客户为中心"),
        ):
            as_agent = appraisal.with_user(self.user_agent).with_context(lang=lang)
            with self.subTest(lang=lang), self.assertRaises(ValidationError) as caught:
                self.line(as_agent, "CUST").self_value = 9
                as_agent.flush_recordset()
            self.assertIn(name, str(caught.exception))
            self.assertNotIn(other, str(caught.exception))

    def test_a_to_do_is_written_in_its_actor_language(self):
        """The employee works in English, the supervisor in Chinese: the to-do
        the submission gives the supervisor reads in Chinese."""
        self.user_agent.lang = "en_US"
        self.user_lead.lang = "zh_CN"
        appraisal = self.walk(self.create_appraisal(), "self_review")
        self.assertEqual(
            self.kpi_activities(appraisal).summary, "Fill in your self-appraisal"
        )
        self.walk(appraisal, "manager_review")
        self.assertEqual(self.kpi_activities(appraisal).summary, "请为下属的考核单评分")
