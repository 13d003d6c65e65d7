"""PostgreSQL for Odoo: private clusters (throwaway, or the one `run` keeps in
.run/pg), or the server named by KPI_DB_HOST."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .common import LOG_DIR, ROOT, RUN_DIR, ToolError, env, free_port, rel, say

DB_SUPERUSER = "odoo"  # Odoo refuses to connect as "postgres"
PG_SYSTEM_USER = "postgres"  # PostgreSQL refuses to run as root
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


def write_conf(path: Path, server: DbServer) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(server.odoo_config())
    path.chmod(0o600)
    return path


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


def db_helper(python: str, server: DbServer, action: str, name: str) -> str:
    """The `state` of database `name` (missing, broken, ready), or `drop` it,
    asked through Odoo's interpreter `python`."""
    helper_env = dict(os.environ, PGPASSWORD=server.password)
    proc = subprocess.run(
        [python, "-c", DB_HELPER, server.host, str(server.port), server.user]
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
def scratch_server(python: str, log_name: str):
    """A throwaway database server for `test`, `i18n` and `bench`, cleaned up
    afterwards.

    Yields ``(work, server, dbname)``: a fresh folder ``.run/test-*``, a fast
    private cluster in work/pg (or the KPI_DB_HOST server), and a function
    giving a database name, made unique on an external server where these
    databases are dropped at the end (with Odoo's interpreter `python`). The
    cluster's log is kept as `log_name`.
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
                    db_helper(python, external, "drop", database)
                except (ToolError, subprocess.TimeoutExpired) as exc:
                    say(f"warning: {exc}")
        if cluster:
            cluster.save_log(LOG_DIR / log_name)
            cluster.stop()
            shutil.rmtree(cluster.datadir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


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
