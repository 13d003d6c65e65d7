from psycopg2.errors import UniqueViolation

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestConfigurationConstraints(KpiCase):
    """Templates, bands, grade scales and pay rules that cannot be scored are refused."""

    def setUp(self):
        super().setUp()
        self.kpi = self.template.section_ids.filtered(lambda s: s.code == "KPI")

    def assertRefusedMentioning(self, text, function, *args, **kwargs):
        """``function`` raises a ValidationError whose message contains ``text``."""
        with self.assertRaises(ValidationError) as caught:
            function(*args, **kwargs)
        self.assertIn(text, str(caught.exception))
        return caught.exception

    def new_indicator(self, **values):
        return self.env["hr.kpi.indicator"].create(
            dict(
                {
                    "section_id": self.kpi.id,
                    "code": "FCR",
                    "name": "首次解决率",
                    "max_points": 10.0,
                    "scoring_method": "bands",
                },
                **values,
            )
        )

    # ------------------------------------------------------------------
    # Templates
    # ------------------------------------------------------------------

    def test_section_weights_must_add_up_to_100(self):
        values = self._template_values(code="T-BAD", name="坏方案 80+30")
        values["section_ids"][1][2]["weight"] = 30.0
        self.assertRefusedMentioning(
            "坏方案 80+30", self.env["hr.kpi.template"].create, values
        )
        self.assertFalse(self.env["hr.kpi.template"].search([("code", "=", "T-BAD")]))
        # editing an existing template the same way
        kpi, cpi = self.template.section_ids
        error = self.assertRefusedMentioning(
            "话务员 monthly",
            self.template.write,
            {"section_ids": [Command.update(kpi.id, {"weight": 70.0})]},
        )
        self.assertIn("90", str(error))
        self.assertEqual(self.template.section_ids.mapped("weight"), [80.0, 20.0])
        # both weights at once is fine
        self.template.write(
            {
                "section_ids": [
                    Command.update(kpi.id, {"weight": 70.0}),
                    Command.update(cpi.id, {"weight": 30.0}),
                ]
            }
        )
        self.assertEqual(self.template.total_weight, 100.0)

    def test_reviewer_weights_must_add_up_to_100(self):
        self.assertRefusedMentioning(
            "话务员 monthly",
            self.template.write,
            {"self_weight": 30.0, "manager_weight": 60.0},
        )
        self.assertEqual(self.template.manager_weight, 70.0)

    def test_overlapping_bands(self):
        self.assertRefusedMentioning(
            "首次解决率",
            self.new_indicator,
            band_ids=[
                Command.create(
                    {"lower": 0, "upper": 60, "upper_inclusive": True, "points": 0}
                ),
                Command.create({"lower": 50, "has_upper": False, "points": 10}),
            ],
        )
        self.assertFalse(
            self.template.indicator_ids.filtered(lambda i: i.code == "FCR")
        )

    def test_gapped_bands(self):
        error = self.assertRefusedMentioning(
            "FCR",
            self.new_indicator,
            band_ids=[
                Command.create({"lower": 0, "upper": 50, "points": 0}),
                Command.create({"lower": 60, "has_upper": False, "points": 10}),
            ],
        )
        self.assertIn("首次解决率", str(error))

    def test_band_edit_that_opens_a_gap(self):
        resp = self.template.indicator_ids.filtered(lambda i: i.code == "RESP")
        top = resp.band_ids.filtered(lambda b: not b.has_upper)
        self.assertRefusedMentioning(
            "平均响应时间",
            resp.write,
            {"band_ids": [Command.update(top.id, {"lower": 120})]},
        )
        self.assertEqual(top.lower, 100)
        # bands that meet where exactly one of them includes the edge are fine
        indicator = self.new_indicator(
            band_ids=[
                Command.create({"lower": 0, "upper": 80, "points": 0}),
                Command.create({"lower": 80, "has_upper": False, "points": 10}),
            ],
        )
        self.assertEqual(len(indicator.band_ids), 2)

    def test_floor_above_max(self):
        self.assertRefusedMentioning(
            "首次解决率",
            self.new_indicator,
            scoring_method="deduction",
            floor_points=12.0,
            event_ids=[Command.create({"code": "miss", "name": "漏回", "points": -2})],
        )
        compl = self.template.indicator_ids.filtered(lambda i: i.code == "COMPL")
        self.assertRefusedMentioning("投诉次数", compl.write, {"floor_points": 31.0})
        self.assertEqual(compl.floor_points, 0.0)

    def test_veto_indicator_has_no_points(self):
        veto = self.template.indicator_ids.filtered(lambda i: i.code == "VETO")
        self.assertRefusedMentioning("重大服务事故", veto.write, {"max_points": 5.0})
        self.assertEqual(veto.max_points, 0.0)

    # ------------------------------------------------------------------
    # Grade scales and pay rules
    # ------------------------------------------------------------------

    def test_grade_scale_with_duplicate_minimum(self):
        self.assertRefusedMentioning(
            "三级",
            self.env["hr.kpi.grade.scale"].create,
            {
                "name": "三级",
                "code": "T-BAD-GRADES",
                "grade_ids": [
                    Command.create({"code": "A", "name": "优", "min_score": 80}),
                    Command.create({"code": "B", "name": "良", "min_score": 80}),
                    Command.create({"code": "C", "name": "差", "min_score": 0}),
                ],
            },
        )
        grade_b = self.grade_scale.grade_ids.filtered(lambda g: g.code == "B")
        with self.assertRaises(ValidationError):
            self.grade_scale.write(
                {"grade_ids": [Command.update(grade_b.id, {"min_score": 95})]}
            )
        self.assertEqual(grade_b.min_score, 80)

    def test_grade_scale_without_a_grade_from_zero(self):
        with self.assertRaises(ValidationError):
            self.env["hr.kpi.grade.scale"].create(
                {
                    "name": "No floor",
                    "code": "T-NOFLOOR",
                    "grade_ids": [
                        Command.create({"code": "A", "name": "优", "min_score": 90}),
                        Command.create({"code": "B", "name": "良", "min_score": 60}),
                    ],
                }
            )

    def test_pay_rule_tiers_need_a_tier_from_zero(self):
        self.assertRefusedMentioning(
            "Gaps below 70",
            self.env["hr.kpi.pay.rule"].create,
            {
                "name": "Gaps below 70",
                "code": "T-BAD-PAY",
                "method": "tiered",
                "tier_ids": [
                    Command.create({"min_score": 70, "rate": 100, "by_score": True}),
                    Command.create({"min_score": 90, "rate": 100}),
                ],
            },
        )
        zero_tier = self.pay_rule.tier_ids.filtered(lambda t: t.min_score == 0)
        with self.assertRaises(ValidationError):
            self.pay_rule.write({"tier_ids": [Command.delete(zero_tier.id)]})
        self.assertEqual(len(self.pay_rule.tier_ids), 3)

    def test_pay_rule_rate_not_negative(self):
        tier = self.pay_rule.tier_ids.filtered(lambda t: t.min_score == 90)
        with self.assertRaises(ValidationError):
            tier.rate = -10
        self.assertEqual(tier.rate, 100)

    # ------------------------------------------------------------------
    # Duplication
    # ------------------------------------------------------------------

    def test_duplicate_template(self):
        copy = self.template.copy()
        self.assertEqual(copy.code, "T-AGENT-COPY")
        self.assertEqual(copy.name, self.template.name)
        self.assertEqual(
            copy.section_ids.mapped("code"), self.template.section_ids.mapped("code")
        )
        self.assertEqual(
            copy.section_ids.mapped("weight"),
            self.template.section_ids.mapped("weight"),
        )
        self.assertEqual(
            copy.indicator_ids.mapped("code"),
            self.template.indicator_ids.mapped("code"),
        )
        self.assertFalse(copy.indicator_ids & self.template.indicator_ids)
        self.assertEqual(copy.indicator_ids.template_id, copy)
        resp = self.template.indicator_ids.filtered(lambda i: i.code == "RESP")
        resp_copy = copy.indicator_ids.filtered(lambda i: i.code == "RESP")
        self.assertEqual(len(resp_copy.band_ids), 3)
        self.assertFalse(resp_copy.band_ids & resp.band_ids)
        self.assertEqual(
            resp_copy.band_ids.mapped("points"), resp.band_ids.mapped("points")
        )
        cust_copy = copy.indicator_ids.filtered(lambda i: i.code == "CUST")
        self.assertEqual(cust_copy.level_ids.mapped("points"), [10, 20, 30, 40, 50])
        compl_copy = copy.indicator_ids.filtered(lambda i: i.code == "COMPL")
        self.assertEqual(compl_copy.event_ids.mapped("points"), [-10])
        self.assertEqual(copy.grade_scale_id, self.template.grade_scale_id)
        self.assertEqual(copy.pay_rule_id, self.template.pay_rule_id)

        # the copy is edited on its own
        att_copy = copy.indicator_ids.filtered(lambda i: i.code == "ATT")
        att_copy.write({"max_points": 50.0, "name": "服务态度（新）"})
        resp_copy.write(
            {
                "band_ids": [
                    Command.update(band.id, {"points": 25})
                    for band in resp_copy.band_ids
                    if band.points == 20
                ]
            }
        )
        copy.write({"name": "话务员 monthly v2"})
        att = self.template.indicator_ids.filtered(lambda i: i.code == "ATT")
        self.assertEqual(att.max_points, 40.0)
        self.assertEqual(att.name, "服务态度")
        self.assertEqual(sorted(resp.band_ids.mapped("points")), [0, 20, 30])
        self.assertEqual(self.template.name, "话务员 monthly")
        appraisal = self.create_appraisal(template=copy)
        self.assertEqual(self.line(appraisal, "ATT").max_points, 50.0)

        # a second copy gets the next free code
        self.assertEqual(self.template.copy().code, "T-AGENT-COPY2")
        self.assertEqual(copy.copy().code, "T-AGENT-COPY-COPY")
        self.assertEqual(self.grade_scale.copy().code, "T-GRADES-COPY")
        self.assertEqual(self.pay_rule.copy().code, "T-PAY-COPY")

    @mute_logger("odoo.sql_db")
    def test_template_code_is_unique(self):
        with self.assertRaises(UniqueViolation):
            self.env["hr.kpi.template"].create(self._template_values(code="T-AGENT"))
        self.assertEqual(
            self.env["hr.kpi.template"].search_count([("code", "=", "T-AGENT")]), 1
        )
