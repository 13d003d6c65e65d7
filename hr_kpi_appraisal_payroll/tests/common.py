from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.hr_kpi_appraisal.tests.common import KpiCase

OCT = (date(2026, 10, 1), date(2026, 10, 31))
NOV = (date(2026, 11, 1), date(2026, 11, 30))


class KpiPayrollCase(KpiCase):
    """KpiCase with a salary structure holding the KPI rules and a payroll officer.

    The structure pays BASIC = wage, the shipped KPI_PERF and KPI_AWARD rules
    and GROSS = BASIC + PERF. Appraisals made with ``approve()`` score the
    supervisor's one mark out of 100, so the total score is that mark.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_payroll = new_test_user(
            cls.env,
            "kpi_payroll",
            groups="base.group_user,hr.group_hr_user,payroll.group_payroll_manager",
            name="Payroll Officer",
        )
        Category = cls.env["hr.salary.rule.category"]
        basic = Category.create({"name": "Basic", "code": "BASIC"})
        gross = Category.create({"name": "Gross", "code": "GROSS"})
        rules = cls.env["hr.salary.rule"].create(
            [
                {
                    "name": "Basic Salary",
                    "code": "BASIC",
                    "sequence": 1,
                    "category_id": basic.id,
                    "amount_select": "code",
                    "amount_python_compute": "result = contract.wage",
                },
                {
                    "name": "Gross",
                    "code": "GROSS",
                    "sequence": 100,
                    "category_id": gross.id,
                    "amount_select": "code",
                    "amount_python_compute": "result = categories.BASIC + categories.PERF",
                },
            ]
        )
        cls.structure = cls.env["hr.payroll.structure"].create(
            {
                "name": "客服 salary",
                "code": "CS",
                "parent_id": False,
                "rule_ids": [Command.set(rules.ids)],
            }
        )
        cls.structure.with_user(cls.user_payroll).action_kpi_add_performance_rules()
        cls.contract = cls.env["hr.contract"].search(
            [("employee_id", "=", cls.emp_agent.id)]
        )
        cls.contract.struct_id = cls.structure
        cls.contract_peer = cls.make_contract(cls.emp_peer, wage=4000.0, base=800.0)
        cls.score_template = cls.scored_template("T-PAY-SCORE", cls.pay_rule)

    @classmethod
    def make_contract(cls, employee, wage, base, **values):
        return cls.env["hr.contract"].create(
            {
                "name": f"{employee.name} contract",
                "employee_id": employee.id,
                "wage": wage,
                "kpi_base_type": "fixed",
                "kpi_base_amount": base,
                "date_start": date(2026, 1, 1),
                "state": "open",
                "struct_id": cls.structure.id,
                **values,
            }
        )

    @classmethod
    def scored_template(cls, code, pay_rule, grade_scale=None):
        """A template whose total score is the supervisor's single mark."""
        return cls.env["hr.kpi.template"].create(
            {
                "name": f"{code} 综合评分",
                "code": code,
                "grade_scale_id": (grade_scale or cls.grade_scale).id,
                "pay_rule_id": pay_rule.id,
                "self_review": False,
                "hr_review": True,
                "gm_approval": False,
                "hr_user_id": cls.user_hr.id,
                "section_ids": [
                    Command.create(
                        {
                            "code": "ALL",
                            "name": "综合",
                            "weight": 100.0,
                            "indicator_ids": [
                                Command.create(
                                    {
                                        "code": "SCORE",
                                        "name": "综合得分",
                                        "max_points": 100.0,
                                        "scoring_method": "points",
                                    }
                                )
                            ],
                        }
                    )
                ],
            }
        )

    def approve(
        self,
        score,
        template=None,
        employee=None,
        period=OCT,
        approved_on=None,
        supervisor=None,
        hr_user=None,
    ):
        """An appraisal of ``score`` approved by HR on ``approved_on`` (period end)."""
        date_from, date_to = period
        with freeze_time(approved_on or date_to):
            appraisal = (
                self.env["hr.kpi.appraisal"]
                .with_user(hr_user or self.user_hr)
                .create(
                    {
                        "employee_id": (employee or self.emp_agent).id,
                        "template_id": (template or self.score_template).id,
                        "date_from": date_from,
                        "date_to": date_to,
                    }
                )
            )
            appraisal.action_start()
            as_supervisor = appraisal.with_user(supervisor or self.user_lead)
            as_supervisor.line_ids.manager_value = score
            as_supervisor.action_submit_manager()
            appraisal.action_hr_approve()
        self.assertEqual(appraisal.state, "done")
        return appraisal

    def payslip(self, employee=None, period=OCT, contract=None, **values):
        """A payslip made with create() by the payroll officer (not computed)."""
        employee = employee or self.emp_agent
        if contract is None:
            contract = self.env["hr.contract"].search(
                [("employee_id", "=", employee.id)], order="date_start desc", limit=1
            )
        return (
            self.env["hr.payslip"]
            .with_user(self.user_payroll)
            .create(
                {
                    "employee_id": employee.id,
                    "contract_id": contract.id,
                    "struct_id": self.structure.id,
                    "date_from": period[0],
                    "date_to": period[1],
                    **values,
                }
            )
        )

    def computed_payslip(self, *args, **kwargs):
        slip = self.payslip(*args, **kwargs)
        slip.compute_sheet()
        return slip

    @staticmethod
    def total(slip, code):
        """Sum of the payslip lines of ``code``."""
        return sum(
            slip.line_ids.filtered(lambda line: line.code == code).mapped("total")
        )

    @staticmethod
    def kpi_input(slip, code="KPI_PERF"):
        """The slip's input lines of ``code``, with all their appraisals visible."""
        return slip.input_line_ids.filtered(lambda line: line.code == code).sudo()

    def assertPays(self, slip, perf, award=0.0):
        """The slip's KPI lines hold ``perf`` and ``award``, with one line each."""
        for code, amount in (("KPI_PERF", perf), ("KPI_AWARD", award)):
            lines = slip.line_ids.filtered(lambda line, c=code: line.code == c)
            self.assertEqual(len(lines), 1 if amount else 0, code)
            self.assertAlmostEqual(self.total(slip, code), amount, msg=code)

    @contextmanager
    def assertUserError(self, text):
        """A UserError holding ``text``, its changes rolled back (Odoo's assertRaises)."""
        with self.assertRaises(UserError) as caught:
            yield
        self.assertIn(text, str(caught.exception))
