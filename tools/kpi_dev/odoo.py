"""Finding Odoo 18, its addons path, the modules to install and its command line."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

from .common import BRIDGE_MODULE, MAIN_MODULE, ROOT, RUN_DIR, ToolError, env
from .postgres import stale_test_dirs_cleanup

PAYROLL_MODULE = "payroll"
ODOO_FALLBACK_PYTHON = "/opt/odoo/venv/bin/python"
PROBE_TIMEOUT = 60  # seconds for "can this interpreter import Odoo 18?"
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


def required_odoo() -> tuple[Odoo, list[str]]:
    """The Odoo 18 to run and its addons path, with .run ready for it; a
    ToolError when none is found."""
    odoo, tried = find_odoo()
    if odoo is None:
        raise ToolError(f"No Odoo 18 found ({'; '.join(tried)}): {NO_ODOO_HINT}.")
    RUN_DIR.mkdir(exist_ok=True)
    stale_test_dirs_cleanup()
    return odoo, addons_path(odoo)


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
