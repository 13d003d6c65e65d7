from datetime import date

from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestWorkflowStages(KpiCase):
    """The full walk; skipped stages, send back, cancel, activities, chatter and
    approval data."""

    def assertNextActor(self, appraisal, user):
        """Exactly one KPI to-do is open on ``appraisal``, and it is ``user``'s."""
        activities = self.kpi_activities(appraisal)
        self.assertEqual(len(activities), 1, appraisal.state)
        self.assertEqual(activities.user_id, user, appraisal.state)

    # ------------------------------------------------------------------
    # Every stage
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # Stages switched off by the template
    # ------------------------------------------------------------------

    def test_no_self_review_starts_in_manager_review(self):
        template = self.create_template("T-NOSELF", self_review=False)
        appraisal = self.create_appraisal(template=template)
        self.assertFalse(appraisal.self_review)
        appraisal.with_user(self.user_hr).action_start()
        self.assertEqual(appraisal.state, "manager_review")
        self.assertNextActor(appraisal, self.user_lead)
        self.fill_manager(appraisal)
        appraisal.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(appraisal.state, "hr_review")
        # the supervisor counts 100%: KPI (32 + 20 + 20) * 0.8 + CPI 70 * 0.2
        self.assertFalse(appraisal.self_score)
        self.assertAlmostEqual(appraisal.total_score, 71.6)

    def test_no_hr_review_goes_to_gm(self):
        template = self.create_template("T-NOHR", hr_review=False)
        appraisal = self.walk(self.create_appraisal(template=template), "gm_approval")
        self.assertNextActor(appraisal, self.user_gm)
        appraisal.with_user(self.user_gm).action_gm_approve()
        self.assertEqual(appraisal.state, "done")
        self.assertEqual(appraisal.approved_by_id, self.user_gm)

    def test_no_gm_approval_done_after_hr(self):
        template = self.create_template("T-NOGM", gm_approval=False)
        appraisal = self.walk(self.create_appraisal(template=template), "hr_review")
        appraisal.with_user(self.user_hr).action_hr_approve()
        self.assertEqual(appraisal.state, "done")
        self.assertEqual(appraisal.approved_by_id, self.user_hr)
        self.assertFalse(self.kpi_activities(appraisal))

    def test_supervisor_approval_is_final_without_hr_and_gm(self):
        template = self.create_template(
            "T-LEADONLY", self_review=False, hr_review=False, gm_approval=False
        )
        appraisal = self.create_appraisal(template=template)
        appraisal.with_user(self.user_hr).action_start()
        self.assertEqual(appraisal.state, "manager_review")
        self.fill_manager(appraisal)
        appraisal.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(appraisal.state, "done")
        self.assertEqual(appraisal.approved_by_id, self.user_lead)
        self.assertEqual(appraisal.performance_base, 1000.0)
        self.assertAlmostEqual(appraisal.performance_pay, 716.0)
        self.assertFalse(self.kpi_activities(appraisal))

    # ------------------------------------------------------------------
    # Send back, cancel, reset
    # ------------------------------------------------------------------

    def test_send_back_from_hr_review(self):
        appraisal = self.walk(self.create_appraisal(), "hr_review")
        appraisal.with_user(self.user_hr).action_send_back()
        self.assertEqual(appraisal.state, "manager_review")
        self.assertNextActor(appraisal, self.user_lead)
        # the supervisor's scores are kept and can be submitted again
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 32)
        appraisal.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(appraisal.state, "hr_review")

    def test_send_back_from_gm_approval(self):
        appraisal = self.walk(self.create_appraisal(), "gm_approval")
        appraisal.with_user(self.user_gm).action_send_back()
        self.assertEqual(appraisal.state, "manager_review")
        self.assertNextActor(appraisal, self.user_lead)

    def test_send_back_from_manager_review(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        appraisal.with_user(self.user_lead).action_send_back()
        self.assertEqual(appraisal.state, "self_review")
        self.assertNextActor(appraisal, self.user_agent)
        self.assertEqual(self.line(appraisal, "ATT").self_value, 36)

    def test_send_back_without_self_review_returns_to_draft(self):
        template = self.create_template("T-NOSELF", self_review=False)
        appraisal = self.walk(self.create_appraisal(template=template), "hr_review")
        appraisal.with_user(self.user_hr).action_send_back()
        self.assertEqual(appraisal.state, "manager_review")
        appraisal.with_user(self.user_lead).action_send_back()
        self.assertEqual(appraisal.state, "draft")
        self.assertFalse(self.kpi_activities(appraisal))

    def test_cancel_and_reset_to_draft(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        self.assertNextActor(appraisal, self.user_lead)
        appraisal.with_user(self.user_hr).action_cancel()
        self.assertEqual(appraisal.state, "cancel")
        self.assertTrue(appraisal.is_locked)
        self.assertFalse(self.kpi_activities(appraisal))
        appraisal.with_user(self.user_hr).action_reset_draft()
        self.assertEqual(appraisal.state, "draft")
        self.assertFalse(appraisal.is_locked)
        # the reset appraisal runs through again
        self.walk(appraisal)
        self.assertEqual(appraisal.state, "done")

    # ------------------------------------------------------------------
    # Activities and chatter
    # ------------------------------------------------------------------

    def test_activity_follows_the_next_actor(self):
        hr_reviewer = self.user_gm
        approver = new_test_user(
            self.env,
            "kpi_gm_deputy",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_approver",
            name="Deputy GM",
        )
        template = self.create_template(
            "T-ACT", hr_user_id=hr_reviewer.id, approver_user_id=approver.id
        )
        appraisal = self.create_appraisal(template=template)
        self.assertFalse(self.kpi_activities(appraisal))
        expected = {
            "self_review": self.user_agent,
            "manager_review": self.user_lead,
            "hr_review": hr_reviewer,
            "gm_approval": approver,
        }
        for state, user in expected.items():
            self.walk(appraisal, state)
            self.assertNextActor(appraisal, user)
            self.assertEqual(appraisal.activity_user_id, user)
        appraisal.with_user(approver).action_gm_approve()
        self.assertEqual(appraisal.state, "done")
        self.assertFalse(self.kpi_activities(appraisal))

    def messages(self, appraisal):
        """The appraisal's chatter, once the pending tracking is written."""
        self.env.flush_all()
        self.env.cr.flush()
        return self.env["mail.message"].search(
            [("model", "=", appraisal._name), ("res_id", "=", appraisal.id)]
        )

    def test_the_chatter_does_not_tell_the_result(self):
        """Scores and grade are not tracked: the employee, who reads the
        chatter, learns the result only when it is published."""
        appraisal = self.create_appraisal()
        for state in ("draft", "self_review", "manager_review", "hr_review"):
            self.messages(appraisal)  # each step tracked in its own flush
            self.walk(appraisal, until=appraisal._next_state(state))
        tracked = self.messages(appraisal).tracking_value_ids.field_id.mapped("name")
        self.assertIn("state", tracked)
        self.assertFalse({"total_score", "grade_id"} & set(tracked))

    def test_state_change_is_tracked_in_chatter(self):
        appraisal = self.create_appraisal()
        self.messages(appraisal)  # a record is not tracked in its creating transaction
        appraisal.with_user(self.user_hr).action_start()
        state_field = self.env["ir.model.fields"]._get("hr.kpi.appraisal", "state")
        trackings = self.messages(appraisal).tracking_value_ids.filtered(
            lambda t: t.field_id == state_field
        )
        self.assertEqual(len(trackings), 1)
        self.assertEqual(trackings.old_value_char, "Draft")
        self.assertEqual(trackings.new_value_char, "Self Review")
        self.assertEqual(trackings.mail_message_id.author_id, self.user_hr.partner_id)
        self.walk(appraisal, "gm_approval")
        self.messages(appraisal)
        appraisal.with_user(self.user_gm).action_gm_approve()
        done_subtype = self.env.ref("hr_kpi_appraisal.mt_kpi_appraisal_done")
        done_message = self.messages(appraisal).filtered(
            lambda m: m.subtype_id == done_subtype
        )
        self.assertEqual(len(done_message), 1)
        self.assertEqual(done_message.author_id, self.user_gm.partner_id)
        self.assertEqual(
            done_message.tracking_value_ids.filtered(
                lambda t: t.field_id == state_field
            ).new_value_char,
            "Done",
        )

    # ------------------------------------------------------------------
    # Approval data
    # ------------------------------------------------------------------

    @freeze_time("2026-11-05")
    def test_done_after_the_period_pays_on_the_approval_date(self):
        appraisal = self.walk(self.create_appraisal())
        self.assertEqual(appraisal.date_done, date(2026, 11, 5))
        self.assertEqual(appraisal.approved_by_id, self.user_gm)
        self.assertEqual(appraisal.pay_date, date(2026, 11, 5))

    @freeze_time("2026-10-20")
    def test_done_before_the_period_ends_pays_at_its_end(self):
        appraisal = self.walk(self.create_appraisal())
        self.assertEqual(appraisal.date_done, date(2026, 10, 20))
        self.assertEqual(appraisal.pay_date, date(2026, 10, 31))

    def test_pay_date_empty_until_done(self):
        appraisal = self.walk(self.create_appraisal(), "gm_approval")
        self.assertFalse(appraisal.date_done)
        self.assertFalse(appraisal.approved_by_id)
        self.assertFalse(appraisal.pay_date)

    def test_base_reread_from_contract_fixed_amount(self):
        appraisal = self.create_appraisal()
        self.assertEqual(appraisal.performance_base, 1000.0)
        contract = self.emp_agent.contract_id
        contract.kpi_base_amount = 1200.0
        self.walk(appraisal)
        self.assertEqual(appraisal.performance_base, 1200.0)
        # 73.46 lies in the 70–90 tier: score% × base
        self.assertAlmostEqual(appraisal.total_score, 73.46)
        self.assertAlmostEqual(appraisal.performance_pay, 881.52)

    def test_base_reread_from_contract_percent_of_wage(self):
        appraisal = self.create_appraisal()
        contract = self.emp_agent.contract_id
        contract.write(
            {"wage": 5555.0, "kpi_base_type": "percent", "kpi_base_percent": 15.0}
        )
        self.assertEqual(appraisal.performance_base, 1000.0)
        self.walk(appraisal)
        # 15% of 5555 = 833.25; × 73.46% = 612.10545, rounded to the currency
        self.assertAlmostEqual(appraisal.performance_base, 833.25)
        self.assertEqual(appraisal.performance_pay, 612.11)
        self.assertEqual(
            appraisal.currency_id.round(appraisal.performance_pay),
            appraisal.performance_pay,
        )

    def test_base_is_zero_without_running_contract(self):
        appraisal = self.create_appraisal(employee=self.emp_peer)
        self.assertEqual(appraisal.performance_base, 0.0)
        self.assertEqual(appraisal.performance_pay, 0.0)

    # ------------------------------------------------------------------
    # Forms
    # ------------------------------------------------------------------

    def test_form_create_and_self_score(self):
        with Form(self.env["hr.kpi.appraisal"].with_user(self.user_hr)) as form:
            form.employee_id = self.emp_agent
            form.template_id = self.template
            form.date_from = self.period["date_from"]
            form.date_to = self.period["date_to"]
        appraisal = form.record
        self.assertEqual(appraisal.manager_id, self.emp_lead)
        self.assertEqual(appraisal.company_id, self.company)
        self.assertEqual(len(appraisal.line_ids), 6)
        self.assertEqual(appraisal.performance_base, 1000.0)
        appraisal.with_user(self.user_hr).action_start()

        with Form(appraisal.with_user(self.user_agent)) as form:
            self.assertTrue(form.can_self_score)
            self.assertFalse(form.can_manager_score)
            for index, line in enumerate(appraisal.line_ids):
                if line.code == "ATT":
                    with form.line_ids.edit(index) as line_form:
                        line_form.self_value = 38
                        with self.assertRaises(AssertionError):
                            line_form.manager_value = 40
            form.employee_comment = "本月处理工单 320 张"
        self.assertEqual(self.line(appraisal, "ATT").self_value, 38)
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 0)
        self.assertEqual(appraisal.employee_comment, "本月处理工单 320 张")

    def test_form_supervisor_scores(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        with Form(appraisal.with_user(self.user_lead)) as form:
            self.assertTrue(form.can_manager_score)
            self.assertFalse(form.can_self_score)
            codes = appraisal.line_ids.mapped("code")
            with form.line_ids.edit(codes.index("ATT")) as line_form:
                line_form.manager_value = 35
                line_form.note = "通话礼貌，偶有抢话"
                with self.assertRaises(AssertionError):
                    line_form.self_value = 40
            with form.line_ids.edit(codes.index("RESP")) as line_form:
                line_form.actual_value = 45
            form.note = "<p>本月表现稳定</p>"
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 35)
        self.assertEqual(self.line(appraisal, "ATT").self_value, 36)
        self.assertEqual(self.line(appraisal, "RESP").manager_points, 30)
        self.assertEqual(self.line(appraisal, "ATT").note, "通话礼貌，偶有抢话")
        # the employee sees the form read-only for the supervisor's fields
        with Form(appraisal.with_user(self.user_agent)) as form:
            self.assertFalse(form.can_self_score)
            with (
                form.line_ids.edit(codes.index("ATT")) as line_form,
                self.assertRaises(AssertionError),
            ):
                line_form.manager_value = 40
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 35)
