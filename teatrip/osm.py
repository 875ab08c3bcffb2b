"""An OpenStreetMap extract -> a compact road graph file; loading it back with the sites attached.

``import_osm`` reads an ``.osm``/``.osm.pbf`` extract with pyosmium (the optional extra
``teatrip[osm]``): it keeps the ways tagged ``highway`` that people drive, ride or walk on, maps
them to our road classes (a Vietnamese ``ref`` decides where it is clear: ``CT`` expressway, ``QL``
national, ``ĐT`` provincial), snaps every catalog site to its nearest way node, and contracts
chains of degree-2 nodes into single edges that keep their inner points as geometry, so a
province of a million OSM nodes becomes a graph of its junctions. Lengths follow the real
geometry (haversine along the way's points; within 0.5 % of the ellipsoid) and are measured; only
the short joins from a site to its snapped node are estimated (straight line x the ``access``
winding factor). Ways are treated as two-way (``oneway`` is ignored: a tour sheet, not a
turn-by-turn navigator).

The graph file is a compressed ``.npz`` (a zip of plain numpy arrays, read with
``allow_pickle=False``: no code can hide in it), with a format name and version, written
atomically and never over an existing file without ``force``. ``load_graph`` reads it for any
catalog: sites snapped at import time reuse their node; others are snapped on load (refused past
the limit recorded at import time).
"""

from __future__ import annotations

import io
import re
import zipfile
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from teatrip.errors import BadInputError, CatalogError, Problem, one_line
from teatrip.fileio import stat_regular
from teatrip.formatting import say
from teatrip.geo import geodesic_m, haversine_m
from teatrip.i18n import N_
from teatrip.models import Catalog, Mode, RoadClass
from teatrip.network import (
    ACCESS_ROAD_NAME,
    CLASSES,
    MODE_BIT,
    Progress,
    RoadGraph,
    resolve_speeds,
    resolve_winding,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "GRAPH_FORMAT",
    "GRAPH_VERSION",
    "ImportResult",
    "ImportedNetwork",
    "Snap",
    "import_osm",
    "load_graph",
    "save_graph",
]

GRAPH_FORMAT = "teatrip-road-graph"
GRAPH_VERSION = 1
DEFAULT_MAX_SNAP_M = 2_000.0
#: Ways read between two progress reports while importing.
_PROGRESS_WAYS = 10_000

_MOTOR = MODE_BIT[Mode.CAR] | MODE_BIT[Mode.MOTORBIKE]
_ALL = _MOTOR | MODE_BIT[Mode.BICYCLE] | MODE_BIT[Mode.WALK]
_BIKE_WALK = MODE_BIT[Mode.BICYCLE] | MODE_BIT[Mode.WALK]

#: highway=* -> (road class, allowed modes). Motorways are expressways (cao tốc): cars only.
HIGHWAYS: Mapping[str, tuple[RoadClass, int]] = {
    "motorway": (RoadClass.EXPRESSWAY, MODE_BIT[Mode.CAR]),
    "motorway_link": (RoadClass.EXPRESSWAY, MODE_BIT[Mode.CAR]),
    "trunk": (RoadClass.NATIONAL, _ALL),
    "trunk_link": (RoadClass.NATIONAL, _ALL),
    "primary": (RoadClass.NATIONAL, _ALL),
    "primary_link": (RoadClass.NATIONAL, _ALL),
    "secondary": (RoadClass.PROVINCIAL, _ALL),
    "secondary_link": (RoadClass.PROVINCIAL, _ALL),
    "tertiary": (RoadClass.LOCAL, _ALL),
    "tertiary_link": (RoadClass.LOCAL, _ALL),
    "unclassified": (RoadClass.LOCAL, _ALL),
    "residential": (RoadClass.LOCAL, _ALL),
    "living_street": (RoadClass.LOCAL, _ALL),
    "road": (RoadClass.LOCAL, _ALL),
    "track": (RoadClass.TRACK, _ALL),
    "path": (RoadClass.TRACK, _BIKE_WALK),
    "cycleway": (RoadClass.TRACK, _BIKE_WALK),
    "bridleway": (RoadClass.TRACK, MODE_BIT[Mode.WALK]),
    "footway": (RoadClass.TRACK, MODE_BIT[Mode.WALK]),
    "pedestrian": (RoadClass.TRACK, MODE_BIT[Mode.WALK]),
    "steps": (RoadClass.TRACK, MODE_BIT[Mode.WALK]),
}
_REF_CLASS = (
    (re.compile(r"^\s*CT\b", re.IGNORECASE), RoadClass.EXPRESSWAY),
    (re.compile(r"^\s*QL\b", re.IGNORECASE), RoadClass.NATIONAL),
    (re.compile(r"^\s*(ĐT|DT)\b", re.IGNORECASE), RoadClass.PROVINCIAL),
)
_MOTOR_CLASSES = {RoadClass.EXPRESSWAY, RoadClass.NATIONAL, RoadClass.PROVINCIAL, RoadClass.LOCAL}
_NO_ACCESS = {"no", "private"}


# ---------------------------------------------------------------------------------------------
# The network without sites (what the file holds)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ImportedNetwork:
    """Junction nodes and contracted edges of an imported extract, plus the recorded site snaps."""

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    u: NDArray[np.int64]
    v: NDArray[np.int64]
    length_m: NDArray[np.int64]
    road_class: NDArray[np.int8]
    road: NDArray[np.int64]
    modes: NDArray[np.uint8]
    road_names: tuple[str, ...]
    geom_ptr: NDArray[np.int64]
    geom_lat: NDArray[np.float64]
    geom_lon: NDArray[np.float64]
    snaps: tuple[Snap, ...]
    max_snap_m: float
    source: str


@dataclass(frozen=True)
class Snap:
    """Where a site joins the road network, and how far its point is from that node."""

    site: str
    lat: float
    lon: float
    node: int
    distance_m: float


@dataclass(frozen=True)
class ImportResult:
    """What ``import_osm`` made: the network and figures for the report."""

    network: ImportedNetwork
    ways: int  # highway ways kept
    osm_nodes: int  # distinct OSM nodes on them

    @property
    def snaps(self) -> tuple[Snap, ...]:
        return self.network.snaps


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def import_osm(
    extract: Path | str,
    catalog: Catalog,
    *,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    progress: Progress | None = None,
) -> ImportResult:
    """Read an OSM extract and build the contracted network with every catalog site snapped.

    ``progress`` is called with (stage, done, total) as it goes (total 0 while reading, where the
    number of ways is not known before the end).

    Raises BadInputError for a missing/unreadable/invalid file or one without usable ways, and
    CatalogError listing every site farther than ``max_snap_m`` from the nearest road node.
    """
    path = Path(extract)
    if not path.is_file():
        raise BadInputError(say("{path}: no such file", path=str(path)))
    try:
        import osmium
    except ImportError:
        raise BadInputError(
            "reading OpenStreetMap extracts needs pyosmium: install teatrip[osm]"
            " (pip install 'teatrip[osm]')"
        ) from None
    # Compact typed buffers: a province has millions of way nodes.
    refs = array("q")
    lats = array("d")
    lons = array("d")
    way_start: list[int] = []
    way_class: list[int] = []
    way_modes: list[int] = []
    way_name: list[int] = []
    names: list[str] = []
    name_code: dict[str, int] = {}
    class_code = {road_class: i for i, road_class in enumerate(CLASSES)}
    try:
        # Only highway ways reach Python; the location cache still sees every node.
        processor = (
            osmium.FileProcessor(str(path))
            .with_locations()
            .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
            .with_filter(osmium.filter.KeyFilter("highway"))
        )
        for obj in processor:
            if not isinstance(obj, osmium.osm.Way):
                continue
            tags = obj.tags
            highway = tags.get("highway") or ""
            if highway not in HIGHWAYS or tags.get("area") == "yes":
                continue
            if tags.get("access") in _NO_ACCESS:
                continue
            road_class, modes = HIGHWAYS[highway]
            ref = (tags.get("ref") or "").strip()
            name = (tags.get("name") or "").strip()
            if ref and road_class in _MOTOR_CLASSES:
                for pattern, ref_class in _REF_CLASS:
                    if pattern.match(ref):
                        road_class = ref_class
                        if ref_class is RoadClass.EXPRESSWAY:
                            modes = MODE_BIT[Mode.CAR]
                        break
            label = f"{ref} ({name})" if ref and name else ref or name or f"unnamed {highway}"
            points: list[tuple[int, float, float]] = []
            for node in obj.nodes:
                location = node.location
                if not location.valid():
                    continue
                points.append((node.ref, location.lat, location.lon))
            if len(points) < 2:
                continue
            if label not in name_code:
                name_code[label] = len(names)
                names.append(label)
            way_start.append(len(refs))
            if progress is not None and len(way_start) % _PROGRESS_WAYS == 0:
                progress(N_("reading ways"), len(way_start), 0)
            way_class.append(class_code[road_class])
            way_modes.append(modes)
            way_name.append(name_code[label])
            for ref_id, lat, lon in points:
                refs.append(ref_id)
                lats.append(lat)
                lons.append(lon)
    except RuntimeError as error:
        raise BadInputError(
            say(
                "{path}: not a readable OpenStreetMap file: {error}",
                path=str(path),
                error=str(error),
            )
        ) from None
    if not way_start:
        raise BadInputError(
            say(
                "{path}: no roads or paths (highway=* ways with nodes) in this file", path=str(path)
            )
        )
    if progress is not None:
        progress(N_("snapping sites and contracting chains"), len(way_start), len(way_start))
    network = _contract(
        np.frombuffer(refs, dtype=np.int64).copy(),
        np.frombuffer(lats, dtype=np.float64).copy(),
        np.frombuffer(lons, dtype=np.float64).copy(),
        np.array(way_start, dtype=np.int64),
        np.array(way_class, dtype=np.int8),
        np.array(way_modes, dtype=np.uint8),
        np.array(way_name, dtype=np.int64),
        tuple(names),
        catalog,
        max_snap_m,
        path.name,
    )
    return ImportResult(
        network, len(way_start), len(np.unique(np.frombuffer(refs, dtype=np.int64)))
    )


def _contract(
    refs: NDArray[np.int64],
    lats: NDArray[np.float64],
    lons: NDArray[np.float64],
    way_start: NDArray[np.int64],
    way_class: NDArray[np.int8],
    way_modes: NDArray[np.uint8],
    way_name: NDArray[np.int64],
    names: tuple[str, ...],
    catalog: Catalog,
    max_snap_m: float,
    source: str,
) -> ImportedNetwork:
    """Split ways at junctions (and snapped nodes) and contract the chains between them."""
    count = len(refs)
    unique_refs, node = np.unique(refs, return_inverse=True)
    node_lat = np.zeros(len(unique_refs))
    node_lon = np.zeros(len(unique_refs))
    node_lat[node] = lats
    node_lon[node] = lons
    way_of = np.repeat(np.arange(len(way_start)), np.diff(np.append(way_start, count)))
    # Snap every site to the nearest node of any kept way.
    snaps, problems = _snap_sites(catalog, node_lat, node_lon, max_snap_m)
    if problems:
        raise CatalogError(problems)
    keep_node = np.bincount(node, minlength=len(unique_refs)) >= 2  # shared or repeated
    keep_node[[snap.node for snap in snaps]] = True
    junction = keep_node[node]
    junction[way_start] = True  # every way starts ...
    junction[np.append(way_start[1:] - 1, count - 1)] = True  # ... and ends at a graph node
    # Step lengths between consecutive points of the same way; prefix sums give edge lengths.
    step = haversine_m(lats[:-1], lons[:-1], lats[1:], lons[1:])
    step[way_of[:-1] != way_of[1:]] = 0.0
    cumulative = np.concatenate([[0.0], np.cumsum(step)])
    positions = np.nonzero(junction)[0]
    first, second = positions[:-1], positions[1:]
    same_way = way_of[first] == way_of[second]
    first, second = first[same_way], second[same_way]
    # Renumber the kept nodes compactly.
    is_graph_node = keep_node.copy()
    is_graph_node[node[positions]] = True
    kept = np.nonzero(is_graph_node)[0]
    new_id = np.full(len(unique_refs), -1, dtype=np.int64)
    new_id[kept] = np.arange(len(kept))
    interior = ~junction
    geom_counts = second - first - 1
    geom_ptr = np.concatenate([[0], np.cumsum(geom_counts)]).astype(np.int64)
    snaps_new = tuple(Snap(s.site, s.lat, s.lon, int(new_id[s.node]), s.distance_m) for s in snaps)
    ways = way_of[first]
    return ImportedNetwork(
        lat=node_lat[kept],
        lon=node_lon[kept],
        u=new_id[node[first]],
        v=new_id[node[second]],
        length_m=np.rint(cumulative[second] - cumulative[first]).astype(np.int64),
        road_class=way_class[ways],
        road=way_name[ways],
        modes=way_modes[ways],
        road_names=names,
        geom_ptr=geom_ptr,
        geom_lat=lats[interior].astype(np.float64),
        geom_lon=lons[interior].astype(np.float64),
        snaps=snaps_new,
        max_snap_m=float(max_snap_m),
        source=source,
    )


def _snap_sites(
    catalog: Catalog, lat: NDArray[np.float64], lon: NDArray[np.float64], max_snap_m: float
) -> tuple[list[Snap], list[Problem]]:
    from scipy.spatial import cKDTree

    tree = cKDTree(_unit_vectors(lat, lon))
    sites = catalog.sites
    query = _unit_vectors(
        np.array([s.lat for s in sites], dtype=np.float64),
        np.array([s.lon for s in sites], dtype=np.float64),
    )
    _, nearest = tree.query(query, k=1)
    snaps: list[Snap] = []
    problems: list[Problem] = []
    for site, node in zip(sites, np.atleast_1d(nearest).tolist(), strict=True):
        distance = haversine_m(site.lat, site.lon, float(lat[node]), float(lon[node]))
        if distance > max_snap_m:
            problems.append(
                Problem(
                    catalog.path,
                    site.line,
                    say("site '{id}'", id=site.id),
                    "location",
                    say(
                        "the nearest road in the extract is {km} km away (limit {limit} km; "
                        "raise it with --max-snap)",
                        km=format(distance / 1000, ".2f"),
                        limit=format(max_snap_m / 1000, "g"),
                    ),
                )
            )
        snaps.append(Snap(site.id, site.lat, site.lon, int(node), distance))
    return snaps, problems


def _unit_vectors(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.float64]:
    """Points on the unit sphere: the straight chord between two of them grows with the
    great-circle distance, so the k-d tree's nearest chord is the nearest node on the Earth."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


# ---------------------------------------------------------------------------------------------
# The graph file
# ---------------------------------------------------------------------------------------------


def save_graph(network: ImportedNetwork, path: Path | str, *, force: bool = False) -> None:
    """Write ``network`` to ``path`` atomically (refusing to replace a file unless ``force``)."""
    from teatrip.fileio import write_atomic

    arrays: dict[str, NDArray[Any]] = {
        "format": np.array(GRAPH_FORMAT),
        "version": np.array(GRAPH_VERSION, dtype=np.int64),
        "source": np.array(network.source),
        "max_snap_m": np.array(network.max_snap_m, dtype=np.float64),
        "lat": network.lat,
        "lon": network.lon,
        "u": network.u.astype(np.int64),
        "v": network.v.astype(np.int64),
        "length_m": network.length_m.astype(np.int64),
        "road_class": np.array([CLASSES[c].value for c in range(len(CLASSES))])[network.road_class]
        if len(network.road_class)
        else np.array([], dtype="<U10"),
        "road": network.road.astype(np.int64),
        "modes": network.modes.astype(np.uint8),
        "road_names": np.array(network.road_names, dtype=str),
        "geom_ptr": network.geom_ptr.astype(np.int64),
        "geom_lat": network.geom_lat,
        "geom_lon": network.geom_lon,
        "snap_site": np.array([s.site for s in network.snaps], dtype=str),
        "snap_lat": np.array([s.lat for s in network.snaps], dtype=np.float64),
        "snap_lon": np.array([s.lon for s in network.snaps], dtype=np.float64),
        "snap_node": np.array([s.node for s in network.snaps], dtype=np.int64),
        "snap_m": np.array([s.distance_m for s in network.snaps], dtype=np.float64),
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    write_atomic(Path(path), buffer.getvalue(), force=force)


#: Most bytes a road graph file may unpack to: a whole country's roads take a few hundred MB.
MAX_GRAPH_BYTES = 2 * 1024**3


def _check_unpacked_size(file_path: Path, not_graph: str) -> None:
    # The zip directory says how big each member unpacks to, and zipfile never unpacks more than
    # that: checking the sum first refuses a zip bomb before anything is decompressed.
    try:
        with zipfile.ZipFile(file_path) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (OSError, zipfile.BadZipFile) as error:
        raise BadInputError(
            say("{what}: {error}", what=not_graph, error=one_line(str(error), 120))
        ) from None
    if total > MAX_GRAPH_BYTES:
        raise BadInputError(
            say(
                "{what}: it unpacks to {size} MiB, more than the {limit} MiB limit",
                what=not_graph,
                size=format(total / 1024**2, ",.0f"),
                limit=format(MAX_GRAPH_BYTES / 1024**2, ",.0f"),
            )
        )


def read_network(path: Path | str) -> ImportedNetwork:
    """Read a graph file written by ``save_graph``; BadInputError if it is anything else."""
    file_path = Path(path)
    if not file_path.exists():
        raise BadInputError(
            say("{path}: no such road graph file", path=one_line(str(file_path), 120))
        )
    stat_regular(file_path)  # a FIFO or a device is named as such, and never opened
    not_graph = say(
        "{path}: not a teatrip road graph (make one with `teatrip roads import`)",
        path=one_line(str(file_path), 120),
    )
    if not zipfile.is_zipfile(file_path):
        raise BadInputError(not_graph)
    _check_unpacked_size(file_path, not_graph)
    try:
        with np.load(file_path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except ValueError as error:
        if "pickle" in str(error):
            raise BadInputError(
                say("{what}: it holds pickled objects, never loaded", what=not_graph)
            ) from None
        raise BadInputError(
            say("{what}: {error}", what=not_graph, error=one_line(str(error), 120))
        ) from None
    except (OSError, zipfile.BadZipFile, EOFError) as error:
        raise BadInputError(
            say("{what}: {error}", what=not_graph, error=one_line(str(error), 120))
        ) from None
    except MemoryError:  # an array header claiming more elements than memory holds
        raise BadInputError(say("{what}: an array is larger than memory", what=not_graph)) from None
    if str(arrays.get("format", "")) != GRAPH_FORMAT:
        raise BadInputError(
            say(
                "{path}: not a teatrip road graph (make one with `teatrip roads import`)",
                path=str(file_path),
            )
        )
    version = int(arrays.get("version", -1))
    if version != GRAPH_VERSION:
        raise BadInputError(
            f"{file_path}: road graph format version {version}; this teatrip reads {GRAPH_VERSION}"
            " (import the extract again)"
        )
    try:
        class_code = {road_class.value: i for i, road_class in enumerate(CLASSES)}
        road_class = np.array([class_code[str(c)] for c in arrays["road_class"]], dtype=np.int8)
        snaps = tuple(
            Snap(str(site), float(lat), float(lon), int(node), float(metres))
            for site, lat, lon, node, metres in zip(
                arrays["snap_site"],
                arrays["snap_lat"],
                arrays["snap_lon"],
                arrays["snap_node"],
                arrays["snap_m"],
                strict=True,
            )
        )
        network = ImportedNetwork(
            lat=arrays["lat"].astype(np.float64),
            lon=arrays["lon"].astype(np.float64),
            u=arrays["u"].astype(np.int64),
            v=arrays["v"].astype(np.int64),
            length_m=arrays["length_m"].astype(np.int64),
            road_class=road_class,
            road=arrays["road"].astype(np.int64),
            modes=arrays["modes"].astype(np.uint8),
            road_names=tuple(str(n) for n in arrays["road_names"]),
            geom_ptr=arrays["geom_ptr"].astype(np.int64),
            geom_lat=arrays["geom_lat"].astype(np.float64),
            geom_lon=arrays["geom_lon"].astype(np.float64),
            snaps=snaps,
            max_snap_m=float(arrays["max_snap_m"]),
            source=str(arrays["source"]),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise BadInputError(
            say("{path}: damaged road graph file ({error})", path=str(file_path), error=str(error))
        ) from None
    _check_network(network, file_path)
    return network


def _check_network(network: ImportedNetwork, path: Path) -> None:
    n, e = len(network.lat), len(network.u)
    same = (
        {len(network.lon)} == {n}
        and {
            len(network.v),
            len(network.length_m),
            len(network.road_class),
            len(network.road),
            len(network.modes),
        }
        <= {e}
        and len(network.geom_ptr) == e + 1
    )
    bad = not same
    if not bad and e:
        bad = bool(
            network.u.min() < 0
            or network.v.min() < 0
            or max(network.u.max(), network.v.max()) >= n
            or network.road.min() < 0
            or network.road.max() >= len(network.road_names)
            or network.length_m.min() < 0
            or network.geom_ptr[-1] != len(network.geom_lat)
        )
    if not bad:
        bad = any(not 0 <= s.node < n for s in network.snaps)
    if bad:
        raise BadInputError(
            say("{path}: damaged road graph file (inconsistent arrays)", path=str(path))
        )


def load_graph(path: Path | str, catalog: Catalog) -> RoadGraph:
    """The road graph of an imported file with every site of ``catalog`` attached to it.

    Sites snapped at import (same id and point) reuse their node; the others are snapped now, and
    any farther than the import's limit is refused (CatalogError, with each site's line).
    """
    network = read_network(path)
    recorded = {s.site: s for s in network.snaps}
    pending = [
        site
        for site in catalog.sites
        if site.id not in recorded
        or (recorded[site.id].lat, recorded[site.id].lon) != (site.lat, site.lon)
    ]
    fresh: dict[str, Snap] = {}
    if pending:
        if len(network.lat) == 0:
            raise BadInputError(say("{path}: the road graph has no nodes", path=str(path)))
        sub = Catalog(catalog.path, catalog.version, catalog.region, tuple(pending))
        snaps, problems = _snap_sites(sub, network.lat, network.lon, network.max_snap_m)
        if problems:
            raise CatalogError(problems)
        fresh = {s.site: s for s in snaps}
    return _attach(network, catalog, {**recorded, **fresh}, str(path))


def _attach(
    network: ImportedNetwork, catalog: Catalog, snaps: Mapping[str, Snap], source: str
) -> RoadGraph:
    """Add one node per site and an estimated access edge to its snapped node."""
    winding = resolve_winding(catalog.region)[RoadClass.ACCESS]
    n = len(network.lat)
    sites = catalog.sites
    site_lat = np.array([s.lat for s in sites], dtype=np.float64)
    site_lon = np.array([s.lon for s in sites], dtype=np.float64)
    targets = [snaps[s.id].node for s in sites]
    access_m = [
        round(geodesic_m(s.lat, s.lon, float(network.lat[t]), float(network.lon[t])) * winding)
        for s, t in zip(sites, targets, strict=True)
    ]
    names: Sequence[str] = network.road_names
    access_code = len(names)
    k = len(sites)
    return RoadGraph(
        lat=np.concatenate([network.lat, site_lat]),
        lon=np.concatenate([network.lon, site_lon]),
        u=np.concatenate([network.u, np.arange(n, n + k)]),
        v=np.concatenate([network.v, np.array(targets, dtype=np.int64)]),
        length_m=np.concatenate([network.length_m, np.array(access_m, dtype=np.int64)]),
        road_class=np.concatenate(
            [network.road_class, np.full(k, CLASSES.index(RoadClass.ACCESS), dtype=np.int8)]
        ),
        road=np.concatenate([network.road, np.full(k, access_code, dtype=np.int64)]),
        road_names=(*names, ACCESS_ROAD_NAME),
        estimated=np.concatenate([np.zeros(len(network.u), bool), np.ones(k, bool)]),
        modes=np.concatenate([network.modes, np.full(k, 0xFF, dtype=np.uint8)]),
        geom_ptr=np.concatenate([network.geom_ptr, np.full(k, network.geom_ptr[-1])]),
        geom_lat=network.geom_lat,
        geom_lon=network.geom_lon,
        site_nodes={s.id: n + i for i, s in enumerate(sites)},
        site_uncertainty_m={s.id: s.location.precision.uncertainty_m for s in sites},
        speeds=resolve_speeds(catalog.region),
        source=source,
    )


def snap_report(result: ImportResult) -> list[tuple[str, float]]:
    """(site id, snap distance in metres) for each site, farthest first."""
    return sorted(((s.site, s.distance_m) for s in result.snaps), key=lambda x: -x[1])
