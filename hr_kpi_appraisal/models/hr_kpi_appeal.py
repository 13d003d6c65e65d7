from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .hr_kpi_appraisal import HR_STAGES, KPI_TODO

APPEAL_TODO = "hr_kpi_appraisal.mail_activity_type_kpi_appeal"

# The fields people write, and the step of the appeal (its state) in which the
# one whose step it is may write them; every other field changes by actions.
EDITABLE = {
    "appraisal_id": "draft",
    "reason": "draft",
    "line_ids": "draft",
    "attachment_ids": "draft",
    "head_answer": "head",
    "hr_answer": "hr",
    "reopen_state": "hr",
    "obstruction_employee_id": "finding",
    "obstruction_note": "finding",
}
# The result of the appraisal as the appeal records it before and after.
RESULT_FIELDS = ("total_score", "grade_id", "performance_pay", "award_amount")


class HrKpiAppeal(models.Model):
    """An employee's appeal (申诉) against a published result, P08: first to
    the department head, then to HR, whose answer is final."""

    _name = "hr.kpi.appeal"
    _inherit = ["mail.thread", "mail.activity.mixin", "hr.kpi.write.guard"]
    _description = "KPI Appeal"
    _order = "date_filed desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    appraisal_id = fields.Many2one(
        "hr.kpi.appraisal",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('employee_id.user_id', '=', uid), ('result_state', '=', 'published')]",
    )
    employee_id = fields.Many2one(
        related="appraisal_id.employee_id", store=True, index=True
    )
    department_id = fields.Many2one(related="appraisal_id.department_id", store=True)
    campaign_id = fields.Many2one(
        related="appraisal_id.campaign_id", store=True, index=True
    )
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True)
    currency_id = fields.Many2one(related="appraisal_id.currency_id")
    supervisor_id = fields.Many2one(
        related="appraisal_id.manager_id", string="Supervisor"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("head", "With the Department Head"),
            ("hr", "With HR"),
            ("upheld", "Upheld"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    reason = fields.Text(required=True, help="Why you disagree with the result.")
    line_ids = fields.One2many(
        "hr.kpi.appeal.line", "appeal_id", string="Contested Lines"
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    head_user_id = fields.Many2one(
        "res.users", "Department Head", readonly=True, copy=False, index=True
    )
    date_filed = fields.Date("Filed On", readonly=True, copy=False)
    date_to_hr = fields.Date("Passed to HR On", readonly=True, copy=False)
    deadline = fields.Date(
        "Answer By",
        readonly=True,
        copy=False,
        help="The deadline of whoever holds the appeal, in working days.",
    )
    head_answer = fields.Text("Department Head's Answer", tracking=True)
    hr_answer = fields.Text("HR's Answer", tracking=True, help="Final.")
    reopen_state = fields.Selection(
        [("manager_review", "Supervisor Review"), ("hr_review", "HR Review")],
        "Correct In",
        help="The stage an upheld appeal reopens the appraisal at.",
    )
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_decided = fields.Date(readonly=True, copy=False)
    overdue_flagged = fields.Selection(
        [("head", "Head"), ("hr", "HR")],
        readonly=True,
        copy=False,
        help="The step whose lateness was already reported.",
    )
    # the result before the appeal and after its correction
    old_total = fields.Float("Total Before", readonly=True, copy=False)
    old_grade_id = fields.Many2one(
        "hr.kpi.grade", "Grade Before", readonly=True, copy=False
    )
    new_total = fields.Float("Total After", readonly=True, copy=False)
    new_grade_id = fields.Many2one(
        "hr.kpi.grade", "Grade After", readonly=True, copy=False
    )
    old_pay = fields.Monetary(
        "Pay Before",
        readonly=True,
        copy=False,
        groups="hr_kpi_appraisal.group_kpi_hr",
        help="Performance pay and fixed award before the appeal.",
    )
    new_pay = fields.Monetary(
        "Pay After", readonly=True, copy=False, groups="hr_kpi_appraisal.group_kpi_hr"
    )
    paid_amount = fields.Monetary(
        "Already Paid",
        readonly=True,
        copy=False,
        groups="hr_kpi_appraisal.group_kpi_hr",
        help="The pay of the old result, when a confirmed payslip had paid it.",
    )
    correction_amount = fields.Monetary(
        "Pay Correction",
        readonly=True,
        copy=False,
        groups="hr_kpi_appraisal.group_kpi_hr",
        help="Owed on the next payslip: pay after less what was already paid.",
    )
    date_corrected = fields.Date("Corrected On", readonly=True, copy=False)
    # P08: a manager who obstructs the appeal or retaliates loses half the bonus
    obstruction_employee_id = fields.Many2one(
        "hr.employee",
        "Obstructed or Retaliated",
        check_company=True,
        help="The manager HR found to obstruct the appeal or to retaliate.",
    )
    obstruction_note = fields.Text("Finding")
    obstruction_adjustment_id = fields.Many2one(
        "hr.kpi.adjustment", "Adjustment of the Finding", readonly=True, copy=False
    )
    # what the current user may do
    can_edit = fields.Boolean(compute="_compute_user_rights")
    can_answer_head = fields.Boolean(compute="_compute_user_rights")
    can_answer_hr = fields.Boolean(compute="_compute_user_rights")
    can_escalate = fields.Boolean(compute="_compute_user_rights")
    can_record_finding = fields.Boolean(compute="_compute_user_rights")

    @api.depends("appraisal_id.name")
    def _compute_name(self):
        for appeal in self:
            appeal.name = appeal.appraisal_id.name

    @api.depends_context("uid")
    @api.depends("state", "head_user_id", "appraisal_id")
    def _compute_user_rights(self):
        for appeal in self:
            appeal.can_edit = appeal._may("draft")
            appeal.can_answer_head = appeal._may("head")
            appeal.can_answer_hr = appeal._may("hr")
            appeal.can_escalate = appeal._may("escalate")
            appeal.can_record_finding = appeal._may("finding")

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------

    def _is_party(self):
        """Whether the user is the appraised employee or the supervisor who
        scored: neither rules on the appeal."""
        appraisal = self.appraisal_id.sudo()
        return self.env.user in (
            appraisal.employee_id.user_id | appraisal.manager_id.user_id
        )

    def _may(self, step):
        """Whether the current user acts in ``step`` of the appeal now."""
        self.ensure_one()
        if self.env.su:
            return True
        user = self.env.user
        own = self.appraisal_id.sudo().employee_id.user_id == user
        if step == "draft":
            return self.state == "draft" and own
        if step == "escalate":
            deadline = self.appraisal_id.sudo().confirm_deadline
            return (
                self.state == "rejected"
                and not self.hr_answer
                and own
                and bool(deadline)
                and fields.Date.context_today(self) <= deadline
            )
        if self._is_party():
            return False
        if step == "head":
            return self.state == "head" and self.head_user_id == user
        hr = user.has_group("hr_kpi_appraisal.group_kpi_hr")
        if step == "hr":
            return self.state == "hr" and hr
        if step == "finding":
            return self.state != "draft" and hr and not self.obstruction_adjustment_id
        return False

    def _ensure(self, step):
        for appeal in self:
            if not appeal._may(step):
                raise AccessError(
                    self.env._(
                        "You cannot do this on the appeal %(appeal)s: %(rule)s",
                        appeal=appeal.display_name,
                        rule=appeal._right_description(step),
                    )
                )

    def _right_description(self, step):
        return self.env._(
            "only the employee edits and files a draft, the department head and "
            "then HR answer it in turn, and nobody rules on their own appraisal "
            "or their own scoring."
        )

    # ------------------------------------------------------------------
    # Writes (see hr.kpi.write.guard)
    # ------------------------------------------------------------------

    @api.model
    def _kpi_field_rights(self):
        return EDITABLE

    def _kpi_appraisals(self):
        """The appeal's own steps govern it and its lines."""
        return self

    def _kpi_check_fields(self, field_names, rights=(), appraisals=None):
        """Raise unless the user may write ``field_names`` in the appeal's
        current step (and act in ``rights`` steps)."""
        if self._kpi_is_system():
            return
        names = set(field_names) - self._kpi_free_fields()
        fixed = names - set(EDITABLE)
        if fixed:
            raise AccessError(
                self.env._(
                    "%s of an appeal change only through its actions.",
                    self._kpi_labels(fixed),
                )
            )
        steps = {EDITABLE[name] for name in names} | set(rights)
        for appeal in self if appraisals is None else appraisals:
            for step in steps:
                appeal._ensure(step)

    @api.model
    def _kpi_check_create(self, vals_list, appraisals):
        """The employee drafts appeals on their own published results."""
        if self._kpi_is_system():
            return
        drafted = {name for name, step in EDITABLE.items() if step == "draft"}
        for vals in vals_list:
            given = {name for name, value in vals.items() if value}
            fixed = given - drafted - self._kpi_free_fields()
            appraisal = self.env["hr.kpi.appraisal"].browse(vals.get("appraisal_id"))
            if fixed or not appraisal.exists() or not appraisal._may("appeal"):
                raise AccessError(
                    self.env._(
                        "Only the employee appeals their own published result, "
                        "within the appeal window."
                    )
                )

    def _kpi_check_unlink(self):
        self._kpi_check_fields((), rights={"draft"})

    @api.model_create_multi
    def create(self, vals_list):
        self._kpi_check_new(vals_list, None)
        return super().create(vals_list)

    @api.constrains("line_ids", "appraisal_id")
    def _check_lines(self):
        for appeal in self:
            if appeal.line_ids.appraisal_line_id.appraisal_id - appeal.appraisal_id:
                raise UserError(
                    self.env._("An appeal contests lines of its own appraisal only.")
                )

    # ------------------------------------------------------------------
    # The path: employee -> department head -> HR
    # ------------------------------------------------------------------

    def action_submit(self):
        """File the appeal: within the window, on lines not contested before."""
        self._ensure("draft")
        for appeal in self:
            appraisal = appeal.appraisal_id
            if not appraisal._may("appeal"):
                raise UserError(
                    self.env._(
                        "%(appraisal)s can no longer be appealed: the appeal window "
                        "ended on %(deadline)s, or the result is not published.",
                        appraisal=appraisal.display_name,
                        deadline=appraisal.confirm_deadline or "-",
                    )
                )
            if not appeal.line_ids:
                raise UserError(self.env._("Name the lines you contest."))
            earlier = appraisal.sudo().appeal_ids.filtered(
                lambda a, appeal=appeal: a != appeal and a.state != "draft"
            )
            twice = appeal.line_ids.appraisal_line_id & (
                earlier.line_ids.appraisal_line_id
            )
            if twice:
                raise UserError(
                    self.env._(
                        "You already appealed %s.",
                        ", ".join(twice.mapped("name")),
                    )
                )
        today = fields.Date.context_today(self)
        for appeal in self._kpi_system():
            head = appeal._department_head()
            appeal.write(
                {
                    "state": "head" if head else "hr",
                    "head_user_id": head.id,
                    "date_filed": today,
                    "date_to_hr": False if head else today,
                    "deadline": appeal._answer_deadline(today),
                }
            )
            appeal.appraisal_id.activity_unlink([KPI_TODO])
            appeal.appraisal_id.write({"result_state": "appealed"})
            appeal._ask_to_answer()
        return True

    def action_pass_to_hr(self):
        """The department head cannot resolve it: HR answers (final)."""
        self._ensure("head")
        self._to_hr()
        return True

    def action_escalate(self):
        """The employee takes the head's refusal to HR, within the window."""
        self._ensure("escalate")
        for appeal in self._kpi_system():
            appeal.appraisal_id.activity_unlink([KPI_TODO])
            appeal.appraisal_id.write({"result_state": "appealed"})
        self._to_hr()
        return True

    def _to_hr(self):
        today = fields.Date.context_today(self)
        for appeal in self._kpi_system():
            appeal.activity_unlink([APPEAL_TODO])
            appeal.write(
                {
                    "state": "hr",
                    "date_to_hr": today,
                    "deadline": appeal._answer_deadline(today),
                }
            )
            appeal._ask_to_answer()

    def action_reject(self):
        """Refuse the appeal with the answer given: the result stands. The
        head's refusal leaves the employee the rest of the window to take it
        to HR; HR's is final and confirms the result."""
        for appeal in self:
            step = appeal.state
            if step not in ("head", "hr"):
                raise UserError(
                    self.env._("%s is not waiting for an answer.", appeal.display_name)
                )
            appeal._ensure(step)
            answer = appeal.head_answer if step == "head" else appeal.hr_answer
            if not answer:
                raise UserError(self.env._("Tell the employee why: write the answer."))
            appeal._decide("rejected")
            appraisal = appeal.appraisal_id
            if step == "hr":
                appraisal._confirm_result(auto=False)
            else:
                appraisal._kpi_system().write({"result_state": "published"})
            appeal._tell_employee(
                self.env._("Your appeal was rejected: %s", answer),
            )
        return True

    def action_uphold(self):
        """HR finds the appeal right: the appraisal reopens at the chosen stage
        for its correction, with the old result recorded."""
        self._ensure("hr")
        for appeal in self:
            if not appeal.hr_answer or not appeal.reopen_state:
                raise UserError(
                    self.env._(
                        "Write the answer and choose the stage where the appraisal "
                        "is corrected."
                    )
                )
            appraisal = appeal.appraisal_id.sudo()
            old_pay = appraisal.performance_pay + appraisal.award_amount
            appeal._kpi_system().write(
                {
                    "old_total": appraisal.total_score,
                    "old_grade_id": appraisal.grade_id.id,
                    "old_pay": old_pay,
                    "paid_amount": old_pay if appraisal.paid else 0.0,
                }
            )
            appeal._decide("upheld")
            appraisal._reopen_for_appeal(appeal.reopen_state)
            appraisal.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Reopened for correction: appeal %(appeal)s was upheld.",
                    appeal=appeal._get_html_link(),
                ),
                subtype_xmlid="mail.mt_note",
            )
            appeal._tell_employee(
                self.env._("Your appeal was upheld: %s", appeal.hr_answer),
            )
        return True

    def _decide(self, state):
        self.sudo().activity_unlink([APPEAL_TODO])
        self._kpi_system().write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Date.context_today(self),
            }
        )

    def _record_corrections(self):
        """On re-approval after an upheld appeal: record the new result and
        the pay owed, and show both in the appraisal's chatter. HR's answer
        being final, the new result is confirmed."""
        appeals = self.sudo().filtered(
            lambda a: a.state == "upheld" and not a.date_corrected
        )
        for appeal in appeals._kpi_system():
            appraisal = appeal.appraisal_id
            new_pay = appraisal.performance_pay + appraisal.award_amount
            owed = new_pay - appeal.paid_amount if appraisal.paid else 0.0
            appeal.write(
                {
                    "new_total": appraisal.total_score,
                    "new_grade_id": appraisal.grade_id.id,
                    "new_pay": new_pay,
                    "correction_amount": appraisal.currency_id.round(owed),
                    "date_corrected": fields.Date.context_today(self),
                }
            )
            appraisal._confirm_result(auto=False)
            appraisal.message_post(
                body=appeal._correction_summary(),
                subtype_xmlid="mail.mt_note",
            )

    def _correction_summary(self):
        """Old and new total, grade and pay, and the appeal, as HTML."""
        self.ensure_one()
        currency = self.currency_id

        def money(amount):
            return f"{currency.symbol or ''}{amount:,.2f}"

        def grade(record):
            return f"{record.code} {record.name}" if record else "-"

        rows = [
            (self.env._("Total"), f"{self.old_total:.2f}", f"{self.new_total:.2f}"),
            (self.env._("Grade"), grade(self.old_grade_id), grade(self.new_grade_id)),
            (self.env._("Pay"), money(self.old_pay), money(self.new_pay)),
        ]
        table = Markup("").join(Markup("<li>%s: %s → %s</li>") % row for row in rows)
        return Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "Corrected after appeal %(appeal)s and approved again.",
                appeal=self._get_html_link(),
            ),
            table,
        )

    def action_record_obstruction(self):
        """HR's finding that a manager obstructed the appeal or retaliated
        (P08): the appeal policy's adjustment (P08: half the bonus) on that
        manager's appraisal of the period, while HR can still adjust it."""
        self._ensure("finding")
        p08 = self.env.ref("hr_kpi_appraisal.kpi_adjustment_type_p08")
        for appeal in self:
            policy = appeal.appraisal_id.sudo().template_id.appeal_policy_id
            adjustment_type = policy.obstruction_type_id or p08
            manager = appeal.obstruction_employee_id
            if not manager or not appeal.obstruction_note:
                raise UserError(
                    self.env._("Name the manager and describe the finding.")
                )
            appraisal = appeal.appraisal_id.sudo()
            target = appraisal.search(
                [
                    ("employee_id", "=", manager.id),
                    ("date_from", "<=", appraisal.date_to),
                    ("date_to", ">=", appraisal.date_from),
                    ("state", "in", HR_STAGES),
                ],
                limit=1,
            )
            if not target:
                raise UserError(
                    self.env._(
                        "%(manager)s has no appraisal of %(date_from)s – %(date_to)s "
                        "that HR can still adjust (up to HR Review).",
                        manager=manager.name,
                        date_from=appraisal.date_from,
                        date_to=appraisal.date_to,
                    )
                )
            adjustment = (
                self.env["hr.kpi.adjustment"]
                ._kpi_system()
                .create(
                    {
                        "appraisal_id": target.id,
                        "type_id": adjustment_type.id,
                        "note": appeal.display_name,
                    }
                )
            )
            appeal._kpi_system().write({"obstruction_adjustment_id": adjustment.id})
            target.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "%(type)s after appeal %(appeal)s: %(finding)s",
                    type=adjustment_type.name,
                    appeal=appeal._get_html_link(),
                    finding=appeal.obstruction_note,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Helpers: who answers, by when
    # ------------------------------------------------------------------

    def _department_head(self):
        """Who answers first: the department manager, or the supervisor's own
        supervisor (the template says which); never a party to the appraisal."""
        appraisal = self.appraisal_id.sudo()
        department_head = appraisal.department_id.manager_id.user_id
        parent = appraisal.manager_id.parent_id.user_id
        candidates = (
            [department_head, parent]
            if appraisal.template_id.appeal_head == "department"
            else [parent, department_head]
        )
        parties = appraisal.employee_id.user_id | appraisal.manager_id.user_id
        return next(
            (user for user in candidates if user and user not in parties),
            self.env["res.users"],
        )

    def _answer_deadline(self, start):
        appraisal = self.appraisal_id.sudo()
        return appraisal.company_id._kpi_add_working_days(
            start, appraisal.template_id.appeal_answer_days
        )

    def _actor(self):
        """Who answers the appeal now."""
        if self.state == "head":
            return self.head_user_id
        if self.state == "hr":
            return self.appraisal_id.sudo().hr_user_id
        return self.env["res.users"]

    def _ask_to_answer(self):
        user = self._actor()
        if user:
            self.activity_schedule(
                APPEAL_TODO,
                date_deadline=self.deadline,
                summary=self.env._("Answer the appeal"),
                user_id=user.id,
            )

    def _tell_employee(self, text):
        partner = self.employee_id.sudo().user_id.partner_id
        self.message_post(
            body=Markup("<p>%s</p>") % text,
            partner_ids=partner.ids,
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _cron_flag_overdue(self):
        """A to-do for the one above whoever let an appeal pass its deadline:
        HR for a late department head, the approver for late HR."""
        late = self.sudo().search(
            [
                ("state", "in", ("head", "hr")),
                ("deadline", "<", fields.Date.context_today(self)),
            ]
        )
        for appeal in late.filtered(lambda a: a.overdue_flagged != a.state):
            appraisal = appeal.appraisal_id
            above = (
                appraisal.hr_user_id
                if appeal.state == "head"
                else appraisal.approver_user_id
            )
            if above:
                appeal.activity_schedule(
                    APPEAL_TODO,
                    summary=self.env._("Overdue appeal: see that it is answered"),
                    user_id=above.id,
                )
            appeal._kpi_system().write({"overdue_flagged": appeal.state})
