from collections import defaultdict

from odoo import api, models

from ..engine import rank_positions

# The appraisal fields that make up each kind of ranking group (RANK_GROUPS),
# within the campaign.
GROUP_FIELDS = {
    "campaign": (),
    "department": ("department_id",),
    "job": ("job_id",),
    "department_job": ("department_id", "job_id"),
}


def ranking_key(line):
    """The group of a computed-rank line, its direction last."""
    snapshot = line.indicator_snapshot
    appraisal = line.appraisal_id
    group = snapshot.get("rank_group") or "campaign"
    scope = line.campaign_id.id or f"appraisal {appraisal.id}"
    return (
        scope,
        line.indicator_id.id,
        group,
        *(appraisal[name].id for name in GROUP_FIELDS[group]),
        snapshot.get("direction"),
    )


class HrKpiRanking(models.AbstractModel):
    """Ranks computed by the system (rank indicators in ``rank_mode``
    "computed"): every member of a line's group is ranked from the measured
    values with the engine's ``rank_positions`` and gets its rank and group
    size, from which the line scores as a typed rank would.

    A group is the not-cancelled appraisals of the campaign (an appraisal
    outside any campaign ranks alone) on the same template indicator, split
    by the indicator's ``rank_group``. Done appraisals still count in their
    group but keep the rank they were approved with.
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
        in_campaign = lines.filtered("campaign_id")
        members = (lines - in_campaign) | Line.search(
            [
                ("campaign_id", "in", in_campaign.campaign_id.ids),
                ("indicator_id", "in", in_campaign.indicator_id.ids),
            ]
        )
        members.fetch(["actual_value", "rank", "group_size", "appraisal_id"])
        members.appraisal_id.fetch(["state", "department_id", "job_id"])
        groups = defaultdict(dict)  # group key -> {line: measured value}
        for line in members:
            if line.rank_computed and line.appraisal_id.state != "cancel":
                groups[ranking_key(line)][line] = line.actual_value
        changes = defaultdict(list)  # (rank, group size) -> line ids
        for key, values in groups.items():
            higher_is_better = key[-1] != "lower"
            for line, rank in rank_positions(values, higher_is_better).items():
                new = (rank, len(values))
                if line.appraisal_id.state != "done" and new != (
                    line.rank,
                    line.group_size,
                ):
                    changes[new].append(line.id)
        for (rank, size), ids in sorted(changes.items()):
            Line.browse(ids)._kpi_system().write({"rank": rank, "group_size": size})
