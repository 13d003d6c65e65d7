from odoo import api, fields, models

from ..engine import validate_scheme
from .engine_errors import raise_engine_error
from .hr_kpi_appeal_policy import ANSWER_DAYS, APPEAL_DAYS

PERIOD_TYPES = [
    ("month", "Monthly"),
    ("quarter", "Quarterly"),
    ("half_year", "Half-yearly"),
    ("year", "Yearly"),
]


class HrKpiTemplate(models.Model):
    """An appraisal scheme (考核方案) for one or more jobs."""

    _name = "hr.kpi.template"
    _inherit = ["hr.kpi.code.mixin", "mail.thread"]
    _description = "KPI Appraisal Template"
    _order = "sequence, code, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the template between companies."
    )
    job_ids = fields.Many2many("hr.job", string="Jobs")
    period_type = fields.Selection(
        PERIOD_TYPES,
        string="Period",
        required=True,
        default="month",
    )
    section_ids = fields.One2many(
        "hr.kpi.section", "template_id", string="Sections", copy=True
    )
    indicator_ids = fields.One2many(
        "hr.kpi.indicator", "template_id", string="Indicators"
    )
    grade_scale_id = fields.Many2one("hr.kpi.grade.scale", tracking=True)
    pay_rule_id = fields.Many2one("hr.kpi.pay.rule", tracking=True)
    self_review = fields.Boolean(
        "Self Review", default=True, help="The employee scores themself first."
    )
    hr_review = fields.Boolean("HR Review", default=True)
    gm_approval = fields.Boolean("General Manager Approval", default=True)
    self_weight = fields.Float("Self Weight (%)", default=0.0, tracking=True)
    manager_weight = fields.Float("Supervisor Weight (%)", default=100.0, tracking=True)
    bonus_cap = fields.Float(help="Highest total of bonus items; 0 = no bonus items.")
    penalty_cap = fields.Float(help="Highest total of penalty items; 0 = uncapped.")
    adjustment_cap = fields.Float(
        help="Highest total of reward/discipline and attendance points; 0 = uncapped."
    )
    min_attendance_days = fields.Integer(
        help="Employees with fewer attendance days in the period are not appraised."
    )
    hr_user_id = fields.Many2one(
        "res.users", "HR Reviewer", help="Gets the activity when HR review is due."
    )
    approver_user_id = fields.Many2one(
        "res.users", "Approver", help="Gets the activity when final approval is due."
    )
    # publication and appeals (P08)
    appeal_policy_id = fields.Many2one(
        "hr.kpi.appeal.policy",
        "Appeal Policy",
        tracking=True,
        help="The policy whose terms the template's appeals follow (P08).",
    )
    appeal_days = fields.Integer(
        "Appeal Window (working days)",
        compute="_compute_appeal_terms",
        store=True,
        readonly=False,
        help="Working days after publication in which the employee confirms the "
        "result or appeals; then the result is confirmed automatically. Taken "
        "from the appeal policy.",
    )
    appeal_answer_days = fields.Integer(
        "Answer Time (working days)",
        compute="_compute_appeal_terms",
        store=True,
        readonly=False,
        help="Working days the department head, then HR, have to answer an "
        "appeal. Taken from the appeal policy.",
    )
    appeal_head = fields.Selection(
        [
            ("department", "Department manager"),
            ("parent", "The supervisor's own supervisor"),
        ],
        "Appeals Go First To",
        default="department",
        required=True,
        help="Who answers an appeal before HR. Never the supervisor who scored: "
        "then the supervisor's own supervisor answers.",
    )
    interview_required = fields.Boolean(
        "Performance Interview",
        help="The supervisor holds and records a performance interview on each "
        "published result (S30).",
    )
    interview_due_day = fields.Integer(
        "Interview Due Day",
        default=5,
        help="Day of the month after publication by which the interview is held.",
    )
    justified_grade_ids = fields.Many2many(
        "hr.kpi.grade",
        string="Grades to Justify",
        domain="[('scale_id', '=', grade_scale_id)]",
        help="Grades the supervisor must justify in writing before the appraisal "
        "is approved (S31: A and D).",
    )
    appraisal_count = fields.Integer(compute="_compute_appraisal_count")
    total_weight = fields.Float(compute="_compute_total_weight")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a template must be unique."),
        (
            "reviewer_weights_positive",
            "CHECK(self_weight >= 0 AND manager_weight >= 0)",
            "Reviewer weights cannot be negative.",
        ),
        (
            "appeal_days_range",
            "CHECK(appeal_days BETWEEN 0 AND 60 AND appeal_answer_days BETWEEN 1 AND 60)",
            "The appeal window and the answer time are 0 to 60 and 1 to 60 "
            "working days.",
        ),
        (
            "interview_due_day_range",
            "CHECK(interview_due_day BETWEEN 1 AND 28)",
            "The interview is due on a day from 1 to 28 of the month.",
        ),
    ]

    @api.depends("section_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.section_ids.mapped("weight"))

    def _compute_appraisal_count(self):
        counts = dict(
            self.env["hr.kpi.appraisal"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.appraisal_count = counts.get(template, 0)

    def _engine_scheme(self):
        """Template-level settings as the scoring engine reads them."""
        self.ensure_one()
        return {
            "sections": [section._engine_section() for section in self.section_ids],
            "self_review": self.self_review,
            "self_weight": self.self_weight if self.self_review else 0.0,
            "manager_weight": self.manager_weight if self.self_review else 100.0,
            "bonus_cap": self.bonus_cap,
            "penalty_cap": self.penalty_cap or None,
            "adjustment_cap": self.adjustment_cap or None,
            "max_total": 100.0,
            "grades": self.grade_scale_id._engine_grades()
            if self.grade_scale_id
            else [],
            "pay_rule": self.pay_rule_id._engine_rule() if self.pay_rule_id else None,
        }

    @api.depends("appeal_policy_id.appeal_days", "appeal_policy_id.answer_days")
    def _compute_appeal_terms(self):
        """The policy's terms; without a policy, P08's defaults (3 and 5)."""
        for template in self:
            policy = template.appeal_policy_id
            template.appeal_days = policy.appeal_days if policy else APPEAL_DAYS
            template.appeal_answer_days = policy.answer_days if policy else ANSWER_DAYS

    def _check_scorable(self):
        """Raise a clear error when the template cannot be scored."""
        for template in self:
            indicators = template.section_ids.indicator_ids
            try:
                validate_scheme(
                    template._engine_scheme(),
                    [indicator._engine_spec() for indicator in indicators],
                )
            except ValueError as error:
                raise_engine_error(self.env, error, template.display_name)

    @api.constrains(
        "section_ids", "self_review", "self_weight", "manager_weight", "bonus_cap"
    )
    def _check_template(self):
        self.filtered("section_ids")._check_scorable()

    def action_view_appraisals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_kpi_appraisal.hr_kpi_appraisal_action"
        )
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {"default_template_id": self.id}
        return action
