"""Ctrl-C and a closed pipe, through the installed program: exit 130 with one line, or exit 0.

Each case starts a real process (signals cannot be tested in-process), so the runs are few and
each has a timeout. The first milliseconds of a process belong to the interpreter (before
any teatrip code runs, Python itself prints a traceback for Ctrl-C). A delay is counted in the
CPU time the process has had (read from /proc on Linux), not wall time: on a loaded machine the
interpreter may need longer than the shortest delay of wall time just to start.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="POSIX signals"),
    pytest.mark.slow,  # real processes, each a second or two
]

TEATRIP = shutil.which("teatrip") or str(Path(sys.executable).with_name("teatrip"))
PLAN = ["plan", "--days", "7", "--start", "2026-03-02", "--budget", "3"]


def interrupt(command: list[str], delay: float) -> tuple[int, str]:
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "100"},
    )
    _wait_for_cpu_time(process.pid, delay)
    process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"{command} did not stop within 60 s of Ctrl-C")
    return process.returncode, err.decode("utf-8", "replace")


def _wait_for_cpu_time(pid: int, seconds: float, limit_s: float = 60.0) -> None:
    """Wait until process ``pid`` has run for ``seconds`` of CPU time (/proc/<pid>/stat), so
    that a delay means the same progress on a quiet machine and on a loaded one; a plain sleep
    where /proc is missing."""
    stat = Path(f"/proc/{pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            # After the command name in parentheses: field 14 utime and 15 stime, in ticks.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            time.sleep(seconds)
            return
        if (int(fields[11]) + int(fields[12])) / ticks >= seconds:
            return
        time.sleep(0.005)


@pytest.mark.parametrize("delay", [0.15, 0.25, 0.4, 0.6, 0.9, 1.3])
def test_ctrl_c_at_any_moment_of_a_plan(delay: float) -> None:
    if not Path(TEATRIP).exists():
        pytest.skip("teatrip is not installed as a program")
    code, err = interrupt([TEATRIP, *PLAN], delay)
    assert "Traceback" not in err, err
    if code == 0:
        return  # the plan finished before the signal arrived: nothing to interrupt
    assert code == 130, err
    assert err == "teatrip: interrupted\n"


@pytest.mark.parametrize("delay", [0.2, 0.7])
def test_ctrl_c_under_python_dash_m(delay: float) -> None:
    code, err = interrupt([sys.executable, "-m", "teatrip", *PLAN], delay)
    assert "Traceback" not in err, err
    assert code in (0, 130), err


def test_closed_stdout_pipe_exits_quietly() -> None:
    for args in (["sites", "list"], ["sites", "list", "--format", "json"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "teatrip", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # like `| head -c 10`
        err = process.stderr.read().decode("utf-8", "replace")
        assert process.wait(timeout=60) == 0, err
        assert err == "", err
