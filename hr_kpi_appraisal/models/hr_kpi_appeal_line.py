from odoo import api, fields, models


class HrKpiAppealLine(models.Model):
    """A score line the employee contests, and why."""

    _name = "hr.kpi.appeal.line"
    _inherit = ["hr.kpi.write.guard"]
    _description = "KPI Appeal Line"
    _order = "appeal_id, id"

    appeal_id = fields.Many2one(
        "hr.kpi.appeal", required=True, index=True, ondelete="cascade"
    )
    appraisal_line_id = fields.Many2one(
        "hr.kpi.appraisal.line",
        "Line",
        required=True,
        ondelete="cascade",
        domain="[('appraisal_id', '=', parent.appraisal_id)]",
    )
    code = fields.Char(related="appraisal_line_id.code")
    points = fields.Float(related="appraisal_line_id.points")
    reason = fields.Text(required=True)

    _sql_constraints = [
        (
            "line_once",
            "UNIQUE(appeal_id, appraisal_line_id)",
            "An appeal names each line once.",
        ),
    ]

    @api.model
    def _kpi_field_rights(self):
        return {"appraisal_line_id": "draft", "reason": "draft"}

    def _kpi_appraisals(self):
        return self.appeal_id

    @api.model
    def _kpi_check_create(self, vals_list, appraisals):
        if appraisals is None:
            appraisals = self.env["hr.kpi.appeal"].browse(
                {vals.get("appeal_id") for vals in vals_list}
            )
        given = set().union(*vals_list) - {"appeal_id"}
        self._kpi_check_fields(given, rights={"draft"}, appraisals=appraisals)

    def _kpi_check_unlink(self):
        self._kpi_check_fields((), rights={"draft"})

    @api.model_create_multi
    def create(self, vals_list):
        self._kpi_check_new(vals_list, None)
        return super().create(vals_list)
