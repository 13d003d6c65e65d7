from odoo import api, fields, models

from ..engine import validate_grades
from .engine_errors import raise_engine_error


class HrKpiGrade(models.Model):
    """One grade of a scale: from its minimum score up to the next grade's."""

    _name = "hr.kpi.grade"
    _description = "KPI Grade"
    _order = "scale_id, min_score desc, id"

    scale_id = fields.Many2one("hr.kpi.grade.scale", required=True, ondelete="cascade")
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    min_score = fields.Float(
        "Minimum Score", required=True, help="The grade applies from this score up."
    )
    max_score = fields.Float(
        "Up To",
        compute="_compute_max_score",
        help="The grade applies below this score (the next grade's minimum).",
    )
    pay_coefficient = fields.Float(
        "Pay Coefficient (%)",
        default=100.0,
        help="Share of the performance pay paid for this grade.",
    )
    fixed_amount = fields.Float(
        help="Fixed reward (positive) or penalty (negative) paid with this grade."
    )
    color = fields.Integer()

    _sql_constraints = [
        (
            "code_scale_unique",
            "UNIQUE(scale_id, code)",
            "A grade code must be unique within its scale.",
        ),
    ]

    @api.depends("scale_id.grade_ids.min_score")
    def _compute_max_score(self):
        for grade in self:
            higher = grade.scale_id.grade_ids.filtered(
                lambda g, grade=grade: g.min_score > grade.min_score
            )
            grade.max_score = min(higher.mapped("min_score"), default=0.0)

    @api.ondelete(at_uninstall=False)
    def _unlink_unused(self):
        self.env["hr.kpi.appraisal"]._check_unused("grade_id", self)

    def _engine_grade(self):
        self.ensure_one()
        return {
            "code": self.code,
            "name": self.name,
            "min_score": self.min_score,
            "pay_coefficient": self.pay_coefficient,
            "fixed_amount": self.fixed_amount,
        }

    @api.constrains("min_score", "code", "pay_coefficient", "fixed_amount")
    def _check_engine_grades(self):
        for scale in self.scale_id:
            try:
                validate_grades(scale._engine_grades())
            except ValueError as error:
                raise_engine_error(self.env, error, scale.display_name)
