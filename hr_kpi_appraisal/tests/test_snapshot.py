from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import KpiCase

LINE_FIELDS = [
    "code",
    "name",
    "section_name",
    "section_weight",
    "max_points",
    "kind",
    "scoring_method",
    "indicator_snapshot",
    "manager_value",
    "actual_value",
    "manager_points",
    "points",
]
RESULT_FIELDS = [
    "manager_score",
    "base_score",
    "total_score",
    "grade_id",
    "performance_pay",
    "scheme_snapshot",
    "grade_scale_id",
    "pay_rule_id",
    "self_review",
    "hr_review",
    "gm_approval",
]


@tagged("post_install", "-at_install")
class TestSnapshot(KpiCase):
    """An appraisal keeps the template as it was when the appraisal was created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template_snap = cls.env["hr.kpi.template"].create(
            cls._template_values(code="T-SNAP", self_review=False)
        )

    def indicator(self, template, code):
        return template.indicator_ids.filtered(lambda i: i.code == code)

    def scored_appraisal(self):
        """KPI 30 + 30 + 30 = 90 → 72; CPI 50 + 50 = 100 → 20; total 92 (B)."""
        appraisal = self.create_appraisal(template=self.template_snap)
        appraisal.with_user(self.user_hr).action_start()
        self.fill_manager(
            appraisal,
            {"ATT": 30, "CUST": 5, "TEAM": 100},
            actual=40,
            complaints=0,
        )
        self.assertAlmostEqual(appraisal.total_score, 92.0)
        self.assertEqual(appraisal.grade_id.code, "B")
        self.assertEqual(appraisal.performance_pay, 1000.0)
        return appraisal

    def snapshot_of(self, appraisal):
        return (
            appraisal.read(RESULT_FIELDS),
            appraisal.line_ids.read(LINE_FIELDS),
            appraisal.line_ids.input_ids.read(["code", "name", "unit_points", "value"]),
        )

    def test_template_edits_leave_the_appraisal_alone(self):
        appraisal = self.scored_appraisal()
        before = self.snapshot_of(appraisal)
        template = self.template_snap
        kpi, cpi = template.section_ids
        att = self.indicator(template, "ATT")
        resp = self.indicator(template, "RESP")
        compl = self.indicator(template, "COMPL")
        team = self.indicator(template, "TEAM")
        middle_band = resp.band_ids.filtered(lambda b: b.points == 20)
        template.write(
            {
                "name": "话务员 monthly (2027)",
                "section_ids": [
                    Command.update(kpi.id, {"weight": 70.0, "name": "业绩"}),
                    Command.update(
                        cpi.id,
                        {"weight": 30.0, "indicator_ids": [Command.delete(team.id)]},
                    ),
                ],
            }
        )
        att.write({"max_points": 50.0, "name": "服务态度与礼仪"})
        resp.write({"band_ids": [Command.update(middle_band.id, {"points": 25.0})]})
        compl.event_ids.points = -15
        self.grade_scale.write(
            {
                "grade_ids": [
                    Command.update(grade.id, {"min_score": 90.0, "name": "卓越"})
                    for grade in self.grade_scale.grade_ids
                    if grade.code == "A"
                ]
            }
        )
        self.pay_rule.tier_ids.filtered(lambda t: t.min_score == 90).rate = 50.0
        template.action_archive()
        self.env.flush_all()
        appraisal.invalidate_recordset()
        appraisal.line_ids.invalidate_recordset()

        self.assertEqual(self.snapshot_of(appraisal), before)
        self.assertEqual(len(appraisal.line_ids), 6)
        self.assertFalse(self.line(appraisal, "TEAM").indicator_id)
        # the appraisal goes on scoring with the old rules: RESP's middle band
        # still gives 20, ATT is still out of 40, a complaint still costs 10
        self.fill_manager(
            appraisal,
            {"ATT": 40, "CUST": 5, "TEAM": 100},
            actual=75,
            complaints=1,
        )
        self.assertEqual(self.line(appraisal, "RESP").manager_points, 20.0)
        self.assertEqual(self.line(appraisal, "COMPL").manager_points, 20.0)
        # KPI (40 + 20 + 20) * 0.8 = 64; CPI 100 * 0.2 = 20 → 84, B (A from 95)
        self.assertAlmostEqual(appraisal.total_score, 84.0)
        self.assertEqual(appraisal.grade_id.code, "B")
        self.assertEqual(appraisal.performance_pay, 840.0)
        # the template now allows 50 points on ATT; the appraisal still does not
        line = self.line(appraisal, "ATT").with_user(self.user_lead)
        with self.assertRaises(ValidationError):
            line.manager_value = 45
            self.env.flush_all()
        # 92 is a B on the old scale (A was raised to 90 afterwards), paid in full
        self.fill_manager(
            appraisal,
            {"ATT": 30, "CUST": 5, "TEAM": 100},
            actual=40,
            complaints=0,
        )
        self.assertAlmostEqual(appraisal.total_score, 92.0)
        self.assertEqual(appraisal.grade_id.code, "B")
        self.assertEqual(appraisal.performance_pay, 1000.0)
        appraisal.with_user(self.user_lead).action_submit_manager()
        appraisal.with_user(self.user_hr).action_hr_approve()
        appraisal.with_user(self.user_gm).action_gm_approve()
        self.assertEqual(appraisal.state, "done")
        self.assertEqual(self.snapshot_of(appraisal), before)

    def test_new_appraisals_take_the_edited_template(self):
        old = self.create_appraisal(template=self.template_snap)
        self.indicator(self.template_snap, "ATT").max_points = 50.0
        new = self.create_appraisal(employee=self.emp_peer, template=self.template_snap)
        self.assertEqual(self.line(old, "ATT").max_points, 40.0)
        self.assertEqual(self.line(new, "ATT").max_points, 50.0)
        self.assertEqual(self.line(new, "ATT").indicator_snapshot["max_points"], 50.0)
        self.assertEqual(self.line(old, "ATT").indicator_snapshot["max_points"], 40.0)

    def test_translations_are_copied(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        att = self.indicator(self.template, "ATT")
        att.write({"definition": "Politeness and patience on every call"})
        att.update_field_translations(
            "name", {"en_US": "Service attitude", "zh_CN": "服务态度"}
        )
        att.update_field_translations("definition", {"zh_CN": "每通电话的礼貌与耐心"})
        kpi = att.section_id
        kpi.update_field_translations(
            "name", {"en_US": "Performance", "zh_CN": "业绩考核"}
        )
        appraisal = self.create_appraisal()
        line = self.line(appraisal, "ATT")
        self.assertEqual(line.with_context(lang="en_US").name, "Service attitude")
        self.assertEqual(line.with_context(lang="zh_CN").name, "服务态度")
        self.assertEqual(
            line.with_context(lang="en_US").definition,
            "Politeness and patience on every call",
        )
        self.assertEqual(
            line.with_context(lang="zh_CN").definition, "每通电话的礼貌与耐心"
        )
        self.assertEqual(line.with_context(lang="en_US").section_name, "Performance")
        self.assertEqual(line.with_context(lang="zh_CN").section_name, "业绩考核")
        # later translation edits stay on the template
        att.update_field_translations("name", {"zh_CN": "服务态度（新）"})
        line.invalidate_recordset()
        self.assertEqual(line.with_context(lang="zh_CN").name, "服务态度")
        self.assertEqual(att.with_context(lang="zh_CN").name, "服务态度（新）")
