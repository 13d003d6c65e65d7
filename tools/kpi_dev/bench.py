"""`bench`: time a benchmark of bench/ on a fresh database without demo data:
bench/campaign_bench.py, or bench/<KPI_BENCH>_bench.py (KPI_BENCH=ranking)."""

from __future__ import annotations

import subprocess

from .common import (
    LOG_DIR,
    ROOT,
    RUN_DIR,
    ToolError,
    env,
    free_port,
    header,
    rel,
    say,
)
from .logwatch import odoo_timeout, report_run, run_odoo_logged
from .odoo import odoo_command, required_odoo, select_modules
from .postgres import scratch_server, write_conf


def cmd_bench(_args) -> int:
    """Install the addon without demo data on a fresh database of a scratch
    server, then run bench/<KPI_BENCH>_bench.py (campaign by default) there
    with Odoo's Python."""
    script = ROOT / "bench" / f"{env('KPI_BENCH', 'campaign')}_bench.py"
    if not script.is_file():
        raise ToolError(f"no benchmark {rel(script)}")
    odoo, paths = required_odoo()
    say(f"Odoo {odoo.version} with {odoo.python}")
    timeout = odoo_timeout()
    with scratch_server(odoo.python, "bench-postgres.log") as (work, server, dbname):
        database = dbname("kpi_bench")
        conf = write_conf(work / "odoo.conf", server)
        modules, note = select_modules(odoo, paths)
        say(note)
        header(f"bench: install {', '.join(modules)} without demo data")
        cmd = odoo_command(
            odoo,
            conf,
            paths,
            work / "data",
            database,
            "--init",
            ",".join(modules),
            "--without-demo=all",
            "--stop-after-init",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={free_port()}",
        )
        if report_run(run_odoo_logged("bench-install", cmd, modules, timeout), None):
            raise ToolError(f"install failed (log: {rel(LOG_DIR)}/bench-install.log)")
        header(f"bench: {rel(script)}")
        with conf.open("a") as handle:
            handle.write(f"data_dir = {work / 'data'}\n")
        bench = [odoo.python, str(script)]
        bench += ["--config", str(conf), "--addons-path", ",".join(paths)]
        bench += ["--database", database, "--sizes", env("KPI_BENCH_SIZES", "200,2000")]
        if script.name == "campaign_bench.py":
            bench += ["--payroll", env("KPI_BENCH_PAYROLL", "1")]
            bench += ["--scale", env("KPI_BENCH_SCALE", "10000")]
            bench += ["--chunk-size", env("KPI_BENCH_CHUNK", "100")]
        return subprocess.run(bench, cwd=RUN_DIR, stdin=subprocess.DEVNULL).returncode
