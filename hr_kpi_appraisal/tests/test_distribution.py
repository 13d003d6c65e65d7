import io
from contextlib import contextmanager

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from ..report import xlsx_appraisal
from .common import CampaignCase

try:
    import openpyxl
except ImportError:  # pragma: no cover - openpyxl comes with Odoo's requirements
    openpyxl = None

# The manager's scores that give grade A (full marks: 100) and grade C (KPI
# 80 × 80% + CPI 50 × 20% = 74) on the common A–E scale, with a response time
# of 40 s and no complaint; the template has no self-review here.
TOP = {"ATT": 40, "CUST": 5, "TEAM": 100}
MIDDLE = {"ATT": 20, "CUST": 2, "TEAM": 60}


@tagged("post_install", "-at_install")
class TestDistribution(CampaignCase):
    """Forced distribution: a department of ten agents on the common scale,
    approved by the GM, under a policy of at most 5% A (one person from ten
    people up, by the small-group rule)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template.write({"self_review": False, "gm_approval": True})
        cls.campaign = cls.create_campaign(cls)
        for index in range(8):
            cls.add_agent(cls, f"坐席{index + 1}")
        cls.campaign.with_user(cls.user_hr).action_generate()
        cls.appraisals = cls.campaign.appraisal_ids.with_user(cls.user_hr)
        for index, appraisal in enumerate(cls.appraisals):
            as_lead = appraisal.with_user(cls.user_lead)
            for code, value in (TOP if index < 2 else MIDDLE).items():
                cls.line(as_lead, code).manager_value = value
            cls.line(as_lead, "RESP").actual_value = 40
            cls.line(as_lead, "COMPL").input_ids.value = 0
        cls.appraisals.with_user(cls.user_lead).action_submit_manager()
        cls.appraisals.with_user(cls.user_hr).action_hr_approve()
        cls.top = cls.appraisals[:2]
        cls.others = cls.appraisals[2:]
        cls.policy = (
            cls.env["hr.kpi.distribution.policy"]
            .with_user(cls.user_hr)
            .create(
                {
                    "name": "优秀不超过5%",
                    "code": "T-DIST",
                    "scale_id": cls.grade_scale.id,
                    "group_by": "department",
                    "mode": "blocking",
                    "line_ids": [Command.create(cls._quota("A", "max", 5))],
                }
            )
        )

    @classmethod
    def _quota(cls, code, kind, share):
        grade = cls.grade_scale.grade_ids.filtered(lambda g: g.code == code)
        return {"grade_id": grade.id, "kind": kind, "share": share}

    @contextmanager
    def assertRefused(self, exception, pattern):
        """assertRaises (which rolls back what was written) and the message."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def approve(self, appraisals):
        return appraisals.with_user(self.user_gm).action_gm_approve()

    def test_setup(self):
        self.assertEqual(self.top.mapped("grade_code"), ["A", "A"])
        self.assertEqual(set(self.others.mapped("grade_code")), {"C"})
        self.assertEqual(set(self.appraisals.mapped("state")), {"gm_approval"})
        self.assertEqual(self.appraisals.department_id, self.dept_team)

    def test_blocking_refuses_the_approval_naming_the_grade(self):
        with self.assertRefused(UserError, r"grade A has 2 where at most 1 .*1 over"):
            self.approve(self.appraisals)
        self.assertEqual(set(self.appraisals.mapped("state")), {"gm_approval"})

    def test_blocking_counts_the_approved_against_the_whole_group(self):
        self.approve(self.top[0] | self.others)
        self.assertEqual(set((self.top[0] | self.others).mapped("state")), {"done"})
        # the second A, alone, still makes two A in the department of ten
        with self.assertRefused(UserError, "1 over"):
            self.approve(self.top[1])
        self.assertEqual(self.top[1].state, "gm_approval")

    def test_small_group_allows_no_top_grade(self):
        # seven people: 5% of 7 is no one, and the one-person rule needs ten
        (self.appraisals[7:]).with_user(self.user_hr).action_cancel()
        with self.assertRefused(UserError, r"grade A has 1 where at most 0"):
            self.approve(self.top[0])
        status = self.campaign._kpi_distribution_status()[0]
        self.assertEqual(status["size"], 7)
        grade_a = status["grades"][0]
        self.assertEqual(
            (grade_a["code"], grade_a["max"], grade_a["count"]), ("A", 0, 2)
        )

    def test_warning_approves_and_notes_the_campaign(self):
        self.policy.mode = "warning"
        result = self.approve(self.appraisals)
        self.assertEqual(set(self.appraisals.mapped("state")), {"done"})
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("grade A has 2 where at most 1", result["params"]["message"])
        # one note for the batch, on the campaign, not on the appraisals
        notes = self.campaign.message_ids.filtered(lambda m: "1 over" in m.body)
        self.assertEqual(len(notes), 1)
        self.assertIn("优秀不超过5%", notes.body)
        self.assertFalse(
            self.appraisals.message_ids.filtered(lambda m: "1 over" in m.body)
        )

    def test_minimum_checked_once_the_group_is_complete(self):
        self.policy.line_ids.share = 20  # two A of ten allowed
        self.policy.line_ids = [Command.create(self._quota("E", "min", 10))]
        # maxima hold and part of the group is still to come: approved
        self.approve(self.appraisals[:-1])
        with self.assertRefused(UserError, r"grade E has 0 where at least 1"):
            self.approve(self.appraisals[-1])
        self.assertEqual(self.appraisals[-1].state, "gm_approval")

    def test_status_for_the_board(self):
        self.policy.line_ids = [Command.create(self._quota("C", "target", 65))]
        (status,) = self.campaign._kpi_distribution_status()
        self.assertEqual(status["policy"], self.policy)
        self.assertEqual(status["department"], self.dept_team)
        self.assertEqual((status["size"], status["counted"]), (10, 10))
        self.assertTrue(status["blocking"])
        by_code = {line["code"]: line for line in status["grades"]}
        self.assertEqual(list(by_code), ["A", "B", "C", "D", "E"])
        self.assertEqual(
            {k: by_code["A"][k] for k in ("count", "max", "min", "deviation")},
            {"count": 2, "max": 1, "min": 0, "deviation": 1},
        )
        # 65% of 10 = 6.5, target 7; 8 have C
        self.assertEqual((by_code["C"]["target"], by_code["C"]["deviation"]), (7, 1))
        self.assertEqual(
            status["violations"],
            [{"code": "A", "count": 2, "limit": 1, "kind": "over", "by": 1}],
        )
        self.assertEqual(
            self.campaign._kpi_distribution_status(department=self.dept_centre), []
        )
        self.assertIn("1 over", self.campaign.distribution_summary)

    def test_policy_limited_to_other_templates_does_not_count(self):
        self.policy.template_ids = self.create_template("T-OTHER")
        self.approve(self.appraisals)
        self.assertEqual(set(self.appraisals.mapped("state")), {"done"})

    def test_maximum_shares_under_100_refused_in_both_languages(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["hr_kpi_appraisal"], ["zh_CN"], overwrite=True
        )
        Policy = self.env["hr.kpi.distribution.policy"].with_user(self.user_hr)
        caps = [
            Command.create(self._quota(code, "max", share))
            for code, share in zip("ABCDE", (5, 15, 60, 10, 5), strict=True)
        ]
        values = {"name": "Caps", "code": "T-CAPS", "scale_id": self.grade_scale.id}
        with self.assertRefused(
            ValidationError, r"maximum shares add up to 95%, under 100%"
        ):
            Policy.create(dict(values, line_ids=caps))
        with self.assertRefused(ValidationError, "最高比例合计为 95%"):
            Policy.with_context(lang="zh_CN").create(dict(values, line_ids=caps))
        self.assertFalse(Policy.search([("code", "=", "T-CAPS")]))
        # a line raising an existing policy's caps under 100 is refused too
        with self.assertRefused(ValidationError, "under 100%"):
            self.policy.write(
                {"line_ids": [Command.create(self._quota(c, "max", 0)) for c in "BCDE"]}
            )
        self.assertEqual(len(self.policy.line_ids), 1)

    def test_share_outside_0_100_refused(self):
        for share in (-5, 120):
            with self.assertRefused(ValidationError, "from 0 to 100"):
                self.policy.line_ids.share = share
        with self.assertRefused(ValidationError, "not on the scale"):
            self.policy.line_ids.grade_id = self.env.ref(
                "hr_kpi_appraisal.kpi_grade_scale_p03_a"
            )
        self.assertEqual(self.policy.line_ids.share, 5)

    def test_rights(self):
        for user in (self.user_agent, self.user_lead):
            policy = self.policy.with_user(user)
            self.assertEqual(policy.line_ids.share, 5.0, "everyone reads")
            with self.assertRaises(AccessError):
                policy.mode = "warning"
            with self.assertRaises(AccessError):
                policy.line_ids.share = 50
            with self.assertRaises(AccessError):
                policy.copy()
        self.policy.with_user(self.user_hr).mode = "warning"

    def test_summary_xlsx_has_the_distribution_per_group(self):
        if openpyxl is None:
            self.skipTest("openpyxl is not installed")
        data = xlsx_appraisal.summary_xlsx(self.appraisals.with_user(self.user_hr))
        book = openpyxl.load_workbook(io.BytesIO(data))
        self.assertEqual(
            book.sheetnames, ["Summary", "Grade distribution", "Distribution policies"]
        )
        # the two at 100 points share the first place, the eight at 74 the third
        summary = list(book["Summary"].values)
        rank = summary[0].index("Rank in Department")
        self.assertEqual(summary[0][rank + 1], "Ranked Among")
        self.assertEqual(
            sorted((row[rank], row[rank + 1]) for row in summary[1:]),
            [(1, 10)] * 2 + [(3, 10)] * 8,
        )
        rows = list(book["Distribution policies"].values)
        self.assertEqual(
            rows[0][:7],
            ("Campaign", "Department", "Policy", "Mode", "People", "Grade", "Count"),
        )
        grade_a = rows[1]
        self.assertEqual(
            grade_a[:3], ("2026-10 呼叫中心", "呼叫中心 / 一组", "优秀不超过5%")
        )
        self.assertEqual(grade_a[3:8], ("Block the approval", 10, "A – 优秀", 2, 1))
        self.assertEqual(grade_a[11], "1 over")
        self.assertEqual(len(rows), 6)

    def test_seeded_policies(self):
        p04 = self.env.ref("hr_kpi_appraisal.kpi_distribution_policy_p04")
        self.assertEqual(p04.scale_id.code, "P03")
        self.assertEqual(
            sorted(
                (line.grade_id.code, line.kind, line.share) for line in p04.line_ids
            ),
            [
                ("a", "max", 5),
                ("b", "max", 15),
                ("c", "target", 65),
                ("d", "target", 10),
                ("e", "target", 5),
            ],
        )
        s32 = self.env.ref("hr_kpi_appraisal.kpi_distribution_policy_s32")
        self.assertEqual((s32.group_by, s32.mode), ("campaign", "warning"))
        self.assertEqual(s32.template_ids.code, "S32")
