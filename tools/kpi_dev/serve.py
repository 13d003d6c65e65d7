"""`run`: serve the addons with demo data, kept in .run/ from one run to the next."""

from __future__ import annotations

import shlex
import signal
import subprocess

from .common import RUN_DIR, Interrupted, ToolError, env, rel, say
from .odoo import odoo_command, required_odoo, select_modules
from .postgres import db_helper, external_db, run_cluster, write_conf
from .processes import kill_group

DEMO_DB = "kpi_demo"


def cmd_run(_args) -> int:
    odoo, paths = required_odoo()
    modules, note = select_modules(odoo, paths)
    say(f"Odoo {odoo.version} with {odoo.python}")
    say(note)
    port = env("KPI_HTTP_PORT", "8069")
    cluster = None
    proc = None
    try:
        server = external_db()
        if server is None:
            cluster = run_cluster()
            if cluster.initialized and cluster.running():
                raise ToolError(
                    f"PostgreSQL already runs in {cluster.datadir}: is another "
                    "`make run` still running?"
                )
            if not cluster.initialized:
                say(f"creating the PostgreSQL cluster in {rel(cluster.datadir)}")
                cluster.init()
            server = cluster.start()
            say(f"PostgreSQL listening on 127.0.0.1:{server.port}")
        state = db_helper(odoo.python, server, "state", DEMO_DB)
        if state == "broken":
            say(f"database {DEMO_DB} was left half-created: dropping it")
            db_helper(odoo.python, server, "drop", DEMO_DB)
            state = "missing"
        if state == "missing":
            say(
                f"creating database {DEMO_DB} with demo data and Chinese (zh_CN); "
                "the first start takes a few minutes"
            )
            # the first language is the default one: English, plus Chinese
            args = ["--init", ",".join(modules), "--load-language=en_US,zh_CN"]
        else:
            # update only: installing again would load the noupdate data anew
            say(f"reusing database {DEMO_DB}; updating {', '.join(modules)}")
            args = ["--update", ",".join(modules)]
        conf = write_conf(RUN_DIR / "odoo-run.conf", server)
        cmd = odoo_command(
            odoo,
            conf,
            paths,
            RUN_DIR / "data",
            DEMO_DB,
            *args,
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
        )
        say(f"$ {shlex.join(cmd)}")
        say(
            f"\nOdoo: http://localhost:{port}  login: admin  password: admin  "
            f"(database {DEMO_DB}); Ctrl-C stops Odoo and PostgreSQL\n"
        )
        proc = subprocess.Popen(
            cmd, cwd=RUN_DIR, stdin=subprocess.DEVNULL, start_new_session=True
        )
        code = proc.wait()
        say(f"Odoo stopped (exit code {code})")
        return code
    except (KeyboardInterrupt, Interrupted):
        say("\nstopping Odoo and PostgreSQL ...")
        if proc is not None:
            kill_group(proc, signal.SIGINT, grace=60)
        return 0
    finally:
        if proc is not None and proc.poll() is None:
            kill_group(proc, signal.SIGINT, grace=60)
        if cluster is not None:
            cluster.stop()
