"""Install hook: new internal users get no payroll, contract or HR admin rights.

OCA ``payroll`` adds its manager group to the default-user template
(``base.default_user``), whose groups every new internal user receives; Odoo's
Employees and Contracts apps add their administrator groups to it too. With
payroll installed that lets every new agent read every contract's wage and
every payslip. The hook takes these groups off the template. It leaves the
existing users alone: users made while the template carried them, and every
internal user of the database when OCA ``payroll`` was installed, keep the
rights and are for HR to review (see the README).
"""

import logging

from odoo.fields import Command

from odoo.addons.hr_kpi_appraisal.demo.appraisals import reset_demo_user_groups

_logger = logging.getLogger(__name__)

#: Groups taken off the default-user template, with the groups they imply that
#: the template's other groups do not imply.
TEMPLATE_GROUPS_REMOVED = (
    "payroll.group_payroll_manager",
    "payroll.group_payroll_user",
    "hr_contract.group_hr_contract_manager",
    "hr_contract.group_hr_contract_employee_manager",
    "hr.group_hr_manager",
)


def restrict_default_user_template(env):
    """Take TEMPLATE_GROUPS_REMOVED off ``base.default_user``; returns the groups
    taken off."""
    template = env.ref("base.default_user", raise_if_not_found=False)
    if not template:
        return env["res.groups"]
    removed = env["res.groups"].union(
        *(env.ref(xmlid, raise_if_not_found=False) for xmlid in TEMPLATE_GROUPS_REMOVED)
    )
    template = template.sudo().with_context(active_test=False)
    kept = template.groups_id - removed - removed.trans_implied_ids
    kept |= kept.trans_implied_ids
    dropped = template.groups_id - kept
    if dropped:
        # only removals: nothing spreads to the existing users
        template.write({"groups_id": [Command.unlink(group.id) for group in dropped]})
        _logger.info(
            "Default user template: removed the groups %s",
            ", ".join(dropped.mapped("full_name")),
        )
    return dropped


def post_init_hook(env):
    restrict_default_user_template(env)
    # OCA payroll's template groups spread to the users that existed before it,
    # the demo users among them: give those exactly their own groups again
    reset_demo_user_groups(env)
