"""Ranking benchmark: a group of N ranked, then ranked again after one change.

For each size N (200 and 2,000 by default) it creates N agents of one
department on a template of two computed ranks among the department: a
measured value (rank mode "computed", like S26's satisfaction) and a workload
saturation (rank mode "saturation", like S26's workload, against the best of
an approved appraisal earlier in the year). It generates the month's campaign,
stores everyone's values directly in the database (not timed) and times four
steps, each printing its wall time, the time per member and its SQL queries:

- ``rank``: rank the whole group of measured values (``hr.kpi.ranking._rerank``);
- ``rerank``: one member's value changes (a line ``write``), the group follows;
- ``saturation``: rank the whole group by saturation;
- ``resaturate``: one member's workload changes (an input row ``write``).

The queries of a step must not grow with the group beyond Odoo's batch sizes
(prefetch and flush batches of 1,000 records); the points recomputed by each
step are flushed inside it. Each size runs three times (``--repeat`` or
KPI_BENCH_REPEAT), after an uncounted warm-up of 20 agents; the medians are
compared at the end. Every run is a transaction of its own, rolled back.

Run it on a database where hr_kpi_appraisal is installed, as a script with
Odoo's Python (``KPI_BENCH=ranking make bench`` does this on a fresh database)::

    python bench/ranking_bench.py -c odoo.conf -d DB [--sizes 200,2000] [--repeat 3]
"""

import argparse
import os
import sys
from datetime import date

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from campaign_bench import Step, medians, repeat_runs  # noqa: E402 - the shared timing

PERIOD_START = date(2026, 10, 1)
EARLIER_START = date(2026, 9, 1)
STEPS = ("rank", "rerank", "saturation", "resaturate")
REPEAT = int(os.environ.get("KPI_BENCH_REPEAT", 3))
WARM_UP = 20


def setup(env, size):
    """``size`` agents of one department on a template of two computed ranks;
    an approved appraisal of September gives the year's best workload.
    Returns the October campaign's satisfaction and workload lines."""
    tag = f"rank{size}"
    Employee = env["hr.employee"].with_context(tracking_disable=True)
    department = env["hr.department"].create({"name": f"分公司 {size}"})
    lead = Employee.create({"name": f"主管 {size}", "department_id": department.id})
    job = env["hr.job"].create({"name": f"客服代表 {size}"})
    rank = {
        "scoring_method": "rank",
        "rank_group": "department",
        "direction": "higher",
        "evaluator": "system",
    }
    template = env["hr.kpi.template"].create(
        {
            "name": f"客服代表 monthly ({size})",
            "code": f"RANK-{size}",
            "job_ids": [Command.set(job.ids)],
            "self_review": False,
            "section_ids": [
                Command.create(
                    {
                        "code": "SAT",
                        "name": "满意度",
                        "weight": 50.0,
                        "indicator_ids": [
                            Command.create(
                                dict(
                                    rank,
                                    code="SAT",
                                    name="满意度",
                                    max_points=20.0,
                                    rank_mode="computed",
                                )
                            )
                        ],
                    }
                ),
                Command.create(
                    {
                        "code": "WORKLOAD",
                        "name": "工作量",
                        "weight": 50.0,
                        "indicator_ids": [
                            Command.create(
                                dict(
                                    rank,
                                    code="WORKLOAD",
                                    name="工作量",
                                    max_points=40.0,
                                    rank_mode="saturation",
                                    input_ids=[
                                        Command.create(
                                            {"code": "WORKLOAD", "name": "工作量"}
                                        ),
                                        Command.create(
                                            {"code": "DAYS", "name": "出勤天数"}
                                        ),
                                    ],
                                )
                            )
                        ],
                    }
                ),
            ],
        }
    )
    employees = Employee.create(
        [
            {
                "name": f"客服代表 {size}-{i}",
                "barcode": f"R{size}N{i:05d}",
                "department_id": department.id,
                "job_id": job.id,
                "parent_id": lead.id,
            }
            for i in range(size)
        ]
    )
    earlier = env["hr.kpi.appraisal"].create(
        {
            "employee_id": employees[0].id,
            "template_id": template.id,
            "date_from": EARLIER_START,
            "date_to": date(2026, 9, 30),
        }
    )
    earlier.line_ids.input_ids.filtered(lambda row: row.code == "WORKLOAD").value = 1020
    earlier.line_ids.input_ids.filtered(lambda row: row.code == "DAYS").value = 20
    earlier._kpi_system().write({"state": "done"})
    campaign = env["hr.kpi.campaign"].create(
        {
            "name": f"{tag} 2026-10",
            "date_from": PERIOD_START,
            "department_ids": [Command.set(department.ids)],
        }
    )
    campaign.action_generate()
    lines = campaign.appraisal_ids.line_ids
    sat = lines.filtered(lambda line: line.code == "SAT")
    workload = lines.filtered(lambda line: line.code == "WORKLOAD")
    assert len(sat) == len(workload) == size, (len(sat), size)
    # everyone's values, straight into the database: the steps time the ranking
    env.flush_all()
    env.cr.execute(
        # distinct values (7,919 and 100,003 are primes): ranks 1 … N
        "UPDATE hr_kpi_appraisal_line"
        " SET actual_value = 60 + (id * 7919) %% 100003 / 10000.0 WHERE id IN %s",
        [tuple(sat.ids)],
    )
    env.cr.execute(
        "UPDATE hr_kpi_appraisal_line_input SET value = CASE code"
        " WHEN 'WORKLOAD' THEN 600 + (line_id * 7919) %% 500 ELSE 18 + line_id %% 5 END"
        " WHERE line_id IN %s",
        [tuple(workload.ids)],
    )
    env.invalidate_all()
    env.cr.execute("ANALYZE")
    return sat, workload


def run_steps(env, size, sat, workload, samples):
    Ranking = env["hr.kpi.ranking"]
    with Step(env, "rank", size, samples):
        Ranking._rerank(sat)
    assert sorted(sat.mapped("rank")) == [float(r) for r in range(1, size + 1)]
    with Step(env, "rerank", size, samples):
        sat[-1].actual_value = 100.0
    assert sat[-1].rank == 1.0
    with Step(env, "saturation", size, samples):
        Ranking._rerank(workload)
    assert min(workload.mapped("actual_value")) > 0
    with Step(env, "resaturate", size, samples):
        row = workload[-1].input_ids.filtered(lambda row: row.code == "WORKLOAD")
        row.value = 5000.0
    assert workload[-1].rank == 1.0


def run_size(env, size, repeat):
    """The steps ``repeat`` times on a department of ``size``; their medians."""
    samples = repeat_runs(env, size, repeat, setup, run_steps)
    return {step: medians(runs) for step, runs in samples.items()}


def report(results, sizes):
    small, large = min(sizes), max(sizes)
    print(f"\nN = {large} against N = {small} (medians)")
    print(
        f"  {'step':<11} {'ms/member ' + str(small):>15} {'queries':>8} "
        f"{'ms/member ' + str(large):>16} {'queries':>8} {'ratio':>6}"
    )
    for step in STEPS:
        low, high = results[small][step], results[large][step]
        per_small = low["seconds"] / small * 1000
        per_large = high["seconds"] / large * 1000
        print(
            f"  {step:<11} {per_small:15.3f} {low['queries']:8d} "
            f"{per_large:16.3f} {high['queries']:8d} {per_large / per_small:6.2f}"
        )


def bench(env, sizes, repeat=REPEAT):
    env = env(su=True, context=dict(env.context, tz="UTC", lang="en_US"))
    print(
        f"Odoo {odoo.release.version}, database {env.cr.dbname}, sizes {sizes}, "
        f"median of {repeat} runs"
    )
    print("\nWarm-up (caches and imports; not counted)", end="")
    run_size(env, WARM_UP, 1)
    results = {size: run_size(env, size, repeat) for size in sizes}
    report(results, sizes)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", help="as odoo-bin's --addons-path")
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--repeat", type=int, default=REPEAT)
    args = parser.parse_args(argv)
    odoo_args = ["--database", args.database, "--log-level", "warn"]
    if args.config:
        odoo_args += ["--config", args.config]
    if args.addons_path:
        odoo_args += ["--addons-path", args.addons_path]
    odoo.tools.config.parse_config(odoo_args)
    odoo.netsvc.init_logger()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    with Registry(args.database).cursor() as cr:
        bench(api.Environment(cr, SUPERUSER_ID, {}), sizes, args.repeat)
        cr.rollback()


if __name__ == "__main__":
    sys.exit(main())
