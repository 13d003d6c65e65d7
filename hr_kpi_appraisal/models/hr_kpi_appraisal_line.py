from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import (
    JUDGED_METHODS,
    ROW_INPUTS,
    entered_inputs,
    method_inputs,
    score_indicator,
)
from .engine_errors import raise_engine_error
from .hr_kpi_indicator import SCORING_METHODS

# The line field of each measured input of the engine (METHOD_INPUTS): counts
# and inputs are the line's event and input rows, by their type.
INPUT_FIELDS = {
    "actual": "actual_value",
    "rank": "rank",
    "group_size": "group_size",
    "veto": "veto_triggered",
    "counts": "input_ids",
    "inputs": "input_ids",
}
# Context key of a caller that writes many measured values and reranks once.
RERANK_LATER = "kpi_rerank_later"
ROW_INPUT_OF_TYPE = {"event": "counts", "input": "inputs"}
TRANSLATED_SNAPSHOT_FIELDS = ("name", "definition", "target", "criteria")
# Who may write which field (the rights of hr.kpi.appraisal._may); the rest,
# the indicator's snapshot and the points among them, is fixed at creation.
FIELD_RIGHTS = {
    **dict.fromkeys(("self_value", "self_note"), "self_score"),
    **dict.fromkeys(("manager_value", "note"), "manager_score"),
    **dict.fromkeys(
        ("actual_value", "rank", "group_size", "veto_triggered", "input_ids"),
        "measure",
    ),
    **dict.fromkeys(
        (*TRANSLATED_SNAPSHOT_FIELDS, "section_name", "sequence"), "header"
    ),
}


class HrKpiAppraisalLine(models.Model):
    """A score line of an appraisal, copied from a template indicator."""

    _name = "hr.kpi.appraisal.line"
    _inherit = ["hr.kpi.write.guard"]
    _description = "KPI Appraisal Line"
    _order = "appraisal_id.id, sequence, id"

    appraisal_id = fields.Many2one(
        "hr.kpi.appraisal", required=True, index=True, ondelete="cascade"
    )
    state = fields.Selection(related="appraisal_id.state")
    can_self_score = fields.Boolean(related="appraisal_id.can_self_score")
    can_manager_score = fields.Boolean(related="appraisal_id.can_manager_score")
    can_measure = fields.Boolean(related="appraisal_id.can_measure")
    employee_id = fields.Many2one(
        related="appraisal_id.employee_id", store=True, index=True, precompute=True
    )
    campaign_id = fields.Many2one(
        related="appraisal_id.campaign_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="appraisal_id.company_id", store=True, precompute=True
    )
    indicator_id = fields.Many2one(
        "hr.kpi.indicator", "Template Indicator", ondelete="set null", index=True
    )
    sequence = fields.Integer(default=10)
    section_code = fields.Char(readonly=True)
    section_name = fields.Char("Section", translate=True, readonly=True)
    section_weight = fields.Float("Section Weight (%)", readonly=True)
    code = fields.Char(readonly=True)
    name = fields.Char("Indicator", required=True, translate=True)
    definition = fields.Text(translate=True)
    target = fields.Char(translate=True)
    criteria = fields.Text(translate=True)
    max_points = fields.Float(readonly=True)
    kind = fields.Selection(
        [("normal", "Normal"), ("bonus", "Bonus"), ("penalty", "Penalty")],
        readonly=True,
        default="normal",
    )
    scoring_method = fields.Selection(SCORING_METHODS, readonly=True)
    is_judged = fields.Boolean(compute="_compute_inputs_used")
    uses_actual = fields.Boolean(
        "Scored by Actual Value", compute="_compute_inputs_used"
    )
    uses_rank = fields.Boolean("Scored by Rank", compute="_compute_inputs_used")
    rank_computed = fields.Boolean(
        "Rank Computed",
        compute="_compute_inputs_used",
        help="The rank and group size are computed from the measured values of "
        "the group.",
    )
    uses_veto = fields.Boolean("Veto Item", compute="_compute_inputs_used")
    indicator_snapshot = fields.Json(readonly=True)
    # inputs
    self_value = fields.Float(
        "Self Score", help="Points, percentage or level number given by the employee."
    )
    manager_value = fields.Float(
        "Supervisor Score",
        help="Points, percentage or level number given by the supervisor.",
    )
    actual_value = fields.Float("Actual", help="The measured value (实际完成值).")
    rank = fields.Float(
        digits=(16, 1), help="Rank within the group, 1 = best (ties share x.5)."
    )
    group_size = fields.Integer(help="Number of people ranked.")
    veto_triggered = fields.Boolean("Veto Triggered")
    input_ids = fields.One2many(
        "hr.kpi.appraisal.line.input", "line_id", string="Counts and Inputs", copy=True
    )
    self_note = fields.Text("Employee Note")
    note = fields.Text("Supervisor Note")
    # results
    self_points = fields.Float(compute="_compute_points", store=True, precompute=True)
    manager_points = fields.Float(
        "Supervisor Points", compute="_compute_points", store=True, precompute=True
    )
    points = fields.Float(compute="_compute_points", store=True, precompute=True)

    _sql_constraints = [
        (
            "counts_not_negative",
            "CHECK(rank >= 0 AND group_size >= 0)",
            "Ranks and group sizes cannot be negative.",
        ),
    ]

    @api.depends("scoring_method", "indicator_snapshot")
    def _compute_inputs_used(self):
        """What the line's method reads (the engine's METHOD_INPUTS) and what
        people enter for it (``entered_inputs``)."""
        for line in self:
            keys = method_inputs(line.scoring_method)
            entered = entered_inputs(line.indicator_snapshot)
            line.is_judged = line.scoring_method in JUDGED_METHODS
            line.uses_actual = "actual" in entered
            line.uses_rank = "rank" in keys
            line.rank_computed = line.uses_rank and "rank" not in entered
            line.uses_veto = "veto" in keys

    @api.depends(
        "self_value",
        "manager_value",
        "actual_value",
        "rank",
        "group_size",
        "veto_triggered",
        "input_ids.value",
    )
    def _compute_points(self):
        for appraisal, lines in self.grouped("appraisal_id").items():
            if not appraisal:
                lines.update({"self_points": 0.0, "manager_points": 0.0, "points": 0.0})
                continue
            for line, points in zip(
                lines, appraisal._engine_line_points(lines), strict=True
            ):
                line.self_points = points["self_points"]
                line.manager_points = points["manager_points"]
                line.points = points["points"]

    def _engine_line(self):
        """The line as the scoring engine reads it: snapshot plus both reviews,
        with the inputs the line's method reads (METHOD_INPUTS)."""
        self.ensure_one()
        if self.is_judged:
            self_input = {"value": self._judged_value(self.self_value)}
            manager_input = {"value": self._judged_value(self.manager_value)}
        else:
            keys = method_inputs(self.scoring_method)
            self_input = {key: self._engine_input(key) for key in keys}
            manager_input = dict(self_input)
        return {
            "indicator": self.indicator_snapshot,
            "self": self_input,
            "manager": manager_input,
        }

    def _engine_input(self, key):
        """The value of a measured input (a key of MEASURED_INPUTS) on the line."""
        if key in ROW_INPUTS:
            return {
                row.code: row.value
                for row in self.input_ids
                if ROW_INPUT_OF_TYPE[row.input_type] == key
            }
        field = INPUT_FIELDS[key]
        value = self[field]
        # a rank or group size of 0 was not entered
        return value or None if key in ("rank", "group_size") else value

    def _judged_value(self, value):
        """A level number of 0 means no level was chosen yet."""
        if self.scoring_method == "levels" and not value:
            return None
        return value

    def action_open_line(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_submit_team_scores(self):
        """Submit the supervisor scores of the appraisals of the selected lines,
        all in one call: with the rights and checks of the appraisal form."""
        appraisals = self.appraisal_id
        appraisals.action_submit_manager()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Scores of %s appraisals submitted.", len(appraisals)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_self_input(self):
        for line in self:
            try:
                score_indicator(line.indicator_snapshot, line._engine_line()["self"])
            except ValueError as error:
                raise_engine_error(self.env, error, line.appraisal_id.display_name)

    def _check_manager_inputs(self):
        missing = self.filtered(lambda line: line.uses_rank and not line.rank)
        if missing:
            raise UserError(
                self.env._(
                    "Enter the rank of “%(line)s” on %(appraisal)s before submitting.",
                    line=missing[0].name,
                    appraisal=missing[0].appraisal_id.display_name,
                )
            )

    def _copy_indicator_translations(self):
        """Copy every language of the indicator texts onto the new lines; rows
        that already hold them all (one language only) are left alone."""
        lines = self.filtered("indicator_id")
        if not lines:
            return
        self.flush_recordset()
        names = ", ".join(TRANSLATED_SNAPSHOT_FIELDS)
        current = ", ".join(f"line.{name}" for name in TRANSLATED_SNAPSHOT_FIELDS)
        sources = ", ".join(f"indicator.{name}" for name in TRANSLATED_SNAPSHOT_FIELDS)
        self.env.cr.execute(
            f"""
            UPDATE hr_kpi_appraisal_line line
               SET ({names}, section_name) = ({sources}, section.name)
              FROM hr_kpi_indicator indicator
              JOIN hr_kpi_section section ON section.id = indicator.section_id
             WHERE indicator.id = line.indicator_id AND line.id IN %s
               AND ({current}, line.section_name)
                   IS DISTINCT FROM ({sources}, section.name)
            """,  # noqa: S608 - column names are constants
            [tuple(lines.ids)],
        )
        self.invalidate_recordset([*TRANSLATED_SNAPSHOT_FIELDS, "section_name"])

    # ------------------------------------------------------------------
    # Who may write what
    # ------------------------------------------------------------------

    @api.model
    def _kpi_field_rights(self):
        return FIELD_RIGHTS

    def _kpi_appraisals(self):
        return self.appraisal_id

    @api.model_create_multi
    def create(self, vals_list):
        self._kpi_check_new(vals_list, self._kpi_appraisals())
        lines = super().create(vals_list)
        self.env["hr.kpi.ranking"]._rerank(lines)
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "actual_value" in vals and not self.env.context.get(RERANK_LATER):
            self.env["hr.kpi.ranking"]._rerank(self)
        return result

    def _check_write(self, field_names):
        """Raise unless the current user may write ``field_names`` on the lines."""
        self._kpi_check_fields(field_names)

    def _kpi_check_fields(self, field_names, rights=(), appraisals=None):
        """A computed rank and its group size are the ranking's alone."""
        computed = {"rank", "group_size"} & set(field_names)
        if computed and not self._kpi_is_system() and any(self.mapped("rank_computed")):
            raise AccessError(
                self.env._(
                    "%s are computed from the measured values of the group: enter "
                    "the measured value instead.",
                    self._kpi_labels(computed),
                )
            )
        return super()._kpi_check_fields(field_names, rights, appraisals)
