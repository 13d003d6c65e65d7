from odoo import fields, models


class HrKpiAppraisal(models.Model):
    _inherit = "hr.kpi.appraisal"

    # An approved appraisal, paid or not, is reopened only by an upheld appeal
    # (see _kpi_check_write); a paid one's difference goes on the next payslip.
    payslip_id = fields.Many2one(
        "hr.payslip",
        "Paid on Payslip",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        groups="payroll.group_payroll_user",
        help="The confirmed payslip that paid this appraisal.",
    )
