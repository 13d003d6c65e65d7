import re
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import NOV, OCT, KpiPayrollCase


@tagged("post_install", "-at_install")
class TestPayslipFlows(KpiPayrollCase):
    # ------------------------------------------------------------------
    # The three ways a payslip is made
    # ------------------------------------------------------------------

    def test_payslip_from_form(self):
        appraisal = self.approve(85)  # tiers: 70-90 pays score% -> 850
        payslips = self.env["hr.payslip"].with_user(self.user_payroll)
        payslips = payslips.with_context(
            default_date_from=OCT[0], default_date_to=OCT[1]
        )
        with Form(payslips) as form:
            form.employee_id = self.emp_agent
            self.assertEqual(form.contract_id, self.contract)
            self.assertEqual(form.struct_id, self.structure)
            shown = {
                line["code"]: line["amount"] for line in form.input_line_ids._records
            }
            self.assertEqual(
                shown,
                {
                    "KPI_PERF": 850.0,
                    "KPI_AWARD": 0.0,
                    "KPI_CORR": 0.0,
                    "KPI_FINDING": 0.0,
                    "KPI_LEVEL": 0.0,
                    "KPI_BONUS": 0.0,
                    "KPI_BONUS_BLOCK": 0.0,
                },
            )
        slip = form.record
        self.assertEqual(self.kpi_input(slip).kpi_appraisal_ids, appraisal)
        slip.compute_sheet()
        self.assertPays(slip, 850.0)
        self.assertEqual(self.total(slip, "GROSS"), 5850.0)
        slip.action_payslip_done()
        self.assertTrue(appraisal.paid)
        self.assertEqual(appraisal.sudo().payslip_id, slip)

    def test_payslip_from_create_and_compute(self):
        appraisal = self.approve(92)  # >= 90: full performance wage
        slip = self.payslip()
        self.assertEqual(self.kpi_input(slip).amount, 1000.0)
        self.assertEqual(self.kpi_input(slip).contract_id, self.contract)
        self.assertEqual(len(self.kpi_input(slip, "KPI_AWARD")), 1)
        slip.compute_sheet()
        self.assertPays(slip, 1000.0)
        line = slip.line_ids.filtered(lambda line: line.code == "KPI_PERF")
        self.assertEqual(line.category_id.code, "PERF")
        self.assertFalse(appraisal.paid, "paid only once the payslip is confirmed")

    def test_payslip_from_batch_wizard(self):
        self.approve(85)
        self.approve(75, employee=self.emp_peer)  # 75% of 800
        run = (
            self.env["hr.payslip.run"]
            .with_user(self.user_payroll)
            .create({"name": "2026-10", "date_start": OCT[0], "date_end": OCT[1]})
        )
        wizard = (
            self.env["hr.payslip.employees"]
            .with_user(self.user_payroll)
            .create(
                {"employee_ids": [Command.set((self.emp_agent | self.emp_peer).ids)]}
            )
        )
        Employee = type(self.env["hr.employee"])
        with patch.object(
            Employee, "_kpi_payable", autospec=True, side_effect=Employee._kpi_payable
        ) as payable:
            wizard.with_context(active_id=run.id).compute_sheet()
        self.assertEqual(payable.call_count, 1, "one search for the whole batch")
        slips = run.slip_ids
        self.assertEqual(len(slips), 2)
        by_employee = {slip.employee_id: slip for slip in slips}
        self.assertPays(by_employee[self.emp_agent], 850.0)
        self.assertPays(by_employee[self.emp_peer], 600.0)
        for slip in slips:
            self.assertEqual(len(self.kpi_input(slip)), 1)

    # ------------------------------------------------------------------
    # Approval dates and recompute
    # ------------------------------------------------------------------

    def test_approval_after_slip_then_recompute(self):
        slip = self.computed_payslip()
        self.assertEqual(self.kpi_input(slip).amount, 0.0)
        self.assertPays(slip, 0.0)
        appraisal = self.approve(85, approved_on=date(2026, 10, 30))
        slip.compute_sheet()  # the slip waits for verification: refreshed
        self.assertEqual(slip.state, "verify")
        self.assertEqual(self.kpi_input(slip).kpi_appraisal_ids, appraisal)
        self.assertPays(slip, 850.0)

    def test_late_approval_paid_on_next_slip(self):
        appraisal = self.approve(85, approved_on=date(2026, 11, 5))
        self.assertEqual(appraisal.pay_date, date(2026, 11, 5))
        october = self.computed_payslip()
        self.assertPays(october, 0.0)
        october.action_payslip_done()
        self.assertFalse(appraisal.paid)
        november = self.computed_payslip(period=NOV)
        self.assertPays(november, 850.0)
        november.action_payslip_done()
        self.assertEqual(appraisal.sudo().payslip_id, november)

    def test_done_payslip_untouched(self):
        first = self.approve(85)
        slip = self.computed_payslip()
        slip.action_payslip_done()
        self.assertEqual((first.paid, first.sudo().payslip_id), (True, slip))
        # another appraisal of the same period is approved after the payslip
        second = self.approve(
            95,
            template=self.scored_template("T-PAY-SCORE-2", self.pay_rule),
            approved_on=date(2026, 10, 31),
        )
        slip._kpi_refresh_inputs()
        slip.invalidate_recordset()
        self.assertEqual(self.kpi_input(slip).amount, 850.0)
        self.assertEqual(self.kpi_input(slip).kpi_appraisal_ids, first)
        self.assertPays(slip, 850.0)
        self.assertFalse(second.paid)
        november = self.computed_payslip(period=NOV)
        self.assertPays(november, 1000.0)
        self.assertEqual(self.kpi_input(november).kpi_appraisal_ids, second)

    def test_confirm_recomputes_then_links(self):
        slip = self.computed_payslip()
        appraisal = self.approve(85)
        slip.action_payslip_done()  # OCA recomputes the sheet on confirm
        self.assertPays(slip, 850.0)
        self.assertEqual(appraisal.sudo().payslip_id, slip)

    def test_paid_appraisal_cannot_be_reopened(self):
        """Paid or not, only an upheld appeal reopens an approved appraisal
        (before appeals, cancelling the payslip allowed it)."""
        appraisal = self.approve(85)
        slip = self.computed_payslip()
        slip.action_payslip_done()
        with self.assertUserError("only an appeal upheld by HR reopens it"):
            appraisal._kpi_system().write({"state": "manager_review"})
        self.env["ir.config_parameter"].sudo().set_param(
            "payroll.allow_cancel_payslips", True
        )
        slip.action_payslip_cancel()
        self.assertFalse(appraisal.paid)
        self.assertFalse(appraisal.sudo().payslip_id)
        with self.assertUserError("only an appeal upheld by HR reopens it"):
            appraisal._kpi_system().write({"state": "manager_review"})
        self.assertEqual(appraisal.state, "done")

    def test_paid_changes_are_noted(self):
        """Each change of ``paid`` by payroll leaves a note naming the payslip."""
        appraisal = self.approve(85)
        slip = self.computed_payslip()
        slip.action_payslip_done()
        self.env["ir.config_parameter"].sudo().set_param(
            "payroll.allow_cancel_payslips", True
        )
        slip.action_payslip_cancel()
        self.assertFalse(appraisal.paid)
        corrected = self.computed_payslip()
        corrected.action_payslip_done()
        corrected.refund_sheet()
        self.assertFalse(appraisal.paid)
        messages = appraisal.sudo().message_ids.filtered(
            lambda m: "payslip" in (m.body or "")
        )
        self.assertEqual(
            [re.sub(r"<[^>]+>", "", m.body) for m in messages],
            [
                f"No longer paid: payslip {corrected.number} was refunded.",
                f"Paid on payslip {corrected.number}.",
                f"No longer paid: payslip {slip.number} was cancelled.",
                f"Paid on payslip {slip.number}.",
            ],
        )
        self.assertIn(f'data-oe-id="{slip.id}"', messages[-1].body)
        self.assertEqual(messages.author_id, slip.env.user.partner_id, "who acted")

    def test_cancel_draft_payslip(self):
        appraisal = self.approve(85)
        slip = self.computed_payslip()
        slip.action_payslip_cancel()
        self.assertFalse(appraisal.paid)
        self.assertPays(self.computed_payslip(), 850.0)

    def test_refund(self):
        appraisal = self.approve(85)
        slip = self.computed_payslip()
        slip.action_payslip_done()
        slip.refund_sheet()
        refund = slip.refunded_id
        self.assertTrue(refund.credit_note)
        self.assertEqual(refund.state, "done")
        self.assertPays(refund, 850.0)
        self.assertEqual(self.kpi_input(refund).amount, 850.0)
        # the pay went back: the appraisal is payable again on a corrected slip
        self.assertFalse(appraisal.paid)
        self.assertFalse(appraisal.sudo().payslip_id)
        corrected = self.computed_payslip()
        self.assertPays(corrected, 850.0)
        corrected.action_payslip_done()
        self.assertEqual(appraisal.sudo().payslip_id, corrected)

    def test_duplicate_payslip_has_one_input_per_code(self):
        self.approve(85)
        copy = self.computed_payslip().copy()
        self.assertEqual(len(self.kpi_input(copy)), 1)
        self.assertEqual(self.kpi_input(copy).amount, 850.0)

    # ------------------------------------------------------------------
    # Two contracts in one period
    # ------------------------------------------------------------------

    def _two_contracts(self):
        employee = self.env["hr.employee"].create(
            {"name": "陈静", "parent_id": self.emp_lead.id}
        )
        first = self.make_contract(
            employee, wage=4000.0, base=800.0, date_end=date(2026, 10, 15)
        )
        second = self.make_contract(
            employee, wage=5000.0, base=1000.0, date_start=date(2026, 10, 16)
        )
        return employee, first, second

    def test_two_contracts_one_payslip(self):
        employee, first, second = self._two_contracts()
        appraisal = self.approve(85, employee=employee)  # base of the running contract
        self.assertEqual(appraisal.performance_base, 1000.0)
        slip = self.computed_payslip(
            employee=employee, contract=self.env["hr.contract"]
        )
        self.assertEqual(
            slip.line_ids.filtered(lambda line: line.code == "BASIC").contract_id,
            first | second,
        )
        self.assertEqual(self.kpi_input(slip).contract_id, first)
        self.assertPays(slip, 850.0)
        self.assertEqual(self.total(slip, "BASIC"), 9000.0)

    def test_two_contracts_two_payslips_no_double_pay(self):
        employee, first, second = self._two_contracts()
        appraisal = self.approve(85, employee=employee)
        slip_1 = self.computed_payslip(employee=employee, contract=first)
        slip_2 = self.computed_payslip(employee=employee, contract=second)
        # both drafts show the pay; the first confirmed pays it
        self.assertPays(slip_2, 850.0)
        self.env["ir.config_parameter"].sudo().set_param(
            "payroll.prevent_compute_on_confirm", True
        )
        slip_1.action_payslip_done()
        self.assertEqual(appraisal.sudo().payslip_id, slip_1)
        with self.assertUserError("Compute the sheet again"):
            slip_2.action_payslip_done()
        self.env["ir.config_parameter"].sudo().set_param(
            "payroll.prevent_compute_on_confirm", False
        )
        slip_2.invalidate_recordset(["prevent_compute_on_confirm"])
        slip_2.action_payslip_done()
        self.assertPays(slip_2, 0.0)
        self.assertEqual(appraisal.sudo().payslip_id, slip_1)

    def test_two_payslips_computed_together(self):
        employee, first, second = self._two_contracts()
        appraisal = self.approve(85, employee=employee)
        slips = self.payslip(employee=employee, contract=first) | self.payslip(
            employee=employee, contract=second
        )
        slips.compute_sheet()
        self.assertEqual(sum(self.total(slip, "KPI_PERF") for slip in slips), 850.0)
        self.assertEqual(
            (slips.input_line_ids.sudo().kpi_appraisal_ids), appraisal, "one slip only"
        )

    # ------------------------------------------------------------------
    # Companies, structures, contracts
    # ------------------------------------------------------------------

    def test_multi_company(self):
        company_b = self.env["res.company"].create({"name": "客服二公司"})
        user_b = new_test_user(
            self.env,
            "kpi_hr_b",
            groups="base.group_user,hr_kpi_appraisal.group_kpi_hr",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.user_payroll.company_ids |= company_b
        employee_b = self.env["hr.employee"].create(
            {"name": "刘洋", "company_id": company_b.id}
        )
        self.env["hr.contract"].with_company(company_b).create(
            {
                "name": "刘洋 contract",
                "employee_id": employee_b.id,
                "company_id": company_b.id,
                "wage": 3000.0,
                "kpi_base_amount": 500.0,
                "date_start": date(2026, 1, 1),
                "state": "open",
                "struct_id": self.structure.id,
            }
        )
        appraisal_b = self.approve(
            85, employee=employee_b, supervisor=user_b, hr_user=user_b
        )
        self.assertEqual(appraisal_b.company_id, company_b)
        self.approve(85)  # company A's agent
        officer = self.env["hr.payslip"].with_user(self.user_payroll)
        officer = officer.with_context(
            allowed_company_ids=(self.company | company_b).ids
        )
        slip_b = officer.create(
            {
                "employee_id": employee_b.id,
                "struct_id": self.structure.id,
                "date_from": OCT[0],
                "date_to": OCT[1],
                "company_id": company_b.id,
            }
        )
        slip_b.compute_sheet()
        self.assertPays(slip_b, 425.0)
        self.assertEqual(self.kpi_input(slip_b).kpi_appraisal_ids, appraisal_b)
        # a payslip in another company does not pay the appraisal
        slip_a = officer.create(
            {
                "employee_id": employee_b.id,
                "struct_id": self.structure.id,
                "date_from": OCT[0],
                "date_to": OCT[1],
                "company_id": self.company.id,
            }
        )
        slip_a.compute_sheet()
        self.assertPays(slip_a, 0.0)
        # the employee moves to company A: B's last payslip still pays B's pay
        employee_b.company_id = self.company
        slip_b.compute_sheet()
        self.assertPays(slip_b, 425.0)

    def test_structure_without_kpi_rules(self):
        appraisal = self.approve(85)
        plain = self.structure.copy({"name": "No KPI"})
        plain.rule_ids = plain.rule_ids.filtered(lambda r: r.category_id.code != "PERF")
        slip = self.computed_payslip(struct_id=plain.id)
        self.assertFalse(self.kpi_input(slip))
        slip.action_payslip_done()
        self.assertFalse(appraisal.paid, "never marked paid without a rule paying it")

    def test_award_needs_its_rule(self):
        """An appraisal with an award waits for a structure that pays awards."""
        star = self.env["hr.kpi.grade.scale"].create(
            {
                "name": "★",
                "code": "T-STAR-1",
                "grade_ids": [
                    Command.create(
                        {
                            "code": "5",
                            "name": "★★★★★",
                            "min_score": 95,
                            "fixed_amount": 500,
                        }
                    ),
                    Command.create({"code": "3", "name": "★★★", "min_score": 0}),
                ],
            }
        )
        rule = self.env["hr.kpi.pay.rule"].create(
            {"name": "Grade", "code": "T-GRADE-1", "method": "grade"}
        )
        appraisal = self.approve(
            98, template=self.scored_template("T-STAR-1", rule, star)
        )
        no_award = self.structure.copy({"name": "No award"})
        no_award.rule_ids -= self.env.ref(
            "hr_kpi_appraisal_payroll.hr_salary_rule_kpi_award"
        )
        slip = self.computed_payslip(struct_id=no_award.id)
        self.assertEqual(self.kpi_input(slip).amount, 0.0)
        self.assertFalse(self.kpi_input(slip).kpi_appraisal_ids)
        self.assertPays(self.computed_payslip(), 1000.0, 500.0)
        self.assertFalse(appraisal.paid)

    def test_approved_base_not_changed_by_contract(self):
        appraisal = self.approve(85)
        self.contract.kpi_base_amount = 2000.0
        self.assertEqual(appraisal.performance_base, 1000.0)
        self.assertPays(self.computed_payslip(), 850.0)

    def test_percent_base_copied_at_approval(self):
        self.contract.write({"kpi_base_type": "percent", "kpi_base_percent": 15.0})
        with freeze_time("2026-10-20"):
            appraisal = (
                self.env["hr.kpi.appraisal"]
                .with_user(self.user_hr)
                .create(
                    {
                        "employee_id": self.emp_agent.id,
                        "template_id": self.score_template.id,
                        "date_from": OCT[0],
                        "date_to": OCT[1],
                    }
                )
            )
        self.assertEqual(appraisal.performance_base, 750.0)
        self.contract.wage = 6000.0  # raise before approval: approval takes it
        appraisal.action_start()
        appraisal.with_user(self.user_lead).line_ids.manager_value = 85
        appraisal.with_user(self.user_lead).action_submit_manager()
        with freeze_time("2026-10-31"):
            appraisal.action_hr_approve()
        self.assertEqual(appraisal.performance_base, 900.0)
        self.assertEqual(appraisal.performance_pay, 765.0)

    def test_supervisor_final_approval_fixes_base(self):
        template = self.scored_template("T-PAY-LEAD", self.pay_rule)
        template.hr_review = False
        appraisal = (
            self.env["hr.kpi.appraisal"]
            .with_user(self.user_hr)
            .create(
                {
                    "employee_id": self.emp_agent.id,
                    "template_id": template.id,
                    "date_from": OCT[0],
                    "date_to": OCT[1],
                }
            )
        )
        appraisal.action_start()
        self.contract.kpi_base_amount = 1200.0
        as_lead = appraisal.with_user(self.user_lead)
        as_lead.line_ids.manager_value = 85
        as_lead.action_submit_manager()
        self.assertEqual(appraisal.state, "done")
        self.assertEqual(appraisal.performance_base, 1200.0)
        self.assertEqual(appraisal.performance_pay, 1020.0)

    # ------------------------------------------------------------------
    # Shipped data and the structure action
    # ------------------------------------------------------------------

    def test_shipped_rules_are_shared(self):
        perf = self.env.ref("hr_kpi_appraisal_payroll.hr_salary_rule_kpi_perf")
        award = self.env.ref("hr_kpi_appraisal_payroll.hr_salary_rule_kpi_award")
        category = self.env.ref("hr_kpi_appraisal_payroll.hr_salary_rule_category_perf")
        self.assertEqual((perf | award).category_id, category)
        self.assertEqual(category.code, "PERF")
        self.assertFalse((perf | award).company_id)
        self.assertFalse(category.company_id)
        self.assertEqual(perf.input_ids.code, "KPI_PERF")
        self.assertEqual(award.input_ids.code, "KPI_AWARD")

    def test_add_rules_action(self):
        structure = self.env["hr.payroll.structure"].create(
            {"name": "Existing", "code": "EX", "parent_id": False}
        )
        action = self.env.ref(
            "hr_kpi_appraisal_payroll.hr_payroll_structure_action_kpi_add_rules"
        )
        ctx = {"active_model": structure._name, "active_ids": structure.ids}
        for _i in range(2):  # twice: nothing doubles
            result = action.with_user(self.user_payroll).with_context(**ctx).run()
            self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(
            sorted(structure.rule_ids.mapped("code")),
            [
                "KPI_AWARD",
                "KPI_BONUS",
                "KPI_CORR",
                "KPI_FINDING",
                "KPI_LEVEL",
                "KPI_PERF",
            ],
        )
