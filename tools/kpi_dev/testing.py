"""`test`: tier 1 (pytest, no Odoo) and tier 2 (the addons' tests in Odoo 18)."""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from .common import MAIN_MODULE, ROOT, RUN_DIR, env, free_port, header, say
from .logwatch import odoo_timeout, report_run, run_odoo_logged
from .odoo import (
    NO_ODOO_HINT,
    Odoo,
    addons_path,
    find_odoo,
    odoo_command,
    select_modules,
)
from .postgres import scratch_server, stale_test_dirs_cleanup, write_conf
from .processes import stop_process

TESTS_DIR = ROOT / "tests"
TEST_DEADLINE = 80 * 60  # seconds: the whole `test` command stays under CI's 90 min


@dataclasses.dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    skipped: int = 0

    def line(self) -> str:
        text = f"{self.passed} passed, {self.failed} failed"
        return text + (f", {self.skipped} skipped" if self.skipped else "")


def tier1_test_files() -> list[Path]:
    if not TESTS_DIR.is_dir():
        return []
    return sorted(
        p
        for p in TESTS_DIR.rglob("*.py")
        if p.name.startswith("test_") or p.name.endswith("_test.py")
    )


PYTEST_COUNT = re.compile(
    r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)\b"
)


def run_tier1() -> tuple[Tally, bool]:
    header(f"tier 1: pytest with {sys.executable} (no Odoo)")
    cmd = [sys.executable, "-m", "pytest"]
    say(f"$ {shlex.join(cmd)}")
    lines: list[str] = []
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    try:
        for line in proc.stdout:
            sys.stdout.write(line)
            lines.append(line.rstrip("\n"))
        proc.wait()
    except BaseException:
        stop_process(proc)
        raise
    sys.stdout.flush()
    tally = Tally()
    for line in reversed(lines):
        if re.search(r"\bin [\d.]+s\b", line) and (
            PYTEST_COUNT.search(line) or "no tests ran" in line
        ):
            for count, word in PYTEST_COUNT.findall(line):
                n = int(count)
                if word in ("passed", "xpassed"):
                    tally.passed += n
                elif word in ("failed", "error", "errors"):
                    tally.failed += n
                elif word in ("skipped", "xfailed"):
                    tally.skipped += n
            break
    code = proc.returncode
    files = tier1_test_files()
    if code == 0:
        ok = True
    elif code == 5 and not files:
        ok = True
        say("tier 1: tests/ holds no test file yet, so no test ran")
    else:
        ok = False
        if code == 5:
            say(
                f"tier 1: pytest collected no test although tests/ has {len(files)} test files"
            )
        if any("No module named pytest" in ln for ln in lines):
            say(
                f"tier 1: pytest is not installed for {sys.executable}: run "
                "`make venv` (see README.md)"
            )
        tally.failed = max(tally.failed, 1)
    say(f"tier 1: {tally.line()}")
    return tally, ok


def odoo_test_files(modules: list[str] | None = None) -> list[Path]:
    if modules is None:
        return sorted(ROOT.glob(f"{MAIN_MODULE}*/tests/test_*.py"))
    files = []
    for module in modules:
        for folder in [ROOT, *env("KPI_ADDONS_PATH").split(os.pathsep)]:
            if folder and (Path(folder) / module / "__manifest__.py").is_file():
                files += sorted((Path(folder) / module / "tests").glob("test_*.py"))
                break
    return files


def count_test_methods(files: list[Path]) -> int:
    pattern = re.compile(r"^\s+(?:async\s+)?def test\w*\s*\(", re.MULTILINE)
    return sum(len(pattern.findall(f.read_text(errors="replace"))) for f in files)


def run_tier2(odoo: Odoo, deadline: float) -> tuple[Tally, bool]:
    paths = addons_path(odoo)
    modules, note = select_modules(odoo, paths)
    header(f"tier 2: Odoo {odoo.version} tests with {odoo.python}")
    say(note)
    say(f"addons path: {','.join(paths)}")
    expect = len(odoo_test_files(modules))
    per_run = odoo_timeout()
    tags = ",".join(f"/{m}" for m in modules)
    tally = Tally()
    checks_failed = 0
    with scratch_server(odoo.python, "test-postgres.log") as (work, server, dbname):
        names = (dbname("kpi_test"), dbname("kpi_nodemo"))
        conf = write_conf(work / "odoo.conf", server)
        runs = [
            (
                "test-demo",
                names[0],
                "install with demo data and run the tests",
                [
                    "--init",
                    ",".join(modules),
                    "--test-enable",
                    "--test-tags",
                    tags,
                    "--log-level=test",
                ],
                expect,
            ),
            (
                "test-nodemo",
                names[1],
                "install without demo data (clean install log)",
                ["--init", ",".join(modules), "--without-demo=all", "--log-level=info"],
                None,
            ),
        ]
        for name, database, what, args, expect_tests in runs:
            header(f"tier 2 / {name}: {what} in database {database}")
            remaining = deadline - time.monotonic() - 120
            if remaining < 300:
                say(f"{name}: FAILED: not enough time left before the deadline")
                checks_failed += 1
                continue
            cmd = odoo_command(
                odoo,
                conf,
                paths,
                work / f"data-{name}",
                database,
                *args,
                "--stop-after-init",
                "--max-cron-threads=0",
                "--http-interface=127.0.0.1",
                f"--http-port={free_port()}",
            )
            run = run_odoo_logged(name, cmd, modules, min(per_run, remaining))
            reasons = report_run(run, expect_tests)
            if expect_tests is not None:
                summary = run.watcher.summary or {"run": 0, "failed": 0, "errors": 0}
                bad = summary.get("failed", 0) + summary.get("errors", 0)
                skipped = min(run.watcher.skipped, summary["run"] - bad)
                tally.failed += bad
                tally.skipped += skipped
                tally.passed += summary["run"] - bad - skipped
                say(
                    f"Odoo tests: {summary['run']} run, {bad} failed, {skipped} skipped"
                )
            if reasons:
                checks_failed += 1
            else:
                tally.passed += 1  # the install check itself
    tally.failed += checks_failed
    ok = tally.failed == 0
    say(
        f"\ntier 2: {tally.line()} "
        f"(Odoo tests plus 2 install checks: with demo data + tests, without demo data)"
    )
    return tally, ok


def cmd_test(_args) -> int:
    started = time.monotonic()
    deadline = started + TEST_DEADLINE
    RUN_DIR.mkdir(exist_ok=True)
    stale_test_dirs_cleanup()
    t1, ok1 = run_tier1()
    odoo, tried = find_odoo()
    if odoo is None:
        files = odoo_test_files()
        methods = count_test_methods(files)
        header("tier 2: SKIPPED")
        say(f"No Odoo 18 found ({'; '.join(tried)}).")
        say(f"To run tier 2, {NO_ODOO_HINT}.")
        say(
            f"tier 2: skipped: {len(files)} Odoo test modules "
            f"({MAIN_MODULE}*/tests/test_*.py) with {methods} test methods not run"
        )
        t2, ok2 = Tally(skipped=methods), True
    else:
        t2, ok2 = run_tier2(odoo, deadline)
    total = Tally(t1.passed + t2.passed, t1.failed + t2.failed, t1.skipped + t2.skipped)
    header(f"summary ({(time.monotonic() - started) / 60:.1f} min)")
    say(f"tier 1: {t1.line()}{'' if ok1 else ' (FAILED)'}")
    if odoo is None:
        say(f"tier 2: skipped (no Odoo 18), {t2.skipped} test methods not run")
    else:
        say(f"tier 2: {t2.line()}{'' if ok2 else ' (FAILED)'}")
    say(total.line())
    return 0 if ok1 and ok2 else 1
