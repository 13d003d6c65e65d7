from datetime import date

from psycopg2.errors import CheckViolation, ExclusionViolation

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestForbiddenActions(KpiCase):
    """Every action a user may not take raises and leaves the appraisal as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.adjustment_type = cls.env["hr.kpi.adjustment.type"].create(
            {"name": "迟到", "code": "T-LATE", "category": "attendance", "points": -3}
        )

    def assertRefused(self, exception, appraisal, action, user):
        """``action`` of ``user`` on ``appraisal`` raises and changes nothing."""
        before = appraisal.read(["state", "date_done", "approved_by_id"])
        with self.assertRaises(exception):
            getattr(appraisal.with_user(user), action)()
        self.assertEqual(
            appraisal.read(["state", "date_done", "approved_by_id"]), before
        )

    # ------------------------------------------------------------------
    # Scores
    # ------------------------------------------------------------------

    def test_employee_cannot_write_supervisor_scores(self):
        appraisal = self.walk(self.create_appraisal(), "self_review")
        line = self.line(appraisal, "ATT").with_user(self.user_agent)
        with self.assertRaises(AccessError):
            line.manager_value = 40
        with self.assertRaises(AccessError):
            self.line(appraisal, "RESP").with_user(self.user_agent).actual_value = 10
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 0)
        self.assertEqual(self.line(appraisal, "RESP").actual_value, 0)
        # nor later, when the supervisor scores
        self.walk(appraisal, "manager_review")
        self.fill_manager(appraisal)
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_agent).write(
                {"manager_value": 40}
            )
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_agent).write(
                {"self_value": 40}
            )
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 32)
        self.assertEqual(self.line(appraisal, "ATT").self_value, 36)

    def test_supervisor_cannot_write_self_scores(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_lead).self_value = 10
        self.assertEqual(self.line(appraisal, "ATT").self_value, 36)

    def test_employee_cannot_touch_another_employees_appraisal(self):
        peer_appraisal = self.create_appraisal(employee=self.emp_peer)
        self.walk(peer_appraisal, "self_review")
        as_agent = peer_appraisal.with_user(self.user_agent)
        with self.assertRaises(AccessError):
            as_agent.read(["state", "total_score"])
        with self.assertRaises(AccessError):
            as_agent.write({"employee_comment": "不是我的"})
        with self.assertRaises(AccessError):
            self.line(peer_appraisal, "ATT").with_user(self.user_agent).read(
                ["self_value"]
            )
        with self.assertRaises(AccessError):
            self.line(peer_appraisal, "ATT").with_user(self.user_agent).self_value = 40
        self.assertFalse(peer_appraisal.employee_comment)
        self.assertEqual(self.line(peer_appraisal, "ATT").self_value, 0)

    def test_employee_cannot_create_or_delete_appraisals(self):
        with self.assertRaises(AccessError):
            self.env["hr.kpi.appraisal"].with_user(self.user_agent).create(
                dict(
                    self.period,
                    employee_id=self.emp_agent.id,
                    template_id=self.template.id,
                )
            )
        appraisal = self.create_appraisal()
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_agent).unlink()
        self.assertTrue(appraisal.exists())

    def test_employee_cannot_submit_during_manager_review(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        self.assertRefused(UserError, appraisal, "action_submit_self", self.user_agent)
        self.assertRefused(
            AccessError, appraisal, "action_submit_manager", self.user_agent
        )
        self.assertRefused(AccessError, appraisal, "action_send_back", self.user_agent)

    def test_employee_cannot_start_own_appraisal(self):
        appraisal = self.create_appraisal()
        self.assertRefused(AccessError, appraisal, "action_start", self.user_agent)

    def test_other_team_member_cannot_submit_self_review(self):
        """The supervisor cannot submit the employee's self-appraisal."""
        appraisal = self.walk(self.create_appraisal(), "self_review")
        self.assertRefused(AccessError, appraisal, "action_submit_self", self.user_lead)
        self.assertRefused(AccessError, appraisal, "action_submit_self", self.user_hr)

    # ------------------------------------------------------------------
    # Approvals
    # ------------------------------------------------------------------

    def test_supervisor_cannot_approve_at_hr_or_gm_stage(self):
        appraisal = self.walk(self.create_appraisal(), "hr_review")
        self.assertRefused(AccessError, appraisal, "action_hr_approve", self.user_lead)
        self.assertRefused(AccessError, appraisal, "action_send_back", self.user_lead)
        self.assertRefused(UserError, appraisal, "action_cancel", self.user_lead)
        self.walk(appraisal, "gm_approval")
        self.assertRefused(AccessError, appraisal, "action_gm_approve", self.user_lead)
        self.assertRefused(AccessError, appraisal, "action_send_back", self.user_lead)

    def test_hr_cannot_approve_at_gm_stage(self):
        appraisal = self.walk(self.create_appraisal(), "gm_approval")
        self.assertRefused(AccessError, appraisal, "action_gm_approve", self.user_hr)
        self.assertRefused(AccessError, appraisal, "action_send_back", self.user_hr)
        self.assertRefused(AccessError, appraisal, "action_gm_approve", self.user_agent)

    def test_acting_out_of_turn(self):
        appraisal = self.create_appraisal()
        for action, user in [
            ("action_hr_approve", self.user_hr),
            ("action_gm_approve", self.user_gm),
            ("action_submit_manager", self.user_lead),
            ("action_submit_self", self.user_agent),
            ("action_send_back", self.user_hr),
            ("action_reset_draft", self.user_hr),
        ]:
            with self.subTest(action=action):
                self.assertRefused(UserError, appraisal, action, user)
        self.walk(appraisal, "self_review")
        self.assertRefused(UserError, appraisal, "action_gm_approve", self.user_gm)
        self.assertRefused(UserError, appraisal, "action_start", self.user_hr)

    def test_hr_cannot_approve_own_appraisal(self):
        """HR officer 的考核单: only other people act on it."""
        with self.assertRaises(AccessError):
            self.create_appraisal(employee=self.emp_hr)
        appraisal = (
            self.env["hr.kpi.appraisal"]
            .with_user(self.user_gm)
            .create(
                dict(
                    self.period,
                    employee_id=self.emp_hr.id,
                    template_id=self.template.id,
                )
            )
        )
        self.assertEqual(appraisal.manager_id, self.emp_gm)
        self.assertRefused(AccessError, appraisal, "action_start", self.user_hr)
        appraisal.with_user(self.user_gm).action_start()
        self.fill_self(appraisal, user=self.user_hr)
        appraisal.with_user(self.user_hr).action_submit_self()
        self.assertEqual(appraisal.state, "manager_review")
        # nor score it as a supervisor
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_hr).manager_value = 40
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 0)
        self.assertRefused(
            AccessError, appraisal, "action_submit_manager", self.user_hr
        )
        self.fill_manager(appraisal, user=self.user_gm)
        appraisal.with_user(self.user_gm).action_submit_manager()
        self.assertEqual(appraisal.state, "hr_review")
        self.assertRefused(AccessError, appraisal, "action_hr_approve", self.user_hr)
        self.assertRefused(AccessError, appraisal, "action_send_back", self.user_hr)
        self.assertRefused(UserError, appraisal, "action_cancel", self.user_hr)
        # nor change its header, comment for the supervisor or add adjustments
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_hr).performance_base = 5000
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_hr).note = "<p>很好</p>"
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_hr).write(
                {
                    "adjustment_ids": [
                        Command.create({"type_id": self.adjustment_type.id})
                    ]
                }
            )
        self.assertEqual(appraisal.performance_base, 0.0)
        self.assertFalse(appraisal.adjustment_ids)
        # the approver (also an HR officer) reviews it
        appraisal.with_user(self.user_gm).action_hr_approve()
        appraisal.with_user(self.user_gm).action_gm_approve()
        self.assertEqual(appraisal.state, "done")

    def test_gm_cannot_approve_own_appraisal(self):
        appraisal = self.create_appraisal(employee=self.emp_gm)
        self.assertFalse(appraisal.manager_id)
        appraisal.with_user(self.user_hr).action_start()
        self.fill_self(appraisal, user=self.user_gm)
        appraisal.with_user(self.user_gm).action_submit_self()
        # without a supervisor, HR scores; the GM, though HR too, cannot
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_gm).manager_value = 40
        self.assertRefused(
            AccessError, appraisal, "action_submit_manager", self.user_gm
        )
        self.fill_manager(appraisal, user=self.user_hr)
        appraisal.with_user(self.user_hr).action_submit_manager()
        self.assertRefused(AccessError, appraisal, "action_hr_approve", self.user_gm)
        appraisal.with_user(self.user_hr).action_hr_approve()
        self.assertEqual(appraisal.state, "gm_approval")
        self.assertRefused(AccessError, appraisal, "action_gm_approve", self.user_gm)
        self.assertFalse(appraisal.with_user(self.user_gm).can_approve)
        self.assertRefused(AccessError, appraisal, "action_gm_approve", self.user_hr)

    # ------------------------------------------------------------------
    # Locked appraisals
    # ------------------------------------------------------------------

    def assertLocked(self, appraisal):
        """HR can change nothing on ``appraisal``: header, lines, counts, adjustments."""
        fields = ["total_score", "note", "performance_base", "date_to"]
        before = appraisal.read(fields)
        as_hr = appraisal.with_user(self.user_hr)
        line = self.line(as_hr, "RESP")
        count = self.line(as_hr, "COMPL").input_ids
        adjustment = as_hr.adjustment_ids
        Adjustment = self.env["hr.kpi.adjustment"].with_user(self.user_hr)
        edits = {
            "comment": lambda: as_hr.write({"note": "<p>改</p>"}),
            "base": lambda: as_hr.write({"performance_base": 2000}),
            "dates": lambda: as_hr.write({"date_to": date(2026, 10, 30)}),
            "line": lambda: line.write({"actual_value": 10}),
            "line through header": lambda: as_hr.write(
                {"line_ids": [Command.update(line.id, {"actual_value": 10})]}
            ),
            "count": lambda: count.write({"value": 3}),
            "line deletion": line.unlink,
            "adjustment": lambda: adjustment.write({"quantity": 5}),
            "adjustment deletion": adjustment.unlink,
            "new adjustment": lambda: Adjustment.create(
                {"appraisal_id": appraisal.id, "type_id": self.adjustment_type.id}
            ),
        }
        for name, edit in edits.items():
            with (
                self.subTest(state=appraisal.state, edit=name),
                self.assertRaises(UserError),
            ):
                edit()
        self.assertEqual(appraisal.read(fields), before)
        self.assertEqual(len(appraisal.line_ids), 6)
        self.assertEqual(self.line(appraisal, "COMPL").input_ids.value, count.value)
        self.assertEqual(len(appraisal.adjustment_ids), 1)
        self.assertEqual(appraisal.adjustment_ids.quantity, 1)

    def test_done_appraisal_is_locked(self):
        appraisal = self.walk(self.create_appraisal(), "hr_review")
        appraisal.with_user(self.user_hr).write(
            {"adjustment_ids": [Command.create({"type_id": self.adjustment_type.id})]}
        )
        self.walk(appraisal)
        self.assertTrue(appraisal.is_locked)
        self.assertAlmostEqual(appraisal.total_score, 70.46)
        self.assertLocked(appraisal)

    def test_cancelled_appraisal_is_locked(self):
        appraisal = self.create_appraisal()
        appraisal.with_user(self.user_hr).write(
            {"adjustment_ids": [Command.create({"type_id": self.adjustment_type.id})]}
        )
        appraisal.with_user(self.user_hr).action_cancel()
        self.assertTrue(appraisal.is_locked)
        self.assertLocked(appraisal)

    def test_done_appraisal_cannot_be_cancelled(self):
        appraisal = self.walk(self.create_appraisal())
        self.assertRefused(UserError, appraisal, "action_cancel", self.user_hr)
        self.assertRefused(UserError, appraisal, "action_cancel", self.user_gm)
        self.assertRefused(UserError, appraisal, "action_reset_draft", self.user_hr)
        self.assertRefused(UserError, appraisal, "action_send_back", self.user_gm)

    def test_only_drafts_and_cancelled_can_be_deleted(self):
        appraisal = self.walk(self.create_appraisal(), "self_review")
        with self.assertRaises(UserError):
            appraisal.with_user(self.user_hr).unlink()
        self.assertTrue(appraisal.exists())
        self.walk(appraisal)
        with self.assertRaises(UserError):
            appraisal.with_user(self.user_gm).unlink()
        self.assertEqual(appraisal.state, "done")
        draft = self.create_appraisal(employee=self.emp_peer)
        draft.with_user(self.user_hr).unlink()
        self.assertFalse(draft.exists())

    # ------------------------------------------------------------------
    # Header and adjustments
    # ------------------------------------------------------------------

    def test_non_hr_cannot_change_header(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        other_template = self.create_template("T-OTHER")
        for user in (self.user_agent, self.user_lead):
            for vals in [
                {"employee_id": self.emp_peer.id},
                {"template_id": other_template.id},
                {"date_from": date(2026, 9, 1)},
                {"date_to": date(2026, 11, 30)},
                {"performance_base": 9999},
                {"manager_id": self.emp_gm.id},
            ]:
                field = next(iter(vals))
                with (
                    self.subTest(user=user.login, field=field),
                    self.assertRaises(AccessError),
                ):
                    appraisal.with_user(user).write(vals)
        self.assertEqual(appraisal.employee_id, self.emp_agent)
        self.assertEqual(appraisal.template_id, self.template)
        self.assertEqual(appraisal.date_from, date(2026, 10, 1))
        self.assertEqual(appraisal.date_to, date(2026, 10, 31))
        self.assertEqual(appraisal.performance_base, 1000)
        self.assertEqual(appraisal.manager_id, self.emp_lead)
        # the supervisor comments in their stage; the employee only in theirs
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_lead).employee_comment = "代写"
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_agent).employee_comment = "我有异议"
        appraisal.with_user(self.user_lead).note = "<p>继续努力</p>"
        appraisal.with_user(self.user_lead).action_send_back()
        appraisal.with_user(self.user_agent).employee_comment = "我有异议"
        with self.assertRaises(AccessError):
            appraisal.with_user(self.user_agent).note = "<p>自评很好</p>"
        self.assertEqual(appraisal.employee_comment, "我有异议")
        self.assertEqual(str(appraisal.note), "<p>继续努力</p>")

    def test_non_hr_cannot_add_adjustments(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        command = [Command.create({"type_id": self.adjustment_type.id})]
        for user in (self.user_agent, self.user_lead):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    appraisal.with_user(user).write({"adjustment_ids": command})
                with self.assertRaises(AccessError):
                    self.env["hr.kpi.adjustment"].with_user(user).create(
                        {
                            "appraisal_id": appraisal.id,
                            "type_id": self.adjustment_type.id,
                        }
                    )
        self.assertFalse(appraisal.adjustment_ids)
        total = appraisal.total_score
        appraisal.with_user(self.user_hr).write({"adjustment_ids": command})
        self.assertAlmostEqual(appraisal.total_score, total - 3)
        adjustment = appraisal.adjustment_ids
        with self.assertRaises(AccessError):
            adjustment.with_user(self.user_lead).quantity = 3
        with self.assertRaises(AccessError):
            adjustment.with_user(self.user_lead).unlink()
        self.assertEqual(adjustment.quantity, 1)
        self.assertEqual(adjustment.with_user(self.user_agent).points, -3)

    def test_non_hr_cannot_add_or_remove_lines(self):
        appraisal = self.create_appraisal()
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_lead).unlink()
        self.walk(appraisal, "self_review")
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_hr).unlink()
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_hr).max_points = 100
        self.assertEqual(len(appraisal.line_ids), 6)
        self.assertEqual(self.line(appraisal, "ATT").max_points, 40)

    # ------------------------------------------------------------------
    # Input values
    # ------------------------------------------------------------------

    def test_score_above_maximum(self):
        appraisal = self.walk(self.create_appraisal(), "self_review")
        with self.assertRaises(ValidationError):
            self.line(appraisal, "ATT").with_user(self.user_agent).self_value = 45
            appraisal.with_user(self.user_agent).action_submit_self()
        self.walk(appraisal, "manager_review")
        self.fill_manager(appraisal)
        for code, value in [("ATT", 40.5), ("ATT", -1), ("TEAM", 101)]:
            line = self.line(appraisal, code).with_user(self.user_lead)
            with (
                self.subTest(code=code, value=value),
                self.assertRaises(ValidationError),
            ):
                line.manager_value = value
                self.env.flush_all()
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 32)
        self.assertEqual(self.line(appraisal, "TEAM").manager_value, 80)
        self.assertAlmostEqual(appraisal.total_score, 73.46)

    def test_level_number_out_of_range(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        self.fill_manager(appraisal)
        for value in (6, 2.5, -1):
            line = self.line(appraisal, "CUST").with_user(self.user_lead)
            with self.subTest(value=value), self.assertRaises(ValidationError):
                line.manager_value = value
                self.env.flush_all()
        self.assertEqual(self.line(appraisal, "CUST").manager_value, 3)

    def test_occurrence_counts_are_whole_and_not_negative(self):
        appraisal = self.walk(self.create_appraisal(), "manager_review")
        self.fill_manager(appraisal)
        count = self.line(appraisal, "COMPL").input_ids.with_user(self.user_lead)
        self.assertEqual(count.value, 1)
        for value in (-1, 1.5):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                count.value = value
        self.assertEqual(count.value, 1)
        count.value = 3
        self.assertEqual(self.line(appraisal, "COMPL").manager_points, 0)
        with self.assertRaises(AccessError):
            count.with_user(self.user_agent).value = 0
        self.assertEqual(count.value, 3)

    @mute_logger("odoo.sql_db")
    def test_end_before_start(self):
        # an SQL CHECK: the RPC layer shows its message as a validation error
        with self.assertRaises(CheckViolation):
            self.create_appraisal(
                date_from=date(2026, 10, 31), date_to=date(2026, 10, 1)
            )
        appraisal = self.create_appraisal()
        with self.assertRaises(CheckViolation):
            appraisal.with_user(self.user_hr).write({"date_to": date(2026, 9, 30)})
            self.env.flush_all()
        self.assertEqual(appraisal.date_to, date(2026, 10, 31))
        self.assertEqual(appraisal.date_from, date(2026, 10, 1))

    def test_one_live_appraisal_per_employee_template_period(self):
        first = self.create_appraisal()
        with self.assertRaises(ValidationError):
            self.create_appraisal()
        self.assertEqual(
            self.env["hr.kpi.appraisal"].search_count(
                [("employee_id", "=", self.emp_agent.id)]
            ),
            1,
        )
        # another period, template or employee is fine
        self.create_appraisal(date_from=date(2026, 11, 1), date_to=date(2026, 11, 30))
        self.create_appraisal(template=self.create_template("T-OTHER"))
        self.create_appraisal(employee=self.emp_peer)
        # once the first is cancelled, a new one may be made …
        first.with_user(self.user_hr).action_cancel()
        second = self.create_appraisal()
        self.assertEqual(second.state, "draft")
        # … and the cancelled one cannot come back beside it
        with self.assertRaises(ValidationError):
            first.with_user(self.user_hr).action_reset_draft()
        self.assertEqual(first.state, "cancel")
        self.assertEqual(second.state, "draft")

    @mute_logger("odoo.sql_db")
    def test_live_duplicates_stopped_by_the_database(self):
        """Concurrent workers miss each other's rows: PostgreSQL still refuses."""
        appraisal = self.create_appraisal()
        self.env.flush_all()
        with self.assertRaises(ExclusionViolation):
            self.env.cr.execute(
                "SET CONSTRAINTS hr_kpi_appraisal_live_unique IMMEDIATE;"
                "INSERT INTO hr_kpi_appraisal"
                " (employee_id, template_id, date_from, date_to, state)"
                " SELECT employee_id, template_id, date_from, date_to, 'draft'"
                " FROM hr_kpi_appraisal WHERE id = %s",
                [appraisal.id],
            )
        self.env.cr.execute("SET CONSTRAINTS hr_kpi_appraisal_live_unique DEFERRED")
        self.assertEqual(
            self.env["hr.kpi.appraisal"].search_count(
                [("employee_id", "=", self.emp_agent.id)]
            ),
            1,
        )


@tagged("post_install", "-at_install")
class TestRecordRules(KpiCase):
    """Own, team (recursively), company, and multi-company isolation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager = new_test_user(
            cls.env,
            "kpi_manager",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_supervisor",
            name="客服经理",
        )
        cls.emp_manager = cls.env["hr.employee"].create(
            {
                "name": "客服经理",
                "user_id": cls.user_manager.id,
                "parent_id": cls.emp_gm.id,
            }
        )
        cls.emp_lead.parent_id = cls.emp_manager
        cls.emp_other_team = cls.env["hr.employee"].create(
            {"name": "赵敏", "parent_id": cls.emp_hr.id}
        )
        Appraisal = cls.env["hr.kpi.appraisal"]
        cls.appraisals = {
            employee: Appraisal.create(
                dict(cls.period, employee_id=employee.id, template_id=cls.template.id)
            )
            for employee in (
                cls.emp_agent,
                cls.emp_peer,
                cls.emp_lead,
                cls.emp_manager,
                cls.emp_hr,
                cls.emp_other_team,
                cls.emp_gm,
            )
        }

    def visible(self, user, **context):
        Appraisal = self.env["hr.kpi.appraisal"].with_user(user).with_context(**context)
        return Appraisal.search([]).employee_id

    def test_employee_sees_own_only(self):
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.user_agent)
        self.assertEqual(Appraisal.search_count([]), 1)
        self.assertEqual(self.visible(self.user_agent), self.emp_agent)
        self.assertEqual(
            self.env["hr.kpi.appraisal.line"]
            .with_user(self.user_agent)
            .search([])
            .appraisal_id,
            self.appraisals[self.emp_agent],
        )
        with self.assertRaises(AccessError):
            self.appraisals[self.emp_lead].with_user(self.user_agent).read(["name"])

    def test_supervisor_sees_team(self):
        self.assertEqual(
            self.visible(self.user_lead), self.emp_lead | self.emp_agent | self.emp_peer
        )
        self.assertEqual(
            self.env["hr.kpi.appraisal"].with_user(self.user_lead).search_count([]), 3
        )
        with self.assertRaises(AccessError):
            self.appraisals[self.emp_manager].with_user(self.user_lead).read(["name"])

    def test_supervisor_sees_team_recursively(self):
        # the manager is above the team lead: the agents' appraisals are visible
        self.assertEqual(
            self.visible(self.user_manager),
            self.emp_manager | self.emp_lead | self.emp_agent | self.emp_peer,
        )
        agent_appraisal = self.appraisals[self.emp_agent].with_user(self.user_manager)
        self.assertEqual(
            agent_appraisal.read(["employee_id"])[0]["employee_id"][0],
            self.emp_agent.id,
        )
        with self.assertRaises(AccessError):
            self.appraisals[self.emp_other_team].with_user(self.user_manager).read(
                ["name"]
            )
        # seeing is not scoring: only the direct supervisor scores
        appraisal = self.appraisals[self.emp_agent]
        self.walk(appraisal, "manager_review")
        with self.assertRaises(AccessError):
            self.line(appraisal, "ATT").with_user(self.user_manager).manager_value = 30
        self.assertEqual(self.line(appraisal, "ATT").manager_value, 0)

    def test_hr_sees_the_company(self):
        # every appraisal of the company, the demo data's too when installed
        Appraisal = self.env["hr.kpi.appraisal"]
        self.assertEqual(
            Appraisal.with_user(self.user_hr).search([]),
            Appraisal.search([("company_id", "=", self.company.id)]),
        )
        self.assertEqual(
            Appraisal.with_user(self.user_hr).search(
                [("id", "in", [a.id for a in self.appraisals.values()])]
            ),
            Appraisal.union(*self.appraisals.values()),
        )

    def test_multi_company_isolation(self):
        company_2 = self.env["res.company"].create({"name": "杭州分公司"})
        employee_2 = self.env["hr.employee"].create(
            {"name": "陈静", "company_id": company_2.id}
        )
        appraisal_2 = (
            self.env["hr.kpi.appraisal"]
            .with_company(company_2)
            .create(
                dict(
                    self.period,
                    employee_id=employee_2.id,
                    template_id=self.template.id,
                )
            )
        )
        self.assertEqual(appraisal_2.company_id, company_2)
        # an HR officer of company 1 only
        self.assertNotIn(employee_2, self.visible(self.user_hr))
        with self.assertRaises(AccessError):
            appraisal_2.with_user(self.user_hr).read(["total_score"])
        with self.assertRaises(AccessError):
            self.line(appraisal_2, "ATT").with_user(self.user_hr).read(["points"])
        # an HR officer of both companies, with both allowed
        user_hr_2 = new_test_user(
            self.env,
            "kpi_hr_group",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_hr",
            company_id=self.company.id,
            company_ids=[Command.set([self.company.id, company_2.id])],
        )
        both = [self.company.id, company_2.id]
        self.assertIn(employee_2, self.visible(user_hr_2, allowed_company_ids=both))
        self.assertEqual(
            self.visible(user_hr_2, allowed_company_ids=both),
            self.visible(self.user_hr) | employee_2,
        )
        # … but not while only company 1 is selected
        self.assertNotIn(
            employee_2, self.visible(user_hr_2, allowed_company_ids=[self.company.id])
        )
        self.assertEqual(
            self.visible(user_hr_2, allowed_company_ids=[company_2.id]), employee_2
        )
