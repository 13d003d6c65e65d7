from odoo import models
from odoo.exceptions import UserError
from odoo.fields import Command

KPI_RULE_XMLIDS = (
    "hr_kpi_appraisal_payroll.hr_salary_rule_kpi_perf",
    "hr_kpi_appraisal_payroll.hr_salary_rule_kpi_award",
    "hr_kpi_appraisal_payroll.hr_salary_rule_kpi_corr",
    "hr_kpi_appraisal_payroll.hr_salary_rule_kpi_finding",
    "hr_kpi_appraisal_payroll.hr_salary_rule_kpi_level",
    "hr_kpi_appraisal_payroll.hr_salary_rule_kpi_bonus",
)


class HrPayrollStructure(models.Model):
    _inherit = "hr.payroll.structure"

    def action_kpi_add_performance_rules(self):
        """Add the KPI salary rules (KPI_PERF, KPI_AWARD, KPI_CORR, KPI_FINDING,
        KPI_LEVEL, KPI_BONUS) to the structures."""
        rules = self.env["hr.salary.rule"]
        for xmlid in KPI_RULE_XMLIDS:
            rule = self.env.ref(xmlid, raise_if_not_found=False)
            if not rule:
                raise UserError(
                    self.env._(
                        "The salary rule %s was deleted: update the module "
                        "KPI Appraisal - Payroll to restore it.",
                        xmlid,
                    )
                )
            rules |= rule
        self.write({"rule_ids": [Command.link(rule.id) for rule in rules]})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Performance pay rules added to %s salary structure(s).",
                    len(self),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
