from odoo import models

from ..models.hr_payslip import DEFER_KPI_INPUTS


class HrPayslipEmployees(models.TransientModel):
    _inherit = "hr.payslip.employees"

    def compute_sheet(self):
        """Generate the batch, then fill the KPI inputs of all its slips at once."""
        # OCA creates one slip per employee, then computes them all: the
        # deferred inputs are filled by HrPayslip.compute_sheet() in one search.
        return super(
            HrPayslipEmployees, self.with_context(**{DEFER_KPI_INPUTS: True})
        ).compute_sheet()
