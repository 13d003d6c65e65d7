from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CampaignCase

# Satisfaction of the branch's twelve representatives: 12 distinct values
SATISFACTION = [99.0 - 0.5 * index for index in range(12)]
# 20 × (12 − rank) / 11, rounded: strictly ordered from 20 to 0
POINTS = [20.0, 18.18, 16.36, 14.55, 12.73, 10.91, 9.09, 7.27, 5.45, 3.64, 1.82, 0.0]
# the feedback rate not imported yet: all twelve tied, 10 each; the workload
# in the branch's first month of the year: 20 each; timeliness all 0
OTHER_POINTS = 10.0 + 20.0


@tagged("post_install", "-at_install")
class TestRankingS26(CampaignCase):
    """The seeded S26 scheme (customer service representatives of a branch):
    its ranked items rank the branch's twelve representatives, its workload by
    saturation, and its rank awards pay the first two and the last two."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template.job_ids = False
        cls.s26 = cls.env.ref("hr_kpi_appraisal.kpi_template_s26")
        cls.s26.job_ids = cls.job_agent
        cls.reps = cls.emp_agent | cls.emp_peer
        for index in range(10):
            cls.reps |= cls.add_agent(cls, f"客服代表{index + 1}")

    def setUp(self):
        super().setUp()
        self.campaign, self.appraisals = self.generate(self.period["date_from"])

    def generate(self, date_from):
        campaign = self.create_campaign(
            name=f"{date_from:%Y-%m} 呼叫中心", date_from=date_from
        )
        campaign.with_user(self.user_hr).action_generate()
        appraisals = campaign.appraisal_ids
        self.assertEqual(appraisals.template_id, self.s26)
        self.assertEqual(len(appraisals), 12)
        return campaign, appraisals

    def appraisal(self, employee, appraisals=None):
        appraisals = appraisals or self.appraisals
        return appraisals.filtered(lambda a: a.employee_id == employee)

    def points(self, code, employees=None, appraisals=None):
        """[(rank, group size, points)] of the employees' ``code`` lines."""
        self.env.invalidate_all()
        return [
            (line.rank, line.group_size, line.points)
            for employee in employees or self.reps
            for line in [self.line(self.appraisal(employee, appraisals), code)]
        ]

    def import_values(self, values, period="2026-10"):
        """Import {employee: {column: value}} as HR."""
        rows = [
            {"employee": employee.id, "period": period, "values": columns}
            for employee, columns in values.items()
        ]
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.user_hr)
        result = Appraisal.import_actuals(rows)
        self.assertTrue(result["ok"], result)

    def import_satisfaction(self, values=SATISFACTION):
        self.import_values(
            {
                employee: {"SATISFACTION": value}
                for employee, value in zip(self.reps, values, strict=True)
            }
        )

    def approve(self, appraisals):
        appraisals.with_user(self.user_lead).action_submit_manager()
        appraisals.with_user(self.user_hr).action_hr_approve()
        self.assertEqual(set(appraisals.mapped("state")), {"done"})

    def test_seeded_items_rank_the_branch(self):
        line = self.line(self.appraisals[0], "SATISFACTION")
        self.assertEqual(
            [
                (snapshot["rank_mode"], snapshot["rank_group"], snapshot["direction"])
                for code in ("FEEDBACK", "WORKLOAD", "SATISFACTION")
                for snapshot in [self.line(self.appraisals[0], code).indicator_snapshot]
            ],
            [
                ("computed", "department", "higher"),
                ("saturation", "department", "higher"),
                ("computed", "department", "higher"),
            ],
        )
        self.assertTrue(line.rank_computed and line.uses_actual)
        # before anything is imported all twelve share the middle rank
        self.assertEqual(set(self.points("SATISFACTION")), {(6.5, 12, 10.0)})
        self.assertEqual(set(self.points("WORKLOAD")), {(6.5, 12, 20.0)})

    def test_imported_satisfaction_gives_strictly_ordered_points(self):
        self.import_satisfaction()
        self.assertEqual(
            self.points("SATISFACTION"),
            [(rank, 12, points) for rank, points in enumerate(POINTS, 1)],
        )
        totals = [self.appraisal(rep).total_score for rep in self.reps]
        self.assertEqual(totals, [round(OTHER_POINTS + points, 2) for points in POINTS])
        # a value changed by a new import ranks the branch again
        self.import_values({self.reps[-1]: {"SATISFACTION": 99.5}})
        self.assertEqual(self.points("SATISFACTION", self.reps[-1]), [(1.0, 12, 20.0)])
        self.assertEqual(
            self.points("SATISFACTION", self.reps[:-1]),
            [(rank, 12, points) for rank, points in enumerate(POINTS[1:], 2)],
        )

    def test_cancelled_and_deleted_appraisals_leave_the_branch(self):
        self.import_satisfaction()
        first = self.appraisal(self.reps[0])
        first.with_user(self.user_hr).action_cancel()
        # eleven left: 20 × (11 − rank) / 10
        self.assertEqual(
            self.points("SATISFACTION", self.reps[1:3]),
            [(1.0, 11, 20.0), (2.0, 11, 18.0)],
        )
        # deleting a draft (cancelled and reset: back in the branch): ten left,
        # 20 × (10 − rank) / 9
        second = self.appraisal(self.reps[1]).with_user(self.user_hr)
        second.action_cancel()
        second.action_reset_draft()
        self.assertEqual(second.state, "draft")
        self.assertEqual(self.points("SATISFACTION", self.reps[1:2]), [(1.0, 11, 20.0)])
        second.unlink()
        self.appraisals -= second
        self.assertEqual(
            self.points("SATISFACTION", self.reps[2:4] | self.reps[-1]),
            [(1.0, 10, 20.0), (2.0, 10, 17.78), (10.0, 10, 0.0)],
        )
        # deleting the cancelled one changes nothing for the others
        first.with_user(self.user_hr).unlink()
        self.appraisals -= first
        self.assertEqual(self.points("SATISFACTION", self.reps[2:3]), [(1.0, 10, 20.0)])

    def test_workload_saturation_against_the_best_of_the_year(self):
        # September: the branch's first month of the year, everyone 20
        _september, approved = self.generate(date(2026, 9, 1))
        workload = {
            rep: {"WORKLOAD.WORKLOAD": 800 + 20 * index, "WORKLOAD.DAYS": 20}
            for index, rep in enumerate(self.reps)
        }
        self.import_values(workload, period="2026-09")
        self.assertEqual(
            set(self.points("WORKLOAD", appraisals=approved)), {(6.5, 12, 20.0)}
        )
        self.assertEqual(self.line(approved[0], "WORKLOAD").actual_value, 0.0)
        # approved: the best daily workload of the year is 1,020 / 20 = 51
        self.approve(approved)
        # October: 1,122 tickets in 22 days = 51 a day, saturation 1
        self.import_values(
            {
                self.reps[0]: {"WORKLOAD.WORKLOAD": 1122, "WORKLOAD.DAYS": 22},
                self.reps[1]: {"WORKLOAD.WORKLOAD": 918, "WORKLOAD.DAYS": 20},
                self.reps[2]: {"WORKLOAD.WORKLOAD": 1020, "WORKLOAD.DAYS": 25},
            }
        )
        lines = [self.line(self.appraisal(rep), "WORKLOAD") for rep in self.reps[:4]]
        # 51 / 51, 45.9 / 51, 40.8 / 51; no day worked yet: 0
        self.assertEqual([line.actual_value for line in lines], [1.0, 0.9, 0.8, 0.0])
        # the nine without values tie for the last places: 4 … 12 → 8
        # 40 × (12 − rank) / 11
        self.assertEqual(
            self.points("WORKLOAD", self.reps[:4]),
            [(1.0, 12, 40.0), (2.0, 12, 36.36), (3.0, 12, 32.73), (8.0, 12, 14.55)],
        )
        # September's approved ranks stay as they were
        self.assertEqual(
            set(self.points("WORKLOAD", appraisals=approved)), {(6.5, 12, 20.0)}
        )
        # the saturation is the ranking's: nobody types it
        with self.assertRaises(AccessError):
            lines[0].with_user(self.user_hr).actual_value = 2.0
        # a negative workload is refused, nothing written
        row = lines[1].input_ids.filtered(lambda row: row.code == "WORKLOAD")
        with self.assertRaises(ValidationError):
            row.with_user(self.user_hr).value = -5.0
        self.env.invalidate_all()
        self.assertEqual(row.value, 918.0)

    def test_rank_awards_of_the_branch(self):
        self.import_satisfaction()
        self.approve(self.appraisals)
        awards = [self.appraisal(rep).sudo().award_amount for rep in self.reps]
        self.assertEqual(awards, [200.0, 100.0] + [0.0] * 8 + [-50.0, -100.0])
        self.assertEqual(
            self.appraisal(self.reps[0]).sudo().rank_award, 200.0, "fixed at approval"
        )

    def test_tied_representatives_share_their_places_awards(self):
        # the first two tie (rank 1.5 each), and so do the last two
        values = [99.0, 99.0, *SATISFACTION[2:10], 90.0, 90.0]
        self.import_satisfaction(values)
        self.approve(self.appraisals)
        awards = [self.appraisal(rep).sudo().award_amount for rep in self.reps]
        self.assertEqual(awards, [150.0, 150.0] + [0.0] * 8 + [-75.0, -75.0])

    def test_rank_awards_are_fixed_when_approved(self):
        self.import_satisfaction()
        last = self.appraisal(self.reps[-1])
        self.approve(last)
        self.assertEqual(last.sudo().rank_award, -100.0)
        # the others approved later do not move it, a new first takes 200
        self.import_values({self.reps[1]: {"SATISFACTION": 99.5}})
        others = self.appraisals - last
        self.approve(others)
        self.assertEqual(last.sudo().award_amount, -100.0)
        self.assertEqual(
            [self.appraisal(rep).sudo().rank_award for rep in self.reps[:3]],
            [100.0, 200.0, 0.0],
        )
        with self.assertRaises(AccessError):
            last.with_user(self.user_hr).write({"rank_award": 0.0})

    def test_rank_awards_of_a_rule_without_them(self):
        rule = self.env.ref("hr_kpi_appraisal.kpi_pay_rule_s26")
        self.assertEqual(len(rule.rank_award_ids), 4)
        rule.rank_award_ids = [Command.clear()]
        _campaign, appraisals = self.generate(date(2026, 11, 1))
        self.approve(appraisals)
        self.assertEqual(set(appraisals.sudo().mapped("award_amount")), {0.0})
