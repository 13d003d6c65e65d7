from odoo import fields, models


class HrKpiAdjustmentType(models.Model):
    """A kind of reward, discipline or attendance event that adjusts the total."""

    _name = "hr.kpi.adjustment.type"
    _inherit = ["hr.kpi.code.mixin"]
    _description = "KPI Adjustment Type"
    _order = "category, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(
        [
            ("reward", "Reward"),
            ("discipline", "Discipline"),
            ("attendance", "Attendance"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    points = fields.Float(
        help="Points added (positive) or deducted (negative) each time."
    )
    percent = fields.Float(
        "Percent", help="Change of the total in percent, e.g. -50 halves it."
    )
    pay_percent = fields.Float(
        "Pay Percent",
        help="Change of the performance pay and award in percent, whatever the "
        "pay rule, leaving the score as it is; e.g. -50 halves the bonus (P08).",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(code)",
            "The code of an adjustment type must be unique.",
        ),
    ]
