from collections import defaultdict

from odoo import api, fields, models

from ..engine import evaluate_rule
from .hr_kpi_history_rule import CONSEQUENCES


class HrKpiHistoryFinding(models.Model):
    """What a history rule found in an employee's results: the periods and
    appraisals that triggered it; HR confirms or dismisses it."""

    _name = "hr.kpi.history.finding"
    _inherit = ["mail.thread", "mail.activity.mixin", "hr.kpi.hr.decision"]
    _description = "KPI History Finding"
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    rule_id = fields.Many2one(
        "hr.kpi.history.rule", required=True, readonly=True, ondelete="restrict"
    )
    employee_id = fields.Many2one(
        "hr.employee", required=True, readonly=True, index=True, check_company=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    appraisal_ids = fields.Many2many(
        "hr.kpi.appraisal", string="Appraisals", readonly=True
    )
    periods = fields.Char(readonly=True, help="The periods that triggered the rule.")
    period_keys = fields.Json(
        readonly=True, help="The periods as [year, number in the year]."
    )
    date_from = fields.Date(readonly=True)
    date_to = fields.Date(readonly=True, index=True)
    consequence = fields.Selection(CONSEQUENCES, readonly=True, required=True)
    amount = fields.Monetary(currency_field="currency_id", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    state = fields.Selection(
        [("open", "To Decide"), ("confirmed", "Confirmed"), ("dismissed", "Dismissed")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    decided_on = fields.Date(readonly=True)
    note = fields.Text(help="HR's reason for the decision.")

    @api.depends("rule_id.code", "employee_id.name", "periods")
    def _compute_name(self):
        for finding in self:
            finding.name = " · ".join(
                filter(
                    None,
                    [finding.employee_id.name, finding.rule_id.code, finding.periods],
                )
            )

    # ------------------------------------------------------------------
    # Findings of newly approved appraisals
    # ------------------------------------------------------------------

    @api.model
    def _kpi_record(self, rules, appraisals, results, approved):
        """Evaluate ``rules`` once over ``appraisals`` (their engine ``results``
        by id) and record the findings that involve the newly ``approved``
        ones, or their year for "most of a year" rules. Periods an earlier
        finding of a rule took (even a dismissed one) never count again."""
        earlier = self.sudo().search(
            [
                ("rule_id", "in", rules.ids),
                ("employee_id", "in", appraisals.employee_id.ids),
            ]
        )
        used = defaultdict(set)
        for finding in earlier:
            used[finding.rule_id.id, finding.employee_id.id].update(
                tuple(period) for period in finding.period_keys or ()
            )
        new_ids = set(approved.ids)
        new_years = {appraisal.date_from.year for appraisal in approved}
        by_id = {appraisal.id: appraisal for appraisal in appraisals}
        vals_list = []
        for rule in rules:
            histories = defaultdict(list)
            for appraisal in appraisals:
                if (
                    not rule.template_ids or appraisal.template_id in rule.template_ids
                ) and (not rule.company_id or appraisal.company_id == rule.company_id):
                    histories[appraisal.employee_id.id].append(results[appraisal.id])
            found = evaluate_rule(
                rule._engine_rule(),
                histories,
                {employee: used[rule.id, employee] for employee in histories},
            )
            for employee, findings in found.items():
                for finding in findings:
                    if rule.window == "year_most":
                        if finding["periods"][0][0] not in new_years:
                            continue
                    elif not new_ids.intersection(finding["keys"]):
                        continue
                    vals_list.append(
                        rule._finding_values(
                            employee,
                            [by_id[key] for key in finding["keys"]],
                            finding["periods"],
                        )
                    )
        return self._kpi_system().create(vals_list)._kpi_schedule_activities()

    def _kpi_schedule_activities(self):
        """An HR to-do on each finding, in one create: for the HR reviewer of
        its last appraisal, else for whoever approved it."""
        activity_type = self.env.ref("hr_kpi_appraisal.mail_activity_kpi_finding")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": finding.id,
                    "activity_type_id": activity_type.id,
                    "summary": finding.rule_id.name,
                    "user_id": (
                        finding.appraisal_ids.sorted("date_to")[-1:].hr_user_id
                        or self.env.user
                    ).id,
                    "date_deadline": today,
                    "automated": True,
                }
                for finding in self
            ]
        )
        return self

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------

    def _decide(self, state):
        self._kpi_decide(
            {"state": state, "decided_on": fields.Date.context_today(self)}
        )
        self.activity_feedback(["hr_kpi_appraisal.mail_activity_kpi_finding"])
        return True

    def action_confirm(self):
        return self._decide("confirmed")

    def action_dismiss(self):
        return self._decide("dismissed")
