from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from ..report import appraisal_form
from .common import CampaignCase


class CalibrationCase(CampaignCase):
    """The call centre's agents on the seeded grades a-e and their pay
    coefficients (P03: a 150%, b 125%, c 100%, d 75%, e 50%), no self review
    nor GM approval, under the seeded quotas per department (P04, blocking:
    a ≤5%, b ≤15%, so none of either in a team of two)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template_p03 = cls.env["hr.kpi.template"].create(
            cls._template_values(
                code="T-P03",
                self_review=False,
                gm_approval=False,
                grade_scale_id=cls.env.ref("hr_kpi_appraisal.kpi_grade_scale_p03").id,
                pay_rule_id=cls.env.ref("hr_kpi_appraisal.kpi_pay_rule_p03").id,
                job_ids=[Command.set(cls.job_agent.ids)],
            )
        )
        cls.template.job_ids = False
        cls.policy = cls.env.ref("hr_kpi_appraisal.kpi_distribution_policy_p04")
        cls.grades = {
            grade.code: grade
            for grade in cls.env.ref("hr_kpi_appraisal.kpi_grade_scale_p03").grade_ids
        }

    def calibrating(self, calibration=True, peer_scores=None):
        """The call centre's campaign, generated, its two agents scored by
        their lead (71.6 points, grade c; the peer's ``peer_scores`` and no
        complaint, if given) and reviewed by HR."""
        campaign = self.create_campaign(calibration=calibration)
        campaign.with_user(self.user_hr).action_generate()
        appraisals = campaign.appraisal_ids.sorted("id")
        self.assertEqual(len(appraisals), 2)
        for appraisal in appraisals:
            if peer_scores and appraisal.employee_id == self.emp_peer:
                self.fill_manager(appraisal, peer_scores, complaints=0)
                appraisal.with_user(self.user_lead).action_submit_manager()
            else:
                self.walk(appraisal, "hr_review")
        appraisals.with_user(self.user_hr).action_hr_approve()
        return campaign, appraisals

    def agent(self, appraisals):
        return appraisals.filtered(lambda a: a.employee_id == self.emp_agent)


@tagged("post_install", "-at_install")
class TestCalibration(CalibrationCase):
    """Calibration (绩效校准): moves with reasons, rights, pay, sign-off."""

    def test_calibration_stage_between_hr_review_and_sign_off(self):
        campaign, appraisals = self.calibrating()
        self.assertEqual(set(appraisals.mapped("state")), {"calibration"})
        self.assertTrue(all(appraisals.mapped("calibration")))
        # the template has no GM approval: calibration brings the sign-off
        self.assertFalse(self.template_p03.gm_approval)
        self.assertNotIn("gm_approval", appraisals[0].skipped_states)
        # HR gets the calibration to-dos
        self.assertEqual(self.kpi_activities(appraisals[0]).user_id, self.user_hr)
        agent = self.agent(appraisals)
        self.assertEqual(agent.grade_id, self.grades["c"])
        self.assertEqual(agent.calibrated_grade_id, self.grades["c"])
        self.assertAlmostEqual(agent.performance_pay, 1000.0)  # c: 100% of 1000
        appraisals.with_user(self.user_hr).action_finish_calibration()
        self.assertEqual(set(appraisals.mapped("state")), {"gm_approval"})
        with self.assertRaisesRegex(UserError, "sign the group off"):
            appraisals.with_user(self.user_gm).action_gm_approve()
        appraisals.with_user(self.user_gm).action_sign_off()
        self.assertEqual(set(appraisals.mapped("state")), {"done"})
        self.assertEqual(set(appraisals.mapped("approved_by_id")), {self.user_gm})
        self.assertIn("signed off 2", campaign.message_ids[0].body)

    def test_move_with_reason_keeps_score_and_pays_by_calibrated_grade(self):
        _campaign, appraisals = self.calibrating()
        agent = self.agent(appraisals)
        before = agent.message_ids
        agent.with_user(self.user_hr).action_calibrate(
            self.grades["d"], "多次迟到，投诉虽少但态度欠佳"
        )
        self.assertAlmostEqual(agent.total_score, 71.6)
        self.assertEqual(agent.grade_id, self.grades["c"])
        self.assertEqual(agent.calibrated_grade_id, self.grades["d"])
        self.assertAlmostEqual(agent.performance_pay, 750.0)  # d: 75% of 1000
        move = agent.sudo().calibration_ids
        self.assertEqual(
            (move.from_grade_id, move.to_grade_id, move.reason, move.user_id),
            (
                self.grades["c"],
                self.grades["d"],
                "多次迟到，投诉虽少但态度欠佳",
                self.user_hr,
            ),
        )
        self.assertAlmostEqual(move.total_score, 71.6)
        note = agent.message_ids - before
        self.assertEqual(len(note), 1)
        self.assertIn("Grade calibrated by HR Officer", note.body)
        # the note tells the employee nothing of the result before publication
        self.assertNotIn("Grade d", note.body)
        # signed off, the pay stays on the calibrated grade
        appraisals.with_user(self.user_hr).action_finish_calibration()
        appraisals.with_user(self.user_gm).action_sign_off()
        self.assertEqual(agent.calibrated_grade_id, self.grades["d"])
        self.assertAlmostEqual(agent.performance_pay, 750.0)

    def test_the_calibrated_grade_is_the_one_that_counts_afterwards(self):
        _campaign, appraisals = self.calibrating()
        agent = self.agent(appraisals)
        agent.with_user(self.user_hr).action_calibrate(self.grades["d"], "态度欠佳")
        appraisals.with_user(self.user_hr).action_finish_calibration()
        appraisals.with_user(self.user_gm).action_sign_off()
        # the history rules judge the calibrated grade
        results = agent._kpi_history_results(set())
        self.assertEqual(results[agent.id]["grade"], "d")
        # the employee's last grade, for HR at once, for the agent once published
        self.assertEqual(
            self.emp_agent.with_user(self.user_hr).kpi_last_grade_id, self.grades["d"]
        )
        mine = self.emp_agent.with_user(self.user_agent)
        self.assertFalse(mine.kpi_last_grade_id)
        agent.with_user(self.user_hr).action_publish()
        mine.invalidate_recordset()
        self.assertEqual(mine.kpi_last_grade_id, self.grades["d"])
        # the form shows the grade that counts and the one scored beside it
        form = appraisal_form.form_values(
            appraisal_form.readable(agent.with_user(self.user_hr))
        )
        self.assertEqual(
            (form["grade"], form["scored_grade"]), ("d – Grade d", "c – Grade c")
        )
        peer = appraisals - agent
        form = appraisal_form.form_values(
            appraisal_form.readable(peer.with_user(self.user_hr))
        )
        self.assertEqual((form["grade"], form["scored_grade"]), ("c – Grade c", ""))

    def test_move_without_reason_or_outside_the_stage_is_refused(self):
        _campaign, appraisals = self.calibrating()
        agent = self.agent(appraisals).with_user(self.user_hr)
        for reason in (False, "", "   "):
            with self.assertRaisesRegex(UserError, "Give the reason"):
                agent.action_calibrate(self.grades["a"], reason)
        foreign = self.env.ref("hr_kpi_appraisal.kpi_grade_scale_p07").grade_ids[0]
        with self.assertRaisesRegex(UserError, "is not a grade of the scale"):
            agent.action_calibrate(foreign, "理由")
        self.assertFalse(agent.sudo().calibration_ids)
        self.assertEqual(agent.calibrated_grade_id, self.grades["c"])
        appraisals.with_user(self.user_hr).action_finish_calibration()
        appraisals.with_user(self.user_gm).action_sign_off()
        with self.assertRaisesRegex(AccessError, "approved or cancelled"):
            agent.action_calibrate(self.grades["a"], "理由")
        self.assertEqual(agent.calibrated_grade_id, self.grades["c"])

    def test_moving_into_a_full_grade_is_refused(self):
        """P04 allows no b in a team of two: the move is refused, naming the
        grade and how far over it would be, and nothing is written."""
        _campaign, appraisals = self.calibrating()
        agent = self.agent(appraisals)
        before = agent.message_ids
        with self.assertRaisesRegex(
            UserError,
            r"Grade b of .* is full .*grade b has 1 where at most 0 are allowed "
            r"\(1 over\)",
        ):
            agent.with_user(self.user_hr).action_calibrate(self.grades["b"], "理由")
        self.assertEqual(agent.calibrated_grade_id, self.grades["c"])
        self.assertFalse(agent.sudo().calibration_ids)
        self.assertEqual(agent.message_ids, before)
        # under a warning policy the move goes through
        self.policy.mode = "warning"
        agent.with_user(self.user_hr).action_calibrate(self.grades["b"], "理由")
        self.assertEqual(agent.calibrated_grade_id, self.grades["b"])
        self.assertAlmostEqual(agent.performance_pay, 1250.0)  # b: 125% of 1000

    def test_a_group_over_its_quota_is_neither_finished_nor_signed_off(self):
        """The peer scored 85.6 (b) where the team may have no b: HR cannot
        finish, nor the approver sign off, until the peer is moved to c."""
        peer_scores = {"ATT": 32, "CUST": 5, "TEAM": 100}
        _campaign, appraisals = self.calibrating(peer_scores=peer_scores)
        peer = appraisals - self.agent(appraisals)
        self.assertAlmostEqual(peer.total_score, 85.6)
        self.assertEqual(peer.calibrated_grade_id, self.grades["b"])
        over = r"grade b has 1 where at most 0 are allowed \(1 over\)"
        with self.assertRaisesRegex(UserError, over):
            appraisals.with_user(self.user_hr).action_finish_calibration()
        self.assertEqual(set(appraisals.mapped("state")), {"calibration"})
        # finished while the policy only warned, then made blocking again
        self.policy.mode = "warning"
        appraisals.with_user(self.user_hr).action_finish_calibration()
        self.policy.mode = "blocking"
        with self.assertRaisesRegex(UserError, over):
            appraisals.with_user(self.user_gm).action_sign_off()
        self.assertEqual(set(appraisals.mapped("state")), {"gm_approval"})
        # the approver returns the group to HR, who moves the peer to c
        appraisals.with_user(self.user_gm).action_send_back()
        self.assertEqual(set(appraisals.mapped("state")), {"calibration"})
        peer.with_user(self.user_hr).action_calibrate(
            self.grades["c"], "本组 b 级名额为 0"
        )
        appraisals.with_user(self.user_hr).action_finish_calibration()
        appraisals.with_user(self.user_gm).action_sign_off()
        self.assertEqual(set(appraisals.mapped("state")), {"done"})
        self.assertEqual(peer.grade_id, self.grades["b"])
        self.assertEqual(peer.calibrated_grade_id, self.grades["c"])

    def test_only_hr_calibrates_and_only_the_approver_signs_off(self):
        _campaign, appraisals = self.calibrating()
        agent = self.agent(appraisals)
        for user in (self.user_agent, self.user_lead):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                agent.with_user(user).action_calibrate(self.grades["a"], "理由")
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                agent.with_user(user).action_finish_calibration()
        self.assertFalse(agent.with_user(self.user_lead).can_calibrate)
        self.assertTrue(agent.with_user(self.user_hr).can_calibrate)
        # nobody writes the calibrated grade by hand, not even HR
        with self.assertRaisesRegex(AccessError, "only through the appraisal workflow"):
            agent.with_user(self.user_hr).write(
                {"calibrated_grade_id": self.grades["a"].id}
            )
        with self.assertRaisesRegex(AccessError, "only through the appraisal workflow"):
            agent.with_user(self.user_hr).write(
                {"calibration_grade_id": self.grades["a"].id}
            )
        appraisals.with_user(self.user_hr).action_finish_calibration()
        with self.assertRaises(AccessError):
            appraisals.with_user(self.user_hr).action_sign_off()
        self.assertEqual(set(appraisals.mapped("state")), {"gm_approval"})

    def test_other_company_is_refused(self):
        _campaign, appraisals = self.calibrating()
        agent = self.agent(appraisals)
        other = self.env["res.company"].create({"name": "分公司"})
        self.user_hr.write({"company_ids": [Command.link(other.id)]})
        as_other = agent.with_user(self.user_hr).with_context(
            allowed_company_ids=other.ids
        )
        with self.assertRaisesRegex(AccessError, "not working in"):
            as_other.action_calibrate(self.grades["a"], "理由")
        self.assertFalse(agent.sudo().calibration_ids)

    def test_send_back_starts_the_calibration_over(self):
        _campaign, appraisals = self.calibrating()
        agent = self.agent(appraisals)
        agent.with_user(self.user_hr).action_calibrate(self.grades["d"], "理由")
        agent.with_user(self.user_hr).action_send_back()
        self.assertEqual(agent.state, "manager_review")
        self.assertEqual(agent.calibrated_grade_id, self.grades["c"])
        self.assertAlmostEqual(agent.performance_pay, 1000.0)
        # the history keeps the move
        self.assertEqual(len(agent.sudo().calibration_ids), 1)

    def test_switched_off_keeps_the_old_flow(self):
        _campaign, appraisals = self.calibrating(calibration=False)
        # HR's approval is the last one, as the template has no GM approval
        self.assertEqual(set(appraisals.mapped("state")), {"done"})
        self.assertEqual(
            appraisals[0].skipped_states, "self_review,calibration,gm_approval"
        )
        agent = self.agent(appraisals)
        self.assertEqual(agent.calibrated_grade_id, self.grades["c"])
        self.assertAlmostEqual(agent.performance_pay, 1000.0)

    def test_switching_the_campaign(self):
        campaign = self.create_campaign()
        campaign.with_user(self.user_hr).action_generate()
        appraisals = campaign.appraisal_ids
        self.assertFalse(any(appraisals.mapped("calibration")))
        campaign.with_user(self.user_hr).calibration = True
        self.assertTrue(all(appraisals.mapped("calibration")))
        for appraisal in appraisals:
            self.walk(appraisal, "hr_review")
        appraisals.with_user(self.user_hr).action_hr_approve()
        self.assertEqual(set(appraisals.mapped("state")), {"calibration"})
        with self.assertRaisesRegex(UserError, "is being calibrated"):
            campaign.with_user(self.user_hr).calibration = False
        self.assertTrue(campaign.calibration)

    def test_board_columns_show_the_quotas(self):
        campaign, _appraisals = self.calibrating()
        board = campaign.with_user(self.user_hr).action_calibration_board()
        groups = (
            self.env["hr.kpi.appraisal"]
            .with_user(self.user_hr)
            .with_context(board["context"])
            .web_read_group(
                board["domain"], ["calibrated_grade_id"], ["calibrated_grade_id"]
            )["groups"]
        )
        titles = [group["calibrated_grade_id"][1] for group in groups]
        # a team of two: c ≈65% is 1 (two there, one over), a and b none
        self.assertEqual(
            titles,
            [
                "Grade a · 0 (≤ 0) · +0",
                "Grade b · 0 (≤ 0) · +0",
                "Grade c · 2 (≈ 1) · +1",
                "Grade d · 0 (≈ 0) · +0",
                "Grade e · 0 (≈ 0) · +0",
            ],
        )
        # the graph's target series: the target, else the maximum, per grade
        Appraisal = self.env["hr.kpi.appraisal"]
        targets = Appraisal.with_user(self.user_hr).calibration_board_targets(
            board["domain"]
        )
        self.assertEqual(
            [(grade["name"], grade["people"]) for grade in targets],
            [("Grade a", 0), ("Grade b", 0), ("Grade c", 1), ("Grade d", 0)]
            + [("Grade e", 0)],
        )
        # nobody else learns the department's grades from them
        with self.assertRaises(AccessError):
            Appraisal.with_user(self.user_lead).calibration_board_targets(
                board["domain"]
            )
        titles = Appraisal.with_user(self.user_lead).with_context(board["context"])
        groups = titles.web_read_group(
            [("campaign_id", "=", campaign.id)],
            ["calibrated_grade_id"],
            ["calibrated_grade_id"],
        )["groups"]
        self.assertEqual(
            [
                group["calibrated_grade_id"][1]
                for group in groups
                if group["calibrated_grade_id_count"]
            ],
            ["Grade c"],
        )

    def test_board_buttons_act_on_the_board(self):
        campaign, appraisals = self.calibrating()
        board = campaign.with_user(self.user_hr).action_calibration_board()
        Appraisal = self.env["hr.kpi.appraisal"]
        Appraisal.with_user(self.user_hr).with_context(
            active_domain=board["domain"]
        ).action_finish_calibration_board()
        self.assertEqual(set(appraisals.mapped("state")), {"gm_approval"})
        as_gm = Appraisal.with_user(self.user_gm).with_context(
            active_domain=board["domain"]
        )
        as_gm.action_sign_off_board()
        self.assertEqual(set(appraisals.mapped("state")), {"done"})
        with self.assertRaisesRegex(UserError, "No appraisal on the board"):
            as_gm.action_sign_off_board()
        # the board's columns: every grade of the scale, empty ones included
        groups = Appraisal.with_user(self.user_hr).read_group(
            [("campaign_id", "=", campaign.id)],
            ["calibrated_grade_id"],
            ["calibrated_grade_id"],
        )
        self.assertEqual(len(groups), 5)

    def test_wizard_moves_with_the_reason(self):
        _campaign, appraisals = self.calibrating()
        agent = self.agent(appraisals).with_user(self.user_hr)
        action = agent.action_open_calibrate()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_hr)
            .with_context(action["context"])
            .create({"grade_id": self.grades["e"].id, "reason": "重大服务失误"})
        )
        self.assertEqual(wizard.scale_id, agent.grade_scale_id)
        wizard.action_confirm()
        self.assertEqual(agent.calibrated_grade_id, self.grades["e"])
        self.assertAlmostEqual(agent.performance_pay, 500.0)  # e: 50% of 1000


@tagged("post_install", "-at_install")
class TestCalibrationTour(CalibrationCase, HttpCase):
    """The calibration board in a browser: HR drags a card and gives a reason."""

    def test_drag_a_card_and_give_a_reason(self):
        campaign = self.create_campaign(calibration=True)
        campaign.with_user(self.user_hr).action_generate()
        appraisals = campaign.appraisal_ids
        agent = self.agent(appraisals)
        agent.with_user(self.user_lead).note = "<p>服务热情，带新人</p>"
        for appraisal in appraisals:
            self.walk(appraisal, "hr_review")
        appraisals.with_user(self.user_hr).action_hr_approve()
        self.start_tour(
            "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action_calibration",
            "hr_kpi_appraisal_calibration_board",
            login=self.user_hr.login,
        )
        self.assertEqual(agent.calibrated_grade_id, self.grades["d"])
        self.assertEqual(agent.sudo().calibration_ids.reason, "多次迟到，态度欠佳")
        self.assertAlmostEqual(agent.total_score, 71.6)
