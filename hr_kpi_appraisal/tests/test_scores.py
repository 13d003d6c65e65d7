from datetime import date

from odoo.fields import Command
from odoo.tests import tagged

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestScores(KpiCase):
    """Totals, grades and pay of the common template, scored by the supervisor alone.

    Without self review the supervisor counts 100%:
    total = (ATT + RESP + COMPL) × 80% + (CUST level × 10 + TEAM% × 0.5) × 20%.
    Grades A ≥ 95, B ≥ 80, C ≥ 65, D ≥ 60, E; pay on a 1000 yuan base: below 70
    nothing, from 70 score% × base, from 90 the full base.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template_score = cls.env["hr.kpi.template"].create(
            cls._template_values(code="T-SCORE", self_review=False)
        )
        AdjustmentType = cls.env["hr.kpi.adjustment.type"]
        cls.type_late = AdjustmentType.create(
            {"name": "迟到", "code": "T-LATE", "category": "attendance", "points": -3}
        )
        cls.type_warning = AdjustmentType.create(
            {
                "name": "通报批评",
                "code": "T-WARNING",
                "category": "discipline",
                "percent": -50,
            }
        )

    def setUp(self):
        super().setUp()
        self.appraisal = self.create_appraisal(template=self.template_score)
        self.appraisal.with_user(self.user_hr).action_start()
        self.assertEqual(self.appraisal.state, "manager_review")

    def score(self, att, resp_actual, complaints, cust, team, appraisal=None):
        appraisal = appraisal or self.appraisal
        self.fill_manager(
            appraisal,
            {"ATT": att, "CUST": cust, "TEAM": team},
            actual=resp_actual,
            complaints=complaints,
        )
        return appraisal

    def assertResult(self, total, grade, pay, appraisal=None):
        appraisal = appraisal or self.appraisal
        self.assertAlmostEqual(appraisal.total_score, total)
        self.assertEqual(appraisal.grade_id.code, grade)
        self.assertEqual(appraisal.performance_pay, pay)

    def test_grades_and_pay(self):
        cases = [
            # ATT, RESP actual, complaints, CUST level, TEAM % -> total, grade, pay
            ((40, 30, 0, 5, 100), (100.0, "A", 1000.0)),
            ((40, 30, 0, 5, 50), (95.0, "A", 1000.0)),
            ((30, 30, 0, 5, 100), (92.0, "B", 1000.0)),
            ((30, 30, 0, 4, 100), (90.0, "B", 1000.0)),
            ((37.5, 75, 0, 4, 75), (85.5, "B", 855.0)),
            ((40, 75, 1, 4, 80), (80.0, "B", 800.0)),
            ((36, 75, 1, 4, 60), (74.8, "C", 748.0)),
            ((30, 75, 1, 3, 80), (70.0, "C", 700.0)),
            ((30, 75, 2, 3, 60), (60.0, "D", 0.0)),
            ((20, 75, 1, 3, 80), (62.0, "D", 0.0)),
            ((10, 150, 1, 1, 20), (28.0, "E", 0.0)),
            ((0, 150, 3, 1, 0), (2.0, "E", 0.0)),
        ]
        for inputs, expected in cases:
            with self.subTest(inputs=inputs):
                self.score(*inputs)
                self.assertResult(*expected)

    def test_line_points(self):
        self.score(37.5, 75, 1, 4, 75)
        expected = {
            "ATT": 37.5,
            "RESP": 20.0,
            "COMPL": 20.0,
            "CUST": 40.0,
            "TEAM": 37.5,
            "VETO": 0.0,
        }
        for code, points in expected.items():
            with self.subTest(code=code):
                self.assertEqual(self.line(self.appraisal, code).manager_points, points)
                self.assertEqual(self.line(self.appraisal, code).points, points)
        self.assertAlmostEqual(self.appraisal.manager_score, 77.5)
        self.assertAlmostEqual(self.appraisal.base_score, 77.5)
        self.assertFalse(self.appraisal.self_score)

    def test_pay_follows_the_contract_base(self):
        self.emp_agent.contract_id.kpi_base_amount = 1500.0
        other = self.create_appraisal(
            template=self.template_score,
            date_from=date(2026, 11, 1),
            date_to=date(2026, 11, 30),
        )
        other.with_user(self.user_hr).action_start()
        self.assertEqual(other.performance_base, 1500.0)
        self.score(37.5, 75, 0, 4, 75, appraisal=other)
        self.assertResult(85.5, "B", 1282.5, appraisal=other)

    def test_veto_zeroes_the_appraisal(self):
        self.score(40, 30, 0, 5, 100)
        self.assertResult(100.0, "A", 1000.0)
        veto = self.line(self.appraisal, "VETO").with_user(self.user_lead)
        veto.veto_triggered = True
        self.assertResult(0.0, "E", 0.0)
        self.assertEqual(self.appraisal.veto_applied, "zero")
        # the lines keep their points; only the total is zeroed
        self.assertEqual(self.line(self.appraisal, "ATT").manager_points, 40.0)
        veto.veto_triggered = False
        self.assertResult(100.0, "A", 1000.0)
        self.assertFalse(self.appraisal.veto_applied)

    def test_adjustments(self):
        self.score(40, 75, 1, 4, 80)
        self.assertResult(80.0, "B", 800.0)
        as_hr = self.appraisal.with_user(self.user_hr)
        as_hr.write(
            {
                "adjustment_ids": [
                    Command.create({"type_id": self.type_late.id, "quantity": 2})
                ]
            }
        )
        late = self.appraisal.adjustment_ids
        self.assertEqual(late.points, -3.0)
        self.assertAlmostEqual(self.appraisal.adjustment_points, -6.0)
        self.assertResult(74.0, "C", 740.0)
        as_hr.write(
            {"adjustment_ids": [Command.create({"type_id": self.type_warning.id})]}
        )
        # points first, then the percentage: (80 − 6) × 50%
        self.assertResult(37.0, "E", 0.0)
        as_hr.write({"adjustment_ids": [Command.unlink(late.id)]})
        self.assertResult(40.0, "E", 0.0)
        self.assertFalse(self.appraisal.adjustment_points)
        # the base score itself is untouched by adjustments
        self.assertAlmostEqual(self.appraisal.base_score, 80.0)

    def test_bonus_items_are_capped(self):
        values = self._template_values(code="T-BONUS", self_review=False, bonus_cap=5.0)
        values["section_ids"][0][2]["indicator_ids"].append(
            Command.create(
                {
                    "code": "PRAISE",
                    "name": "客户表扬",
                    "kind": "bonus",
                    "max_points": 10.0,
                    "scoring_method": "points",
                }
            )
        )
        template = self.env["hr.kpi.template"].create(values)
        appraisal = self.create_appraisal(template=template)
        appraisal.with_user(self.user_hr).action_start()
        self.score(40, 75, 1, 4, 80, appraisal=appraisal)
        self.assertAlmostEqual(appraisal.total_score, 80.0)
        praise = self.line(appraisal, "PRAISE").with_user(self.user_lead)
        praise.manager_value = 3
        self.assertAlmostEqual(appraisal.bonus_points, 3.0)
        self.assertAlmostEqual(appraisal.total_score, 83.0)
        praise.manager_value = 8
        self.assertEqual(praise.manager_points, 8.0)
        self.assertAlmostEqual(appraisal.bonus_points, 5.0)
        self.assertAlmostEqual(appraisal.base_score, 80.0)
        self.assertAlmostEqual(appraisal.total_score, 85.0)
        self.assertEqual(appraisal.performance_pay, 850.0)
        # a full score plus the capped bonus goes over 100
        self.score(40, 30, 0, 5, 100, appraisal=appraisal)
        self.assertAlmostEqual(appraisal.total_score, 105.0)
        self.assertEqual(appraisal.grade_id.code, "A")
        self.assertEqual(appraisal.performance_pay, 1000.0)
