from odoo import fields, models


class HrKpiIndicatorInput(models.Model):
    """A named input of a formula (or of an average) with its coefficient."""

    _name = "hr.kpi.indicator.input"
    _description = "KPI Indicator Formula Input"
    _order = "indicator_id, sequence, id"

    indicator_id = fields.Many2one(
        "hr.kpi.indicator", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    coefficient = fields.Float(default=1.0)
