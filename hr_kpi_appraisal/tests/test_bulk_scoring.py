from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import CampaignCase

SCORES = {"ATT": 32, "CUST": 3, "TEAM": 80}


@tagged("post_install", "-at_install")
class TestBulkScoring(CampaignCase):
    """A supervisor scores their team's lines of a campaign in one list and
    submits them at once, with the rights and checks of the appraisal form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template.self_review = False
        # another team, supervised by the HR officer
        cls.emp_other = cls.env["hr.employee"].create(
            {
                "name": "林峰",
                "department_id": cls.dept_team.id,
                "job_id": cls.job_agent.id,
                "parent_id": cls.emp_hr.id,
            }
        )
        cls.campaign = cls.env["hr.kpi.campaign"].create(
            {
                "name": "2026-10 呼叫中心",
                "date_from": cls.period["date_from"],
                "department_ids": [Command.set(cls.dept_centre.ids)],
            }
        )
        cls.campaign.with_user(cls.user_hr).action_generate()
        cls.action = cls.env.ref(
            "hr_kpi_appraisal.hr_kpi_appraisal_line_action_score_team"
        )

    def team_lines(self, user):
        """The lines the Score My Team list shows ``user`` for the campaign."""
        domain = safe_eval(self.action.domain, {"uid": user.id}) + [
            ("state", "=", "manager_review"),
            ("campaign_id", "=", self.campaign.id),
        ]
        return self.env["hr.kpi.appraisal.line"].with_user(user).search(domain)

    def appraisal_of(self, employee):
        return self.campaign.appraisal_ids.filtered(lambda a: a.employee_id == employee)

    @staticmethod
    def score(lines, scores=SCORES):
        """Type the scores in the list, line by line, as the user."""
        for line in lines.filtered(lambda line: line.code in scores):
            line.manager_value = scores[line.code]
        lines.filtered(lambda line: line.code == "RESP").actual_value = 45

    def test_supervisor_scores_and_submits_the_team(self):
        lines = self.team_lines(self.user_lead)
        team = self.appraisal_of(self.emp_agent) | self.appraisal_of(self.emp_peer)
        self.assertEqual(lines.appraisal_id, team)
        self.assertEqual(lines.employee_id, self.emp_agent | self.emp_peer)
        self.assertEqual(len(lines), 12)
        self.score(lines)
        result = lines.action_submit_team_scores()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(set(team.mapped("state")), {"hr_review"})
        # the supervisor counts 100%: KPI (32 + 30 + 30) * 0.8 + CPI (30 + 40) * 0.2
        self.assertEqual(team.mapped("total_score"), [87.6, 87.6])
        self.assertEqual(self.appraisal_of(self.emp_other).state, "manager_review")
        # submitted lines leave the list and can no longer be changed
        self.assertFalse(self.team_lines(self.user_lead))
        with self.assertRaises(AccessError):
            lines[0].manager_value = 10

    def test_batch_sends_one_message_per_actor(self):
        """HR gets one to-do per appraisal but one message for the batch, not
        one email per appraisal; a single appraisal gets Odoo's usual email."""
        Message = self.env["mail.message"].sudo()
        hr_partner = self.user_hr.partner_id
        before = Message.search([("partner_ids", "in", hr_partner.ids)])
        lines = self.team_lines(self.user_lead)
        self.score(lines)
        lines.action_submit_team_scores()
        team = lines.appraisal_id
        todos = team.activity_ids.filtered(lambda a: a.user_id == self.user_hr)
        self.assertEqual(len(todos), 2)
        messages = Message.search([("partner_ids", "in", hr_partner.ids)]) - before
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.message_type, "user_notification")
        self.assertFalse(messages.model)
        self.assertEqual(
            messages.subject, "KPI appraisals are waiting for your HR review"
        )
        self.assertIn("hr_kpi_appraisal_action_waiting", messages.body)
        self.assertEqual(messages.author_id, self.user_lead.partner_id)

    def test_single_appraisal_gets_the_usual_activity_email(self):
        Message = self.env["mail.message"].sudo()
        lines = self.team_lines(self.user_lead).filtered(
            lambda line: line.employee_id == self.emp_agent
        )
        self.score(lines)
        lines.action_submit_team_scores()
        messages = Message.search(
            [("partner_ids", "in", self.user_hr.partner_id.ids)]
        ).filtered(lambda m: m.message_type == "user_notification")
        self.assertEqual(messages.model, "hr.kpi.appraisal")
        self.assertEqual(messages.res_id, lines.appraisal_id.id)
        self.assertIn("assigned to you", messages.subject)

    def test_score_my_team_screen(self):
        """The list, its search panel of campaigns and its inline edit."""
        Line = self.env["hr.kpi.appraisal.line"].with_user(self.user_lead)
        views = Line.get_views(
            [
                (self.action.view_id.id, "list"),
                (self.action.search_view_id.id, "search"),
            ]
        )
        self.assertIn("action_submit_team_scores", views["views"]["list"]["arch"])
        panel = Line.search_panel_select_range(
            "campaign_id",
            search_domain=safe_eval(self.action.domain, {"uid": self.user_lead.id}),
            enable_counters=True,
        )
        self.assertEqual(
            [(value["id"], value["__count"]) for value in panel["values"]],
            [(self.campaign.id, 12)],
        )
        lines = self.team_lines(self.user_lead)
        groups = Line.web_read_group(
            [("id", "in", lines.ids)], ["employee_id"], ["employee_id"]
        )
        self.assertEqual(groups["length"], 2)
        line = lines.filtered(lambda line: line.code == "ATT")[0]
        line.web_save({"manager_value": 35, "note": "态度很好"}, {"points": {}})
        self.assertEqual(line.points, 35)

    def test_supervisor_cannot_score_or_submit_another_team(self):
        other = self.appraisal_of(self.emp_other)
        other_lines = other.line_ids.with_user(self.user_lead)
        self.assertNotIn(other, self.team_lines(self.user_lead).appraisal_id)
        with self.assertRaises(AccessError):
            other_lines[0].manager_value = 40
        with self.assertRaises(AccessError):
            other_lines.action_submit_team_scores()
        # nor by mixing them with their own team's lines
        own_lines = self.team_lines(self.user_lead)
        self.score(own_lines)
        with self.assertRaises(AccessError):
            (own_lines | other_lines).action_submit_team_scores()
        self.assertEqual(other.state, "manager_review")
        self.assertEqual(
            set(own_lines.appraisal_id.mapped("state")), {"manager_review"}
        )
        self.assertFalse(other.line_ids.filtered("manager_value"))
        # the HR officer scores their own team the same way
        hr_lines = self.team_lines(self.user_hr)
        self.assertEqual(hr_lines.appraisal_id, other)
        self.score(hr_lines)
        hr_lines.action_submit_team_scores()
        self.assertEqual(other.state, "hr_review")

    def test_employee_cannot_bulk_score(self):
        own = self.appraisal_of(self.emp_agent)
        self.assertFalse(self.team_lines(self.user_agent))
        own_lines = own.line_ids.with_user(self.user_agent)
        with self.assertRaises(AccessError):
            own_lines.filtered(lambda line: line.code == "ATT").manager_value = 40
        self.score(own.line_ids.with_user(self.user_lead))
        with self.assertRaises(AccessError) as error:
            own_lines.action_submit_team_scores()
        self.assertIn(own.display_name, str(error.exception))
        self.assertEqual(own.state, "manager_review")

    def test_incomplete_appraisal_is_named_and_nothing_is_submitted(self):
        lines = self.team_lines(self.user_lead)
        peer = self.appraisal_of(self.emp_peer)
        self.score(lines.filtered(lambda line: line.appraisal_id != peer))
        self.score(
            lines.filtered(lambda line: line.appraisal_id == peer),
            {"ATT": 30, "TEAM": 70},
        )
        with self.assertRaises(ValidationError) as error:
            # as from the web client, which always sends the language
            lines.with_context(lang="en_US").action_submit_team_scores()
        self.assertIn(peer.display_name, str(error.exception))
        self.assertEqual(set(lines.appraisal_id.mapped("state")), {"manager_review"})
