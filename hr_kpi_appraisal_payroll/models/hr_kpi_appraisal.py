from odoo import fields, models
from odoo.exceptions import UserError


class HrKpiAppraisal(models.Model):
    _inherit = "hr.kpi.appraisal"

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

    def write(self, vals):
        if vals.get("state", "done") != "done":
            self._check_not_on_done_payslip()
        return super().write(vals)

    def _check_not_on_done_payslip(self):
        """Refuse to reopen an appraisal whose pay sits on a done payslip."""
        for appraisal in self.sudo().filtered(lambda a: a.payslip_id.state == "done"):
            raise UserError(
                self.env._(
                    "%(appraisal)s was paid on payslip %(payslip)s, which is done: "
                    "cancel or refund that payslip before reopening the appraisal.",
                    appraisal=appraisal.display_name,
                    payslip=appraisal.payslip_id.number or appraisal.payslip_id.name,
                )
            )
