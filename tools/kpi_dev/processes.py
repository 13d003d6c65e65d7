"""Stopping child processes: a whole session (Odoo) or one process (pytest)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess


def kill_group(proc: subprocess.Popen, first: int = signal.SIGTERM, grace: float = 30):
    """Stop a process started in its own session and everything in its group:
    signal `first` to the group, then SIGKILL after `grace` seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, first)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10)


def stop_process(proc: subprocess.Popen) -> None:
    """Stop ``proc`` alone (not started in a session of its own): terminate, then
    kill after 15 seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
