import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import KpiCase

HEADERS = [
    "Employee No.",
    "Employee",
    "Period",
    "Conversion rate [CONV]",
    "Talk time [TALK]",
    "Response time [RESP]",
    "Complaints · 有效投诉 [COMPL.complaint]",
    "Team rank [RANK]",
    "Team rank · Group size [RANK.group_size]",
    "Calls · 接听量 [FORM.calls]",
    "Major incident [VETO]",
]
ENGLISH = ",".join(HEADERS[:1] + HEADERS[3:])


@tagged("post_install", "-at_install")
class TestActualsImport(KpiCase):
    """Template, file import and RPC of measured values for a call-centre team.

    王芳 (1001) and 张伟 (1002) are appraised on T-CALL in supervisor review; the
    HR officer (2001) is an employee without an appraisal in the set.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.emp_agent.barcode = "1001"
        cls.emp_peer.barcode = "1002"
        cls.emp_hr.barcode = "2001"
        cls.call_template = cls.env["hr.kpi.template"].create(
            {
                "name": "Call centre",
                "code": "T-CALL",
                "self_review": False,
                "grade_scale_id": cls.grade_scale.id,
                "section_ids": [
                    Command.create(
                        {
                            "code": "KPI",
                            "name": "业绩",
                            "weight": 100.0,
                            "indicator_ids": [
                                Command.create(values)
                                for values in cls._call_indicators()
                            ],
                        }
                    )
                ],
            }
        )
        zh_names = {
            "ATT": "服务态度",
            "CONV": "转化率",
            "TALK": "通话时长",
            "RESP": "平均响应时间",
            "COMPL": "投诉",
            "RANK": "团队排名",
            "FORM": "接听量考核",
            "VETO": "重大服务事故",
        }
        for indicator in cls.call_template.indicator_ids:
            indicator.with_context(lang="zh_CN").name = zh_names[indicator.code]
        cls.appraisals = cls.env["hr.kpi.appraisal"]
        for employee in (cls.emp_agent, cls.emp_peer):
            appraisal = (
                cls.env["hr.kpi.appraisal"]
                .with_user(cls.user_hr)
                .create(
                    dict(
                        cls.period,
                        employee_id=employee.id,
                        template_id=cls.call_template.id,
                    )
                )
            )
            appraisal.action_start()
            cls.appraisals |= appraisal
        cls.agent_appraisal, cls.peer_appraisal = cls.appraisals

    @staticmethod
    def _call_indicators():
        return [
            {
                "code": "ATT",
                "name": "Attitude",
                "max_points": 10.0,
                "scoring_method": "points",
            },
            {
                "code": "CONV",
                "name": "Conversion rate",
                "max_points": 20.0,
                "scoring_method": "ratio",
                "target_value": 20.0,
            },
            {
                "code": "TALK",
                "name": "Talk time",
                "max_points": 20.0,
                "scoring_method": "range",
                "range_low": 4.0,
                "range_high": 6.0,
                "below_points": 5.0,
                "above_points": 0.0,
            },
            {
                "code": "RESP",
                "name": "Response time",
                "max_points": 30.0,
                "scoring_method": "bands",
                "direction": "lower",
                "band_ids": [
                    Command.create(
                        {
                            "lower": 0,
                            "upper": 180,
                            "upper_inclusive": True,
                            "points": 30,
                        }
                    ),
                    Command.create(
                        {
                            "lower": 180,
                            "lower_inclusive": False,
                            "upper": 300,
                            "upper_inclusive": True,
                            "points": 20,
                        }
                    ),
                    Command.create(
                        {
                            "lower": 300,
                            "lower_inclusive": False,
                            "has_upper": False,
                            "points": 0,
                        }
                    ),
                ],
            },
            {
                "code": "COMPL",
                "name": "Complaints",
                "max_points": 10.0,
                "scoring_method": "deduction",
                "event_ids": [
                    Command.create(
                        {"code": "complaint", "name": "有效投诉", "points": -5}
                    )
                ],
            },
            {
                "code": "RANK",
                "name": "Team rank",
                "max_points": 10.0,
                "scoring_method": "rank",
            },
            {
                "code": "FORM",
                "name": "Calls",
                "max_points": 10.0,
                "scoring_method": "linear",
                "input_ids": [
                    Command.create(
                        {"code": "calls", "name": "接听量", "coefficient": 0.01}
                    )
                ],
            },
            {
                "code": "VETO",
                "name": "Major incident",
                "max_points": 0.0,
                "scoring_method": "veto",
                "veto_action": "zero",
            },
        ]

    # helpers -------------------------------------------------------------

    def wizard(self, user=None, appraisals=None):
        appraisals = self.appraisals if appraisals is None else appraisals
        user = user or self.user_hr
        return (
            self.env["hr.kpi.actuals.import"]
            .with_user(user)
            .with_context(
                lang=user.lang,
                active_model="hr.kpi.appraisal",
                active_ids=appraisals.ids,
            )
            .create({})
        )

    def measured(self):
        """Every measured value of the two appraisals, to compare before/after."""
        self.env.invalidate_all()
        return {
            (line.appraisal_id.id, line.code): (
                line.actual_value,
                line.rank,
                line.group_size,
                line.veto_triggered,
                tuple(line.input_ids.mapped("value")),
                line.points,
            )
            for line in self.appraisals.line_ids
        }

    def import_file(self, content, name, user=None):
        wizard = self.wizard(user)
        wizard.write({"import_file": base64.b64encode(content), "import_name": name})
        return wizard, wizard.action_import()

    @staticmethod
    def sheet_rows(data):
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(data)))
        return book.worksheets[0], [
            list(row) for row in book.worksheets[0].iter_rows(values_only=True)
        ]

    def report(self, wizard):
        self.assertTrue(wizard.report_file, "an error report is attached")
        _sheet, rows = self.sheet_rows(wizard.report_file)
        self.assertEqual(rows[0], ["Row", "Column", "Value", "Reason"])
        return rows[1:]

    def points(self, appraisal):
        return {line.code: line.points for line in appraisal.line_ids}

    # template ------------------------------------------------------------

    def test_template(self):
        wizard = self.wizard()
        action = wizard.action_download_template()
        self.assertEqual(action["target"], "download")
        self.assertIn(f"/{wizard.id}/template_file/", action["url"])
        sheet, rows = self.sheet_rows(wizard.template_file)
        self.assertEqual(rows[0], HEADERS)
        blanks = [None] * 5
        self.assertEqual(rows[1], ["1002", "张伟", "2026-10", *blanks, 2, None, None])
        self.assertEqual(rows[2], ["1001", "王芳", "2026-10", *blanks, 2, None, None])
        self.assertEqual(len(rows), 3)
        self.assertEqual(sheet.freeze_panes, "D2")
        self.assertEqual(sheet["I2"].number_format, "0")
        self.assertEqual(sheet["A2"].number_format, "@")
        self.assertTrue(sheet["A1"].font.b)
        validation = sheet.data_validations.dataValidation[0]
        self.assertEqual(str(validation.sqref), "K2:K3")
        self.assertEqual(validation.formula1, '"Yes,No"')
        self.assertEqual(sheet.column_dimensions["D"].number_format, "0.00")
        self.assertEqual(sheet.column_dimensions["E"].number_format, "0.00")

        self.user_hr.lang = "zh_CN"
        wizard = self.wizard()
        wizard.action_download_template()
        _sheet, rows = self.sheet_rows(wizard.template_file)
        self.assertEqual(
            rows[0][3:6], ["转化率 [CONV]", "通话时长 [TALK]", "平均响应时间 [RESP]"]
        )
        self.assertEqual(rows[0][6], "投诉 · 有效投诉 [COMPL.complaint]")

    def test_template_marks_missing_indicators(self):
        """T-AGENT shares RESP, COMPL and VETO with T-CALL; its other cells are grey."""
        other = self.create_appraisal(employee=self.emp_lead)
        wizard = self.wizard(appraisals=self.appraisals | other)
        wizard.action_download_template()
        sheet, rows = self.sheet_rows(wizard.template_file)
        self.assertEqual(rows[0], HEADERS)
        self.assertEqual([row[1] for row in rows[1:]], ["张伟", "李强", "王芳"])
        self.assertEqual(rows[2][:3], ["", "李强", "2026-10"])
        self.assertEqual(rows[2][8], None, "no group size without a rank line")
        grey = [
            sheet.cell(3, col).fill.fgColor.rgb == "FFE7E6E6" for col in range(4, 12)
        ]
        self.assertEqual(grey, [True, True, False, False, True, True, True, False])
        header = "Employee,Conversion rate [CONV],Response time [RESP]\n"
        wizard.write({"import_file": base64.b64encode(f"{header}李强,5,60\n".encode())})
        wizard.action_import()
        self.assertEqual(
            self.report(wizard),
            [
                [
                    2,
                    "Conversion rate [CONV]",
                    "5",
                    "CONV is not on the appraisal of 李强.",
                ]
            ],
        )
        wizard.write({"import_file": base64.b64encode(f"{header}李强,,60\n".encode())})
        self.assertEqual(wizard.action_import()["tag"], "display_notification")
        self.assertEqual(self.line(other, "RESP").points, 20.0)

    def test_campaign(self):
        campaign = self.env["hr.kpi.campaign"].create(
            {"name": "2026-10 客服", "date_from": date(2026, 10, 1)}
        )
        cancelled = self.create_appraisal(employee=self.emp_lead)
        cancelled.action_cancel()
        (self.appraisals | cancelled)._kpi_system().campaign_id = campaign
        form = campaign.get_view(view_type="form")["arch"]
        self.assertIn("Import Actuals", form)
        wizard = (
            self.env["hr.kpi.actuals.import"]
            .with_user(self.user_hr)
            .with_context(
                active_model="hr.kpi.campaign",
                active_id=campaign.id,
                default_campaign_id=campaign.id,
            )
            .create({})
        )
        self.assertEqual(wizard.appraisal_ids, self.appraisals)
        wizard.action_download_template()
        self.assertEqual(wizard.template_name, "KPI actuals 2026-10 客服.xlsx")
        _sheet, rows = self.sheet_rows(wizard.template_file)
        self.assertEqual([row[0] for row in rows[1:]], ["1002", "1001"])
        # a supervisor gets the campaign's appraisals of their team only
        self.emp_peer.parent_id = self.emp_gm
        wizard = (
            self.env["hr.kpi.actuals.import"]
            .with_user(self.user_lead)
            .with_context(default_campaign_id=campaign.id)
            .create({})
        )
        self.assertEqual(wizard.appraisal_ids, self.agent_appraisal)

    # import: happy paths -------------------------------------------------

    def test_import_xlsx(self):
        wizard = self.wizard()
        wizard.action_download_template()
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(wizard.template_file))
        )
        sheet = book.worksheets[0]
        # row 2: 张伟, row 3: 王芳
        for col, value in zip("DEFGHJK", ["25%", "4.5小时", "200秒", 1, 1, 800, "No"]):
            sheet[f"{col}3"] = value
        for col, value in zip("EFGHJK", ["3.5 h", 90, 0, 2, "1,200", "否"]):
            sheet[f"{col}2"] = value
        sheet["D2"] = 0.15
        sheet["D2"].number_format = "0%"
        output = io.BytesIO()
        book.save(output)
        wizard.write(
            {
                "import_file": base64.b64encode(output.getvalue()),
                "import_name": "actuals.xlsx",
            }
        )
        action = wizard.action_import()
        self.assertFalse(wizard.error_preview)
        self.assertEqual(action["tag"], "display_notification")
        agent = self.points(self.agent_appraisal)
        self.assertEqual(
            [agent[code] for code in ("CONV", "TALK", "RESP", "COMPL", "RANK", "FORM")],
            [20.0, 20.0, 20.0, 5.0, 10.0, 8.0],
        )
        peer = self.points(self.peer_appraisal)
        self.assertEqual(
            [peer[code] for code in ("CONV", "TALK", "RESP", "COMPL", "RANK", "FORM")],
            [15.0, 17.5, 30.0, 10.0, 0.0, 10.0],
        )
        line = self.line(self.agent_appraisal, "RESP")
        self.assertEqual(line.actual_value, 200.0)
        self.assertEqual(self.line(self.peer_appraisal, "CONV").actual_value, 15.0)
        self.assertEqual(self.line(self.agent_appraisal, "RANK").group_size, 2)
        for appraisal in self.appraisals:
            notes = appraisal.message_ids.filtered(
                lambda m: "Actual values imported from actuals.xlsx" in m.body
            )
            self.assertEqual(len(notes), 1)
            self.assertEqual(notes.author_id, self.user_hr.partner_id)

    def test_import_csv_chinese_headers(self):
        utf8 = (
            "工号,姓名,转化率,通话时长,响应时间【RESP】,投诉 · 有效投诉,团队排名,"
            "团队排名 · 参与排名人数,接听量考核 · calls,重大服务事故\n"
            "1001,王芳,25%,4.5小时,200秒,１,1,2,800,否\n"
        )
        gbk = (
            "姓名,期间,转化率,平均响应时间,重大服务事故\n张伟,2026年10月,10%,300秒,是\n"
        )
        cases = [
            ("utf-8-sig", utf8, self.agent_appraisal, {"CONV": 20.0, "TALK": 20.0}),
            ("gbk", gbk, self.peer_appraisal, {"CONV": 10.0, "RESP": 20.0}),
        ]
        for encoding, content, appraisal, expected in cases:
            with self.subTest(encoding=encoding):
                wizard, action = self.import_file(
                    content.encode(encoding), f"actuals_{encoding}.csv"
                )
                self.assertFalse(wizard.error_preview)
                self.assertEqual(action["tag"], "display_notification")
                points = self.points(appraisal)
                for code, value in expected.items():
                    self.assertEqual(points[code], value)
        self.assertEqual(self.line(self.agent_appraisal, "RESP").actual_value, 200.0)
        self.assertEqual(self.line(self.agent_appraisal, "COMPL").input_ids.value, 1.0)
        self.assertEqual(self.line(self.agent_appraisal, "FORM").points, 8.0)
        self.assertFalse(self.line(self.agent_appraisal, "VETO").veto_triggered)
        self.assertTrue(self.line(self.peer_appraisal, "VETO").veto_triggered)
        self.assertEqual(self.peer_appraisal.total_score, 0.0)
        self.assertGreater(self.agent_appraisal.total_score, 0.0)

    # import: bad rows ----------------------------------------------------

    def test_bad_rows_write_nothing(self):
        good = "1002,15%,5,90,0,1,2,100,No"
        cases = [
            # (file lines after the header, header, row, column, reason)
            (
                ["9999,25%,5,90,0,1,2,100,No"],
                ENGLISH,
                2,
                "Employee No.",
                "No employee has the number “9999”.",
            ),
            (
                ["2001,25%,5,90,0,1,2,100,No"],
                ENGLISH,
                2,
                "Employee No.",
                "HR Officer has no appraisal among those being imported.",
            ),
            (
                ["1001,25%,5,90,0,1,2,100,No,7"],
                ENGLISH + ",Foo [FOO]",
                1,
                "Foo [FOO]",
                "Unknown indicator “Foo [FOO]”",
            ),
            (
                ["1001,25%,5,fast,0,1,2,100,No"],
                ENGLISH,
                2,
                "Response time [RESP]",
                "“fast” is not a number.",
            ),
            (
                ["1001,25%,5,90,0,1,2,100,No", "1001,20%,5,90,0,1,2,100,No"],
                ENGLISH,
                3,
                "Employee No.",
                "Duplicate row: 王芳 is already on row 2.",
            ),
            (
                ["1001,25%,5,-5秒,0,1,2,100,No"],
                ENGLISH,
                2,
                "Response time [RESP]",
                "value -5 is outside the bands",
            ),
            (
                ["1001,25%,5,90,-1,1,2,100,No"],
                ENGLISH,
                2,
                "Complaints · 有效投诉 [COMPL.complaint]",
                "counts.complaint = -1 is outside [0, ∞]",
            ),
            (
                ["1001,25%,5,90,0,3,2,100,No"],
                ENGLISH,
                2,
                "Team rank [RANK]",
                "rank = 3 is outside [1, 2]",
            ),
            (
                ["1001,25%,5,90,0,1.5,2,100,No"],
                ENGLISH,
                2,
                "Team rank [RANK]",
                "1.5 is not a whole number.",
            ),
            (
                ["1001,25%,5,90,0,1,2,100,maybe"],
                ENGLISH,
                2,
                "Major incident [VETO]",
                "“maybe” is neither yes nor no.",
            ),
        ]
        before = self.measured()
        for lines, header, row, column, reason in cases:
            with self.subTest(reason=reason):
                content = "\n".join([header, *lines, good]) + "\n"
                wizard, action = self.import_file(content.encode(), "bad.csv")
                self.assertEqual(action["res_id"], wizard.id)
                self.assertEqual(self.measured(), before, "nothing is written")
                report = self.report(wizard)
                self.assertEqual(wizard.error_count, len(report))
                self.assertTrue(
                    any(
                        entry[0] == row and entry[1] == column and reason in entry[3]
                        for entry in report
                    ),
                    report,
                )
                self.assertIn(reason, wizard.error_preview)
        self.assertFalse(
            self.agent_appraisal.message_ids.filtered(
                lambda m: "Actual values imported" in (m.body or "")
            )
        )

    # rights --------------------------------------------------------------

    def test_rights(self):
        with self.assertRaises(AccessError):
            self.wizard(user=self.user_agent)
        before = self.measured()
        rows = [{"employee": "1001", "period": "2026-10", "values": {"RESP": 90}}]
        Appraisal = self.env["hr.kpi.appraisal"]
        result = Appraisal.with_user(self.user_agent).import_actuals(rows)
        self.assertFalse(result["ok"])
        self.assertEqual(result["errors"][0]["field"], "employee")
        self.assertIn("You cannot change", result["errors"][0]["reason"])
        self.assertEqual(self.measured(), before)
        # the team lead enters his team's actuals in supervisor review only
        draft = self.create_appraisal(
            employee=self.emp_peer,
            template=self.call_template,
            date_from=date(2026, 11, 1),
            date_to=date(2026, 11, 30),
        )
        rows.append({"employee": "1002", "period": "2026-11", "values": {"RESP": 90}})
        result = Appraisal.with_user(self.user_lead).import_actuals(rows)
        self.assertEqual([e["row"] for e in result["errors"]], [1])
        self.assertEqual(self.line(draft, "RESP").actual_value, 0.0)
        wizard, action = self.import_file(
            f"{ENGLISH}\n1001,,,90\n".encode(), "lead.csv", user=self.user_lead
        )
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self.line(self.agent_appraisal, "RESP").actual_value, 90.0)
        self.assertEqual(
            wizard.with_user(self.user_hr).search([("id", "=", wizard.id)]),
            self.env["hr.kpi.actuals.import"],
            "another user does not see the wizard",
        )

    # RPC -----------------------------------------------------------------

    def test_rpc(self):
        rows = [
            {
                "employee": "1001",
                "period": "2026-10",
                "values": {"RESP": "200秒", "COMPL.complaint": 2, "VETO": False},
            },
            {
                "employee": self.emp_peer.id,
                "period": "2026-10-01",
                "values": {"CONV": "25%", "RANK": 1, "RANK.group_size": 2},
            },
        ]
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.user_hr)
        before = self.measured()
        result = Appraisal.import_actuals(rows, dry_run=True)
        self.assertEqual(result, {"ok": True, "errors": [], "updated": 2})
        self.assertEqual(self.measured(), before)
        result = Appraisal.import_actuals(rows)
        self.assertEqual(result, {"ok": True, "errors": [], "updated": 2})
        self.assertEqual(self.line(self.agent_appraisal, "RESP").points, 20.0)
        self.assertEqual(self.line(self.agent_appraisal, "COMPL").points, 0.0)
        self.assertEqual(self.line(self.peer_appraisal, "CONV").points, 20.0)
        self.assertEqual(self.line(self.peer_appraisal, "RANK").points, 10.0)
        notes = self.agent_appraisal.message_ids.filtered(
            lambda m: "an integration (import_actuals)" in (m.body or "")
        )
        self.assertEqual(len(notes), 1)

        before = self.measured()
        bad = [
            {"employee": "9999", "period": "2026-10", "values": {"RESP": 1}},
            {
                "employee": "1001",
                "period": "2026-10",
                "values": {"NOPE": 1, "RESP": "abc", "ATT": 5},
            },
            "not a row",
            {"employee": "1002", "values": {"RESP": 1}},
            {"employee": "1002", "period": "10/2026", "values": {"RESP": 1}},
            {"employee": "1002", "period": "2026-09", "values": {"RESP": 1}},
            {"employee": self.emp_peer.id, "period": "2026-10", "values": {"TALK": 5}},
        ]
        result = Appraisal.import_actuals(bad, dry_run=True)
        self.assertFalse(result["ok"])
        self.assertEqual(result["updated"], 0)
        found = [(e["row"], e["field"], e["value"]) for e in result["errors"]]
        self.assertEqual(
            found,
            [
                (0, "employee", "9999"),
                (1, "NOPE", 1),
                (1, "RESP", "abc"),
                (1, "ATT", 5),
                (2, "values", "not a row"),
                (3, "period", None),
                (4, "period", "10/2026"),
                (5, "employee", "1002"),
            ],
        )
        self.assertTrue(all(e["reason"] for e in result["errors"]))
        self.assertEqual(Appraisal.import_actuals(bad)["updated"], 0)
        self.assertEqual(self.measured(), before)
