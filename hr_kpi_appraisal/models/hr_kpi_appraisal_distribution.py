from collections import defaultdict

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError


class HrKpiAppraisal(models.Model):
    """The grade distribution policies (P04, S32) checked when appraisals are
    approved: a blocking one refuses the approval, a warning one notes it on
    the campaign."""

    _inherit = "hr.kpi.appraisal"

    @api.model
    def _kpi_distribution_grade_field(self):
        """The appraisal field whose grade the distribution counts: the
        calibrated grade (the scored one unless HR moved it in calibration)."""
        return "calibrated_grade_id"

    def _kpi_distribution_groups(self, counted_domain=None):
        """The distribution of every policy group that holds one of these
        appraisals (shape: ``hr.kpi.campaign._kpi_distribution_status``)."""
        policies = self.env["hr.kpi.distribution.policy"].search(
            [("scale_id", "in", self.sudo().grade_scale_id.ids)]
        )
        return [
            status
            for policy in policies
            for status in policy._group_status(self, counted_domain)
        ]

    def _kpi_check_distribution(self):
        """Before these appraisals are approved: count, per group, the grades
        of its approved appraisals and of these, against the whole group's
        quotas. Raise on a blocking policy's violation (nothing is written);
        return the statuses of the warning policies that are broken."""
        statuses = self._kpi_distribution_groups(
            ["|", ("state", "=", "done"), ("id", "in", self.ids)]
        )
        broken = [status for status in statuses if status["violations"]]
        for status in broken:
            if status["blocking"]:
                raise UserError(
                    self.env._(
                        "This approval breaks the grade distribution policy "
                        "“%(policy)s” of %(group)s: %(violations)s. Change the "
                        "grades or approve the others first.",
                        policy=status["policy"].name,
                        group=self._kpi_group_label(status),
                        violations=self._kpi_violations_text(status),
                    )
                )
        return broken

    def _kpi_note_distribution(self, broken):
        """Post on each campaign the warnings of ``broken`` groups, one note
        per campaign; return the warnings' text."""
        lines_by_campaign = defaultdict(list)
        for status in broken:
            lines_by_campaign[status["campaign"]].append(
                self.env._(
                    "%(group)s breaks the grade distribution policy “%(policy)s”: "
                    "%(violations)s.",
                    group=self._kpi_group_label(status),
                    policy=status["policy"].name,
                    violations=self._kpi_violations_text(status),
                )
            )
        for campaign, lines in lines_by_campaign.items():
            campaign.sudo().message_post(
                body=Markup("<br/>").join(lines),
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )
        return [line for lines in lines_by_campaign.values() for line in lines]

    def _kpi_distribution_notice(self, warnings):
        """The action a button returns after an approval: a warning
        notification when quotas are broken, else True."""
        if not warnings:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Grade distribution"),
                "message": "\n".join(warnings),
                "type": "warning",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _kpi_group_label(self, status):
        if status["department"]:
            return f"{status['campaign'].name} / {status['department'].name}"
        return status["campaign"].name

    def _kpi_violations_text(self, status):
        texts = []
        for violation in status["violations"]:
            params = {key: violation[key] for key in ("count", "limit", "by")}
            params["grade"] = violation["code"]
            if violation["kind"] == "over":
                texts.append(
                    self.env._(
                        "grade %(grade)s has %(count)s where at most %(limit)s "
                        "are allowed (%(by)s over)",
                        **params,
                    )
                )
            else:
                texts.append(
                    self.env._(
                        "grade %(grade)s has %(count)s where at least %(limit)s "
                        "are needed (%(by)s under)",
                        **params,
                    )
                )
        return "; ".join(texts)
