from contextlib import suppress

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..engine import (
    JUDGED_METHODS,
    ROW_INPUTS,
    SATURATION_INPUTS,
    entered_inputs,
    method_inputs,
    score_indicator,
    score_lines,
)
from .engine_errors import raise_engine_error, shown_number
from .hr_kpi_appraisal_line_hint import rule_hint
from .hr_kpi_indicator import SCORING_METHODS
from .snapshot_json import SnapshotJson

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
# What the input fields of a new line hold before anything is entered.
EMPTY_INPUTS = {
    "self_value": 0.0,
    "manager_value": 0.0,
    "actual_value": 0.0,
    "rank": 0,
    "group_size": 0,
    "veto_triggered": False,
}
TRANSLATED_SNAPSHOT_FIELDS = ("name", "definition", "target", "criteria")
# Who may write which field (the rights of hr.kpi.appraisal._may); the rest,
# the indicator's snapshot and the points among them, is fixed at creation.
FIELD_RIGHTS = {
    # the level and percentage fields write self_value / manager_value
    **dict.fromkeys(
        ("self_value", "self_level_id", "self_percent", "self_note"), "self_score"
    ),
    **dict.fromkeys(
        ("manager_value", "manager_level_id", "manager_percent", "note"),
        "manager_score",
    ),
    **dict.fromkeys(
        ("actual_value", "rank", "group_size", "veto_triggered"), "measure"
    ),
    # counts and inputs: declared by the employee, checked by the supervisor
    "input_ids": "declare",
    **dict.fromkeys(
        (*TRANSLATED_SNAPSHOT_FIELDS, "section_name", "sequence"), "header"
    ),
}


class HrKpiAppraisalLine(models.Model):
    """A score line of an appraisal, copied from a template indicator."""

    _name = "hr.kpi.appraisal.line"
    _inherit = ["hr.kpi.write.guard", "hr.kpi.result.privacy"]
    _description = "KPI Appraisal Line"
    _kpi_result_fields = frozenset(
        {
            "manager_value",
            "manager_points",
            "points",
            "manager_level_id",
            "manager_percent",
            "section_subtotal",
            "note",
        }
    )
    _order = "appraisal_id.id, sequence, id"

    appraisal_id = fields.Many2one(
        "hr.kpi.appraisal", required=True, index=True, ondelete="cascade"
    )
    state = fields.Selection(related="appraisal_id.state")
    # the current user's rights, computed as that user (not as superuser, as
    # related fields are by default, who may do anything)
    can_self_score = fields.Boolean(
        related="appraisal_id.can_self_score", compute_sudo=False
    )
    can_manager_score = fields.Boolean(
        related="appraisal_id.can_manager_score", compute_sudo=False
    )
    can_measure = fields.Boolean(related="appraisal_id.can_measure", compute_sudo=False)
    can_declare = fields.Boolean(related="appraisal_id.can_declare", compute_sudo=False)
    can_see_result = fields.Boolean(
        related="appraisal_id.can_see_result", compute_sudo=False
    )
    self_review = fields.Boolean(related="appraisal_id.self_review")
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
    max_points = fields.Float(readonly=True, aggregator=None)
    kind = fields.Selection(
        [("normal", "Normal"), ("bonus", "Bonus"), ("penalty", "Penalty")],
        readonly=True,
        default="normal",
    )
    scoring_method = fields.Selection(SCORING_METHODS, readonly=True)
    is_judged = fields.Boolean(compute="_compute_method_inputs")
    uses_actual = fields.Boolean(
        "Scored by Actual Value", compute="_compute_entered_inputs"
    )
    uses_rank = fields.Boolean("Scored by Rank", compute="_compute_method_inputs")
    rank_computed = fields.Boolean(
        "Rank Computed",
        compute="_compute_entered_inputs",
        help="The rank and group size are computed from the measured values of "
        "the group.",
    )
    uses_veto = fields.Boolean("Veto Item", compute="_compute_method_inputs")
    uses_counts = fields.Boolean("Scored by Counts", compute="_compute_method_inputs")
    indicator_snapshot = SnapshotJson(readonly=True)
    # what the screens show and take for each method (written through to the
    # judged values: a level number, a percentage)
    level_choice_ids = fields.Many2many(
        "hr.kpi.indicator.level",
        compute="_compute_level_choices",
        help="The template's levels of the line, as its snapshot numbers them.",
    )
    self_level_id = fields.Many2one(
        "hr.kpi.indicator.level",
        "Self Level",
        compute="_compute_self_level",
        inverse="_inverse_self_level",
        domain="[('id', 'in', level_choice_ids)]",
    )
    manager_level_id = fields.Many2one(
        "hr.kpi.indicator.level",
        "Supervisor Level",
        compute="_compute_manager_level",
        inverse="_inverse_manager_level",
        domain="[('id', 'in', level_choice_ids)]",
    )
    self_percent = fields.Float(
        "Self %", compute="_compute_self_percent", inverse="_inverse_self_percent"
    )
    manager_percent = fields.Float(
        "Supervisor %",
        compute="_compute_manager_percent",
        inverse="_inverse_manager_percent",
    )
    rule_hint = fields.Char(
        "How It Scores",
        compute="_compute_rule_hint",
        help="What the line's input earns under its rule: the band a value falls "
        "into, the points of each event, the consequence of a veto …",
    )
    section_head = fields.Char(
        "Section Header",
        compute="_compute_section_head",
        help="The section's name and weight, on its first line.",
    )
    section_subtotal = fields.Float(
        "Section Subtotal",
        compute="_compute_section_head",
        aggregator=None,
        help="The engine's weighted points of the section (section score × weight), "
        "on its first line.",
    )
    is_scored = fields.Boolean(
        "Scored",
        compute="_compute_is_scored",
        help="Whether the supervisor has given the line its judgement or measure.",
    )
    # inputs
    self_value = fields.Float(
        "Self Score",
        aggregator=None,
        help="Points, percentage or level number given by the employee.",
    )
    manager_value = fields.Float(
        "Supervisor Score",
        aggregator=None,
        help="Points, percentage or level number given by the supervisor.",
    )
    actual_value = fields.Float(
        "Actual", aggregator=None, help="The measured value (实际完成值)."
    )
    rank = fields.Float(
        digits=(16, 1),
        aggregator=None,
        help="Rank within the group, 1 = best (ties share x.5).",
    )
    group_size = fields.Integer(help="Number of people ranked.")
    veto_triggered = fields.Boolean("Veto Triggered")
    input_ids = fields.One2many(
        "hr.kpi.appraisal.line.input", "line_id", string="Counts and Inputs", copy=True
    )
    self_note = fields.Text("Employee Note")
    note = fields.Text("Supervisor Note")
    # results
    self_points = fields.Float(
        compute="_compute_points", store=True, precompute=True, aggregator=None
    )
    manager_points = fields.Float(
        "Supervisor Points",
        compute="_compute_points",
        store=True,
        precompute=True,
        aggregator=None,
    )
    points = fields.Float(
        compute="_compute_points", store=True, precompute=True, aggregator=None
    )

    _sql_constraints = [
        (
            "counts_not_negative",
            "CHECK(rank >= 0 AND group_size >= 0)",
            "Ranks and group sizes cannot be negative.",
        ),
    ]

    @api.depends("scoring_method")
    def _compute_method_inputs(self):
        """What the line's method reads (the engine's METHOD_INPUTS)."""
        for line in self:
            keys = method_inputs(line.scoring_method)
            line.is_judged = line.scoring_method in JUDGED_METHODS
            line.uses_rank = "rank" in keys
            line.uses_veto = "veto" in keys
            line.uses_counts = "counts" in keys

    @api.depends("scoring_method", "indicator_snapshot")
    def _compute_entered_inputs(self):
        """What people enter for the line (``entered_inputs``, which reads the
        snapshot: kept apart from the method's inputs, read far more often)."""
        for line in self:
            entered = entered_inputs(line.indicator_snapshot)
            line.uses_actual = "actual" in entered
            line.rank_computed = line.uses_rank and "rank" not in entered

    @api.depends("indicator_id.level_ids.points", "indicator_snapshot")
    def _compute_level_choices(self):
        """The template's levels, offered only while they still match the
        line's snapshot (same number and points, in order): the level number
        the engine reads is the position in that list."""
        for line in self:
            levels = line.indicator_id.level_ids
            snapshot = (line.indicator_snapshot or {}).get("levels") or []
            same = [level.points for level in levels] == [
                level["points"] for level in snapshot
            ]
            line.level_choice_ids = (
                levels if same and line.scoring_method == "levels" else False
            )

    # one compute per reviewer: recomputing one must not reset the other's
    # choice while a form's onchange reads it
    @api.depends("self_value", "level_choice_ids")
    def _compute_self_level(self):
        self._compute_level("self_level_id", "self_value")

    @api.depends("manager_value", "level_choice_ids")
    def _compute_manager_level(self):
        self._compute_level("manager_level_id", "manager_value")

    def _compute_level(self, level_field, value_field):
        """The level whose number is the judged value."""
        for line in self:
            # an onchange's new line may lack its snapshot: then the template's
            levels = (
                line.level_choice_ids
                if line.indicator_snapshot
                else line.indicator_id.level_ids
            )
            number = int(line[value_field])
            line[level_field] = (
                levels[number - 1] if 0 < number <= len(levels) else False
            )

    def _inverse_self_level(self):
        self._write_level("self_level_id", "self_value")

    def _inverse_manager_level(self):
        self._write_level("manager_level_id", "manager_value")

    def _write_level(self, level_field, value_field):
        """Store the chosen level as its number, the judged value."""
        for line in self:
            # its place among its indicator's levels (the choices offered); by
            # saved records: an onchange holds them as new ones
            level = line[level_field]._origin
            levels = level.indicator_id.level_ids
            number = list(levels).index(level) + 1 if level else 0
            if line[value_field] != number:
                line[value_field] = number

    @api.depends("self_value", "scoring_method")
    def _compute_self_percent(self):
        for line in self:
            percent = line.scoring_method == "percent"
            line.self_percent = line.self_value / 100 if percent else 0.0

    @api.depends("manager_value", "scoring_method")
    def _compute_manager_percent(self):
        for line in self:
            percent = line.scoring_method == "percent"
            line.manager_percent = line.manager_value / 100 if percent else 0.0

    def _inverse_self_percent(self):
        for line in self.filtered(lambda line: line.scoring_method == "percent"):
            line.self_value = round(line.self_percent * 100, 2)

    def _inverse_manager_percent(self):
        for line in self.filtered(lambda line: line.scoring_method == "percent"):
            line.manager_value = round(line.manager_percent * 100, 2)

    @api.onchange(
        "self_level_id", "manager_level_id", "self_percent", "manager_percent"
    )
    def _onchange_shown_inputs(self):
        """Give a chosen level or percentage its points before it is saved."""
        self._inverse_self_level()
        self._inverse_manager_level()
        self._inverse_self_percent()
        self._inverse_manager_percent()

    @api.depends_context("lang")
    @api.depends(
        "indicator_snapshot",
        "self_value",
        "manager_value",
        "actual_value",
        "rank",
        "group_size",
        "veto_triggered",
        "input_ids.value",
    )
    def _compute_rule_hint(self):
        for line in self:
            line.rule_hint = rule_hint(line)

    @api.depends_context("uid")
    @api.depends(
        "appraisal_id.line_ids.points",
        "appraisal_id.can_see_result",
        "section_code",
        "section_weight",
    )
    def _compute_section_head(self):
        """Name and weight of the section, and the engine's subtotal when the
        result may be shown, on the first line of each section."""
        for appraisal, lines in self.grouped("appraisal_id").items():
            results = {}
            if appraisal.can_see_result and appraisal.is_scored:
                # an input out of bounds shows no subtotal; saving it says why
                with suppress(ValidationError):
                    results = appraisal._engine_sections()
            first = {}
            for line in appraisal.line_ids.sorted(
                lambda line: (line.sequence, line._origin.id or 0)
            ):
                first.setdefault(line.section_code, line)
            for line in lines:
                is_first = first.get(line.section_code) == line
                line.section_head = (
                    self.env._(
                        "%(section)s · %(weight)s%%",
                        section=line.section_name or "",
                        weight=shown_number(line.section_weight),
                    )
                    if is_first
                    else False
                )
                result = results.get(line.section_code) if is_first else None
                line.section_subtotal = result["points"] if result else 0.0

    @api.depends("manager_value", "rank", "scoring_method")
    def _compute_is_scored(self):
        """Judged lines once the supervisor gave a value, ranked lines once
        ranked; other measured lines always hold a value (a count of 0 is one)."""
        for line in self:
            if line.is_judged:
                line.is_scored = bool(line.manager_value)
            else:
                line.is_scored = bool(line.rank) or not line.uses_rank

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
        rows = [(row.input_type, row.code, row.value) for row in self.input_ids]
        return self._engine_line_of(self, rows)

    @api.model
    def _engine_line_of(self, line, rows):
        """The engine's line from ``line``, a line or the values it holds (its
        snapshot, method and input fields), and its count and input ``rows``
        of (type, code, value)."""
        method = line["scoring_method"]
        if method in JUDGED_METHODS:
            # a level number of 0 means no level was chosen yet
            self_input, manager_input = (
                {"value": None if method == "levels" and not value else value}
                for value in (line["self_value"], line["manager_value"])
            )
        else:
            self_input = {
                key: self._engine_input(line, rows, key)
                for key in method_inputs(method)
            }
            manager_input = dict(self_input)
        return {
            "indicator": line["indicator_snapshot"],
            "self": self_input,
            "manager": manager_input,
        }

    @api.model
    def _engine_input(self, line, rows, key):
        """The value of a measured input (a key of MEASURED_INPUTS) on ``line``."""
        if key in ROW_INPUTS:
            return {
                code: value
                for input_type, code, value in rows
                if ROW_INPUT_OF_TYPE[input_type] == key
            }
        field = INPUT_FIELDS[key]
        value = line[field]
        # a rank or group size of 0 was not entered
        return value or None if key in ("rank", "group_size") else value

    @api.model
    def _engine_new_points(self, scheme, vals_list):
        """The points of new lines given by their values (without inputs yet):
        ``vals_list`` completed with them, as the points compute would."""
        lines = [
            self._engine_line_of(
                {**EMPTY_INPUTS, **vals},
                [
                    (command[2]["input_type"], command[2]["code"], 0.0)
                    for command in vals.get("input_ids", ())
                ],
            )
            for vals in vals_list
        ]
        return [
            dict(vals, **points)
            for vals, points in zip(
                vals_list, score_lines(scheme, lines, partial=True), strict=True
            )
        ]

    def _engine_scored(self):
        """The line's points as the engine totals them (``score_totals``): the
        indicator from the line's own copy of its fields, the snapshot only for
        a veto line, whose parameters the totals apply."""
        self.ensure_one()
        if self.scoring_method == "veto":
            indicator = self.indicator_snapshot
        else:
            indicator = {
                "code": self.code,
                "name": self.name,
                "section": self.section_code or None,
                "kind": self.kind,
                "max_points": self.max_points,
                "method": self.scoring_method,
            }
        return {
            "indicator": indicator,
            "self_points": self.self_points,
            "manager_points": self.manager_points,
            "veto": self.uses_veto and self.veto_triggered,
        }

    def _saturation_inputs(self):
        """(workload, days worked) of a saturation rank line (0 when absent)."""
        self.ensure_one()
        values = {row.code: row.value for row in self.input_ids}
        return tuple(values.get(code, 0.0) for code in SATURATION_INPUTS)

    def action_open_line(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_full_marks(self):
        """Give the line full marks as the reviewer the user is now (points:
        the maximum, percentage: 100, levels: the highest level)."""
        for line in self:
            value = {"points": line.max_points, "percent": 100.0}.get(
                line.scoring_method, len(line.level_choice_ids)
            )
            if line.appraisal_id._may("self_score"):
                line.self_value = value
            else:
                line.manager_value = value
        return True

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
                raise_engine_error(
                    self.env,
                    error,
                    line.appraisal_id.display_name,
                    {line.code: line.name},
                )

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

    def unlink(self):
        return self.env["hr.kpi.ranking"]._unlink_reranked(self, super().unlink)

    def _check_write(self, field_names):
        """Raise unless the current user may write ``field_names`` on the lines."""
        self._kpi_check_fields(field_names)

    def _kpi_check_fields(self, field_names, rights=(), appraisals=None):
        """A computed rank and its group size are the ranking's alone, and so
        is the saturation (the measured value) of a saturation rank."""
        computed = {"rank", "group_size"} & set(field_names)
        if "actual_value" in field_names and any(
            (line.indicator_snapshot or {}).get("rank_mode") == "saturation"
            for line in self
            if line.scoring_method == "rank"
        ):
            computed.add("actual_value")
        if computed and not self._kpi_is_system() and any(self.mapped("rank_computed")):
            raise AccessError(
                self.env._(
                    "%s are computed from the measured values of the group: enter "
                    "the measured value instead.",
                    self._kpi_labels(computed),
                )
            )
        return super()._kpi_check_fields(field_names, rights, appraisals)
