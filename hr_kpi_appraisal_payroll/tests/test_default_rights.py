from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.hr_kpi_appraisal.tests.common import KpiCase

from ..hooks import post_init_hook

#: Rights that a new internal user must not get from the default-user template.
PRIVILEGED = (
    "payroll.group_payroll_user",
    "payroll.group_payroll_manager",
    "hr_contract.group_hr_contract_manager",
    "hr.group_hr_manager",
)
#: The demo users' groups, as the README's demo table gives them (and the groups
#: these imply).
DEMO_USERS = {
    "gm": ["hr_kpi_appraisal.group_kpi_approver"],
    "hr": [
        "hr_kpi_appraisal.group_kpi_hr",
        "hr.group_hr_user",
        "hr_contract.group_hr_contract_manager",
    ],
    "lead": ["hr_kpi_appraisal.group_kpi_supervisor"],
    "lead2": ["hr_kpi_appraisal.group_kpi_supervisor"],
    "agent": [],
    "agent2": [],
}


@tagged("post_install", "-at_install")
class TestDefaultRights(KpiCase):
    """With OCA payroll, a new agent still reads no wage and no payslip."""

    def groups(self, *xmlids):
        return self.env["res.groups"].union(*(self.env.ref(x) for x in xmlids))

    def assert_not_privileged(self, user):
        for xmlid in PRIVILEGED:
            self.assertFalse(user.has_group(xmlid), f"{user.login}: {xmlid}")
        contract = self.env["hr.contract"].search(
            [("employee_id", "=", self.emp_agent.id)]
        )
        self.assertTrue(contract)
        with self.assertRaises(AccessError):
            contract.with_user(user).read(["wage"])
        with self.assertRaises(AccessError):
            self.env["hr.payslip"].with_user(user).search_count([])

    def test_template_has_no_privileged_group(self):
        template = self.env.ref("base.default_user")
        self.assertTrue(template.has_group("base.group_user"))
        self.assertFalse(template.groups_id & self.groups(*PRIVILEGED))

    def test_new_user_from_the_template(self):
        """A user made with the default groups (the user form, invitations)."""
        user = self.env["res.users"].create({"name": "新客服", "login": "kpi_new"})
        self.assertTrue(user._is_internal())
        self.assert_not_privileged(user)

    def test_new_user_with_employee_group(self):
        user = self.env["res.users"].create(
            {
                "name": "新客服",
                "login": "kpi_new",
                "groups_id": [Command.set(self.groups("base.group_user").ids)],
            }
        )
        self.assert_not_privileged(user)

    def test_existing_rights_are_kept(self):
        """The hook changes the template only: users keep the rights they have."""
        manager = self.env["res.users"].create(
            {
                "name": "薪资专员",
                "login": "kpi_payroll_manager",
                "groups_id": [
                    Command.set(self.groups("payroll.group_payroll_manager").ids)
                ],
            }
        )
        users = self.env["res.users"].search([("share", "=", False)])
        before = {user: user.groups_id for user in users}
        post_init_hook(self.env)
        self.assertEqual({user: user.groups_id for user in users}, before)
        self.assertTrue(manager.has_group("payroll.group_payroll_manager"))

    def test_demo_users(self):
        users = {
            key: self.env.ref(
                f"hr_kpi_appraisal.kpi_demo_user_{key}", raise_if_not_found=False
            )
            for key in DEMO_USERS
        }
        if not any(users.values()):
            self.skipTest("no demo data")
        for key, xmlids in DEMO_USERS.items():
            expected = self.groups("base.group_user", *xmlids)
            expected |= expected.trans_implied_ids
            groups = users[key].groups_id
            difference = ((groups - expected) | (expected - groups)).mapped("full_name")
            self.assertEqual(groups, expected, f"{key}: {sorted(difference)}")
        for key in ("gm", "lead", "lead2", "agent", "agent2"):
            self.assert_not_privileged(users[key])
