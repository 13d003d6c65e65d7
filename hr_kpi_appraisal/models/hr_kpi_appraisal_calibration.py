from markupsafe import escape

from odoo import api, models
from odoo.exceptions import AccessError, UserError


class HrKpiAppraisal(models.Model):
    """Calibration (绩效校准): HR moves appraisals of a group between grades,
    each move with a reason; the approver signs the group off in one action."""

    _inherit = "hr.kpi.appraisal"

    @api.model
    def _group_expand_calibrated_grades(self, grades, domain):
        """Every grade of the scales on the board, empty columns included."""
        scales = [scale.id for (scale,) in self._read_group(domain, ["grade_scale_id"])]
        return grades.search([("scale_id", "in", scales)]) | grades

    @api.model
    def web_read_group(self, domain, fields, groupby, *args, **kwargs):
        """On the calibration board, each grade's column says its count
        against the quotas of the distribution policies of the groups shown,
        and the deviation: "Grade b · 3 (≤ 2) · +1"."""
        result = super().web_read_group(domain, fields, groupby, *args, **kwargs)
        if (
            self.env.context.get("kpi_calibration_board")
            and self.env.user.has_group("hr_kpi_appraisal.group_kpi_hr")
            and groupby
            and groupby[0] == "calibrated_grade_id"
        ):
            quotas = self._board_quotas(domain)
            for group in result["groups"]:
                value = group.get("calibrated_grade_id")
                if value and value[0] in quotas:
                    group["calibrated_grade_id"] = (value[0], quotas[value[0]])
        return result

    @api.model
    def calibration_board_targets(self, domain):
        """The calibration graph's axis and target line: every grade of the
        scales of the appraisals of ``domain``, in order, as ``{"id", "name",
        "people"}``, where people is what their distribution policies ask of
        those appraisals in the grade (the target, else the maximum, else the
        minimum; None when no policy limits the grade)."""
        if not self.env.user.has_group("hr_kpi_appraisal.group_kpi_hr"):
            raise AccessError(self.env._("Only HR sees the calibration targets."))
        appraisals = self.search(domain)
        scales = appraisals.sudo().grade_scale_id
        policies = self.env["hr.kpi.distribution.policy"].search(
            [("scale_id", "in", scales.ids)]
        )
        targets = policies._targets_of(appraisals)
        return [
            {"id": grade.id, "name": grade.display_name, "people": targets.get(grade)}
            for grade in self.env["hr.kpi.grade"].search(
                [("scale_id", "in", scales.ids)]
            )
        ]

    @api.model
    def _board_quotas(self, domain):
        """{grade id: column title} of the grades that the distribution
        policies of the board's groups limit, over all those groups."""
        totals = {}
        for status in self.search(domain)._kpi_distribution_groups():
            for line in status["grades"]:
                total = totals.setdefault(
                    line["grade"],
                    {"count": 0, "min": 0, "max": 0, "target": 0, "deviation": 0},
                )
                for key in ("count", "min", "deviation"):
                    total[key] += line[key]
                for key in ("max", "target"):
                    total[key] = (
                        None
                        if total[key] is None or line[key] is None
                        else total[key] + line[key]
                    )
        titles = {}
        for grade, total in totals.items():
            limits = [
                f"{sign} {total[key]}"
                for key, sign in (("max", "≤"), ("min", "≥"), ("target", "≈"))
                if total[key] is not None and (key != "min" or total[key])
            ]
            if limits:
                deviation = f"{total['deviation']:+d}"
                titles[grade.id] = self.env._(
                    "%(grade)s · %(count)s (%(limits)s) · %(deviation)s",
                    grade=grade.display_name,
                    count=total["count"],
                    limits=", ".join(limits),
                    deviation=deviation,
                )
        return titles

    def action_calibrate(self, grade, reason):
        """Give the appraisals the calibrated ``grade`` (an hr.kpi.grade of
        their scale) for ``reason``: recorded in the calibration history, a
        note in the chatter, and the pay follows the grade. Refused, with
        nothing written, when a blocking distribution policy has no room
        left in the grade."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Give the reason for moving the appraisal to another grade.")
            )
        self._check_calibrate(grade)
        moved = self.filtered(lambda a: a.calibrated_grade_id != grade)
        if not moved:
            return True
        moves = [
            {
                "appraisal_id": appraisal.id,
                "from_grade_id": appraisal.calibrated_grade_id.id,
                "to_grade_id": grade.id,
                "total_score": appraisal.total_score,
                "reason": reason,
                "user_id": self.env.uid,
            }
            for appraisal in moved
        ]
        with self.env.cr.savepoint():
            moved._kpi_system().write({"calibration_grade_id": grade.id})
            moved._check_grade_not_full(grade)
        self.env["hr.kpi.calibration"].sudo().create(moves)
        # the grades and the reason stay in the history that HR and approvers
        # read: the employee follows the chatter before the result is published
        body = escape(
            self.env._(
                "Grade calibrated by %s; the grades and the reason are in the "
                "calibration history.",
                self.env.user.name,
            )
        )
        moved._message_log_batch(bodies=dict.fromkeys(moved.ids, body))
        return True

    def _check_grade_not_full(self, grade):
        """Raise when, with these appraisals in ``grade``, a group of a
        blocking distribution policy holds more of it than allowed."""
        for status in self._kpi_distribution_groups():
            over = [
                violation
                for violation in status["violations"]
                if violation["code"] == grade.code and violation["kind"] == "over"
            ]
            if status["blocking"] and over:
                raise UserError(
                    self.env._(
                        "%(grade)s of %(group)s is full under the "
                        "distribution policy “%(policy)s”: %(violations)s. "
                        "Move someone out of it first.",
                        grade=grade.display_name,
                        group=self._kpi_group_label(status),
                        policy=status["policy"].name,
                        violations=self._kpi_violations_text(
                            dict(status, violations=over)
                        ),
                    )
                )

    def _check_calibrate(self, grade):
        """Raise unless HR may calibrate the appraisals now, to ``grade``."""
        for appraisal in self.sudo():
            if appraisal.company_id not in self.env.companies:
                raise AccessError(
                    self.env._(
                        "%s belongs to a company you are not working in.",
                        appraisal.display_name,
                    )
                )
        for appraisal in self:
            if not appraisal._may("calibrate"):
                raise AccessError(
                    self.env._(
                        "You cannot calibrate %(appraisal)s: %(rule)s",
                        appraisal=appraisal.display_name,
                        rule=appraisal._right_description("calibrate"),
                    )
                )
            if grade not in appraisal.grade_scale_id.grade_ids or not (
                appraisal._snapshot_grade(appraisal.scheme_snapshot or {}, grade)
            ):
                raise UserError(
                    self.env._(
                        "“%(grade)s” is not a grade of the scale %(appraisal)s "
                        "is graded on.",
                        grade=grade.display_name,
                        appraisal=appraisal.display_name,
                    )
                )
            if appraisal.veto_applied:
                raise UserError(
                    self.env._(
                        "A veto set the result of %s; it cannot be calibrated.",
                        appraisal.display_name,
                    )
                )

    def action_open_calibrate(self):
        """The form that asks for the new grade and the reason."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_kpi_appraisal.hr_kpi_calibration_wizard_action"
        )
        action["context"] = {
            "default_appraisal_ids": self.ids,
            "default_grade_id": self[:1].calibrated_grade_id.id,
        }
        return action

    def action_finish_calibration(self):
        """HR hands the calibrated appraisals on to the approver's sign-off;
        refused while their groups break a blocking distribution policy."""
        self._ensure("calibrate", "calibration")
        for status in self._kpi_distribution_groups():
            if status["blocking"] and status["violations"]:
                raise UserError(
                    self.env._(
                        "%(group)s breaks the grade distribution policy "
                        "“%(policy)s”: %(violations)s. Move people between "
                        "grades before finishing the calibration.",
                        group=self._kpi_group_label(status),
                        policy=status["policy"].name,
                        violations=self._kpi_violations_text(status),
                    )
                )
        self._move_on("calibration")
        return True

    def action_sign_off(self):
        """The approver signs a calibrated group off: every appraisal is
        approved in one batch, with one message per campaign."""
        self._ensure("gm_approve", "gm_approval")
        warnings = self._move_on("gm_approval")
        for campaign, appraisals in self.grouped("campaign_id").items():
            if campaign:
                campaign.message_post(
                    body=self.env._(
                        "%(user)s signed off %(count)s calibrated appraisals.",
                        user=self.env.user.name,
                        count=len(appraisals),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return self._kpi_distribution_notice(warnings)

    @api.model
    def action_finish_calibration_board(self):
        """*Finish Calibration* on the board: the appraisals it shows."""
        self._board_appraisals("calibration").action_finish_calibration()
        return True

    @api.model
    def action_sign_off_board(self):
        """*Sign Off* on the board: the appraisals it shows."""
        return self._board_appraisals("gm_approval").action_sign_off()

    @api.model
    def _board_appraisals(self, state):
        """The appraisals in ``state`` of the board's search."""
        domain = self.env.context.get("active_domain") or []
        appraisals = self.search([*domain, ("state", "=", state)])
        if not appraisals:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._("No appraisal on the board is in “%s”.", labels[state])
            )
        return appraisals
