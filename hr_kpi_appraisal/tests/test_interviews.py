from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import KpiCase

RECORD = {
    "date": date(2026, 12, 2),
    "strengths": "服务态度好，客户表扬两次",
    "gaps": "平均响应时间偏长",
    "goals": "下月平均响应时间控制在50秒内",
}


@tagged("post_install", "-at_install")
class TestInterviews(KpiCase):
    """S30: the supervisor holds the performance interview by the 5th of the
    month after publication, records it, and both confirm it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_second_team()
        cls.s30 = cls.env["hr.kpi.template"].create(
            cls._template_values(code="T-S30", interview_required=True)
        )

    def published(self, template):
        appraisal = self.walk(self.create_appraisal(template=template))
        with freeze_time("2026-11-05"):
            appraisal.with_user(self.user_hr).action_publish()
        return appraisal

    def test_interview_recorded_and_confirmed_by_both(self):
        appraisal = self.published(self.s30)
        interview = appraisal.interview_ids
        self.assertEqual(interview.deadline, date(2026, 12, 5))
        self.assertEqual(interview.state, "open")
        self.assertEqual(interview.activity_ids.user_id, self.user_lead)
        as_lead = interview.with_user(self.user_lead)
        as_agent = interview.with_user(self.user_agent)
        with self.assertRaises(AccessError):
            as_agent.write({"strengths": "我自己写"})
        with self.assertRaises(AccessError):
            as_agent.action_confirm()
        with self.assertRaises(UserError):
            as_lead.action_confirm()  # nothing recorded yet
        as_lead.write(RECORD)
        as_lead.action_confirm()
        self.assertEqual(interview.state, "to_confirm")
        self.assertEqual(interview.activity_ids.user_id, self.user_agent)
        with self.assertRaises(AccessError):
            as_lead.write({"goals": "改"})
        as_agent.employee_comment = "同意改进计划"
        as_agent.action_confirm()
        self.assertEqual(interview.state, "done")
        self.assertTrue(interview.supervisor_confirmed_on)
        self.assertTrue(interview.employee_confirmed_on)
        self.assertFalse(interview.activity_ids)

    def test_rights(self):
        interview = self.published(self.s30).interview_ids
        Interview = self.env["hr.kpi.interview"]
        self.assertFalse(Interview.with_user(self.user_lead2).search([]))
        for user in (self.user_agent, self.user_lead):
            with self.subTest(user=user.name):
                self.assertEqual(Interview.with_user(user).search([]), interview)
        # HR sees all of the company's (the demo data's too)
        self.assertIn(interview, Interview.with_user(self.user_hr).search([]))
        with self.assertRaises(AccessError):
            interview.with_user(self.user_hr).write(RECORD)  # not the supervisor
        with self.assertRaises(AccessError):
            Interview.with_user(self.user_hr).create(
                {"appraisal_id": interview.appraisal_id.id}
            )
        with self.assertRaises(AccessError):
            interview.with_user(self.user_lead).write({"deadline": date(2027, 1, 5)})

    def test_only_templates_that_require_it(self):
        self.assertFalse(self.published(self.template).interview_ids)

    def test_overdue_filter_and_activity(self):
        interview = self.published(self.s30).interview_ids
        Interview = self.env["hr.kpi.interview"]
        with freeze_time("2026-12-05"):
            Interview._cron_flag_overdue()
        self.assertEqual(interview.activity_ids.user_id, self.user_lead, "not late yet")
        with freeze_time("2026-12-07"):
            self.assertEqual(Interview.search(self.overdue_domain()), interview)
            Interview._cron_flag_overdue()
            Interview._cron_flag_overdue()
        # the lead's own supervisor is told, once
        self.assertEqual(interview.activity_ids.user_id, self.user_lead | self.user_gm)
        self.assertEqual(len(interview.activity_ids), 2)
        done = self.published(self.create_template("T-S30B", interview_required=True))
        done.interview_ids.with_user(self.user_lead).write(RECORD)
        done.interview_ids.with_user(self.user_lead).action_confirm()
        done.interview_ids.with_user(self.user_agent).action_confirm()
        with freeze_time("2026-12-07"):
            self.assertNotIn(
                done.interview_ids, Interview.search(self.overdue_domain())
            )

    @staticmethod
    def overdue_domain():
        """The domain of the list's Overdue filter, today."""
        return [("state", "!=", "done"), ("deadline", "<", date.today().isoformat())]

    def test_scheduled_as_a_calendar_meeting(self):
        interview = self.published(self.s30).interview_ids
        with self.assertRaises(AccessError):
            interview.with_user(self.user_agent).action_schedule_meeting()
        action = interview.with_user(self.user_lead).action_schedule_meeting()
        self.assertEqual(action["res_model"], "calendar.event")
        Event = self.env["calendar.event"].with_user(self.user_lead)
        meeting = Event.with_context(**action["context"]).create(
            {"start": "2026-12-03 02:00:00", "stop": "2026-12-03 03:00:00"}
        )
        self.assertEqual(
            meeting.partner_ids,
            self.user_agent.partner_id | self.user_lead.partner_id,
        )
        self.assertIn("王芳", meeting.name)
        self.assertEqual(Event.search(action["domain"]), meeting)
        interview.invalidate_recordset()
        self.assertEqual(interview.meeting_count, 1)

    def test_printed_on_the_form(self):
        appraisal = self.published(self.s30)
        interview = appraisal.interview_ids
        interview.with_user(self.user_lead).write(RECORD)
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "hr_kpi_appraisal.hr_kpi_appraisal_report", appraisal.ids
        )
        for text in RECORD["strengths"], RECORD["gaps"], RECORD["goals"]:
            self.assertIn(text, html.decode())
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "hr_kpi_appraisal.hr_kpi_appraisal_report",
            self.published(self.template).ids,
        )
        self.assertNotIn("o_kpi_interview", html.decode())

    def test_seeded_s30_requires_it_by_the_5th(self):
        s30 = self.env.ref("hr_kpi_appraisal.kpi_template_s30")
        self.assertTrue(s30.interview_required)
        self.assertEqual(s30.interview_due_day, 5)
