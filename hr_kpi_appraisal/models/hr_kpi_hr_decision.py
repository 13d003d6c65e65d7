from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .hr_kpi_write_guard import SYSTEM_CONTEXT_KEY, SYSTEM_WRITE


class HrKpiHrDecision(models.AbstractModel):
    """Records the system makes and only HR decides on (history findings,
    level changes): nobody creates, deletes or edits them by hand except HR's
    note, and the decision goes through ``_kpi_decide``."""

    _name = "hr.kpi.hr.decision"
    _description = "KPI Decision by HR"

    decided_by_id = fields.Many2one("res.users", readonly=True)

    @api.model
    def _kpi_note_field(self):
        """The one field HR writes by hand."""
        return "note"

    def _kpi_is_system(self):
        return self.env.context.get(SYSTEM_CONTEXT_KEY) is SYSTEM_WRITE

    def _kpi_system(self):
        return self.sudo().with_context(**{SYSTEM_CONTEXT_KEY: SYSTEM_WRITE})

    @api.model_create_multi
    def create(self, vals_list):
        if not self._kpi_is_system():
            raise AccessError(
                self.env._("%s records are made by the system only.", self._description)
            )
        return super().create(vals_list)

    def write(self, vals):
        free = (
            {self._kpi_note_field()}
            | set(self.env["mail.thread"]._fields)
            | set(self.env["mail.activity.mixin"]._fields)
        )
        if not self._kpi_is_system() and set(vals) - free:
            raise AccessError(
                self.env._(
                    "%s records change only when HR decides on them.", self._description
                )
            )
        return super().write(vals)

    def unlink(self):
        if not self._kpi_is_system():
            raise AccessError(
                self.env._("%s records cannot be deleted.", self._description)
            )
        return super().unlink()

    def _kpi_decide(self, values):
        """Write HR's decision ``values`` on the records still undecided."""
        if not self.env.user.has_group("hr_kpi_appraisal.group_kpi_hr"):
            raise AccessError(
                self.env._("Only HR decides on %s records.", self._description)
            )
        self.check_access("write")
        if self.filtered(lambda record: record.state not in ("open", "proposed")):
            raise UserError(self.env._("This has already been decided."))
        self._kpi_system().write({**values, "decided_by_id": self.env.user.id})
