from odoo import fields, models


class HrKpiCalibration(models.Model):
    """One move of an appraisal to another grade in calibration (绩效校准),
    with HR's reason; the score stays as it was."""

    _name = "hr.kpi.calibration"
    _description = "KPI Calibration Move"
    _order = "create_date desc, id desc"

    appraisal_id = fields.Many2one(
        "hr.kpi.appraisal", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="appraisal_id.company_id", store=True, index=True
    )
    employee_id = fields.Many2one(related="appraisal_id.employee_id")
    from_grade_id = fields.Many2one("hr.kpi.grade", "From Grade", ondelete="restrict")
    to_grade_id = fields.Many2one(
        "hr.kpi.grade", "To Grade", required=True, ondelete="restrict"
    )
    total_score = fields.Float(help="The total score when the move was made.")
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", "Calibrated By", required=True, ondelete="restrict"
    )
