"""bench/toptw.py: the instance parser, and a smoke run on one real instance when ../shared exists."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from teatrip.solver import check
from tests.helpers.env import REPO, require_shared


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_toptw", REPO / "bench" / "toptw.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_toptw"] = mod  # dataclasses look the module up while building the class
    spec.loader.exec_module(mod)
    return mod


bench = _bench()

TINY = (
    "1 2 3 1\r\n"
    "0 0\r\n"
    " 0 0.00 0.00 0 0 0 0 0 100\r\n"
    " 1 3.00 4.00 2 10 1 1 7 0 50\r\n"  # one ignored list entry
    " 2 0.00 1.05 1.5 4 1 2 8 9 10 20\r\n"  # two, service with a decimal
    " 3 -6.00 8.00 0 7 1 0 0 90\r\n"  # none
)


def test_parser_reads_crlf_ragged_lines_and_rounds_down(tmp_path: Path) -> None:
    f = tmp_path / "sets" / "c999.txt"
    f.parent.mkdir()
    f.write_bytes(TINY.encode())
    inst = bench.parse_instance(f)
    assert inst.scale == 10 and inst.ids == (0, 1, 2, 3)
    assert inst.travel[0, 1] == 50  # distance 5.0
    assert inst.travel[0, 2] == 10  # 1.05 rounded down to 1.0
    assert inst.travel[1, 3] == 98  # sqrt(97) = 9.848... -> 9.8
    assert inst.service == (0, 20, 15, 0)
    assert inst.profit == (0, 10, 4, 7)
    assert inst.windows == ((0, 1000), (0, 500), (100, 200), (0, 900))
    sol = bench.solve(inst.problem(1), budget_s=0.05, seed=1)
    assert check(inst.problem(1), sol) == []
    assert sol.profit == 21


def test_missing_instance_directory_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--instances", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_smoke_pr01(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    instances = require_shared("bench", "toptw", "instances", "cordeau_pr01_10")
    require_shared("bench", "toptw", "instances", "cordeau_pr01_10", "pr01.txt")
    out = tmp_path / "runs.jsonl"
    argv = ["--instances", str(instances), "--only", "pr01"]
    rc = bench.main([*argv, "--m", "1", "--budget", "0.2", "--json", str(out)])
    assert rc == 0
    text = capsys.readouterr().out
    assert "pr01" in text and "308" in text  # bks.csv is found in a parent directory
    (rec,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert rec["instance"] == "pr01" and rec["m"] == 1
    assert rec["score"] > 250 and len(rec["routes"]) == 1


def _gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_gen_toptw", REPO / "bench" / "gen_toptw.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_instances_parse_are_reproducible_and_each_customer_fits_alone(
    tmp_path: Path,
) -> None:
    gen = _gen()
    text = gen.instance_text("rc", 40, "w", seed=7)
    assert text == gen.instance_text("rc", 40, "w", seed=7)
    f = tmp_path / "grc40w1.txt"
    f.write_text(text)
    inst = bench.parse_instance(f)
    assert inst.scale == 100 and len(inst.ids) == 41 and bench.family(inst.name) == "gw"
    tmax = inst.tmax
    for i in range(1, 41):
        o, c = inst.windows[i]
        assert o <= c
        start = max(o, int(inst.travel[0, i]))
        assert start <= c and start + inst.service[i] + inst.travel[i, 0] <= tmax
    sol = bench.solve(inst.problem(2), budget_s=0.1, seed=1, threads=2)
    assert check(inst.problem(2), sol) == [] and sol.profit > 0
