from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrKpiDistributionPolicyLine(models.Model):
    """One quota of a distribution policy: a grade's maximum, minimum or
    target share of the group."""

    _name = "hr.kpi.distribution.policy.line"
    _description = "KPI Grade Distribution Quota"
    _order = "policy_id, grade_min_score desc, kind, id"

    policy_id = fields.Many2one(
        "hr.kpi.distribution.policy", required=True, index=True, ondelete="cascade"
    )
    scale_id = fields.Many2one(related="policy_id.scale_id")
    grade_id = fields.Many2one(
        "hr.kpi.grade",
        required=True,
        ondelete="cascade",
        domain="[('scale_id', '=', scale_id)]",
    )
    grade_min_score = fields.Float(related="grade_id.min_score", store=True)
    kind = fields.Selection(
        [("max", "At most"), ("min", "At least"), ("target", "About")],
        required=True,
        default="max",
    )
    share = fields.Float(
        "Share (%)", required=True, help="Percentage of the group's people."
    )

    _sql_constraints = [
        (
            "grade_kind_unique",
            "UNIQUE(policy_id, grade_id, kind)",
            "A grade has one quota of each kind in a policy.",
        ),
    ]

    @api.constrains("grade_id", "policy_id", "share")
    def _check_share(self):
        for line in self:
            if not 0 <= line.share <= 100:
                raise ValidationError(
                    self.env._(
                        "The share of grade %(grade)s is %(share)s%%; a share is "
                        "a percentage from 0 to 100.",
                        grade=line.grade_id.display_name,
                        share=line.share,
                    )
                )
            if line.grade_id.scale_id != line.policy_id.scale_id:
                raise ValidationError(
                    self.env._(
                        "Grade %(grade)s is not on the scale %(scale)s of the policy.",
                        grade=line.grade_id.display_name,
                        scale=line.policy_id.scale_id.display_name,
                    )
                )
        self.policy_id._check_lines()
