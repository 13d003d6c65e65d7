from odoo import api, fields, models


class HrKpiAppeal(models.Model):
    _inherit = "hr.kpi.appeal"

    old_payslip_id = fields.Many2one(
        "hr.payslip",
        "Old Result Paid on Payslip",
        readonly=True,
        copy=False,
        groups="payroll.group_payroll_user",
        help="The confirmed payslip that had paid the result when the appeal was "
        "upheld: the correction is owed while that payment stands.",
    )
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
    reversal_payslip_id = fields.Many2one(
        "hr.payslip",
        "Correction Taken Back on Payslip",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        groups="payroll.group_payroll_user",
        help="The confirmed payslip that took the paid correction back, after the "
        "payslip of the old result was refunded and the result is paid anew.",
    )

    def action_uphold(self):
        old_slips = {
            appeal.id: appeal.appraisal_id.sudo().payslip_id.id for appeal in self
        }
        result = super().action_uphold()
        for appeal in self._kpi_system():
            appeal.old_payslip_id = old_slips[appeal.id]
        return result

    @api.model
    def _kpi_corrections_due(self, employees, date_to, companies):
        """Upheld appeals whose pay correction is owed by ``date_to``: the
        correction itself while the payslip of the old result stands and no
        confirmed payslip paid it yet; or, once that payslip was refunded, the
        paid correction back (``_kpi_is_reversal``), so that paying the result
        anew in full does not pay the correction twice."""
        appeals = self.sudo().search(
            [
                ("employee_id", "in", employees.ids),
                ("state", "=", "upheld"),
                ("date_corrected", "<=", date_to),
                ("correction_amount", "!=", 0),
                ("old_payslip_id", "!=", False),
                ("reversal_payslip_id", "=", False),
                ("company_id", "in", companies.ids),
            ]
        )
        # a correction unpaid while the old pay stands, or paid once it is not
        return appeals.filtered(
            lambda a: bool(a.correction_payslip_id) == a._kpi_old_pay_refunded()
        )

    def _kpi_old_pay_refunded(self):
        return self.appraisal_id.payslip_id != self.old_payslip_id

    def _kpi_is_reversal(self):
        """Whether the correction, paid, is now owed back: the old pay it
        completed was refunded."""
        return bool(self.correction_payslip_id) and self._kpi_old_pay_refunded()

    def _kpi_signed_correction(self):
        """The amount this appeal puts on KPI_CORR now."""
        if self._kpi_is_reversal():
            return -self.correction_amount
        return self.correction_amount
