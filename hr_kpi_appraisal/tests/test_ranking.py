from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CampaignCase

# Satisfaction of the branch's twelve representatives (S26: ranked within the
# branch, points in proportion to the rank between 0 and 20): 12 distinct values.
SATISFACTION = [99.0 - 0.5 * index for index in range(12)]
# 20 × (12 − rank) / 11, rounded: strictly ordered from 20 to 0
POINTS = [20.0, 18.18, 16.36, 14.55, 12.73, 10.91, 9.09, 7.27, 5.45, 3.64, 1.82, 0.0]


@tagged("post_install", "-at_install")
class TestRanking(CampaignCase):
    """Ranks computed by the system among the branch's representatives (S26)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dept_team2 = cls.env["hr.department"].create(
            {"name": "二组", "parent_id": cls.dept_centre.id}
        )
        cls.template.job_ids = False
        cls.rank_template = cls.create_template(
            cls,
            "T-S26",
            self_review=False,
            job_ids=[Command.set(cls.job_agent.ids)],
            section_ids=[
                Command.create(
                    {
                        "code": "SATISFACTION",
                        "name": "满意度",
                        "weight": 100.0,
                        "indicator_ids": [
                            Command.create(
                                {
                                    "code": "SAT",
                                    "name": "满意度",
                                    "max_points": 20.0,
                                    "scoring_method": "rank",
                                    "rank_mode": "computed",
                                    "rank_group": "department",
                                    "direction": "higher",
                                }
                            ),
                        ],
                    }
                )
            ],
        )
        cls.reps = cls.emp_agent | cls.emp_peer
        for index in range(10):
            cls.reps |= cls.add_agent(cls, f"代表{index + 1}")
        cls.others = cls.add_agent(cls, "二组代表1", department_id=cls.dept_team2.id)
        cls.others |= cls.add_agent(cls, "二组代表2", department_id=cls.dept_team2.id)

    def setUp(self):
        super().setUp()
        self.campaign = self.create_campaign()
        self.campaign.with_user(self.user_hr).action_generate()
        self.appraisals = self.campaign.appraisal_ids
        self.assertEqual(self.appraisals.template_id, self.rank_template)
        self.assertEqual(len(self.appraisals), 14)

    def appraisal(self, employee):
        return self.appraisals.filtered(lambda a: a.employee_id == employee)

    def sat(self, employee):
        return self.line(self.appraisal(employee), "SAT")

    def ranking(self, employees):
        """[(rank, group size, points)] of the employees' satisfaction lines."""
        self.env.invalidate_all()
        return [
            (line.rank, line.group_size, line.points)
            for line in map(self.sat, employees)
        ]

    def import_values(self, values):
        rows = [
            {"employee": employee.id, "period": "2026-10", "values": {"SAT": value}}
            for employee, value in values.items()
        ]
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.user_hr)
        result = Appraisal.import_actuals(rows)
        self.assertTrue(result["ok"], result)

    def test_imported_values_rank_the_branch(self):
        self.assertEqual(
            self.rank_template.section_ids.indicator_ids.rank_mode, "computed"
        )
        line = self.sat(self.emp_agent)
        self.assertEqual(
            (
                line.indicator_snapshot["rank_mode"],
                line.indicator_snapshot["rank_group"],
            ),
            ("computed", "department"),
        )
        self.assertTrue(line.rank_computed and line.uses_actual)
        # before any value all twelve share the middle rank of their branch
        self.assertEqual(self.ranking(self.reps[:1]), [(6.5, 12, 10.0)])
        self.assertEqual(self.ranking(self.others[:1]), [(1.5, 2, 10.0)])
        self.import_values(dict(zip(self.reps, SATISFACTION, strict=True)))
        self.assertEqual(
            self.ranking(self.reps),
            [(rank, 12, points) for rank, points in enumerate(POINTS, 1)],
        )
        # the other branch is ranked apart; a tie shares the average rank
        self.import_values(dict.fromkeys(self.others, 95.0))
        self.assertEqual(self.ranking(self.others), [(1.5, 2, 10.0)] * 2)
        self.assertEqual(self.appraisal(self.emp_agent).total_score, 100.0)
        self.assertEqual(self.appraisal(self.reps[-1]).total_score, 0.0)

    def test_a_value_change_reranks_the_group(self):
        self.import_values(dict(zip(self.reps, SATISFACTION, strict=True)))
        last = self.sat(self.reps[-1]).with_user(self.user_lead)
        last.actual_value = 99.5
        self.assertEqual(self.ranking(self.reps[-1:]), [(1.0, 12, 20.0)])
        self.assertEqual(
            self.ranking(self.reps[:-1]),
            [(rank, 12, points) for rank, points in enumerate(POINTS[1:], 2)],
        )
        # a tie with the second: both 2.5 of 12 → 20 × 9.5 / 11
        self.sat(self.emp_peer).with_user(self.user_lead).actual_value = 99.0
        self.assertEqual(self.ranking(self.reps[:2]), [(2.5, 12, 17.27)] * 2)

    def test_cancelled_appraisals_leave_the_group_and_come_back(self):
        self.import_values(dict(zip(self.reps, SATISFACTION, strict=True)))
        first = self.appraisal(self.emp_agent)
        first.with_user(self.user_hr).action_cancel()
        # eleven left: 20 × (11 − rank) / 10
        self.assertEqual(
            self.ranking(self.reps[1:4]),
            [(1.0, 11, 20.0), (2.0, 11, 18.0), (3.0, 11, 16.0)],
        )
        self.assertEqual(self.ranking(self.reps[-1:]), [(11.0, 11, 0.0)])
        first.with_user(self.user_hr).action_reset_draft()
        self.assertEqual(
            self.ranking(self.reps[:2]), [(1.0, 12, 20.0), (2.0, 12, 18.18)]
        )

    def test_a_done_appraisal_keeps_its_rank(self):
        self.import_values(dict(zip(self.reps, SATISFACTION, strict=True)))
        second = self.appraisal(self.emp_peer)
        second.with_user(self.user_lead).action_submit_manager()
        second.with_user(self.user_hr).action_hr_approve()
        second.with_user(self.user_gm).action_gm_approve()
        self.assertEqual(second.state, "done")
        # a newcomer to the top moves everyone else down, not the approved one
        self.sat(self.reps[-1]).with_user(self.user_hr).actual_value = 100.0
        self.assertEqual(self.ranking(self.emp_peer), [(2.0, 12, 18.18)])
        self.assertEqual(second.total_score, 90.9)
        self.assertEqual(
            self.ranking(self.reps[:3] - self.emp_peer),
            [(2.0, 12, 18.18), (4.0, 12, 14.55)],
        )

    def test_computed_ranks_are_written_by_the_system_only(self):
        line = self.sat(self.emp_agent)
        for user in (self.user_lead, self.user_hr):
            for values in (
                {"rank": 1},
                {"group_size": 1},
                {"rank": 1, "group_size": 1},
            ):
                with (
                    self.subTest(user=user.name, values=values),
                    self.assertRaises(AccessError),
                ):
                    line.with_user(user).write(values)
        # the import takes the measured value, not a rank, for a computed line
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.user_hr)
        row = {"employee": self.emp_agent.id, "period": "2026-10"}
        result = Appraisal.import_actuals([dict(row, values={"SAT.group_size": 12})])
        self.assertEqual(result["errors"][0]["field"], "SAT.group_size")
        self.assertEqual(self.ranking(self.emp_agent), [(6.5, 12, 10.0)])

    def test_a_computed_rank_needs_a_direction(self):
        indicator = self.rank_template.section_ids.indicator_ids
        with self.assertRaises(ValidationError):
            indicator.direction = "none"

    def test_reranking_reads_and_writes_the_group_in_batches(self):
        """The queries of a rerank do not grow with the group: twelve members
        whose ranks all change take as many as two (the new ranks are written
        when the ORM flushes, in its batches)."""
        self.import_values(dict(zip(self.reps, SATISFACTION, strict=True)))
        self.import_values(dict(zip(self.others, [95.0, 94.0], strict=True)))
        counts = []
        for group in (self.reps, self.others):
            lines = self.appraisals.filtered(
                lambda a, group=group: a.employee_id in group
            ).line_ids
            # everyone's rank changes: the ranks as if the direction turned
            self.env.cr.execute(
                "UPDATE hr_kpi_appraisal_line SET rank = group_size + 1 - rank "
                "WHERE id IN %s",
                [tuple(lines.ids)],
            )
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.env["hr.kpi.ranking"]._rerank(lines)
            counts.append(self.cr.sql_log_count - before)
            self.env.flush_all()
        self.assertEqual(counts[0], counts[1], counts)
        self.assertEqual(
            self.ranking(self.reps[:1] | self.others[:1]),
            [(1.0, 12, 20.0), (1.0, 2, 20.0)],
        )
