from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import KpiCase

REPORT = "hr_kpi_appraisal.hr_kpi_appraisal_report"
RESULT = ["manager_score", "total_score", "grade_id", "veto_applied", "note"]


@tagged("post_install", "-at_install")
class TestResultPrivacy(KpiCase):
    """Before publication the employee learns nothing of the supervisor's
    scores and the result from their own appraisal, over any path a client
    can call: read, domains, grouping, export, print and onchange."""

    def setUp(self):
        super().setUp()
        self.appraisal = self.walk(self.create_appraisal())
        self.appraisal.sudo().note = "<p>Reliable on the phones</p>"
        self.as_agent = self.appraisal.with_user(self.user_agent)
        self.total = self.appraisal.total_score
        self.assertGreater(self.total, 0)

    def publish(self):
        self.appraisal.with_user(self.user_hr).action_publish()
        self.as_agent.invalidate_recordset()

    def test_read_shows_own_self_scores_and_no_result(self):
        [values] = self.as_agent.read(RESULT + ["self_score"])
        self.assertEqual(values["self_score"], self.appraisal.self_score)
        for fname in RESULT:
            self.assertFalse(values[fname], fname)
        lines = self.as_agent.line_ids.read(["self_points", "manager_points", "points"])
        self.assertTrue(any(line["self_points"] for line in lines))
        self.assertFalse(
            any(line["manager_points"] or line["points"] for line in lines)
        )
        [web] = self.as_agent.web_read(
            {
                "total_score": {},
                "grade_id": {"fields": {"display_name": {}}},
                "line_ids": {"fields": {"points": {}, "self_points": {}}},
            }
        )
        self.assertFalse(web["total_score"])
        self.assertFalse(web["grade_id"])
        self.assertFalse(any(line["points"] for line in web["line_ids"]))
        self.publish()
        [values] = self.as_agent.read(["total_score", "grade_id"], load=None)
        self.assertEqual(values["total_score"], self.total)
        self.assertEqual(values["grade_id"], self.appraisal.grade_id.id)

    def test_supervisor_and_hr_read_the_result(self):
        for user in (self.user_lead, self.user_hr):
            with self.subTest(user=user.name):
                [values] = self.appraisal.with_user(user).read(["total_score"])
                self.assertEqual(values["total_score"], self.total)

    def test_domains_and_grouping_learn_nothing(self):
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.user_agent)
        Line = self.env["hr.kpi.appraisal.line"].with_user(self.user_agent)
        own = [("id", "=", self.appraisal.id)]
        probes = [
            [("total_score", ">", 0)],
            [("total_score", "=", self.total)],
            [("grade_id", "!=", False)],
            [("grade_id.code", "=", self.appraisal.grade_id.code)],
        ]
        for probe in probes:
            with self.subTest(probe=probe):
                self.assertFalse(Appraisal.search_count(own + probe))
        self.assertFalse(
            Line.search_count(
                [("appraisal_id", "=", self.appraisal.id), ("points", ">", 0)]
            )
        )
        [(best,)] = Appraisal._read_group(own, [], ["total_score:max"])
        self.assertFalse(best)
        self.assertEqual(
            Appraisal.search(own, order="total_score desc"), self.appraisal
        )
        self.publish()
        for probe in probes:
            with self.subTest(probe=probe, published=True):
                self.assertEqual(Appraisal.search_count(own + probe), 1)
        [(best,)] = Appraisal._read_group(own, [], ["total_score:max"])
        self.assertEqual(best, self.total)

    def test_the_supervisor_searches_the_team_by_total(self):
        found = (
            self.env["hr.kpi.appraisal"]
            .with_user(self.user_lead)
            .search([("id", "=", self.appraisal.id), ("total_score", "=", self.total)])
        )
        self.assertEqual(found, self.appraisal)

    def test_export_and_print_wait_for_publication(self):
        self.user_agent.groups_id += self.env.ref("base.group_allow_export")
        self.assertEqual(
            self.as_agent.export_data(["name", "self_score"])["datas"][0][0],
            self.appraisal.name,
        )
        for fields_to_export in (["total_score"], ["grade_id/id"], ["line_ids/points"]):
            with self.subTest(fields=fields_to_export), self.assertRaises(AccessError):
                self.as_agent.export_data(fields_to_export)
        Report = self.env["ir.actions.report"].with_user(self.user_agent)
        with self.assertRaises(AccessError):
            Report._render_qweb_html(REPORT, self.appraisal.ids)
        with self.assertRaises(AccessError):
            self.env["report.hr_kpi_appraisal.appraisal_xlsx"].with_user(
                self.user_agent
            ).action_forms(self.as_agent)
        self.publish()
        self.assertEqual(
            self.as_agent.export_data(["total_score"])["datas"], [[self.total]]
        )
        html, __ = Report._render_qweb_html(REPORT, self.appraisal.ids)
        self.assertIn(self.appraisal.employee_id.name, html.decode())

    def test_onchange_does_not_tell_the_new_total(self):
        line = self.line(self.appraisal, "ATT")
        spec = {
            "total_score": {},
            "manager_score": {},
            "line_ids": {"fields": {"manager_value": {}, "points": {}}},
        }
        change = {"line_ids": [Command.update(line.id, {"manager_value": 10})]}
        as_hr = self.appraisal.with_user(self.user_hr).onchange(
            change, ["line_ids"], spec
        )
        self.assertIn("total_score", as_hr["value"])
        as_agent = self.as_agent.onchange(change, ["line_ids"], spec)
        self.assertNotIn("total_score", as_agent["value"])
        self.assertNotIn("manager_score", as_agent["value"])
        for command in as_agent["value"].get("line_ids", []):
            self.assertNotIn("points", command[2])
