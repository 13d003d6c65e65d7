from collections import defaultdict

from odoo import api, models

from ..engine import (
    SATURATION_INPUTS,
    rank_awards,
    rank_positions,
    rule_rank_awards,
    saturation_ranks,
)
from .engine_errors import raise_engine_error
from .hr_kpi_appraisal_line import RERANK_LATER

# The appraisal fields that make up each kind of ranking group (RANK_GROUPS),
# within the campaign.
GROUP_FIELDS = {
    "campaign": (),
    "department": ("department_id",),
    "job": ("job_id",),
    "department_job": ("department_id", "job_id"),
}


def ranking_key(line):
    """The group of a computed-rank line: its scope, template indicator, rank
    mode, kind of group and the group's values, its direction last."""
    snapshot = line.indicator_snapshot
    appraisal = line.appraisal_id
    group = snapshot.get("rank_group") or "campaign"
    scope = line.campaign_id.id or f"appraisal {appraisal.id}"
    return (
        scope,
        line.indicator_id.id,
        snapshot.get("rank_mode"),
        group,
        *(appraisal[name].id for name in GROUP_FIELDS[group]),
        snapshot.get("direction"),
    )


def award_key(appraisal, group):
    """The group of ``appraisal`` for rank awards among ``group`` (RANK_GROUPS)."""
    return (
        appraisal.campaign_id.id,
        appraisal.template_id.id,
        group,
        *(appraisal[name].id for name in GROUP_FIELDS[group]),
    )


class HrKpiRanking(models.AbstractModel):
    """Ranks computed by the system (rank indicators in ``rank_mode``
    "computed" or "saturation"): every member of a line's group is ranked with
    the engine and gets its rank and group size, from which the line scores as
    a typed rank would.

    A group is the not-cancelled appraisals of the campaign (an appraisal
    outside any campaign ranks alone) on the same template indicator, split
    by the indicator's ``rank_group``. Done appraisals still count in their
    group but keep the rank they were approved with.

    "computed" ranks the measured values; "saturation" (S26's workload) ranks
    workload ÷ days worked ÷ the group's best daily workload in the year
    before the period, read from the approved appraisals of the same group,
    and writes that saturation as the line's measured value.
    """

    _name = "hr.kpi.ranking"
    _description = "KPI Ranking among Peers"

    @api.model
    def _rerank(self, lines):
        """Rank again every group of the computed-rank ``lines``: one read of
        the groups' values, one engine pass per group, one write per rank."""
        Line = self.env["hr.kpi.appraisal.line"].sudo()
        # only rank lines can be computed: the rest never reads its snapshot
        lines = Line.browse(lines.ids).filtered(
            lambda line: line.scoring_method == "rank"
        )
        lines.fetch(["indicator_snapshot", "campaign_id", "indicator_id"])
        lines = lines.filtered("rank_computed")
        if not lines:
            return
        members = (lines - lines.filtered("campaign_id")) | self._peers(lines)
        members.fetch(["actual_value", "rank", "group_size", "appraisal_id"])
        members.appraisal_id.fetch(["state", "department_id", "job_id", "date_from"])
        groups = defaultdict(list)  # group key -> lines
        for line in members:
            if line.rank_computed and line.appraisal_id.state != "cancel":
                groups[ranking_key(line)].append(line)
        saturated = {
            key: Line.union(*group)
            for key, group in groups.items()
            if key[2] == "saturation"
        }
        Line.union(*saturated.values()).input_ids.fetch(["code", "value"])
        best = self._best_so_far(saturated)
        changes = defaultdict(list)  # the new values -> line ids
        for key, group in groups.items():
            higher_is_better = key[-1] != "lower"
            if key[2] == "saturation":
                try:
                    ranked = saturation_ranks(
                        {line: line._saturation_inputs() for line in group},
                        best.get(key),
                        higher_is_better,
                    )
                except ValueError as error:  # a negative workload or day count
                    raise_engine_error(self.env, error, group[0].name)
            else:
                ranked = {
                    line: (None, rank)
                    for line, rank in rank_positions(
                        {line: line.actual_value for line in group}, higher_is_better
                    ).items()
                }
            for line, (saturation, rank) in ranked.items():
                new = {"rank": rank, "group_size": len(group)}
                if key[2] == "saturation":
                    new["actual_value"] = saturation or 0.0
                if line.appraisal_id.state != "done" and any(
                    line[name] != value for name, value in new.items()
                ):
                    changes[tuple(sorted(new.items()))].append(line.id)
        system = Line._kpi_system().with_context(**{RERANK_LATER: True})
        for values, ids in sorted(changes.items()):
            system.browse(ids).write(dict(values))

    @api.model
    def _award_ranks(self, appraisals):
        """Fix the rank award of ``appraisals`` being approved: the amount of
        their place among the not-cancelled appraisals of the same campaign and
        template in the group of their pay rule's rank awards, ranked by total
        score (``rank_awards``; appraisals outside a campaign get none). One
        read of the groups, one write per amount."""
        Appraisal = self.env["hr.kpi.appraisal"].sudo()
        settings = {}  # appraisal -> (group key, top, bottom)
        for appraisal in appraisals.sudo().filtered("campaign_id"):
            rule = (appraisal.scheme_snapshot or {}).get("pay_rule") or {}
            group, top, bottom = rule_rank_awards(rule)
            if top or bottom:
                settings[appraisal] = (award_key(appraisal, group), top, bottom)
        if not settings:
            return
        awarded = Appraisal.union(*settings)
        members = Appraisal.search(
            [
                ("campaign_id", "in", awarded.campaign_id.ids),
                ("template_id", "in", awarded.template_id.ids),
                ("state", "!=", "cancel"),
            ]
        )
        members.fetch(["total_score", "department_id", "job_id", "currency_id"])
        wanted = {key for key, _top, _bottom in settings.values()}
        totals = defaultdict(dict)  # group key -> {appraisal id: total}
        for member in members:
            for group in {key[2] for key in wanted}:
                key = award_key(member, group)
                if key in wanted:
                    totals[key][member.id] = member.total_score
        changes = defaultdict(list)  # amount -> appraisal ids
        for appraisal, (key, top, bottom) in settings.items():
            rounding = appraisal.currency_id.rounding or 0.01
            amount = rank_awards(totals[key], top, bottom, rounding)[appraisal.id]
            if amount != appraisal.rank_award:
                changes[amount].append(appraisal.id)
        for amount, ids in changes.items():
            Appraisal.browse(ids)._kpi_system().write({"rank_award": amount})

    @api.model
    def _unlink_reranked(self, lines, unlink):
        """Call ``unlink`` (which deletes ``lines``) and rank again the groups
        the lines leave."""
        peers = self._peers(lines) - lines
        result = unlink()
        self._rerank(peers)
        return result

    @api.model
    def _peers(self, lines):
        """Every line of the campaigns of ``lines`` on their template indicators
        (the groups of ``lines`` are among them), in one query."""
        lines = lines.filtered("campaign_id")
        if not lines:
            return self.env["hr.kpi.appraisal.line"].sudo()
        return (
            self.env["hr.kpi.appraisal.line"]
            .sudo()
            .search(
                [
                    ("campaign_id", "in", lines.campaign_id.ids),
                    ("indicator_id", "in", lines.indicator_id.ids),
                ]
            )
        )

    @api.model
    def _best_so_far(self, groups):
        """{group key: the best daily workload (workload ÷ days worked) of the
        group's approved appraisals earlier in the same year} for the saturation
        ``groups`` ({key: lines}), read in one query; groups without any (their
        first month) are left out."""
        starts = {
            key: min(lines.appraisal_id.mapped("date_from"))
            for key, lines in groups.items()
        }
        if not starts:
            return {}
        workload, days = SATURATION_INPUTS
        self.env["hr.kpi.appraisal.line.input"].flush_model(
            ["line_id", "code", "value"]
        )
        self.env["hr.kpi.appraisal"].flush_model(
            ["state", "date_from", "date_to", "department_id", "job_id"]
        )
        self.env["hr.kpi.appraisal.line"].flush_model(["indicator_id", "appraisal_id"])
        self.env.cr.execute(
            """
            SELECT line.indicator_id, appraisal.department_id, appraisal.job_id,
                   appraisal.date_from, appraisal.date_to,
                   workload.value / days.value
              FROM hr_kpi_appraisal_line line
              JOIN hr_kpi_appraisal appraisal ON appraisal.id = line.appraisal_id
              JOIN hr_kpi_appraisal_line_input workload
                ON workload.line_id = line.id AND workload.code = %s
              JOIN hr_kpi_appraisal_line_input days
                ON days.line_id = line.id AND days.code = %s
             WHERE line.indicator_id IN %s
               AND appraisal.state = 'done'
               AND days.value > 0
               AND appraisal.date_from >= %s
               AND appraisal.date_to < %s
            """,
            [
                workload,
                days,
                tuple({key[1] for key in groups}),
                min(starts.values()).replace(month=1, day=1),
                max(starts.values()),
            ],
        )
        # the keys of each group, by template indicator, kind and values
        wanted = defaultdict(list)
        for key in groups:
            wanted[key[1], key[3], key[4:-1]].append(key)
        kinds = {(key[1], key[3]) for key in groups}
        best = {}
        for (
            indicator,
            department,
            job,
            date_from,
            date_to,
            rate,
        ) in self.env.cr.fetchall():
            values = {"department_id": department or False, "job_id": job or False}
            for kind_indicator, group in kinds:
                if kind_indicator != indicator:
                    continue
                group_values = tuple(values[name] for name in GROUP_FIELDS[group])
                for key in wanted.get((indicator, group, group_values), ()):
                    start = starts[key]
                    if date_from.year == start.year and date_to < start:
                        best[key] = max(best.get(key, 0.0), rate)
        return best
