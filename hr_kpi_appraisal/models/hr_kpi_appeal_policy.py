from odoo import fields, models

# P08's terms, also those of a template without an appeal policy.
APPEAL_DAYS = 3
ANSWER_DAYS = 5


class HrKpiAppealPolicy(models.Model):
    """The terms of an appeal policy (P08): how long the employee has to
    appeal, how long each answer may take, and what an obstructing or
    retaliating manager loses. Templates take their terms from it."""

    _name = "hr.kpi.appeal.policy"
    _inherit = ["hr.kpi.code.mixin"]
    _description = "KPI Appeal Policy"
    _order = "code, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    appeal_days = fields.Integer(
        "Appeal Window (working days)",
        default=APPEAL_DAYS,
        help="Working days after publication in which the employee confirms the "
        "result or appeals.",
    )
    answer_days = fields.Integer(
        "Answer Time (working days)",
        default=ANSWER_DAYS,
        help="Working days the department head, then HR, have to answer.",
    )
    obstruction_type_id = fields.Many2one(
        "hr.kpi.adjustment.type",
        "Obstruction Adjustment",
        help="Added to the appraisal of a manager HR finds to obstruct an appeal "
        "or to retaliate.",
    )
    obstruction_pay_percent = fields.Float(
        related="obstruction_type_id.pay_percent", string="Obstruction Pay Percent"
    )
    template_ids = fields.One2many("hr.kpi.template", "appeal_policy_id")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of an appeal policy must be unique."),
        (
            "days_range",
            "CHECK(appeal_days BETWEEN 0 AND 60 AND answer_days BETWEEN 1 AND 60)",
            "The appeal window is 0 to 60 working days, an answer 1 to 60.",
        ),
    ]
