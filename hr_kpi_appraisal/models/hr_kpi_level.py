from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrKpiLevel(models.Model):
    """A rung of a career ladder (星级, 钻级, 皇冠; 初级, 中级, 高级 …): its
    entry and demotion conditions and its level pay."""

    _name = "hr.kpi.level"
    _description = "KPI Career Level"
    _order = "ladder_id, sequence, id"

    ladder_id = fields.Many2one(
        "hr.kpi.level.ladder", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10, help="Lowest rung first.")
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    level_pay = fields.Monetary(
        currency_field="currency_id", help="Paid every month at this level."
    )
    pay_percent = fields.Float(
        "Pay Rise (%)", help="Rise of the wage at this level, in percent (L05)."
    )
    currency_id = fields.Many2one("res.currency")
    # entry
    entry_result_count = fields.Integer(
        "Results in a Row", help="How many latest results in a row must be in the band."
    )
    entry_low = fields.Float("Band From", help="Lowest total of the band (included).")
    entry_high = fields.Float(
        "Band To", help="Total the band stops below (excluded); 0: no upper end."
    )
    entry_tenure_months = fields.Integer("Months of Service")
    entry_review_min = fields.Float(
        "Promotion Review Score", help="Least score of the promotion review (S19)."
    )
    entry_exam = fields.Boolean("Exam Passed")
    entry_certificate = fields.Boolean("Certificate")
    entry_limit_complaints = fields.Boolean("Limit Valid Complaints")
    entry_max_complaints = fields.Integer("At Most Valid Complaints")
    # demotion
    demotion_min_complaints = fields.Integer(
        "Demoted from Valid Complaints", help="0: complaints never demote."
    )
    demotion_major_error = fields.Boolean("Demoted on a Major Error")
    demotion_idle = fields.Boolean(
        "Demoted without Results", help="L03: three months without results."
    )

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(ladder_id, code)",
            "The code of a rung must be unique in its ladder.",
        ),
    ]

    def _engine_rung(self):
        """The rung as the engine reads it: only the conditions that are set."""
        self.ensure_one()
        entry = {
            "tenure_months": self.entry_tenure_months or None,
            "review_min": self.entry_review_min or None,
            "checks": [
                name for name in ("exam", "certificate") if self[f"entry_{name}"]
            ],
            "max_complaints": (
                self.entry_max_complaints if self.entry_limit_complaints else None
            ),
        }
        if self.entry_result_count:
            entry["results"] = {
                "count": self.entry_result_count,
                "low": self.entry_low,
                "high": self.entry_high or None,
            }
        return {
            "code": self.code,
            "entry": entry,
            "demotion": {
                "min_complaints": self.demotion_min_complaints or None,
                "any_checks": [
                    name for name in ("major_error", "idle") if self[f"demotion_{name}"]
                ],
            },
        }

    @api.constrains(
        "sequence",
        "code",
        "entry_result_count",
        "entry_low",
        "entry_high",
        "entry_tenure_months",
        "entry_review_min",
        "entry_exam",
        "entry_certificate",
        "entry_limit_complaints",
        "entry_max_complaints",
        "demotion_min_complaints",
        "demotion_major_error",
        "demotion_idle",
    )
    def _check_rung(self):
        self.ladder_id._check_ladder()

    @api.constrains("level_pay", "currency_id")
    def _check_level_pay(self):
        for level in self:
            if level.level_pay and not level.currency_id:
                raise ValidationError(
                    self.env._(
                        "Career level “%(ladder)s / %(level)s”: a level pay needs a "
                        "currency.",
                        ladder=level.ladder_id.code,
                        level=level.code,
                    )
                )
