from odoo import api, fields, models

from ..engine import validate_pay_rule
from .engine_errors import raise_engine_error
from .hr_kpi_indicator import RANK_GROUP_CHOICES


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
    rank_award_ids = fields.One2many(
        "hr.kpi.rank.award",
        "rule_id",
        string="Rank Awards",
        copy=True,
        help="Amounts for the first and last places of the group ranked by total "
        "score in the campaign, added to the fixed award when an appraisal is "
        "approved.",
    )
    rank_award_group = fields.Selection(
        RANK_GROUP_CHOICES, "Awards Ranked Among", required=True, default="department"
    )
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
            "rank_awards": {
                "group": self.rank_award_group,
                **{side: self._rank_award_amounts(side) for side in ("top", "bottom")},
            },
        }

    def _rank_award_amounts(self, side):
        """The amounts of the places counted from ``side``, place 1 first (a
        place without an amount gets 0)."""
        awards = {a.place: a.amount for a in self.rank_award_ids if a.side == side}
        return [
            awards.get(place, 0.0) for place in range(1, max(awards, default=0) + 1)
        ]

    @api.ondelete(at_uninstall=False)
    def _unlink_unused(self):
        self.env["hr.kpi.appraisal"]._check_unused("pay_rule_id", self)

    @api.constrains("method", "tier_ids", "rank_award_ids", "rank_award_group")
    def _check_engine_rule(self):
        for rule in self:
            try:
                validate_pay_rule(rule._engine_rule())
            except ValueError as error:
                raise_engine_error(self.env, error, rule.display_name)
