from datetime import date, datetime, timedelta

from pytz import timezone, utc

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


class KpiCase(TransactionCase):
    """A small customer-service team, one scoreable template and its users.

    Agent 王芳 reports to team lead 李强, who reports to the general manager;
    an HR officer and the GM have their own employees. The template follows the
    shape of the source forms (S01, S05): 业绩 80% + 行为 20%, self 30% / supervisor 70%.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One time zone for the tests and the code they call: dates such as "today"
        # must not depend on the demo users' time zones or the hour of the run.
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=False, tz="UTC")
        )
        cls.company = cls.env.company
        cls.user_agent = new_test_user(
            cls.env, "kpi_agent", groups="base.group_user", name="王芳"
        )
        cls.user_lead = new_test_user(
            cls.env,
            "kpi_lead",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_supervisor",
            name="李强",
        )
        cls.user_hr = new_test_user(
            cls.env,
            "kpi_hr",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_hr",
            name="HR Officer",
        )
        cls.user_gm = new_test_user(
            cls.env,
            "kpi_gm",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_approver",
            name="General Manager",
        )
        Employee = cls.env["hr.employee"]
        cls.emp_gm = Employee.create(
            {"name": "General Manager", "user_id": cls.user_gm.id}
        )
        cls.emp_hr = Employee.create(
            {
                "name": "HR Officer",
                "user_id": cls.user_hr.id,
                "parent_id": cls.emp_gm.id,
            }
        )
        cls.emp_lead = Employee.create(
            {"name": "李强", "user_id": cls.user_lead.id, "parent_id": cls.emp_gm.id}
        )
        cls.emp_agent = Employee.create(
            {"name": "王芳", "user_id": cls.user_agent.id, "parent_id": cls.emp_lead.id}
        )
        cls.emp_peer = Employee.create({"name": "张伟", "parent_id": cls.emp_lead.id})
        cls.env["hr.contract"].create(
            {
                "name": "王芳 contract",
                "employee_id": cls.emp_agent.id,
                "wage": 5000.0,
                "kpi_base_type": "fixed",
                "kpi_base_amount": 1000.0,
                "date_start": date(2026, 1, 1),
                "state": "open",
            }
        )
        cls.grade_scale = cls.env["hr.kpi.grade.scale"].create(
            {
                "name": "A–E",
                "code": "T-GRADES",
                "grade_ids": [
                    Command.create({"code": c, "name": n, "min_score": m})
                    for c, n, m in [
                        ("A", "优秀", 95),
                        ("B", "良好", 80),
                        ("C", "合格", 65),
                        ("D", "较差", 60),
                        ("E", "极差", 0),
                    ]
                ],
            }
        )
        cls.pay_rule = cls.env["hr.kpi.pay.rule"].create(
            {
                "name": "Full at 90, score% from 70",
                "code": "T-PAY",
                "method": "tiered",
                "tier_ids": [
                    Command.create({"min_score": 0, "rate": 0}),
                    Command.create({"min_score": 70, "rate": 100, "by_score": True}),
                    Command.create({"min_score": 90, "rate": 100}),
                ],
            }
        )
        cls.template = cls.env["hr.kpi.template"].create(
            cls._template_values(code="T-AGENT")
        )
        cls.period = {"date_from": date(2026, 10, 1), "date_to": date(2026, 10, 31)}

    @classmethod
    def _create_second_team(cls):
        """Team lead 赵敏 (another team under the GM) and her agent 孙丽."""
        cls.user_lead2 = new_test_user(
            cls.env,
            "kpi_lead2",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_supervisor",
            name="赵敏",
        )
        cls.emp_lead2 = cls.env["hr.employee"].create(
            {"name": "赵敏", "user_id": cls.user_lead2.id, "parent_id": cls.emp_gm.id}
        )
        cls.emp_member = cls.env["hr.employee"].create(
            {"name": "孙丽", "parent_id": cls.emp_lead2.id}
        )

    @classmethod
    def _template_values(cls, **overrides):
        values = {
            "name": "话务员 monthly",
            "grade_scale_id": cls.grade_scale.id,
            "pay_rule_id": cls.pay_rule.id,
            "self_review": True,
            "self_weight": 30.0,
            "manager_weight": 70.0,
            "hr_user_id": cls.user_hr.id,
            "approver_user_id": cls.user_gm.id,
            "section_ids": [
                Command.create(
                    {
                        "code": "KPI",
                        "name": "业绩考核",
                        "weight": 80.0,
                        "indicator_ids": [
                            Command.create(
                                {
                                    "code": "ATT",
                                    "name": "服务态度",
                                    "max_points": 40.0,
                                    "scoring_method": "points",
                                }
                            ),
                            Command.create(
                                {
                                    "code": "RESP",
                                    "name": "平均响应时间",
                                    "max_points": 30.0,
                                    "scoring_method": "bands",
                                    "direction": "lower",
                                    "band_ids": [
                                        Command.create(b)
                                        for b in [
                                            {
                                                "lower": 0,
                                                "upper": 50,
                                                "upper_inclusive": True,
                                                "points": 30,
                                            },
                                            {
                                                "lower": 50,
                                                "lower_inclusive": False,
                                                "upper": 100,
                                                "upper_inclusive": True,
                                                "points": 20,
                                            },
                                            {
                                                "lower": 100,
                                                "lower_inclusive": False,
                                                "has_upper": False,
                                                "points": 0,
                                            },
                                        ]
                                    ],
                                }
                            ),
                            Command.create(
                                {
                                    "code": "COMPL",
                                    "name": "投诉次数",
                                    "max_points": 30.0,
                                    "scoring_method": "deduction",
                                    "floor_points": 0.0,
                                    "event_ids": [
                                        Command.create(
                                            {
                                                "code": "complaint",
                                                "name": "有效投诉",
                                                "points": -10,
                                            }
                                        )
                                    ],
                                }
                            ),
                        ],
                    }
                ),
                Command.create(
                    {
                        "code": "CPI",
                        "name": "行为考核",
                        "weight": 20.0,
                        "indicator_ids": [
                            Command.create(
                                {
                                    "code": "CUST",
                                    "name": "以客户为中心",
                                    "max_points": 50.0,
                                    "scoring_method": "levels",
                                    "level_ids": [
                                        Command.create(
                                            {"name": f"{n}级", "points": 10 * n}
                                        )
                                        for n in range(1, 6)
                                    ],
                                }
                            ),
                            Command.create(
                                {
                                    "code": "TEAM",
                                    "name": "团队合作",
                                    "max_points": 50.0,
                                    "scoring_method": "percent",
                                }
                            ),
                            Command.create(
                                {
                                    "code": "VETO",
                                    "name": "重大服务事故",
                                    "max_points": 0.0,
                                    "scoring_method": "veto",
                                    "veto_action": "zero",
                                }
                            ),
                        ],
                    }
                ),
            ],
        }
        values.update(overrides)
        return values

    def create_appraisal(self, employee=None, template=None, **values):
        return (
            self.env["hr.kpi.appraisal"]
            .with_user(self.user_hr)
            .create(
                dict(
                    self.period,
                    employee_id=(employee or self.emp_agent).id,
                    template_id=(template or self.template).id,
                    **values,
                )
            )
        )

    @staticmethod
    def line(appraisal, code):
        return appraisal.line_ids.filtered(lambda line: line.code == code)

    def fill_self(self, appraisal, scores=None, user=None):
        scores = scores or {"ATT": 36, "CUST": 4, "TEAM": 90}
        as_agent = appraisal.with_user(user or self.user_agent)
        for code, value in scores.items():
            self.line(as_agent, code).self_value = value

    def fill_manager(
        self, appraisal, scores=None, actual=None, complaints=1, user=None
    ):
        scores = scores or {"ATT": 32, "CUST": 3, "TEAM": 80}
        as_lead = appraisal.with_user(user or self.user_lead)
        for code, value in scores.items():
            self.line(as_lead, code).manager_value = value
        self.line(as_lead, "RESP").actual_value = 75 if actual is None else actual
        self.line(as_lead, "COMPL").input_ids.value = complaints

    def create_template(self, code, **overrides):
        """A copy of the common template's shape under its own code."""
        return self.env["hr.kpi.template"].create(
            self._template_values(code=code, **overrides)
        )

    def walk(self, appraisal, until="done"):
        """Move the agent's ``appraisal`` on, as the right users, up to ``until``."""
        steps = {
            "draft": (self.user_hr, "action_start", None),
            "self_review": (self.user_agent, "action_submit_self", self.fill_self),
            "manager_review": (
                self.user_lead,
                "action_submit_manager",
                self.fill_manager,
            ),
            "hr_review": (self.user_hr, "action_hr_approve", None),
            "gm_approval": (self.user_gm, "action_gm_approve", None),
        }
        while appraisal.state != until:
            user, method, fill = steps[appraisal.state]
            if fill:
                fill(appraisal)
            getattr(appraisal.with_user(user), method)()
        return appraisal

    def public_holiday(self, day):
        """A public holiday on ``day`` for the company's working calendar."""
        calendar = self.company.resource_calendar_id
        tz = timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(day, datetime.min.time()))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "公共假日",
                "calendar_id": calendar.id,
                "date_from": start.astimezone(utc).replace(tzinfo=None),
                "date_to": (start + timedelta(hours=23, minutes=59))
                .astimezone(utc)
                .replace(tzinfo=None),
            }
        )

    def approved_for_hr(self):
        """The HR officer's own appraisal, created, scored and approved by the
        GM (their supervisor) with the HR officer's self scores."""
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
        appraisal.action_start()
        self.fill_self(appraisal, user=self.user_hr)
        appraisal.with_user(self.user_hr).action_submit_self()
        self.fill_manager(appraisal, user=self.user_gm)
        appraisal.action_submit_manager()
        appraisal.action_hr_approve()
        appraisal.action_gm_approve()
        return appraisal

    def kpi_activities(self, appraisal):
        """The appraisal's to-do activities of the KPI activity type."""
        activity_type = self.env.ref("hr_kpi_appraisal.mail_activity_type_kpi_todo")
        return appraisal.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == activity_type
        )


class CampaignCase(KpiCase):
    """A call centre (呼叫中心) with one team (一组) of agents on the common
    template, its team lead on a job without template, and HR."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Department = cls.env["hr.department"]
        cls.dept_centre = Department.create({"name": "呼叫中心"})
        cls.dept_team = Department.create(
            {"name": "一组", "parent_id": cls.dept_centre.id}
        )
        cls.job_agent = cls.env["hr.job"].create({"name": "话务员"})
        cls.job_lead = cls.env["hr.job"].create({"name": "话务组长"})
        cls.template.job_ids = cls.job_agent
        (cls.emp_agent | cls.emp_peer).write(
            {"department_id": cls.dept_team.id, "job_id": cls.job_agent.id}
        )
        cls.emp_lead.write(
            {"department_id": cls.dept_centre.id, "job_id": cls.job_lead.id}
        )

    def create_campaign(self, **values):
        return (
            self.env["hr.kpi.campaign"]
            .with_user(self.user_hr)
            .create(
                {
                    "name": "2026-10 呼叫中心",
                    "date_from": self.period["date_from"],
                    "department_ids": [Command.set(self.dept_centre.ids)],
                    **values,
                }
            )
        )

    def add_agent(self, name, **values):
        return self.env["hr.employee"].create(
            {
                "name": name,
                "department_id": self.dept_team.id,
                "job_id": self.job_agent.id,
                "parent_id": self.emp_lead.id,
                **values,
            }
        )

    def time_off(self, employee, date_from, date_to):
        """Time off of ``employee`` on whole days, as the resource API sees it."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "事假",
                "resource_id": employee.resource_id.id,
                "calendar_id": employee.resource_calendar_id.id,
                "date_from": datetime.combine(date_from, datetime.min.time()),
                "date_to": datetime.combine(date_to, datetime.max.time()),
                "time_type": "leave",
            }
        )

    @staticmethod
    def exclusions(campaign):
        return {
            exclusion.employee_id: exclusion
            for exclusion in campaign.sudo().exclusion_ids
        }
