"""Average and worst gaps per set and m from `bench/toptw.py --json` runs, against the best known.

    python bench/toptw_report.py --bks ../shared/bench/toptw/bks.csv \
        before=bench/runs/before_10s.jsonl after=bench/runs/after_10s.jsonl

Each argument is LABEL=FILE (JSON lines with instance, set, m, score and, with --peers, ortools and
vroom). The best known value of an (instance, m) is the larger of its bks.csv row, if any, and the
best score any run in the given files reached (ours under any label, VROOM, OR-Tools): for the
generated sets, which have no published values, that is the only reference there is, so their
gaps are relative to the best of what was run and say nothing about optimality.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any


def load(spec: str) -> tuple[str, list[dict[str, Any]]]:
    label, _, path = spec.partition("=")
    if not path:
        label, path = Path(spec).stem, spec
    rows = [json.loads(x) for x in Path(path).read_text().splitlines() if x.strip()]
    return label, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("runs", nargs="+", help="LABEL=FILE.jsonl")
    ap.add_argument("--bks", type=Path, help="bks.csv (instance,m,bks,source)")
    ap.add_argument("--peers", nargs="*", default=["vroom", "ortools"], help="peer columns to show")
    ap.add_argument(
        "--reference", nargs="*", default=[], help="more runs that only raise the best known values"
    )
    args = ap.parse_args(argv)
    best: dict[tuple[str, int], int] = {}
    published: set[tuple[str, int]] = set()
    if args.bks:
        with args.bks.open(newline="") as fh:
            for r in csv.DictReader(fh):
                best[(r["instance"], int(r["m"]))] = int(r["bks"])
                published.add((r["instance"], int(r["m"])))
    runs = [load(s) for s in args.runs]
    for _, rows in [*runs, *(load(s) for s in args.reference)]:
        for r in rows:
            key = (r["instance"], int(r["m"]))
            for col in ("score", "vroom", "ortools"):
                if col in r:
                    best[key] = max(best.get(key, 0), int(r[col]))
    # (set, m) -> column -> gaps
    gaps: dict[tuple[str, int], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for label, rows in runs:
        for r in rows:
            key = (r["instance"], int(r["m"]))
            if not best.get(key):
                continue
            group = (r.get("set", "?"), key[1])
            for col, name in (("score", label), *((p, f"{p} ({label})") for p in args.peers)):
                if col in r:
                    g = 100.0 * (best[key] - int(r[col])) / best[key]
                    gaps[group][name].append(g)
    names = list(dict.fromkeys(name for cols in gaps.values() for name in cols))
    print("Average / worst gap % to the best known, per set and m (runs per cell in brackets).\n")
    print("| set | m | " + " | ".join(names) + " |")
    print("|---|---" + "|---" * len(names) + "|")
    for (set_name, m), cols in sorted(gaps.items()):
        cells = [
            f"{sum(v) / len(v):.2f} / {max(v):.2f} ({len(v)})" if (v := cols.get(name)) else "-"
            for name in names
        ]
        print(f"| {set_name} | {m} | " + " | ".join(cells) + " |")
    unpublished = sorted(
        {k for _, rows in runs for r in rows if (k := (r["instance"], int(r["m"])))} - published
    )
    if unpublished:
        print(
            f"\n{len(unpublished)} (instance, m) without a bks.csv row: best known = best run above"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
