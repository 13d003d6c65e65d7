from odoo import api, fields, models


class HrKpiCalibrationWizard(models.TransientModel):
    """Asks HR for the new grade and the reason of a calibration move (a card
    dragged to another column of the calibration board, or the form's button)."""

    _name = "hr.kpi.calibration.wizard"
    _description = "KPI Calibration Dialog"

    appraisal_ids = fields.Many2many("hr.kpi.appraisal", string="Appraisals")
    scale_id = fields.Many2one(
        "hr.kpi.grade.scale", compute="_compute_scale_id", string="Grade Scale"
    )
    grade_id = fields.Many2one(
        "hr.kpi.grade",
        "New Grade",
        required=True,
        domain="[('scale_id', '=', scale_id)]",
    )
    reason = fields.Text(
        required=True,
        help="Why the appraisal moves to this grade; kept in the calibration history.",
    )

    @api.depends("appraisal_ids")
    def _compute_scale_id(self):
        for wizard in self:
            wizard.scale_id = wizard.appraisal_ids.grade_scale_id[:1]

    def action_confirm(self):
        self.ensure_one()
        self.appraisal_ids.action_calibrate(self.grade_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
