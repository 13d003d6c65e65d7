#!/usr/bin/env python3
"""Development entry points of the hr_kpi_appraisal project: ``run``, ``test``, ``i18n``, ``bench``.

``run``   serves the addon with demo data in a real Odoo 18 (http://localhost:8069).
``test``  runs tier 1 (pytest, no Odoo) and, when an Odoo 18 is found, tier 2
          (the addons' Odoo tests on a fresh database, plus a clean install
          without demo data), then prints ``N passed, N failed``.
``i18n``  installs the addons with demo data on a fresh database, exports
          each addon's ``i18n/<addon>.pot`` and merges it into ``i18n/zh_CN.po``.
``bench`` installs the addon without demo data on a fresh database and runs
          ``bench/campaign_bench.py`` there (KPI_BENCH_SIZES, default 200,2000).

Standard library only (``i18n`` also needs polib), Python 3.10+. Everything
it creates lives in ``.run/``, apart from the ``i18n`` files.
The environment variables it reads are listed in README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

if sys.version_info < (3, 10):  # noqa: UP036 - a clear message on old interpreters
    sys.exit(
        f"tools/kpi_dev.py needs Python 3.10 or newer, not {sys.version.split()[0]}"
    )

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".run"
LOG_DIR = RUN_DIR / "logs"
TESTS_DIR = ROOT / "tests"

MAIN_MODULE = "hr_kpi_appraisal"
BRIDGE_MODULE = "hr_kpi_appraisal_payroll"
PAYROLL_MODULE = "payroll"
DEMO_DB = "kpi_demo"
DB_SUPERUSER = "odoo"  # Odoo refuses to connect as "postgres"
PG_SYSTEM_USER = "postgres"  # PostgreSQL refuses to run as root

ODOO_FALLBACK_PYTHON = "/opt/odoo/venv/bin/python"
PROBE_TIMEOUT = 60  # seconds for "can this interpreter import Odoo 18?"
DEFAULT_ODOO_TIMEOUT = 60 * 60  # seconds, per Odoo run in `test`
TEST_DEADLINE = 80 * 60  # seconds: the whole `test` command stays under CI's 90 min

ODOO_PROBE = r"""
import json, os, sys
import odoo.release as r
assert r.version_info[0] == 18, "this is Odoo %s" % r.version
import odoo
import odoo.addons
paths = [os.path.abspath(p) for p in odoo.addons.__path__]
package_dir = os.path.dirname(os.path.abspath(odoo.__file__))
paths.append(os.path.join(os.path.dirname(package_dir), "addons"))
print(json.dumps({"version": r.version, "paths": paths, "python": sys.version.split()[0]}))
"""

# Run with Odoo's interpreter (it always has psycopg2). The password comes in
# through PGPASSWORD, never on the command line.
DB_HELPER = r"""
import sys
import psycopg2
host, port, user, action, name = sys.argv[1:6]
def connect(dbname):
    conn = psycopg2.connect(host=host, port=int(port), user=user, dbname=dbname)
    conn.autocommit = True  # no "with conn:" below: it would open a transaction
    return conn
conn = connect("postgres")
cr = conn.cursor()
cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
exists = cr.fetchone() is not None
if action == "state":
    state = "missing"
    if exists:
        state = "broken"
        db = connect(name)
        dcr = db.cursor()
        dcr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
        if dcr.fetchone()[0]:
            dcr.execute("SELECT state FROM ir_module_module WHERE name = 'base'")
            row = dcr.fetchone()
            if row and row[0] == "installed":
                state = "ready"
        db.close()
    print(state)
elif action == "drop" and exists:
    cr.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
    cr.execute('DROP DATABASE "%s"' % name.replace('"', '""'))
conn.close()
"""


class ToolError(Exception):
    """A problem explained to the user in one message, without a traceback."""


def say(message: str = "") -> None:
    print(message, flush=True)


def header(title: str) -> None:
    say(f"\n==> {title}")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def rel(path: Path | str) -> str:
    """A path relative to the project root when it is inside it."""
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return str(path)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Interrupted(Exception):
    """SIGTERM or SIGHUP: unwind like Ctrl-C so every cleanup runs."""


def _raise_interrupted(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


# --------------------------------------------------------------------------
# Finding Odoo 18
# --------------------------------------------------------------------------


@dataclasses.dataclass
class Odoo:
    python: str
    version: str
    addons_paths: list[str]  # Odoo's own addons folders (existing, with modules)

    def has_module(self, name: str, extra: list[str]) -> str | None:
        for folder in [*extra, *self.addons_paths]:
            if (Path(folder) / name / "__manifest__.py").is_file():
                return folder
        return None


def _probe(python: str) -> tuple[Odoo | None, str]:
    exe = python if os.sep in python else shutil.which(python)
    if not exe or not Path(exe).exists():
        return None, "not found"
    try:
        proc = subprocess.run(
            [exe, "-c", ODOO_PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
            stdin=subprocess.DEVNULL,
            cwd="/",
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, f"did not answer within {PROBE_TIMEOUT} s"
    except OSError as exc:
        return None, f"cannot be run ({exc.strerror})"
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        return None, (lines[-1].strip() if lines else f"exit code {proc.returncode}")
    try:
        info = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None, "printed something unexpected"
    paths = []
    for folder in info["paths"]:
        if folder not in paths and _is_addons_dir(Path(folder)):
            paths.append(folder)
    return Odoo(exe, info["version"], paths), "ok"


def _is_addons_dir(folder: Path) -> bool:
    """Odoo rejects an --addons-path entry that holds no module at all."""
    return folder.is_dir() and any(folder.glob("*/__manifest__.py"))


def find_odoo() -> tuple[Odoo | None, list[str]]:
    """Return the first Odoo 18 found and what was tried, for the messages."""
    explicit = env("ODOO_PYTHON")
    candidates = [explicit] if explicit else [ODOO_FALLBACK_PYTHON, "python3"]
    tried = []
    for candidate in candidates:
        odoo, why = _probe(candidate)
        if odoo:
            return odoo, tried
        label = f"ODOO_PYTHON={candidate}" if explicit else candidate
        tried.append(f"{label}: {why}")
    return None, tried


NO_ODOO_HINT = (
    "install Odoo 18 with its Python dependencies into a virtualenv at "
    "/opt/odoo/venv, or set ODOO_PYTHON to the Python interpreter of an Odoo 18 "
    "installation"
)


def addons_path(odoo: Odoo) -> list[str]:
    """The project root, extra folders from KPI_ADDONS_PATH, then Odoo's own."""
    folders = [str(ROOT)]
    for extra in env("KPI_ADDONS_PATH").split(os.pathsep):
        if extra:
            folders.append(os.path.abspath(extra))
    folders += odoo.addons_paths
    result, seen = [], set()
    for folder in folders:
        real = os.path.realpath(folder)
        if real not in seen and _is_addons_dir(Path(folder)):
            seen.add(real)
            result.append(folder)
    return result


def select_modules(
    odoo: Odoo, paths: list[str], override_ok: bool = True
) -> tuple[list[str], str]:
    """Modules to install and test, with one sentence about the payroll bridge.

    KPI_TEST_MODULES replaces them unless `override_ok` is false (`i18n`
    always works on the project's own addons)."""
    override = [m.strip() for m in env("KPI_TEST_MODULES").split(",") if m.strip()]
    if override and override_ok:
        return override, f"modules from KPI_TEST_MODULES: {', '.join(override)}"
    modules = [MAIN_MODULE]
    if not (ROOT / BRIDGE_MODULE / "__manifest__.py").is_file():
        note = f"payroll bridge {BRIDGE_MODULE}: not included (no such addon here yet)"
    else:
        where = odoo.has_module(PAYROLL_MODULE, paths)
        if where:
            modules.append(BRIDGE_MODULE)
            note = (
                f"payroll bridge {BRIDGE_MODULE}: included "
                f"(OCA '{PAYROLL_MODULE}' found in {where})"
            )
        else:
            note = (
                f"payroll bridge {BRIDGE_MODULE}: not included (this Odoo has no "
                f"'{PAYROLL_MODULE}' addon in its addons path)"
            )
    return modules, note


# --------------------------------------------------------------------------
# PostgreSQL: a private cluster, or the server named by KPI_DB_HOST
# --------------------------------------------------------------------------


@dataclasses.dataclass
class DbServer:
    host: str
    port: int
    user: str
    password: str = ""

    def odoo_config(self) -> str:
        return (
            "[options]\n"
            f"db_host = {self.host}\n"
            f"db_port = {self.port}\n"
            f"db_user = {self.user}\n"
            f"db_password = {self.password or 'False'}\n"
        )


def external_db() -> DbServer | None:
    host = env("KPI_DB_HOST")
    if not host:
        return None
    user = env("KPI_DB_USER", DB_SUPERUSER)
    if user == "postgres":
        raise ToolError("Odoo refuses the database user 'postgres': set KPI_DB_USER.")
    return DbServer(host, int(env("KPI_DB_PORT", "5432")), user, env("KPI_DB_PASSWORD"))


def find_pg_bin() -> Path:
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    found = []
    for bindir in Path("/usr/lib/postgresql").glob("*/bin"):
        if (bindir / "pg_ctl").exists() and (bindir / "initdb").exists():
            with contextlib.suppress(ValueError):
                found.append((float(bindir.parent.name), bindir))
    if not found:
        raise ToolError(
            "PostgreSQL server programs (initdb, pg_ctl) were not found on PATH or "
            "under /usr/lib/postgresql/*/bin: install the PostgreSQL server "
            "(version 12 or newer), or set KPI_DB_HOST to use a running server."
        )
    return max(found)[1]


class Cluster:
    """A throwaway PostgreSQL cluster listening on 127.0.0.1 only.

    As root, initdb and the server run as the 'postgres' system user, which
    must be able to reach the cluster folder; when it cannot (a project under
    a private home folder), the cluster lives in the system temporary folder.
    """

    def __init__(self, datadir: Path, fast: bool):
        self.bindir = find_pg_bin()
        self.datadir = datadir
        self.fast = fast  # no fsync: for throwaway test clusters
        self.port = 0
        self.started = False  # set before pg_ctl start: stop() must run after it
        self.runas: list[str] = []
        self.owner: tuple[int, int] | None = None
        if os.geteuid() == 0:
            self._setup_root()

    def _setup_root(self) -> None:
        import pwd

        try:
            entry = pwd.getpwnam(PG_SYSTEM_USER)
        except KeyError:
            raise ToolError(
                "PostgreSQL refuses to run as root and there is no "
                f"'{PG_SYSTEM_USER}' system user to run it as: create one, run as "
                "another user, or set KPI_DB_HOST."
            ) from None
        self.owner = (entry.pw_uid, entry.pw_gid)
        if shutil.which("runuser"):
            self.runas = ["runuser", "-u", PG_SYSTEM_USER, "--"]
        elif shutil.which("setpriv"):
            self.runas = [
                "setpriv",
                f"--reuid={entry.pw_uid}",
                f"--regid={entry.pw_gid}",
                "--init-groups",
                "--",
            ]
        else:
            raise ToolError(
                "Running as root needs runuser or setpriv to start PostgreSQL as "
                f"'{PG_SYSTEM_USER}'."
            )

    def reachable(self, folder: Path) -> bool:
        """Can the server's user write in `folder` (created and chowned here)?"""
        folder.mkdir(parents=True, exist_ok=True)
        if not self.owner:
            return True
        os.chown(folder, *self.owner)
        probe = subprocess.run(
            [*self.runas, "test", "-w", str(folder)], cwd="/", check=False
        )
        return probe.returncode == 0

    def _pg(self, *args: str, capture: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.runas, *args],
            cwd="/",
            stdin=subprocess.DEVNULL,
            capture_output=capture,
            text=True,
            check=False,
            start_new_session=True,
        )

    @property
    def initialized(self) -> bool:
        return (self.datadir / "PG_VERSION").is_file()

    def init(self) -> None:
        self.datadir.mkdir(parents=True, exist_ok=True)
        if self.owner:
            os.chown(self.datadir, *self.owner)
        base = [
            str(self.bindir / "initdb"),
            "-D",
            str(self.datadir),
            "-U",
            DB_SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
        ]
        if self.fast:
            base.append("--no-sync")
        proc = None
        for locale in ("C.UTF-8", "C"):
            proc = self._pg(*base, f"--locale={locale}")
            if proc.returncode == 0:
                return
            for child in self.datadir.iterdir():  # initdb wants an empty folder
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise ToolError(f"initdb failed:\n{proc.stdout}{proc.stderr}")

    def running(self) -> bool:
        proc = self._pg(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "status")
        return proc.returncode == 0

    def start(self) -> DbServer:
        socket_dir = str(self.datadir)
        if len(socket_dir) > 80:  # unix socket paths are limited to ~107 bytes
            socket_dir = ""
        logfile = self.datadir / "server.log"
        last = None
        for _attempt in range(3):  # the free port may be taken before we bind it
            self.port = free_port()
            opts = ["-p", str(self.port), "-h", "127.0.0.1", "-k", socket_dir]
            if self.fast:
                opts += ["-F", "-c", "synchronous_commit=off"]
                opts += ["-c", "full_page_writes=off"]
            self.started = True
            last = self._pg(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-l",
                str(logfile),
                "-w",
                "-t",
                "120",
                "-o",
                shlex.join(opts),
                "start",
            )
            if last.returncode == 0:
                return DbServer("127.0.0.1", self.port, DB_SUPERUSER)
            self.started = self.running()
        tail = ""
        with contextlib.suppress(OSError):
            tail = "".join(logfile.read_text(errors="replace").splitlines(True)[-15:])
        raise ToolError(
            f"PostgreSQL did not start in {self.datadir}:\n"
            f"{last.stdout}{last.stderr}{tail}"
        )

    def stop(self) -> None:
        if not self.started:
            return
        pg_ctl = str(self.bindir / "pg_ctl")
        for mode in ("fast", "immediate"):
            proc = self._pg(pg_ctl, "-D", str(self.datadir), "-m", mode, "-w", "stop")
            if proc.returncode == 0 or not self.running():
                self.started = False
                return
        say(f"warning: could not stop PostgreSQL in {self.datadir}")

    def save_log(self, target: Path) -> None:
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.datadir / "server.log", target)


def db_helper(odoo: Odoo, server: DbServer, action: str, name: str) -> str:
    helper_env = dict(os.environ, PGPASSWORD=server.password)
    proc = subprocess.run(
        [odoo.python, "-c", DB_HELPER, server.host, str(server.port), server.user]
        + [action, name],
        capture_output=True,
        text=True,
        timeout=120,
        env=helper_env,
        cwd="/",
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if proc.returncode != 0:
        raise ToolError(
            f"could not {action} database {name!r} on {server.host}:{server.port}:\n"
            f"{proc.stderr.strip()}"
        )
    return proc.stdout.strip()


def required_odoo() -> tuple[Odoo, list[str]]:
    """The Odoo 18 to run and its addons path, with .run ready for it; a
    ToolError when none is found."""
    odoo, tried = find_odoo()
    if odoo is None:
        raise ToolError(f"No Odoo 18 found ({'; '.join(tried)}): {NO_ODOO_HINT}.")
    RUN_DIR.mkdir(exist_ok=True)
    stale_test_dirs_cleanup()
    return odoo, addons_path(odoo)


def stale_test_dirs_cleanup() -> None:
    """Remove leftovers of `test` runs that were killed hard (SIGKILL)."""
    for old in RUN_DIR.glob("test-*"):
        pidfile = old / "pg" / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int(pidfile.read_text().split()[0])
            os.kill(pid, 0)
            continue  # a server still runs there: another `test` is under way
        shutil.rmtree(old, ignore_errors=True)
    tmp = Path(tempfile.gettempdir())
    for old in tmp.glob(f"kpi-test-pg-{_root_hash()}-*"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            os.kill(int((old / "postmaster.pid").read_text().split()[0]), 0)
            continue
        shutil.rmtree(old, ignore_errors=True)


def _root_hash() -> str:
    return hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]


@contextlib.contextmanager
def scratch_server(odoo: Odoo, log_name: str):
    """A throwaway database server for `test` and `i18n`, cleaned up afterwards.

    Yields ``(work, server, dbname)``: a fresh folder ``.run/test-*``, a fast
    private cluster in work/pg (or the KPI_DB_HOST server), and a function
    giving a database name, made unique on an external server where these
    databases are dropped at the end. The cluster's log is kept as `log_name`.
    """
    external = external_db()
    work = Path(tempfile.mkdtemp(prefix="test-", dir=RUN_DIR))
    work.chmod(0o711)  # the 'postgres' user must reach work/pg when we are root
    suffix = f"_{os.getpid()}_{int(time.time())}" if external else ""
    databases: list[str] = []
    cluster = None

    def dbname(base: str) -> str:
        databases.append(base + suffix)
        return databases[-1]

    try:
        if external:
            server = external
            say(f"database server: {server.host}:{server.port} (KPI_DB_HOST)")
        else:
            cluster = Cluster(work / "pg", fast=True)
            if not cluster.reachable(cluster.datadir):
                outside = tempfile.mkdtemp(prefix=f"kpi-test-pg-{_root_hash()}-")
                cluster.datadir = Path(outside)
                cluster.reachable(cluster.datadir)
            say(f"private PostgreSQL cluster in {rel(cluster.datadir)}")
            cluster.init()
            server = cluster.start()
            say(f"PostgreSQL listening on 127.0.0.1:{server.port}")
        yield work, server, dbname
    finally:
        if external:
            for database in databases:
                try:
                    db_helper(odoo, external, "drop", database)
                except (ToolError, subprocess.TimeoutExpired) as exc:
                    say(f"warning: {exc}")
        if cluster:
            cluster.save_log(LOG_DIR / log_name)
            cluster.stop()
            shutil.rmtree(cluster.datadir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------
# Running Odoo and reading its log
# --------------------------------------------------------------------------

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


def kill_group(proc: subprocess.Popen, first: int = signal.SIGTERM, grace: float = 30):
    """Stop a process started in its own session, then anything left in it."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, first)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10)


def odoo_command(
    odoo: Odoo,
    conf: Path,
    paths: list[str],
    data_dir: Path,
    database: str,
    *args: str,
) -> list[str]:
    extra = shlex.split(env("KPI_ODOO_ARGS"))
    return [
        odoo.python,
        "-m",
        "odoo",
        "--config",
        str(conf),
        "--addons-path",
        ",".join(paths),
        "--data-dir",
        str(data_dir),
        "--database",
        database,
        "--db-filter",
        f"^{re.escape(database)}$",
        *args,
        *extra,
    ]


def write_conf(path: Path, server: DbServer) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(server.odoo_config())
    path.chmod(0o600)
    return path


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


# --------------------------------------------------------------------------
# `test`
# --------------------------------------------------------------------------


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


def stop_process(proc: subprocess.Popen) -> None:
    """Stop ``proc`` alone (not started in a session of its own): terminate, then
    kill after 15 seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


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


def run_tier2(odoo: Odoo, deadline: float) -> tuple[Tally, bool]:
    paths = addons_path(odoo)
    modules, note = select_modules(odoo, paths)
    header(f"tier 2: Odoo {odoo.version} tests with {odoo.python}")
    say(note)
    say(f"addons path: {','.join(paths)}")
    expect = len(odoo_test_files(modules))
    per_run = float(env("KPI_ODOO_TIMEOUT", str(DEFAULT_ODOO_TIMEOUT)))
    tags = ",".join(f"/{m}" for m in modules)
    tally = Tally()
    checks_failed = 0
    with scratch_server(odoo, "test-postgres.log") as (work, server, dbname):
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


# --------------------------------------------------------------------------
# `i18n`
# --------------------------------------------------------------------------

I18N_LANG = "zh_CN"
# Odoo stamps every export; a file whose only change is its dates is left alone
I18N_DATES = re.compile(r'^"(POT-Creation|PO-Revision)-Date: .*$', re.MULTILINE)


def write_unless_dates(path: Path, text: str) -> None:
    """Write `text` to `path` unless they differ only in Odoo's date stamps."""
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old is None or I18N_DATES.sub("", old) != I18N_DATES.sub("", text):
        path.write_text(text, encoding="utf-8")


def merge_pot(pot_path: Path, po_path: Path) -> tuple[int, int]:
    """Rewrite `po_path` from the template `pot_path`, like msgmerge without
    fuzzy matching: translations are kept by (msgctxt, msgid), new entries come
    in empty, entries gone from the template are dropped, and the references
    and comments are the template's. Returns (entries, untranslated)."""
    import polib

    pot = polib.pofile(str(pot_path))
    old = polib.pofile(str(po_path)) if po_path.is_file() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e for e in old if e.msgstr}
    po = polib.POFile(wrapwidth=pot.wrapwidth)
    po.header = pot.header
    po.metadata = {**pot.metadata, **old.metadata}
    po.metadata.update(
        {
            "Project-Id-Version": pot.metadata.get("Project-Id-Version", ""),
            "POT-Creation-Date": pot.metadata.get("POT-Creation-Date", ""),
            "Language": I18N_LANG,
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    for src in pot:
        prev = known.get((src.msgctxt, src.msgid))
        po.append(
            polib.POEntry(
                msgctxt=src.msgctxt,
                msgid=src.msgid,
                msgstr=prev.msgstr if prev else "",
                comment=src.comment,
                tcomment=prev.tcomment if prev else src.tcomment,
                occurrences=src.occurrences,
                flags=list(dict.fromkeys(src.flags + (prev.flags if prev else []))),
            )
        )
    write_unless_dates(po_path, str(po))
    return len(po), len(po.untranslated_entries())


def cmd_i18n(_args) -> int:
    try:
        import polib  # noqa: F401 - checked before the long install
    except ImportError:
        raise ToolError(
            f"polib is not installed for {sys.executable}: run `make venv` "
            "(see README.md)"
        ) from None
    odoo, paths = required_odoo()
    modules, note = select_modules(odoo, paths, override_ok=False)
    say(f"Odoo {odoo.version} with {odoo.python}")
    say(note)
    timeout = float(env("KPI_ODOO_TIMEOUT", str(DEFAULT_ODOO_TIMEOUT)))
    with scratch_server(odoo, "i18n-postgres.log") as (work, server, dbname):
        database = dbname("kpi_i18n")
        conf = write_conf(work / "odoo.conf", server)

        def odoo_run(name: str, *args: str) -> None:
            cmd = odoo_command(odoo, conf, paths, work / "data", database, *args)
            if report_run(run_odoo_logged(name, cmd, modules, timeout), None):
                raise ToolError(f"{name} failed (log: {rel(LOG_DIR)}/{name}.log)")

        # With demo data, so that the demo records' names are exported as well.
        header(f"i18n: install {', '.join(modules)} with demo data")
        odoo_run(
            "i18n-install",
            "--init",
            ",".join(modules),
            "--stop-after-init",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={free_port()}",
        )
        for module in modules:
            folder = ROOT / module / "i18n"
            folder.mkdir(exist_ok=True)
            pot = folder / f"{module}.pot"
            header(f"i18n: export {rel(pot)}")
            exported = work / pot.name  # a failed export leaves the old .pot alone
            odoo_run(
                f"i18n-{module}", f"--i18n-export={exported}", f"--modules={module}"
            )
            write_unless_dates(pot, exported.read_text(encoding="utf-8"))
            po = folder / f"{I18N_LANG}.po"
            total, untranslated = merge_pot(pot, po)
            say(f"{rel(po)}: {total} entries, {untranslated} untranslated")
    return 0


# --------------------------------------------------------------------------
# `bench`
# --------------------------------------------------------------------------


def cmd_bench(_args) -> int:
    """Install the addon without demo data on a fresh database of a scratch
    server, then run bench/campaign_bench.py there with Odoo's Python."""
    odoo, paths = required_odoo()
    say(f"Odoo {odoo.version} with {odoo.python}")
    timeout = float(env("KPI_ODOO_TIMEOUT", str(DEFAULT_ODOO_TIMEOUT)))
    with scratch_server(odoo, "bench-postgres.log") as (work, server, dbname):
        database = dbname("kpi_bench")
        conf = write_conf(work / "odoo.conf", server)
        header(f"bench: install {MAIN_MODULE} without demo data")
        cmd = odoo_command(
            odoo,
            conf,
            paths,
            work / "data",
            database,
            "--init",
            MAIN_MODULE,
            "--without-demo=all",
            "--stop-after-init",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={free_port()}",
        )
        if report_run(
            run_odoo_logged("bench-install", cmd, [MAIN_MODULE], timeout), None
        ):
            raise ToolError(f"install failed (log: {rel(LOG_DIR)}/bench-install.log)")
        header("bench: bench/campaign_bench.py")
        with conf.open("a") as handle:
            handle.write(f"data_dir = {work / 'data'}\n")
        bench = [odoo.python, str(ROOT / "bench" / "campaign_bench.py")]
        bench += ["--config", str(conf), "--addons-path", ",".join(paths)]
        bench += ["--database", database, "--sizes", env("KPI_BENCH_SIZES", "200,2000")]
        return subprocess.run(bench, cwd=RUN_DIR, stdin=subprocess.DEVNULL).returncode


# --------------------------------------------------------------------------
# `run`
# --------------------------------------------------------------------------


def run_cluster() -> Cluster:
    """The persistent cluster of `run`: .run/pg, or a folder it links to."""
    link = RUN_DIR / "pg"
    cluster = Cluster(link, fast=False)
    if link.is_symlink():
        cluster.datadir = link.resolve()
        cluster.reachable(cluster.datadir)
        return cluster
    if cluster.reachable(link):
        return cluster
    if any(link.iterdir()):
        raise ToolError(
            f"the '{PG_SYSTEM_USER}' user cannot reach the cluster in {link}: "
            "delete that folder (and .run/data) to start again elsewhere"
        )
    outside = Path(tempfile.gettempdir()) / f"kpi-run-pg-{_root_hash()}"
    shutil.rmtree(outside, ignore_errors=True)  # orphaned: its link is gone
    link.rmdir()
    cluster.datadir = outside
    cluster.reachable(outside)
    link.symlink_to(outside)
    say(f"note: the 'postgres' user cannot reach {ROOT}; cluster kept in {outside}")
    return cluster


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
        state = db_helper(odoo, server, "state", DEMO_DB)
        if state == "broken":
            say(f"database {DEMO_DB} was left half-created: dropping it")
            db_helper(odoo, server, "drop", DEMO_DB)
            state = "missing"
        args = ["--init", ",".join(modules)]
        if state == "missing":
            say(
                f"creating database {DEMO_DB} with demo data and Chinese (zh_CN); "
                "the first start takes a few minutes"
            )
            # the first language is the default one: English, plus Chinese
            args.append("--load-language=en_US,zh_CN")
        else:
            say(f"reusing database {DEMO_DB}; updating {', '.join(modules)}")
            args += ["--update", ",".join(modules)]
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


# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kpi_dev.py", description=__doc__.split("\n\n")[0]
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


if __name__ == "__main__":
    sys.exit(main())
