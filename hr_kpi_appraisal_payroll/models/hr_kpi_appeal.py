from odoo import api, fields, models


class HrKpiAppeal(models.Model):
    _inherit = "hr.kpi.appeal"

    correction_payslip_id = fields.Many2one(
        "hr.payslip",
        "Correction Paid on Payslip",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        groups="payroll.group_payroll_user",
        help="The confirmed payslip that paid the pay correction (KPI_CORR).",
    )

    @api.model
    def _kpi_corrections_due(self, employees, date_to, companies):
        """Upheld appeals whose pay correction is owed by ``date_to``: the old
        result was paid on a payslip that still stands, and the correction is
        on no confirmed payslip yet."""
        return self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("state", "=", "upheld"),
                ("date_corrected", "<=", date_to),
                ("correction_amount", "!=", 0),
                ("correction_payslip_id", "=", False),
                ("appraisal_id.paid", "=", True),
                ("company_id", "in", companies.ids),
            ]
        )
