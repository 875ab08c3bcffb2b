"""The core of a mode's road graph: the siteless nodes that no search needs, taken out exactly.

Both searches (``matrix.travel_matrix`` and ``roads.shortest_route``) run on this smaller graph and
expand what they find back into the whole graph's nodes (:meth:`Core.expand`), so routes read the
same roads, geometry and totals. Three steps, none of which changes a distance between the nodes
that stay (every edge weighs at least one second, and packed weights add up exactly, see
``network.METRE_SCALE``):

1. Dead ends: repeatedly drop every siteless node of degree 0 or 1: no path between two other
   nodes enters one.
2. Chains: every run of siteless degree-2 nodes (OSM shape nodes, way ends, the nodes where a
   road a mode may not use joins) becomes one edge weighing the sum of its edges, estimated when
   any of them is.
3. Low-degree elimination (a few rounds of the first step of a contraction hierarchy, without its
   query): an independent set of siteless nodes of degree <= 4 goes each round, each replaced by
   shortcuts between every two of its neighbours, kept only where lighter than an existing edge.
   A node of degree 3 trades its 3 edges for at most 3 shortcuts, one of degree 4 its 4 for at
   most 6 (fewer in practice: many are longer than a road already there), so the graph shrinks in
   nodes much more than it grows in edges, and Dijkstra's heap work shrinks with it.

An OSM import is already split at junctions, but every way end stays a node, and dead ends (lanes,
tracks) and plain crossings are most of a rural network: on the bench's grid of 1M nodes the core
keeps 29 % of them, on a graph whose roads carry OSM-like shape nodes 3 %
(``bench/MATRIX_RESULTS.md``). Parallel entries between two core nodes keep the lightest (ties:
the lowest chain or shortcut id, the same from both ends, so the core stays symmetric).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from scipy.sparse import csr_matrix

__all__ = ["Core", "build_core"]


@dataclass(frozen=True, eq=False)
class Core:
    """A contracted graph over ``nodes`` (original ids), with what lies inside each entry.

    ``matrix`` is the symmetric CSR matrix of packed weights between core nodes and ``keys`` its
    entries as ``row * size + column`` (sorted). Entry ``i`` stands for segment ``segment[i]``, in
    the row -> column direction: a chain (original nodes ``chain_nodes[chain_lo:chain_hi]``, none
    for a plain edge) or, where ``via >= 0``, the segment ``left``, the node ``via``, then the
    segment ``right`` (a shortcut of the elimination step).
    """

    node_count: int  # of the whole graph
    nodes: NDArray[np.int64]
    core_of: NDArray[np.int64]  # core id per original node, -1 off the core
    matrix: csr_matrix
    keys: NDArray[np.int64]
    entry_estimated: NDArray[np.bool_]
    any_estimated: bool
    segment: NDArray[np.int64]
    chain_lo: NDArray[np.int64]
    chain_hi: NDArray[np.int64]
    left: NDArray[np.int64]
    via: NDArray[np.int64]
    right: NDArray[np.int64]
    chain_nodes: NDArray[np.int64]

    @property
    def size(self) -> int:
        return len(self.nodes)

    def entries(self, rows: NDArray[np.int64], cols: NDArray[np.int64]) -> NDArray[np.int64]:
        """Positions of the stored entries (rows[i], cols[i]) in core ids (they must exist)."""
        return np.searchsorted(self.keys, rows * self.size + cols)

    def expand(self, path: Sequence[int]) -> list[int]:
        """The original node path of a path of core ids."""
        if len(path) < 2:
            return [int(self.nodes[c]) for c in path]
        steps = np.asarray(path, dtype=np.int64)
        positions = self.entries(steps[:-1], steps[1:])
        nodes = [int(self.nodes[steps[0]])]
        for position, core_node in zip(positions.tolist(), steps[1:].tolist(), strict=True):
            self._unfold(int(self.segment[position]), nodes)
            nodes.append(int(self.nodes[core_node]))
        return nodes

    def _unfold(self, segment: int, nodes: list[int]) -> None:
        """Append the original nodes inside ``segment`` to ``nodes`` (in its direction)."""
        stack: list[int] = [segment]  # a node id is pushed as -2 - node
        while stack:
            top = stack.pop()
            if top <= -2:
                nodes.append(-2 - top)
            elif self.via[top] < 0:
                nodes.extend(self.chain_nodes[self.chain_lo[top] : self.chain_hi[top]].tolist())
            else:
                stack += [int(self.right[top]), -2 - int(self.via[top]), int(self.left[top])]


def _entries_of(
    indptr: NDArray[np.int64], nodes: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(which of ``nodes``, CSR position) for every stored entry of the rows ``nodes``."""
    starts = indptr[nodes]
    counts = indptr[nodes + 1] - starts
    owner = np.repeat(np.arange(len(nodes), dtype=np.int64), counts)
    offsets = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(counts) - counts, counts
    )
    return owner, starts[owner] + offsets


def build_core(
    matrix: csr_matrix,
    edge: NDArray[np.int64],
    entry_estimated: NDArray[np.bool_],
    terminals: NDArray[np.int64],
) -> Core:
    """The core of a symmetric CSR graph that keeps every node in ``terminals`` (site nodes).

    ``edge`` and ``entry_estimated`` are per stored entry of ``matrix`` (``network.ModeIndex``).
    """
    from scipy.sparse import csr_matrix

    n = matrix.shape[0]
    indptr = matrix.indptr.astype(np.int64)
    neighbour = matrix.indices.astype(np.int64)
    weight = matrix.data
    terminal = np.zeros(n, dtype=bool)
    terminal[terminals] = True
    degree = np.diff(indptr)
    alive = np.ones(n, dtype=bool)
    # Peel dead ends: each round drops the current siteless nodes of degree <= 1.
    frontier = np.nonzero(~terminal & (degree <= 1))[0]
    while len(frontier):
        alive[frontier] = False
        _, positions = _entries_of(indptr, frontier)
        touched = neighbour[positions]
        touched = touched[alive[touched]]
        degree -= np.bincount(touched, minlength=n)
        touched = np.unique(touched)
        frontier = touched[~terminal[touched] & (degree[touched] <= 1)]
    is_core = alive & (terminal | (degree != 2))
    nodes = np.nonzero(is_core)[0].astype(np.int64)
    core_of = np.full(n, -1, dtype=np.int64)
    core_of[nodes] = np.arange(len(nodes), dtype=np.int64)
    # Walk every chain from each of its core ends, all walks one step at a time.
    _, first = _entries_of(indptr, nodes)
    first = first[alive[neighbour[first]]]
    start = _row_of(indptr, first)
    walks = len(first)
    total = weight[first].copy()
    estimated = entry_estimated[first].copy()
    end_edge = edge[first].copy()
    finish = np.full(walks, -1, dtype=np.int64)
    last_edge = np.full(walks, -1, dtype=np.int64)
    inner_walk: list[NDArray[np.int64]] = []
    inner_node: list[NDArray[np.int64]] = []
    active = np.arange(walks, dtype=np.int64)
    previous = start.copy()
    current = neighbour[first]
    entry = first
    while len(active):
        done = is_core[current]
        finish[active[done]] = current[done]
        last_edge[active[done]] = edge[entry[done]]
        going = ~done
        active, previous, current = active[going], previous[going], current[going]
        if not len(active):
            break
        inner_walk.append(active)
        inner_node.append(current)
        owner, positions = _entries_of(indptr, current)
        onward = neighbour[positions]
        pick = alive[onward] & (onward != previous[owner])
        owner, positions = owner[pick], positions[pick]  # exactly one per walk, in walk order
        total[active] += weight[positions]
        estimated[active] |= entry_estimated[positions]
        previous, current, entry = current, neighbour[positions], positions
    # One candidate entry per walk; self-loops (a chain back to its start) are never on a path.
    # Each walk is a segment: the nodes it stepped through, in step order.
    useful = np.nonzero(finish != start)[0]
    if inner_walk:
        walk_of, inner = np.concatenate(inner_walk), np.concatenate(inner_node)
        by_walk = np.argsort(walk_of, kind="stable")
        walk_of, chain_nodes = walk_of[by_walk], inner[by_walk]
    else:
        walk_of = chain_nodes = np.zeros(0, dtype=np.int64)
    walk_ptr = np.zeros(walks + 1, dtype=np.int64)
    np.cumsum(np.bincount(walk_of, minlength=walks), out=walk_ptr[1:])
    entries = _lightest(
        _Entries(
            start[useful],
            finish[useful],
            total[useful],
            estimated[useful],
            np.minimum(end_edge, last_edge)[useful],
            useful,
        )
    )
    # Eliminate siteless nodes of low degree, an independent set at a time (see the docstring).
    eliminated = np.zeros(n, dtype=bool)
    id_offset = int(edge.max()) + 1 if len(edge) else 0
    shortcuts: list[tuple[NDArray[np.int64], ...]] = []
    segments = walks
    for _ in range(_ROUNDS):
        result = _eliminate(entries, terminal, n, id_offset, segments)
        if result is None:
            break
        entries, removed, made = result
        eliminated[removed] = True
        shortcuts.append(made)
        segments += len(made[0])
    is_core &= ~eliminated
    nodes = np.nonzero(is_core)[0].astype(np.int64)
    core_of = np.full(n, -1, dtype=np.int64)
    core_of[nodes] = np.arange(len(nodes), dtype=np.int64)
    size = len(nodes)
    row, col = core_of[entries.row], core_of[entries.col]
    core_indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=size), out=core_indptr[1:])
    core_matrix = csr_matrix(
        (entries.weight, col.astype(np.int32), core_indptr), shape=(size, size)
    )
    none = np.full(walks, -1, dtype=np.int64)
    no_chain = np.zeros(segments - walks, dtype=np.int64)
    return Core(
        node_count=n,
        nodes=nodes,
        core_of=core_of,
        matrix=core_matrix,
        keys=row * size + col,
        entry_estimated=entries.estimated,
        any_estimated=bool(entries.estimated.any()),
        segment=entries.segment,
        chain_lo=np.concatenate([walk_ptr[:-1], no_chain]),
        chain_hi=np.concatenate([walk_ptr[1:], no_chain]),
        left=np.concatenate([none, *(made[0] for made in shortcuts)]),
        via=np.concatenate([none, *(made[1] for made in shortcuts)]),
        right=np.concatenate([none, *(made[2] for made in shortcuts)]),
        chain_nodes=chain_nodes.astype(np.int64),
    )


class _Entries(NamedTuple):
    """Directed entries between core candidates (original ids), each standing for a segment."""

    row: NDArray[np.int64]
    col: NDArray[np.int64]
    weight: NDArray[np.float64]
    estimated: NDArray[np.bool_]
    ident: NDArray[np.int64]  # the same for both directions of one chain (breaks weight ties)
    segment: NDArray[np.int64]

    def take(self, which: NDArray[np.int64]) -> _Entries:
        return _Entries(
            self.row[which],
            self.col[which],
            self.weight[which],
            self.estimated[which],
            self.ident[which],
            self.segment[which],
        )

    def join(self, other: _Entries) -> _Entries:
        return _Entries(
            np.concatenate([self.row, other.row]),
            np.concatenate([self.col, other.col]),
            np.concatenate([self.weight, other.weight]),
            np.concatenate([self.estimated, other.estimated]),
            np.concatenate([self.ident, other.ident]),
            np.concatenate([self.segment, other.segment]),
        )


def _lightest(entries: _Entries) -> _Entries:
    """Sorted by (row, col), keeping the lightest of parallel entries (ties: the lowest ident)."""
    order = np.lexsort((entries.ident, entries.weight, entries.col, entries.row))
    row, col = entries.row[order], entries.col[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (col[1:] != col[:-1])
    return entries.take(order[first])


#: Rounds of low-degree elimination, and the highest degree a node may have to go.
_ROUNDS = 8
_MAX_DEGREE = 4


def _eliminate(
    entries: _Entries, terminal: NDArray[np.bool_], n: int, id_offset: int, first_segment: int
) -> tuple[_Entries, NDArray[np.int64], tuple[NDArray[np.int64], ...]] | None:
    """One round: drop an independent set of siteless nodes of degree <= ``_MAX_DEGREE``, each
    replaced by shortcuts between every two of its neighbours (weights add up), so distances
    between the nodes left stay exact. Returns the entries left, the nodes dropped and the new
    segments (left, via, right) numbered from ``first_segment``; None when few nodes can go."""
    degree = np.bincount(entries.row, minlength=n)
    candidate = ~terminal & (degree >= 1) & (degree <= _MAX_DEGREE)
    # A fixed pseudo-random priority; a candidate goes when it beats every candidate neighbour.
    priority = (np.arange(n, dtype=np.uint64) * np.uint64(2654435761)) % np.uint64(2**32)
    both = candidate[entries.row] & candidate[entries.col]
    rival = np.zeros(n, dtype=np.uint64)
    np.maximum.at(rival, entries.row[both], priority[entries.col[both]])
    chosen = candidate & (priority > rival)
    removed = np.nonzero(chosen)[0]
    if len(removed) < max(1, n // 1000):
        return None
    keys = entries.row * n + entries.col
    start = np.searchsorted(entries.row, removed)
    into_all: list[NDArray[np.int64]] = []
    out_all: list[NDArray[np.int64]] = []
    for d in range(2, _MAX_DEGREE + 1):
        group = start[degree[removed] == d]
        for i in range(d):
            for j in range(d):
                if i != j:
                    into_all.append(group + i)  # x -> a, travelled as a -> x
                    out_all.append(group + j)  # x -> b
    into = np.concatenate(into_all) if into_all else np.zeros(0, dtype=np.int64)
    out = np.concatenate(out_all) if out_all else np.zeros(0, dtype=np.int64)
    via = entries.row[into]
    back = np.searchsorted(keys, entries.col[into] * n + via)  # the entry a -> x
    made = (entries.segment[back], via, entries.segment[out])
    shortcut = _Entries(
        entries.col[into],
        entries.col[out],
        entries.weight[into] + entries.weight[out],
        entries.estimated[into] | entries.estimated[out],
        id_offset + via,
        first_segment + np.arange(len(into), dtype=np.int64),
    )
    stay = entries.take(np.nonzero(~chosen[entries.row] & ~chosen[entries.col])[0])
    return _merge(stay, _lightest(shortcut), n), removed, made


def _merge(old: _Entries, new: _Entries, n: int) -> _Entries:
    """Two sorted lists of unique entries as one, keeping the lighter where both have a pair
    (ties: the lower ident), without sorting ``old`` again (it is most of the graph)."""
    old_key, new_key = old.row * n + old.col, new.row * n + new.col
    position = np.searchsorted(old_key, new_key)
    both = position < len(old_key)
    both[both] = old_key[position[both]] == new_key[both]
    mine, theirs = position[both], np.nonzero(both)[0]
    lighter = (new.weight[theirs] < old.weight[mine]) | (
        (new.weight[theirs] == old.weight[mine]) & (new.ident[theirs] < old.ident[mine])
    )
    mine, theirs = mine[lighter], theirs[lighter]
    for field, value in zip(old, new, strict=True):
        field[mine] = value[theirs]  # ``old`` is a fresh copy (take), safe to change
    added = np.nonzero(~both)[0]
    order = np.argsort(np.concatenate([old_key, new_key[added]]), kind="stable")
    return old.join(new.take(added)).take(order)


def _row_of(indptr: NDArray[np.int64], positions: NDArray[np.int64]) -> NDArray[np.int64]:
    """The CSR row of each stored position."""
    return np.searchsorted(indptr, positions, side="right").astype(np.int64) - 1
