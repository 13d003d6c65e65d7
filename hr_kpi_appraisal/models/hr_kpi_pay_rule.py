from odoo import api, fields, models

from ..engine import validate_pay_rule
from .engine_errors import raise_engine_error


class HrKpiPayRule(models.Model):
    """How a total score (or grade) turns the performance wage base into pay."""

    _name = "hr.kpi.pay.rule"
    _inherit = ["hr.kpi.code.mixin"]
    _description = "KPI Pay Rule"
    _order = "code, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    method = fields.Selection(
        [
            ("none", "No performance pay"),
            ("proportional", "Proportional to the score"),
            ("tiered", "Tiers by score"),
            ("grade", "Grade coefficient and fixed amount"),
        ],
        required=True,
        default="proportional",
    )
    tier_ids = fields.One2many("hr.kpi.pay.tier", "rule_id", string="Tiers", copy=True)
    active = fields.Boolean(default=True)

    def _engine_rule(self):
        """The rule as the scoring engine reads it."""
        self.ensure_one()
        return {
            "method": self.method,
            "tiers": [
                {"min_score": t.min_score, "rate": t.rate, "by_score": t.by_score}
                for t in self.tier_ids
            ],
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_unused(self):
        self.env["hr.kpi.appraisal"]._check_unused("pay_rule_id", self)

    @api.constrains("method", "tier_ids")
    def _check_engine_rule(self):
        for rule in self:
            try:
                validate_pay_rule(rule._engine_rule())
            except ValueError as error:
                raise_engine_error(self.env, error, rule.display_name)
