import base64
import io
import math
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import SQL

from ..engine import JUDGED_METHODS, METHOD_INPUTS, METHODS
from ..models.hr_kpi_indicator import SCORING_METHODS
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


class ActualsImportCase(KpiCase):
    """A call-centre team whose measured values are imported.

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


@tagged("post_install", "-at_install")
class TestActualsImport(ActualsImportCase):
    """Template, file import and RPC of measured values."""

    # the engine's method → input table -----------------------------------

    def test_lines_read_the_method_table(self):
        """The methods, the line's booleans and its engine input follow the
        engine's METHOD_INPUTS."""
        self.assertEqual([key for key, _label in SCORING_METHODS], list(METHODS))
        lines = self.agent_appraisal.line_ids
        # every measured method but average, and a judged one
        self.assertEqual(
            set(lines.mapped("scoring_method")),
            set(METHODS) - JUDGED_METHODS - {"average"} | {"points"},
        )
        for line in lines:
            keys = METHOD_INPUTS[line.scoring_method]
            with self.subTest(line=line.code):
                self.assertEqual(line.is_judged, keys == ("value",))
                self.assertEqual(line.uses_actual, "actual" in keys)
                self.assertEqual(line.uses_rank, "rank" in keys)
                self.assertEqual(line.uses_veto, "veto" in keys)
                engine_line = line._engine_line()
                self.assertEqual(set(engine_line["self"]), set(keys))
                self.assertEqual(set(engine_line["manager"]), set(keys))

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
                "COMPL.complaint = -1 is outside [0, 100000]",
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


@tagged("post_install", "-at_install")
class TestActualsImportIntegrity(ActualsImportCase):
    """What the import reveals, what it accepts and how it writes.

    Each test starts with the call that used to succeed (or crash): the names of
    employees read back by badge number, junk read as numbers, periods and
    bounds that raised, a dry run that wrote, rows written in the order given.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.emp_gm.barcode = "3001"
        cls.emp_lead.barcode = "4001"

    def rpc(self, user, rows, dry_run=True):
        Appraisal = self.env["hr.kpi.appraisal"].with_user(user)
        return Appraisal.import_actuals(rows, dry_run=dry_run)

    @staticmethod
    def row(employee, values=None, period="2026-10"):
        return {"employee": employee, "period": period, "values": values or {"RESP": 1}}

    def notes(self):
        return self.appraisals.message_ids.filtered(
            lambda m: "Actual values imported" in (m.body or "")
        )

    # badge enumeration -----------------------------------------------------

    def test_badge_enumeration_reveals_no_name(self):
        """Badges 0000–9999 used to give back every holder's name in the errors."""
        unknown = "No employee has the number “{}”."
        outsiders = {
            # user: badges of employees whose appraisals the user cannot read
            self.user_agent: ["1002", "2001", "3001", "4001"],
            self.user_lead: ["2001", "3001", "4001"],
        }
        names = ["HR Officer", "General Manager", "李强"]
        for user, badges in outsiders.items():
            with self.subTest(user=user.login):
                rows = [self.row(badge) for badge in [*badges, "0000", "9999"]]
                result = self.rpc(user, rows)
                self.assertFalse(result["ok"])
                self.assertEqual(
                    [(e["row"], e["field"], e["reason"]) for e in result["errors"]],
                    [
                        (index, "employee", unknown.format(row["employee"]))
                        for index, row in enumerate(rows)
                    ],
                )
                # nor by id, which says the same as an id nobody has
                ids = [self.emp_hr.id, self.emp_gm.id, 2**31 - 1, 2**40, -1]
                result = self.rpc(user, [self.row(id_) for id_ in ids])
                self.assertEqual(
                    [e["reason"] for e in result["errors"]],
                    [f"No employee has the id {id_}." for id_ in ids],
                )
                text = str(result) + str(self.rpc(user, rows))
                self.assertFalse([name for name in names if name in text])
        # within reach the import still names the employee
        result = self.rpc(self.user_lead, [self.row("1002", period="2026-09")])
        self.assertIn("张伟 has no appraisal", result["errors"][0]["reason"])
        result = self.rpc(self.user_agent, [self.row("1001")])
        self.assertIn("You cannot change", result["errors"][0]["reason"])
        # HR officers reach every employee of their company
        result = self.rpc(self.user_hr, [self.row("3001")])
        self.assertIn("General Manager has no appraisal", result["errors"][0]["reason"])
        # a NUL in a number is an unknown number, not a database error
        result = self.rpc(self.user_hr, [self.row("10\x0001")])
        self.assertEqual(result["errors"][0]["field"], "employee")

    def test_wizard_reveals_no_name(self):
        """A supervisor's file names employees outside the team, by number or by
        name; the list's selection includes an appraisal of someone else."""
        gm_appraisal = self.create_appraisal(employee=self.emp_gm)
        wizard = self.wizard(
            user=self.user_lead, appraisals=self.appraisals | gm_appraisal
        )
        self.assertEqual(wizard.appraisal_ids, self.appraisals)
        content = (
            "Employee No.,Employee,Response time [RESP]\n"
            "2001,,90\n3001,,90\n,General Manager,90\n8888,,90\n1001,,90\n"
        )
        wizard.write({"import_file": base64.b64encode(content.encode())})
        wizard.action_import()
        self.assertEqual(
            [(row[0], row[3]) for row in self.report(wizard)],
            [
                (2, "No employee has the number “2001”."),
                (3, "No employee has the number “3001”."),
                (4, "No employee is called “General Manager”."),
                (5, "No employee has the number “8888”."),
            ],
        )
        self.assertNotIn("HR Officer", wizard.error_preview)
        self.assertEqual(self.line(self.agent_appraisal, "RESP").actual_value, 0.0)

    # junk values -----------------------------------------------------------

    def test_junk_values_are_errors(self):
        """ "12abc" was 12, "1; DROP TABLE x" 1, "0x10" 0, "1/2" 1, "1_000" 1, and
        1e308 was stored as a number of complaints."""
        cases = [
            ("RESP", "12abc", "RESP: “abc” after the number in “12abc” is not a unit"),
            ("RESP", "1; DROP TABLE x", "“; DROP TABLE x” after the number"),
            ("RESP", "0x10", "“x10” after the number"),
            ("CONV", "1/2", "“/2” after the number"),
            ("TALK", "1_000", "“_000” after the number"),
            ("RESP", "1,23,4", "“1,23,4” is not a number."),
            ("RESP", "--1", "“--1” is not a number."),
            ("RESP", "NaN", "“NaN” is not a number."),
            ("RESP", math.nan, "“nan” is not a number."),
            ("RESP", math.inf, "“inf” is not a number."),
            ("RESP", [1], "“[1]” is not a number."),
            ("RESP", 1e10, "RESP = 10000000000 is outside [-1000000000, 1000000000]"),
            ("COMPL.complaint", "1e308", "COMPL.complaint = 1e+308 is outside"),
            ("COMPL.complaint", 1e308, "COMPL.complaint = 1e+308 is outside"),
            ("COMPL.complaint", "100001", "= 100001 is outside [0, 100000]"),
            ("COMPL.complaint", "1.5次", "1.5次 is not a whole number."),
            ("FORM.calls", "1e308", "FORM.calls = 1e+308 is outside"),
        ]
        before = self.measured()
        for key, value, reason in cases:
            with self.subTest(key=key, value=value):
                result = self.rpc(self.user_hr, [self.row("1001", {key: value})], False)
                self.assertFalse(result["ok"])
                self.assertEqual(result["updated"], 0)
                self.assertEqual(len(result["errors"]), 1, result)
                error = result["errors"][0]
                self.assertEqual((error["row"], error["field"]), (0, key))
                self.assertIn(reason, error["reason"])
        self.assertEqual(self.measured(), before)
        self.assertFalse(self.notes())
        # the documented forms still go in
        values = {"RESP": "¥1,234.50", "TALK": "4.5小时", "CONV": "25%"}
        values |= {"COMPL.complaint": " 2 次 ", "FORM.calls": "１，２００"}
        result = self.rpc(self.user_hr, [self.row("1001", values)], False)
        self.assertEqual(result, {"ok": True, "errors": [], "updated": 1})
        self.assertEqual(self.line(self.agent_appraisal, "RESP").actual_value, 1234.5)
        self.assertEqual(self.line(self.agent_appraisal, "COMPL").input_ids.value, 2)
        self.assertEqual(self.line(self.agent_appraisal, "FORM").input_ids.value, 1200)

    def test_junk_in_a_file_is_reported(self):
        content = f"{ENGLISH}\n1001,12abc,5,1/2,0x10\n"
        wizard, _action = self.import_file(content.encode(), "junk.csv")
        self.assertEqual(
            [(row[1], row[2]) for row in self.report(wizard)],
            [
                ("Conversion rate [CONV]", "12abc"),
                ("Response time [RESP]", "1/2"),
                ("Complaints · 有效投诉 [COMPL.complaint]", "0x10"),
            ],
        )

    def test_zh_cn_reason(self):
        self.user_hr.lang = "zh_CN"
        Appraisal = self.env["hr.kpi.appraisal"].with_user(self.user_hr)
        result = Appraisal.with_context(lang="zh_CN").import_actuals(
            [self.row("1001", {"RESP": "12abc", "RANK": 2**31})], dry_run=True
        )
        self.assertEqual(
            [e["reason"] for e in result["errors"]],
            [
                "RESP：数字后面的“abc”不是单位（“12abc”）",
                "RANK = 2147483648 超出范围 [1, 100000]",
            ],
        )

    # periods -----------------------------------------------------------------

    def test_periods_out_of_range_are_errors(self):
        """ "9999-12" raised a ValueError; months and days that do not exist are
        errors too."""
        periods = ["9999-12", "2026-13", "0000-01", "2026-02-30", "２０２６-00"]
        periods += ["٢٠٢٦-١٠", "99999-01"]
        rows = [self.row("1001", period=period) for period in periods]
        for dry_run in (True, False):
            result = self.rpc(self.user_hr, rows, dry_run)
            self.assertFalse(result["ok"])
            self.assertEqual(
                [(e["row"], e["field"]) for e in result["errors"]],
                [(0, "employee")] + [(index, "period") for index in range(1, 7)],
            )
            self.assertIn("no appraisal for this period", result["errors"][0]["reason"])
        self.assertFalse(self.notes())

    # dry_run -----------------------------------------------------------------

    def test_dry_run_must_be_a_bool(self):
        """dry_run=[] used to write (an empty list is false)."""
        rows = [self.row("1001", {"RESP": 90})]
        before = self.measured()
        for dry_run in ([], "yes", "", 0, 1, None, {}):
            with self.subTest(dry_run=dry_run):
                result = self.rpc(self.user_hr, rows, dry_run)
                self.assertFalse(result["ok"])
                self.assertEqual(result["updated"], 0)
                [error] = result["errors"]
                self.assertEqual((error["row"], error["field"]), (-1, "dry_run"))
                self.assertIn("nothing was imported", error["reason"])
        self.assertEqual(self.measured(), before)
        self.assertFalse(self.notes())
        self.assertTrue(self.rpc(self.user_hr, rows, True)["ok"])
        self.assertEqual(self.measured(), before)

    # bounds ------------------------------------------------------------------

    def test_rank_without_or_beyond_its_group_is_an_error(self):
        """A rank of 95 without a group size scored 0 points in silence."""
        cases = [
            ({"RANK": 95}, "A rank needs the size of its group: give "),
            ({"RANK": 95, "RANK.group_size": 12}, "rank = 95 is outside [1, 12]"),
        ]
        before = self.measured()
        for values, reason in cases:
            with self.subTest(values=values):
                result = self.rpc(self.user_hr, [self.row("1001", values)], False)
                self.assertFalse(result["ok"])
                found = [e["reason"] for e in result["errors"] if e["field"] == "RANK"]
                self.assertEqual(len(found), 1, result)
                self.assertIn(reason, found[0])
        self.assertEqual(self.measured(), before)
        # with the group size already on the line, the rank alone is checked by it
        row = self.row("1001", {"RANK": 1, "RANK.group_size": 12})
        self.assertTrue(self.rpc(self.user_hr, [row], False)["ok"])
        result = self.rpc(self.user_hr, [self.row("1001", {"RANK": 95})], False)
        self.assertIn("rank = 95 is outside [1, 12]", result["errors"][0]["reason"])
        result = self.rpc(self.user_hr, [self.row("1001", {"RANK": 12})], False)
        self.assertTrue(result["ok"], result)
        self.assertEqual(self.line(self.agent_appraisal, "RANK").rank, 12)

    def test_rank_out_of_range_is_an_error(self):
        """A rank of 2**31 raised NumericValueOutOfRange from the database."""
        cases = [
            ({"RANK": 2**31}, "RANK", "RANK = 2147483648 is outside [1, 100000]"),
            ({"RANK": 1, "RANK.group_size": 2**31}, "RANK.group_size", "outside"),
            ({"RANK": "0"}, "RANK", "RANK = 0 is outside [1, 100000]"),
            ({"RANK": 100001}, "RANK", "RANK = 100001 is outside [1, 100000]"),
            ({"RANK": 1.5}, "RANK", "1.5 is not a whole number."),
        ]
        before = self.measured()
        for values, key, reason in cases:
            with self.subTest(values=values):
                result = self.rpc(self.user_hr, [self.row("1001", values)], False)
                self.assertFalse(result["ok"])
                found = [e["reason"] for e in result["errors"] if e["field"] == key]
                self.assertEqual(len(found), 1, result)
                self.assertIn(reason, found[0])
        self.assertEqual(self.measured(), before)

    # write order ---------------------------------------------------------------

    def test_rows_are_written_in_a_stable_order(self):
        """Two imports with the rows in opposite orders locked the lines in
        opposite orders and deadlocked: the import now locks appraisals, lines
        and inputs in id order first, then writes each group in that order."""
        self.assertLess(self.agent_appraisal.id, self.peer_appraisal.id)
        values = {"RESP": 90, "COMPL.complaint": 1, "FORM.calls": 100, "CONV": 5}
        rows = [self.row("1002", values), self.row("1001", values)]
        Cursor = type(self.env.cr)
        Line = type(self.env["hr.kpi.appraisal.line"])
        Input = type(self.env["hr.kpi.appraisal.line.input"])
        real_execute, real_line_write, real_input_write = (
            Cursor.execute,
            Line.write,
            Input.write,
        )
        locks, writes = [], []

        def execute(cr, query, *args, **kwargs):
            if isinstance(query, SQL) and "FOR NO KEY UPDATE" in query.code:
                locks.append((query.code, query.params))
            return real_execute(cr, query, *args, **kwargs)

        def line_write(records, vals):
            if {"actual_value", "rank", "group_size"} & set(vals):
                writes.append((records._name, records.ids))
            return real_line_write(records, vals)

        def input_write(records, vals):
            if "value" in vals:
                writes.append((records._name, records.ids))
            return real_input_write(records, vals)

        with (
            patch.object(Cursor, "execute", execute),
            patch.object(Line, "write", line_write),
            patch.object(Input, "write", input_write),
        ):
            result = self.rpc(self.user_hr, rows, False)
        self.assertEqual(result, {"ok": True, "errors": [], "updated": 2})

        lines = self.agent_appraisal.line_ids | self.peer_appraisal.line_ids
        written = lines.filtered(lambda line: line.code in ("RESP", "CONV"))
        inputs = lines.filtered(lambda line: line.code in ("COMPL", "FORM")).input_ids
        self.assertEqual(
            [(code.split(" FROM ")[1].split()[0], params) for code, params in locks],
            [
                ('"hr_kpi_appraisal"', [self.appraisals.sorted("id").ids]),
                ('"hr_kpi_appraisal_line"', [sorted((written | inputs.line_id).ids)]),
                ('"hr_kpi_appraisal_line_input"', [sorted(inputs.ids)]),
            ],
        )
        self.assertTrue(all("ORDER BY" in code for code, _params in locks))
        self.assertIn('ORDER BY "appraisal_id", "id"', locks[1][0])
        self.assertIn('ORDER BY "line_id", "id"', locks[2][0])

        def order(record):
            line = record.line_id if record._name.endswith("input") else record
            return (line.appraisal_id.id, line.id, record.id)

        self.assertEqual(len(writes), 4)
        for model, ids in writes:
            records = self.env[model].browse(ids)
            self.assertEqual(records.ids, records.sorted(order).ids)
            self.assertEqual(len(ids), 2, "one write for both appraisals")
        # the groups follow one order too: lines before inputs
        self.assertEqual(
            [model for model, _ids in writes],
            ["hr.kpi.appraisal.line"] * 2 + ["hr.kpi.appraisal.line.input"] * 2,
        )
