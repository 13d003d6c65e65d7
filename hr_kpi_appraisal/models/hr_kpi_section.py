from odoo import api, fields, models


class HrKpiSection(models.Model):
    """A weighted block of a template (业绩 KPI 80% / 行为 CPI 20%)."""

    _name = "hr.kpi.section"
    _description = "KPI Template Section"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one("hr.kpi.template", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    weight = fields.Float("Weight (%)", required=True, default=100.0)
    indicator_ids = fields.One2many(
        "hr.kpi.indicator", "section_id", string="Indicators", copy=True
    )
    max_points = fields.Float(compute="_compute_max_points")

    _sql_constraints = [
        (
            "code_template_unique",
            "UNIQUE(template_id, code)",
            "A section code must be unique within its template.",
        ),
        (
            "weight_positive",
            "CHECK(weight >= 0)",
            "A section weight cannot be negative.",
        ),
    ]

    @api.depends("indicator_ids.max_points", "indicator_ids.kind")
    def _compute_max_points(self):
        for section in self:
            normal = section.indicator_ids.filtered(lambda i: i.kind == "normal")
            section.max_points = sum(normal.mapped("max_points"))

    def _engine_section(self):
        self.ensure_one()
        return {"code": self.code, "name": self.name, "weight": self.weight}
