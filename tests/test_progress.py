"""Progress of long work (roads import, a large matrix): shown on a terminal only, and Ctrl-C
stops an import cleanly without leaving its output or a temporary file."""

from __future__ import annotations

import io
import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from teatrip.cli.progress import ProgressLine, terminal_progress
from teatrip.matrix import travel_matrix
from teatrip.models import Mode
from tests.test_matrix import synthetic_graph

DATA = Path(__file__).parent / "data" / "roads"
Invoke = Callable[..., Result]


def test_progress_line_shows_stage_how_far_and_time_left_then_clears() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, delay_s=0)
    line("searching", 0, 40)
    line.stage_started -= 10  # as if the stage had run for 10 s
    line.drawn_at = 0
    line("searching", 10, 40)
    text = stream.getvalue()
    assert "searching · 10/40 (25 %)" in text and "about 30 s left" in text
    line.close()
    assert stream.getvalue().endswith("\r")
    assert terminal_progress() is None or sys.stderr.isatty()  # pytest's stderr is no terminal


def test_progress_line_waits_before_drawing_so_quick_runs_stay_silent() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream)  # the default delay
    line("searching", 5, 10)
    line.close()
    assert stream.getvalue() == ""


@pytest.mark.parametrize("workers", [1, 2])
def test_matrix_reports_each_stage_and_every_source(workers: int) -> None:
    graph = synthetic_graph(20, seed=4)
    calls: list[tuple[str, int, int]] = []
    result = travel_matrix(
        graph, Mode.CAR, workers=workers, progress=lambda *call: calls.append(call)
    )
    n = len(result.ids)
    assert calls[0][0] == "contracting the road graph"
    searching = [done for stage, done, total in calls if stage == "searching" and total == n]
    assert searching[0] == 0 and searching[-1] == n and searching == sorted(searching)


def test_matrix_command_prints_no_progress_when_not_on_a_terminal(cli: Invoke) -> None:
    result = cli("matrix", "--mode", "car")
    assert result.exit_code == 0
    assert "spent" not in result.output


def lattice_osm(path: Path, side: int) -> None:
    """A side x side lattice of nodes 20 m apart over the valley, one way per lattice edge."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for r in range(side):
        for c in range(side):
            node = r * side + c + 1
            lat, lon = 21.50 + r * 0.0002, 105.77 + c * 0.0002
            lines.append(f'<node id="{node}" version="1" lat="{lat:.6f}" lon="{lon:.6f}"/>')
    way = 0
    for r in range(side):
        for c in range(side):
            node = r * side + c + 1
            for other in ([node + 1] if c + 1 < side else []) + (
                [node + side] if r + 1 < side else []
            ):
                way += 1
                lines.append(
                    f'<way id="{way}" version="1"><nd ref="{node}"/><nd ref="{other}"/>'
                    '<tag k="highway" v="residential"/></way>'
                )
    lines.append("</osm>")
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.slow
def test_ctrl_c_stops_an_import_with_no_output_and_no_temporary_file(tmp_path: Path) -> None:
    pytest.importorskip("osmium")
    extract = tmp_path / "big.osm"
    lattice_osm(extract, 320)  # about 200,000 ways: seconds of reading
    out = tmp_path / "big.graph"
    command = [sys.executable, "-m", "teatrip", "roads", "import", str(extract)]
    command += ["--out", str(out), "--catalog", str(DATA / "valley.yaml"), "--max-snap", "50km"]
    main, terminal = pty.openpty()  # stderr on a terminal: the progress line is drawn
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal
    )
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 120
    while b"reading ways" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                seen += os.read(main, 4096)
            except OSError:  # the process ended and closed the terminal
                break
    assert b"reading ways" in seen, seen
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=120) == 130
    with pytest.raises(OSError):
        while chunk := os.read(main, 4096):
            seen += chunk
    os.close(main)
    assert b"interrupted" in seen and b"Traceback" not in seen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.osm"]  # no graph, no temporary


@pytest.mark.slow
def test_import_writes_no_progress_when_stderr_is_piped(tmp_path: Path) -> None:
    pytest.importorskip("osmium")
    extract = tmp_path / "lattice.osm"
    lattice_osm(extract, 120)
    out = tmp_path / "lattice.graph"
    command = [sys.executable, "-m", "teatrip", "roads", "import", str(extract)]
    command += ["--out", str(out), "--catalog", str(DATA / "valley.yaml"), "--max-snap", "50km"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and out.is_file()
