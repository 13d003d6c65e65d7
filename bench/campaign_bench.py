"""Campaign benchmark: generation, actuals import, recompute and summary XLSX.

For each size N (200 and 2,000 by default) it creates N agents (a user, an
employee and a contract each) on one job whose template has 12 indicators of
mixed methods, then times four steps: generate the campaign (synchronously),
import every agent's measured values through ``hr.kpi.appraisal.import_actuals``,
recompute every line's points and appraisal's scores, export the summary XLSX.
Each step prints its wall time, the time per employee and its SQL queries.

In the same run and database it measures each step's bound, what Odoo and
the libraries themselves need for the same amount of work (see ``Bounds``):
generate against a bare ORM ``create`` of as many rows as it inserted (and a
raw SQL insert, for scale), import and recompute against the engine scoring
the same values on plain data plus a bare ORM ``write`` of as many rows as
they updated, export against xlsxwriter writing the same cells. Each step's
"× bound" is its time divided by its bound.

Each size runs five times (``--repeat`` or KPI_BENCH_REPEAT), after a warm-up
run of 20 agents that is not counted; a final table compares the median times per employee of the
largest size with the smallest, with the median "× bound" of each. Every run is
a transaction of its own, rolled back and followed by a ``VACUUM ANALYZE``: the
database is left as it was. KPI_BENCH_PROFILE=generate,import prints the 25
functions that took the most time in each run of those steps (cProfile);
``payroll`` profiles the KPI inputs of each payslip batch.

Run it on a database where hr_kpi_appraisal is installed, either as a script
with Odoo's Python (``make bench`` does this on a fresh database)::

    python bench/campaign_bench.py -c odoo.conf -d DB [--sizes 200,2000] [--repeat 5]

or in ``odoo-bin shell -d DB < bench/campaign_bench.py`` (default sizes).
"""

import argparse
import cProfile
import functools
import http.cookiejar
import io
import itertools
import json
import os
import pstats
import socket
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from contextlib import closing, suppress
from datetime import date
from statistics import median

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.tools.misc import xlsxwriter

PERIOD_START = date(2026, 10, 1)
STEPS = ("generate", "import", "recompute", "export")
TARGET_RATIO = 1.2  # time per employee at the largest size / at the smallest
# a step's time / the time Odoo and the libraries alone need for its work
TARGET_BOUND = {"generate": 3.0, "import": 3.0, "recompute": 3.0, "export": 2.0}
REPEAT = int(os.environ.get("KPI_BENCH_REPEAT", 5))  # runs per size, median kept
# steps to profile (comma-separated names): the 25 dearest functions are printed
PROFILE = set(filter(None, os.environ.get("KPI_BENCH_PROFILE", "").split(",")))
WARM_UP = 20  # agents of the first, uncounted run


def indicators():
    """12 indicators: points, levels, bands, deduction, ratio, range, linear."""
    ten = {"max_points": 10.0}

    def bands(limit):
        return [
            Command.create(
                {"lower": 0, "upper": limit, "upper_inclusive": True, "points": 10}
            ),
            Command.create(
                {
                    "lower": limit,
                    "lower_inclusive": False,
                    "has_upper": False,
                    "points": 4,
                }
            ),
        ]

    def levels():
        return [
            Command.create({"name": f"{n}级", "points": 2 * n}) for n in range(1, 6)
        ]

    def event(code, name):
        return [Command.create({"code": code, "name": name, "points": -2})]

    kpi = [
        dict(ten, code="RESP", name="平均响应时间", scoring_method="bands"),
        dict(ten, code="FCR", name="一次解决率", scoring_method="bands"),
        dict(ten, code="COMPL", name="投诉次数", scoring_method="deduction"),
        dict(ten, code="ERR", name="差错次数", scoring_method="deduction"),
        dict(ten, code="CALLS", name="接通量", scoring_method="ratio"),
        dict(ten, code="CONV", name="转化率", scoring_method="ratio"),
        dict(ten, code="TALK", name="通话时长", scoring_method="range"),
        dict(ten, code="ORDERS", name="转化订单", scoring_method="linear"),
    ]
    kpi[0].update(direction="lower", band_ids=bands(50))
    kpi[1].update(band_ids=bands(80))
    kpi[2].update(event_ids=event("complaint", "有效投诉"))
    kpi[3].update(event_ids=event("error", "差错"))
    kpi[4].update(target_value=1000.0)
    kpi[5].update(target_value=20.0)
    kpi[6].update(range_low=4.0, range_high=6.0, below_points=2.0, above_points=0.0)
    kpi[7].update(
        input_ids=[
            Command.create({"code": "orders", "name": "订单数", "coefficient": 0.5})
        ]
    )
    cpi = [
        dict(ten, code="ATT", name="服务态度", scoring_method="points"),
        dict(ten, code="DISC", name="工作纪律", scoring_method="points"),
        dict(ten, code="CUST", name="以客户为中心", scoring_method="levels"),
        dict(ten, code="TEAM", name="团队合作", scoring_method="levels"),
    ]
    cpi[2]["level_ids"] = levels()
    cpi[3]["level_ids"] = levels()
    return kpi, cpi


def measured_values(index):
    """One agent's row of measured values, some written as people write them."""
    return {
        "RESP": 30 + index % 40,
        "FCR": f"{70 + index % 25}%",
        "COMPL.complaint": index % 3,
        "ERR.error": index % 2,
        "CALLS": 800 + index % 400,
        "CONV": f"{15 + index % 10}%",
        "TALK": f"{3.5 + (index % 5) * 0.5}小时",
        "ORDERS.orders": 10 + index % 15,
    }


def setup(env, size):
    """A department of ``size`` agents under one team lead, on one job whose
    template is the 12-indicator one; returns the job's department."""
    tag = f"bench{size}"
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    Employee = env["hr.employee"].with_context(tracking_disable=True)
    lead_user = Users.create({"name": f"组长 {size}", "login": f"{tag}_lead"})
    department = env["hr.department"].create({"name": f"呼叫中心 {size}"})
    lead = Employee.create(
        {
            "name": lead_user.name,
            "user_id": lead_user.id,
            "department_id": department.id,
        }
    )
    department.manager_id = lead
    job = env["hr.job"].create({"name": f"话务员 {size}"})
    kpi, cpi = indicators()
    env["hr.kpi.template"].create(
        {
            "name": f"话务员 monthly ({size})",
            "code": f"BENCH-{size}",
            "job_ids": [Command.set(job.ids)],
            "self_review": True,
            "self_weight": 30.0,
            "manager_weight": 70.0,
            "section_ids": [
                Command.create(
                    {
                        "code": "KPI",
                        "name": "业绩考核",
                        "weight": 80.0,
                        "indicator_ids": [Command.create(v) for v in kpi],
                    }
                ),
                Command.create(
                    {
                        "code": "CPI",
                        "name": "行为考核",
                        "weight": 20.0,
                        "indicator_ids": [Command.create(v) for v in cpi],
                    }
                ),
            ],
        }
    )
    users = Users.create(
        [{"name": f"话务员 {size}-{i}", "login": f"{tag}_{i}"} for i in range(size)]
    )
    employees = Employee.create(
        [
            {
                "name": user.name,
                "user_id": user.id,
                "barcode": f"B{size}N{i:05d}",
                "department_id": department.id,
                "job_id": job.id,
                "parent_id": lead.id,
            }
            for i, user in enumerate(users)
        ]
    )
    env["hr.contract"].create(
        [
            {
                "name": f"{employee.name} contract",
                "employee_id": employee.id,
                "wage": 5000.0,
                "kpi_base_amount": 800.0,
                "date_start": date(2026, 1, 1),
                "state": "open",
            }
            for employee in employees
        ]
    )
    env.flush_all()
    # planner statistics, as autovacuum keeps them for staff who exist for months
    env.cr.execute("ANALYZE")
    return department, employees


def table_writes(cr):
    """{table: (rows inserted, rows updated)} so far in the transaction."""
    cr.execute("SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables")
    return {table: (ins, upd) for table, ins, upd in cr.fetchall()}


class Step:
    """Times a step and counts its SQL queries, the final flush included, and
    the rows it inserted and updated per table."""

    def __init__(self, env, name, size, samples):
        self.env, self.name, self.size, self.samples = env, name, size, samples

    def __enter__(self):
        self.env.flush_all()
        self.env.invalidate_all()
        self.tables = table_writes(self.env.cr)
        self.queries = self.env.cr.sql_log_count
        self.profile = cProfile.Profile() if self.name in PROFILE else None
        if self.profile:
            self.profile.enable()
        self.start = time.perf_counter()
        return self

    def __exit__(self, exc_type, *_exc):
        if exc_type:
            return False
        self.env.flush_all()
        seconds = time.perf_counter() - self.start
        queries = self.env.cr.sql_log_count - self.queries
        if self.profile:
            self.profile.disable()
            pstats.Stats(self.profile).sort_stats("tottime").print_stats(25)
        before = self.tables
        self.tables = {
            table: (
                ins - before.get(table, (0, 0))[0],
                upd - before.get(table, (0, 0))[1],
            )
            for table, (ins, upd) in table_writes(self.env.cr).items()
        }
        self.inserted = sum(ins for ins, _upd in self.tables.values())
        self.updated = sum(upd for _ins, upd in self.tables.values())
        self.samples[self.name].append({"seconds": seconds, "queries": queries})
        print(
            f"  {self.name:<10} {seconds:8.2f} s  {seconds / self.size * 1000:7.2f} "
            f"ms/employee  {queries:6d} queries  {self.inserted:6d} rows inserted  "
            f"{self.updated:6d} updated",
            flush=True,
        )
        return False

    def written(self):
        """The tables the step wrote, largest first, as text."""
        rows = sorted(self.tables.items(), key=lambda item: -sum(item[1]))
        return ", ".join(
            f"{table} +{ins}/~{upd}" for table, (ins, upd) in rows if ins or upd
        )


class Bounds:
    """What Odoo and the libraries alone need for the amount of work of a
    step, in the same transaction (rolled back with the run):

    - ``create``: a bare ORM ``create`` of ``rows`` rows of a minimal model
      (``res.partner.industry``) in batches of 1,000; ``sql``: a raw SQL
      ``INSERT`` of as many rows, for scale;
    - ``write``: a bare ORM ``write`` of a value of its own on each of ``rows``
      rows of another minimal model (``res.bank``, whose ``bic`` is a plain
      Char: the industry's texts are translated, which costs a read per row);
    - ``engine``: the scoring engine scoring plain values (no ORM);
    - ``xlsx``: xlsxwriter writing given rows of cells, in constant memory.
    """

    BATCH = 1000

    def __init__(self, env):
        self.env = env
        self.Industry = env["res.partner.industry"]
        self.Bank = env["res.bank"]
        self.banks = self.Bank.browse()

    def _timed(self, function):
        self.env.flush_all()
        start = time.perf_counter()
        function()
        self.env.flush_all()
        return time.perf_counter() - start

    def create(self, rows):
        def create():
            for first in range(0, rows, self.BATCH):
                count = min(self.BATCH, rows - first)
                self.Industry.create(
                    [{"name": f"bound {first + i}"} for i in range(count)]
                )
                self.env.flush_all()

        return self._timed(create)

    def sql(self, rows):
        def insert():
            self.env.cr.execute(
                """
                INSERT INTO res_partner_industry
                       (name, full_name, active, create_uid, create_date,
                        write_uid, write_date)
                SELECT jsonb_build_object('en_US', 'sql ' || n), NULL, true,
                       1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
                  FROM generate_series(1, %s) n
                """,
                [rows],
            )

        return self._timed(insert)

    def write(self, rows, tag):
        for first in range(len(self.banks), rows, self.BATCH):
            count = min(self.BATCH, rows - first)
            self.banks |= self.Bank.create(
                [{"name": f"bound {first + i}"} for i in range(count)]
            )
        records = self.banks[:rows]
        self.env.flush_all()
        self.env.invalidate_all()

        def write():
            for index, record in enumerate(records):
                record.write({"bic": f"{tag} {index}"})

        return self._timed(write)

    @staticmethod
    def engine(plain):
        # the addon is importable once the bench has parsed Odoo's configuration
        from odoo.addons.hr_kpi_appraisal.engine import score_appraisal  # noqa: PLC0415

        start = time.perf_counter()
        for scheme, lines, adjustments in plain:
            score_appraisal(scheme, lines, adjustments, partial=True)
        return time.perf_counter() - start

    @staticmethod
    def xlsx(rows):
        start = time.perf_counter()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"constant_memory": True})
        sheet = book.add_worksheet("Summary")
        plain = book.add_format({"text_wrap": True, "border": 1})
        points = book.add_format({"num_format": "0.00", "border": 1})
        for row, values in enumerate(rows):
            for col, value in enumerate(values):
                if isinstance(value, str):
                    sheet.write_string(row, col, value, plain)
                else:
                    sheet.write_number(row, col, value, points)
        book.close()
        return time.perf_counter() - start


def plain_scoring(appraisals):
    """What the engine scores for each appraisal, as plain values."""
    return [
        (
            appraisal.scheme_snapshot,
            [line._engine_line() for line in appraisal.line_ids],
            [
                adjustment._engine_adjustment()
                for adjustment in appraisal.adjustment_ids
            ],
        )
        for appraisal in appraisals
    ]


def summary_cells(appraisals):
    """The summary's cells as plain values: header and a row per appraisal."""
    codes = list(dict.fromkeys(appraisals.line_ids.mapped("code")))
    rows = [["No.", "Employee", "Department", "Job", *codes, "Total", "Grade", "Pay"]]
    for appraisal in appraisals:
        points = {line.code: line.points for line in appraisal.line_ids}
        rows.append(
            [
                appraisal.employee_id.barcode or "",
                appraisal.employee_id.name,
                appraisal.department_id.display_name,
                appraisal.job_id.name,
                *(points.get(code, 0.0) for code in codes),
                appraisal.total_score,
                appraisal.grade_id.name or "",
                appraisal.performance_pay,
            ]
        )
    return rows


def run_steps(env, size, department, employees, samples):
    """The four steps, once, on the agents of ``department``; then their bounds."""
    campaign = env["hr.kpi.campaign"].create(
        {
            "name": f"2026-10 呼叫中心 {size}",
            "date_from": PERIOD_START,
            "department_ids": [Command.set(department.ids)],
            "self_deadline": date(2026, 11, 5),
            "manager_deadline": date(2026, 11, 10),
        }
    )
    steps = {}
    with Step(env, "generate", size, samples) as steps["generate"]:
        campaign.action_generate()
    appraisals = campaign.appraisal_ids
    agents = appraisals.filtered(lambda a: a.employee_id in employees)
    assert campaign.state == "open", campaign.state
    assert len(agents) == size, f"{len(agents)} agents appraised out of {size}"
    assert len(agents.line_ids) == 12 * size

    rows = [
        {
            "employee": employee.barcode,
            "period": "2026-10",
            "values": measured_values(index),
        }
        for index, employee in enumerate(employees)
    ]
    with Step(env, "import", size, samples) as steps["import"]:
        result = env["hr.kpi.appraisal"].import_actuals(rows)
    assert result["ok"], result["errors"][:5]
    assert result["updated"] == size, result["updated"]

    Line = env["hr.kpi.appraisal.line"]
    Appraisal = env["hr.kpi.appraisal"]
    line_fields = [f for f in Line._fields.values() if f.compute == "_compute_points"]
    score_fields = [
        f for f in Appraisal._fields.values() if f.compute == "_compute_scores"
    ]
    with Step(env, "recompute", size, samples) as steps["recompute"]:
        appraisals = campaign.appraisal_ids
        for field in line_fields:
            env.add_to_compute(field, appraisals.line_ids)
        for field in score_fields:
            env.add_to_compute(field, appraisals)
    assert all(appraisals.mapped("total_score")), "unscored appraisals"

    with Step(env, "export", size, samples) as steps["export"]:
        action = campaign.appraisal_ids.action_export_summary_xlsx()
    attachment_id = int(action["url"].split("?")[0].rsplit("/", 1)[1])
    attachment = env["ir.attachment"].browse(attachment_id)
    print(f"  (summary: {attachment.file_size / 1024:.0f} KiB)")
    measure_bounds(env, campaign.appraisal_ids, steps, samples)


def measure_bounds(env, appraisals, steps, samples):
    """Time each step's bound and record its "× bound"."""
    bounds = Bounds(env)
    engine = bounds.engine(plain_scoring(appraisals))
    cells = summary_cells(appraisals.sorted("id"))
    generate = steps["generate"]
    print(f"  bounds (generate wrote {generate.written()})")
    times = {
        "generate": bounds.create(generate.inserted)
        + bounds.write(generate.updated, "generate"),
        "export": bounds.xlsx(cells),
    }
    sql = bounds.sql(generate.inserted)
    for name in ("import", "recompute"):
        step = steps[name]
        times[name] = (
            engine + bounds.create(step.inserted) + bounds.write(step.updated, name)
        )
    notes = {
        "generate": f"ORM create {generate.inserted} + write {generate.updated} rows"
        f" (raw SQL insert: {sql:.2f} s)",
        "import": f"engine {engine:.2f} s + ORM write {steps['import'].updated} rows",
        "recompute": f"engine {engine:.2f} s + ORM write "
        f"{steps['recompute'].updated} rows",
        "export": f"xlsxwriter, {len(cells)} rows of {len(cells[0])} cells",
    }
    for name in STEPS:
        sample = samples[name][-1]
        sample["bound"] = times[name]
        print(
            f"  {name:<10} bound {times[name]:8.2f} s  × bound "
            f"{sample['seconds'] / times[name]:5.2f}  ({notes[name]})",
            flush=True,
        )


def repeat_runs(env, size, repeat, setup, run_steps):
    """``run_steps(env, size, *setup(env, size), samples)`` ``repeat`` times,
    each run in a transaction of its own, rolled back and vacuumed afterwards,
    with the campaigns generated in the request as one batch; return {step:
    the runs' samples} (the ranking bench runs its steps the same way)."""
    samples = defaultdict(list)
    for run in range(repeat):
        print(f"\nN = {size}, run {run + 1} of {repeat}", flush=True)
        try:
            env["ir.config_parameter"].set_param(
                "hr_kpi_appraisal.campaign_sync_limit", str(size + 1)
            )
            started = time.perf_counter()
            data = setup(env, size)
            print(f"  (setup     {time.perf_counter() - started:8.2f} s, not counted)")
            run_steps(env, size, *data, samples)
        finally:
            env.cr.rollback()
            env.invalidate_all()
            vacuum(env.cr.dbname)
    return samples


def medians(runs):
    """The median seconds and queries of a step's ``runs``."""
    return {
        "seconds": median(s["seconds"] for s in runs),
        "queries": int(median(s["queries"] for s in runs)),
    }


def run_size(env, size, repeat):
    """Run the steps ``repeat`` times on ``size`` new agents (repeat_runs);
    return {step: {"seconds", "queries", "bound"}} (medians; "bound" is the
    median × bound)."""
    samples = repeat_runs(env, size, repeat, setup, run_steps)
    return {
        step: {
            **medians(runs),
            "bound": median(s["seconds"] / s["bound"] for s in runs),
        }
        for step, runs in samples.items()
    }


def vacuum(dbname):
    """Clear the rows a rolled-back run left behind, as autovacuum would."""
    with closing(sql_db.db_connect(dbname).cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")


def report(results, sizes):
    small, large = min(sizes), max(sizes)
    print(
        f"\nN = {large} against N = {small} (targets: time ratio <= {TARGET_RATIO}; "
        f"× bound <= {TARGET_BOUND['generate']}, export <= {TARGET_BOUND['export']})"
    )
    print(
        f"  {'step':<10} {'ms/emp ' + str(small):>12} {'queries':>8} {'× bound':>8} "
        f"{'ms/emp ' + str(large):>13} {'queries':>8} {'× bound':>8} {'ratio':>6}"
    )
    for step in STEPS:
        low, high = results[small][step], results[large][step]
        per_small = low["seconds"] / small * 1000
        per_large = high["seconds"] / large * 1000
        ratio = per_large / per_small
        flags = []
        if ratio > TARGET_RATIO:
            flags.append("ratio over target")
        if high["bound"] > TARGET_BOUND[step]:
            flags.append("× bound over target")
        print(
            f"  {step:<10} {per_small:12.2f} {low['queries']:8d} {low['bound']:8.2f} "
            f"{per_large:13.2f} {high['queries']:8d} {high['bound']:8.2f} "
            f"{ratio:6.2f}{'  ' + ', '.join(flags) if flags else ''}"
        )


def bench(env, sizes, repeat=REPEAT):
    """A warm-up run, then ``repeat`` runs of every size; the database is left
    as it was."""
    env = env(su=True, context=dict(env.context, tz="UTC", lang="en_US"))
    print(
        f"Odoo {odoo.release.version}, database {env.cr.dbname}, sizes {sizes}, "
        f"median of {repeat} runs"
    )
    if not repeat:  # only the payroll batch or the background run
        return
    print("\nWarm-up (caches and imports; not counted)", end="")
    run_size(env, WARM_UP, 1)
    results = {size: run_size(env, size, repeat) for size in sizes}
    report(results, sizes)


class KpiTimer:
    """Wall time spent in the payroll bridge's own methods (the outermost
    call of each), patched on the model classes while the timer is used;
    with KPI_BENCH_PROFILE=payroll, their profile (cProfile)."""

    METHODS = {
        "hr.payslip": ("_kpi_refresh_inputs", "_kpi_input_values"),
        "hr.employee": ("_kpi_payable",),
    }

    def __init__(self, env):
        self.env, self.seconds, self.depth, self.saved = env, 0.0, 0, []
        self.profile = cProfile.Profile() if "payroll" in PROFILE else None

    def __enter__(self):
        for model, names in self.METHODS.items():
            cls = type(self.env[model])
            for name in names:
                original = getattr(cls, name)
                self.saved.append((cls, name, original))
                setattr(cls, name, self._timed(original))
        return self

    def __exit__(self, *_exc):
        for cls, name, original in self.saved:
            setattr(cls, name, original)
        if self.profile:
            pstats.Stats(self.profile).sort_stats("tottime").print_stats(25)
        return False

    def _timed(self, method):
        timer = self

        @functools.wraps(method)
        def timed(*args, **kwargs):
            timer.depth += 1
            if timer.profile and timer.depth == 1:
                timer.profile.enable()
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                timer.depth -= 1
                if not timer.depth:
                    timer.seconds += time.perf_counter() - start
                    if timer.profile:
                        timer.profile.disable()

        return timed


def payroll(env, size):
    """A payslip batch (OCA payroll, through its wizard) of ``size`` agents
    generated in a campaign, before any appraisal is approved and once all
    are; prints each batch's time and the time spent in the KPI inputs."""
    env = env(su=True, context=dict(env.context, tz="UTC", lang="en_US"))
    print(f"\nPayroll: a payslip batch of {size} agents", flush=True)
    try:
        department, employees = setup(env, size)
        env["ir.config_parameter"].set_param(
            "hr_kpi_appraisal.campaign_sync_limit", str(size + 1)
        )
        campaign = env["hr.kpi.campaign"].create(
            {
                "name": f"2026-10 payroll {size}",
                "date_from": PERIOD_START,
                "department_ids": [Command.set(department.ids)],
            }
        )
        campaign.action_generate()
        structure = payroll_structure(env)
        employees.contract_ids.struct_id = structure
        without = payslip_batch(env, employees, "without")
        # approved (bench data: the approval itself is not what is timed)
        agents = campaign.appraisal_ids.filtered(lambda a: a.employee_id in employees)
        env.flush_all()
        env.cr.execute(
            """
            UPDATE hr_kpi_appraisal
               SET state = 'done', date_done = %s, pay_date = %s
             WHERE id = ANY(%s)
            """,
            [date(2026, 11, 5), date(2026, 11, 5), agents.ids],
        )
        env.invalidate_all()
        with_pay = payslip_batch(env, employees, "with")
        print(
            f"  KPI inputs: {with_pay[1] / with_pay[0] * 100:.1f} % of the batch with "
            f"appraisals to pay (target <= 10 %); the batch takes "
            f"{with_pay[0] / without[0]:.2f}× the one with none"
        )
    finally:
        env.cr.rollback()
        env.invalidate_all()
        vacuum(env.cr.dbname)


def payroll_structure(env):
    """BASIC = wage, GROSS = BASIC + PERF, and the bridge's KPI rules."""
    Category = env["hr.salary.rule.category"]
    basic = Category.create({"name": "Basic", "code": "BASIC"})
    gross = Category.create({"name": "Gross", "code": "GROSS"})
    rules = env["hr.salary.rule"].create(
        [
            {
                "name": "Basic Salary",
                "code": "BASIC",
                "sequence": 1,
                "category_id": basic.id,
                "amount_select": "code",
                "amount_python_compute": "result = contract.wage",
            },
            {
                "name": "Gross",
                "code": "GROSS",
                "sequence": 100,
                "category_id": gross.id,
                "amount_select": "code",
                "amount_python_compute": "result = categories.BASIC + categories.PERF",
            },
        ]
    )
    structure = env["hr.payroll.structure"].create(
        {"name": "话务员 salary", "code": "BENCH", "rule_ids": [Command.set(rules.ids)]}
    )
    structure.action_kpi_add_performance_rules()
    return structure


def payslip_batch(env, employees, label):
    """Compute a November batch of ``employees``; (seconds, seconds in KPI)."""
    run = env["hr.payslip.run"].create(
        {
            "name": f"2026-11 {label}",
            "date_start": date(2026, 11, 1),
            "date_end": date(2026, 11, 30),
        }
    )
    wizard = env["hr.payslip.employees"].create(
        {"employee_ids": [Command.set(employees.ids)]}
    )
    env.flush_all()
    queries = env.cr.sql_log_count
    with KpiTimer(env) as timer:
        start = time.perf_counter()
        wizard.with_context(active_id=run.id).compute_sheet()
        env.flush_all()
        seconds = time.perf_counter() - start
    paid = run.slip_ids.input_line_ids.filtered(lambda i: i.code == "KPI_PERF")
    print(
        f"  batch {label} appraisals to pay: {seconds:8.2f} s "
        f"({seconds / len(employees) * 1000:.2f} ms/employee, "
        f"{env.cr.sql_log_count - queries} queries), of which KPI inputs "
        f"{timer.seconds:.2f} s; {len(run.slip_ids)} slips, "
        f"{len(paid.kpi_appraisal_ids)} appraisals on them",
        flush=True,
    )
    return seconds, timer.seconds


class Scale:
    """The background generation of ``size`` agents through the cron, in a
    server of its own, as in production (committed: run it on a scratch
    database, as ``make bench`` does).

    The bench commits the agents and a campaign put to generation, starts an
    Odoo server with one cron thread (``--max-cron-threads=1``) on the same
    configuration, and until the campaign is open it asks the server every
    second for a page of the campaign's appraisals as the web client does
    (JSON-RPC ``search_read`` as admin), timing each answer, and samples the
    server's memory. Once a third of the employees is generated it kills the
    server (SIGKILL, as a crash would) and starts it again: the generation
    must resume where it stopped and give every employee one appraisal.
    Each chunk is a transaction of its own, so its appraisals share one
    ``create_date``: the time per chunk is the gap between two of them.
    """

    POLL = 1.0  # seconds between two requests

    def __init__(self, env, args, size, chunk_size):
        self.env, self.args, self.size = env, args, size
        self.chunk_size = chunk_size
        self.port = free_port()
        self.server = None
        self.latencies = []
        self.peak_kib = 0

    def command(self):
        command = [sys.executable, "-m", "odoo", "--database", self.args.database]
        command += ["--db-filter", f"^{self.args.database}$", "--log-level", "warn"]
        command += ["--http-interface", "127.0.0.1", "--http-port", str(self.port)]
        command += ["--max-cron-threads", "1", "--workers", "0"]
        if self.args.config:
            command += ["--config", self.args.config]
        if self.args.addons_path:
            command += ["--addons-path", self.args.addons_path]
        return command

    def start_server(self):
        self.server = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with suppress(OSError):
                urllib.request.urlopen(self.url("/web/health"), timeout=5)
                break
            time.sleep(0.5)
        self.session = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.rpc("/web/session/authenticate", db=self.args.database, login="admin",
                 password="admin")  # fmt: skip
        # the cron thread sleeps until notified: wake it up now
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {}).ref(
                "hr_kpi_appraisal.ir_cron_kpi_campaign_generate"
            )._trigger()

    def kill_server(self):
        self.server.kill()
        self.server.wait()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def rpc(self, path, **params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
        request = urllib.request.Request(
            self.url(path), body.encode(), {"Content-Type": "application/json"}
        )
        with self.session.open(request, timeout=60) as response:
            answer = json.load(response)
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer["result"]

    def sample_memory(self):
        with suppress(OSError), open(f"/proc/{self.server.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    self.peak_kib = max(self.peak_kib, int(line.split()[1]))

    def request(self, campaign_id):
        """A page of the campaign's appraisals, as the web client's list asks."""
        start = time.perf_counter()
        self.rpc(
            "/web/dataset/call_kw/hr.kpi.appraisal/web_search_read",
            model="hr.kpi.appraisal",
            method="web_search_read",
            args=[[("campaign_id", "=", campaign_id)]],
            kwargs={
                "specification": {
                    "name": {},
                    "state": {},
                    "employee_id": {"fields": {"display_name": {}}},
                    "total_score": {},
                },
                "limit": 80,
            },
        )
        self.latencies.append(time.perf_counter() - start)

    def progress(self, campaign_id):
        with self.registry.cursor() as cr:
            cr.execute("SELECT state FROM hr_kpi_campaign WHERE id = %s", [campaign_id])
            state = cr.fetchone()[0]
            cr.execute(
                "SELECT count(*) FROM hr_kpi_appraisal WHERE campaign_id = %s",
                [campaign_id],
            )
            return state, cr.fetchone()[0]

    def prepare(self):
        """The agents and a campaign put to background generation, committed."""
        env = self.env
        started = time.perf_counter()
        department, _employees = setup(env, self.size)
        params = env["ir.config_parameter"]
        params.set_param("hr_kpi_appraisal.campaign_chunk_size", self.chunk_size)
        campaign = env["hr.kpi.campaign"].create(
            {
                "name": f"2026-10 呼叫中心 {self.size}",
                "date_from": PERIOD_START,
                "department_ids": [Command.set(department.ids)],
            }
        )
        campaign.action_generate()
        assert campaign.state == "generating", campaign.state
        env.cr.commit()
        print(f"  (setup     {time.perf_counter() - started:8.2f} s, not counted)")
        return campaign.id

    def run(self):
        self.registry = Registry(self.args.database)
        print(f"\nBackground generation of {self.size} agents through the cron, "
              f"chunks of {self.chunk_size}", flush=True)  # fmt: skip
        campaign_id = self.prepare()
        started = time.perf_counter()
        self.start_server()
        restarted = False
        try:
            while True:
                state, count = self.progress(campaign_id)
                if state != "generating":
                    break
                if not restarted and count >= self.size // 3:
                    print(f"  killed the server at {count} appraisals", flush=True)
                    self.sample_memory()
                    self.kill_server()
                    self.start_server()
                    restarted = True
                self.request(campaign_id)
                self.sample_memory()
                time.sleep(self.POLL)
            seconds = time.perf_counter() - started
            self.sample_memory()
        finally:
            self.kill_server()
        self.report(campaign_id, state, seconds)

    def report(self, campaign_id, state, seconds):
        with self.registry.cursor() as cr:
            cr.execute(
                """
                SELECT create_date, count(*) FROM hr_kpi_appraisal
                 WHERE campaign_id = %s GROUP BY create_date ORDER BY create_date
                """,
                [campaign_id],
            )
            chunks = cr.fetchall()
            cr.execute(
                """
                SELECT count(*), count(DISTINCT employee_id) FROM hr_kpi_appraisal
                 WHERE campaign_id = %s
                """,
                [campaign_id],
            )
            appraisals, employees = cr.fetchone()
        gaps = [
            (later - earlier).total_seconds()
            for (earlier, _n), (later, _m) in itertools.pairwise(chunks)
        ]
        latencies = sorted(self.latencies)
        print(
            f"  state {state}: {appraisals} appraisals of {employees} employees "
            f"in {len(chunks)} chunks, {seconds:.1f} s "
            f"({seconds / self.size * 1000:.2f} ms/employee, server restart included)"
        )
        if gaps:
            print(
                f"  per chunk: median {median(gaps):.2f} s, max {max(gaps):.2f} s "
                f"(the restart's gap included)"
            )
        print(f"  server peak memory (VmHWM): {self.peak_kib / 1024:.0f} MiB")
        if latencies:
            slow = sum(1 for latency in latencies if latency > 1.0)
            print(
                f"  web requests during the run: {len(latencies)}, median "
                f"{median(latencies) * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} "
                f"ms, {slow} over 1 s"
            )
        assert appraisals == employees == self.size, "appraisals lost or duplicated"


def free_port():
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", help="as odoo-bin's --addons-path")
    parser.add_argument(
        "--sizes",
        default="200,2000",
        help="employee counts (default: 200,2000; 0: none)",
    )
    parser.add_argument(
        "--payroll",
        type=int,
        default=1,
        help="time a payslip batch of the largest size, if the bridge is installed "
        "(default: 1; 0: no)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="also generate this many agents in the background (committed)",
    )
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=100,
        help="employees per chunk of the background generation (default: 100)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=REPEAT,
        help=f"runs of the steps per size, the median is reported (default: {REPEAT}; "
        "0: none, only the payroll batch)",
    )
    args = parser.parse_args(argv)
    odoo_args = ["--database", args.database, "--log-level", "warn"]
    if args.config:
        odoo_args += ["--config", args.config]
    if args.addons_path:
        odoo_args += ["--addons-path", args.addons_path]
    odoo.tools.config.parse_config(odoo_args)
    odoo.netsvc.init_logger()
    sizes = sorted(filter(None, (int(size or 0) for size in args.sizes.split(","))))
    if sizes:
        with Registry(args.database).cursor() as cr:
            bench(api.Environment(cr, SUPERUSER_ID, {}), sizes, args.repeat)
            cr.rollback()
    if args.payroll and sizes:
        with Registry(args.database).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if "hr.payslip.run" in env and "_kpi_refresh_inputs" in dir(
                env["hr.payslip"]
            ):
                payroll(env, max(sizes))
            else:
                print("\nPayroll: skipped (the payroll bridge is not installed)")
    if args.scale:
        with Registry(args.database).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC", "lang": "en_US"})
            Scale(env, args, args.scale, args.chunk_size).run()


if __name__ == "__main__":
    sys.exit(main())
elif "env" in globals():  # odoo-bin shell reads the script from stdin
    bench(env, [200, 2000])  # noqa: F821 - given by odoo-bin shell
