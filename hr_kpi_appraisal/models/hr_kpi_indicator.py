from odoo import api, fields, models

from ..engine import JUDGED_METHODS, validate_indicator
from .engine_errors import raise_engine_error

SCORING_METHODS = [
    ("points", "Points given by the reviewer"),
    ("percent", "Percentage of the maximum"),
    ("levels", "Anchored levels"),
    ("bands", "Bands of a measured value"),
    ("deduction", "Deductions / bonuses per occurrence"),
    ("ratio", "Ratio to target"),
    ("rank", "Rank within the group"),
    ("linear", "Formula of named inputs"),
    ("range", "Range: deduct below, add above"),
    ("average", "Average of earlier scores"),
    ("veto", "Veto (否决)"),
]


# The groups a rank is computed among, within the campaign (RANK_GROUPS).
RANK_GROUP_CHOICES = [
    ("campaign", "Whole campaign"),
    ("department", "Same department"),
    ("job", "Same job position"),
    ("department_job", "Same department and job position"),
]


class HrKpiIndicator(models.Model):
    """One line of an appraisal form (考核指标) and how it is scored."""

    _name = "hr.kpi.indicator"
    _description = "KPI Indicator"
    _order = "section_id, sequence, id"

    section_id = fields.Many2one("hr.kpi.section", required=True, ondelete="cascade")
    template_id = fields.Many2one(
        related="section_id.template_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    definition = fields.Text(
        translate=True, help="What is measured and how (指标定义)."
    )
    target = fields.Char(translate=True, help="The target as the form states it.")
    criteria = fields.Text(
        translate=True, help="Scoring criteria as printed on the form (评分标准)."
    )
    data_source = fields.Char(translate=True, help="Where the number comes from.")
    evaluator = fields.Selection(
        [
            ("manager", "Supervisor"),
            ("self_manager", "Self and supervisor"),
            ("hr", "HR"),
            ("system", "Imported data"),
            ("peers", "Peer review"),
        ],
        default="manager",
    )
    kind = fields.Selection(
        [
            ("normal", "Counts in the 100"),
            ("bonus", "Bonus item (加分)"),
            ("penalty", "Penalty item (减分)"),
        ],
        required=True,
        default="normal",
    )
    max_points = fields.Float("Max Points", required=True, default=10.0)
    scoring_method = fields.Selection(SCORING_METHODS, required=True, default="points")
    is_judged = fields.Boolean(compute="_compute_is_judged")
    # parameters of the scoring methods
    band_ids = fields.One2many("hr.kpi.indicator.band", "indicator_id", copy=True)
    band_mode = fields.Selection(
        [("award", "Band gives points"), ("deduct", "Band deducts points")],
        default="award",
    )
    direction = fields.Selection(
        [
            ("none", "Not declared"),
            ("higher", "Higher is better"),
            ("lower", "Lower is better"),
        ],
        default="none",
    )
    level_ids = fields.One2many("hr.kpi.indicator.level", "indicator_id", copy=True)
    event_ids = fields.One2many("hr.kpi.indicator.event", "indicator_id", copy=True)
    input_ids = fields.One2many("hr.kpi.indicator.input", "indicator_id", copy=True)
    base_points = fields.Float(help="Starting points; empty = the maximum.")
    floor_points = fields.Float(help="Lowest result (累计最低至 …).")
    cap_points = fields.Float(help="Highest result; empty = the maximum.")
    target_value = fields.Float(help="Target of a ratio.")
    range_low = fields.Float()
    range_high = fields.Float()
    range_unit = fields.Float(default=1.0)
    below_points = fields.Float(help="Points deducted per unit below the range.")
    above_points = fields.Float(help="Points added per unit above the range.")
    constant = fields.Float(help="Constant term of the formula.")
    rank_min = fields.Float("Points of the Last", help="Points of the last in rank.")
    rank_mode = fields.Selection(
        [
            ("manual", "Entered rank"),
            ("computed", "Computed from the measured values"),
            ("saturation", "Computed from the workload saturation"),
        ],
        "Ranking",
        default="manual",
        help="Entered: the rank and group size are typed or imported (a rank "
        "made outside). Computed: everyone's measured value is ranked within the "
        "group in the campaign. Workload saturation: workload ÷ days worked ÷ the "
        "group's best of the year so far is ranked (inputs WORKLOAD and DAYS); in "
        "the group's first month everyone shares the middle rank.",
    )
    rank_group = fields.Selection(
        RANK_GROUP_CHOICES,
        "Ranked Among",
        default="campaign",
    )
    veto_action = fields.Selection(
        [
            ("zero", "Zero the appraisal"),
            ("lowest_grade", "Force the lowest grade"),
            ("deduct", "Deduct fixed points"),
        ]
    )
    veto_points = fields.Float()

    _sql_constraints = [
        (
            "code_template_unique",
            "UNIQUE(template_id, code)",
            "An indicator code must be unique within its template.",
        ),
    ]

    @api.depends("scoring_method")
    def _compute_is_judged(self):
        for indicator in self:
            indicator.is_judged = indicator.scoring_method in JUDGED_METHODS

    def _engine_spec(self):
        """The indicator as the scoring engine reads it (also the line snapshot)."""
        self.ensure_one()
        return {
            "code": self.code,
            "name": self.name,
            "max_points": self.max_points,
            "section": self.section_id.code,
            "kind": self.kind,
            "method": self.scoring_method,
            "levels": [{"name": lv.name, "points": lv.points} for lv in self.level_ids],
            "bands": [band._engine_band() for band in self.band_ids],
            "band_mode": self.band_mode or "award",
            "direction": self.direction or "none",
            "events": [event._engine_event() for event in self.event_ids],
            "inputs": [
                {"code": i.code, "name": i.name, "coefficient": i.coefficient}
                for i in self.input_ids
            ],
            "base": self._engine_base(),
            "floor": self.floor_points,
            "cap": self.cap_points or None,
            "target": self.target_value,
            "range_low": self.range_low,
            "range_high": self.range_high,
            "range_unit": self.range_unit or 1.0,
            "below_points": self.below_points,
            "above_points": self.above_points,
            "constant": self.constant,
            "rank_min": self.rank_min,
            "rank_mode": self.rank_mode or "manual",
            "rank_group": self.rank_group or "campaign",
            "veto_action": self.veto_action or None,
            "veto_points": self.veto_points,
        }

    def _engine_base(self):
        """Starting points: empty means the maximum for items within the 100;
        bonus and penalty items start from their base as given (0 by default)."""
        if self.kind == "normal" and not self.base_points:
            return None
        return self.base_points

    def _snapshot_input_values(self):
        """Values of the count and input rows an appraisal line starts with."""
        self.ensure_one()
        events = [
            {
                "input_type": "event",
                "sequence": event.sequence,
                "code": event.code,
                "name": event.name,
                "unit_points": event.points,
            }
            for event in self.event_ids
        ]
        inputs = [
            {
                "input_type": "input",
                "sequence": item.sequence,
                "code": item.code,
                "name": item.name,
                "unit_points": item.coefficient,
            }
            for item in self.input_ids
        ]
        return events + inputs

    @api.constrains(
        "scoring_method",
        "max_points",
        "kind",
        "band_ids",
        "band_mode",
        "direction",
        "level_ids",
        "event_ids",
        "input_ids",
        "base_points",
        "floor_points",
        "cap_points",
        "target_value",
        "range_low",
        "range_high",
        "range_unit",
        "below_points",
        "above_points",
        "veto_action",
        "veto_points",
        "rank_mode",
        "rank_group",
    )
    def _check_engine_spec(self):
        # Data files load the parameter rows after their indicator, one by one;
        # seeded templates are checked whole by the tests instead.
        if self.env.context.get("install_mode"):
            return
        for indicator in self:
            try:
                validate_indicator(indicator._engine_spec())
            except ValueError as error:
                raise_engine_error(self.env, error, indicator.template_id.display_name)
