"""The input of the engine: a team orienteering problem with time windows (TOPTW) and the extras
real trips need, as plain integers. Nothing here knows what a node or a time unit stands for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

#: Time windows for the *start* of service, as (open, close) pairs, both inclusive.
Windows: TypeAlias = tuple[tuple[int, int], ...]


class SolverError(Exception):
    """Base class of the engine's errors."""


class ProblemError(SolverError, ValueError):
    """The problem is malformed (wrong shapes, unknown nodes, inverted windows, ...)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("invalid problem:\n  " + "\n  ".join(self.problems))


class MandatoryInfeasibleError(SolverError):
    """`solve(..., strict=True)` found no plan that visits every mandatory node."""

    def __init__(self, missing: Sequence[int], solution: object) -> None:
        self.missing = tuple(missing)
        #: the best plan found without them (a `Solution`)
        self.solution = solution
        super().__init__(f"could not visit mandatory node(s) {list(self.missing)}")


def _windows(raw: Iterable[Sequence[int]]) -> Windows:
    return tuple((int(w[0]), int(w[1])) for w in raw)


@dataclass(frozen=True, eq=False)
class Route:
    """One route (a day): leave `start` no earlier than `earliest`, be at `end` by `latest`.

    `start` and `end` may differ and may be shared with other routes; they are never visited
    as customers and have no service time. `max_travel` caps the sum of travel times on the
    route. `windows` overrides the problem's windows for some nodes on this route only: an empty
    tuple means the node is closed on this route. `max_visits` caps how many customers the route
    visits (None = no cap, 0 = the route stays empty); see also `Problem.group_max`.
    """

    start: int
    end: int
    earliest: int
    latest: int
    max_travel: int | None = None
    windows: Mapping[int, Windows] = field(default_factory=dict)
    max_visits: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "windows", {int(k): _windows(v) for k, v in dict(self.windows).items()}
        )
        if self.max_visits is not None:
            object.__setattr__(self, "max_visits", int(self.max_visits))


@dataclass(frozen=True, eq=False)
class Problem:
    """A TOPTW instance over nodes 0..n-1.

    - `travel[i, j]`: integer travel time from i to j (asymmetric allowed).
    - `service[i]`, `profit[i]`: integer visit duration and score of node i.
    - `routes`: one `Route` per route (day).
    - `windows[i]`: default start-of-service windows of node i on every route; a node absent
      from the mapping is open at any time (only the route's own window binds). Windows may be
      several (a lunch closure gives two); a route's `Route.windows` replaces them for that route.
    - `mandatory`: nodes that must be visited. The engine gives them overriding weight; a plan that
      still misses one lists it in `Solution.missing_mandatory` (or `solve(strict=True)` raises).
    - `fixed_times[i] = t`: service at i starts exactly at t or i is not visited (events, bookings);
      t must also lie inside i's windows on the route that takes it.
    - `customers`: the nodes that may be visited (default: every node that is not a route's start or
      end node). Nodes with zero profit are only visited when mandatory.
    - `groups[i] = g` puts node i in visit group g (a node absent from the mapping is in none), and
      `group_max[g] = k` lets any one route visit at most k nodes of group g (1 = "at most one of
      these per route"; 0 = never). A group without an entry in `group_max` is not capped.
      Together with `Route.max_visits` these are upper bounds only: they never force a visit.
    """

    travel: npt.NDArray[np.int64]
    service: Sequence[int]
    profit: Sequence[int]
    routes: Sequence[Route]
    windows: Mapping[int, Windows] = field(default_factory=dict)
    mandatory: frozenset[int] = frozenset()
    fixed_times: Mapping[int, int] = field(default_factory=dict)
    customers: Sequence[int] | None = None
    groups: Mapping[int, int] = field(default_factory=dict)
    group_max: Mapping[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        travel = np.ascontiguousarray(np.asarray(self.travel), dtype=np.int64)
        object.__setattr__(self, "travel", travel)
        object.__setattr__(self, "service", tuple(int(x) for x in self.service))
        object.__setattr__(self, "profit", tuple(int(x) for x in self.profit))
        object.__setattr__(self, "routes", tuple(self.routes))
        object.__setattr__(
            self, "windows", {int(k): _windows(v) for k, v in dict(self.windows).items()}
        )
        object.__setattr__(self, "mandatory", frozenset(int(x) for x in self.mandatory))
        object.__setattr__(
            self, "fixed_times", {int(k): int(v) for k, v in dict(self.fixed_times).items()}
        )
        if self.customers is not None:
            object.__setattr__(self, "customers", tuple(int(x) for x in self.customers))
        for name in ("groups", "group_max"):
            raw = dict(getattr(self, name))
            object.__setattr__(self, name, {int(k): int(v) for k, v in raw.items()})
        errors = self._validate()
        if errors:
            raise ProblemError(errors)

    @property
    def n(self) -> int:
        return int(self.travel.shape[0])

    @property
    def depots(self) -> frozenset[int]:
        """Start and end nodes of the routes."""
        return frozenset(x for r in self.routes for x in (r.start, r.end))

    def customer_nodes(self) -> tuple[int, ...]:
        if self.customers is not None:
            return tuple(self.customers)
        dep = self.depots
        return tuple(i for i in range(self.n) if i not in dep)

    def node_windows(self, route: int, node: int) -> Windows | None:
        """Windows of `node` on `route` as given (None = always open), fixed times not applied."""
        r = self.routes[route]
        if node in r.windows:
            return r.windows[node]
        return self.windows.get(node)

    def _validate(self) -> list[str]:
        errs: list[str] = []
        t = self.travel
        if t.ndim != 2 or t.shape[0] != t.shape[1]:
            return [f"travel must be a square matrix, got shape {t.shape}"]
        n = t.shape[0]
        if (t < 0).any():
            errs.append("travel has negative entries")
        for name, arr in (("service", self.service), ("profit", self.profit)):
            if len(arr) != n:
                errs.append(f"{name} has {len(arr)} entries, travel is {n}x{n}")
            elif any(x < 0 for x in arr):
                errs.append(f"{name} has negative entries")
        if not self.routes:
            errs.append("at least one route is needed")

        def node_ok(i: int, what: str) -> None:
            if not 0 <= i < n:
                errs.append(f"{what}: node {i} is not in 0..{n - 1}")

        def windows_ok(ws: Windows, what: str) -> None:
            for o, c in ws:
                if o > c:
                    errs.append(f"{what}: window ({o}, {c}) opens after it closes")

        for k, r in enumerate(self.routes):
            node_ok(r.start, f"route {k} start")
            node_ok(r.end, f"route {k} end")
            if r.earliest > r.latest:
                errs.append(f"route {k}: earliest {r.earliest} > latest {r.latest}")
            if r.max_travel is not None and r.max_travel < 0:
                errs.append(f"route {k}: negative max_travel")
            if r.max_visits is not None and r.max_visits < 0:
                errs.append(f"route {k}: negative max_visits {r.max_visits}")
            if 0 <= r.start < n and 0 <= r.end < n:
                direct = int(t[r.start, r.end])
                if r.earliest + direct > r.latest or (
                    r.max_travel is not None and direct > r.max_travel
                ):
                    errs.append(
                        f"route {k}: going from {r.start} to {r.end} takes {direct}, which does"
                        f" not fit its window {r.earliest}..{r.latest} or travel cap"
                    )
            for i, ws in r.windows.items():
                node_ok(i, f"route {k} windows")
                windows_ok(ws, f"route {k} node {i}")
        for i, ws in self.windows.items():
            node_ok(i, "windows")
            windows_ok(ws, f"node {i}")
        for i in self.fixed_times:
            node_ok(i, "fixed_times")
        for i in self.groups:
            node_ok(i, "groups")
        used = set(self.groups.values())
        for g, cap in sorted(self.group_max.items()):
            if g not in used:
                errs.append(f"group_max: group {g} has no node in groups")
            if cap < 0:
                errs.append(f"group_max: group {g} has a negative cap {cap}")
        cust = set(self.customer_nodes())
        for i in cust:
            node_ok(i, "customers")
        dep = self.depots
        for i in sorted(cust & dep):
            errs.append(f"node {i} is a route start/end and cannot be a customer")
        for i in sorted(self.mandatory):
            if i not in cust:
                errs.append(f"mandatory node {i} is not a customer")
        return errs
