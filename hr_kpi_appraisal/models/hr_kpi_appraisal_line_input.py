from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hr_kpi_appraisal_line import RERANK_LATER


class HrKpiAppraisalLineInput(models.Model):
    """A count of one kind of occurrence, or a named input, on a score line."""

    _name = "hr.kpi.appraisal.line.input"
    _inherit = ["hr.kpi.write.guard"]
    _description = "KPI Appraisal Line Input"
    _order = "line_id.id, sequence, id"

    line_id = fields.Many2one(
        "hr.kpi.appraisal.line", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    input_type = fields.Selection(
        [("event", "Occurrences"), ("input", "Input value")], required=True
    )
    code = fields.Char(required=True, readonly=True)
    name = fields.Char(required=True, translate=True, readonly=True)
    unit_points = fields.Float("Points Each", readonly=True)
    value = fields.Float()

    @api.constrains("value", "input_type")
    def _check_value(self):
        for line_input in self:
            if line_input.input_type == "event" and (
                line_input.value < 0 or not float(line_input.value).is_integer()
            ):
                raise ValidationError(
                    self.env._(
                        "“%(name)s” on “%(line)s” counts occurrences: enter a whole "
                        "number of at least 0, not %(value)s.",
                        name=line_input.name,
                        line=line_input.line_id.name,
                        value=line_input.value,
                    )
                )

    @api.model
    def _kpi_field_rights(self):
        # a count or input is a measured value of its line, which the employee
        # declares in self review and the supervisor and HR check; the rest is fixed
        return {"value": "declare"}

    def _kpi_appraisals(self):
        return self.line_id.appraisal_id

    @api.model_create_multi
    def create(self, vals_list):
        self._kpi_check_new(vals_list, self._kpi_appraisals())
        return super().create(vals_list)

    def write(self, vals):
        """A new workload or number of days worked ranks the saturation group
        again (unless the caller ranks once after many writes)."""
        result = super().write(vals)
        if "value" in vals and not self.env.context.get(RERANK_LATER):
            self.env["hr.kpi.ranking"]._rerank(self.line_id)
        return result
