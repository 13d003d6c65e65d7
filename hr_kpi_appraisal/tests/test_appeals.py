from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .common import KpiCase

PUBLISHED = date(2026, 11, 5)  # Thursday: the window ends Tuesday the 10th
FILED = date(2026, 11, 6)  # Friday: five working days later is Friday the 13th


@tagged("post_install", "-at_install")
class TestAppeals(KpiCase):
    """P08: an appeal on a published result goes to the
    department head, then to HR, whose answer is final; upheld, it reopens
    the appraisal for correction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_second_team()
        # 赵敏 manages the call centre where 王芳 and her team lead 李强 work
        cls.department = cls.env["hr.department"].create(
            {"name": "呼叫中心", "manager_id": cls.emp_lead2.id}
        )
        for employee, parent in (
            (cls.emp_agent, cls.emp_lead),
            (cls.emp_lead, cls.emp_gm),
            (cls.emp_hr, cls.emp_gm),
        ):  # the department would make its manager their supervisor
            employee.write({"department_id": cls.department.id, "parent_id": parent.id})

    def published(self, employee=None):
        if employee == self.emp_hr:
            appraisal = self.approved_for_hr()
        else:
            appraisal = self.walk(self.create_appraisal(employee=employee))
        with freeze_time(PUBLISHED):
            appraisal.with_user(self.user_gm).action_publish()
        return appraisal

    def file(self, appraisal, codes=("ATT",), user=None, on=FILED):
        with freeze_time(on):
            appeal = (
                self.env["hr.kpi.appeal"]
                .with_user(user or self.user_agent)
                .create(
                    {
                        "appraisal_id": appraisal.id,
                        "reason": "主管评分与实际服务质量不符",
                        "line_ids": [
                            Command.create(
                                {
                                    "appraisal_line_id": self.line(appraisal, code).id,
                                    "reason": "本月无投诉，客户表扬两次",
                                }
                            )
                            for code in codes
                        ],
                    }
                )
            )
            appeal.action_submit()
        return appeal

    # ------------------------------------------------------------------
    # The paths
    # ------------------------------------------------------------------

    def test_rejected_by_the_department_head(self):
        appraisal = self.published()
        appeal = self.file(appraisal)
        self.assertEqual(appeal.state, "head")
        self.assertEqual(appeal.head_user_id, self.user_lead2)
        self.assertEqual(appeal.deadline, date(2026, 11, 13))
        self.assertEqual(appraisal.result_state, "appealed")
        self.assertFalse(self.kpi_activities(appraisal), "no more confirmation to-do")
        self.assertEqual(appeal.activity_ids.user_id, self.user_lead2)
        as_head = appeal.with_user(self.user_lead2)
        with self.assertRaises(UserError):
            as_head.action_reject()  # no answer yet
        as_head.head_answer = "评分依据质检记录，维持原结果"
        as_head.action_reject()
        self.assertEqual(appeal.state, "rejected")
        self.assertFalse(appeal.activity_ids)
        told = appeal.message_ids.filtered(
            lambda m: self.user_agent.partner_id in m.partner_ids
        )
        self.assertIn("评分依据质检记录", told[0].body)
        # the result stands; the employee may still confirm it
        self.assertEqual(appraisal.result_state, "published")
        self.assertAlmostEqual(appraisal.total_score, 73.46)
        appraisal.with_user(self.user_agent).action_confirm_result()
        self.assertEqual(appraisal.result_state, "confirmed")

    def test_head_refusal_taken_to_hr_who_rejects(self):
        appraisal = self.published()
        appeal = self.file(appraisal)
        as_head = appeal.with_user(self.user_lead2)
        as_head.head_answer = "维持"
        as_head.action_reject()
        with freeze_time("2026-11-09"):  # Monday, still in the window
            appeal.with_user(self.user_agent).action_escalate()
        self.assertEqual(appeal.state, "hr")
        self.assertEqual(appeal.deadline, date(2026, 11, 16))
        as_hr = appeal.with_user(self.user_hr)
        as_hr.hr_answer = "经复核，评分有据"
        as_hr.action_reject()
        self.assertEqual(appeal.state, "rejected")
        self.assertEqual(appraisal.result_state, "confirmed")
        self.assertFalse(appeal.with_user(self.user_agent).can_escalate)

    def test_upheld_by_hr_changes_grade_and_pay(self):
        appraisal = self.published()
        appeal = self.file(appraisal, codes=("ATT", "CUST", "TEAM"))
        appeal.with_user(self.user_lead2).action_pass_to_hr()
        self.assertEqual(appeal.state, "hr")
        self.assertEqual(appeal.activity_ids.user_id, self.user_hr)
        as_hr = appeal.with_user(self.user_hr)
        as_hr.write(
            {
                "hr_answer": "复评成立，退回主管重新评分",
                "reopen_state": "manager_review",
            }
        )
        as_hr.action_uphold()
        self.assertEqual(appeal.state, "upheld")
        self.assertEqual(appraisal.state, "manager_review")
        self.assertEqual(
            (as_hr.old_total, as_hr.old_grade_id.code, as_hr.old_pay),
            (73.46, "C", 734.6),
        )
        # corrected by the supervisor, approved again by HR and the GM
        self.fill_manager(appraisal, scores={"ATT": 40, "CUST": 5, "TEAM": 100})
        appraisal.with_user(self.user_lead).action_submit_manager()
        self.walk(appraisal)
        # supervisor: KPI (40 + 20 + 20) * 0.8 = 64, CPI (50 + 50) * 0.2 = 20 -> 84
        # total 77.8 * 0.3 + 84 * 0.7 = 82.14 (B), pay 82.14% of 1,000
        self.assertAlmostEqual(appraisal.total_score, 82.14)
        self.assertEqual(
            (as_hr.new_total, as_hr.new_grade_id.code, as_hr.new_pay),
            (82.14, "B", 821.4),
        )
        self.assertEqual(as_hr.correction_amount, 0.0, "nothing was paid yet")
        self.assertEqual(appraisal.result_state, "confirmed", "HR's answer is final")
        note = appraisal.message_ids[0].body
        for text in (
            "73.46 → 82.14",
            "C 合格 → B 良好",
            "734.60 → ",
            "821.40",
            appeal.name,
        ):
            self.assertIn(text, note)

    def test_upheld_reopens_at_hr_review(self):
        appraisal = self.published()
        appeal = self.file(appraisal, codes=("RESP",))
        appeal.with_user(self.user_lead2).action_pass_to_hr()
        as_hr = appeal.with_user(self.user_hr)
        as_hr.write({"hr_answer": "响应时间数据有误", "reopen_state": "hr_review"})
        as_hr.action_uphold()
        self.assertEqual(appraisal.state, "hr_review")
        self.line(appraisal.with_user(self.user_hr), "RESP").actual_value = 40
        self.walk(appraisal)
        self.assertGreater(appeal.new_total, appeal.old_total)

    def test_employee_files_through_the_form(self):
        appraisal = self.published()
        with freeze_time(FILED):
            action = appraisal.with_user(self.user_agent).action_new_appeal()
            Appeal = self.env["hr.kpi.appeal"].with_user(self.user_agent)
            with Form(Appeal.with_context(**action["context"])) as form:
                form.reason = "主管评分与实际服务质量不符"
                with form.line_ids.new() as contested:
                    contested.appraisal_line_id = self.line(appraisal, "ATT")
                    contested.reason = "本月无投诉"
            appeal = form.record
            appeal.action_submit()
        self.assertEqual(appeal.appraisal_id, appraisal)
        self.assertEqual(appeal.state, "head")
        self.assertEqual(appeal.line_ids.code, "ATT")

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------

    def test_after_the_window(self):
        appraisal = self.published()
        with self.assertRaises(AccessError):
            self.file(appraisal, on=date(2026, 11, 11))
        with freeze_time("2026-11-11"), self.assertRaises(UserError):
            appraisal.with_user(self.user_agent).action_new_appeal()

    def test_filed_in_the_window_but_submitted_after_it(self):
        appraisal = self.published()
        with freeze_time("2026-11-10"):
            appeal = (
                self.env["hr.kpi.appeal"]
                .with_user(self.user_agent)
                .create({"appraisal_id": appraisal.id, "reason": "x"})
            )
        appeal.line_ids = [
            Command.create(
                {"appraisal_line_id": self.line(appraisal, "ATT").id, "reason": "y"}
            )
        ]
        with freeze_time("2026-11-11"), self.assertRaises(UserError):
            appeal.action_submit()
        self.assertEqual(appeal.state, "draft")

    def test_same_lines_twice(self):
        appraisal = self.published()
        appeal = self.file(appraisal)
        appeal.with_user(self.user_lead2).head_answer = "维持"
        appeal.with_user(self.user_lead2).action_reject()
        with self.assertRaises(UserError):
            self.file(appraisal, codes=("ATT", "TEAM"))
        self.file(appraisal, codes=("TEAM",))

    def test_not_on_an_unpublished_or_someone_elses_appraisal(self):
        done = self.walk(self.create_appraisal())
        with self.assertRaises(AccessError):
            self.file(done)
        published = self.published(employee=self.emp_hr)
        with self.assertRaises(AccessError):
            self.file(published)  # the agent, on the HR officer's appraisal

    def test_window_and_answer_skip_a_public_holiday(self):
        self.public_holiday(date(2026, 11, 9))
        appraisal = self.published()
        self.assertEqual(appraisal.confirm_deadline, date(2026, 11, 11))
        appeal = self.file(appraisal)
        self.assertEqual(appeal.deadline, date(2026, 11, 16))

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------

    def test_who_sees_appeals(self):
        appeal = self.file(self.published())
        Appeal = self.env["hr.kpi.appeal"]
        for user in (self.user_agent, self.user_lead2):
            with self.subTest(user=user.name):
                self.assertEqual(Appeal.with_user(user).search([]), appeal)
        # HR sees all of the company's (the demo data's too)
        self.assertIn(appeal, Appeal.with_user(self.user_hr).search([]))
        peer = new_test_user(
            self.env,
            "kpi_lead3",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_supervisor",
        )
        self.assertFalse(Appeal.with_user(peer).search([]))
        with self.assertRaises(AccessError):
            appeal.with_user(peer).read(["reason"])

    def test_nobody_rules_on_their_own(self):
        # the department is managed by the supervisor who scored: the head
        # is the supervisor's own supervisor
        self.department.manager_id = self.emp_lead
        appeal = self.file(self.published())
        self.assertEqual(appeal.head_user_id, self.user_gm)
        for user in (self.user_lead, self.user_agent, self.user_lead2):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                appeal.with_user(user).action_pass_to_hr()
        with self.assertRaises(AccessError):
            appeal.with_user(self.user_lead).head_answer = "维持"
        appeal.with_user(self.user_gm).action_pass_to_hr()
        # the HR officer's own appraisal, scored by the GM: another HR officer
        # answers it
        own = self.file(self.published(employee=self.emp_hr), user=self.user_hr)
        self.assertEqual(own.head_user_id, self.user_lead)
        own.with_user(self.user_lead).action_pass_to_hr()
        for user in (self.user_hr, self.user_gm):
            with self.subTest(user=user.name):
                with self.assertRaises(AccessError):
                    own.with_user(user).hr_answer = "成立"
                with self.assertRaises(AccessError):
                    own.with_user(user).action_reject()
        hr2 = new_test_user(
            self.env, "kpi_hr2", groups="base.group_user,hr_kpi_appraisal.group_kpi_hr"
        )
        own.with_user(hr2).hr_answer = "不成立"
        own.with_user(hr2).action_reject()
        self.assertEqual(own.state, "rejected")

    def test_hostile_writes(self):
        appraisal = self.published()
        appeal = self.file(appraisal)
        as_agent = appeal.with_user(self.user_agent)
        for vals in (
            {"state": "upheld"},
            {"reason": "改理由"},
            {"hr_answer": "成立"},
            {"head_user_id": self.user_agent.id},
            {"deadline": date(2027, 1, 1)},
            {"old_total": 100},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_agent.write(vals)
        with self.assertRaises(AccessError):
            as_agent.line_ids.reason = "改"
        with self.assertRaises(AccessError):
            as_agent.unlink()
        with self.assertRaises(AccessError):
            appeal.with_user(self.user_hr).action_uphold()  # not HR's turn
        with self.assertRaises(AccessError):
            appeal.with_user(self.user_lead2).write({"hr_answer": "成立"})
        self.assertEqual(appeal.state, "head")

    # ------------------------------------------------------------------
    # Deadlines
    # ------------------------------------------------------------------

    def test_overdue_appeals_get_activities_and_a_filter(self):
        appeal = self.file(self.published())
        Appeal = self.env["hr.kpi.appeal"]
        overdue = [("state", "in", ("head", "hr")), ("deadline", "<", "2026-11-16")]
        with freeze_time("2026-11-13"):
            Appeal._cron_flag_overdue()
        self.assertEqual(len(appeal.activity_ids), 1)
        self.assertEqual(Appeal.search(overdue), appeal)
        with freeze_time("2026-11-16"):
            Appeal._cron_flag_overdue()
            Appeal._cron_flag_overdue()
        self.assertEqual(appeal.activity_ids.user_id, self.user_lead2 | self.user_hr)
        self.assertEqual(len(appeal.activity_ids), 2, "reported once")

    # ------------------------------------------------------------------
    # Obstruction or retaliation (P08: −50% for the manager)
    # ------------------------------------------------------------------

    def test_obstruction_finding_adjusts_the_managers_appraisal(self):
        appeal = self.file(self.published())
        as_hr = appeal.with_user(self.user_hr)
        with self.assertRaises(UserError):
            as_hr.action_record_obstruction()  # nobody named yet
        finding = {
            "obstruction_employee_id": self.emp_lead.id,
            "obstruction_note": "申诉后调低该员工排班",
        }
        for user in (self.user_lead, self.user_agent, self.user_lead2):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                appeal.with_user(user).write(finding)
        as_hr.write(finding)
        with self.assertRaises(UserError):
            as_hr.action_record_obstruction()  # the lead has no appraisal yet
        lead_appraisal = self.create_appraisal(employee=self.emp_lead)
        as_hr.action_record_obstruction()
        adjustment = appeal.obstruction_adjustment_id
        self.assertEqual(adjustment.appraisal_id, lead_appraisal)
        self.assertEqual(adjustment.type_id.code, "P08-OBSTRUCTION")
        self.assertEqual(adjustment.pay_percent, -50.0)
        self.assertIn(appeal.name, lead_appraisal.message_ids[0].body)
        with self.assertRaises(AccessError):
            as_hr.action_record_obstruction()  # recorded once
        self.assertEqual(len(lead_appraisal.adjustment_ids), 1)

    def test_obstruction_halves_the_pay_whatever_the_rule(self):
        """The lead's 73.46 pays 73.46% of 1,000 under the tiered rule (full
        at 90, score% from 70, nothing below); the finding halves the pay to
        367.30 and leaves the score: half the score (36.73) would pay 0."""
        self.env["hr.contract"].create(
            {
                "name": "李强 contract",
                "employee_id": self.emp_lead.id,
                "wage": 8000.0,
                "kpi_base_type": "fixed",
                "kpi_base_amount": 1000.0,
                "date_start": date(2026, 1, 1),
                "state": "open",
            }
        )
        lead_appraisal = self.create_appraisal(employee=self.emp_lead)
        appeal = self.file(self.published())
        appeal.with_user(self.user_hr).write(
            {
                "obstruction_employee_id": self.emp_lead.id,
                "obstruction_note": "阻挠员工申诉",
            }
        )
        appeal.with_user(self.user_hr).action_record_obstruction()
        lead_appraisal.with_user(self.user_hr).action_start()
        self.fill_self(lead_appraisal, user=self.user_lead)
        lead_appraisal.with_user(self.user_lead).action_submit_self()
        self.fill_manager(lead_appraisal, user=self.user_gm)
        lead_appraisal.with_user(self.user_gm).action_submit_manager()
        lead_appraisal.with_user(self.user_hr).action_hr_approve()
        lead_appraisal.with_user(self.user_gm).action_gm_approve()
        self.assertAlmostEqual(lead_appraisal.total_score, 73.46)
        self.assertEqual(lead_appraisal.grade_id.code, "C")
        self.assertAlmostEqual(lead_appraisal.performance_pay, 367.3)

    def test_p08_policy_sets_the_terms(self):
        policy = self.env.ref("hr_kpi_appraisal.kpi_appeal_policy_p08")
        self.assertEqual(
            (policy.code, policy.appeal_days, policy.answer_days),
            ("P08", 3, 5),
        )
        self.assertEqual(policy.obstruction_type_id.code, "P08-OBSTRUCTION")
        self.assertEqual(policy.obstruction_pay_percent, -50.0)
        s33 = self.env.ref("hr_kpi_appraisal.kpi_template_s33")
        self.assertEqual(s33.appeal_policy_id, policy)
        self.assertEqual((s33.appeal_days, s33.appeal_answer_days), (3, 5))
        # a template takes the terms of the policy it is given
        longer = policy.copy({"code": "T-P08-LONG", "appeal_days": 5})
        self.template.appeal_policy_id = longer
        self.assertEqual(
            (self.template.appeal_days, self.template.appeal_answer_days), (5, 5)
        )
        appraisal = self.published()
        self.assertEqual(appraisal.confirm_deadline, date(2026, 11, 12))
