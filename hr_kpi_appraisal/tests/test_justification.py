from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestJustification(KpiCase):
    """S31: the grades a template names (A and D) need the supervisor's
    written justification before the appraisal is approved."""

    def grades(self, *codes):
        return self.grade_scale.grade_ids.filtered(lambda g: g.code in codes)

    def justifying(self, *codes):
        return self.create_template(
            "T-S31", justified_grade_ids=[(6, 0, self.grades(*codes).ids)]
        )

    def test_supervisor_justifies_before_submitting(self):
        appraisal = self.walk(
            self.create_appraisal(template=self.justifying("C")), "manager_review"
        )
        self.fill_manager(appraisal)
        as_lead = appraisal.with_user(self.user_lead)
        self.assertEqual(appraisal.grade_id.code, "C")  # 73.46
        self.assertTrue(as_lead.needs_justification)
        with self.assertRaisesRegex(UserError, "justify"):
            as_lead.action_submit_manager()
        self.assertEqual(appraisal.state, "manager_review")
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_agent).grade_justification = "我很好"
        as_lead.grade_justification = "   "
        with self.assertRaises(UserError):
            as_lead.action_submit_manager()
        as_lead.grade_justification = "响应时间偏长，服务态度需改进"
        as_lead.action_submit_manager()
        self.walk(appraisal)
        self.assertEqual(appraisal.state, "done")

    def test_grade_not_named_needs_nothing(self):
        appraisal = self.walk(self.create_appraisal(template=self.justifying("A", "E")))
        self.assertEqual(appraisal.state, "done")
        self.assertFalse(appraisal.grade_justification)

    def test_approval_refused_when_hr_changes_the_grade(self):
        """HR's adjustment lifts 73.46 (C) to 83.46 (B), a grade to justify:
        HR cannot approve nor justify it, the supervisor does after a send back."""
        bonus = self.env["hr.kpi.adjustment.type"].create(
            {"name": "表扬", "code": "T-PRAISE", "category": "reward", "points": 10}
        )
        appraisal = self.walk(
            self.create_appraisal(template=self.justifying("B")), "hr_review"
        )
        as_hr = appraisal.with_user(self.user_hr)
        as_hr.write({"adjustment_ids": [(0, 0, {"type_id": bonus.id})]})
        self.assertEqual(appraisal.grade_id.code, "B")
        with self.assertRaisesRegex(UserError, "justify"):
            as_hr.action_hr_approve()
        with self.assertRaises(AccessError):
            as_hr.grade_justification = "HR 代写"
        self.assertEqual(appraisal.state, "hr_review")
        as_hr.action_send_back()
        as_lead = appraisal.with_user(self.user_lead)
        as_lead.grade_justification = "客户表扬两次，评为良好"
        as_lead.action_submit_manager()
        as_hr.action_hr_approve()
        self.assertEqual(appraisal.state, "gm_approval")

    def test_seeded_s31_requires_a_and_d(self):
        s31 = self.env.ref("hr_kpi_appraisal.kpi_template_s31")
        self.assertEqual(sorted(s31.justified_grade_ids.mapped("code")), ["A", "D"])
