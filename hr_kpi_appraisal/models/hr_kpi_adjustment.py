from odoo import api, fields, models


class HrKpiAdjustment(models.Model):
    """A reward, discipline or attendance adjustment on one appraisal."""

    _name = "hr.kpi.adjustment"
    _description = "KPI Appraisal Adjustment"
    _order = "appraisal_id.id, id"

    appraisal_id = fields.Many2one(
        "hr.kpi.appraisal", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True)
    type_id = fields.Many2one("hr.kpi.adjustment.type", required=True)
    quantity = fields.Integer(default=1)
    points = fields.Float(
        compute="_compute_from_type",
        store=True,
        readonly=False,
        help="Points per occurrence.",
    )
    percent = fields.Float(compute="_compute_from_type", store=True, readonly=False)
    date = fields.Date(default=fields.Date.context_today)
    note = fields.Char()

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity >= 1)",
            "An adjustment happens at least once.",
        ),
    ]

    @api.depends("type_id")
    def _compute_from_type(self):
        for adjustment in self:
            adjustment.points = adjustment.type_id.points
            adjustment.percent = adjustment.type_id.percent

    def _engine_adjustment(self):
        self.ensure_one()
        values = {"code": self.type_id.code, "name": self.type_id.name}
        if self.percent:
            return dict(values, percent=self.percent)
        return dict(values, points=self.points * self.quantity)

    @api.model_create_multi
    def create(self, vals_list):
        adjustments = super().create(vals_list)
        if not self.env.su:
            adjustments.appraisal_id._check_locked({"adjustment_ids": True})
            adjustments.appraisal_id._check_header_write({"adjustment_ids": True})
        return adjustments

    def write(self, vals):
        if not self.env.su:
            self.appraisal_id._check_locked({"adjustment_ids": True})
            self.appraisal_id._check_header_write({"adjustment_ids": True})
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self.appraisal_id._check_locked({"adjustment_ids": True})
            self.appraisal_id._check_header_write({"adjustment_ids": True})
        return super().unlink()
