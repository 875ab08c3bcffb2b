"""Turn a `Problem` into the flat integer arrays the C kernel reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .problem import Problem, Windows

# Far enough to never bind, small enough that sums of a few of them cannot overflow int64.
_OPEN = 1 << 50


def _merge(ws: Windows) -> Windows:
    """Sort and merge overlapping or touching windows, so "first window with close >= arrival"
    gives the earliest feasible start."""
    out: list[tuple[int, int]] = []
    for o, c in sorted(ws):
        if out and o <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], c))
        else:
            out.append((o, c))
    return tuple(out)


def effective_windows(problem: Problem, route: int, node: int) -> Windows | None:
    """Windows of `node` on `route` with a fixed time applied (None = always open)."""
    ws = problem.node_windows(route, node)
    if node in problem.fixed_times:
        t = problem.fixed_times[node]
        if ws is not None and not any(o <= t <= c for o, c in ws):
            return ()
        return ((t, t),)
    return None if ws is None else _merge(ws)


@dataclass(frozen=True)
class Arrays:
    n: int
    m: int
    travel: npt.NDArray[np.int64]
    service: npt.NDArray[np.int64]
    weight: npt.NDArray[np.int64]
    cand: npt.NDArray[np.int32]
    rstart: npt.NDArray[np.int32]
    rend: npt.NDArray[np.int32]
    earliest: npt.NDArray[np.int64]
    latest: npt.NDArray[np.int64]
    cap: npt.NDArray[np.int64]
    woff: npt.NDArray[np.int32]
    wopen: npt.NDArray[np.int64]
    wclose: npt.NDArray[np.int64]
    rmax: npt.NDArray[np.int32]
    grp: npt.NDArray[np.int32]
    gmax: npt.NDArray[np.int32]
    # weights from here up are mandatory nodes': the kernel keeps them out of its temperature scale
    mandatory_from: int


def _group_caps(
    problem: Problem, cand: list[int]
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Groups renumbered 0..g-1 for the kernel. A group whose cap its candidates cannot exceed
    is dropped (node group -1), so caps that cannot bind leave the kernel's uncapped path alone."""
    members: dict[int, int] = {}
    for i in cand:
        g = problem.groups.get(i)
        if g is not None and g in problem.group_max:
            members[g] = members.get(g, 0) + 1
    index: dict[int, int] = {}
    for g in sorted(members):
        if problem.group_max[g] < members[g]:
            index[g] = len(index)
    grp = np.full(problem.n, -1, dtype=np.int32)
    for i in cand:
        g = problem.groups.get(i)
        if g is not None and g in index:
            grp[i] = index[g]
    gmax = np.asarray([problem.group_max[g] for g in index], dtype=np.int32)
    return grp, gmax


def compile_problem(problem: Problem) -> Arrays:
    n, m = problem.n, len(problem.routes)
    profit = np.asarray(problem.profit, dtype=np.int64)
    # Mandatory nodes outweigh every optional profit together, so the search never trades one away.
    bonus = int(profit.sum()) + 1
    weight = profit.copy()
    for i in problem.mandatory:
        weight[i] += bonus
    cust = problem.customer_nodes()
    cand = [i for i in cust if weight[i] > 0]
    woff = np.zeros(m * n + 1, dtype=np.int32)
    wo: list[int] = []
    wc: list[int] = []
    candset = set(cand)
    for r, spec in enumerate(problem.routes):
        for i in range(n):
            woff[r * n + i] = len(wo)
            if i not in candset:
                continue
            ws = effective_windows(problem, r, i)
            if ws is None:
                ws = ((-_OPEN, _OPEN),)
            for o, c in ws:
                if c < spec.earliest or o > spec.latest:
                    continue  # cannot matter on this route
                wo.append(o)
                wc.append(c)
    woff[m * n] = len(wo)
    grp, gmax = _group_caps(problem, cand)
    # a route cannot hold more than every candidate, so that many is "no cap" for the kernel
    nc = len(cand)
    rmax = [nc if r.max_visits is None else min(r.max_visits, nc) for r in problem.routes]
    return Arrays(
        n=n,
        m=m,
        travel=problem.travel,
        service=np.asarray(problem.service, dtype=np.int64),
        weight=weight,
        cand=np.asarray(cand, dtype=np.int32),
        rstart=np.asarray([r.start for r in problem.routes], dtype=np.int32),
        rend=np.asarray([r.end for r in problem.routes], dtype=np.int32),
        earliest=np.asarray([r.earliest for r in problem.routes], dtype=np.int64),
        latest=np.asarray([r.latest for r in problem.routes], dtype=np.int64),
        cap=np.asarray(
            [_OPEN if r.max_travel is None else r.max_travel for r in problem.routes],
            dtype=np.int64,
        ),
        woff=woff,
        wopen=np.asarray(wo, dtype=np.int64),
        wclose=np.asarray(wc, dtype=np.int64),
        rmax=np.asarray(rmax, dtype=np.int32),
        grp=grp,
        gmax=gmax,
        mandatory_from=bonus if problem.mandatory else _OPEN,
    )
