"""XLSX outputs of appraisals (xlsxwriter): the 考核表 form and the summary of a set.

``forms_xlsx(appraisals)`` writes a sheet per appraisal in the classic form
layout, ready to print (A4 landscape, one page wide, table header repeated on
every page). ``summary_xlsx(appraisals)`` writes one row per appraisal with each
indicator's points, a sheet of the grade distribution per department, and (for
HR, when a distribution policy applies) a sheet of each policy group against
its quotas. Both take an
``hr.kpi.appraisal``
recordset, write the texts in its environment's language and return the file's
bytes. Records are read in batches through the prefetch: the number of queries
does not grow with the number of appraisals or lines.

Every text is written as a string cell, never through xlsxwriter's guessing
``write()``: a comment such as ``=HYPERLINK(...)`` or ``http://...`` stays the
text the user typed, not a formula or a link. Numbers (points, counts, pay) are
written as numbers.
"""

import io
import re
from collections import Counter, defaultdict

from odoo.tools.misc import xlsxwriter

from . import appraisal_form

#: Widths of the form's columns: No., indicator, max points, target, criteria,
#: self points, supervisor points, result.
FORM_WIDTHS = (6, 26, 10, 18, 40, 10, 11, 12)
LAST = len(FORM_WIDTHS) - 1
#: First and last column of the four blocks of the header and signature rows.
BLOCKS = ((0, 1), (2, 3), (4, 4), (5, 7))
#: Rows of the form above the indicator table: title, company, header block.
TABLE_ROW = 5


class _Workbook:
    """A workbook written to memory, with the cell formats of the outputs."""

    def __init__(self, env, row_by_row=False):
        self.env = env
        self.stream = io.BytesIO()
        # row_by_row: every sheet is written in row order, and each finished
        # row leaves memory (xlsxwriter's constant memory mode, for big lists)
        options = {"constant_memory": True} if row_by_row else {"in_memory": True}
        # texts are written with write_string(); should a write() slip in, it
        # must not turn a text into a formula, a link or a number either
        options.update(
            strings_to_formulas=False, strings_to_urls=False, strings_to_numbers=False
        )
        self.book = xlsxwriter.Workbook(self.stream, options)
        self.sheet_names = set()
        self.money_formats = {}
        self.base = {"font_name": "Arial", "font_size": 10, "valign": "vcenter"}
        self.bold_font = self.book.add_format({"bold": True})
        self.title = self._format(bold=True, font_size=16, align="center")
        self.subtitle = self._format(align="center", font_color="#595959")
        self.bold = self._format(bold=True)
        self.plain = self._cell()
        self.label = self._cell(bold=True, bg_color="#F2F2F2")
        self.head = self._cell(bold=True, bg_color="#D9E1F2", align="center")
        self.section = self._cell(bold=True, bg_color="#EDEDED")
        self.center = self._cell(align="center")
        self.total_label = self._cell(bold=True, align="right")
        self.bold_text = self._cell(bold=True, align="center")
        self.points = self._cell(num_format="0.00")
        self.bold_points = self._cell(num_format="0.00", bold=True)
        self.count = self._cell(num_format="0")
        self.percent = self._cell(num_format="0.00%")
        self.over = self._cell(bold=True, font_color="#C00000", bg_color="#FCE4E4")
        self.note = self._cell(valign="top")

    def _format(self, **values):
        return self.book.add_format({**self.base, **values})

    def _cell(self, **values):
        return self._format(border=1, text_wrap=True, **values)

    def money(self, currency):
        """A cell format showing amounts in ``currency`` (symbol and decimals)."""
        if currency not in self.money_formats:
            decimals = currency.decimal_places
            number = "#,##0" + ("." + "0" * decimals if decimals else "")
            symbol = (currency.symbol or "").replace('"', "")
            if currency.position == "after":
                pattern = f'{number} "{symbol}"'
            else:
                pattern = f'"{symbol}"{number}'
            self.money_formats[currency] = self._cell(num_format=pattern)
        return self.money_formats[currency]

    def add_sheet(self, name):
        """A new sheet named ``name``, made valid and unique for Excel."""
        name = re.sub(r"[\[\]:*?/\\]", "", name).strip("' ")[:31] or "Sheet"
        unique, number = name, 1
        while unique.lower() in self.sheet_names:
            number += 1
            suffix = f" ({number})"
            unique = name[: 31 - len(suffix)] + suffix
        self.sheet_names.add(unique.lower())
        return self.book.add_worksheet(unique)

    def colon(self, label):
        """``"Label: "``; Chinese and Japanese take a full-width colon instead.

        (A term without letters, such as ``"%s:"``, cannot be translated.)
        """
        if (self.env.lang or "").startswith(("zh", "ja")):
            return f"{label}："
        return f"{label}: "

    def labelled(self, sheet, row, block, label, value, cell_format):
        """``label: value`` in the merged ``block`` of ``row``, the label in bold."""
        first, last = block
        if first != last:
            sheet.merge_range(row, first, row, last, None, cell_format)
        prefix = self.colon(label)
        if value:
            sheet.write_rich_string(
                row, first, self.bold_font, prefix, str(value), cell_format
            )
        else:
            sheet.write_string(row, first, prefix.strip(), cell_format)

    def text(self, sheet, row, col, value, cell_format):
        """A string, or an empty cell of the same format for an empty one."""
        if value:
            sheet.write_string(row, col, str(value), cell_format)
        else:
            sheet.write_blank(row, col, None, cell_format)

    def merged(self, sheet, row, first, last, value, cell_format, last_row=None):
        """``value`` as a string in the merged cells ``first`` to ``last`` of ``row``
        (to ``last_row``)."""
        sheet.merge_range(row, first, last_row or row, last, None, cell_format)
        self.text(sheet, row, first, value, cell_format)

    def texts(self, sheet, row, col, values, cell_format):
        """``values`` as strings in ``row`` from ``col`` on."""
        for index, value in enumerate(values):
            self.text(sheet, row, col + index, value, cell_format)

    def score(self, sheet, row, col, value, cell_format):
        """A number, or an empty cell of the same format for None."""
        if value is None:
            sheet.write_blank(row, col, None, cell_format)
        else:
            sheet.write_number(row, col, value, cell_format)

    def close(self):
        self.book.close()
        return self.stream.getvalue()


def _text_height(text, width):
    """Row height (points) for ``text`` wrapped in a cell ``width`` characters wide."""
    lines = sum(max(1, -(-len(part) * 2 // width)) for part in text.split("\n"))
    return max(30, 15 * lines)


# ----------------------------------------------------------------------
# The appraisal form (考核表)
# ----------------------------------------------------------------------


def forms_xlsx(appraisals):
    """The form of each appraisal on its own sheet; returns the XLSX bytes."""
    appraisals = appraisal_form.readable(appraisals)
    book = _Workbook(appraisals.env)
    numbers = appraisal_form.employee_numbers(appraisals)
    for appraisal in appraisals:
        form = appraisal_form.form_values(appraisal, numbers)
        sheet = book.add_sheet(f"{form['employee']} {appraisal.date_from:%Y-%m}")
        _write_form(book, sheet, appraisal, form)
    return book.close()


def _write_form(book, sheet, appraisal, form):
    env = book.env
    for col, width in enumerate(FORM_WIDTHS):
        sheet.set_column(col, col, width)
    book.merged(sheet, 0, 0, LAST, form["title"], book.title)
    sheet.set_row(0, 30)
    book.merged(sheet, 1, 0, LAST, form["company"], book.subtitle)
    header = [
        (env._("Employee"), form["employee"]),
        (env._("Employee No."), form["employee_number"]),
        (env._("Department"), form["department"]),
        (env._("Job"), form["job"]),
        (env._("Supervisor"), form["supervisor"]),
        (env._("Template Code"), form["template_code"]),
        (env._("Period"), form["period"]),
        (env._("Status"), form["state"]),
    ]
    for index, (label, value) in enumerate(header):
        book.labelled(
            sheet, 2 + index // 4, BLOCKS[index % 4], label, value, book.plain
        )
    row = _write_indicators(book, sheet, form)
    row = _write_totals(book, sheet, row + 1, appraisal, form)
    row = _write_comments(book, sheet, row + 1, form)
    row = _write_signatures(book, sheet, row + 1)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(TABLE_ROW)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer("&C&P / &N")
    sheet.print_area(0, 0, row - 1, LAST)


def _write_indicators(book, sheet, form):
    """The indicator table by section with subtotals; returns the next row."""
    env = book.env
    columns = [
        env._("No."),
        env._("Indicator"),
        env._("Max Points"),
        env._("Target"),
        env._("Criteria"),
        env._("Self Points"),
        env._("Supervisor Points"),
        env._("Result"),
    ]
    book.texts(sheet, TABLE_ROW, 0, columns, book.head)
    row = TABLE_ROW + 1
    self_review = form["self_review"]
    for section in form["sections"]:
        book.merged(sheet, row, 0, LAST, section["label"], book.section)
        row += 1
        for number, line in section["lines"]:
            sheet.write_number(row, 0, number, book.center)
            book.text(sheet, row, 1, line.name, book.plain)
            sheet.write_number(row, 2, line.max_points, book.points)
            book.text(sheet, row, 3, line.target, book.plain)
            book.text(sheet, row, 4, line.criteria, book.plain)
            book.score(
                sheet, row, 5, line.self_points if self_review else None, book.points
            )
            sheet.write_number(row, 6, line.manager_points, book.points)
            sheet.write_number(row, 7, line.points, book.bold_points)
            row += 1
        subtotal = section["subtotal"]
        if subtotal:
            _write_subtotal(book, sheet, row, section["subtotal_label"], subtotal)
            row += 1
    return row


def _write_subtotal(book, sheet, row, label, subtotal):
    """A section's weighted points, the weight as their maximum."""
    book.merged(sheet, row, 0, 1, label, book.total_label)
    sheet.write_number(row, 2, subtotal["weight"], book.bold_points)
    sheet.write_blank(row, 3, None, book.plain)
    sheet.write_blank(row, 4, None, book.plain)
    book.score(sheet, row, 5, subtotal["self_points"], book.bold_points)
    sheet.write_number(row, 6, subtotal["manager_points"], book.bold_points)
    sheet.write_number(row, 7, subtotal["points"], book.bold_points)


def _write_totals(book, sheet, row, appraisal, form):
    """Scores, grade and pay, the label right-aligned beside the value."""
    env = book.env
    totals = [
        (
            env._("Self Score"),
            appraisal.self_score if form["self_review"] else None,
            book.points,
        ),
        (env._("Supervisor Score"), appraisal.manager_score, book.points),
        (env._("Bonus Points"), appraisal.bonus_points, book.points),
        (env._("Penalty Points"), appraisal.penalty_points, book.points),
        (env._("Adjustment Points"), appraisal.adjustment_points, book.points),
        (env._("Total Score"), appraisal.total_score, book.bold_points),
        (env._("Grade"), form["grade"], book.bold_text),
        *(
            [(env._("Grade as Scored"), form["scored_grade"], book.plain)]
            if form["scored_grade"]
            else []
        ),
        (
            env._("Performance Pay"),
            appraisal.visible_pay if appraisal.can_see_pay else None,
            book.money(appraisal.currency_id),
        ),
    ]
    for label, value, cell_format in totals:
        book.merged(sheet, row, 0, LAST - 1, label, book.total_label)
        if isinstance(value, str):
            book.text(sheet, row, LAST, value, cell_format)
        else:
            book.score(sheet, row, LAST, value, cell_format)
        row += 1
    return row


def _write_comments(book, sheet, row, form):
    env = book.env
    width = sum(FORM_WIDTHS[2:])
    comments = [
        (env._("Employee Comment"), form["employee_comment"]),
        (env._("Supervisor Comment"), form["supervisor_comment"]),
    ]
    for label, text in comments:
        book.merged(sheet, row, 0, 1, label, book.label)
        book.merged(sheet, row, 2, LAST, text, book.note)
        sheet.set_row(row, _text_height(text, width))
        row += 1
    return row


def _write_signatures(book, sheet, row):
    """Signature and date boxes of the four signers; returns the next row."""
    env = book.env
    signers = [
        env._("Appraisee"),
        env._("Direct Supervisor"),
        env._("HR Department"),
        env._("General Manager"),
    ]
    for block, signer in zip(BLOCKS, signers, strict=True):
        book.labelled(sheet, row, block, signer, "", book.note)
        book.labelled(sheet, row + 1, block, env._("Date"), "", book.plain)
    sheet.set_row(row, 40)
    sheet.set_row(row + 1, 20)
    return row + 2


# ----------------------------------------------------------------------
# Summary of a set of appraisals
# ----------------------------------------------------------------------


def summary_xlsx(appraisals):
    """A row per appraisal and the grade distribution; returns the XLSX bytes."""
    appraisals = appraisal_form.readable(appraisals)
    book = _Workbook(appraisals.env, row_by_row=True)
    appraisals = appraisals.sorted(
        lambda a: (
            a.department_id.display_name or "",
            a.employee_id.name or "",
            a.date_from,
        )
    )
    _write_summary(book, appraisals)
    _write_distribution(book, appraisals)
    if appraisals.env.user.has_group("hr_kpi_appraisal.group_kpi_hr"):
        _write_policies(book, appraisals._kpi_distribution_groups())
    return book.close()


def _indicator_points(appraisals):
    """``({code: name}, {(appraisal id, code): points})``; the codes in the order
    of the templates and of the lines on their forms."""
    names, points = {}, {}
    # only the columns shown, all lines at once (not their snapshots and texts)
    appraisals.line_ids.fetch(["appraisal_id", "code", "name", "points"])
    by_template = defaultdict(list)
    for appraisal in appraisals:
        by_template[appraisal.template_id].append(appraisal)
    for template in appraisals.template_id.sorted():
        for appraisal in by_template[template]:
            for line in appraisal.line_ids:
                code = line.code or line.name
                names.setdefault(code, line.name)
                points[appraisal.id, code] = line.points
    return names, points


def _write_summary(book, appraisals):
    env = book.env
    sheet = book.add_sheet(env._("Summary"))
    numbers = appraisal_form.employee_numbers(appraisals)
    names, points = _indicator_points(appraisals)
    ranks = appraisals._kpi_department_ranks()
    header = [
        env._("Employee No."),
        env._("Employee"),
        env._("Department"),
        env._("Job"),
        *names.values(),
        env._("Total Score"),
        env._("Grade"),
        env._("Calibrated Grade"),
        env._("Rank in Department"),
        env._("Ranked Among"),
        env._("Performance Pay"),
    ]
    sheet.set_row(0, 32)
    book.texts(sheet, 0, 0, header, book.head)
    total_col = 4 + len(names)
    for row, appraisal in enumerate(appraisals, start=1):
        book.text(sheet, row, 0, numbers[appraisal.employee_id.id], book.plain)
        book.text(sheet, row, 1, appraisal.employee_id.name, book.plain)
        book.text(sheet, row, 2, appraisal.department_id.display_name, book.plain)
        book.text(sheet, row, 3, appraisal.job_id.name, book.plain)
        for col, code in enumerate(names, start=4):
            book.score(sheet, row, col, points.get((appraisal.id, code)), book.points)
        sheet.write_number(row, total_col, appraisal.total_score, book.bold_points)
        book.text(
            sheet,
            row,
            total_col + 1,
            appraisal_form.grade_label(appraisal.grade_id),
            book.plain,
        )
        book.text(
            sheet,
            row,
            total_col + 2,
            appraisal_form.grade_label(appraisal.calibrated_grade_id),
            book.plain,
        )
        rank, size = ranks.get(appraisal.id, (None, None))
        book.score(sheet, row, total_col + 3, rank, book.count)
        book.score(sheet, row, total_col + 4, size, book.count)
        book.score(
            sheet,
            row,
            total_col + 5,
            appraisal.visible_pay if appraisal.can_see_pay else None,
            book.money(appraisal.currency_id),
        )
    widths = [12, 14, 22, 18, *[12] * len(names), 10, 12, 12, 10, 10, 14]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(appraisals), 1), len(header) - 1)


def _write_distribution(book, appraisals):
    """Per grade scale: count and share of each calibrated grade per
    department and overall."""
    env = book.env
    sheet = book.add_sheet(env._("Grade distribution"))
    graded = appraisals.filtered("calibrated_grade_id")
    if not graded:
        sheet.write_string(0, 0, env._("No appraisal has a grade yet."))
    row = 0
    for scale in graded.calibrated_grade_id.scale_id.sorted():
        of_scale = graded.filtered(
            lambda a, scale=scale: a.calibrated_grade_id.scale_id == scale
        )
        row = _write_scale(book, sheet, row, scale, of_scale) + 1
    scales = graded.calibrated_grade_id.scale_id
    widths = [24, 10, *[8, 9] * max(len(scales.grade_ids), 1), 30]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)


def _write_scale(book, sheet, row, scale, appraisals):
    """One scale's table at ``row``; returns the row after it."""
    env = book.env
    grades = scale.grade_ids
    by_department = defaultdict(Counter)
    for appraisal in appraisals:
        by_department[appraisal.department_id][appraisal.calibrated_grade_id.code] += 1
    groups = sorted(
        (
            (department.display_name or env._("No Department"), counts)
            for department, counts in by_department.items()
        ),
        key=lambda group: group[0],
    )
    groups.append((env._("All Departments"), sum(by_department.values(), Counter())))

    sheet.write_string(row, 0, book.colon(env._("Grade Scale")) + scale.name, book.bold)
    head = row + 1
    # two header rows, each written whole before the next
    sheet.write_string(head, 0, env._("Department"), book.head)
    sheet.write_string(head, 1, env._("Headcount"), book.head)
    for index, grade in enumerate(grades):
        col = 2 + 2 * index
        label = appraisal_form.grade_label(grade)
        book.merged(sheet, head, col, col + 1, label, book.head)
    for col in (0, 1):
        sheet.write_blank(head + 1, col, None, book.head)
    for index in range(len(grades)):
        col = 2 + 2 * index
        sheet.write_string(head + 1, col, env._("Count"), book.head)
        sheet.write_string(head + 1, col + 1, env._("Share"), book.head)

    row = head + 2
    last = row + len(groups) - 1  # the overall row
    for name, counts in groups:
        headcount = sum(counts.values())
        sheet.write_string(row, 0, name, book.label if row == last else book.plain)
        sheet.write_number(row, 1, headcount, book.count)
        for index, grade in enumerate(grades):
            col = 2 + 2 * index
            count = counts.get(grade.code, 0)
            sheet.write_number(row, col, count, book.count)
            sheet.write_number(row, col + 1, count / headcount, book.percent)
        row += 1
    return row


def _write_policies(book, statuses):
    """A row per grade of each distribution policy group of ``statuses`` (of
    the exported appraisals): the group's count against its quotas, over the
    whole group as the approvals count it, not only the appraisals exported.
    No sheet when no policy applies."""
    if not statuses:
        return
    env = book.env
    sheet = book.add_sheet(env._("Distribution policies"))
    header = [
        env._("Campaign"),
        env._("Department"),
        env._("Policy"),
        env._("Mode"),
        env._("People"),
        env._("Grade"),
        env._("Count"),
        env._("At most"),
        env._("At least"),
        env._("Target"),
        env._("Deviation"),
        env._("Violation"),
    ]
    book.texts(sheet, 0, 0, header, book.head)
    modes = dict(
        env["hr.kpi.distribution.policy"]._fields["mode"]._description_selection(env)
    )
    row = 0
    for status in statuses:
        violations = {v["code"]: v for v in status["violations"]}
        for line in status["grades"]:
            row += 1
            violation = violations.get(line["code"])
            book.texts(
                sheet,
                row,
                0,
                [
                    status["campaign"].name,
                    status["department"].display_name,
                    status["policy"].name,
                    modes[status["policy"].mode],
                ],
                book.plain,
            )
            sheet.write_number(row, 4, status["size"], book.count)
            book.text(
                sheet, row, 5, appraisal_form.grade_label(line["grade"]), book.plain
            )
            for col, key in enumerate(("count", "max", "min", "target"), start=6):
                book.score(sheet, row, col, line[key], book.count)
            sheet.write_number(row, 10, line["deviation"], book.count)
            book.text(
                sheet,
                row,
                11,
                violation and _violation_text(env, violation),
                book.over if violation else book.plain,
            )
    for col, width in enumerate((22, 22, 26, 16, 8, 14, 8, 9, 9, 8, 10, 16)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)


def _violation_text(env, violation):
    if violation["kind"] == "over":
        return env._("%s over", violation["by"])
    return env._("%s under", violation["by"])
