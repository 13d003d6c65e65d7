from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from ..engine import INDICATOR_CONDITIONS, ScoringError, validate_rule
from .engine_errors import engine_reason
from .hr_kpi_template import PERIOD_TYPES

CONSEQUENCES = [
    ("award", "Award"),
    ("penalty", "Penalty"),
    ("bonus_block", "No annual bonus"),
    ("warning", "Warning"),
    ("observation", "Observation period"),
    ("training", "Training"),
    ("dismissal_proposal", "Termination proposal"),
    ("honour", "Honour"),
]
MONEY_CONSEQUENCES = ("award", "penalty")


class HrKpiHistoryRule(models.Model):
    """A rule over an employee's results of several periods (P11, P12 …): a
    condition counted over N consecutive periods or M periods of a year, and
    the consequence HR confirms."""

    _name = "hr.kpi.history.rule"
    _inherit = ["hr.kpi.code.mixin"]
    _description = "KPI History Rule"
    _order = "sequence, code, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the rule in every company."
    )
    template_ids = fields.Many2many(
        "hr.kpi.template",
        string="Templates",
        help="The appraisals whose results count; empty: every template.",
    )
    period_type = fields.Selection(
        PERIOD_TYPES,
        required=True,
        default="month",
    )
    condition = fields.Selection(
        [
            ("below", "Total below"),
            ("at_least", "Total at least"),
            ("grade_in", "Grade in"),
            ("rank_first", "Ranked first"),
            ("flagged", "Indicator flagged"),
            ("value_below", "Measured value below"),
            ("value_top", "Highest measured value"),
        ],
        required=True,
        default="below",
    )
    value = fields.Float(
        help="The total, or the indicator's measured value, the condition "
        "compares with."
    )
    grade_ids = fields.Many2many("hr.kpi.grade", string="Grades")
    indicator_code = fields.Char(
        help="Code of the indicator the condition reads: its zeroing count or "
        "veto flags the period, or its measured value is compared with the bar "
        "or ranked among the appraisals of the same template and period."
    )
    window = fields.Selection(
        [
            ("consecutive", "Periods in a row"),
            ("year", "Periods of one year"),
            ("year_most", "Most periods of a year"),
        ],
        required=True,
        default="consecutive",
    )
    count = fields.Integer(
        "Periods Needed",
        required=True,
        default=3,
        help="How many periods must meet the condition (the least, for 'most').",
    )
    consequence = fields.Selection(CONSEQUENCES, required=True)
    amount = fields.Monetary(
        currency_field="currency_id", help="The award or penalty, per finding."
    )
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.company.currency_id,
        help="Currency of the award or penalty.",
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a history rule must be unique."),
    ]

    def _engine_rule(self):
        self.ensure_one()
        return {
            "code": self.code,
            "period_type": self.period_type,
            "condition": self.condition,
            "value": self.value,
            "grades": self.grade_ids.mapped("code"),
            "indicator": self.indicator_code,
            "window": self.window,
            "count": self.count,
        }

    @api.constrains(
        "condition",
        "value",
        "grade_ids",
        "indicator_code",
        "window",
        "count",
        "period_type",
        "consequence",
        "amount",
        "currency_id",
        "template_ids",
    )
    def _check_rule(self):
        for rule in self:
            try:
                validate_rule(rule._engine_rule())
            except ScoringError as error:
                raise ValidationError(
                    self.env._(
                        "History rule “%(rule)s”: %(reason)s",
                        rule=rule.code,
                        reason=engine_reason(self.env, error),
                    )
                ) from error
            lacking = rule._kpi_templates_without_indicator()
            if lacking:
                raise ValidationError(
                    self.env._(
                        "History rule “%(rule)s”: the indicator %(indicator)s is "
                        "not on the template(s) %(templates)s.",
                        rule=rule.code,
                        indicator=rule.indicator_code,
                        templates=", ".join(lacking.mapped("code")),
                    )
                )
            if rule.consequence in MONEY_CONSEQUENCES and (
                rule.amount <= 0 or not rule.currency_id
            ):
                raise ValidationError(
                    self.env._(
                        "History rule “%s”: an award or penalty needs an amount "
                        "above 0 and a currency.",
                        rule.code,
                    )
                )

    def _kpi_templates_without_indicator(self):
        """The rule's templates that lack the indicator its condition reads."""
        self.ensure_one()
        if self.condition not in INDICATOR_CONDITIONS:
            return self.template_ids.browse()
        return self.template_ids.filtered(
            lambda template: (
                self.indicator_code
                not in template.section_ids.indicator_ids.mapped("code")
            )
        )

    def _finding_values(self, employee_id, appraisals, periods):
        """Values of a finding of the rule on ``appraisals`` (period order)."""
        self.ensure_one()
        return {
            "rule_id": self.id,
            "employee_id": employee_id,
            "company_id": appraisals[-1].company_id.id,
            "appraisal_ids": [Command.set([a.id for a in appraisals])],
            "period_keys": [list(period) for period in periods],
            "periods": ", ".join(_period_label(self.period_type, p) for p in periods),
            "date_from": appraisals[0].date_from,
            "date_to": appraisals[-1].date_to,
            "consequence": self.consequence,
            "amount": self.amount if self.consequence in MONEY_CONSEQUENCES else 0,
            "currency_id": self.currency_id.id,
        }


def _period_label(period_type, period):
    """2026-03, 2026-Q1, 2026-H2 or 2026: the same in every language."""
    year, number = period
    return {
        "month": f"{year}-{number:02d}",
        "quarter": f"{year}-Q{number}",
        "half_year": f"{year}-H{number}",
        "year": f"{year}",
    }[period_type]
