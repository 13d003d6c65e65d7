from odoo import fields, models


class HrPayslipInput(models.Model):
    _inherit = "hr.payslip.input"

    # Read and written as superuser only: a many2many read hides the records the
    # user cannot see (and caches that), which would lose or keep wrong links.
    kpi_appraisal_ids = fields.Many2many(
        "hr.kpi.appraisal",
        string="KPI Appraisals",
        readonly=True,
        copy=False,
        help="Approved appraisals whose pay this input carries.",
    )
    kpi_appeal_ids = fields.Many2many(
        "hr.kpi.appeal",
        string="KPI Appeals",
        readonly=True,
        copy=False,
        help="Upheld appeals whose pay correction this input carries.",
    )
    kpi_finding_ids = fields.Many2many(
        "hr.kpi.history.finding",
        string="KPI History Findings",
        readonly=True,
        copy=False,
        help="Confirmed findings whose award, penalty or bonus block this input "
        "carries.",
    )
