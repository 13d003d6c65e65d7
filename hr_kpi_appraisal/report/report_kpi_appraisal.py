from odoo import api, models

from . import appraisal_form


class ReportKpiAppraisal(models.AbstractModel):
    """The appraisal form (考核表) as PDF: what each printed form shows."""

    _name = "report.hr_kpi_appraisal.report_kpi_appraisal"
    _description = "KPI Appraisal Form Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["hr.kpi.appraisal"].browse(docids)
        numbers = appraisal_form.employee_numbers(appraisal_form.readable(docs))

        def form_of(doc):
            """The form's values of ``doc`` in the language of its context."""
            return appraisal_form.form_values(doc.sudo(), numbers)

        return {
            "doc_ids": docids,
            "doc_model": docs._name,
            "docs": docs,
            "form_of": form_of,
        }
