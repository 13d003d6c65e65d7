"""Development entry points of the hr_kpi_appraisal project: ``run``, ``test``, ``i18n``, ``bench``.

``run``   serves the addon with demo data in a real Odoo 18 (http://localhost:8069).
``test``  runs tier 1 (pytest, no Odoo) and, when an Odoo 18 is found, tier 2
          (the addons' Odoo tests on a fresh database, plus a clean install
          without demo data), then prints ``N passed, N failed``.
``i18n``  installs the addons with demo data on a fresh database, exports
          each addon's ``i18n/<addon>.pot`` and merges it into ``i18n/zh_CN.po``.
``bench`` installs the addon without demo data on a fresh database and runs
          ``bench/campaign_bench.py`` there (KPI_BENCH_SIZES, default 200,2000,
          then the background generation of KPI_BENCH_SCALE, default 10000);
          KPI_BENCH=ranking runs ``bench/ranking_bench.py`` instead.

Run as ``python -m tools.kpi_dev <command>`` from the project root (the
Makefile does). Standard library only (``i18n`` also needs polib), Python
3.10+. Everything it creates lives in ``.run/``, apart from the ``i18n`` files.
The environment variables it reads are listed in README.md.
"""

from __future__ import annotations

import argparse
import signal

from .bench import cmd_bench
from .common import Interrupted, ToolError, say
from .i18n import cmd_i18n
from .serve import cmd_run
from .testing import cmd_test


def _raise_interrupted(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.kpi_dev", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="serve the addon with demo data on localhost:8069")
    sub.add_parser("test", help="tier 1 (pytest) and tier 2 (Odoo 18) tests")
    sub.add_parser(
        "i18n", help="export the addons' .pot files and merge them into zh_CN.po"
    )
    sub.add_parser("bench", help="time a campaign of 200 and of 2,000 employees")
    args = parser.parse_args(argv)
    # Ctrl-C must unwind even when started in the background, where SIGINT
    # arrives ignored; SIGTERM and SIGHUP unwind the same way.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    signal.signal(signal.SIGHUP, _raise_interrupted)
    try:
        commands = {
            "run": cmd_run,
            "test": cmd_test,
            "i18n": cmd_i18n,
            "bench": cmd_bench,
        }
        return commands[args.command](args)
    except ToolError as exc:
        say(f"error: {exc}")
        return 2
    except (KeyboardInterrupt, Interrupted):
        say("\ninterrupted")
        return 130
