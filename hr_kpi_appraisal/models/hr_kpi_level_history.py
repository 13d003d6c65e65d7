from odoo import api, fields, models


class HrKpiLevelHistory(models.Model):
    """A move on a career ladder: proposed after the results, approved or
    refused by HR; the approved ones are the employee's level history."""

    _name = "hr.kpi.level.history"
    _inherit = ["mail.thread", "mail.activity.mixin", "hr.kpi.hr.decision"]
    _description = "KPI Career Level Change"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    employee_id = fields.Many2one(
        "hr.employee", required=True, readonly=True, index=True, check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    ladder_id = fields.Many2one(
        "hr.kpi.level.ladder", required=True, readonly=True, ondelete="restrict"
    )
    from_level_id = fields.Many2one("hr.kpi.level", "From", readonly=True)
    to_level_id = fields.Many2one("hr.kpi.level", "To", readonly=True)
    move = fields.Selection(
        [("promote", "Promotion"), ("demote", "Demotion")], required=True, readonly=True
    )
    state = fields.Selection(
        [("proposed", "Proposed"), ("approved", "Approved"), ("refused", "Refused")],
        default="proposed",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    appraisal_ids = fields.Many2many(
        "hr.kpi.appraisal", string="Latest Results", readonly=True
    )
    result_key = fields.Integer(
        readonly=True, help="The latest appraisal the proposal was made on."
    )
    date = fields.Date("Effective On", readonly=True)
    reason = fields.Text(help="HR's reason for the decision.")

    def _compute_display_name(self):
        for change in self:
            change.display_name = " · ".join(
                filter(
                    None,
                    [
                        change.employee_id.name,
                        change.from_level_id.name or "—",
                        change.to_level_id.name or "—",
                    ],
                )
            )

    @api.model
    def _kpi_note_field(self):
        return "reason"

    def action_approve(self):
        """Approve the moves: each employee gets the new level."""
        self._kpi_decide({"state": "approved", "date": fields.Date.context_today(self)})
        for change in self:
            change.employee_id._kpi_system_employee().kpi_level_id = change.to_level_id
        return True

    def action_refuse(self):
        self._kpi_decide({"state": "refused", "date": fields.Date.context_today(self)})
        return True
