from odoo import api, fields, models

from odoo.addons.hr_kpi_appraisal.models.hr_kpi_history_rule import (
    MONEY_CONSEQUENCES,
)

#: Consequences that go to payroll: awards and penalties are paid, a bonus
#: block leaves out the next annual bonus (KPI_BONUS).
PAYROLL_CONSEQUENCES = (*MONEY_CONSEQUENCES, "bonus_block")


class HrKpiHistoryFinding(models.Model):
    _inherit = "hr.kpi.history.finding"

    payslip_id = fields.Many2one(
        "hr.payslip",
        "Applied on Payslip",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        groups="payroll.group_payroll_user",
        help="The confirmed payslip that paid the award or penalty, or left out "
        "the annual bonus.",
    )

    @api.model
    def _kpi_due(self, employees, date_to, companies):
        """Confirmed findings payroll still owes by ``date_to``: awards,
        penalties and bonus blocks decided on or before it and on no confirmed
        payslip yet."""
        return self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("state", "=", "confirmed"),
                ("consequence", "in", PAYROLL_CONSEQUENCES),
                ("decided_on", "<=", date_to),
                ("payslip_id", "=", False),
                ("company_id", "in", companies.ids),
            ]
        )

    def _kpi_pay_amount(self, company, date):
        """The signed sum of these awards (+) and penalties (−) in ``company``'s
        currency on ``date``."""
        currency = company.currency_id
        return currency.round(
            sum(
                finding.currency_id._convert(
                    finding.amount
                    if finding.consequence == "award"
                    else -finding.amount,
                    currency,
                    company,
                    date,
                )
                for finding in self.filtered(
                    lambda f: f.consequence in MONEY_CONSEQUENCES
                )
            )
        )
