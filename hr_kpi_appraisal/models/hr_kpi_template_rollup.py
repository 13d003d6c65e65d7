from odoo import fields, models


class HrKpiTemplate(models.Model):
    """How a template's roll-ups treat an earlier period without a result."""

    _inherit = "hr.kpi.template"

    rollup_missing = fields.Selection(
        [("skip", "Leave it out of the mean"), ("zero", "Count it as 0")],
        "Missing Earlier Result",
        required=True,
        default="skip",
        help="Roll-ups (the inputs Q1–Q4, H1–H2, M1–M12 of an 'average' line) "
        "take the employee's earlier approved results of the period; a period "
        "without one is left out of the mean or counts as 0.",
    )
