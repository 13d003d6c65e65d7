from collections import defaultdict

from odoo import api, fields, models

from ..engine import (
    ScoringError,
    check_distribution,
    distribution_quotas,
    validate_policy,
)
from .engine_errors import raise_engine_error

# The appraisal fields that make one distribution group, per kind of group.
GROUP_FIELDS = {
    "campaign": ("campaign_id",),
    "department": ("campaign_id", "department_id"),
}


class HrKpiDistributionPolicy(models.Model):
    """How many people of a group may, must or should get each grade of a
    scale (forced distribution, P04; award quotas, S32), and whether breaking
    it blocks the approval or only warns."""

    _name = "hr.kpi.distribution.policy"
    _inherit = ["hr.kpi.code.mixin"]
    _description = "KPI Grade Distribution Policy"
    _order = "scale_id, code, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    scale_id = fields.Many2one(
        "hr.kpi.grade.scale",
        "Grade Scale",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to apply the policy in every company."
    )
    template_ids = fields.Many2many(
        "hr.kpi.template",
        string="Templates",
        help="The appraisals the policy counts; empty: every template of the scale.",
    )
    group_by = fields.Selection(
        [("department", "Department"), ("campaign", "Whole campaign")],
        "Group",
        required=True,
        default="department",
        help="The people counted together: each department of a campaign, or "
        "the whole campaign.",
    )
    mode = fields.Selection(
        [("blocking", "Block the approval"), ("warning", "Warn only")],
        required=True,
        default="blocking",
        help="Block: an approval that breaks a quota is refused. Warn: the "
        "approval goes through and the campaign gets a note.",
    )
    line_ids = fields.One2many(
        "hr.kpi.distribution.policy.line", "policy_id", string="Quotas", copy=True
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a policy must be unique."),
    ]

    @api.constrains("line_ids", "scale_id")
    def _check_lines(self):
        for policy in self:
            try:
                validate_policy(
                    policy._engine_policy(), policy.scale_id.grade_ids.mapped("code")
                )
            except ScoringError as error:
                raise_engine_error(self.env, error, policy.display_name)

    def _engine_policy(self):
        """The policy as the engine reads it: one dict per grade with lines."""
        self.ensure_one()
        by_grade = defaultdict(dict)
        for line in self.line_ids:
            by_grade[line.grade_id.code][f"{line.kind}_share"] = line.share
        return [{"code": code, **shares} for code, shares in by_grade.items()]

    def _targets_of(self, appraisals):
        """{grade: people} that these policies ask of ``appraisals``, each
        group taken as far as it is among them: per grade the target, else
        the maximum, else the minimum, summed over the groups."""
        targets = defaultdict(int)
        for policy in self:
            grades = {line.grade_id.code: line.grade_id for line in policy.line_ids}
            engine_policy = policy._engine_policy()
            group_fields = GROUP_FIELDS[policy.group_by]
            members = appraisals.sudo().filtered_domain(policy._appraisal_domain())
            groups = members.grouped(lambda a, f=group_fields: tuple(a[n] for n in f))
            for group in groups.values():
                for quota in distribution_quotas(engine_policy, len(group)):
                    limits = [quota[key] for key in ("target", "max")]
                    people = next((n for n in limits if n is not None), quota["min"])
                    targets[grades[quota["code"]]] += people
        return targets

    def _appraisal_domain(self):
        """The appraisals the policy counts, over every group."""
        self.ensure_one()
        domain = [
            ("grade_scale_id", "=", self.scale_id.id),
            ("campaign_id", "!=", False),
            ("state", "!=", "cancel"),
        ]
        if self.template_ids:
            domain.append(("template_id", "in", self.template_ids.ids))
        if self.company_id:
            domain.append(("company_id", "=", self.company_id.id))
        return domain

    def _group_status(self, appraisals, counted_domain=None):
        """The distribution of every group of the policy that holds one of
        ``appraisals``: see ``hr.kpi.campaign._kpi_distribution_status`` for
        the shape. ``counted_domain`` narrows the appraisals whose grades are
        counted (default: all of the group); the groups' sizes always count
        every appraisal but the cancelled ones."""
        self.ensure_one()
        group_fields = GROUP_FIELDS[self.group_by]
        Appraisal = self.env["hr.kpi.appraisal"].sudo()
        domain = self._appraisal_domain()
        mine = appraisals.sudo().filtered_domain(domain)
        if not mine:
            return []
        keys = {tuple(a[name] for name in group_fields) for a in mine}
        # an employee without a department makes a group of their own
        domain += [
            (name, "in", [*mine.mapped(name).ids, False]) for name in group_fields
        ]
        sizes = {
            key[:-1]: key[-1]
            for key in Appraisal._read_group(domain, group_fields, ["__count"])
        }
        grade_field = Appraisal._kpi_distribution_grade_field()
        counts = defaultdict(dict)
        for *key, grade, count in Appraisal._read_group(
            domain + (counted_domain or []),
            [*group_fields, grade_field],
            ["__count"],
        ):
            if grade:
                counts[tuple(key)][grade.code] = count
        engine_policy = self._engine_policy()
        result = []
        for key in sorted(keys, key=lambda k: tuple(r.id for r in k)):
            size, count_of = sizes.get(key, 0), counts.get(key, {})
            quotas = {q["code"]: q for q in distribution_quotas(engine_policy, size)}
            counted = sum(count_of.values())
            violations = check_distribution(
                engine_policy, count_of, size=size, partial=counted < size
            )
            result.append(
                {
                    "policy": self,
                    "campaign": key[0].with_env(self.env),
                    "department": (
                        key[1].with_env(self.env)
                        if len(key) > 1
                        else self.env["hr.department"]
                    ),
                    "size": size,
                    "counted": counted,
                    "blocking": self.mode == "blocking",
                    "grades": [
                        self._grade_status(grade, quotas, count_of, violations)
                        for grade in self.scale_id.grade_ids
                    ],
                    "violations": violations,
                }
            )
        return result

    @staticmethod
    def _grade_status(grade, quotas, count_of, violations):
        quota = quotas.get(grade.code, {"min": 0, "max": None, "target": None})
        count = count_of.get(grade.code, 0)
        if quota["target"] is not None:
            deviation = count - quota["target"]
        elif quota["max"] is not None and count > quota["max"]:
            deviation = count - quota["max"]
        else:
            deviation = min(count - quota["min"], 0)
        return {
            "grade": grade,
            "code": grade.code,
            "count": count,
            "min": quota["min"],
            "max": quota["max"],
            "target": quota["target"],
            "deviation": deviation,
            "violation": next((v for v in violations if v["code"] == grade.code), None),
        }
