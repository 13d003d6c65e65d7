"""Each seeded pay rule, through an approved appraisal, to the payslip line."""

import calendar
from datetime import date

from odoo.fields import Command
from odoo.tests import tagged

from .common import KpiPayrollCase


def month(number):
    last = calendar.monthrange(2026, number)[1]
    return date(2026, number, 1), date(2026, number, last)


@tagged("post_install", "-at_install")
class TestPayRules(KpiPayrollCase):
    @classmethod
    def seeded(cls, name):
        return cls.env.ref(f"hr_kpi_appraisal.{name}", raise_if_not_found=False)

    @classmethod
    def pay_rule_of(cls, code, method, tiers=()):
        """The seeded rule of ``code`` when present, else one built from the scheme."""
        return cls.seeded(f"kpi_pay_rule_{code.lower()}") or cls.env[
            "hr.kpi.pay.rule"
        ].create(
            {
                "name": code,
                "code": f"T-{code}",
                "method": method,
                "tier_ids": [
                    Command.create(
                        {"min_score": low, "rate": rate, "by_score": by_score}
                    )
                    for low, rate, by_score in tiers
                ],
            }
        )

    @classmethod
    def grade_scale_of(cls, code, grades, seeded=True):
        """The seeded scale of ``code`` when present, else one built from ``grades``."""
        found = seeded and cls.seeded(f"kpi_grade_scale_{code.lower()}")
        return found or cls.env["hr.kpi.grade.scale"].create(
            {
                "name": code,
                "code": f"T-{code}",
                "grade_ids": [
                    Command.create(
                        {
                            "code": grade,
                            "name": grade,
                            "min_score": low,
                            "pay_coefficient": coefficient,
                            "fixed_amount": amount,
                        }
                    )
                    for grade, low, coefficient, amount in grades
                ],
            }
        )

    def check_cases(self, template, cases, employee=None):
        """Approve one appraisal per month with each score and pay it."""
        for number, (score, perf, award) in enumerate(cases, start=1):
            with self.subTest(score=score):
                period = month(number)
                appraisal = self.approve(
                    score, template=template, employee=employee, period=period
                )
                slip = self.computed_payslip(employee=employee, period=period)
                self.assertEqual(self.kpi_input(slip).kpi_appraisal_ids, appraisal)
                self.assertPays(slip, perf, award)
                wage = slip.contract_id.wage
                self.assertAlmostEqual(
                    self.total(slip, "GROSS"), wage + perf + award, places=2
                )
                slip.action_payslip_done()
                self.assertTrue(appraisal.paid)

    def test_p01_full_from_90_score_percent_from_70(self):
        rule = self.pay_rule_of(
            "P01", "tiered", [(0, 0, False), (70, 100, True), (90, 100, False)]
        )
        template = self.scored_template("T-P01", rule)
        # base 1000: ≥90 full, 70–90 score% of the base, <70 nothing
        cases = [(95, 1000, 0), (90, 1000, 0), (85, 850, 0), (70, 700, 0), (65, 0, 0)]
        self.check_cases(template, cases)

    def test_p02_bonus_at_100_full_from_95_score_percent_from_60(self):
        rule = self.pay_rule_of(
            "P02",
            "tiered",
            [(0, 0, False), (60, 100, True), (95, 100, False), (100, 115, False)],
        )
        template = self.scored_template("T-P02", rule)
        cases = [
            (100, 1150, 0),  # total 100: +15%
            (97, 1000, 0),
            (95, 1000, 0),
            (80, 800, 0),
            (60, 600, 0),
            (55, 0, 0),
        ]
        self.check_cases(template, cases)

    def test_p09_performance_wage_15_percent_of_wage(self):
        employee = self.env["hr.employee"].create(
            {"name": "赵敏", "parent_id": self.emp_lead.id}
        )
        self.make_contract(
            employee,
            wage=6000.0,
            base=0.0,
            kpi_base_type="percent",
            kpi_base_percent=15.0,
        )
        rule = self.pay_rule_of("P09", "proportional", [])
        template = self.scored_template("T-P09", rule)
        # performance wage 900; pay = fixed wage + 900 × score%
        self.check_cases(template, [(88, 792, 0), (100, 900, 0)], employee=employee)

    def test_p03_grade_coefficients(self):
        # P03: a (95 and above) 150%, e (below 60) 50%; b, c, d reconstructed
        scale = self.grade_scale_of(
            "P03",
            [
                ("e", 0, 50, 0),
                ("d", 60, 75, 0),
                ("c", 65, 100, 0),
                ("b", 80, 125, 0),
                ("a", 95, 150, 0),
            ],
        )
        template = self.scored_template(
            "T-P03", self.pay_rule_of("P03", "grade"), scale
        )
        grades = scale.grade_ids.sorted("min_score", reverse=True)
        cases = [(97, 1500, 0)]
        cases += [(g.min_score, 10 * g.pay_coefficient, 0) for g in grades[1:-1]]
        cases += [(50, 500, 0)]
        self.check_cases(template, cases)

    def test_p10_star_bonus(self):
        # S22: ★5 +500, ★4 +200, ★3 normal pay, ★2 −50% of pay, ★1 no pay
        scale = self.grade_scale_of(
            "P10",
            [
                ("STAR1", 0, 0, 0),
                ("STAR2", 20, 50, 0),
                ("STAR3", 40, 100, 0),
                ("STAR4", 95, 100, 200),
                ("STAR5", 100, 100, 500),
            ],
        )
        template = self.scored_template(
            "T-P10", self.pay_rule_of("P10", "grade"), scale
        )
        stars = scale.grade_ids.sorted("min_score", reverse=True)
        self.assertEqual(len(stars), 5)
        seed_says = [(1000, 500), (1000, 200), (1000, 0), (500, 0), (0, 0)]
        cases = [
            (star.min_score, perf, award)
            for star, (perf, award) in zip(stars, seed_says)
        ]
        self.check_cases(template, cases)

    def test_s26_top_and_bottom_awards(self):
        # S26: top two +200 / +100 yuan, bottom two −50 / −100 yuan
        scale = self.grade_scale_of(
            "S26",
            [
                ("low1", 0, 100, -100),
                ("low2", 50, 100, -50),
                ("mid", 60, 100, 0),
                ("top2", 90, 100, 100),
                ("top1", 95, 100, 200),
            ],
            seeded=False,
        )
        template = self.scored_template(
            "T-S26", self.pay_rule_of("P03", "grade"), scale
        )
        cases = [(96, 1000, 200), (91, 1000, 100), (55, 1000, -50), (45, 1000, -100)]
        self.check_cases(template, cases)
