from odoo import api, fields, models
from odoo.exceptions import AccessError

from .hr_kpi_level_ladder import tenure_months
from .hr_kpi_write_guard import SYSTEM_CONTEXT_KEY, SYSTEM_WRITE


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    kpi_appraisal_ids = fields.One2many(
        "hr.kpi.appraisal",
        "employee_id",
        string="KPI Appraisals",
        groups="base.group_user",
    )
    kpi_appraisal_count = fields.Integer(
        compute="_compute_kpi_appraisal_count", groups="base.group_user"
    )
    kpi_last_grade_id = fields.Many2one(
        "hr.kpi.grade",
        "Last KPI Grade",
        compute="_compute_kpi_appraisal_count",
        help="The grade after calibration of the last approved appraisal whose "
        "result you may see (your own once it is published).",
        groups="base.group_user",
    )

    kpi_finding_count = fields.Integer(
        "History Findings",
        compute="_compute_kpi_finding_count",
        groups="hr_kpi_appraisal.group_kpi_supervisor",
    )

    kpi_level_id = fields.Many2one(
        "hr.kpi.level",
        "Career Level",
        readonly=True,
        groups="base.group_user",
        prefetch="kpi_level",
        help="Changes only when HR approves a level change.",
    )
    kpi_level_history_ids = fields.One2many(
        "hr.kpi.level.history",
        "employee_id",
        string="Level History",
        domain=[("state", "=", "approved")],
        groups="hr_kpi_appraisal.group_kpi_supervisor",
    )
    # facts of the career ladders that HR confirms; stored fields of the
    # employee in their own prefetch group, so that reading other fields does
    # not fetch them for users who read employees through their public profile
    kpi_exam_passed = fields.Boolean(
        "Level Exam Passed",
        groups="hr_kpi_appraisal.group_kpi_hr",
        prefetch="kpi_level",
    )
    kpi_certificate = fields.Boolean(
        "Level Certificate",
        groups="hr_kpi_appraisal.group_kpi_hr",
        prefetch="kpi_level",
    )
    kpi_valid_complaints = fields.Integer(
        "Valid Complaints",
        groups="hr_kpi_appraisal.group_kpi_hr",
        prefetch="kpi_level",
        help="Valid complaints counted by the career ladder (L03: at most 1 to "
        "rise, more than 2 demote).",
    )
    kpi_major_error = fields.Boolean(
        "Major Error",
        groups="hr_kpi_appraisal.group_kpi_hr",
        prefetch="kpi_level",
    )
    kpi_level_idle = fields.Boolean(
        "No Results for Three Months",
        groups="hr_kpi_appraisal.group_kpi_hr",
        prefetch="kpi_level",
    )

    def _compute_kpi_finding_count(self):
        counts = dict(
            self.env["hr.kpi.history.finding"]._read_group(
                [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.kpi_finding_count = counts.get(employee, 0)

    @api.depends_context("uid")
    def _compute_kpi_appraisal_count(self):
        appraisals = self.env["hr.kpi.appraisal"].search(
            [("employee_id", "in", self.ids)], order="date_to desc, id desc"
        )
        for employee in self:
            own = appraisals.filtered(lambda a, e=employee: a.employee_id == e)
            employee.kpi_appraisal_count = len(own)
            shown = own.filtered(lambda a: a.state == "done" and a.can_see_result)
            employee.kpi_last_grade_id = shown[:1].calibrated_grade_id

    def _kpi_performance_bases(self):
        """Performance wage base of each employee from their running contract."""
        contracts = (
            self.env["hr.contract"]
            .sudo()
            .search([("employee_id", "in", self.ids), ("state", "=", "open")])
        )
        return {
            contract.employee_id.id: contract._kpi_performance_base()
            for contract in contracts
        }

    def _kpi_default_templates(self):
        """The appraisal template of each employee, by id: the first template,
        in template order, linked to their job. The one place a default
        template is chosen (campaigns layer their overrides on top); one
        query for all the employees."""
        employees = self.sudo()
        jobs = employees.job_id
        if not jobs:
            return {}
        by_job = {}
        for template in self.env["hr.kpi.template"].search(
            [("job_ids", "in", jobs.ids)]
        ):
            for job in template.job_ids:
                by_job.setdefault(job.id, template)
        return {
            employee.id: by_job[employee.job_id.id]
            for employee in employees
            if employee.job_id.id in by_job
        }

    def _kpi_payable(self, date_from, date_to, companies=None):
        """Approved appraisals not yet paid whose pay falls due by ``date_to``.

        Payroll engines call this for a payslip of ``date_from``–``date_to``; a
        late approval (after the period) is paid on the next payslip. Only
        appraisals of ``companies`` (the payslips' companies; by default the
        employees' own) are returned.
        """
        return (
            self.env["hr.kpi.appraisal"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.ids),
                    ("state", "=", "done"),
                    ("paid", "=", False),
                    ("pay_date", "<=", date_to),
                    ("company_id", "in", (companies or self.company_id).ids),
                ]
            )
        )

    def action_open_kpi_appraisals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_kpi_appraisal.hr_kpi_appraisal_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action

    def action_open_kpi_history(self):
        """The employee's approved results in period order (as far as the
        user may read them)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_kpi_appraisal.hr_kpi_appraisal_action_history"
        )
        action["domain"] = [("state", "=", "done"), ("employee_id", "=", self.id)]
        return action

    def action_open_kpi_findings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_kpi_appraisal.hr_kpi_history_finding_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {}
        return action

    def write(self, vals):
        if (
            "kpi_level_id" in vals
            and self.env.context.get(SYSTEM_CONTEXT_KEY) is not SYSTEM_WRITE
        ):
            raise AccessError(
                self.env._("The career level changes only when HR approves a change.")
            )
        return super().write(vals)

    def _kpi_system_employee(self):
        return self.sudo().with_context(**{SYSTEM_CONTEXT_KEY: SYSTEM_WRITE})

    def _kpi_level_facts(self, today):
        """What the career ladders read of the employee besides the results."""
        self.ensure_one()
        employee = self.sudo()
        return {
            "tenure_months": tenure_months(employee.first_contract_date, today),
            "complaints": employee.kpi_valid_complaints,
            "checks": {
                "exam": employee.kpi_exam_passed,
                "certificate": employee.kpi_certificate,
                "major_error": employee.kpi_major_error,
                "idle": employee.kpi_level_idle,
            },
        }
