from odoo import fields, models


class HrKpiCampaignTemplateOverride(models.Model):
    """A template a campaign uses for one employee or one job instead of the
    job's own template."""

    _name = "hr.kpi.campaign.template.override"
    _description = "KPI Campaign Template Override"
    _order = "campaign_id, employee_id, job_id, id"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "hr.kpi.campaign", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="campaign_id.company_id")
    employee_id = fields.Many2one(
        "hr.employee", check_company=True, help="Takes precedence over a job."
    )
    job_id = fields.Many2one("hr.job")
    template_id = fields.Many2one(
        "hr.kpi.template",
        required=True,
        ondelete="cascade",
        check_company=True,
        domain="[('section_ids', '!=', False)]",
    )

    _sql_constraints = [
        (
            "employee_or_job",
            "CHECK((employee_id IS NULL) != (job_id IS NULL))",
            "An override applies to either one employee or one job.",
        ),
        (
            "employee_unique",
            "UNIQUE(campaign_id, employee_id)",
            "An employee has one template override per campaign.",
        ),
        (
            "job_unique",
            "UNIQUE(campaign_id, job_id)",
            "A job has one template override per campaign.",
        ),
    ]
