from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

INTERVIEW_TODO = "hr_kpi_appraisal.mail_activity_type_kpi_interview"
# Who writes which field (the supervisor's record, the employee's comment).
EDITABLE = {
    "date": "supervisor",
    "strengths": "supervisor",
    "gaps": "supervisor",
    "goals": "supervisor",
    "employee_comment": "employee",
}


class HrKpiInterview(models.Model):
    """The performance interview (绩效面谈, S30) on a published result: the
    supervisor records it, then both confirm it."""

    _name = "hr.kpi.interview"
    _inherit = ["mail.thread", "mail.activity.mixin", "hr.kpi.write.guard"]
    _description = "KPI Performance Interview"
    _order = "deadline desc, id desc"
    _check_company_auto = True

    name = fields.Char(related="appraisal_id.name")
    appraisal_id = fields.Many2one(
        "hr.kpi.appraisal",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    employee_id = fields.Many2one(
        related="appraisal_id.employee_id", store=True, index=True
    )
    manager_id = fields.Many2one(related="appraisal_id.manager_id", string="Supervisor")
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True)
    campaign_id = fields.Many2one(
        related="appraisal_id.campaign_id", store=True, index=True
    )
    deadline = fields.Date("Due By", readonly=True)
    date = fields.Date("Held On", tracking=True)
    strengths = fields.Text()
    gaps = fields.Text("Gaps to Close")
    goals = fields.Text("Goals for the Next Period")
    employee_comment = fields.Text("Employee's Comment")
    supervisor_confirmed_on = fields.Datetime(readonly=True, tracking=True)
    employee_confirmed_on = fields.Datetime(readonly=True, tracking=True)
    state = fields.Selection(
        [
            ("open", "To Hold"),
            ("to_confirm", "To Confirm"),
            ("done", "Done"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
    )
    overdue_flagged = fields.Boolean(
        readonly=True, copy=False, help="Its lateness was already reported."
    )
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    can_record = fields.Boolean(compute="_compute_user_rights")
    can_comment = fields.Boolean(compute="_compute_user_rights")

    _sql_constraints = [
        (
            "appraisal_unique",
            "UNIQUE(appraisal_id)",
            "An appraisal has one performance interview.",
        ),
    ]

    @api.depends("supervisor_confirmed_on", "employee_confirmed_on")
    def _compute_state(self):
        for interview in self:
            if interview.employee_confirmed_on:
                interview.state = "done"
            elif interview.supervisor_confirmed_on:
                interview.state = "to_confirm"
            else:
                interview.state = "open"

    def _compute_meeting_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for interview in self:
            interview.meeting_count = counts.get(interview.id, 0)

    @api.depends_context("uid")
    @api.depends("state", "appraisal_id")
    def _compute_user_rights(self):
        for interview in self:
            interview.can_record = interview._may("supervisor")
            interview.can_comment = interview._may("employee")

    def _may(self, role):
        """The supervisor records the interview until they confirm it; the
        employee comments and confirms after them."""
        self.ensure_one()
        if self.env.su:
            return True
        appraisal = self.appraisal_id.sudo()
        if role == "supervisor":
            return self.state == "open" and appraisal._is_supervisor()
        if role == "employee":
            return self.state == "to_confirm" and appraisal._is_own()
        return False

    def _right_description(self, role):
        return self.env._(
            "the supervisor records the interview and confirms it, then the "
            "employee comments and confirms it."
        )

    # ------------------------------------------------------------------
    # Writes (see hr.kpi.write.guard)
    # ------------------------------------------------------------------

    @api.model
    def _kpi_field_rights(self):
        return EDITABLE

    def _kpi_appraisals(self):
        """The interview's own steps govern it."""
        return self

    @api.model
    def _kpi_check_create(self, vals_list, appraisals):
        """Interviews are made when results are published."""
        self._kpi_check_system_only("create")

    @api.model_create_multi
    def create(self, vals_list):
        self._kpi_check_new(vals_list, None)
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        """The supervisor's confirmation of the record, then the employee's."""
        now = fields.Datetime.now()
        for interview in self:
            if interview._may("supervisor"):
                if not all(
                    interview[name] for name in ("date", "strengths", "gaps", "goals")
                ):
                    raise UserError(
                        self.env._(
                            "Record the date, strengths, gaps and goals of the "
                            "interview before confirming it."
                        )
                    )
                interview.sudo().activity_unlink([INTERVIEW_TODO])
                interview._kpi_system().supervisor_confirmed_on = now
                interview._ask(
                    interview.appraisal_id.sudo().employee_id.user_id,
                    self.env._("Read and confirm your performance interview"),
                )
            elif interview._may("employee"):
                interview.sudo().activity_unlink([INTERVIEW_TODO])
                interview._kpi_system().employee_confirmed_on = now
            else:
                raise AccessError(
                    self.env._(
                        "You cannot confirm the interview %(interview)s: %(rule)s",
                        interview=interview.display_name,
                        rule=interview._right_description(""),
                    )
                )
        return True

    def action_schedule_meeting(self):
        """The calendar, to invite the employee to the interview (the meetings
        stay linked to it)."""
        self.ensure_one()
        if not self._may("supervisor"):
            raise AccessError(
                self.env._(
                    "You cannot schedule the interview %(interview)s: %(rule)s",
                    interview=self.display_name,
                    rule=self._right_description(""),
                )
            )
        appraisal = self.appraisal_id.sudo()
        partners = (appraisal.employee_id.user_id | self.env.user).partner_id
        action = self.env["ir.actions.actions"]._for_xml_id(
            "calendar.action_calendar_event"
        )
        action["context"] = {
            "default_name": self.env._(
                "Performance interview: %s", appraisal.employee_id.name
            ),
            "default_partner_ids": partners.ids,
            "default_res_model": self._name,
            "default_res_id": self.id,
            "default_user_id": self.env.user.id,
        }
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        return action

    def _ask(self, user, summary):
        if user:
            self.sudo().activity_schedule(
                INTERVIEW_TODO,
                date_deadline=self.deadline,
                summary=summary,
                user_id=user.id,
            )

    @api.model
    def _create_for(self, appraisals):
        """The interviews of published ``appraisals`` whose template requires
        one, due on its day of the month after publication (S30: the 5th)."""
        due = appraisals.filtered(
            lambda a: a.template_id.interview_required and not a.interview_ids
        )
        interviews = self._kpi_system().create(
            [
                {
                    "appraisal_id": appraisal.id,
                    "deadline": appraisal.date_published
                    + relativedelta(
                        months=1, day=appraisal.template_id.interview_due_day
                    ),
                }
                for appraisal in due
            ]
        )
        for interview in interviews:
            interview._ask(
                interview.appraisal_id.manager_id.user_id,
                self.env._("Hold the performance interview"),
            )
        return interviews

    @api.model
    def _cron_flag_overdue(self):
        """A to-do, once, for the one above a supervisor who let the interview
        pass its deadline: their own supervisor, else the HR reviewer."""
        late = self.sudo().search(
            [
                ("state", "!=", "done"),
                ("deadline", "<", fields.Date.context_today(self)),
                ("overdue_flagged", "=", False),
            ]
        )
        for interview in late:
            appraisal = interview.appraisal_id
            above = appraisal.manager_id.parent_id.user_id or appraisal.hr_user_id
            if above:
                interview.activity_schedule(
                    INTERVIEW_TODO,
                    summary=self.env._("Overdue interview: see that it is held"),
                    user_id=above.id,
                )
        late._kpi_system().write({"overdue_flagged": True})
