"""Measured values (actuals) imported into a set of appraisals, all or nothing.

The one implementation behind the import wizard (``hr.kpi.actuals.import``, XLSX
and CSV files) and the RPC method ``hr.kpi.appraisal.import_actuals``: both turn
their input into ``ImportRow`` tuples; ``ActualsImportService.run`` validates every
row and cell (employee, period, column, value, the engine's own check of each
line, the user's right to enter measured values) and writes them in bulk.

The columns of a line are the measured inputs its method reads (the engine's
``METHOD_INPUTS``): the main one is keyed by the indicator code (``RESP``: the
actual value, the rank or the veto flag), a further one by the code and its name
(``RANK.group_size``: the size of the ranked group), events and formula inputs
by the code and theirs (``COMPL.complaint``).
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from markupsafe import Markup

from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..engine import (
    MEASURED_INPUTS,
    QUANTITIES,
    ROW_INPUTS,
    ScoringError,
    entered_inputs,
    parse_quantity,
    score_indicator,
)
from ..engine.errors import MISSING, NOT_A_NUMBER, NOT_INTEGER
from ..engine.parsing import RANK, is_blank, normalized, parse_period, parse_yes_no
from .engine_errors import engine_reason
from .hr_kpi_appraisal_line import INPUT_FIELDS, RERANK_LATER, ROW_INPUT_OF_TYPE

# Ids PostgreSQL's integer columns can hold; others name no record.
_MAX_ID = 2**31 - 1


class ImportRow(NamedTuple):
    """One row to import: ``ref`` names it in errors (file row or list index)."""

    ref: int
    employee: Any  # an employee id (int) or number (str), or None
    name: Any  # the employee's name, used when no number is given
    period: Any  # "2026-10", "2026-10-01", a date or None
    values: dict  # column key -> value as given


@dataclass(frozen=True)
class Column:
    """A column of measured values: the engine input, line field or row it fills."""

    key: str
    code: str
    input: str  # the engine input it fills, one of MEASURED_INPUTS
    sub: str | None  # the code of the event or input row, a further input or None
    line: Any  # the first line with this column (for its labels)
    line_input: Any  # the first input row of this column, if any

    @property
    def field(self):
        """The field written: of the line, or "value" of an input row."""
        return "value" if self.line_input else INPUT_FIELDS[self.input]

    @property
    def engine_field(self):
        """How the engine's errors name the column ("rank", "counts.complaint")."""
        return f"{self.input}.{self.sub}" if self.line_input else self.input

    @property
    def is_flag(self):
        """A yes/no column (the veto)."""
        return self.input == "veto"

    @property
    def is_whole(self):
        """A column of whole numbers on the line (a rank or a group size)."""
        return QUANTITIES.get(self.input) == RANK

    @property
    def is_group_size(self):
        return self.input == "group_size"


def is_id(value):
    """Whether ``value`` can be a record id (an int, not a bool, in range)."""
    return type(value) is int and 0 < value <= _MAX_ID


def searchable(text):
    """Whether ``text`` can be compared in SQL (PostgreSQL refuses NUL)."""
    return "\x00" not in text


def shown(value):
    """A copy of a value for an error entry that JSON and XML-RPC both carry
    (XML-RPC has no None: an empty value is false)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None:
        return False
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def period_matches(period, appraisal):
    year, month, day = period
    start = appraisal.date_from
    if day is None:
        return (start.year, start.month) == (year, month)
    return start == date(year, month, day)


class ActualsImportService:
    """Check rows of measured values against ``appraisals``, then write them."""

    def __init__(self, appraisals):
        self.env = appraisals.env
        self.appraisals = appraisals
        self.columns = self._collect_columns()
        self.writes = defaultdict(list)  # (model, field, value) -> record ids
        self.touched = appraisals.browse()

    # ------------------------------------------------------------------
    # Columns
    # ------------------------------------------------------------------

    def _collect_columns(self):
        columns = {}
        lines = self.appraisals.line_ids
        # everything the columns need, in two queries rather than by prefetch
        lines.fetch(["code", "scoring_method", "indicator_snapshot", "input_ids"])
        lines.input_ids.fetch(["code"])
        for line in lines:
            for column in self._line_columns(line):
                columns.setdefault(column.key, column)
        return columns

    @staticmethod
    def _line_columns(line):
        """The columns of the measured inputs people enter for the line."""
        code = line.code
        measured = [
            key
            for key in entered_inputs(line.indicator_snapshot)
            if key in MEASURED_INPUTS
        ]
        for position, key in enumerate(measured):
            if key in ROW_INPUTS:
                for row in line.input_ids:
                    if ROW_INPUT_OF_TYPE[row.input_type] == key:
                        yield Column(
                            f"{code}.{row.code}", code, key, row.code, line, row
                        )
            elif position == 0:
                yield Column(code, code, key, None, line, None)
            else:
                yield Column(f"{code}.{key}", code, key, key, line, None)

    def column_label(self, column, env=None):
        """The column's header: indicator name, then input name, in env's language."""
        env = env or self.env
        name = column.line.with_env(env).name
        if column.is_group_size:
            return f"{name} · " + env._("Group size")
        if column.line_input:
            return f"{name} · {column.line_input.with_env(env).name}"
        return name

    # ------------------------------------------------------------------
    # Checking
    # ------------------------------------------------------------------

    def check(self, rows):
        """Validate every row and cell; return the errors (empty when all is well).

        Each error is ``{"row", "field", "value", "reason"}``: ``field`` is
        "employee", "period" or a column key, ``reason`` is translated.
        """
        errors = []
        self.writes.clear()
        matched = self._match_rows(rows, errors)
        lines = {
            (line.appraisal_id.id, line.code): line
            for line in self.appraisals.browse(
                [appraisal.id for _row, appraisal in matched]
            ).line_ids
        }
        inputs = {
            (line_input.line_id.id, line_input.code): line_input
            for line_input in self.env["hr.kpi.appraisal.line"]
            .browse([line.id for line in lines.values()])
            .input_ids
        }
        cells = defaultdict(dict)  # line -> {column: (row, raw value, value)}
        fields = defaultdict(set)  # appraisal -> line fields written
        written = defaultdict(list)  # appraisal -> the lines written
        rows_of = defaultdict(list)  # appraisal -> its row
        for row, appraisal in matched:
            rows_of[appraisal].append(row)
            for key, raw in row.values.items():
                column = self.columns.get(key)
                if column is None:
                    self._error(errors, row, key, raw, self.unknown_column_reason(key))
                    continue
                if is_blank(raw):
                    continue
                line = lines.get((appraisal.id, column.code))
                line_input = line and inputs.get((line.id, column.sub))
                if not self._fits(column, line, line_input):
                    reason = self.env._(
                        "%(indicator)s is not on the appraisal of %(employee)s.",
                        indicator=key,
                        employee=appraisal.employee_id.sudo().name,
                    )
                    self._error(errors, row, key, raw, reason)
                    continue
                try:
                    value = self._parse(column, raw, line_input)
                except ValueError as error:
                    self._error(errors, row, key, raw, str(error))
                    continue
                cells[line][column] = (row, raw, value)
                fields[appraisal].add("input_ids" if line_input else column.field)
                written[appraisal].append(line)
                target = line_input or line
                self.writes[(target._name, column.field, value)].append(
                    (appraisal.id, line.id, line_input.id if line_input else 0)
                )
        for line, line_cells in cells.items():
            self._check_line(line, line_cells, errors)
        for appraisal, names in fields.items():
            try:
                appraisal.line_ids.browse(
                    [line.id for line in written[appraisal]]
                )._check_write(names)
            except (AccessError, UserError) as error:
                for row in rows_of[appraisal]:
                    who = row.employee or row.name
                    self._error(errors, row, "employee", who, error.args[0])
        self.touched = self.appraisals.browse([a.id for a in fields])
        errors.sort(key=lambda error: error["row"])
        return errors

    def _match_rows(self, rows, errors):
        """[(row, appraisal)] of the rows whose employee and period name one
        appraisal of the set; the others are reported."""
        employees = self._find_employees(rows)
        by_employee = defaultdict(list)
        for appraisal in self.appraisals:
            by_employee[appraisal.employee_id.id].append(appraisal)
        first_row = {}
        matched = []
        for row in rows:
            employee = employees.get(row.ref)
            if isinstance(employee, str):
                self._error(errors, row, "employee", row.employee or row.name, employee)
                continue
            candidates = by_employee[employee.id]
            period = None
            if not is_blank(row.period):
                period = parse_period(row.period)
                if period is None:
                    reason = self.env._(
                        "Write the period as 2026-10 (a month) or 2026-10-01 "
                        "(the first day of the appraisal)."
                    )
                    self._error(errors, row, "period", row.period, reason)
                    continue
                candidates = [a for a in candidates if period_matches(period, a)]
            name = employee.sudo().name
            if len(candidates) != 1:
                if candidates:
                    reason = self.env._(
                        "%s has several appraisals here: give the period.", name
                    )
                elif period:
                    reason = self.env._(
                        "%s has no appraisal for this period among those being "
                        "imported.",
                        name,
                    )
                else:
                    reason = self.env._(
                        "%s has no appraisal among those being imported.", name
                    )
                self._error(errors, row, "employee", row.employee or row.name, reason)
                continue
            appraisal = candidates[0]
            if appraisal.id in first_row:
                reason = self.env._(
                    "Duplicate row: %(employee)s is already on row %(row)s.",
                    employee=name,
                    row=first_row[appraisal.id],
                )
                self._error(errors, row, "employee", row.employee or row.name, reason)
                continue
            first_row[appraisal.id] = row.ref
            matched.append((row, appraisal))
        return matched

    def _find_employees(self, rows):
        """{row ref: employee, or the reason none is found}, by id, number
        (badge ID) or, when no number is given, a name unique in the set.

        Only employees within the user's reach are found (``_reach``): for the
        others the reason is the same as for an id, number or name nobody has,
        so that the errors tell nothing about employees the user cannot read."""
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        ids = {row.employee for row in rows if is_id(row.employee)}
        numbers = {
            normalized(row.employee)
            for row in rows
            if isinstance(row.employee, str) and not is_blank(row.employee)
        }
        names = {
            normalized(row.name)
            for row in rows
            if is_blank(row.employee) and not is_blank(row.name)
        }
        numbers, names = (
            set(filter(searchable, numbers)),
            set(filter(searchable, names)),
        )
        employees = Employee.browse()
        if ids or numbers or names:
            employees = self._reach(
                Employee.search(
                    [
                        ("company_id", "in", self.env.companies.ids),
                        "|",
                        "|",
                        ("id", "in", list(ids)),
                        ("barcode", "in", list(numbers)),
                        ("name", "in", list(names)),
                    ]
                )
            )
        in_set = set(self.appraisals.employee_id.ids)

        def preferred(found):
            """The employees of the set among ``found``, else all of them."""
            return found.filtered(lambda employee: employee.id in in_set) or found

        by_number = defaultdict(Employee.browse)
        by_name = defaultdict(Employee.browse)
        for employee in employees:
            if employee.barcode in numbers:
                by_number[employee.barcode] |= employee
            if employee.name in names:
                by_name[employee.name] |= employee
        found = {}
        for row in rows:
            employee = row.employee
            if isinstance(employee, int) and not isinstance(employee, bool):
                found[row.ref] = (
                    employees.browse(employee)
                    if employee in employees.ids
                    else self.env._("No employee has the id %s.", employee)
                )
            elif isinstance(employee, str) and not is_blank(employee):
                number = normalized(employee)
                numbered = by_number[number]
                # a number is unique in a company; prefer the one in the set
                found[row.ref] = preferred(numbered)[:1] or self.env._(
                    "No employee has the number “%s”.", number
                )
            elif not is_blank(employee):
                found[row.ref] = self.env._(
                    "Give the employee as a number (badge ID) or an id, not %s.",
                    employee,
                )
            elif not is_blank(row.name):
                name = normalized(row.name)
                named = by_name[name]
                named = preferred(named)
                if len(named) > 1:
                    found[row.ref] = self.env._(
                        "Several employees are called “%s”: give the employee number.",
                        name,
                    )
                else:
                    found[row.ref] = named or self.env._(
                        "No employee is called “%s”.", name
                    )
            else:
                found[row.ref] = self.env._("The row names no employee.")
        return found

    def _reach(self, employees):
        """The ``employees`` the user may learn about from an import.

        HR users (Odoo's Employees officers, who read every Badge ID of their
        companies, and KPI HR officers, who appraise everyone) reach every
        employee of their companies; anyone else only the employees of the
        appraisals they can read (their own and their team's)."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group("hr.group_hr_user")
            or user.has_group("hr_kpi_appraisal.group_kpi_hr")
        ):
            return employees
        readable = self.env["hr.kpi.appraisal"].search(
            [("employee_id", "in", employees.ids)]
        )
        reachable = set(readable.employee_id.ids)
        return employees.browse([id_ for id_ in employees.ids if id_ in reachable])

    @staticmethod
    def _fits(column, line, line_input):
        """Whether ``line`` (of the row's appraisal) takes the column's value: the
        same code may be measured differently on another template."""
        if not line:
            return False
        if column.line_input:
            return bool(line_input)
        return column.input in entered_inputs(line.indicator_snapshot)

    def unknown_column_reason(self, key):
        return self.env._(
            "Unknown indicator “%s”: use the code of a measured indicator of these "
            "appraisals (CODE, or CODE.INPUT for counts and formula inputs).",
            key,
        )

    def _parse(self, column, raw, line_input=None):
        """The value of a cell for ``column`` (``line_input``: the input row it
        fills, if any); ValueError with the reason if none."""
        if column.is_flag:
            flag = parse_yes_no(raw, yes=[self.env._("Yes")], no=[self.env._("No")])
            if flag is None:
                raise ValueError(self.env._("“%s” is neither yes nor no.", raw))
            return flag
        key = ROW_INPUT_OF_TYPE[line_input.input_type] if line_input else column.input
        kind = QUANTITIES[key]
        try:
            return parse_quantity(raw, kind, field=column.key)
        except ScoringError as error:
            if error.reason_code == NOT_A_NUMBER:
                reason = self.env._("“%s” is not a number.", raw)
            elif error.reason_code == NOT_INTEGER:
                reason = self.env._("%s is not a whole number.", raw)
            else:
                reason = engine_reason(self.env, error)
            raise ValueError(reason) from None

    def _check_line(self, line, cells, errors):
        """Score the line with its new values as the engine does while the
        appraisal is open (a missing input scores 0 until it is submitted; but
        a rank is refused without the size of its group)."""
        line_input = line._engine_line()["manager"]
        for column, (_row, _raw, value) in cells.items():
            if column.line_input:
                key = ROW_INPUT_OF_TYPE[column.line_input.input_type]
                line_input[key] = {**line_input.get(key, {}), column.sub: value}
            else:
                line_input[column.input] = value
        rank = next((column for column in cells if column.input == "rank"), None)
        if rank and line_input.get("group_size") is None:
            row, raw, _value = cells[rank]
            size_column = f"{rank.key}.group_size"
            reason = self.env._(
                "A rank needs the size of its group: give %s as well.", size_column
            )
            self._error(errors, row, rank.key, raw, reason)
            return
        try:
            score_indicator(line.indicator_snapshot, line_input)
        except ScoringError as error:
            if error.reason_code == MISSING:
                return
            column = self._column_of(error, cells)
            row, raw, _value = cells[column]
            self._error(errors, row, column.key, raw, engine_reason(self.env, error))

    @staticmethod
    def _column_of(error, cells):
        """The imported column an engine error is about (if unsure, the line's
        main column, else the first one)."""
        field = str(error.params.get("field") or "")
        fallback = next((c for c in cells if c.sub is None), next(iter(cells)))
        return next((c for c in cells if c.engine_field == field), fallback)

    @staticmethod
    def _error(errors, row, field, value, reason):
        errors.append(
            {"row": row.ref, "field": field, "value": shown(value), "reason": reason}
        )

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------

    def apply(self, source):
        """Write the checked values as superuser (the rights were checked per
        appraisal), one write per field and value; log a note on each appraisal.
        Returns the number of appraisals updated.

        The rows are locked first and written in one stable order (appraisal
        id, line id, input id, see ``_lock``), whatever the order of the rows
        imported, so that two imports into the same appraisals wait for each
        other instead of deadlocking."""
        self._lock()
        written = self.env["hr.kpi.appraisal.line"]
        for (model, field, value), targets in sorted(
            self.writes.items(), key=lambda item: (item[0][0], item[0][1], item[1])
        ):
            position = 2 if model == "hr.kpi.appraisal.line.input" else 1
            ids = [target[position] for target in sorted(targets)]
            records = self.env[model].sudo().with_context(**{RERANK_LATER: True})
            records.browse(ids).write({field: value})
            written |= written.browse([target[1] for target in targets])
        self.env["hr.kpi.ranking"]._rerank(written)
        body = Markup("<p>%s</p>") % self.env._(
            "Actual values imported from %s", source
        )
        self.touched._message_log_batch(dict.fromkeys(self.touched.ids, body))
        return len(self.touched)

    def _lock(self):
        """Lock, in this order, the appraisals written (their scores change),
        their lines and the lines' inputs written, each table in one statement
        sorted by appraisal id, then line id, then input id: every import takes
        its locks in the same order, so none waits for another that waits for
        it. The lock is the one an UPDATE takes (it does not block the inserts
        that refer to these rows)."""
        targets = [target for group in self.writes.values() for target in group]
        tables = [
            (self.appraisals, ("id",), {appraisal for appraisal, _l, _i in targets}),
            (
                self.env["hr.kpi.appraisal.line"],
                ("appraisal_id", "id"),
                {line for _a, line, _i in targets},
            ),
            (
                self.env["hr.kpi.appraisal.line.input"],
                ("line_id", "id"),
                {line_input for _a, _l, line_input in targets if line_input},
            ),
        ]
        for model, order, ids in tables:
            if ids:
                self.env.cr.execute(
                    SQL(
                        "SELECT 1 FROM %s WHERE id = ANY(%s) ORDER BY %s "
                        "FOR NO KEY UPDATE",
                        SQL.identifier(model._table),
                        sorted(ids),
                        SQL(", ").join(SQL.identifier(name) for name in order),
                    )
                )

    def run(self, rows, source, dry_run=False, errors=()):
        """Check ``rows`` and, when all are valid and not ``dry_run``, write them.

        ``errors`` are problems found before (rows that could not be read).
        Returns ``{"ok", "errors", "updated"}``; ``updated`` counts the appraisals
        written (on a dry run: that would be written). ``dry_run`` must be a
        bool: anything else is an error (row -1, field "dry_run") and nothing
        is checked or written.
        """
        if not isinstance(dry_run, bool):
            reason = self.env._(
                "dry_run must be true or false, not %s: nothing was imported.",
                shown(dry_run),
            )
            error = {
                "row": -1,
                "field": "dry_run",
                "value": shown(dry_run),
                "reason": reason,
            }
            return {"ok": False, "errors": [error], "updated": 0}
        errors = sorted([*errors, *self.check(rows)], key=lambda e: e["row"])
        if errors:
            return {"ok": False, "errors": errors, "updated": 0}
        updated = len(self.touched) if dry_run else self.apply(source)
        return {"ok": True, "errors": [], "updated": updated}

    @classmethod
    def selected_appraisals(cls, model, ids):
        """The appraisals of ``ids`` (a client's selection) the user can read;
        anything that names no record is left out."""
        ids = [id_ for id_ in ids if is_id(id_)] if isinstance(ids, list) else []
        return model.search([("id", "in", ids)]) if ids else model.browse()

    @classmethod
    def from_api(cls, model, rows):
        """(import, rows, errors) of ``import_actuals`` rows: the import works on
        the appraisals (not cancelled) the user can read of the employees and
        periods named; rows that are not objects with values are errors."""
        env = model.env
        import_rows, errors = [], []
        for index, row in enumerate(rows if isinstance(rows, list) else [rows]):
            if not isinstance(row, dict) or not isinstance(row.get("values"), dict):
                reason = env._(
                    "Each row is an object with “employee”, “period” and “values” "
                    "(indicator codes and their values)."
                )
                errors.append(
                    {
                        "row": index,
                        "field": "values",
                        "value": shown(row),
                        "reason": reason,
                    }
                )
            elif is_blank(row.get("period")):
                reason = env._("Give the period, as 2026-10 or 2026-10-01.")
                errors.append(
                    {"row": index, "field": "period", "value": None, "reason": reason}
                )
            else:
                import_rows.append(
                    ImportRow(
                        index, row.get("employee"), None, row["period"], row["values"]
                    )
                )
        ids = [row.employee for row in import_rows if is_id(row.employee)]
        numbers = [
            normalized(row.employee)
            for row in import_rows
            if isinstance(row.employee, str) and searchable(row.employee)
        ]
        periods = [
            period
            for period in map(parse_period, (row.period for row in import_rows))
            if period
        ]
        if not periods:
            return cls(model.browse()), import_rows, errors
        employees = (
            env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search(["|", ("id", "in", ids), ("barcode", "in", numbers)])
        )
        # a month names the appraisals starting in it, a date the one starting
        # then: from the first such day to the last day of the last month
        first = min(date(year, month, day or 1) for year, month, day in periods)
        year, month, _day = max(periods, key=lambda period: period[:2])
        last = date(year, month, calendar.monthrange(year, month)[1])
        appraisals = model.search(
            [
                ("employee_id", "in", employees.ids),
                ("state", "!=", "cancel"),
                ("date_from", ">=", first),
                ("date_from", "<=", last),
            ]
        )
        return cls(appraisals), import_rows, errors
