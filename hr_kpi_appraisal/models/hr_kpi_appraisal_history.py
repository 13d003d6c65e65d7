from collections import defaultdict
from datetime import date

from markupsafe import escape

from odoo import api, fields, models

from ..engine import competition_ranks, flagged, rollup_mean, rollup_slot


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
        done = self.filtered(lambda a: a.state == "done")
        ranks = done._kpi_peer_ranks([("state", "=", "done")], ())
        return {key: rank for key, (rank, _size) in ranks.items()}

    def _kpi_department_ranks(self):
        """{appraisal id: (rank, group size)} by total score among the
        appraisals not cancelled of the same template, period, campaign and
        department (the group of the seeded distribution policy); one query."""
        return self._kpi_peer_ranks(
            [("state", "!=", "cancel")], ("campaign_id", "department_id")
        )

    def _kpi_peer_ranks(self, domain, group_fields):
        """{appraisal id: (rank, group size)} of these appraisals by total
        score (1 = highest, ties share the place) among the appraisals of
        ``domain`` with the same template, period and company and the same
        ``group_fields``; one query."""
        ranked = self.filtered("template_id")
        if not ranked:
            return {}
        fields_read = ["template_id", "date_from", "date_to", "company_id"]
        fields_read += group_fields
        peers = self.sudo().search_read(
            [
                *domain,
                ("template_id", "in", ranked.template_id.ids),
                ("date_from", "in", list(set(ranked.mapped("date_from")))),
            ],
            [*fields_read, "total_score"],
        )
        groups = defaultdict(dict)
        for peer in peers:
            key = tuple(
                peer[name][0] if isinstance(peer[name], tuple | list) else peer[name]
                for name in fields_read
            )
            groups[key][peer["id"]] = peer["total_score"]
        places = {}
        for totals in groups.values():
            places.update(
                (key, (place, len(totals)))
                for key, place in competition_ranks(totals).items()
            )
        return {key: places[key] for key in ranked.ids if key in places}

    # ------------------------------------------------------------------
    # History rules
    # ------------------------------------------------------------------

    def _kpi_indicator_values(self, codes):
        """The measured values of the lines of ``codes`` of these approved
        appraisals and their ranks among the approved appraisals of the same
        template, period and company: ``({id: {code: value}}, {id: {code:
        rank}})``, in one query for the lines and one for their appraisals."""
        done = self.filtered(lambda a: a.state == "done" and a.template_id)
        if not codes or not done:
            return {}, {}
        lines = (
            self.env["hr.kpi.appraisal.line"]
            .sudo()
            .search_read(
                [
                    ("code", "in", list(codes)),
                    ("appraisal_id.state", "=", "done"),
                    ("appraisal_id.template_id", "in", done.template_id.ids),
                    (
                        "appraisal_id.date_from",
                        "in",
                        list(set(done.mapped("date_from"))),
                    ),
                ],
                ["appraisal_id", "code", "actual_value"],
            )
        )
        peers = self.sudo().browse({line["appraisal_id"][0] for line in lines})
        by_id = {peer.id: peer for peer in peers}
        groups = defaultdict(dict)
        values = defaultdict(dict)
        for line in lines:
            peer = by_id[line["appraisal_id"][0]]
            group = (line["code"], peer.template_id, peer.date_from, peer.company_id)
            groups[group][peer.id] = line["actual_value"]
            values[peer.id][line["code"]] = line["actual_value"]
        ranks = defaultdict(dict)
        for (code, *_group), measured in groups.items():
            for appraisal_id, rank in competition_ranks(measured).items():
                ranks[appraisal_id][code] = rank
        return values, ranks

    def _kpi_history_results(self, flag_codes, value_codes=()):
        """The engine's period results of these (approved) appraisals, by id:
        ranks in one query, flags from the lines of ``flag_codes``, measured
        values and their ranks from the lines of ``value_codes``."""
        ranks = self._kpi_ranks()
        values, value_ranks = self._kpi_indicator_values(value_codes)
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
                # the grade that counts is the one after calibration
                "grade": appraisal.calibration_grade_id.code
                or appraisal.grade_code
                or None,
                "rank": ranks.get(appraisal.id),
                "flags": flags[appraisal.id],
                "values": values.get(appraisal.id, {}),
                "value_ranks": value_ranks.get(appraisal.id, {}),
            }
        return results

    def _kpi_on_approved(self):
        """What follows the approval of these appraisals: the roll-ups of the
        longer periods that hold them, and the history rules."""
        done = self.sudo().filtered(lambda a: a.state == "done")
        if done:
            done._kpi_refresh_rollups()
            done._kpi_apply_history_rules()

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
            ),
            set(
                rules.filtered(
                    lambda r: r.condition in ("value_below", "value_top")
                ).mapped("indicator_code")
            ),
        )
        self.env["hr.kpi.history.finding"]._kpi_record(rules, history, results, done)

    # ------------------------------------------------------------------
    # Roll-ups
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """New appraisals (one by one or a campaign's batch) start with their
        roll-ups filled from the earlier results already approved."""
        appraisals = super().create(vals_list)
        appraisals._kpi_rollup()
        return appraisals

    def action_rollup(self):
        """Fill the roll-up inputs from the employee's earlier approved results
        (HR, while measured values may still be entered)."""
        for appraisal in self:
            appraisal._ensure("measure", appraisal.state)
        self._kpi_rollup()
        return True

    def _kpi_refresh_rollups(self):
        """Roll the newly approved results up into the open appraisals of a
        longer period that holds them."""
        later = self.sudo().search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("state", "not in", ("done", "cancel")),
                ("line_ids.scoring_method", "=", "average"),
                ("date_from", "<=", max(self.mapped("date_to"))),
                ("date_to", ">=", min(self.mapped("date_from"))),
            ]
        )
        later.filtered(
            lambda a: any(
                e.employee_id == a.employee_id
                and a.date_from <= e.date_from
                and e.date_to <= a.date_to
                for e in self
            )
        )._kpi_rollup()

    def _kpi_rollup(self):
        """Write each roll-up input (an 'average' line's input coded Q1–Q4, H1–H2
        or M1–M12) as the mean total of the employee's approved appraisals of
        that earlier period; a period without one follows the template's
        missing rule. One search for all; a note on each names what was used."""
        lines = self.line_ids.filtered(lambda line: line.scoring_method == "average")
        if not lines:
            return
        earlier = self.sudo().search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("state", "=", "done"),
                ("date_from", ">=", min(self.mapped("date_from"))),
                ("date_to", "<=", max(self.mapped("date_to"))),
                ("id", "not in", self.ids),
            ]
        )
        by_slot = defaultdict(list)
        notes = {}
        for appraisal in earlier:
            by_slot[
                appraisal.employee_id.id, appraisal.period_type, _period(appraisal)
            ].append(appraisal)
        for appraisal in self:
            inputs = (appraisal.line_ids & lines).input_ids
            slots = {row: rollup_slot(row.code) for row in inputs}
            found = {
                row: [
                    a
                    for a in by_slot[
                        appraisal.employee_id.id,
                        slot[0],
                        (appraisal.date_from.year, slot[1]),
                    ]
                    if appraisal.date_from <= a.date_from
                    and a.date_to <= appraisal.date_to
                ]
                for row, slot in slots.items()
                if slot
            }
            if not found:
                continue
            missing = appraisal.template_id.rollup_missing
            means = {
                row: rollup_mean([a.total_score for a in used], len(used))["value"]
                for row, used in found.items()
                if used
            }
            overall = (
                rollup_mean(list(means.values()), len(found), missing)["value"] or 0.0
            )
            for row in found:
                # a missing period left out of the mean takes the mean of the
                # others, so the line's average is theirs; counted as 0, it is 0
                value = means.get(row, overall if missing == "skip" else 0.0)
                row._kpi_system().write({"value": value})
            used = sorted(
                {a for rows in found.values() for a in rows}, key=lambda a: a.date_from
            )
            lacking = [row.code for row, rows in found.items() if not rows]
            notes[appraisal.id] = escape(
                self.env._(
                    "Roll-up from earlier results: %(used)s. Missing: %(missing)s.",
                    used=", ".join(f"{a.name} ({a.total_score:g})" for a in used)
                    or self.env._("none"),
                    missing=", ".join(lacking) or self.env._("none"),
                )
            )
        self.browse(notes)._kpi_system()._message_log_batch(bodies=notes)
