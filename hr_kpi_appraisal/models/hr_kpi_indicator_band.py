from odoo import fields, models


class HrKpiIndicatorBand(models.Model):
    """A band of a measured value and the points it gives (or deducts)."""

    _name = "hr.kpi.indicator.band"
    _description = "KPI Indicator Band"
    _order = "indicator_id, sequence, lower, id"

    indicator_id = fields.Many2one(
        "hr.kpi.indicator", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    has_lower = fields.Boolean("Lower Edge", default=True)
    lower = fields.Float("From")
    lower_inclusive = fields.Boolean("From Included", default=True)
    has_upper = fields.Boolean("Upper Edge", default=True)
    upper = fields.Float("To")
    upper_inclusive = fields.Boolean("To Included")
    points = fields.Float(required=True)
    label = fields.Char(translate=True, help="The band as the form states it.")

    def _engine_band(self):
        self.ensure_one()
        return {
            "lower": self.lower if self.has_lower else None,
            "upper": self.upper if self.has_upper else None,
            "lower_inclusive": self.lower_inclusive,
            "upper_inclusive": self.upper_inclusive,
            "points": self.points,
        }
