from odoo import fields, models


class HrKpiIndicatorEvent(models.Model):
    """A kind of occurrence that deducts (or adds) points each time it happens."""

    _name = "hr.kpi.indicator.event"
    _description = "KPI Indicator Event Type"
    _order = "indicator_id, sequence, id"

    indicator_id = fields.Many2one(
        "hr.kpi.indicator", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    points = fields.Float(
        "Points Each", required=True, help="Negative deducts, positive adds."
    )
    zero_at = fields.Integer(
        "Zero At", help="This many occurrences zero the indicator; 0 = never."
    )

    def _engine_event(self):
        self.ensure_one()
        return {
            "code": self.code,
            "name": self.name,
            "points": self.points,
            "zero_at": self.zero_at or None,
        }
