from odoo import api, fields, models


class HrKpiGradeScale(models.Model):
    """A set of grades (A–E, stars …) that a total score falls into."""

    _name = "hr.kpi.grade.scale"
    _inherit = ["hr.kpi.code.mixin"]
    _description = "KPI Grade Scale"
    _order = "code, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    grade_ids = fields.One2many("hr.kpi.grade", "scale_id", string="Grades", copy=True)
    active = fields.Boolean(default=True)
    distribution_policy_ids = fields.One2many(
        "hr.kpi.distribution.policy", "scale_id", string="Distribution Policies"
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a grade scale must be unique."),
    ]

    @api.constrains("grade_ids")
    def _check_grades(self):
        for scale in self:
            scale.grade_ids._check_engine_grades()

    @api.ondelete(at_uninstall=False)
    def _unlink_unused(self):
        self.env["hr.kpi.appraisal"]._check_unused("grade_scale_id", self)

    def _engine_grades(self):
        """Grades as the scoring engine reads them."""
        self.ensure_one()
        return [grade._engine_grade() for grade in self.grade_ids]
