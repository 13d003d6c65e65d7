from odoo import api, models
from odoo.exceptions import UserError

from . import xlsx_appraisal


class ReportAppraisalXlsx(models.AbstractModel):
    """The XLSX downloads of appraisals: the forms (考核表) and the summary."""

    _name = "report.hr_kpi_appraisal.appraisal_xlsx"
    _description = "KPI Appraisal XLSX Exports"

    @api.model
    def action_forms(self, appraisals):
        """Download the form of each appraisal as XLSX, one sheet each."""
        self._check_exportable(appraisals)
        if len(appraisals) == 1:
            name = appraisals.name
        else:
            name = self.env._("Appraisal Forms")
        return self._download(xlsx_appraisal.forms_xlsx(appraisals), name)

    @api.model
    def action_summary(self, appraisals):
        """Download a row per appraisal and the grade distribution as XLSX."""
        self._check_exportable(appraisals)
        content = xlsx_appraisal.summary_xlsx(appraisals)
        return self._download(content, self.env._("Appraisal Summary"))

    @api.model
    def _check_exportable(self, appraisals):
        if not appraisals:
            raise UserError(self.env._("Select at least one appraisal to export."))

    @api.model
    def _download(self, content, name):
        """Serve ``content`` through an attachment that only its creator can read."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{name}.xlsx",
                "raw": content,
                "mimetype": "application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet",
                "res_model": "hr.kpi.appraisal",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
