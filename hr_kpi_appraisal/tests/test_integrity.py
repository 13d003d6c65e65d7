from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestIntegrity(KpiCase):
    """The calls that once changed approved results or pay, each refused with a
    clear message and without a trace."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_second_team()
        cls.adjustment_type = cls.env["hr.kpi.adjustment.type"].create(
            {"name": "迟到", "code": "T-LATE", "category": "attendance", "points": -3}
        )

    def setUp(self):
        super().setUp()
        # a done appraisal of the other team, and one of the lead's team under way
        self.done = self.walk_as_system(self.create_appraisal(employee=self.emp_member))
        self.open = self.walk(self.create_appraisal(), "manager_review")

    def walk_as_system(self, appraisal, until="done"):
        """Walk an appraisal of someone without a user, scored by the system."""
        system = appraisal._kpi_system()
        scores = {
            "self_review": ("self_value", {"ATT": 36, "CUST": 4, "TEAM": 90}),
            "manager_review": ("manager_value", {"ATT": 32, "CUST": 3, "TEAM": 80}),
        }
        actions = {
            "draft": "action_start",
            "self_review": "action_submit_self",
            "manager_review": "action_submit_manager",
            "hr_review": "action_hr_approve",
            "gm_approval": "action_gm_approve",
        }
        while appraisal.state != until:
            field, values = scores.get(appraisal.state, ("", {}))
            for code, value in values.items():
                self.line(system, code)[field] = value
            if appraisal.state == "manager_review":
                self.line(system, "RESP").actual_value = 75
            getattr(system, actions[appraisal.state])()
        return appraisal

    def results(self, appraisal):
        appraisal.invalidate_recordset()
        return appraisal.sudo().read(
            ["state", "total_score", "grade_id", "performance_pay", "paid", "date_done"]
        )

    def test_input_cannot_move_to_another_appraisal(self):
        """Finding 1: an input of my team's appraisal moved onto a done one."""
        before = self.results(self.done)
        count = self.line(self.open, "COMPL").input_ids.with_user(self.user_lead)
        target = self.line(self.done, "COMPL")
        for vals in (
            {"line_id": target.id, "code": "complaint", "value": 4},
            {"line_id": self.line(self.open, "ATT").id},
            {"code": "other"},
            {"input_type": "input"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                count.write(vals)
        self.assertEqual(self.results(self.done), before)
        self.assertEqual(count.line_id, self.line(self.open, "COMPL"))

    def test_paid_changes_only_through_payroll(self):
        """Finding 2: HR flips ``paid`` to pay twice or to withhold."""
        as_hr = self.done.with_user(self.user_hr)
        for value in (True, False):
            with self.assertRaisesRegex(AccessError, "only through the appraisal"):
                as_hr.write({"paid": value})
        self.assertFalse(self.done.paid)

    def test_hr_cannot_skip_the_gm_or_forge_pay(self):
        """Finding 3: state, pay, approver and the GM switch written directly."""
        appraisal = self.walk_as_system(
            self.create_appraisal(employee=self.emp_peer), "hr_review"
        )
        as_hr = appraisal.with_user(self.user_hr)
        for vals in (
            {"state": "done"},
            {
                "state": "done",
                "performance_pay": 99999,
                "date_done": date(2026, 11, 5),
                "approved_by_id": self.user_gm.id,
            },
            {"gm_approval": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_hr.write(vals)
        as_hr.action_hr_approve()
        self.assertEqual(appraisal.state, "gm_approval")
        self.assertFalse(appraisal.date_done)

    def test_locked_appraisals_do_not_change_through_children(self):
        """Finding 4: inputs, adjustments and lines moved into a done appraisal."""
        draft = self.create_appraisal(employee=self.emp_peer)
        adjustment = (
            self.env["hr.kpi.adjustment"]
            .with_user(self.user_hr)
            .create({"appraisal_id": draft.id, "type_id": self.adjustment_type.id})
        )
        before = self.results(self.done)
        Input = self.env["hr.kpi.appraisal.line.input"].with_user(self.user_hr)
        calls = [
            lambda: Input.create(
                {
                    "line_id": self.line(self.done, "COMPL").id,
                    "input_type": "event",
                    "code": "complaint",
                    "name": "投诉",
                    "value": 5,
                }
            ),
            lambda: (
                self.line(self.done, "COMPL").input_ids.with_user(self.user_hr).unlink()
            ),
            lambda: adjustment.write({"appraisal_id": self.done.id}),
            lambda: (
                self.line(draft, "ATT")
                .with_user(self.user_hr)
                .write({"appraisal_id": self.done.id, "indicator_snapshot": {}})
            ),
        ]
        for index, call in enumerate(calls):
            with self.subTest(call=index), self.assertRaises(AccessError):
                call()
        self.assertEqual(self.results(self.done), before)
        self.assertEqual(adjustment.appraisal_id, draft)

    def test_nobody_raises_their_own_score(self):
        """Finding 5: HR and the GM delete or add inputs on their own appraisal."""
        for employee, user in (
            (self.emp_hr, self.user_hr),
            (self.emp_gm, self.user_gm),
        ):
            own = self.env["hr.kpi.appraisal"].create(
                dict(self.period, employee_id=employee.id, template_id=self.template.id)
            )
            count = self.line(own, "COMPL").input_ids
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    count.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    count.with_user(user).write({"value": 0})
                self.assertTrue(count.exists())

    def test_header_is_fixed_after_draft(self):
        """Finding 6: employee, template and period changed under way."""
        other_template = self.create_template("T-OTHER")
        as_hr = self.open.with_user(self.user_hr)
        for vals in (
            {"employee_id": self.emp_peer.id},
            {"template_id": other_template.id},
            {"date_from": date(2026, 9, 1)},
            {"date_to": date(2026, 11, 30)},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(AccessError, "while it is a draft"),
            ):
                as_hr.write(vals)
        self.assertEqual(self.open.employee_id, self.emp_agent)
        self.assertEqual(self.open.template_id, self.template)

    def test_configuration_in_use_cannot_be_deleted(self):
        """Finding 7: grades, grade scales and pay rules of done appraisals."""
        grade = self.done.grade_id
        self.assertTrue(grade)
        for record in (grade, self.grade_scale, self.pay_rule):
            with (
                self.subTest(model=record._name),
                self.assertRaisesRegex(UserError, "Archive the grade scale"),
            ):
                record.sudo().unlink()
        self.grade_scale.sudo().active = False
        self.pay_rule.sudo().active = False
        grade.sudo().name = "卓越"
        self.assertEqual(self.done.grade_id, grade)
        self.assertEqual(self.done.grade_code, grade.code)

    def test_pay_is_for_hr_and_the_employee(self):
        """Finding 10: supervisors read the team's base and pay over RPC."""
        done = self.walk(
            self.create_appraisal(date_from=date(2026, 9, 1), date_to=date(2026, 9, 30))
        )
        as_lead = done.with_user(self.user_lead)
        for field in ("performance_base", "performance_pay", "award_amount"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                as_lead.read([field])
        self.assertFalse(as_lead.can_see_pay)
        self.assertEqual(as_lead.visible_pay, 0.0)
        pay = done.sudo().performance_pay
        self.assertTrue(pay)
        self.assertEqual(done.with_user(self.user_hr).visible_pay, pay)
        # the employee is told the pay once the result is published
        self.assertEqual(done.with_user(self.user_agent).visible_pay, 0.0)
        done.with_user(self.user_hr).action_publish()
        self.assertEqual(done.with_user(self.user_agent).visible_pay, pay)

    def test_campaigns_are_for_hr_and_the_team_leads(self):
        """Finding 10: every internal user read campaigns and their scope."""
        campaign = self.env["hr.kpi.campaign"].create(
            {
                "name": "2026-10 客服",
                "date_from": date(2026, 10, 1),
                "employee_ids": [Command.set(self.emp_agent.ids)],
            }
        )
        self.open._kpi_system().campaign_id = campaign
        Campaign = self.env["hr.kpi.campaign"]
        self.assertFalse(Campaign.with_user(self.user_lead2).search([]))
        self.assertEqual(Campaign.with_user(self.user_lead).search([]), campaign)
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_lead).read(["employee_ids"])
        with self.assertRaises(AccessError):
            Campaign.with_user(self.user_agent).search([])

    def test_employee_comments_only_during_self_review(self):
        """Finding 11: the employee's comment edited after Self Review."""
        as_agent = self.open.with_user(self.user_agent)
        with self.assertRaisesRegex(AccessError, "during Self Review"):
            as_agent.employee_comment = "改一下"
        self.assertFalse(self.open.employee_comment)

    def test_numbers_out_of_range_are_clear_errors(self):
        """Finding 12: a rank of 2³¹, adjustment points of 1e308, a NaN value."""
        resp = self.line(self.open, "RESP").with_user(self.user_lead)
        for vals in (
            {"rank": 2**31},
            {"actual_value": float("nan")},
            {"actual_value": 1e308},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(ValidationError, "must be a number between"),
            ):
                resp.write(vals)
        draft = self.create_appraisal(employee=self.emp_peer)
        Adjustment = self.env["hr.kpi.adjustment"].with_user(self.user_hr)
        with self.assertRaisesRegex(ValidationError, "must be a number between"):
            Adjustment.create(
                {
                    "appraisal_id": draft.id,
                    "type_id": self.adjustment_type.id,
                    "points": 1e308,
                }
            )
        self.assertFalse(draft.adjustment_ids)

    def test_hr_duplicates_a_cancelled_appraisal_as_a_new_draft(self):
        """Duplicate copies the header only: the new draft takes its lines and
        settings from the template, none of the scores, comments or pay."""
        self.open._kpi_system().campaign_id = self.env["hr.kpi.campaign"].create(
            {"name": "2026-10 客服", "date_from": date(2026, 10, 1)}
        )
        self.open.with_user(self.user_hr).action_cancel()
        copy = self.open.with_user(self.user_hr).copy()
        self.assertEqual(copy.state, "draft")
        self.assertEqual(copy.employee_id, self.emp_agent)
        self.assertFalse(copy.campaign_id or copy.note or copy.employee_comment)
        self.assertEqual(
            copy.line_ids.mapped("code"), self.open.line_ids.mapped("code")
        )
        self.assertFalse(any(copy.line_ids.mapped("manager_value")))
