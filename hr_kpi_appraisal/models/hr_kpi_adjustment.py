from odoo import api, fields, models


class HrKpiAdjustment(models.Model):
    """A reward, discipline or attendance adjustment on one appraisal."""

    _name = "hr.kpi.adjustment"
    _inherit = ["hr.kpi.write.guard", "hr.kpi.result.privacy"]
    _description = "KPI Appraisal Adjustment"
    _kpi_result_fields = frozenset({"points", "percent"})
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
    pay_percent = fields.Float(compute="_compute_from_type", store=True, readonly=False)
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
            adjustment.pay_percent = adjustment.type_id.pay_percent

    def _engine_adjustments(self):
        """The engine's adjustments of the score; those of the pay alone
        (``pay_percent``) go to the pay rule instead."""
        return [
            adjustment._engine_adjustment()
            for adjustment in self.filtered(
                lambda a: not a.pay_percent or a.points or a.percent
            )
        ]

    def _engine_adjustment(self):
        self.ensure_one()
        values = {"code": self.type_id.code, "name": self.type_id.name}
        if self.percent:
            return dict(values, percent=self.percent)
        return dict(values, points=self.points, quantity=self.quantity)

    @api.model
    def _kpi_field_rights(self):
        # the appraisal is chosen at creation and fixed after it
        fields = (
            "type_id",
            "quantity",
            "points",
            "percent",
            "pay_percent",
            "date",
            "note",
        )
        return dict.fromkeys(fields, "adjust")

    def _kpi_appraisals(self):
        return self.appraisal_id

    @api.model
    def _kpi_check_create(self, vals_list, appraisals):
        given = set().union(*vals_list) - {"appraisal_id"}
        self._kpi_check_fields(given, rights={"adjust"}, appraisals=appraisals)

    def _kpi_check_unlink(self):
        self._kpi_check_fields((), rights={"adjust"})

    @api.model_create_multi
    def create(self, vals_list):
        appraisals = self.env["hr.kpi.appraisal"].browse(
            {vals["appraisal_id"] for vals in vals_list if vals.get("appraisal_id")}
        )
        self._kpi_check_new(vals_list, appraisals)
        return super().create(vals_list)
