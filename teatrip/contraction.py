"""The core of a mode's road graph: dead ends cut off and chains of degree-2 nodes contracted.

Shortest paths between sites never enter a dead end (every edge weighs at least one second) and
never stop inside a chain of degree-2 nodes, so both searches (``matrix.travel_matrix`` and
``roads.shortest_route``) run on a smaller graph: repeatedly drop every node of degree 0 or 1 that
holds no site, then replace every chain of degree-2 siteless nodes by one edge weighing the sum of
its packed weights (time and distance add up exactly, see ``network.METRE_SCALE``) and estimated
when any edge on it is. :meth:`Core.expand` turns a path of core nodes back into the full node
path, so routes read the same roads, geometry and totals as on the whole graph.

An OSM import is already split at junctions, but every way end stays a node, as does every node
where a mode may not go on (an expressway joining a road motorbikes use), and dead ends (lanes,
tracks) are a large share of rural roads: contracting per mode at search time removes all of them.
Parallel chains between two core nodes keep the lightest (ties: the one whose end edge has the
lowest index, the same from both ends, so the core stays symmetric).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from scipy.sparse import csr_matrix

__all__ = ["Core", "build_core"]


@dataclass(frozen=True, eq=False)
class Core:
    """A contracted graph over ``nodes`` (original ids), with the chain behind each entry.

    ``matrix`` is the symmetric CSR matrix of packed weights between core nodes, ``keys`` its
    entries as ``row * size + column`` (sorted), ``chain_ptr``/``chain_nodes`` the original nodes
    inside each entry's chain in the row -> column direction (none for a plain edge).
    """

    node_count: int  # of the whole graph
    nodes: NDArray[np.int64]
    core_of: NDArray[np.int64]  # core id per original node, -1 off the core
    matrix: csr_matrix
    keys: NDArray[np.int64]
    entry_estimated: NDArray[np.bool_]
    any_estimated: bool
    chain_ptr: NDArray[np.int64]
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
            lo, hi = int(self.chain_ptr[position]), int(self.chain_ptr[position + 1])
            nodes.extend(self.chain_nodes[lo:hi].tolist())
            nodes.append(int(self.nodes[core_node]))
        return nodes


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
    useful = finish != start
    chain_id = np.minimum(end_edge, last_edge)
    row, col = core_of[start], core_of[finish]
    order = np.lexsort((chain_id, total, col, row))
    order = order[useful[order]]
    keys = row[order] * len(nodes) + col[order]
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]  # the lightest of parallel chains
    chosen = order[keep]
    keys = keys[keep]
    # The inner nodes of the chosen walks, in walk order then step order.
    if inner_walk:
        walk_of = np.concatenate(inner_walk)
        node_of = np.concatenate(inner_node)
        rank = np.full(walks, -1, dtype=np.int64)
        rank[chosen] = np.arange(len(chosen), dtype=np.int64)
        kept = rank[walk_of] >= 0
        walk_rank, inner = rank[walk_of[kept]], node_of[kept]
        by_rank = np.argsort(walk_rank, kind="stable")
        chain_nodes = inner[by_rank]
        counts = np.bincount(walk_rank, minlength=len(chosen))
    else:
        chain_nodes = np.zeros(0, dtype=np.int64)
        counts = np.zeros(len(chosen), dtype=np.int64)
    chain_ptr = np.zeros(len(chosen) + 1, dtype=np.int64)
    np.cumsum(counts, out=chain_ptr[1:])
    size = len(nodes)
    core_indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(np.bincount(row[chosen], minlength=size), out=core_indptr[1:])
    core_matrix = csr_matrix(
        (total[chosen], col[chosen].astype(np.int32), core_indptr), shape=(size, size)
    )
    chosen_estimated = estimated[chosen]
    return Core(
        node_count=n,
        nodes=nodes,
        core_of=core_of,
        matrix=core_matrix,
        keys=keys,
        entry_estimated=chosen_estimated,
        any_estimated=bool(chosen_estimated.any()),
        chain_ptr=chain_ptr,
        chain_nodes=chain_nodes.astype(np.int64),
    )


def _row_of(indptr: NDArray[np.int64], positions: NDArray[np.int64]) -> NDArray[np.int64]:
    """The CSR row of each stored position."""
    return np.searchsorted(indptr, positions, side="right").astype(np.int64) - 1
