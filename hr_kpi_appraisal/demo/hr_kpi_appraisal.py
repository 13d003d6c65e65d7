from odoo import api, models

from .appraisals import load_demo_appraisals
from .names import load_demo_names


class HrKpiAppraisal(models.Model):
    _inherit = "hr.kpi.appraisal"

    @api.model
    def _load_demo_appraisals(self):
        """Entry point of the demo appraisals, for ``demo/hr_kpi_demo.xml``."""
        load_demo_appraisals(self.env)

    @api.model
    def _load_demo_names(self):
        """Entry point of the demo's Chinese names, for ``demo/hr_kpi_demo.xml``."""
        load_demo_names(self.env)
