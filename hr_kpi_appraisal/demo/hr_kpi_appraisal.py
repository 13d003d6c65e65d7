from odoo import api, models

from .appraisals import load_demo_appraisals


class HrKpiAppraisal(models.Model):
    _inherit = "hr.kpi.appraisal"

    @api.model
    def _load_demo_appraisals(self):
        """Entry point of the demo appraisals, for ``demo/hr_kpi_demo.xml``."""
        load_demo_appraisals(self.env)
