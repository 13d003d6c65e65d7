from odoo import fields, models
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)

EXCLUSION_REASONS = [
    ("no_template", "No template"),
    ("already_appraised", "Already appraised"),
    ("absent_whole_period", "Absent the whole period"),
    ("absent_over_two_months", "Absent over two months"),
    ("min_attendance", "Under the minimum attendance"),
]
# The note of each reason, with the params the campaign gives (engine.exclusion).
EXCLUSION_NOTES = {
    "no_template": _lt(
        "No usable template for the job “%(job)s”: link one to the job or add an "
        "override."
    ),
    "already_appraised": _lt("Already has the appraisal “%(appraisal)s”."),
    "absent_whole_period": _lt("No attendance day out of %(scheduled)s working days."),
    "absent_over_two_months": _lt(
        "Absent %(absent)s working days, more than the %(limit)s of two months."
    ),
    "min_attendance": _lt(
        "%(days)s attendance days, under the %(minimum)s the template requires."
    ),
}


class HrKpiCampaignExclusion(models.Model):
    """An employee in a campaign's scope who gets no appraisal, and why."""

    _name = "hr.kpi.campaign.exclusion"
    _description = "KPI Campaign Exclusion"
    _order = "campaign_id, reason, employee_id"
    _rec_name = "employee_id"

    campaign_id = fields.Many2one(
        "hr.kpi.campaign", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="cascade"
    )
    department_id = fields.Many2one(related="employee_id.department_id")
    job_id = fields.Many2one(related="employee_id.job_id")
    template_id = fields.Many2one("hr.kpi.template", ondelete="set null")
    reason = fields.Selection(EXCLUSION_REASONS, required=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "employee_unique",
            "UNIQUE(campaign_id, employee_id)",
            "An employee is excluded once per campaign.",
        ),
    ]
