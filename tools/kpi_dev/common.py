"""What every command shares: the project's paths and addons, messages, errors."""

from __future__ import annotations

import os
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN_DIR = ROOT / ".run"
LOG_DIR = RUN_DIR / "logs"

MAIN_MODULE = "hr_kpi_appraisal"
BRIDGE_MODULE = "hr_kpi_appraisal_payroll"


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
