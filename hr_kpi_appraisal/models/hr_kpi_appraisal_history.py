from collections import defaultdict
from datetime import date

from odoo import fields, models

from ..engine import competition_ranks, flagged


def _period(appraisal):
    """(year, number of the period in its year) of an appraisal."""
    month = appraisal.date_from.month
    size = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}[appraisal.period_type]
    return appraisal.date_from.year, (month - 1) // size + 1


class HrKpiAppraisal(models.Model):
    """Results over time: the rank of an approved result among its peers and
    the history rules run when appraisals are approved."""

    _inherit = "hr.kpi.appraisal"

    kpi_rank = fields.Integer(
        "Rank",
        compute="_compute_kpi_rank",
        help="Place of the approved total among the approved appraisals of the "
        "same template and period (1 = highest; ties share the place).",
    )

    def _compute_kpi_rank(self):
        ranks = self._kpi_ranks()
        for appraisal in self:
            appraisal.kpi_rank = ranks.get(appraisal.id, 0)

    def _kpi_ranks(self):
        """{appraisal id: rank} of the approved ones among their template and
        period's approved appraisals in their company; one query."""
        done = self.filtered(lambda a: a.state == "done" and a.template_id)
        if not done:
            return {}
        peers = self.sudo().search_read(
            [
                ("state", "=", "done"),
                ("template_id", "in", done.template_id.ids),
                ("date_from", "in", list(set(done.mapped("date_from")))),
            ],
            ["template_id", "date_from", "date_to", "company_id", "total_score"],
        )
        groups = defaultdict(dict)
        for peer in peers:
            key = (
                peer["template_id"][0],
                peer["date_from"],
                peer["date_to"],
                peer["company_id"] and peer["company_id"][0],
            )
            groups[key][peer["id"]] = peer["total_score"]
        ranks = {}
        for totals in groups.values():
            ranks.update(competition_ranks(totals))
        return ranks

    # ------------------------------------------------------------------
    # History rules
    # ------------------------------------------------------------------

    def _kpi_history_results(self, flag_codes):
        """The engine's period results of these (approved) appraisals, by id:
        ranks in one query, flags from the lines of ``flag_codes``."""
        ranks = self._kpi_ranks()
        flags = defaultdict(set)
        if flag_codes:
            lines = (
                self.env["hr.kpi.appraisal.line"]
                .sudo()
                .search(
                    [("appraisal_id", "in", self.ids), ("code", "in", list(flag_codes))]
                )
            )
            for line in lines:
                if flagged(line.indicator_snapshot, line._engine_line()["manager"]):
                    flags[line.appraisal_id.id].add(line.code)
        results = {}
        for appraisal in self:
            year, index = _period(appraisal)
            results[appraisal.id] = {
                "key": appraisal.id,
                "period_type": appraisal.period_type,
                "year": year,
                "index": index,
                "total": appraisal.total_score,
                "grade": appraisal.grade_code or None,
                "rank": ranks.get(appraisal.id),
                "flags": flags[appraisal.id],
            }
        return results

    def _kpi_apply_history_rules(self):
        """Run the history rules that concern these newly approved appraisals,
        for all of them at once, and record what they find (see
        hr.kpi.history.finding._kpi_record)."""
        done = self.sudo().filtered(lambda a: a.state == "done")
        if not done:
            return
        rules = (
            self.env["hr.kpi.history.rule"]
            .sudo()
            .search([("company_id", "in", [False, *done.company_id.ids])])
        )
        rules = rules.filtered(
            lambda r: not r.template_ids or r.template_ids & done.template_id
        )
        if not rules:
            return
        years = sorted({appraisal.date_from.year for appraisal in done})
        group_templates = rules.filtered(lambda r: r.window == "year_most").template_ids
        domain = [("employee_id", "in", done.employee_id.ids)]
        if group_templates:
            # the most periods of a year are counted among all the template's staff
            domain = [
                "|",
                *domain,
                "&",
                ("template_id", "in", group_templates.ids),
                "&",
                ("date_from", ">=", date(years[0], 1, 1)),
                ("date_from", "<=", date(years[-1], 12, 31)),
            ]
        history = done.search([("state", "=", "done"), *domain])
        results = history._kpi_history_results(
            set(
                rules.filtered(lambda r: r.condition == "flagged").mapped(
                    "indicator_code"
                )
            )
        )
        self.env["hr.kpi.history.finding"]._kpi_record(rules, history, results, done)
