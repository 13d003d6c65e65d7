from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import KpiCase

# Thursday 5 November 2026: three working days later is Tuesday the 10th.
PUBLISHED = date(2026, 11, 5)


@tagged("post_install", "-at_install")
class TestPublication(KpiCase):
    """Results are shown to the employee once published (结果公示); the
    employee confirms them, or the cron does after the appeal window."""

    def publish(self, appraisal, on=PUBLISHED):
        with freeze_time(on):
            appraisal.with_user(self.user_hr).action_publish()
        return appraisal

    def test_employee_sees_the_result_once_published(self):
        appraisal = self.walk(self.create_appraisal())
        as_agent = appraisal.with_user(self.user_agent)
        as_lead = appraisal.with_user(self.user_lead)
        self.assertFalse(as_agent.can_see_result)
        self.assertFalse(as_agent.can_see_pay)
        self.assertEqual(as_agent.visible_pay, 0.0)
        self.assertTrue(as_lead.can_see_result)
        self.assertFalse(as_lead.can_see_pay)
        self.assertTrue(appraisal.with_user(self.user_hr).can_see_result)
        self.publish(appraisal)
        self.assertEqual(appraisal.result_state, "published")
        self.assertEqual(appraisal.date_published, PUBLISHED)
        self.assertEqual(appraisal.confirm_deadline, date(2026, 11, 10))
        as_agent.invalidate_recordset()
        self.assertTrue(as_agent.can_see_result)
        self.assertAlmostEqual(as_agent.visible_pay, 734.6)
        self.assertFalse(as_lead.can_see_pay)
        todo = self.kpi_activities(appraisal)
        self.assertEqual(todo.user_id, self.user_agent)
        self.assertEqual(todo.date_deadline, date(2026, 11, 10))

    def test_the_form_hides_the_result_until_published(self):
        appraisal = self.walk(self.create_appraisal())
        view = appraisal.with_user(self.user_agent).get_view(view_type="form")
        self.assertIn('invisible="not can_see_result"', view["arch"])

    def test_only_hr_publishes_approved_results(self):
        appraisal = self.walk(self.create_appraisal(), "gm_approval")
        with self.assertRaises(UserError):
            appraisal.with_user(self.user_hr).action_publish()
        self.walk(appraisal)
        for user in (self.user_agent, self.user_lead):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                appraisal.with_user(user).action_publish()
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_agent).write({"result_state": "published"})
        self.assertEqual(appraisal.result_state, "unpublished")

    def test_hr_does_not_publish_their_own(self):
        own = self.approved_for_hr()
        with self.assertRaises(UserError):
            own.with_user(self.user_hr).action_publish()
        own.with_user(self.user_gm).action_publish()
        self.assertEqual(own.result_state, "published")

    def test_employee_confirms_with_a_comment(self):
        appraisal = self.publish(self.walk(self.create_appraisal()))
        as_agent = appraisal.with_user(self.user_agent)
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_hr).confirm_comment = "同意"
        for user in (self.user_lead, self.user_hr):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                appraisal.with_user(user).action_confirm_result()
        as_agent.confirm_comment = "认可本月结果"
        with freeze_time("2026-11-06 09:30:00"):
            as_agent.action_confirm_result()
        self.assertEqual(appraisal.result_state, "confirmed")
        self.assertEqual(appraisal.date_confirmed, datetime(2026, 11, 6, 9, 30))
        self.assertFalse(appraisal.auto_confirmed)
        self.assertFalse(self.kpi_activities(appraisal))
        with self.assertRaises(UserError):
            as_agent.action_confirm_result()
        with self.assertRaises(AccessError):
            as_agent.confirm_comment = "改主意了"

    def test_cron_confirms_after_the_window(self):
        appraisal = self.publish(self.walk(self.create_appraisal()))
        Appraisal = self.env["hr.kpi.appraisal"]
        with freeze_time("2026-11-10"):
            Appraisal._cron_confirm_results()
        self.assertEqual(appraisal.result_state, "published")
        with freeze_time("2026-11-11"):
            Appraisal._cron_confirm_results()
        self.assertEqual(appraisal.result_state, "confirmed")
        self.assertTrue(appraisal.auto_confirmed)
        self.assertFalse(self.kpi_activities(appraisal))
        self.assertIn(
            "Result confirmed automatically: neither confirmed nor appealed by "
            "2026-11-10.",
            appraisal.message_ids[0].body,
        )

    def test_window_skips_a_public_holiday(self):
        self.public_holiday(date(2026, 11, 9))
        appraisal = self.publish(self.walk(self.create_appraisal()))
        self.assertEqual(appraisal.confirm_deadline, date(2026, 11, 11))

    def test_campaign_publishes_its_approved_results(self):
        campaign = self.env["hr.kpi.campaign"].create(
            {"name": "2026-10 客服", "date_from": date(2026, 10, 1)}
        )
        done = self.walk(self.create_appraisal())
        running = self.create_appraisal(employee=self.emp_peer)
        (done | running)._kpi_system().campaign_id = campaign
        with freeze_time(PUBLISHED):
            campaign.with_user(self.user_hr).action_publish_results()
        self.assertEqual(done.result_state, "published")
        self.assertEqual(running.result_state, "unpublished")
        with self.assertRaises(UserError):
            campaign.with_user(self.user_hr).action_publish_results()

    def test_approved_appraisal_changes_only_through_an_appeal(self):
        appraisal = self.walk(self.create_appraisal())
        for state in ("manager_review", "hr_review", "cancel", "draft"):
            with self.subTest(state=state), self.assertRaises(UserError):
                appraisal._kpi_system().write({"state": state})
        with self.assertRaises(UserError):
            appraisal.sudo()._set_state("manager_review")
        self.assertEqual(appraisal.state, "done")
