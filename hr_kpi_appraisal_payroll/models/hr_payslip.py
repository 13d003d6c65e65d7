from collections import defaultdict

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

# Input code -> the appraisal field whose amount it carries.
KPI_INPUTS = {"KPI_PERF": "performance_pay", "KPI_AWARD": "award_amount"}
# The input of pay corrections after upheld appeals (hr.kpi.appeal).
KPI_CORR = "KPI_CORR"
# Awards (+) and penalties (-) of confirmed history findings (P11, P12 …).
KPI_FINDING = "KPI_FINDING"
# The annual bonus payroll enters, and the findings that leave it out.
KPI_BONUS = "KPI_BONUS"
KPI_BONUS_BLOCK = "KPI_BONUS_BLOCK"
# Level pay of the employee's current career level (L03, L05).
KPI_LEVEL = "KPI_LEVEL"
KPI_FINDING_CODES = (KPI_FINDING, KPI_BONUS_BLOCK)
KPI_CODES = (*KPI_INPUTS, KPI_CORR, *KPI_FINDING_CODES, KPI_LEVEL)
# Context key: leave the KPI inputs to a later compute_sheet() of all the slips.
DEFER_KPI_INPUTS = "kpi_defer_inputs"


class HrPayslip(models.Model):
    _inherit = "hr.payslip"

    # ------------------------------------------------------------------
    # Paths that create or recompute a payslip
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        payslips = super().create(vals_list)
        if not self.env.context.get(DEFER_KPI_INPUTS):
            payslips._kpi_refresh_inputs()
        return payslips

    def copy(self, default=None):
        # OCA copies the input lines after create(): refresh once they are there.
        payslips = super(HrPayslip, self.with_context(**{DEFER_KPI_INPUTS: True})).copy(
            default
        )
        payslips = payslips.with_env(self.env)
        payslips._kpi_refresh_inputs()
        return payslips

    def compute_sheet(self):
        self._kpi_refresh_inputs()
        return super().compute_sheet()

    @api.model
    def get_inputs(self, contracts, date_from, date_to):
        """Fill the KPI inputs on the form and in batches (OCA leaves them empty)."""
        res = super().get_inputs(contracts, date_from, date_to)
        contract = self._kpi_contract(contracts)
        if not contract:
            return res
        if self.env.context.get(DEFER_KPI_INPUTS):
            # the later compute_sheet() creates them, for all the slips at once
            return [vals for vals in res if vals["code"] not in KPI_CODES]
        if self:
            rules = self._get_salary_rules()
        else:  # batch: OCA calls this on an empty recordset
            rules = contracts.struct_id.get_structure_with_parents().get_all_rules()
        date_to = fields.Date.to_date(date_to)
        appraisals = contract.employee_id._kpi_payable(
            fields.Date.to_date(date_from), date_to, contract.company_id
        )
        appeals = self.env["hr.kpi.appeal"]._kpi_corrections_due(
            contract.employee_id, date_to, contract.company_id
        )
        # a new slip pays no annual bonus yet: only the awards and penalties
        findings = (
            self.env["hr.kpi.history.finding"]
            ._kpi_due(contract.employee_id, date_to, contract.company_id)
            .filtered(lambda f: f.consequence != "bonus_block")
        )
        kpi_values = self._kpi_input_values(
            rules.input_ids, contract, appraisals, appeals, findings, date_to
        )
        if not kpi_values:
            return res
        return [vals for vals in res if vals["code"] not in KPI_CODES] + kpi_values

    # ------------------------------------------------------------------
    # Paying, cancelling, refunding
    # ------------------------------------------------------------------

    def action_payslip_done(self):
        # OCA recomputes the sheet here first: link the appraisals only after.
        res = super().action_payslip_done()
        self._kpi_mark_paid()
        return res

    def action_payslip_cancel(self):
        res = super().action_payslip_cancel()
        self._kpi_release_appraisals(refund=False)
        return res

    def refund_sheet(self):
        res = super().refund_sheet()
        self._kpi_release_appraisals(refund=True)
        return res

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _kpi_contract(self, contracts):
        """The contract that carries the KPI inputs: the first one OCA computes.

        OCA skips a rule for the later contracts of a payslip once its condition
        failed on the first, so the inputs must sit on that first contract.
        """
        return contracts[:1]

    @api.model
    def _kpi_input_values(
        self, rule_inputs, contract, appraisals, appeals=None, findings=None, date=None
    ):
        """Input line values, one per KPI code that ``rule_inputs`` take: the
        pay of ``appraisals``, the pay corrections of ``appeals``, the awards,
        penalties and bonus blocks of ``findings`` and the level pay on
        ``date``.

        An appraisal is paid only when the rules take every amount it has, so
        that marking it paid never drops a part of its pay.
        """
        taken = set(rule_inputs.mapped("code"))
        codes = [code for code in KPI_INPUTS if code in taken]
        if not contract:
            return []
        others = (
            self._kpi_correction_values(contract, appeals, taken)
            + self._kpi_finding_values(contract, findings, taken, date)
            + self._kpi_level_values(contract, taken, date)
        )
        if not codes:
            return others
        paid = appraisals.filtered(
            lambda a: all(code in codes or not a[f] for code, f in KPI_INPUTS.items())
        )
        currency = contract.company_id.currency_id
        names = {
            "KPI_PERF": self.env._("Performance pay (KPI appraisals)"),
            "KPI_AWARD": self.env._("Performance award or penalty (KPI appraisals)"),
        }
        return [
            {
                "name": names[code],
                "code": code,
                "contract_id": contract.id,
                "amount": currency.round(sum(paid.mapped(KPI_INPUTS[code]))),
                "amount_qty": len(paid),
                "kpi_appraisal_ids": [Command.set(paid.ids)],
            }
            for code in codes
        ] + others

    @api.model
    def _kpi_correction_values(self, contract, appeals, codes):
        """The KPI_CORR input of ``appeals``' pay corrections, if taken."""
        if KPI_CORR not in codes:
            return []
        appeals = appeals or self.env["hr.kpi.appeal"]
        return [
            {
                "name": self.env._("Pay correction after appeals (KPI appraisals)"),
                "code": KPI_CORR,
                "contract_id": contract.id,
                "amount": contract.company_id.currency_id.round(
                    sum(appeal._kpi_signed_correction() for appeal in appeals)
                ),
                "amount_qty": len(appeals),
                "kpi_appeal_ids": [Command.set(appeals.ids)],
            }
        ]

    @api.model
    def _kpi_finding_values(self, contract, findings, codes, date):
        """The KPI_FINDING input (awards and penalties of ``findings``) and the
        KPI_BONUS_BLOCK input (how many of them leave out the annual bonus),
        if taken."""
        findings = findings or self.env["hr.kpi.history.finding"]
        company = contract.company_id
        values = []
        if KPI_FINDING in codes:
            money = findings.filtered(lambda f: f.consequence != "bonus_block")
            values.append(
                {
                    "name": self.env._("Awards and penalties (KPI history findings)"),
                    "code": KPI_FINDING,
                    "contract_id": contract.id,
                    "amount": money._kpi_pay_amount(company, date),
                    "amount_qty": len(money),
                    "kpi_finding_ids": [Command.set(money.ids)],
                }
            )
        if KPI_BONUS_BLOCK in codes:
            blocks = findings.filtered(lambda f: f.consequence == "bonus_block")
            values.append(
                {
                    "name": self.env._("No annual bonus (KPI history findings)"),
                    "code": KPI_BONUS_BLOCK,
                    "contract_id": contract.id,
                    "amount": len(blocks),
                    "amount_qty": len(blocks),
                    "kpi_finding_ids": [Command.set(blocks.ids)],
                }
            )
        return values

    @api.model
    def _kpi_level_values(self, contract, codes, date):
        """The KPI_LEVEL input, if taken: the level pay of the employee's
        current career level plus its pay rise in percent of the wage."""
        if KPI_LEVEL not in codes:
            return []
        level = contract.employee_id.sudo().kpi_level_id
        company = contract.company_id
        amount = contract.wage * level.pay_percent / 100
        if level.level_pay:
            amount += level.currency_id._convert(
                level.level_pay, company.currency_id, company, date
            )
        return [
            {
                "name": self.env._("Level pay (KPI career level)"),
                "code": KPI_LEVEL,
                "contract_id": contract.id,
                "amount": company.currency_id.round(amount),
                "amount_qty": 1 if level else 0,
            }
        ]

    def _kpi_payable_by_slip(self):
        """Payable appraisals of each slip, with one search for all the slips.

        An appraisal goes to one slip only: the earliest ending of its employee.
        """
        appraisals = self.employee_id._kpi_payable(
            min(self.mapped("date_from")), max(self.mapped("date_to")), self.company_id
        )
        return self._kpi_first_slips(appraisals, "pay_date")

    def _kpi_first_slips(self, records, due_field):
        """Share ``records`` (appraisals or appeals) among the slips: each goes
        to the earliest slip of its employee and company ending on or after
        its ``due_field`` date. The shares keep the prefetch of ``records``:
        what the inputs read of them is fetched once for all the slips."""
        records.fetch(["employee_id", "company_id", due_field])
        by_employee = defaultdict(list)
        for record in records:
            by_employee[record.employee_id.id].append(record)
        taken = set()
        result = {}
        for slip in self.sorted(lambda s: (s.date_to, s.id)):
            due = [
                record.id
                for record in by_employee[slip.employee_id.id]
                if record.id not in taken
                and record[due_field] <= slip.date_to
                and record.company_id == slip.company_id
            ]
            result[slip] = records.browse(due).with_prefetch(records._prefetch_ids)
            taken.update(due)
        return result

    def _kpi_corrections_by_slip(self):
        """Pay corrections due on each slip: the earliest of the employee's
        slips ending on or after the correction takes it."""
        appeals = self.env["hr.kpi.appeal"]._kpi_corrections_due(
            self.employee_id, max(self.mapped("date_to")), self.company_id
        )
        return self._kpi_first_slips(appeals, "date_corrected")

    def _kpi_findings_by_slip(self):
        """Confirmed findings due on each slip: awards and penalties on the
        earliest of the employee's slips ending on or after their decision, a
        bonus block on the earliest such slip that pays an annual bonus."""
        findings = self.env["hr.kpi.history.finding"]._kpi_due(
            self.employee_id, max(self.mapped("date_to")), self.company_id
        )
        blocks = findings.filtered(lambda f: f.consequence == "bonus_block")
        result = self._kpi_first_slips(findings - blocks, "decided_on")
        pays_bonus = self.filtered(
            lambda s: any(
                line.code == KPI_BONUS and line.amount for line in s.input_line_ids
            )
        )
        for slip, due in pays_bonus._kpi_first_slips(blocks, "decided_on").items():
            result[slip] |= due
        return result

    def _kpi_refresh_inputs(self):
        """Set the KPI inputs of draft and waiting slips from payable appraisals."""
        slips = self.filtered(
            lambda s: (
                s.state in ("draft", "verify") and not s.credit_note and s.employee_id
            )
        )
        if not slips:
            return
        payable = slips._kpi_payable_by_slip()
        corrections = slips._kpi_corrections_by_slip()
        findings = slips._kpi_findings_by_slip()
        # what the inputs read, for all the slips at once rather than slip by slip
        self.env["hr.kpi.appraisal"].sudo().union(*payable.values()).fetch(
            list(KPI_INPUTS.values())
        )
        slips.sudo().employee_id.fetch(["kpi_level_id"])
        inputs = self.env["hr.payslip.input"].sudo()
        slips.input_line_ids.invalidate_recordset(
            ["kpi_appraisal_ids", "kpi_appeal_ids", "kpi_finding_ids"]
        )
        to_create, obsolete = [], inputs
        for slip in slips:
            current = slip.input_line_ids.filtered(lambda i: i.code in KPI_CODES)
            values = self._kpi_input_values(
                slip._get_salary_rules().input_ids,
                self._kpi_contract(slip._get_employee_contracts()),
                payable[slip],
                corrections[slip],
                findings[slip],
                slip.date_to,
            )
            for vals in values:
                line = current.filtered(lambda i, code=vals["code"]: i.code == code)[:1]
                if line:
                    line.sudo().write(vals)
                    current -= line
                else:
                    to_create.append(dict(vals, payslip_id=slip.id))
            obsolete |= current
        obsolete.unlink()
        inputs.create(to_create)

    def _kpi_mark_paid(self):
        """Link the appraisals on the KPI inputs of done slips to their slip."""
        slips = self.filtered(lambda s: s.state == "done" and not s.credit_note)
        claims = {}
        by_slip = defaultdict(lambda: self.env["hr.kpi.appraisal"].sudo())
        slips.input_line_ids.invalidate_recordset(["kpi_appraisal_ids"])
        for slip in slips:
            lines = slip.input_line_ids.filtered(lambda i: i.code in KPI_INPUTS)
            for appraisal in lines.sudo().kpi_appraisal_ids:
                other = claims.setdefault(appraisal, slip)
                if (
                    other != slip
                    or appraisal.state != "done"
                    or (appraisal.paid and appraisal.payslip_id != slip)
                ):
                    raise UserError(
                        self.env._(
                            "%(appraisal)s is no longer payable on %(payslip)s: it "
                            "is paid on another payslip or no longer approved. "
                            "Compute the sheet again before confirming.",
                            appraisal=appraisal.display_name,
                            payslip=slip.name or slip.number,
                        )
                    )
                by_slip[slip] |= appraisal
        for slip, appraisals in by_slip.items():
            appraisals._kpi_system().write({"paid": True, "payslip_id": slip.id})
        self._kpi_log_paid(by_slip, self.env._("Paid on payslip %(payslip)s."))
        self._kpi_mark_corrections_paid(slips)
        self._kpi_mark_findings_applied(slips)

    def _kpi_mark_corrections_paid(self, slips):
        """Link the pay corrections (or their reversals) on the KPI_CORR inputs
        of done slips."""
        slips.input_line_ids.invalidate_recordset(["kpi_appeal_ids"])
        for slip in slips:
            lines = slip.input_line_ids.filtered(lambda i: i.code == KPI_CORR)
            appeals = lines.sudo().kpi_appeal_ids
            reversals = appeals.filtered(
                lambda a, s=slip: a.correction_payslip_id not in (s, s.browse())
            )
            corrections = appeals - reversals
            stale = corrections.filtered(
                lambda a: a._kpi_old_pay_refunded()
            ) | reversals.filtered(
                lambda a, s=slip: (
                    a.reversal_payslip_id not in (s, s.browse())
                    or not a._kpi_old_pay_refunded()
                )
            )
            if stale:
                raise UserError(
                    self.env._(
                        "The pay correction of %(appeal)s is no longer due on "
                        "%(payslip)s. Compute the sheet again before confirming.",
                        appeal=stale[0].display_name,
                        payslip=slip.name or slip.number,
                    )
                )
            corrections._kpi_system().write({"correction_payslip_id": slip.id})
            reversals._kpi_system().write({"reversal_payslip_id": slip.id})

    def _kpi_mark_findings_applied(self, slips):
        """Link the findings on the KPI_FINDING and KPI_BONUS_BLOCK inputs of
        done slips to their slip: each is applied once."""
        slips.input_line_ids.invalidate_recordset(["kpi_finding_ids"])
        for slip in slips:
            lines = slip.input_line_ids.filtered(lambda i: i.code in KPI_FINDING_CODES)
            findings = lines.sudo().kpi_finding_ids
            taken = findings.filtered(
                lambda f, s=slip: (
                    f.payslip_id not in (s, s.browse()) or f.state != "confirmed"
                )
            )
            if taken:
                raise UserError(
                    self.env._(
                        "%(finding)s is no longer due on %(payslip)s: it is on "
                        "another payslip or no longer confirmed. Compute the "
                        "sheet again before confirming.",
                        finding=taken[0].display_name,
                        payslip=slip.name or slip.number,
                    )
                )
            findings._kpi_system().write({"payslip_id": slip.id})

    def _kpi_release_appraisals(self, refund):
        """Make the appraisals, corrections and findings these slips paid
        payable again."""
        Appeal = self.env["hr.kpi.appeal"].sudo()
        for field_name in ("correction_payslip_id", "reversal_payslip_id"):
            Appeal.search([(field_name, "in", self.ids)])._kpi_system().write(
                {field_name: False}
            )
        self.env["hr.kpi.history.finding"].sudo().search(
            [("payslip_id", "in", self.ids)]
        )._kpi_system().write({"payslip_id": False})
        appraisals = (
            self.env["hr.kpi.appraisal"].sudo().search([("payslip_id", "in", self.ids)])
        )
        if not appraisals:
            return
        by_slip = appraisals.grouped("payslip_id")
        appraisals._kpi_system().write({"paid": False, "payslip_id": False})
        if refund:
            message = self.env._("No longer paid: payslip %(payslip)s was refunded.")
        else:
            message = self.env._("No longer paid: payslip %(payslip)s was cancelled.")
        self._kpi_log_paid(by_slip, message)

    def _kpi_log_paid(self, appraisals_by_slip, message):
        """A note on each appraisal that its paid status changed, with ``message``
        naming the slip (``%(payslip)s``)."""
        bodies = {}
        for slip, appraisals in appraisals_by_slip.items():
            link = slip._get_html_link(title=slip.number or slip.name)
            body = escape(message) % {"payslip": link}
            bodies.update(dict.fromkeys(appraisals.ids, body))
        if bodies:
            records = self.env["hr.kpi.appraisal"].sudo().browse(list(bodies))
            records._message_log_batch(bodies=bodies)
