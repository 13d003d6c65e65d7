from odoo import fields, models

from ..engine import percent_of_wage


class HrContract(models.Model):
    _inherit = "hr.contract"

    kpi_base_type = fields.Selection(
        [("fixed", "Fixed amount"), ("percent", "Percentage of the wage")],
        "Performance Wage Base",
        default="fixed",
        required=True,
        tracking=True,
    )
    kpi_base_amount = fields.Monetary(
        "Performance Wage", tracking=True, help="Performance pay at a score of 100."
    )
    kpi_base_percent = fields.Float(
        "Performance Wage (% of Wage)",
        tracking=True,
        help="E.g. 15 for a performance wage of 15% of the fixed wage.",
    )
    kpi_performance_base = fields.Monetary(
        "Performance Wage Base Amount", compute="_compute_kpi_performance_base"
    )

    _sql_constraints = [
        (
            "kpi_base_not_negative",
            "CHECK(kpi_base_amount >= 0 AND kpi_base_percent >= 0)",
            "The performance wage base cannot be negative.",
        ),
    ]

    def _compute_kpi_performance_base(self):
        for contract in self:
            contract.kpi_performance_base = contract._kpi_performance_base()

    def _kpi_performance_base(self):
        self.ensure_one()
        if self.kpi_base_type == "percent":
            return percent_of_wage(
                self.wage, self.kpi_base_percent, self.currency_id.rounding or 0.01
            )
        return self.kpi_base_amount
