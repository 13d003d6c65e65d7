from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from ..engine import (
    compute_pay,
    method_inputs,
    score_appraisal,
    score_lines,
    score_totals,
)
from .actuals_import_service import ActualsImportService
from .appraisal_stages import FLOW, LOCKED_STATES, STAGE, STAGES
from .engine_errors import raise_engine_error
from .snapshot_json import SnapshotJson

# Stages in which HR still enters measured values and adjustments.
HR_STAGES = FLOW[: FLOW.index("hr_review") + 1]
# Stages before calibration: an appraisal sent back there loses its
# calibrated grade, since its score may change.
BEFORE_CALIBRATION = FLOW[: FLOW.index("calibration")]
# Who may write which field (the rights of _may); every other field is the
# workflow's (see hr.kpi.write.guard). Lines and adjustments check their own.
FIELD_RIGHTS = {
    **dict.fromkeys(("employee_id", "template_id", "date_from", "date_to"), "header"),
    **dict.fromkeys(("manager_id", "hr_user_id", "approver_user_id"), "assign"),
    "employee_comment": "self_score",
    "note": "manager_score",
    "grade_justification": "manager_score",
    "confirm_comment": "confirm",
}
# Results of an appraisal that has no snapshot of its template yet.
NO_SCORES = {
    **dict.fromkeys(
        (
            "self_score",
            "manager_score",
            "base_score",
            "bonus_points",
            "penalty_points",
            "adjustment_points",
            "total_score",
            "performance_pay",
            "award_amount",
        ),
        0.0,
    ),
    "grade_id": False,
    "calibrated_grade_id": False,
    "grade_code": False,
    "veto_applied": False,
}


# Marks the one write that takes an appraisal out of "done": the reopening of an
# upheld appeal (an object, as SYSTEM_WRITE, so that no RPC context holds it).
APPEAL_REOPEN = object()
APPEAL_REOPEN_KEY = "kpi_appeal_reopen"
KPI_TODO = "hr_kpi_appraisal.mail_activity_type_kpi_todo"

# The appraisals waiting for the current user, linked from batch messages.
WAITING_URL = "/odoo/action-hr_kpi_appraisal.hr_kpi_appraisal_action_waiting"


class HrKpiAppraisal(models.Model):
    """One employee's appraisal for one period on one template (考核单)."""

    _name = "hr.kpi.appraisal"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "hr.kpi.write.guard",
        "hr.kpi.result.privacy",
    ]
    _description = "KPI Appraisal"
    _order = "date_from desc, employee_id, id desc"
    _check_company_auto = True
    _kpi_result_fields = frozenset(
        {
            "manager_score",
            "base_score",
            "bonus_points",
            "penalty_points",
            "adjustment_points",
            "total_score",
            "grade_id",
            "grade_code",
            "veto_applied",
            "performance_pay",
            "award_amount",
            "kpi_rank",
            "rank_award",
            "calibration_grade_id",
            "calibrated_grade_id",
            "grade_justification",
            "note",
        }
    )

    name = fields.Char(compute="_compute_name", store=True, precompute=True)
    employee_id = fields.Many2one(
        "hr.employee",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    employee_user_id = fields.Many2one(related="employee_id.user_id", string="User")
    manager_id = fields.Many2one(
        "hr.employee",
        "Supervisor",
        compute="_compute_manager_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        check_company=True,
    )
    manager_user_id = fields.Many2one(
        related="manager_id.user_id", string="Supervisor User"
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_employee_data",
        store=True,
        precompute=True,
        index=True,
    )
    job_id = fields.Many2one(
        "hr.job", compute="_compute_employee_data", store=True, precompute=True
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_employee_data",
        store=True,
        precompute=True,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    template_id = fields.Many2one(
        "hr.kpi.template",
        required=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('section_ids', '!=', False)]",
        compute="_compute_template_id",
        store=True,
        precompute=True,
        readonly=False,
        help="Picked from the employee's job when left empty.",
    )
    campaign_id = fields.Many2one(
        "hr.kpi.campaign",
        index=True,
        ondelete="set null",
        readonly=True,
        copy=False,
        check_company=True,
        help="The campaign that generated the appraisal.",
    )
    period_type = fields.Selection(related="template_id.period_type")
    date_from = fields.Date("From", required=True, tracking=True)
    date_to = fields.Date("To", required=True, tracking=True)
    state = fields.Selection(
        [(stage.state, stage.label) for stage in STAGES],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
        group_expand=True,
    )
    line_ids = fields.One2many(
        "hr.kpi.appraisal.line", "appraisal_id", string="Score Lines"
    )
    adjustment_ids = fields.One2many(
        "hr.kpi.adjustment", "appraisal_id", string="Adjustments"
    )
    scheme_snapshot = SnapshotJson(
        copy=False, help="Template settings copied when the appraisal was created."
    )
    self_review = fields.Boolean(readonly=True, copy=False)
    hr_review = fields.Boolean("HR Review", readonly=True, copy=False)
    gm_approval = fields.Boolean("GM Approval", readonly=True, copy=False)
    calibration = fields.Boolean(
        readonly=True,
        copy=False,
        help="Copied from the campaign: the appraisal is calibrated with its "
        "group, then signed off by the approver.",
    )
    grade_scale_id = fields.Many2one(
        "hr.kpi.grade.scale", readonly=True, copy=False, ondelete="restrict"
    )
    pay_rule_id = fields.Many2one(
        "hr.kpi.pay.rule", readonly=True, copy=False, ondelete="restrict"
    )
    hr_user_id = fields.Many2one("res.users", "HR Reviewer", tracking=True)
    approver_user_id = fields.Many2one("res.users", "Approver", tracking=True)
    # results
    self_score = fields.Float(compute="_compute_scores", store=True)
    manager_score = fields.Float(
        "Supervisor Score", compute="_compute_scores", store=True
    )
    base_score = fields.Float(compute="_compute_scores", store=True)
    bonus_points = fields.Float(compute="_compute_scores", store=True)
    penalty_points = fields.Float(compute="_compute_scores", store=True)
    adjustment_points = fields.Float(compute="_compute_scores", store=True)
    # not tracked: the chatter would tell the employee the result before it
    # is published (an upheld appeal's note gives the old and new result)
    total_score = fields.Float(compute="_compute_scores", store=True, aggregator="avg")
    grade_id = fields.Many2one(
        "hr.kpi.grade", compute="_compute_scores", store=True, ondelete="restrict"
    )
    calibration_grade_id = fields.Many2one(
        "hr.kpi.grade",
        "Grade Set by Calibration",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The grade HR gave in calibration, if any; see action_calibrate.",
    )
    calibrated_grade_id = fields.Many2one(
        "hr.kpi.grade",
        compute="_compute_scores",
        store=True,
        index=True,
        ondelete="restrict",
        group_expand="_group_expand_calibrated_grades",
        help="The grade after calibration, which the pay follows: the scored "
        "grade unless HR moved the appraisal in calibration.",
    )
    calibration_ids = fields.One2many(
        "hr.kpi.calibration",
        "appraisal_id",
        string="Calibration History",
        groups="hr_kpi_appraisal.group_kpi_hr",
    )
    grade_code = fields.Char(
        compute="_compute_scores",
        store=True,
        help="The code of the grade as scored, kept if the grade is renamed.",
    )
    veto_applied = fields.Selection(
        [
            ("zero", "Zeroed by a veto"),
            ("lowest_grade", "Lowest grade by a veto"),
            ("deduct", "Veto deduction"),
        ],
        compute="_compute_scores",
        store=True,
    )
    performance_base = fields.Monetary(
        "Performance Wage Base",
        currency_field="currency_id",
        copy=False,
        readonly=True,
        groups="hr_kpi_appraisal.group_kpi_hr",
        help="From the employee's contract; fixed when the appraisal is approved.",
    )
    performance_pay = fields.Monetary(
        compute="_compute_scores",
        store=True,
        currency_field="currency_id",
        groups="hr_kpi_appraisal.group_kpi_hr",
    )
    award_amount = fields.Monetary(
        "Fixed Award",
        compute="_compute_scores",
        store=True,
        currency_field="currency_id",
        groups="hr_kpi_appraisal.group_kpi_hr",
        help="Fixed reward or penalty of the grade (star bonus …) and the rank award.",
    )
    rank_award = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        groups="hr_kpi_appraisal.group_kpi_hr",
        help="Reward or penalty of the appraisal's place in its group ranked by "
        "total score (the pay rule's rank awards), fixed when it is approved; "
        "part of the fixed award.",
    )
    # what the screens show of the result, to whom and when
    is_scored = fields.Boolean(
        compute="_compute_result_flags",
        help="Whether a reviewer has scored: the supervisor gave a judged line its "
        "value, or the appraisal is past Supervisor Review.",
    )
    has_self_scores = fields.Boolean(compute="_compute_result_flags")
    line_methods = fields.Char(
        compute="_compute_line_methods",
        help="The scoring methods and measured inputs of the lines, for the "
        "columns the line table shows.",
    )
    score_progress = fields.Char(
        "Lines Scored",
        compute="_compute_result_flags",
        help="Lines the supervisor has scored / lines to score.",
    )
    # pay as shown: to HR and approvers, and to the employee, not to supervisors
    can_see_pay = fields.Boolean(compute="_compute_visible_pay")
    visible_pay = fields.Monetary(
        "Performance Pay Shown",
        compute="_compute_visible_pay",
        currency_field="currency_id",
    )
    visible_award = fields.Monetary(
        "Fixed Award Shown",
        compute="_compute_visible_pay",
        currency_field="currency_id",
    )
    date_done = fields.Date("Approved On", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    pay_date = fields.Date(
        compute="_compute_pay_date",
        store=True,
        help="The first payslip ending on or after this date pays the appraisal.",
    )
    paid = fields.Boolean(readonly=True, copy=False)
    last_reminder_date = fields.Date(
        readonly=True, copy=False, help="When the last overdue note was posted."
    )
    note = fields.Html("Supervisor Comment", copy=False)
    employee_comment = fields.Text(copy=False)
    grade_justification = fields.Text(
        "Justification of the Grade",
        copy=False,
        help="The supervisor's written justification, required for the grades "
        "the template names (S31: A and D).",
    )
    needs_justification = fields.Boolean(compute="_compute_needs_justification")
    # publication (结果公示) and the employee's confirmation (结果确认) after "done"
    result_state = fields.Selection(
        [
            ("unpublished", "Not Published"),
            ("published", "Published"),
            ("appealed", "Appealed"),
            ("confirmed", "Confirmed"),
        ],
        "Result",
        default="unpublished",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_published = fields.Date("Published On", readonly=True, copy=False)
    confirm_deadline = fields.Date(
        "Confirm or Appeal By",
        readonly=True,
        copy=False,
        help="The end of the appeal window, in working days of the company "
        "calendar; the result is confirmed automatically after it.",
    )
    date_confirmed = fields.Datetime("Confirmed On", readonly=True, copy=False)
    auto_confirmed = fields.Boolean(
        "Confirmed Automatically", readonly=True, copy=False
    )
    confirm_comment = fields.Text("Comment on the Result", copy=False, tracking=True)
    appeal_ids = fields.One2many("hr.kpi.appeal", "appraisal_id", string="Appeals")
    interview_ids = fields.One2many(
        "hr.kpi.interview", "appraisal_id", string="Performance Interview"
    )
    appeal_count = fields.Integer(compute="_compute_appeal_count")
    can_see_result = fields.Boolean(
        compute="_compute_result_rights",
        help="Whether the current user may see the supervisor's scores and the "
        "result (total, grade, pay): the employee once the result is published, "
        "everyone else who can read it at any stage.",
    )
    can_publish = fields.Boolean(compute="_compute_result_rights")
    can_confirm = fields.Boolean(compute="_compute_result_rights")
    can_appeal = fields.Boolean(compute="_compute_result_rights")
    # what the current user may do
    can_self_score = fields.Boolean(compute="_compute_user_rights")
    can_manager_score = fields.Boolean(compute="_compute_user_rights")
    can_approve = fields.Boolean(compute="_compute_user_rights")
    can_calibrate = fields.Boolean(compute="_compute_user_rights")
    can_start = fields.Boolean(compute="_compute_user_rights")
    can_send_back = fields.Boolean(compute="_compute_user_rights")
    can_cancel = fields.Boolean(compute="_compute_user_rights")
    can_reset = fields.Boolean(compute="_compute_user_rights")
    can_measure = fields.Boolean(compute="_compute_user_rights")
    can_declare = fields.Boolean(compute="_compute_user_rights")
    can_adjust = fields.Boolean(compute="_compute_user_rights")
    can_edit_header = fields.Boolean(compute="_compute_user_rights")
    can_assign = fields.Boolean(compute="_compute_user_rights")
    is_locked = fields.Boolean(compute="_compute_user_rights")
    skipped_states = fields.Char(
        compute="_compute_skipped_states",
        help="The stages the template switched off, which the statusbar leaves out.",
    )

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK(date_from <= date_to)",
            "The end of an appraisal period cannot be before its start.",
        ),
    ]

    def init(self):
        # One live appraisal per employee, template and period. Deferred to the
        # commit, so that _check_unique_live() reports a duplicate first with a
        # clear message; the constraint still stops concurrent workers.
        self.env.cr.execute(
            "SELECT 1 FROM pg_constraint WHERE conname = %s",
            ["hr_kpi_appraisal_live_unique"],
        )
        if self.env.cr.fetchone():
            return
        self.env.cr.execute(
            """
            DROP INDEX IF EXISTS hr_kpi_appraisal_live_unique;
            ALTER TABLE hr_kpi_appraisal ADD CONSTRAINT hr_kpi_appraisal_live_unique
            EXCLUDE USING btree (
                employee_id WITH =, template_id WITH =, date_from WITH =, date_to WITH =
            ) WHERE (state != 'cancel') DEFERRABLE INITIALLY DEFERRED
            """
        )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("employee_id.name", "template_id.code", "date_from", "date_to")
    def _compute_name(self):
        """Employee · template code · period start: the same in every language."""
        for appraisal in self:
            appraisal.name = " · ".join(
                filter(
                    None,
                    [
                        appraisal.employee_id.name,
                        appraisal.template_id.code,
                        appraisal.date_from and appraisal.date_from.isoformat(),
                    ],
                )
            )

    @api.depends("employee_id")
    def _compute_manager_id(self):
        for appraisal in self:
            appraisal.manager_id = appraisal.employee_id.sudo().parent_id

    @api.depends("employee_id")
    def _compute_template_id(self):
        missing = self.filtered(lambda a: not a.template_id)
        defaults = missing.employee_id._kpi_default_templates()
        for appraisal in missing:
            appraisal.template_id = defaults.get(appraisal.employee_id.id, False)

    @api.depends("employee_id")
    def _compute_employee_data(self):
        for appraisal in self:
            employee = appraisal.employee_id.sudo()
            appraisal.department_id = employee.department_id
            appraisal.job_id = employee.job_id
            appraisal.company_id = employee.company_id or self.env.company

    @api.depends("date_done", "date_to")
    def _compute_pay_date(self):
        for appraisal in self:
            dates = [d for d in (appraisal.date_done, appraisal.date_to) if d]
            appraisal.pay_date = max(dates) if appraisal.date_done else False

    @api.depends(
        "line_ids.self_points",
        "line_ids.manager_points",
        "line_ids.veto_triggered",
        "adjustment_ids.points",
        "adjustment_ids.percent",
        "adjustment_ids.pay_percent",
        "performance_base",
        "rank_award",
        "calibration_grade_id",
    )
    def _compute_scores(self):
        """Totals from the lines' points (each line is scored once, by its own
        compute), with the weights and rules of the scheme snapshot; the pay
        follows the calibrated grade."""
        grades_by_code = {
            (grade.scale_id.id, grade.code): grade
            for grade in self.grade_scale_id.grade_ids
        }
        for appraisal in self:
            scheme = appraisal.scheme_snapshot or {}
            if not scheme.get("sections"):
                # a new record: the template is copied when the appraisal is saved
                appraisal.update(dict(NO_SCORES))
                continue
            result = appraisal._engine_totals(scheme)
            grade = result["grade"]
            scored_grade = (
                grade
                and grades_by_code.get((appraisal.grade_scale_id.id, grade["code"]))
                or False
            )
            calibrated = appraisal.calibration_grade_id
            if calibrated:
                grade = appraisal._snapshot_grade(scheme, calibrated)
            pay = appraisal._engine_pay(scheme, result["total_score"], grade)
            appraisal.update(
                {
                    "self_score": result["self_score"],
                    "manager_score": result["manager_score"],
                    "base_score": result["base_score"],
                    "bonus_points": result["bonus"],
                    "penalty_points": result["penalty"],
                    "adjustment_points": result["adjustment_points"],
                    "total_score": result["total_score"],
                    "veto_applied": result["veto"] or False,
                    "grade_id": scored_grade,
                    "calibrated_grade_id": calibrated or scored_grade,
                    "grade_code": result["grade"] and result["grade"]["code"] or False,
                    "performance_pay": pay["performance_pay"],
                    "award_amount": pay["award"],
                }
            )

    @api.depends_context("uid")
    @api.depends(
        "state",
        "employee_id",
        "line_ids.self_value",
        "line_ids.manager_value",
        "line_ids.rank",
    )
    def _compute_result_flags(self):
        """Whether there is anything to show yet, and the scoring progress
        (who may see the result is ``can_see_result``)."""
        for appraisal in self:
            stage = FLOW.index(appraisal.state) if appraisal.state in FLOW else 0
            reviewed = stage > FLOW.index("manager_review")
            to_score = appraisal.line_ids.filtered(
                lambda line: line.is_judged or line.uses_rank
            )
            scored = to_score.filtered("is_scored")
            appraisal.is_scored = reviewed or bool(scored) or not to_score
            appraisal.has_self_scores = any(appraisal.line_ids.mapped("self_value"))
            appraisal.score_progress = f"{len(scored)} / {len(to_score)}"

    @api.depends("grade_id", "template_id.justified_grade_ids")
    def _compute_needs_justification(self):
        for appraisal in self:
            appraisal.needs_justification = (
                appraisal.grade_id in appraisal.template_id.justified_grade_ids
            )

    @api.depends("line_ids.scoring_method")
    def _compute_line_methods(self):
        for appraisal in self:
            used = {"methods:"}
            for line in appraisal.line_ids:
                used.add(line.scoring_method)
                used.update(method_inputs(line.scoring_method))
            appraisal.line_methods = " ".join(sorted(used))

    @api.depends_context("kpi_score_progress")
    @api.depends("name", "score_progress")
    def _compute_display_name(self):
        """The name, followed in Score My Team by the lines scored / to score."""
        progress = self.env.context.get("kpi_score_progress")
        for appraisal in self:
            appraisal.display_name = (
                self.env._(
                    "%(name)s (%(progress)s scored)",
                    name=appraisal.name,
                    progress=appraisal.score_progress,
                )
                if progress
                else appraisal.name
            )

    @api.depends_context("uid")
    @api.depends("employee_id", "state", "result_state")
    def _compute_visible_pay(self):
        """The pay amounts for HR and approvers, and for the employee on their
        own appraisal once published; supervisors are not told their team's pay."""
        hr = self.env.user.has_group("hr_kpi_appraisal.group_kpi_hr")
        for appraisal in self:
            shown = hr or (appraisal._is_own() and appraisal.can_see_result)
            stored = appraisal.sudo()
            appraisal.can_see_pay = shown
            appraisal.visible_pay = stored.performance_pay if shown else 0.0
            appraisal.visible_award = stored.award_amount if shown else 0.0

    @api.depends_context("uid")
    @api.depends("state", "employee_id", "manager_id")
    def _compute_user_rights(self):
        for appraisal in self:
            appraisal.can_self_score = appraisal._may("self_score")
            appraisal.can_manager_score = appraisal._may("manager_score")
            appraisal.can_approve = appraisal._may(appraisal._approval_right())
            appraisal.can_calibrate = appraisal._may("calibrate")
            appraisal.can_start = appraisal._may("start")
            appraisal.can_send_back = appraisal._may("send_back")
            appraisal.can_cancel = appraisal._may("cancel")
            appraisal.can_reset = appraisal._may("reset")
            appraisal.can_measure = appraisal._may("measure")
            appraisal.can_declare = appraisal._may("declare")
            appraisal.can_adjust = appraisal._may("adjust")
            appraisal.can_edit_header = appraisal._may("header")
            appraisal.can_assign = appraisal._may("assign")
            appraisal.is_locked = appraisal.state in LOCKED_STATES

    @api.depends_context("uid")
    @api.depends("state", "result_state", "confirm_deadline", "employee_id")
    def _compute_result_rights(self):
        for appraisal in self:
            appraisal.can_see_result = not appraisal._is_own() or (
                appraisal.state == "done"
                and appraisal.result_state in ("published", "appealed", "confirmed")
            )
            appraisal.can_publish = appraisal._may("publish")
            appraisal.can_confirm = appraisal._may("confirm")
            appraisal.can_appeal = appraisal._may("appeal")

    def _compute_appeal_count(self):
        counts = dict(
            self.env["hr.kpi.appeal"]._read_group(
                [("appraisal_id", "in", self.ids)], ["appraisal_id"], ["__count"]
            )
        )
        for appraisal in self:
            appraisal.appeal_count = counts.get(appraisal, 0)

    # ------------------------------------------------------------------
    # Engine calls
    # ------------------------------------------------------------------

    def _engine_totals(self, scheme):
        """The engine's totals of the appraisal from its scheme snapshot (read
        once by the caller), its lines' points and its adjustments."""
        self.ensure_one()
        try:
            return score_totals(
                scheme,
                [line._engine_scored() for line in self.line_ids],
                self.adjustment_ids._engine_adjustments(),
            )
        except ValueError as error:
            raise_engine_error(
                self.env, error, self.display_name, self._indicator_names()
            )

    def _engine_sections(self):
        """The engine's results of each section, by section code (empty before
        the template is copied)."""
        self.ensure_one()
        scheme = self.scheme_snapshot or {}
        if not scheme.get("sections"):
            return {}
        return {
            section["code"]: section
            for section in self._engine_totals(scheme)["sections"]
        }

    def _engine_line_points(self, lines):
        """The engine's points of some of the appraisal's ``lines``."""
        self.ensure_one()
        try:
            return score_lines(
                self.scheme_snapshot or {},
                [line._engine_line() for line in lines],
                partial=True,
            )
        except ValueError as error:
            raise_engine_error(
                self.env, error, self.display_name, self._indicator_names()
            )

    def _indicator_names(self):
        """{indicator code: name in the user's language} of the score lines."""
        return {line.code: line.name for line in self.line_ids}

    def _engine_pay(self, scheme, score, grade):
        """The engine's pay for the total ``score`` and the ``grade`` (a grade
        of the snapshot) the appraisal is paid by."""
        rule = scheme.get("pay_rule")
        if not rule:
            return {"performance_pay": 0.0, "award": 0.0}
        try:
            return compute_pay(
                rule,
                score,
                grade,
                self.performance_base,
                rounding=self.currency_id.rounding or 0.01,
                rank_award=self.rank_award,
                pay_percents=self.adjustment_ids.filtered("pay_percent").mapped(
                    "pay_percent"
                ),
            )
        except ValueError as error:
            raise_engine_error(
                self.env, error, self.display_name, self._indicator_names()
            )

    @api.model
    def _snapshot_grade(self, scheme, grade):
        """The snapshot's grade of the same code as ``grade``, if any."""
        return next(
            (g for g in scheme.get("grades", ()) if g["code"] == grade.code), None
        )

    # ------------------------------------------------------------------
    # Snapshot of the template
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        """Create drafts with a snapshot of their template: its settings, and
        its indicators as score lines; the performance wage base from the
        running contract. People give the header only."""
        self._kpi_check_new(vals_list, None)
        self._fill_default_templates(vals_list)
        templates = self.env["hr.kpi.template"].browse(
            {vals["template_id"] for vals in vals_list if vals.get("template_id")}
        )
        templates._check_scorable()
        bases = (
            self.env["hr.employee"]
            .browse(
                {vals["employee_id"] for vals in vals_list if vals.get("employee_id")}
            )
            ._kpi_performance_bases()
        )
        campaigns = self.env["hr.kpi.campaign"].browse(
            {vals["campaign_id"] for vals in vals_list if vals.get("campaign_id")}
        )
        snapshots = {}  # built once per template, shared by its appraisals
        lines_of = []  # the snapshot lines of each appraisal, created as the system
        for vals in vals_list:
            template = templates.browse(vals.get("template_id"))
            if template.id not in snapshots:
                snapshots[template.id] = self._snapshot(template)
            values, lines = snapshots[template.id]
            vals.update(
                values,
                performance_base=bases.get(vals.get("employee_id"), 0.0),
                calibration=campaigns.browse(vals.get("campaign_id")).calibration,
            )
            lines_of.append(lines)
        appraisals = super().create(vals_list)
        self.env["hr.kpi.appraisal.line"]._kpi_system().create(
            [
                dict(
                    line_values,
                    appraisal_id=appraisal.id,
                    employee_id=appraisal.employee_id.id,
                    campaign_id=appraisal.campaign_id.id,
                    company_id=appraisal.company_id.id,
                    input_ids=[Command.create(dict(values)) for values in input_values],
                )
                for appraisal, lines in zip(appraisals, lines_of, strict=True)
                for line_values, input_values in lines
            ]
        )._copy_indicator_translations()
        return appraisals

    @api.model
    def _snapshot(self, template):
        """The template's settings and its lines as plain values, built once
        for all the appraisals of a batch: a list of (line values with their
        points before any input, values of its count and input rows)."""
        values = self._snapshot_values(template)
        try:
            lines = self.env["hr.kpi.appraisal.line"]._engine_new_points(
                values["scheme_snapshot"], self._snapshot_lines(template)
            )
        except ValueError as error:
            raise_engine_error(self.env, error, template.display_name)
        snapshot = []
        for vals in lines:
            inputs = [command[2] for command in vals.pop("input_ids")]
            snapshot.append((vals, inputs))
        return values, snapshot

    @api.model
    def _kpi_check_create(self, vals_list, appraisals):
        """People give the header only, and create drafts of others."""
        if self._kpi_is_system():
            return
        # empty values (a form's blank comment, paid=False) are what a new
        # draft holds anyway; so is state "draft"; creating needs "header"
        given = {
            name
            for vals in vals_list
            for name, value in vals.items()
            if value and (name, value) != ("state", "draft")
        }
        drafts = self.browse()
        if not self.env.su:  # the rights, on the appraisals as they would be
            for vals in vals_list:
                header = {k: v for k, v in vals.items() if k in FIELD_RIGHTS}
                drafts |= self.new(dict(header, state="draft"))
        self._kpi_check_fields(given, rights={"header"}, appraisals=drafts)

    @api.model
    def _fill_default_templates(self, vals_list):
        """Give appraisals without a template the employee's default one."""
        missing = [v for v in vals_list if not v.get("template_id")]
        if not missing:
            return
        employees = self.env["hr.employee"].browse(
            {v["employee_id"] for v in missing if v.get("employee_id")}
        )
        defaults = employees._kpi_default_templates()
        for vals in missing:
            template = defaults.get(vals.get("employee_id"))
            if not template:
                employee = employees.browse(vals.get("employee_id")).sudo()
                raise UserError(
                    self.env._(
                        "No appraisal template is linked to the job “%(job)s” of "
                        "%(employee)s: choose a template.",
                        job=employee.job_id.name or "-",
                        employee=employee.name or "-",
                    )
                )
            vals["template_id"] = template.id

    @api.model
    def _snapshot_values(self, template):
        return {
            "scheme_snapshot": template._engine_scheme(),
            "self_review": template.self_review,
            "hr_review": template.hr_review,
            "gm_approval": template.gm_approval,
            "grade_scale_id": template.grade_scale_id.id,
            "pay_rule_id": template.pay_rule_id.id,
            "hr_user_id": template.hr_user_id.id,
            "approver_user_id": template.approver_user_id.id,
        }

    @api.model
    def _snapshot_lines(self, template):
        return [
            {
                "indicator_id": indicator.id,
                "sequence": index,
                "section_code": indicator.section_id.code,
                "section_name": indicator.section_id.name,
                "section_weight": indicator.section_id.weight,
                "code": indicator.code,
                "name": indicator.name,
                "definition": indicator.definition,
                "target": indicator.target,
                "criteria": indicator.criteria,
                "max_points": indicator.max_points,
                "kind": indicator.kind,
                "scoring_method": indicator.scoring_method,
                "indicator_snapshot": indicator._engine_spec(),
                "input_ids": [
                    Command.create(values)
                    for values in indicator._snapshot_input_values()
                ],
            }
            for index, indicator in enumerate(template.section_ids.indicator_ids)
        ]

    def _fill_performance_base(self):
        """Take the performance wage base from each employee's running contract.

        Written as superuser: the base is contract data, not a header edit, and
        whoever gives the last approval (the supervisor when the template has no
        HR or GM stage) fixes it.
        """
        bases = self.employee_id._kpi_performance_bases()
        for appraisal in self._kpi_system():
            appraisal.performance_base = bases.get(appraisal.employee_id.id, 0.0)

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------

    def _is_own(self):
        return self.employee_id.sudo().user_id == self.env.user

    def _is_supervisor(self):
        supervisor_user = self.manager_id.sudo().user_id
        if supervisor_user:
            return supervisor_user == self.env.user
        return self.env.user.has_group("hr_kpi_appraisal.group_kpi_hr")

    def _approval_right(self):
        return STAGE[self.state].right or "none"

    def _may(self, right):
        """Whether the current user holds ``right`` on this appraisal now."""
        self.ensure_one()
        if self.env.su:
            return True
        user = self.env.user
        own = self._is_own()

        def manage():
            return not own and user.has_group("hr_kpi_appraisal.group_kpi_hr")

        def self_score():
            return self.state == "self_review" and own

        def manager_score():
            return self.state == "manager_review" and not own and self._is_supervisor()

        def measure():
            return manager_score() or (self.state in HR_STAGES and manage())

        checks = {
            "self_score": self_score,
            "manager_score": manager_score,
            "measure": measure,
            "declare": lambda: self_score() or measure(),
            "adjust": lambda: self.state in HR_STAGES and manage(),
            "header": lambda: self.state == "draft" and manage(),
            "assign": lambda: self.state not in LOCKED_STATES and manage(),
            "start": lambda: (
                self.state == "draft"
                and not own
                and (
                    user.has_group("hr_kpi_appraisal.group_kpi_hr")
                    or self._is_supervisor()
                )
            ),
            "hr_approve": lambda: (
                self.state == "hr_review"
                and not own
                and user.has_group("hr_kpi_appraisal.group_kpi_hr")
            ),
            "calibrate": lambda: self.state == "calibration" and manage(),
            "gm_approve": lambda: (
                self.state == "gm_approval"
                and not own
                and user.has_group("hr_kpi_appraisal.group_kpi_approver")
            ),
            "cancel": lambda: self.state not in LOCKED_STATES and manage(),
            "reset": lambda: self.state == "cancel" and manage(),
            "send_back": lambda: bool(
                STAGE[self.state].back_to and checks[STAGE[self.state].right]()
            ),
            "manage": manage,
            "publish": lambda: (
                self.state == "done"
                and self.result_state in (False, "unpublished")
                and manage()
            ),
            "confirm": lambda: (
                self.state == "done" and self.result_state == "published" and own
            ),
            "appeal": lambda: (
                self.state == "done"
                and self.result_state == "published"
                and own
                and bool(self.confirm_deadline)
                and fields.Date.context_today(self) <= self.confirm_deadline
            ),
        }
        check = checks.get(right)
        return bool(check and check())

    def _right_description(self, right):
        """Who holds ``right`` and when, as told to someone who does not."""
        if self.state in LOCKED_STATES:
            return self.env._("it is approved or cancelled and can no longer change.")
        if self._is_own() and right not in ("self_score", "declare"):
            return self.env._("nobody scores, approves or edits their own appraisal.")
        return {
            "self_score": self.env._("only the employee does, during Self Review."),
            "manager_score": self.env._(
                "only the direct supervisor does, during Supervisor Review."
            ),
            "measure": self.env._(
                "only the supervisor during Supervisor Review, or HR up to HR Review."
            ),
            "declare": self.env._(
                "only the employee during Self Review, the supervisor during "
                "Supervisor Review, or HR up to HR Review."
            ),
            "adjust": self.env._("only HR does, up to HR Review."),
            "calibrate": self.env._("only HR does, during Calibration."),
            "header": self.env._(
                "only HR does, while it is a draft; cancel it and create another "
                "to change it later."
            ),
            "assign": self.env._("only HR does."),
            "manage": self.env._("only HR does."),
            "confirm": self.env._(
                "only the employee does, once the result is published."
            ),
        }.get(right, self.env._("this is not allowed at this stage."))

    def _ensure(self, right, state):
        """Raise unless every appraisal is in ``state`` and the user holds ``right``."""
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for appraisal in self:
            if appraisal.state != state:
                raise UserError(
                    self.env._(
                        "%(appraisal)s is in state “%(state)s”; this action needs "
                        "state “%(expected)s”.",
                        appraisal=appraisal.display_name,
                        state=state_labels[appraisal.state],
                        expected=state_labels[state],
                    )
                )
            if not appraisal._may(right):
                if appraisal._is_own():
                    raise AccessError(
                        self.env._(
                            "You cannot approve or score your own appraisal %s "
                            "in this stage.",
                            appraisal.display_name,
                        )
                    )
                raise AccessError(
                    self.env._(
                        "You are not allowed to do this on %s at this stage.",
                        appraisal.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    @api.depends(
        *(stage.switch for stage in STAGES if stage.switch),
        *(stage.kept_by for stage in STAGES if stage.kept_by),
    )
    def _compute_skipped_states(self):
        for appraisal in self:
            appraisal.skipped_states = ",".join(
                state for state in FLOW if appraisal._skips(state)
            )

    def _skips(self, state):
        """Whether the ``state`` stage is switched off for the appraisal (by
        its template, or its campaign for calibration)."""
        stage = STAGE[state]
        if stage.kept_by and self[stage.kept_by]:
            return False
        return bool(stage.switch) and not self[stage.switch]

    def _next_state(self, state):
        """The state after ``state``, skipping stages the template switched off."""
        return next(s for s in FLOW[FLOW.index(state) + 1 :] if not self._skips(s))

    def _send_back_state(self):
        """The stage *Send Back* returns to: the table's, or the one before it
        when the template switched it off; a calibrated appraisal goes back
        from GM Approval to Calibration."""
        target = STAGE[self.state].back_to
        if self.calibration and self.state == "gm_approval":
            target = "calibration"  # the approver returns the group to HR
        earlier = FLOW[: FLOW.index(target) + 1]
        return next(s for s in reversed(earlier) if not self._skips(s))

    def _move_on(self, from_state):
        """Move each appraisal to its next stage; return the grade
        distribution warnings of those approved (``_set_state``)."""
        by_target = defaultdict(lambda: self.browse())
        for appraisal in self:
            by_target[appraisal._next_state(from_state)] |= appraisal
        warnings = []
        for target, appraisals in by_target.items():
            warnings += appraisals._set_state(target)
        return warnings

    def _set_state(self, state):
        """Write the new state; on approval, check the grade distribution
        first (a blocking policy refuses it) and return the warnings noted
        on the campaigns."""
        values = {"state": state}
        broken = []
        if state == "done":
            broken = self._kpi_check_distribution()
            values.update(
                date_done=fields.Date.context_today(self),
                approved_by_id=self.env.user.id,
            )
            self._fill_performance_base()
            self.env["hr.kpi.ranking"]._award_ranks(self)
        self._kpi_system().write(values)
        if state in BEFORE_CALIBRATION or state == "cancel":
            # the score may change again: the calibration starts over
            self.filtered("calibration_grade_id")._kpi_system().write(
                {"calibration_grade_id": False}
            )
        if state in ("cancel", "draft"):  # leaves or joins its ranking groups
            self.env["hr.kpi.ranking"]._rerank(self.line_ids)
        self._schedule_next_activity()
        if state == "done":
            self.sudo().appeal_ids._record_corrections()
            self._kpi_on_approved()
        return self._kpi_note_distribution(broken)

    def action_start(self):
        self._ensure("start", "draft")
        self._move_on("draft")
        return True

    def action_submit_self(self):
        self._ensure("self_score", "self_review")
        self._check_complete("self")
        self._move_on("self_review")
        return True

    def action_submit_manager(self):
        self._ensure("manager_score", "manager_review")
        self._check_complete("manager")
        self._check_justification()
        self._move_on("manager_review")
        return True

    def action_hr_approve(self):
        self._ensure("hr_approve", "hr_review")
        self._check_justification()
        return self._kpi_distribution_notice(self._move_on("hr_review"))

    def action_gm_approve(self):
        """Approve the appraisals; calibrated ones are signed off by group
        (``action_sign_off``), so that no quota is checked on part of one."""
        self._ensure("gm_approve", "gm_approval")
        calibrated = self.filtered("calibration")
        if calibrated:
            raise UserError(
                self.env._(
                    "%s was calibrated with its group: sign the group off from "
                    "the calibration board.",
                    calibrated[0].display_name,
                )
            )
        self._check_justification()
        return self._kpi_distribution_notice(self._move_on("gm_approval"))

    def _check_justification(self):
        """Refuse to pass on a grade the template wants justified (S31: A and
        D) while the supervisor's written justification is missing."""
        for appraisal in self:
            if (
                appraisal.needs_justification
                and not (appraisal.grade_justification or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "%(appraisal)s is graded %(grade)s: the supervisor must "
                        "justify this grade in writing (Comments tab) before it "
                        "is approved.",
                        appraisal=appraisal.display_name,
                        grade=appraisal.grade_id.display_name,
                    )
                )

    def action_send_back(self):
        """Return the appraisal to the supervisor (or to the employee from there)."""
        for appraisal in self:
            if not STAGE[appraisal.state].back_to:
                raise UserError(
                    self.env._("%s cannot be sent back now.", appraisal.display_name)
                )
            appraisal._ensure(appraisal._approval_right(), appraisal.state)
            appraisal._set_state(appraisal._send_back_state())
        return True

    def action_cancel(self):
        for appraisal in self:
            if not appraisal._may("cancel"):
                raise UserError(
                    self.env._(
                        "Only HR can cancel %s, and only before it is approved.",
                        appraisal.display_name,
                    )
                )
        self._set_state("cancel")
        return True

    def action_reset_draft(self):
        for appraisal in self:
            if not appraisal._may("reset"):
                raise UserError(
                    self.env._(
                        "Only HR can reset %s, and only once it is cancelled.",
                        appraisal.display_name,
                    )
                )
        self._set_state("draft")
        return True

    def _check_complete(self, reviewer):
        """Raise when a score the reviewer owes is missing or out of bounds."""
        for appraisal in self:
            if reviewer == "self":
                appraisal.line_ids.filtered("is_judged")._check_self_input()
            else:
                appraisal._check_scores_complete()
                appraisal.line_ids._check_manager_inputs()

    def _check_scores_complete(self):
        """Raise when a line's input is missing: the engine scores every line
        as if submitted (``partial`` off)."""
        self.ensure_one()
        try:
            score_appraisal(
                self.scheme_snapshot or {},
                [line._engine_line() for line in self.line_ids],
                self.adjustment_ids._engine_adjustments(),
            )
        except ValueError as error:
            raise_engine_error(self.env, error, self.display_name)

    def _schedule_next_activity(self):
        """Give the next actor of each appraisal its KPI to-do, all in one batch.

        Written in the actor's language, due on the campaign's deadline for
        the stage, else today. The actors
        are subscribed beforehand in one go rather than one by one
        (``_subscribe_pairs``). A single to-do is announced by Odoo's usual
        email; a batch sends instead one message per stage and language to
        everyone it gave a to-do.
        """
        xmlid = "hr_kpi_appraisal.mail_activity_type_kpi_todo"
        self.sudo().activity_unlink([xmlid])
        activity_type = self.env.ref(xmlid)
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list, pairs = [], []
        waiting = defaultdict(lambda: self.env["res.users"])  # state -> actors
        for appraisal in self:
            user = appraisal._next_actor()
            if user:
                pairs.append((appraisal.id, user.partner_id.id))
                waiting[appraisal.state] |= user
                in_their_language = activity_type.with_context(lang=user.lang)
                vals_list.append(
                    {
                        "activity_type_id": activity_type.id,
                        "summary": in_their_language.env._(STAGE[appraisal.state].todo),
                        "note": in_their_language.default_note,
                        "automated": True,
                        # the campaign's deadlines, which the employee cannot read
                        "date_deadline": appraisal.campaign_id.sudo()._stage_deadline(
                            appraisal.state
                        )
                        or today,
                        "res_model_id": model_id,
                        "res_id": appraisal.id,
                        "user_id": user.id,
                    }
                )
        if not vals_list:
            return
        self._subscribe_pairs(pairs)
        batch = len(vals_list) > 1
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=batch
            or self.env.context.get("mail_activity_quick_update"),
        ).create(vals_list)
        if batch:
            self._notify_waiting(waiting)

    def _notify_waiting(self, actors_by_state):
        """Tell the actors of a batch, in one message per stage and language,
        that appraisals wait for them (rather than one email per appraisal)."""
        for state, users in actors_by_state.items():
            others = (users - self.env.user).sudo()
            for lang, recipients in others.grouped("lang").items():
                env = self.with_context(lang=lang).env
                body = env._(
                    "See %(link)s and your activities: each to-do is due on its "
                    "stage deadline.",
                    link=Markup('<a href="%s">%s</a>')
                    % (WAITING_URL, env._("Waiting for Me")),
                )
                env[self._name].message_notify(
                    partner_ids=recipients.partner_id.ids,
                    subject=env._(STAGE[state].waiting),
                    body=Markup("<p>%s</p>") % body,
                    email_layout_xmlid="mail.mail_notification_light",
                    force_send=False,
                )

    def _subscribe_pairs(self, pairs):
        """Make each partner follow its appraisal: ``pairs`` of (appraisal id,
        partner id), with the default subtypes, as ``message_subscribe`` would.

        Odoo's public API subscribes the same partners to every record of a
        call, and ``mail.activity`` calls it once per user: with self review
        every appraisal has its own next actor, which costs about five queries
        per employee. So the followers are read and created here in one batch
        through the ORM; the followers read stay in the cache, so the calls of
        ``mail.activity`` find them there (see ``message_subscribe``).
        """
        appraisals = self.browse({res_id for res_id, _ in pairs}).sudo()
        existing = {
            (follower.res_id, follower.partner_id.id)
            for follower in appraisals.message_follower_ids
        }
        partners = self.env["res.partner"].sudo().browse({pid for _, pid in pairs})
        shared = set(partners.filtered("partner_share").ids)
        active = set(partners.filtered("active").ids)
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": self._name,
                    "res_id": res_id,
                    "partner_id": partner_id,
                    "subtype_ids": [
                        Command.set((external if partner_id in shared else default).ids)
                    ],
                }
                for res_id, partner_id in dict.fromkeys(pairs)
                if partner_id in active and (res_id, partner_id) not in existing
            ]
        )

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """As the superuser, a call that would add nobody (every partner follows
        every record already, with default subtypes) is answered from the
        followers in the cache: ``mail.activity`` asks once per user after
        ``_subscribe_pairs`` subscribed them all."""
        if (
            self.env.su
            and partner_ids
            and not subtype_ids
            and all(
                set(partner_ids) <= set(appraisal.message_follower_ids.partner_id.ids)
                for appraisal in self
            )
        ):
            return True
        return super().message_subscribe(partner_ids, subtype_ids)

    def _next_actor(self):
        """The user who acts next on the appraisal, if any."""
        actor = STAGE[self.state].actor
        return actor and self.sudo()[actor]

    # ------------------------------------------------------------------
    # Locking and server-side checks
    # ------------------------------------------------------------------

    @api.model
    def _kpi_field_rights(self):
        return FIELD_RIGHTS

    @api.model
    def _kpi_free_fields(self):
        # commands on lines and adjustments are checked by those models
        return super()._kpi_free_fields() | {"line_ids", "adjustment_ids"}

    def _kpi_appraisals(self):
        return self

    def _kpi_result_appraisal(self):
        return self

    def _kpi_hidden_sql(self, alias):
        return self._kpi_unpublished_own_sql(alias)

    def _kpi_check_write(self, vals):
        """Besides the rights: an approved appraisal leaves "done" only when
        an upheld appeal reopens it."""
        super()._kpi_check_write(vals)
        if vals.get("state", "done") != "done" and not self._kpi_is_appeal_reopen():
            for appraisal in self.filtered(lambda a: a.state == "done"):
                raise UserError(
                    self.env._(
                        "%s is approved: only an appeal upheld by HR reopens it.",
                        appraisal.display_name,
                    )
                )

    def _kpi_is_appeal_reopen(self):
        return self.env.context.get(APPEAL_REOPEN_KEY) is APPEAL_REOPEN

    def _kpi_check_unlink(self):
        """HR deletes others' appraisals (drafts and cancelled ones only)."""
        if self.env.su:
            return
        for appraisal in self.filtered(lambda a: not a._may("manage")):
            raise AccessError(
                self.env._(
                    "You cannot delete %(appraisal)s: %(rule)s",
                    appraisal=appraisal.display_name,
                    rule=appraisal._right_description("manage"),
                )
            )

    @api.constrains("employee_id", "template_id", "date_from", "date_to", "state")
    def _check_unique_live(self):
        live = self.filtered(lambda a: a.state != "cancel")
        if not live:
            return
        domain = [
            ("id", "not in", live.ids),
            ("state", "!=", "cancel"),
            ("employee_id", "in", live.employee_id.ids),
            ("template_id", "in", live.template_id.ids),
        ]
        others = self.sudo().search(domain)
        keys = {
            (a.employee_id.id, a.template_id.id, a.date_from, a.date_to) for a in others
        }
        for appraisal in live:
            key = (
                appraisal.employee_id.id,
                appraisal.template_id.id,
                appraisal.date_from,
                appraisal.date_to,
            )
            if key in keys:
                raise ValidationError(
                    self.env._(
                        "%(employee)s already has an appraisal on %(template)s for "
                        "%(date_from)s – %(date_to)s.",
                        employee=appraisal.employee_id.name,
                        template=appraisal.template_id.name,
                        date_from=appraisal.date_from,
                        date_to=appraisal.date_to,
                    )
                )
            keys.add(key)

    @api.model
    def _check_unused(self, field_name, records):
        """Refuse to delete configuration that appraisals were scored with."""
        used = self.sudo().search([(field_name, "in", records.ids)], limit=1)
        if used:
            raise UserError(
                self.env._(
                    "%(record)s cannot be deleted: appraisals such as "
                    "%(appraisal)s were scored with it. Archive the grade scale "
                    "or pay rule instead.",
                    record=used[field_name].display_name,
                    appraisal=used.display_name,
                )
            )

    def unlink(self):
        """Deleting appraisals ranks again the groups their lines leave."""
        return self.env["hr.kpi.ranking"]._unlink_reranked(
            self.line_ids, super().unlink
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        for appraisal in self:
            if appraisal.state not in ("draft", "cancel"):
                raise UserError(
                    self.env._(
                        "Only draft or cancelled appraisals can be deleted; "
                        "cancel %s first.",
                        appraisal.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Outputs: the form (考核表) as XLSX and PDF, the summary as XLSX
    # ------------------------------------------------------------------

    def action_export_xlsx(self):
        """The forms as an XLSX download (report/report_appraisal_xlsx.py)."""
        return self.env["report.hr_kpi_appraisal.appraisal_xlsx"].action_forms(self)

    def action_export_summary_xlsx(self):
        """The summary as an XLSX download (report/report_appraisal_xlsx.py)."""
        return self.env["report.hr_kpi_appraisal.appraisal_xlsx"].action_summary(self)

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values and self.state == "done":
            return self.env.ref("hr_kpi_appraisal.mt_kpi_appraisal_done")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Publication, confirmation and appeals (P08)
    # ------------------------------------------------------------------

    def action_publish(self):
        """Show approved results to their employees (结果公示), who confirm or
        appeal them within the template's appeal window in working days."""
        self._check_right(
            "publish",
            self.env._(
                "Only HR publishes %s, once it is approved and before it is published."
            ),
        )
        today = fields.Date.context_today(self)
        by_deadline = defaultdict(lambda: self.browse())
        deadlines = {}
        for appraisal in self:
            key = (appraisal.company_id, appraisal.template_id.appeal_days)
            if key not in deadlines:
                deadlines[key] = key[0]._kpi_add_working_days(today, key[1])
            by_deadline[deadlines[key]] |= appraisal
        for deadline, appraisals in by_deadline.items():
            appraisals._kpi_system().write(
                {
                    "result_state": "published",
                    "date_published": today,
                    "confirm_deadline": deadline,
                }
            )
        self._ask_employees_to_confirm()
        self.env["hr.kpi.interview"]._create_for(self)
        return True

    def _ask_employees_to_confirm(self):
        """A to-do for each employee with a user: confirm or appeal by the deadline."""
        activity_type = self.env.ref(KPI_TODO)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = [
            {
                "activity_type_id": activity_type.id,
                "summary": self.env._("Confirm or appeal your appraisal result"),
                "automated": True,
                "date_deadline": appraisal.confirm_deadline,
                "res_model_id": model_id,
                "res_id": appraisal.id,
                "user_id": appraisal.employee_user_id.id,
            }
            for appraisal in self.sudo()
            if appraisal.employee_user_id
        ]
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=len(vals_list) > 1
        ).create(vals_list)

    def action_confirm_result(self):
        """The employee accepts the published result (with their comment)."""
        self._check_right(
            "confirm",
            self.env._(
                "Only the employee confirms %s, once its result is published and "
                "while no appeal is open."
            ),
        )
        self._confirm_result(auto=False)
        return True

    def _check_right(self, right, message):
        """Raise ``message`` (``%s``: the appraisal) unless the user holds
        ``right`` on every appraisal."""
        for appraisal in self:
            if not appraisal._may(right):
                raise UserError(message % appraisal.display_name)

    def _confirm_result(self, auto):
        self.sudo().activity_unlink([KPI_TODO])
        self._kpi_system().write(
            {
                "result_state": "confirmed",
                "date_confirmed": fields.Datetime.now(),
                "auto_confirmed": auto,
            }
        )

    @api.model
    def _cron_confirm_results(self):
        """Confirm the results whose appeal window has passed, with a note."""
        overdue = self.sudo().search(
            [
                ("state", "=", "done"),
                ("result_state", "=", "published"),
                ("confirm_deadline", "<", fields.Date.context_today(self)),
            ]
        )
        overdue._confirm_result(auto=True)
        overdue._message_log_batch(
            bodies={
                appraisal.id: escape(
                    self.env._(
                        "Result confirmed automatically: neither confirmed nor "
                        "appealed by %s.",
                        appraisal.confirm_deadline,
                    )
                )
                for appraisal in overdue
            }
        )

    def action_new_appeal(self):
        """Open a new appeal on the appraisal (the employee's)."""
        self.ensure_one()
        if not self._may("appeal"):
            raise UserError(
                self.env._(
                    "You can appeal only your own published result, within the "
                    "appeal window (until %s).",
                    self.confirm_deadline or "-",
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "hr.kpi.appeal",
            "view_mode": "form",
            "context": {"default_appraisal_id": self.id},
        }

    def action_view_appeals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_kpi_appraisal.hr_kpi_appeal_action"
        )
        action["domain"] = [("appraisal_id", "=", self.id)]
        action["context"] = {"default_appraisal_id": self.id}
        return action

    def _reopen_for_appeal(self, state):
        """Take the approved appraisal back to ``state`` for its correction."""
        self.with_context(**{APPEAL_REOPEN_KEY: APPEAL_REOPEN})._set_state(state)

    # ------------------------------------------------------------------
    # Integrations
    # ------------------------------------------------------------------

    @api.model
    def import_actuals(self, rows, dry_run=False):
        """Enter measured values (actuals) from another system, all or nothing.

        ``rows``: ``[{"employee": badge ID (str) or employee id (int), "period":
        "2026-10" (appraisals starting that month) or "2026-10-01" (starting that
        day), "values": {"<indicator code>": value, "<indicator code>.<input
        code>": value}}]``; values as numbers or text such as "25%" or "4.5小时",
        yes/no for a veto. Every row is checked as the import wizard checks a file;
        nothing is written unless all are valid, nor with ``dry_run``. Returns
        ``{"ok": bool, "errors": [{"row": index in rows, "field", "value",
        "reason"}], "updated": number of appraisals written (or that would be)}``.
        """
        importer, import_rows, errors = ActualsImportService.from_api(self, rows)
        source = self.env._("an integration (import_actuals)")
        return importer.run(import_rows, source, dry_run=dry_run, errors=errors)
