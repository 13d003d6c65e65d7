"""Running Odoo with a time limit and judging its log: what to show, what fails."""

from __future__ import annotations

import dataclasses
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .common import BRIDGE_MODULE, LOG_DIR, MAIN_MODULE, RUN_DIR, env, rel, say
from .processes import kill_group

DEFAULT_ODOO_TIMEOUT = 60 * 60  # seconds, per Odoo run

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ "
    r"(?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[^\s:]+): (?P<msg>.*)$"
)
TEST_SUMMARY = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests"
)
SKIPPED_TEST = re.compile(r"^skipped \S+ : ")

# Every WARNING, ERROR or CRITICAL line fails tier 2, except the lines that
# only restate test failures (counted from Odoo's own test summary) and the
# warnings below. Odoo 18 itself prints no warning at all when it installs
# the project's dependencies (base, hr, hr_contract, mail and OCA payroll) on
# a fresh database, with or without demo data and with --test-enable, so any
# warning in these runs comes from the project, its data, views, access
# rules, tests, or from loading them (odoo.modules.*, odoo.models,
# odoo.schema, "invalid module names", "no access rules", ...).
# Add an entry only for a warning that Odoo prints for such an untouched
# install (say, after an Odoo 18 update), never for one the project causes:
# (logger regex, message regex, why it is not the project's business).
KNOWN_WARNINGS: list[tuple[str, str, str]] = []  # none needed so far


@dataclasses.dataclass
class Record:
    level: str
    logger: str
    message: str
    extra: list[str] = dataclasses.field(default_factory=list)

    def text(self, limit: int = 12) -> str:
        lines = [f"{self.level} {self.logger}: {self.message}", *self.extra[:limit]]
        if len(self.extra) > limit:
            lines.append(f"    ... ({len(self.extra) - limit} more lines in the log)")
        return "\n".join(lines)


class LogWatcher:
    """Reads Odoo's log line by line, echoes what matters, judges the rest."""

    def __init__(self, modules: list[str]):
        self.modules = modules
        self.project_loggers = tuple(
            f"odoo.addons.{m}" for m in {*modules, MAIN_MODULE, BRIDGE_MODULE}
        )
        self.current: Record | None = None
        self.echo_current = False
        self.summary: dict[str, int] | None = None
        self.skipped = 0
        self.test_failures: list[Record] = []
        self.problems: list[Record] = []
        self.known: list[tuple[Record, str]] = []

    # -- line intake -------------------------------------------------------
    def feed(self, line: str) -> None:
        line = line.rstrip("\n")
        match = LOG_LINE.match(line)
        if match:
            self.flush()
            self.current = Record(match["level"], match["logger"], match["msg"])
            self.echo_current = self._echo(self.current)
        elif self.current is not None:
            self.current.extra.append(line)
        else:  # printed before the first log line, e.g. a crash at start-up
            self.echo_current = True
        if self.echo_current:
            say(line)

    def _echo(self, rec: Record) -> bool:
        if rec.level not in ("DEBUG", "INFO"):
            return True
        if rec.logger.startswith(self.project_loggers):
            return True
        if rec.logger.startswith("odoo.tests"):
            return True
        if rec.logger == "odoo.modules.loading":
            return bool(
                re.match(
                    r"(loading \d+ modules|\d+ modules loaded|Modules loaded)",
                    rec.message,
                )
                or any(f"module {m}" in rec.message for m in self.modules)
            )
        return rec.logger == "odoo.service.server" and "test" in rec.message.lower()

    def flush(self) -> None:
        rec, self.current = self.current, None
        if rec is not None:
            self._judge(rec)

    # -- verdicts ----------------------------------------------------------
    def _judge(self, rec: Record) -> None:
        if rec.logger.startswith("odoo.tests"):
            found = TEST_SUMMARY.search(rec.message)
            if found and "when loading database" in rec.message:
                self.summary = {k: int(v) for k, v in found.groupdict().items()}
                return
        if rec.level == "INFO" and SKIPPED_TEST.match(rec.message):
            self.skipped += 1
            return
        if rec.level not in ("WARNING", "ERROR", "CRITICAL"):
            return
        if self._is_test_outcome(rec):
            self.test_failures.append(rec)
            return
        reason = self._known(rec)
        if reason:
            self.known.append((rec, reason))
            return
        self.problems.append(rec)

    @staticmethod
    def _is_test_outcome(rec: Record) -> bool:
        """Lines that only restate test failures already counted by Odoo."""
        if rec.level != "ERROR":
            return False
        if ".tests" in rec.logger and rec.message.startswith(("FAIL:", "ERROR:")):
            return True
        return rec.logger == "odoo.modules.loading" and rec.message.startswith(
            "At least one test failed"
        )

    @staticmethod
    def _known(rec: Record) -> str | None:
        if rec.level != "WARNING":
            return None
        for logger_re, message_re, why in KNOWN_WARNINGS:
            if re.fullmatch(logger_re, rec.logger) and re.search(
                message_re, rec.message
            ):
                return why
        return None


@dataclasses.dataclass
class OdooRun:
    name: str
    returncode: int | None
    timed_out: bool
    seconds: float
    log: Path
    watcher: LogWatcher


def odoo_timeout() -> float:
    """The time limit of one Odoo run in seconds (KPI_ODOO_TIMEOUT)."""
    return float(env("KPI_ODOO_TIMEOUT", str(DEFAULT_ODOO_TIMEOUT)))


def run_odoo_logged(
    name: str, cmd: list[str], modules: list[str], timeout: float
) -> OdooRun:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log_path = LOG_DIR / f"{name}.log"
    watcher = LogWatcher(modules)
    say(f"$ {shlex.join(cmd)}")
    say(f"(full log: {rel(log_path)}; shown here: warnings, errors, test progress)")
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=RUN_DIR,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )

        def pump():
            for line in proc.stdout:
                log.write(line)
                watcher.feed(line)
            log.flush()

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        timed_out = False
        try:
            proc.wait(timeout=max(timeout, 1))
        except subprocess.TimeoutExpired:
            timed_out = True
            say(f"!! {name}: Odoo still running after {timeout:.0f} s: killed")
            kill_group(proc)
        except BaseException:
            kill_group(proc, signal.SIGINT)
            raise
        reader.join(30)
        watcher.flush()
    seconds = time.monotonic() - started
    return OdooRun(name, proc.returncode, timed_out, seconds, log_path, watcher)


def report_run(run: OdooRun, expect_tests: int | None) -> list[str]:
    """Print what went wrong in one Odoo run; return the reasons it failed."""
    watcher = run.watcher
    reasons = []
    summary = watcher.summary or {}
    tests_failed = summary.get("failed", 0) + summary.get("errors", 0)
    # exit code 1 with failing tests only reports those failures
    crashed = run.timed_out or (
        run.returncode != 0 and not (run.returncode == 1 and tests_failed)
    )
    if run.timed_out:
        reasons.append("Odoo did not finish in time")
    elif crashed:
        reasons.append(f"Odoo exited with code {run.returncode}")
    if watcher.problems:
        reasons.append(f"{len(watcher.problems)} warning/error lines in the log")
    if expect_tests is not None:
        if watcher.summary is None:
            reasons.append("Odoo printed no test summary")
        elif watcher.summary["run"] == 0 and expect_tests:
            reasons.append(
                f"Odoo ran no test although the modules have {expect_tests} test "
                "files (are they imported in tests/__init__.py?)"
            )
    if watcher.problems:
        say(f"\n-- {run.name}: lines that fail the run --")
        for rec in watcher.problems[:40]:
            say(rec.text())
        if len(watcher.problems) > 40:
            say(f"... and {len(watcher.problems) - 40} more in {rel(run.log)}")
    if watcher.test_failures:
        say(f"\n-- {run.name}: failing tests --")
        for rec in watcher.test_failures:
            if rec.message.startswith(("FAIL:", "ERROR:")):
                say(f"{rec.logger}: {rec.message}")
    if watcher.known:
        say(f"({run.name}: {len(watcher.known)} known Odoo warnings ignored)")
    if crashed and not watcher.problems:
        say(f"\n-- {run.name}: end of the log --")
        with open(run.log, encoding="utf-8", errors="replace") as log:
            for line in log.readlines()[-40:]:
                sys.stdout.write(line)
    verdict = "ok" if not reasons else "FAILED: " + "; ".join(reasons)
    if tests_failed and not reasons:
        verdict = f"installed, but {tests_failed} tests failed"
    say(f"{run.name}: {verdict} ({run.seconds / 60:.1f} min)")
    return reasons
