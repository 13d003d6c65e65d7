import base64
import csv
import io
import re
import zipfile
from collections import Counter
from urllib.parse import quote as url_quote

import openpyxl
import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from ..engine.parsing import is_blank, normalized
from ..models.actuals_import_service import ActualsImportService, ImportRow

_lt = LazyTranslate(__name__)

# The first three columns of the template and what else their header may say.
FIXED_COLUMNS = {
    "employee": (
        _lt("Employee No."),
        {"employee number", "badge id", "工号", "员工编号", "员工工号", "工牌号"},
    ),
    "name": (_lt("Employee"), {"employee name", "name", "姓名", "员工", "员工姓名"}),
    "period": (
        _lt("Period"),
        {"month", "期间", "考核期间", "考核周期", "月份", "考核月份"},
    ),
}
# A code at the end of a header: "平均响应时间 [RESP]", "… 【RESP】", "… (RESP)".
_CODE = re.compile(r"(?P<label>.*?)\s*[\[【(]\s*(?P<code>[^\[\]【】()]+?)\s*[\]】)]")
_SEPARATORS = re.compile(r"[\s·•・/\-_:：]+")
LANGS = ("en_US", "zh_CN")


def _folded(text):
    """A header reduced for comparison: NFKC, case-folded, no separators."""
    return _SEPARATORS.sub("", normalized(text).casefold())


class HrKpiActualsImport(models.TransientModel):
    """Download a template of measured values for a set of appraisals, fill it in,
    import it back (XLSX or CSV), all or nothing."""

    _name = "hr.kpi.actuals.import"
    _description = "Import KPI Actuals"

    campaign_id = fields.Many2one(
        "hr.kpi.campaign", help="Import into the appraisals of this campaign."
    )
    appraisal_ids = fields.Many2many(
        "hr.kpi.appraisal",
        string="Appraisals",
        compute="_compute_appraisal_ids",
        compute_sudo=False,
        store=True,
        readonly=False,
    )
    template_file = fields.Binary(readonly=True)
    template_name = fields.Char(readonly=True)
    import_file = fields.Binary("File", help="The filled-in template, XLSX or CSV.")
    import_name = fields.Char("File Name")
    report_file = fields.Binary("Error Report", readonly=True)
    report_name = fields.Char(readonly=True)
    error_count = fields.Integer(readonly=True)
    error_preview = fields.Text("Problems", readonly=True)

    @api.depends("campaign_id")
    def _compute_appraisal_ids(self):
        """The campaign's live appraisals the user may see, else those selected in
        the list (of them, those the user may see)."""
        Appraisal = self.env["hr.kpi.appraisal"]
        selected = Appraisal
        if self.env.context.get("active_model") == Appraisal._name:
            ids = self.env.context.get("active_ids") or []
            selected = ActualsImportService.selected_appraisals(Appraisal, ids)
        for wizard in self:
            domain = [("campaign_id", "=", wizard.campaign_id.id)]
            wizard.appraisal_ids = (
                Appraisal.search([*domain, ("state", "!=", "cancel")])
                if wizard.campaign_id
                else selected
            )

    # ------------------------------------------------------------------
    # Template
    # ------------------------------------------------------------------

    def action_download_template(self):
        """An XLSX with one row per appraisal and one column per measured value."""
        self.ensure_one()
        appraisals = self.appraisal_ids.sorted(
            lambda a: (a.employee_id.sudo().name or "", a.date_from, a.id)
        )
        if not appraisals:
            raise UserError(self.env._("Select the appraisals to fill in first."))
        importer = ActualsImportService(appraisals)
        self.write(
            {
                "template_file": base64.b64encode(self._template_xlsx(importer)),
                "template_name": " ".join(
                    filter(None, [self.env._("KPI actuals"), self.campaign_id.name])
                )
                + ".xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/template_file/"
            f"{url_quote(self.template_name, safe='')}?download=true",
            "target": "download",
        }

    def _template_xlsx(self, importer):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Actuals"))
        header = book.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "bg_color": "#D9E1F2",
                "border": 1,
            }
        )
        text = book.add_format({"num_format": "@"})
        decimal = book.add_format({"num_format": "0.00"})
        whole = book.add_format({"num_format": "0"})
        absent = book.add_format({"bg_color": "#E7E6E6"})
        columns = list(importer.columns.values())
        for col, key in enumerate(FIXED_COLUMNS):
            sheet.write(
                0, col, str(FIXED_COLUMNS[key][0]._translate(self.env.lang)), header
            )
        for col, column in enumerate(columns, start=len(FIXED_COLUMNS)):
            label = importer.column_label(column)
            sheet.write(0, col, f"{label} [{column.key}]", header)
        sheet.set_row(0, 45)
        sheet.set_column(0, 0, 14, text)
        sheet.set_column(1, 1, 16, text)
        sheet.set_column(2, 2, 10, text)
        appraisals = importer.appraisals
        codes = {(line.appraisal_id.id, line.code) for line in appraisals.line_ids}
        group_sizes = Counter(code for _appraisal, code in codes)
        for index, column in enumerate(columns, start=len(FIXED_COLUMNS)):
            cell_format = (
                text if column.is_flag else whole if column.is_whole else decimal
            )
            sheet.set_column(index, index, 16, cell_format)
            if column.is_flag:
                choices = [self.env._("Yes"), self.env._("No")]
                sheet.data_validation(
                    1, index, len(appraisals), index,
                    {"validate": "list", "source": choices},
                )  # fmt: skip
        lines = {
            (line.appraisal_id.id, line.code): line for line in appraisals.line_ids
        }
        for row, appraisal in enumerate(appraisals, start=1):
            employee = appraisal.employee_id.sudo()
            sheet.write_string(row, 0, employee.barcode or "")
            sheet.write_string(row, 1, employee.name or "")
            sheet.write_string(row, 2, self._period_text(appraisal))
            for col, column in enumerate(columns, start=len(FIXED_COLUMNS)):
                line = lines.get((appraisal.id, column.code))
                if not line:
                    sheet.write_blank(row, col, None, absent)
                elif column.is_group_size:
                    size = line.group_size or group_sizes[column.code]
                    sheet.write_number(row, col, size, whole)
        sheet.freeze_panes(1, len(FIXED_COLUMNS))
        book.close()
        return output.getvalue()

    @staticmethod
    def _period_text(appraisal):
        start = appraisal.date_from
        return start.strftime("%Y-%m") if start.day == 1 else start.isoformat()

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------

    def action_import(self):
        """Check the whole file; write it all or offer a report of what is wrong."""
        self.ensure_one()
        if not self.import_file:
            raise UserError(self.env._("Choose the file to import."))
        importer = ActualsImportService(self.appraisal_ids)
        table = self._read_table(base64.b64decode(self.import_file))
        rows, keys, errors = self._table_rows(table, importer)
        result = importer.run(
            rows, self.import_name or self.env._("a file"), errors=errors
        )
        if not result["ok"]:
            return self._report_errors(result["errors"], keys)
        self.write({"report_file": False, "error_count": 0, "error_preview": False})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Actual values imported into %s appraisals.", result["updated"]
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _read_table(self, data):
        """The rows of the first sheet (XLSX) or of the CSV, as lists of values."""
        if zipfile.is_zipfile(io.BytesIO(data)):
            try:
                book = openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=True
                )
            except (KeyError, ValueError, zipfile.BadZipFile) as error:
                raise UserError(
                    self.env._("This file cannot be read as XLSX: %s", error)
                ) from error
            sheet = book.worksheets[0]
            table = [
                [self._cell_value(cell) for cell in row] for row in sheet.iter_rows()
            ]
            book.close()
            return table
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(
                self.env._("Save the file as XLSX, or as CSV in UTF-8 or GBK.")
            )
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect))

    @staticmethod
    def _cell_value(cell):
        """A cell's value; a number shown as a percentage is read as typed (25%
        is 25, as the engine reads "25%")."""
        value = cell.value
        is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if is_number and "%" in (cell.number_format or ""):
            return round(value * 100, 10)
        return value

    def _table_rows(self, table, importer):
        """(rows, {key: header}, errors) of a table whose first non-empty row holds
        the headers; errors name unknown and repeated columns."""
        numbered = [
            (number, row)
            for number, row in enumerate(table, start=1)
            if any(not is_blank(value) for value in row)
        ]
        if not numbered:
            raise UserError(self.env._("The file is empty."))
        (header_number, headers), data = numbered[0], numbered[1:]
        matcher = self._header_matcher(importer)
        keys, errors, positions = {}, [], {}
        for position, header in enumerate(headers):
            if is_blank(header):
                continue
            key = matcher(header)
            if key is None or key in keys:
                reason = (
                    importer.unknown_column_reason(normalized(header))
                    if key is None
                    else self.env._("This column repeats “%s”.", keys[key])
                )
                errors.append(
                    {
                        "row": header_number,
                        "field": str(header),
                        "value": str(header),
                        "reason": reason,
                    }
                )
                continue
            keys[key] = str(header)
            positions[key] = position
        if "employee" not in keys and "name" not in keys:
            raise UserError(
                self.env._(
                    "The file has no column of employee numbers or names: keep the "
                    "headers of the template."
                )
            )

        def cell(row, key):
            position = positions.get(key)
            return (
                row[position] if position is not None and position < len(row) else None
            )

        rows = []
        for number, row in data:
            employee = cell(row, "employee")
            if isinstance(employee, float) and employee.is_integer():
                employee = int(employee)
            rows.append(
                ImportRow(
                    number,
                    None if is_blank(employee) else str(employee),
                    cell(row, "name"),
                    cell(row, "period"),
                    {
                        key: cell(row, key)
                        for key in positions
                        if key not in FIXED_COLUMNS
                    },
                )
            )
        return rows, keys, errors

    def _header_matcher(self, importer):
        """A function giving the column key of a header, or None: the code in
        brackets or alone, else the label in the user's language, English or
        Chinese."""
        keys = {key.casefold(): key for key in importer.columns}
        labels = {}
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        for lang in dict.fromkeys([self.env.lang or "en_US", *LANGS]):
            if lang not in installed:
                continue
            env = self.env(context=dict(self.env.context, lang=lang))
            for key, (label, _aliases) in FIXED_COLUMNS.items():
                labels.setdefault(_folded(label._translate(lang)), key)
            for key, column in importer.columns.items():
                labels.setdefault(_folded(importer.column_label(column, env)), key)
                if column.line_input:
                    name = column.line.with_env(env).name
                    labels.setdefault(_folded(f"{name}{column.sub}"), key)
        for key, (_label, aliases) in FIXED_COLUMNS.items():
            for alias in aliases:
                labels.setdefault(_folded(alias), key)

        def match(header):
            text = normalized(header)
            found = _CODE.fullmatch(text)
            if found and found["code"].casefold() in keys:
                return keys[found["code"].casefold()]
            if text.casefold() in keys:
                return keys[text.casefold()]
            return labels.get(_folded(found["label"] if found else text)) or labels.get(
                _folded(text)
            )

        return match

    def _report_errors(self, errors, keys):
        """Attach an XLSX of the errors to the wizard and show it again."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Errors"))
        bold = book.add_format({"bold": True, "bg_color": "#F4CCCC", "border": 1})
        titles = [
            self.env._("Row"),
            self.env._("Column"),
            self.env._("Value"),
            self.env._("Reason"),
        ]
        for col, (title, width) in enumerate(zip(titles, (8, 28, 18, 80))):
            sheet.write(0, col, title, bold)
            sheet.set_column(col, col, width)
        lines = []
        for index, error in enumerate(errors, start=1):
            column = keys.get(error["field"]) or error["field"]
            if error["field"] == "employee":
                column = keys.get("employee") or keys.get("name") or column
            value = "" if error["value"] is None else str(error["value"])
            sheet.write_number(index, 0, error["row"])
            sheet.write_string(index, 1, column or "")
            sheet.write_string(index, 2, value)
            sheet.write_string(index, 3, error["reason"])
            lines.append(
                self.env._(
                    "Row %(row)s, %(column)s: %(reason)s",
                    row=error["row"],
                    column=column,
                    reason=error["reason"],
                )
            )
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(errors), len(titles) - 1)
        book.close()
        stem = (self.import_name or "actuals").rsplit(".", 1)[0]
        self.write(
            {
                "report_file": base64.b64encode(output.getvalue()),
                "report_name": self.env._("%s - errors", stem) + ".xlsx",
                "error_count": len(errors),
                "error_preview": "\n".join(lines[:20]),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Actuals"),
        }
