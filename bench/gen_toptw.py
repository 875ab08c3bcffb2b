"""Generate TOPTW instances of Cordeau's pr family's shape, for tuning and for held-out testing.

    python bench/gen_toptw.py --out bench/toptw_gen

writes two sets in the format of ../shared/bench/toptw/instances (see FORMAT.txt there):
`tune/` (the engine may be tuned on these) and `heldout/` (never used for tuning; reported only).
Same rules as pr01-pr10: coordinates in [-100, 100]^2 with three decimals, service and profit
whole numbers in 1..25, one time window per customer, depot open [0, 1000] = the route's Tmax,
travel = Euclidean distance rounded down to 0.01 (the bench applies the 0.01 rule to files whose
names start with "pr" or "g").

A name reads g<points><n><windows><k>: points c = clustered, r = uniform random, rc = half and half;
n = customers (50..300); windows n = narrow (90..180 wide, like pr01-pr10), w = wide (200..500);
k = replicate. Every customer can be served alone on one route (open + service + way back <= Tmax),
as in the public sets. The output is a pure function of the generator's seed.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

TMAX = 1000
SIZE = 100.0

# (points, customers, windows) per set; the held-out set covers every points x windows pair and the
# whole size range, the tuning set is smaller and shares no instance with it.
TUNE = [("c", 60, "n"), ("r", 120, "w"), ("rc", 180, "n"), ("r", 240, "n"), ("c", 300, "w")]
HELDOUT = [
    ("c", 50, "w"),
    ("r", 100, "n"),
    ("rc", 150, "w"),
    ("c", 200, "n"),
    ("r", 250, "w"),
    ("rc", 300, "n"),
    ("rc", 75, "n"),
    ("c", 125, "w"),
]


def _points(rng: random.Random, kind: str, n: int) -> list[tuple[float, float]]:
    def uniform() -> tuple[float, float]:
        return (rng.uniform(-SIZE, SIZE), rng.uniform(-SIZE, SIZE))

    if kind == "r":
        return [uniform() for _ in range(n)]
    centres = [uniform() for _ in range(rng.randint(3, 8))]
    spread = rng.uniform(8.0, 16.0)

    def clustered() -> tuple[float, float]:
        cx, cy = rng.choice(centres)
        x = min(SIZE, max(-SIZE, rng.gauss(cx, spread)))
        y = min(SIZE, max(-SIZE, rng.gauss(cy, spread)))
        return (x, y)

    if kind == "c":
        return [clustered() for _ in range(n)]
    return [clustered() if i % 2 == 0 else uniform() for i in range(n)]


def instance_text(kind: str, n: int, windows: str, seed: int) -> str:
    rng = random.Random(seed)
    depot = (rng.uniform(-15.0, 15.0), rng.uniform(-15.0, 15.0))
    pts = [(round(x, 3), round(y, 3)) for x, y in _points(rng, kind, n)]
    lines = [f"5 1 {n} 4", "500 200", f" 0 {depot[0]:.3f} {depot[1]:.3f} 0 0 0 0 0 {TMAX}"]
    for i, (x, y) in enumerate(pts, start=1):
        dist = math.ceil(math.hypot(x - depot[0], y - depot[1]))
        service = rng.randint(1, 25)
        profit = rng.randint(1, 25)
        width = rng.randint(90, 180) if windows == "n" else rng.randint(200, 500)
        # start of service between reaching the customer and leaving enough time to get back
        first, last = dist, TMAX - service - dist
        opening = rng.randint(first, max(first, last - width))
        closing = min(opening + width, last)
        lines.append(f" {i} {x:.3f} {y:.3f} {service} {profit} 0 0 {opening} {closing}")
    return "\n".join(lines) + "\n"


def write_sets(out: Path, seed: int) -> list[Path]:
    written = []
    for set_name, specs in (("tune", TUNE), ("heldout", HELDOUT)):
        d = out / set_name
        d.mkdir(parents=True, exist_ok=True)
        for k, (kind, n, windows) in enumerate(specs):
            inst_seed = seed * 1000 + (0 if set_name == "tune" else 500) + k
            path = d / f"g{kind}{n}{windows}1.txt"
            path.write_text(instance_text(kind, n, windows, inst_seed))
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "toptw_gen")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    for p in write_sets(args.out, args.seed):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
