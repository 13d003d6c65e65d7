from odoo import api, fields, models


class HrKpiRankAward(models.Model):
    """An amount for one place of a group ranked by total score (S26: the
    branch's first +200 yuan, its last −100 yuan)."""

    _name = "hr.kpi.rank.award"
    _description = "KPI Rank Award"
    _order = "rule_id, side desc, place, id"

    rule_id = fields.Many2one("hr.kpi.pay.rule", required=True, ondelete="cascade")
    side = fields.Selection(
        [("top", "From the top"), ("bottom", "From the bottom")],
        "Counted",
        required=True,
        default="top",
    )
    place = fields.Integer(
        required=True, default=1, help="1 = the first (from the top) or the last."
    )
    amount = fields.Float(
        required=True, help="Reward (positive) or penalty (negative) of the place."
    )

    _sql_constraints = [
        ("place_positive", "CHECK(place >= 1)", "A place is 1 or more."),
        (
            "place_unique",
            "UNIQUE(rule_id, side, place)",
            "Each place has one amount per end of the ranking.",
        ),
    ]

    @api.constrains("side", "place", "amount")
    def _check_rule(self):
        self.rule_id._check_engine_rule()
