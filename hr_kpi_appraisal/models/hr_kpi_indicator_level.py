from odoo import api, fields, models

from .engine_errors import shown_number


class HrKpiIndicatorLevel(models.Model):
    """An anchored level (1级 10分 … 5级 50分) with its behaviour description."""

    _name = "hr.kpi.indicator.level"
    _description = "KPI Indicator Level"
    _order = "indicator_id, sequence, id"

    indicator_id = fields.Many2one(
        "hr.kpi.indicator", required=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    points = fields.Float(required=True)
    description = fields.Text(translate=True)

    @api.depends("name", "points")
    def _compute_display_name(self):
        """The level with its points, as the score lines offer it."""
        for level in self:
            level.display_name = self.env._(
                "%(level)s · %(points)s pts",
                level=level.name,
                points=shown_number(level.points),
            )
