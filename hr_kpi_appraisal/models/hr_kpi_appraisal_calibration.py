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

    def action_calibrate(self, grade, reason):
        """Give the appraisals the calibrated ``grade`` (an hr.kpi.grade of
        their scale) for ``reason``: recorded in the calibration history, a
        note in the chatter, and the pay follows the grade."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Give the reason for moving the appraisal to another grade.")
            )
        self._check_calibrate(grade)
        moved = self.filtered(lambda a: a.calibrated_grade_id != grade)
        if not moved:
            return True
        self.env["hr.kpi.calibration"].sudo().create(
            [
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
        )
        moved._kpi_system().write({"calibration_grade_id": grade.id})
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

    def _check_calibrate(self, grade):
        """Raise unless HR may calibrate the appraisals now, to ``grade``."""
        for appraisal in self:
            if appraisal.company_id not in self.env.companies:
                raise AccessError(
                    self.env._(
                        "%s belongs to a company you are not working in.",
                        appraisal.display_name,
                    )
                )
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
        """HR hands the calibrated appraisals on to the approver's sign-off."""
        self._ensure("calibrate", "calibration")
        self._move_on("calibration")
        return True

    def action_sign_off(self):
        """The approver signs a calibrated group off: every appraisal is
        approved in one batch, with one message per campaign."""
        self._ensure("gm_approve", "gm_approval")
        self._move_on("gm_approval")
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
        return True

    @api.model
    def action_finish_calibration_board(self):
        """*Finish Calibration* on the board: the appraisals it shows."""
        self._board_appraisals("calibration").action_finish_calibration()
        return True

    @api.model
    def action_sign_off_board(self):
        """*Sign Off* on the board: the appraisals it shows."""
        self._board_appraisals("gm_approval").action_sign_off()
        return True

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
