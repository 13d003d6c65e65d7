from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from ..engine import ScoringError, propose_level, validate_ladder
from .engine_errors import engine_reason
from .hr_kpi_template import PERIOD_TYPES


class HrKpiLevelLadder(models.Model):
    """A career ladder (L01–L05): rungs from the lowest up, the appraisals
    whose results count, and how it moves people (one rung at a time, or
    straight to the rung of the latest results)."""

    _name = "hr.kpi.level.ladder"
    _inherit = ["hr.kpi.code.mixin"]
    _description = "KPI Career Ladder"
    _order = "sequence, code, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the ladder in every company."
    )
    mode = fields.Selection(
        [
            ("step", "One rung at a time"),
            ("assign", "Rung of the latest results"),
        ],
        required=True,
        default="step",
    )
    period_type = fields.Selection(
        PERIOD_TYPES,
        required=True,
        default="month",
        help="The period of the results the rungs' result conditions read.",
    )
    template_ids = fields.Many2many(
        "hr.kpi.template",
        string="Templates",
        help="The approved appraisals whose results count.",
    )
    review_template_id = fields.Many2one(
        "hr.kpi.template",
        "Promotion Review",
        help="The latest approved appraisal on this template gives the promotion "
        "review score (S19 for L01).",
    )
    level_ids = fields.One2many("hr.kpi.level", "ladder_id", string="Rungs")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a career ladder must be unique."),
    ]

    def _engine_ladder(self):
        self.ensure_one()
        return {
            "code": self.code,
            "mode": self.mode,
            "period_type": self.period_type,
            "rungs": [level._engine_rung() for level in self.level_ids],
        }

    @api.constrains("mode", "period_type")
    def _check_ladder(self):
        # a ladder is saved before its rungs; the rungs check it again
        for ladder in self.filtered("level_ids"):
            try:
                validate_ladder(ladder._engine_ladder())
            except ScoringError as error:
                raise ValidationError(
                    self.env._(
                        "Career ladder “%(ladder)s”: %(reason)s",
                        ladder=ladder.code,
                        reason=engine_reason(self.env, error),
                    )
                ) from error

    # ------------------------------------------------------------------
    # Proposals
    # ------------------------------------------------------------------

    @api.model
    def _cron_propose(self):
        """Propose the promotions and demotions the approved results call for."""
        self.search([])._kpi_propose()

    def action_propose(self):
        self.env["hr.kpi.level.history"].check_access("write")
        self._kpi_propose()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "hr_kpi_appraisal.hr_kpi_level_history_action"
        )

    def _kpi_propose(self):
        """One pass over every ladder: the facts of each employee on it (or with
        approved appraisals on its templates or review template), the engine's
        move, and a proposal unless one was already made for the same move on
        the same latest appraisal."""
        History = self.env["hr.kpi.level.history"].sudo()
        Appraisal = self.env["hr.kpi.appraisal"].sudo()
        templates = self.template_ids | self.review_template_id
        done = Appraisal.search(
            [("state", "=", "done"), ("template_id", "in", templates.ids)],
            order="date_from, id",
        )
        on_ladders = (
            self.env["hr.employee"]
            .sudo()
            .search([("kpi_level_id.ladder_id", "in", self.ids)])
        )
        employees = done.employee_id | on_ladders
        ids_by_employee = defaultdict(list)
        for appraisal in done:
            ids_by_employee[appraisal.employee_id.id].append(appraisal.id)
        by_employee = {
            employee: done.browse(ids) for employee, ids in ids_by_employee.items()
        }
        engine_results = done._kpi_history_results(set())
        earlier = {
            (h.employee_id.id, h.ladder_id.id, h.to_level_id.id, h.result_key)
            for h in History.search([("employee_id", "in", employees.ids)])
        }
        today = fields.Date.context_today(self)
        vals_list = []
        for ladder in self.filtered("level_ids"):
            rungs = {level.code: level for level in ladder.level_ids}
            for employee in employees:
                current = employee.kpi_level_id
                if current and current.ladder_id != ladder:
                    continue
                own = by_employee.get(employee.id, Appraisal).filtered(
                    lambda a, t=ladder.template_ids | ladder.review_template_id: (
                        a.template_id in t
                    )
                )
                if not current and not own:
                    continue
                results = own.filtered(
                    lambda a, t=ladder.template_ids: a.template_id in t
                )
                move = propose_level(
                    ladder._engine_ladder(),
                    current.code or None,
                    {
                        **employee._kpi_level_facts(today),
                        "results": [engine_results[a.id] for a in results],
                        "review_score": own.filtered(
                            lambda a, t=ladder.review_template_id: a.template_id == t
                        )[-1:].total_score
                        or None,
                    },
                )
                if not move:
                    continue
                target = rungs.get(move["to"]) or self.env["hr.kpi.level"]
                key = own[-1:].id or 0
                if (employee.id, ladder.id, target.id, key) in earlier:
                    continue
                vals_list.append(
                    {
                        "employee_id": employee.id,
                        "ladder_id": ladder.id,
                        "from_level_id": current.id,
                        "to_level_id": target.id,
                        "move": move["move"],
                        "result_key": key,
                        "appraisal_ids": [Command.set(results[-3:].ids)],
                        "company_id": employee.company_id.id,
                    }
                )
        return History._kpi_system().create(vals_list)


def tenure_months(start, today):
    """Whole months from ``start`` to ``today`` (0 without a start)."""
    if not start:
        return 0
    delta = relativedelta(today, start)
    return max(delta.years * 12 + delta.months, 0)
