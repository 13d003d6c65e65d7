from odoo import api, fields, models


class HrKpiPayTier(models.Model):
    """From a minimum score up: a rate of the base, optionally times the score."""

    _name = "hr.kpi.pay.tier"
    _description = "KPI Pay Tier"
    _order = "rule_id, min_score, id"

    rule_id = fields.Many2one("hr.kpi.pay.rule", required=True, ondelete="cascade")
    min_score = fields.Float("From Score", required=True)
    rate = fields.Float("Rate (%)", required=True, default=100.0)
    by_score = fields.Boolean(
        "Times Score %", help="Multiply the rate by the score as a percentage."
    )

    @api.constrains("min_score", "rate", "by_score")
    def _check_rule(self):
        self.rule_id._check_engine_rule()
