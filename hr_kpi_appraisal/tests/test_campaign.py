from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import mute_logger

from ..engine import EXCLUSION_CODES
from ..models.hr_kpi_campaign_exclusion import EXCLUSION_NOTES, EXCLUSION_REASONS
from .common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignGeneration(CampaignCase):
    """Who is appraised, who is excluded and why, and what is generated."""

    def test_generate_appraises_the_scope_and_lists_exclusions(self):
        campaign = self.create_campaign()
        self.assertEqual(campaign.date_to, date(2026, 10, 31))
        campaign.with_user(self.user_hr).action_generate()
        self.assertEqual(campaign.state, "open")
        appraisals = campaign.appraisal_ids
        self.assertEqual(appraisals.employee_id, self.emp_agent | self.emp_peer)
        self.assertEqual(appraisals.template_id, self.template)
        self.assertEqual(set(appraisals.mapped("state")), {"self_review"})
        self.assertEqual(appraisals.mapped("date_to"), [date(2026, 10, 31)] * 2)
        # the lines are snapshots of the template, in every appraisal
        for appraisal in appraisals:
            self.assertEqual(
                appraisal.line_ids.mapped("code"),
                ["ATT", "RESP", "COMPL", "CUST", "TEAM", "VETO"],
            )
            self.assertEqual(self.line(appraisal, "COMPL").input_ids.code, "complaint")
        self.assertEqual(
            appraisals.filtered(
                lambda a: a.employee_id == self.emp_agent
            ).performance_base,
            1000.0,
        )
        # the team lead's job has no template: listed, with the reason
        exclusions = self.exclusions(campaign)
        self.assertEqual(set(exclusions), {self.emp_lead})
        self.assertEqual(exclusions[self.emp_lead].reason, "no_template")
        self.assertIn("话务组长", exclusions[self.emp_lead].note)
        self.assertEqual(campaign.with_user(self.user_hr).excluded_count, 1)
        self.assertEqual(campaign.with_user(self.user_hr).generation_total, 3)
        # each employee has the self-review to-do, due today without deadline
        agent_appraisal = appraisals.filtered(lambda a: a.employee_id == self.emp_agent)
        activity = self.kpi_activities(agent_appraisal)
        self.assertEqual(activity.user_id, self.user_agent)
        self.assertEqual(activity.date_deadline, fields.Date.context_today(activity))
        self.assertIn(self.user_agent.partner_id, agent_appraisal.message_partner_ids)
        self.env.flush_all()
        self.assertTrue(
            any(campaign.name in str(m.body) for m in agent_appraisal.message_ids)
        )

    def test_generate_again_adds_new_employees_only(self):
        campaign = self.create_campaign()
        campaign.with_user(self.user_hr).action_generate()
        first = campaign.appraisal_ids
        newcomer = self.add_agent("刘洋")
        campaign.with_user(self.user_hr).action_generate()
        self.assertEqual(
            campaign.appraisal_ids - first,
            campaign.appraisal_ids.filtered(lambda a: a.employee_id == newcomer),
        )
        self.assertEqual(len(campaign.appraisal_ids), 3)
        self.assertEqual(set(self.exclusions(campaign)), {self.emp_lead})

    def test_scope_by_job_employee_and_archived(self):
        other_dept = self.env["hr.department"].create({"name": "二组"})
        by_job = self.add_agent("赵敏", department_id=other_dept.id)
        archived = self.add_agent("钱进")
        archived.action_archive()
        campaign = self.create_campaign(
            department_ids=[],
            job_ids=[Command.set(self.job_agent.ids)],
            employee_ids=[Command.set(self.emp_lead.ids)],
        )
        campaign.with_user(self.user_hr).action_generate()
        self.assertEqual(
            campaign.appraisal_ids.employee_id,
            self.emp_agent | self.emp_peer | by_job,
        )
        self.assertEqual(set(self.exclusions(campaign)), {self.emp_lead})

    def test_form_sets_the_period_and_shows_the_campaign(self):
        with Form(self.env["hr.kpi.campaign"].with_user(self.user_hr)) as form:
            form.name = "2026 Q4"
            form.period_type = "quarter"
            form.date_from = date(2026, 10, 1)
            self.assertEqual(form.date_to, date(2026, 12, 31))
            form.department_ids.add(self.dept_team)
        campaign = form.record
        campaign.with_user(self.user_hr).action_generate()
        self.assertEqual(len(campaign.appraisal_ids), 2)
        # the team's supervisor sees the campaign, not its scope or exclusions;
        # employees see their appraisal only
        self.assertEqual(Form(campaign.with_user(self.user_lead)).name, "2026 Q4")
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_agent).read(["name"])
        own = campaign.appraisal_ids.filtered(lambda a: a.employee_id == self.emp_agent)
        self.assertEqual(own.with_user(self.user_agent).campaign_id, campaign)

    def test_empty_scope_is_refused(self):
        campaign = self.create_campaign(department_ids=[])
        with self.assertRaises(UserError):
            campaign.with_user(self.user_hr).action_generate()

    def test_overrides_per_employee_and_job(self):
        lead_template = self.create_template("T-LEAD", name="组长 monthly")
        peer_template = self.create_template("T-PEER", name="资深话务员 monthly")
        campaign = self.create_campaign(
            override_ids=[
                Command.create(
                    {"job_id": self.job_lead.id, "template_id": lead_template.id}
                ),
                Command.create(
                    {"employee_id": self.emp_peer.id, "template_id": peer_template.id}
                ),
            ]
        )
        campaign.with_user(self.user_hr).action_generate()
        templates = {a.employee_id: a.template_id for a in campaign.appraisal_ids}
        self.assertEqual(
            templates,
            {
                self.emp_agent: self.template,
                self.emp_peer: peer_template,
                self.emp_lead: lead_template,
            },
        )
        self.assertFalse(self.exclusions(campaign))

    def test_hr_officer_in_scope_gets_own_appraisal(self):
        campaign = self.create_campaign(
            employee_ids=[Command.set(self.emp_hr.ids)],
            override_ids=[
                Command.create(
                    {"employee_id": self.emp_hr.id, "template_id": self.template.id}
                )
            ],
        )
        campaign.with_user(self.user_hr).action_generate()
        own = campaign.appraisal_ids.filtered(lambda a: a.employee_id == self.emp_hr)
        self.assertEqual(own.state, "self_review")
        self.assertEqual(own.create_uid, self.user_hr)
        self.assertEqual(self.kpi_activities(own).user_id, self.user_hr)
        # yet nobody manages their own appraisal afterwards
        with self.assertRaises(UserError):
            own.with_user(self.user_hr).action_cancel()

    def test_already_appraised(self):
        manual = self.create_appraisal(employee=self.emp_peer)
        campaign = self.create_campaign()
        campaign.with_user(self.user_hr).action_generate()
        exclusion = self.exclusions(campaign)[self.emp_peer]
        self.assertEqual(exclusion.reason, "already_appraised")
        self.assertIn(manual.display_name, exclusion.note)
        self.assertEqual(campaign.appraisal_ids.employee_id, self.emp_agent)
        # a cancelled appraisal does not count
        manual.with_user(self.user_hr).action_cancel()
        campaign.with_user(self.user_hr).action_generate()
        self.assertEqual(
            campaign.appraisal_ids.employee_id, self.emp_agent | self.emp_peer
        )

    def test_under_minimum_attendance_days(self):
        """S04: staff with under 5 attendance days in the month are not appraised."""
        self.template.min_attendance_days = 5
        on_leave = self.add_agent("孙丽")
        # October 2026: back on Wednesday the 28th, 3 working days
        self.time_off(on_leave, date(2026, 10, 1), date(2026, 10, 27))
        newcomer = self.add_agent("周杰")
        self.env["hr.contract"].create(
            {
                "name": "周杰 contract",
                "employee_id": newcomer.id,
                "wage": 4000.0,
                "date_start": date(2026, 10, 27),
                "state": "open",
            }
        )
        just_enough = self.add_agent("吴刚")
        self.time_off(just_enough, date(2026, 10, 1), date(2026, 10, 23))
        campaign = self.create_campaign()
        campaign.with_user(self.user_hr).action_generate()
        exclusions = self.exclusions(campaign)
        self.assertEqual(exclusions[on_leave].reason, "min_attendance")
        self.assertIn("3", exclusions[on_leave].note)
        self.assertEqual(exclusions[newcomer].reason, "min_attendance")
        self.assertIn("4", exclusions[newcomer].note)
        self.assertNotIn(just_enough, exclusions)  # 26th–30th: 5 days
        self.assertIn(just_enough, campaign.appraisal_ids.employee_id)

    def test_absent_the_whole_month(self):
        """S33: absent a whole month, not appraised."""
        absent = self.add_agent("郑爽")
        self.time_off(absent, date(2026, 9, 28), date(2026, 11, 2))
        campaign = self.create_campaign()
        campaign.with_user(self.user_hr).action_generate()
        exclusion = self.exclusions(campaign)[absent]
        self.assertEqual(exclusion.reason, "absent_whole_period")
        self.assertIn("22", exclusion.note)  # working days of October 2026
        self.assertNotIn(absent, campaign.appraisal_ids.employee_id)

    def test_absent_over_two_months_of_a_quarter(self):
        """《客服部绩效考核管理制度》: absent over 2 months of the period, not appraised."""
        long_absent = self.add_agent("王磊")
        self.time_off(long_absent, date(2026, 10, 1), date(2026, 12, 10))
        short_absent = self.add_agent("冯云")
        self.time_off(short_absent, date(2026, 10, 1), date(2026, 11, 20))
        campaign = self.create_campaign(period_type="quarter")
        self.assertEqual(campaign.date_to, date(2026, 12, 31))
        campaign.with_user(self.user_hr).action_generate()
        exclusions = self.exclusions(campaign)
        self.assertEqual(exclusions[long_absent].reason, "absent_over_two_months")
        self.assertIn("43", exclusions[long_absent].note)  # Oct + Nov working days
        self.assertNotIn(short_absent, exclusions)
        self.assertIn(short_absent, campaign.appraisal_ids.employee_id)

    def test_monthly_period_has_no_two_month_rule(self):
        absent = self.add_agent("陈晨")
        self.time_off(absent, date(2026, 10, 1), date(2026, 10, 29))
        campaign = self.create_campaign()
        campaign.with_user(self.user_hr).action_generate()
        self.assertIn(absent, campaign.appraisal_ids.employee_id)

    def test_every_engine_exclusion_has_a_reason_and_a_chinese_note(self):
        self.assertEqual(set(EXCLUSION_CODES), set(dict(EXCLUSION_REASONS)))
        self.assertEqual(set(EXCLUSION_CODES), set(EXCLUSION_NOTES))
        params = {"job": "话务组长", "appraisal": "李娜", "scheduled": "22"}
        params.update(absent="50", limit="43", days="3", minimum="5")
        for code, note in EXCLUSION_NOTES.items():
            chinese = note._translate("zh_CN") % params
            self.assertNotEqual(chinese, note._translate("en_US") % params, code)
        self.assertEqual(
            EXCLUSION_NOTES["already_appraised"]._translate("zh_CN") % params,
            "已有考核单“李娜”。",
        )

    def test_only_hr_generates(self):
        campaign = self.create_campaign()
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_lead).action_generate()
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_lead).action_close()
        self.assertFalse(campaign.appraisal_ids)
        with self.assertRaises(AccessError):
            self.env["hr.kpi.campaign.exclusion"].with_user(self.user_lead).search([])


@tagged("post_install", "-at_install")
class TestDefaultTemplate(CampaignCase):
    """An appraisal made by hand gets the template of the employee's job, the
    one a campaign gives when it has no override."""

    def test_create_and_form_take_the_job_template(self):
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.user_hr)
        appraisals = Appraisal.create(
            [
                dict(self.period, employee_id=employee.id)
                for employee in (self.emp_agent, self.emp_peer)
            ]
        )
        self.assertEqual(appraisals.mapped("template_id"), self.template)
        self.assertEqual(len(appraisals.line_ids), 12)
        with Form(Appraisal) as form:
            form.employee_id = self.emp_agent
            self.assertEqual(form.template_id, self.template)
            form.date_from = date(2026, 11, 1)
            form.date_to = date(2026, 11, 30)
        self.assertEqual(form.record.template_id, self.template)

    def test_first_template_of_the_job_in_template_order(self):
        later = self.create_template("T-LATER", name="话务员 later")
        later.job_ids = self.job_agent
        self.assertEqual(
            (self.emp_agent | self.emp_lead)._kpi_default_templates(),
            {self.emp_agent.id: self.template},
        )
        later.sequence = self.template.sequence - 1
        self.assertEqual(
            self.emp_agent._kpi_default_templates(), {self.emp_agent.id: later}
        )

    def test_without_job_template_the_template_must_be_chosen(self):
        with self.assertRaisesRegex(UserError, "话务组长"):
            self.env["hr.kpi.appraisal"].with_user(self.user_hr).create(
                dict(self.period, employee_id=self.emp_lead.id)
            )


@tagged("post_install", "-at_install")
class TestCampaignBackground(CampaignCase):
    """Large campaigns are generated by the cron, chunk by chunk, resumably."""

    def test_background_generation_resumes_without_duplicates(self):
        agents = self.emp_agent | self.emp_peer
        for index in range(5):
            agents |= self.add_agent(f"话务员 {index}")
        self.env["ir.config_parameter"].sudo().set_param(
            "hr_kpi_appraisal.campaign_sync_limit", 3
        )
        cron = self.env.ref("hr_kpi_appraisal.ir_cron_kpi_campaign_generate")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        campaign = self.create_campaign()
        campaign.with_user(self.user_hr).action_generate()
        self.assertEqual(campaign.state, "generating")
        self.assertFalse(campaign.appraisal_ids)
        self.assertEqual(campaign.with_user(self.user_hr).generation_total, 8)
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
        )
        # nothing may be changed or closed meanwhile
        with self.assertRaises(UserError):
            campaign.with_user(self.user_hr).action_close()
        with self.assertRaises(UserError):
            campaign.with_user(self.user_hr).action_generate()

        # the first run is interrupted after one chunk of three employees
        Campaign = self.env["hr.kpi.campaign"]
        Campaign._cron_generate(max_chunks=1, chunk_size=3)
        self.assertEqual(campaign.state, "generating")
        # by id: the team lead (excluded), the agent and the peer
        self.assertEqual(
            campaign.appraisal_ids.employee_id, self.emp_agent | self.emp_peer
        )
        self.assertEqual(set(self.exclusions(campaign)), {self.emp_lead})
        # the next run resumes with the employees still pending
        Campaign._cron_generate(chunk_size=3)
        self.assertEqual(campaign.state, "open")
        self.assertEqual(campaign.appraisal_ids.employee_id, agents)
        self.assertEqual(len(campaign.appraisal_ids), len(agents))
        self.assertEqual(set(self.exclusions(campaign)), {self.emp_lead})
        self.assertEqual(campaign.appraisal_ids.create_uid, self.user_hr)
        self.assertEqual(set(campaign.appraisal_ids.mapped("state")), {"self_review"})
        # a further run has nothing left to do
        Campaign._cron_generate(chunk_size=3)
        self.assertEqual(len(campaign.appraisal_ids), len(agents))

    def test_failing_chunk_returns_the_campaign(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "hr_kpi_appraisal.campaign_sync_limit", 1
        )
        campaign = self.create_campaign()
        campaign.with_user(self.user_hr).action_generate()
        with (
            patch.object(
                type(campaign),
                "_create_appraisals",
                side_effect=UserError("The template is broken."),
            ),
            mute_logger("odoo.addons.hr_kpi_appraisal.models.hr_kpi_campaign"),
        ):
            self.env["hr.kpi.campaign"]._cron_generate()
        self.assertEqual(campaign.state, "draft")
        self.assertFalse(campaign.appraisal_ids)
        self.assertFalse(campaign.sudo().exclusion_ids)
        self.assertIn("The template is broken.", str(campaign.message_ids[0].body))


@tagged("post_install", "-at_install")
class TestCampaignProgress(CampaignCase):
    """Counts per state and department, late appraisals, reminders, closing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template.self_review = False
        cls.dept_other = cls.env["hr.department"].create({"name": "二组"})
        cls.emp_other = cls.env["hr.employee"].create(
            {
                "name": "林峰",
                "department_id": cls.dept_other.id,
                "job_id": cls.job_agent.id,
                "parent_id": cls.emp_lead.id,
            }
        )

    def generated(self, **values):
        campaign = self.create_campaign(
            department_ids=[Command.set((self.dept_team | self.dept_other).ids)],
            **values,
        )
        campaign.with_user(self.user_hr).action_generate()
        return campaign

    def appraisal_of(self, campaign, employee):
        return campaign.appraisal_ids.filtered(lambda a: a.employee_id == employee)

    def test_counts_per_state_and_department(self):
        campaign = self.generated()
        agent = self.appraisal_of(campaign, self.emp_agent)
        self.fill_manager(agent)
        agent.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(campaign.appraisal_count, 3)
        self.assertEqual(campaign.late_count, 0)
        counts = self.env["hr.kpi.appraisal"]._read_group(
            [("campaign_id", "=", campaign.id)], ["department_id", "state"], ["__count"]
        )
        self.assertEqual(
            set(counts),
            {
                (self.dept_team, "manager_review", 1),
                (self.dept_team, "hr_review", 1),
                (self.dept_other, "manager_review", 1),
            },
        )
        summary = str(campaign.progress_summary)
        for text in ("一组", "二组", "Supervisor Review", "HR Review"):
            self.assertIn(text, summary)
        action = campaign.action_view_progress()
        self.assertEqual(action["views"][0][1], "pivot")
        self.assertEqual(action["context"]["pivot_column_groupby"], ["state"])
        self.assertEqual(
            self.env["hr.kpi.appraisal"].search(action["domain"]),
            campaign.appraisal_ids,
        )

    def test_late_appraisals(self):
        today = fields.Date.context_today(self.env.user)
        campaign = self.generated(manager_deadline=today - timedelta(days=1))
        agent = self.appraisal_of(campaign, self.emp_agent)
        self.fill_manager(agent)
        agent.with_user(self.user_lead).action_submit_manager()
        # two still in supervisor review after its deadline
        self.assertEqual(campaign.late_count, 2)
        late = self.env["hr.kpi.appraisal"].search(
            campaign.action_view_late()["domain"]
        )
        self.assertEqual(late.employee_id, self.emp_peer | self.emp_other)
        # the HR deadline passing makes the HR review late too
        campaign.hr_deadline = today - timedelta(days=1)
        self.assertEqual(campaign.late_count, 3)

    def test_activities_are_due_on_the_stage_deadline(self):
        deadline = fields.Date.context_today(self.env.user) + timedelta(days=10)
        campaign = self.generated(manager_deadline=deadline)
        activity = self.kpi_activities(self.appraisal_of(campaign, self.emp_agent))
        self.assertEqual(activity.user_id, self.user_lead)
        self.assertEqual(activity.date_deadline, deadline)

    def test_the_employee_submits_to_the_campaign_deadline(self):
        """Employees cannot read campaigns, yet submitting their self review
        gives the supervisor a to-do due on the campaign's deadline."""
        self.template.self_review = True
        deadline = fields.Date.context_today(self.env.user) + timedelta(days=10)
        campaign = self.generated(manager_deadline=deadline)
        agent = self.appraisal_of(campaign, self.emp_agent)
        self.assertEqual(agent.state, "self_review")
        with self.assertRaises(AccessError):
            campaign.with_user(self.user_agent).check_access("read")
        self.fill_self(agent)
        agent.with_user(self.user_agent).action_submit_self()
        activity = self.kpi_activities(agent)
        self.assertEqual(activity.user_id, self.user_lead)
        self.assertEqual(activity.date_deadline, deadline)

    def test_reminders_before_the_deadline(self):
        today = fields.Date.context_today(self.env.user)
        campaign = self.generated(manager_deadline=today + timedelta(days=2))
        agent = self.appraisal_of(campaign, self.emp_agent)
        peer = self.appraisal_of(campaign, self.emp_peer)
        # the supervisor marked one to-do done without scoring
        self.kpi_activities(agent).action_feedback()
        self.assertFalse(self.kpi_activities(agent))
        before = self.kpi_activities(peer)
        self.env["hr.kpi.campaign"]._cron_remind()
        activity = self.kpi_activities(agent)
        self.assertEqual(activity.user_id, self.user_lead)
        self.assertEqual(activity.date_deadline, today + timedelta(days=2))
        self.assertEqual(self.kpi_activities(peer), before)
        # not late yet: no chatter note
        self.assertFalse(agent.last_reminder_date)

    def test_reminders_after_the_deadline_once_a_day(self):
        today = fields.Date.context_today(self.env.user)
        campaign = self.generated(manager_deadline=today - timedelta(days=1))
        appraisals = campaign.appraisal_ids

        def notes():
            self.env.flush_all()
            return self.env["mail.message"].search_count(
                [
                    ("model", "=", "hr.kpi.appraisal"),
                    ("res_id", "in", appraisals.ids),
                    ("body", "ilike", "Overdue"),
                ]
            )

        self.env["hr.kpi.campaign"]._cron_remind()
        self.assertEqual(notes(), 3)
        self.assertEqual(set(appraisals.mapped("last_reminder_date")), {today})
        self.env["hr.kpi.campaign"]._cron_remind()
        self.assertEqual(notes(), 3)
        with freeze_time(today + timedelta(days=1)):
            self.env["hr.kpi.campaign"]._cron_remind()
        self.assertEqual(notes(), 6)
        # closed campaigns are not reminded
        campaign.with_user(self.user_hr).action_close()
        with freeze_time(today + timedelta(days=2)):
            self.env["hr.kpi.campaign"]._cron_remind()
        self.assertEqual(notes(), 6)

    def test_close_locks_the_campaign_not_the_appraisals(self):
        campaign = self.generated()
        campaign.with_user(self.user_hr).action_close()
        self.assertEqual(campaign.state, "closed")
        self.assertEqual(
            set(campaign.appraisal_ids.mapped("state")), {"manager_review"}
        )
        with self.assertRaises(UserError):
            campaign.with_user(self.user_hr).action_generate()
        with self.assertRaises(UserError):
            campaign.with_user(self.user_hr).name = "改名"
        with self.assertRaises(UserError):
            campaign.with_user(self.user_hr).unlink()
        # the appraisals go on
        agent = self.appraisal_of(campaign, self.emp_agent)
        self.fill_manager(agent)
        agent.with_user(self.user_lead).action_submit_manager()
        self.assertEqual(agent.state, "hr_review")
        # only draft campaigns can be deleted
        draft = self.create_campaign(name="draft")
        draft.with_user(self.user_hr).unlink()
        self.assertFalse(draft.exists())


@tagged("post_install", "-at_install")
class TestCampaignQueries(CampaignCase):
    """A month's work costs the same SQL queries for 2 employees as for 8.

    Each step (generation, deadline reminders, actuals import, team scoring,
    HR and GM approval, summary export) runs on departments of 2 and 8 agents with 12 indicators
    each. Both sizes stay within one of the ORM's 100-row INSERT and UPDATE
    statements (96 lines, 48 inputs), so equal counts mean nothing is queried
    per employee; past 100 rows only the ORM's own statements are added.
    """

    SIZES = (3, 2, 8)  # the first one warms the caches

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big_template = cls.env["hr.kpi.template"].create(
            cls._template_values(
                code="T-12",
                name="话务员 12 indicators",
                self_review=False,
                section_ids=[
                    Command.create(
                        {
                            "code": "KPI",
                            "name": "业绩考核",
                            "weight": 80.0,
                            "indicator_ids": [
                                Command.create(vals) for vals in cls._kpi_indicators()
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "code": "CPI",
                            "name": "行为考核",
                            "weight": 20.0,
                            "indicator_ids": [
                                Command.create(vals) for vals in cls._cpi_indicators()
                            ],
                        }
                    ),
                ],
            )
        )
        cls.departments = {}
        for size in cls.SIZES:
            department = cls.env["hr.department"].create({"name": f"{size} 人"})
            job = cls.env["hr.job"].create({"name": f"话务员 ({size})"})
            cls.big_template.job_ids |= job
            users = (
                cls.env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    [
                        {"name": f"话务员 {size}-{i}", "login": f"kpi_q_{size}_{i}"}
                        for i in range(size)
                    ]
                )
            )
            employees = cls.env["hr.employee"].create(
                [
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "barcode": f"Q{size}N{i}",
                        "department_id": department.id,
                        "job_id": job.id,
                        "parent_id": cls.emp_lead.id,
                    }
                    for i, user in enumerate(users)
                ]
            )
            cls.env["hr.contract"].create(
                [
                    {
                        "name": f"{employee.name} contract",
                        "employee_id": employee.id,
                        "wage": 5000.0,
                        "kpi_base_amount": 800.0,
                        "date_start": date(2026, 1, 1),
                        "state": "open",
                    }
                    for employee in employees
                ]
            )
            cls.departments[size] = department

    @classmethod
    def _kpi_indicators(cls):
        ten = {"max_points": 10.0}
        return [
            dict(ten, code="ATT", name="服务态度", scoring_method="points"),
            dict(
                ten,
                code="RESP",
                name="平均响应时间",
                scoring_method="bands",
                direction="lower",
                band_ids=[
                    Command.create(b)
                    for b in [
                        {
                            "lower": 0,
                            "upper": 50,
                            "upper_inclusive": True,
                            "points": 10,
                        },
                        {
                            "lower": 50,
                            "lower_inclusive": False,
                            "has_upper": False,
                            "points": 0,
                        },
                    ]
                ],
            ),
            dict(
                ten,
                code="COMPL",
                name="投诉次数",
                scoring_method="deduction",
                event_ids=[
                    Command.create({"code": "complaint", "name": "投诉", "points": -5})
                ],
            ),
            dict(
                ten,
                code="CALLS",
                name="接通量",
                scoring_method="ratio",
                target_value=1000.0,
            ),
            dict(
                ten,
                code="TALK",
                name="通话时长",
                scoring_method="range",
                range_low=100.0,
                range_high=200.0,
                below_points=1.0,
                above_points=1.0,
            ),
            dict(
                ten,
                code="CONV",
                name="转化订单",
                scoring_method="linear",
                input_ids=[
                    Command.create(
                        {"code": "orders", "name": "订单数", "coefficient": 0.5}
                    )
                ],
            ),
            dict(ten, code="RANK", name="业绩排名", scoring_method="rank"),
            dict(
                ten,
                code="AVG",
                name="质检平均分",
                scoring_method="average",
                input_ids=[
                    Command.create({"code": f"w{week}", "name": f"第{week}周"})
                    for week in range(1, 5)
                ],
            ),
        ]

    @classmethod
    def _cpi_indicators(cls):
        ten = {"max_points": 10.0}
        return [
            dict(
                ten,
                code="CUST",
                name="以客户为中心",
                scoring_method="levels",
                level_ids=[
                    Command.create({"name": f"{n}级", "points": 2 * n})
                    for n in range(1, 6)
                ],
            ),
            dict(ten, code="TEAM", name="团队合作", scoring_method="percent"),
            dict(ten, code="DISC", name="工作纪律", scoring_method="points"),
            {
                "code": "VETO",
                "name": "重大服务事故",
                "max_points": 0.0,
                "scoring_method": "veto",
                "veto_action": "zero",
            },
        ]

    def count_queries(self, func):
        """(result of ``func``, its SQL queries with the final flush), the
        caches emptied first."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = func()
        self.env.flush_all()
        return result, self.cr.sql_log_count - before

    @staticmethod
    def measured_values(index):
        """One agent's measured values as the call-centre system gives them."""
        return {
            "RESP": 30 + index,
            "COMPL.complaint": index % 2,
            "CALLS": 900 + index,
            "TALK": f"{150 + index}",
            "CONV.orders": 10 + index,
            "RANK": index + 1,
            "RANK.group_size": 10,
            **{f"AVG.w{week}": f"{90 + week}%" for week in range(1, 5)},
            "VETO": "否",
        }

    def month_queries(self, size):
        """{step: queries} of running a month for the ``size`` agents."""
        queries = {}

        def step(name, func):
            result, queries[name] = self.count_queries(func)
            return result

        campaign = self.create_campaign(
            name=f"{size} 人",
            department_ids=[Command.set(self.departments[size].ids)],
            manager_deadline=date(2026, 11, 10),
        )
        step("generate", self.call(self.user_hr, campaign, "action_generate"))
        appraisals = campaign.appraisal_ids
        self.assertEqual(len(appraisals), size)
        self.assertEqual(len(appraisals.line_ids), 12 * size)
        self.assertEqual(set(appraisals.mapped("state")), {"manager_review"})
        self.assertEqual(len(appraisals.activity_ids.filtered("user_id")), size)

        # the supervisor cleared the to-dos without scoring; the deadline passes
        appraisals.activity_ids.unlink()
        cron = self.env.ref("base.user_root")
        with freeze_time("2026-11-12"):
            step(
                "reminders",
                self.call(cron, self.env["hr.kpi.campaign"], "_cron_remind"),
            )
        self.assertEqual(len(appraisals.activity_ids), size)
        self.assertEqual(
            set(appraisals.mapped("last_reminder_date")), {date(2026, 11, 12)}
        )

        employees = appraisals.employee_id.sudo().sorted("id")
        rows = [
            {
                "employee": employee.barcode,
                "period": "2026-10",
                "values": self.measured_values(index),
            }
            for index, employee in enumerate(employees)
        ]
        Appraisal = self.env["hr.kpi.appraisal"]
        result = step(
            "import", self.call(self.user_hr, Appraisal, "import_actuals", rows)
        )
        self.assertEqual(result, {"ok": True, "errors": [], "updated": size})

        judged = appraisals.line_ids.filtered("is_judged")
        scores = {"points": 8, "levels": 4, "percent": 90}

        def score_team():
            for method, value in scores.items():
                lines = judged.filtered(lambda line, m=method: line.scoring_method == m)
                self.call(self.user_lead, lines, "write", {"manager_value": value})()
            return self.call(self.user_lead, judged, "action_submit_team_scores")()

        step("team scoring", score_team)
        self.assertEqual(set(appraisals.mapped("state")), {"hr_review"})
        step("HR approval", self.call(self.user_hr, appraisals, "action_hr_approve"))
        step("GM approval", self.call(self.user_gm, appraisals, "action_gm_approve"))
        self.assertEqual(set(appraisals.mapped("state")), {"done"})
        self.assertTrue(all(appraisals.mapped("total_score")))
        export = self.call(self.user_hr, appraisals, "action_export_summary_xlsx")
        step("summary export", export)
        return queries

    def call(self, user, records, method, *args):
        """``method`` as the web client calls it: on ``records`` browsed anew by
        id, as ``user``."""
        model = self.env[records._name].with_user(user)
        return lambda: getattr(model.browse(records.ids), method)(*args)

    def test_queries_do_not_grow_with_employees(self):
        """Every step of the month costs the same queries for 2 agents as for 8."""
        warm, small, large = (self.month_queries(size) for size in self.SIZES)
        self.assertEqual(list(small), list(warm))
        self.assertEqual(small, large, "queries per step for 2 agents, then 8")

    def test_queries_with_a_next_actor_per_employee(self):
        """With self review each appraisal goes to its own employee: generation
        still costs the same queries for 2 agents as for 8, and each agent gets
        their to-do and follows their appraisal."""
        self.big_template.write(
            {"self_review": True, "self_weight": 30.0, "manager_weight": 70.0}
        )
        queries = []
        for size in self.SIZES:
            campaign = self.create_campaign(
                name=f"{size} 人",
                department_ids=[Command.set(self.departments[size].ids)],
                self_deadline=date(2026, 11, 5),
            )
            _result, count = self.count_queries(
                self.call(self.user_hr, campaign, "action_generate")
            )
            queries.append(count)
            appraisals = campaign.appraisal_ids
            self.assertEqual(set(appraisals.mapped("state")), {"self_review"})
            for appraisal in appraisals:
                user = appraisal.employee_id.user_id
                self.assertEqual(appraisal.activity_ids.user_id, user)
                self.assertIn(user.partner_id, appraisal.message_partner_ids)
        self.assertEqual(queries[1], queries[2], "generation for 2 agents, then 8")
