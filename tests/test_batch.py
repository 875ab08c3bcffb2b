"""A season of groups within site capacities (issue 13): capacities in the catalog, the groups
file, the checker, sharing a single-slot workshop, the ledger, interruption and resume."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from teatrip.batch import (
    Hold,
    Ledger,
    LedgerBusyError,
    Progress,
    check_holds,
    check_season,
    plan_season,
    read_groups,
)
from teatrip.catalog import load_catalog, validate_catalog
from teatrip.errors import BadInputError, CatalogError
from teatrip.itinerary_io import load_itinerary
from tests.helpers.catalogs import document, event, lodging, road, site, write_catalog

SOURCED = {"status": "sourced", "daily": ["08:00-17:00"]}


def small_region() -> dict[str, Any]:
    """A hotel (20 beds), a workshop bookable at 09:00 only (20 places), a tasting room for 30 at
    once, and two sites without capacity."""
    workshop = site(
        "workshop", 21.61, 105.84, kind="tea-coop", visit=60, hours=SOURCED, score=10, tags=["tea"]
    )
    workshop["capacity"] = {"slots": [{"start": "09:00", "minutes": 60, "capacity": 20}]}
    tasting = site("tasting", 21.62, 105.83, kind="tea-coop", visit=60, hours=SOURCED, score=8)
    tasting["capacity"] = {"visitors": 30}
    hotel = lodging("hotel", 21.6, 105.85)
    hotel["capacity"] = {"beds": 40}
    sites = [
        hotel,
        workshop,
        tasting,
        site("hill", 21.63, 105.82, score=7),
        site("temple", 21.58, 105.86, kind="temple", score=5, hours=SOURCED),
    ]
    roads = [
        road("R1", "provincial", "hotel", "workshop", "tasting", "hill"),
        road("R2", "provincial", "hotel", "temple"),
    ]
    events = [event("fair", "temple", dates=["2025-03-01..2025-03-02"])]
    return document(sites, roads, events=events)


def groups_text(*groups: str) -> str:
    return "version: 1\nseason: {name: test, seed: 3}\ngroups:\n" + "".join(
        f"  - {g}\n" for g in groups
    )


G1 = "{id: a, start: 2025-03-04, days: 1, size: 15, lodging: hotel, mode: car}"
G2 = "{id: b, start: 2025-03-04, days: 1, size: 15, lodging: hotel, mode: car}"
G3 = "{id: c, start: 2025-03-05, days: 2, size: 10, lodging: hotel, mode: car}"


@pytest.fixture
def region_file(tmp_path: Path) -> Path:
    return write_catalog(tmp_path / "region.yaml", small_region())


def write_groups(tmp_path: Path, *groups: str, name: str = "groups.yaml") -> Path:
    path = tmp_path / name
    path.write_text(groups_text(*groups), encoding="utf-8")
    return path


def decisions(folder: Path, ids: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    out = {}
    for group in ids:
        it = load_itinerary(folder / group / "trip.json")
        out[group] = [
            (s.site, s.start.isoformat(), s.depart.isoformat()) for d in it.days for s in d.stops
        ]
    return out


# --- capacity in the catalog ---------------------------------------------------------------


def test_capacity_block_is_read(region_file: Path) -> None:
    catalog = load_catalog(region_file)
    workshop = catalog.site("workshop").capacity
    assert workshop is not None and workshop.slots[0].start == 9 * 60
    assert workshop.slots[0].capacity == 20
    assert catalog.site("tasting").capacity.visitors == 30  # type: ignore[union-attr]
    assert catalog.site("hotel").capacity.beds == 40  # type: ignore[union-attr]
    assert catalog.site("hill").capacity is None


@pytest.mark.parametrize(
    ("where", "capacity", "message"),
    [
        ("tasting", {"beds": 3}, "capacity.beds: only a lodging has beds"),
        ("hotel", {"visitors": 3}, "a lodging gives beds, not visitors or slots"),
        ("tasting", {"visitors": 0}, "capacity.visitors: 0 is out of range"),
        ("tasting", {"visitor": 3}, "unknown field (did you mean 'visitors'?)"),
        (
            "tasting",
            {"slots": [{"start": "25:00", "minutes": 60, "capacity": 3}]},
            "capacity.slots.start",
        ),
        (
            "tasting",
            {
                "slots": [
                    {"start": "09:00", "minutes": 90, "capacity": 3},
                    {"start": "10:00", "minutes": 30, "capacity": 3},
                ]
            },
            "must not overlap",
        ),
    ],
)
def test_bad_capacity_is_located(
    tmp_path: Path, where: str, capacity: dict[str, Any], message: str
) -> None:
    doc = small_region()
    for entry in doc["sites"]:
        if entry["id"] == where:
            entry["capacity"] = capacity
    path = write_catalog(tmp_path / "bad.yaml", doc)
    problems = [str(p) for p in validate_catalog(path).errors]
    assert any(message in p and p.startswith(f"{path}:") for p in problems), problems


# --- the independent checker -----------------------------------------------------------------


def test_checker_finds_every_kind_of_overflow(region_file: Path) -> None:
    catalog = load_catalog(region_file)
    day = dt.date(2025, 3, 4)
    holds = [
        Hold("tasting", day, 600, 660, "a", 20),
        Hold("tasting", day, 640, 700, "b", 20),  # 40 of 30 at 10:40-11:00
        Hold("workshop", day, 540, 600, "a", 15),
        Hold("workshop", day, 540, 600, "b", 15),  # 30 of 20 in the 09:00 slot
        Hold("workshop", day, 600, 660, "c", 1),  # not a slot time
        Hold("hotel", day, 0, 1440, "a", 30, "night"),
        Hold("hotel", day, 0, 1440, "b", 30, "night"),  # 60 of 40 beds
        Hold("hill", day, 600, 660, "a", 500),  # unknown capacity: unlimited
    ]
    found = check_holds(catalog, holds)
    described = sorted(str(v) for v in found)
    assert len(found) == 4, described
    assert any(
        "tasting over capacity on 2025-03-04 at 10:40-11:00: 40 of 30" in d for d in described
    )
    assert any("workshop over capacity" in d and "30 of 20" in d for d in described)
    assert any("visited outside its booking slots" in d for d in described)
    assert any("hotel over capacity" in d and "60 of 40" in d for d in described)


# --- two groups, one single-slot workshop ----------------------------------------------------


def test_two_groups_share_a_single_slot_workshop(tmp_path: Path, region_file: Path) -> None:
    groups = write_groups(tmp_path, G1, G2)
    result = plan_season(groups, tmp_path / "out", catalog_path=region_file, workers=1)
    assert result.violations == ()
    catalog = load_catalog(region_file)
    trips = {g: load_itinerary(tmp_path / "out" / g / "trip.json") for g in ("a", "b")}
    with_workshop = [
        g for g, it in trips.items() if any(s.site == "workshop" for d in it.days for s in d.stops)
    ]
    assert with_workshop == ["a"]  # the first in priority order (same date: by id)
    for it in trips.values():
        assert it.days and any(s.kind.value == "visit" for d in it.days for s in d.stops)
    start = next(s.start for d in trips["a"].days for s in d.stops if s.site == "workshop")
    assert (start.hour, start.minute) == (9, 0)  # a slot site is visited at its slot time
    lost = {s["id"]: s["lost"] for s in result.summaries}
    assert lost["a"] == []
    assert any(
        line.startswith(
            "workshop: slot at 09:00-10:00 on 2025-03-04: 15 of 20 places held by groups a"
        )
        for line in lost["b"]
    ), lost["b"]
    assert check_season(catalog, [(g, 15, it) for g, it in trips.items()]) == []
    assert "15 of 20" in (tmp_path / "out" / "season.md").read_text(encoding="utf-8")
    schedule = (tmp_path / "out" / "occupancy.txt").read_text(encoding="utf-8")
    assert "workshop" in schedule and "09:00-" in schedule
    coop = (tmp_path / "out" / "occupancy" / "workshop.txt").read_text(encoding="utf-8")
    assert coop.startswith("workshop (workshop) — 09:00 slot for 20")
    assert "15 people  a" in coop and "tasting" not in coop
    rows = (tmp_path / "out" / "occupancy.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "site,date,kind,start,end,group,name,people,capacity"
    assert any(
        r.startswith("workshop,2025-03-04,visit,09:00,") and r.endswith(",a,a,15,20") for r in rows
    )


def test_a_group_larger_than_a_site_never_goes_there(tmp_path: Path, region_file: Path) -> None:
    big = "{id: big, start: 2025-03-04, days: 1, size: 35, lodging: hotel, mode: car}"
    result = plan_season(
        write_groups(tmp_path, big), tmp_path / "out", catalog_path=region_file, workers=1
    )
    it = load_itinerary(tmp_path / "out" / "big" / "trip.json")
    visited = {s.site for d in it.days for s in d.stops}
    assert "tasting" not in visited and "workshop" not in visited
    assert result.violations == ()


def test_unknown_capacities_are_listed(tmp_path: Path, region_file: Path) -> None:
    result = plan_season(
        write_groups(tmp_path, G3), tmp_path / "out", catalog_path=region_file, workers=1
    )
    assert "hotel" not in result.unknown
    assert set(result.unknown) <= {"hill", "temple"}
    assert "unknown capacity" in (tmp_path / "out" / "season.md").read_text(encoding="utf-8")


# --- bad groups files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "message"),
    [
        (
            "{id: x, start: 2025-03-04, days: 1, size: 5, must: [nowhere]}",
            "must: unknown site 'nowhere'",
        ),
        (
            "{id: x, start: 2025-03-04, days: 1, size: 50, lodging: hotel}",
            "50 people do not fit in hotel (40 beds)",
        ),
        (
            "{id: x, start: 2025-03-04, days: 1, size: 25, lodging: hotel, must: [workshop]}",
            "exceed the capacity of must-see workshop",
        ),
        ("{id: x, start: 2019-03-04, days: 1, size: 5}", "before the catalog's dates"),
        ("{id: x, start: 2025-03-04, days: 1, size: 5, pace: fast}", "pace: unknown value 'fast'"),
        ("{id: x, start: 2025-03-04, days: 1, size: 5, colour: red}", "colour: unknown field"),
        # a required field left out is a located problem, not a KeyError
        ("{id: x, start: 2025-03-04, size: 5}", "days: missing required field"),
        ("{id: x, days: 1, size: 5}", "start: missing required field"),
        ("{id: x, start: 2025-03-04, days: 1}", "size: missing required field"),
    ],
)
def test_bad_groups_are_located(
    tmp_path: Path, region_file: Path, group: str, message: str
) -> None:
    path = write_groups(tmp_path, G1, group)
    with pytest.raises(CatalogError) as caught:
        read_groups(path, load_catalog(region_file))
    assert f"{path}:5: group 'x': " in str(caught.value)
    assert message in str(caught.value)


def test_duplicate_ids_name_both_lines(tmp_path: Path, region_file: Path) -> None:
    path = write_groups(tmp_path, G1, G1)
    with pytest.raises(
        CatalogError, match=r":5: group 'a': id: duplicate id \(first used on line 4\)"
    ):
        read_groups(path, load_catalog(region_file))


def test_bad_groups_file_exits_2_and_keeps_the_season(
    tmp_path: Path, region_file: Path, cli: Any
) -> None:
    out = tmp_path / "out"
    good = write_groups(tmp_path, G1)
    first = cli(
        "batch", str(good), "--out", str(out), "--catalog", str(region_file), "-j", "1", "-q"
    )
    assert first.exit_code == 0, first.output
    before = (out / "a" / "trip.json").read_bytes()
    ledger_before = (out / "season.sqlite").read_bytes()
    bad = write_groups(
        tmp_path, G1, "{id: a, start: 2025-03-05, days: 1, size: 5}", name="bad.yaml"
    )
    result = cli("batch", str(bad), "--out", str(out), "--catalog", str(region_file), "-q")
    assert result.exit_code == 2
    assert f"{bad}:5: group 'a': id: duplicate id" in result.stderr
    assert (out / "a" / "trip.json").read_bytes() == before
    assert (out / "season.sqlite").read_bytes() == ledger_before


# --- the ledger ------------------------------------------------------------------------------


def test_adding_departures_plans_only_the_new_ones(tmp_path: Path, region_file: Path) -> None:
    out = tmp_path / "out"
    plan_season(write_groups(tmp_path, G1), out, catalog_path=region_file, workers=1)
    first = (out / "a" / "trip.json").read_bytes()
    result = plan_season(
        write_groups(tmp_path, G1, G2, name="more.yaml"), out, catalog_path=region_file, workers=1
    )
    assert result.planned == ("b",)
    assert (out / "a" / "trip.json").read_bytes() == first  # held places are not moved
    assert result.violations == ()
    again = plan_season(
        write_groups(tmp_path, G1, G2, name="more.yaml"), out, catalog_path=region_file, workers=1
    )
    assert again.planned == ()


def test_replan_frees_and_plans_named_groups(tmp_path: Path, region_file: Path) -> None:
    out = tmp_path / "out"
    groups = write_groups(tmp_path, G1, G2)
    plan_season(groups, out, catalog_path=region_file, workers=1)
    result = plan_season(groups, out, catalog_path=region_file, workers=1, replan=["a"])
    assert result.planned == ("a",)
    assert result.violations == ()
    # b holds no workshop place, so a gets the workshop back
    it = load_itinerary(out / "a" / "trip.json")
    assert any(s.site == "workshop" for d in it.days for s in d.stops)
    with pytest.raises(BadInputError, match="--replan: no group 'zz'"):
        plan_season(groups, out, catalog_path=region_file, workers=1, replan=["zz"])


def test_a_second_run_on_the_same_ledger_is_refused(tmp_path: Path) -> None:
    with (
        Ledger(tmp_path),
        pytest.raises(LedgerBusyError, match="another teatrip batch run"),
        Ledger(tmp_path),
    ):
        pass
    with Ledger(tmp_path) as ledger:  # free again once the first run ends
        assert ledger.groups() == {}


def test_interrupted_run_resumes_to_the_same_season(tmp_path: Path, region_file: Path) -> None:
    groups = write_groups(tmp_path, G1, G2, G3)
    whole = plan_season(groups, tmp_path / "whole", catalog_path=region_file, workers=1)

    def stop_after_one(progress: Progress) -> None:
        if progress.done == 1:
            raise KeyboardInterrupt

    out = tmp_path / "cut"
    with pytest.raises(KeyboardInterrupt):
        plan_season(groups, out, catalog_path=region_file, workers=1, progress=stop_after_one)
    kept = (out / "a" / "trip.json").read_bytes()
    with pytest.raises(BadInputError, match="run again with --resume"):
        plan_season(groups, out, catalog_path=region_file, workers=1)
    resumed = plan_season(groups, out, catalog_path=region_file, workers=1, resume=True)
    assert sorted(resumed.planned) == ["b", "c"]
    assert (out / "a" / "trip.json").read_bytes() == kept
    ids = ["a", "b", "c"]
    assert decisions(out, ids) == decisions(tmp_path / "whole", ids)
    assert [s["lost"] for s in resumed.summaries] == [s["lost"] for s in whole.summaries]


def test_cli_batch_writes_exports_and_reports(tmp_path: Path, region_file: Path, cli: Any) -> None:
    out = tmp_path / "out"
    groups = write_groups(tmp_path, G1, G2)
    result = cli(
        "batch",
        str(groups),
        "--out",
        str(out),
        "--catalog",
        str(region_file),
        "-j",
        "1",
        "-e",
        "ics,csv",
    )
    assert result.exit_code == 0, result.output
    assert "2 groups planned this run; 2 of 2 held" in result.stdout
    assert "capacity violations: 0" in result.stdout
    assert "2/2 groups" in result.stderr  # the progress bar
    assert {p.name for p in (out / "a").iterdir()} == {"trip.json", "trip.ics", "trip.csv"}
    summary = (out / "season.csv").read_text(encoding="utf-8").splitlines()
    assert summary[0].startswith(
        "group,name,status,start,days,size,lodging,sights,value,value_alone,km,"
    )
    assert len(summary) == 3


# --- parallel and distributed ----------------------------------------------------------------


@pytest.mark.slow
def test_local_dask_cluster_gives_the_single_process_season(
    tmp_path: Path, region_file: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    groups = write_groups(tmp_path, G1, G2, G3)
    alone = plan_season(groups, tmp_path / "one", catalog_path=region_file, workers=1)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        dask = plan_season(groups, tmp_path / "dask", catalog_path=region_file, scheduler=client)
        # the same through the scheduler's address, as --scheduler gives it
        plan_season(
            groups,
            tmp_path / "address",
            catalog_path=region_file,
            scheduler=cluster.scheduler_address,
        )
    ids = ["a", "b", "c"]
    assert decisions(tmp_path / "dask", ids) == decisions(tmp_path / "one", ids)
    assert decisions(tmp_path / "address", ids) == decisions(tmp_path / "one", ids)
    assert json.dumps(dask.summaries, sort_keys=True) == json.dumps(alone.summaries, sort_keys=True)


@pytest.mark.slow
def test_two_local_workers_give_the_single_process_season(
    tmp_path: Path, region_file: Path
) -> None:
    groups = write_groups(tmp_path, G1, G2, G3)
    plan_season(groups, tmp_path / "one", catalog_path=region_file, workers=1)
    plan_season(groups, tmp_path / "two", catalog_path=region_file, workers=2)
    ids = ["a", "b", "c"]
    assert decisions(tmp_path / "two", ids) == decisions(tmp_path / "one", ids)


# --- the example season ----------------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "season"


def test_the_example_season_is_valid_and_binds() -> None:
    catalog = load_catalog(EXAMPLE / "hills.yaml")
    season = read_groups(EXAMPLE / "groups.yaml", catalog)
    assert len(season.groups) == 40
    limited = {s.id for s in catalog.sites if s.capacity is not None}
    assert {"hao-dat-coop", "tan-cuong", "thai-nguyen-centre"} <= limited


def test_the_readme_shows_the_command_that_plans_the_example() -> None:
    readme = (EXAMPLE.parents[1] / "README.md").read_text(encoding="utf-8")
    command = "teatrip batch examples/season/groups.yaml --catalog examples/season/hills.yaml --out season"
    assert command in readme


def test_cli_refuses_a_season_in_use(tmp_path: Path, region_file: Path, cli: Any) -> None:
    out = tmp_path / "out"
    groups = write_groups(tmp_path, G1)
    with Ledger(out):  # another run holds the season
        result = cli("batch", str(groups), "--out", str(out), "--catalog", str(region_file), "-q")
    assert result.exit_code == 2
    assert "another teatrip batch run is planning this season" in result.stderr
    assert not (out / "a").exists()


def test_unknown_export_format_is_refused_before_planning(
    tmp_path: Path, region_file: Path
) -> None:
    with pytest.raises(BadInputError, match="--export: unknown format 'pdf'"):
        plan_season(
            write_groups(tmp_path, G1), tmp_path / "out", catalog_path=region_file, formats=["pdf"]
        )
    assert not (tmp_path / "out").exists()


def test_a_full_lodging_moves_the_group_to_the_nearest_with_room(tmp_path: Path) -> None:
    doc = small_region()
    doc["sites"].append(lodging("inn", 21.59, 105.86))
    doc["roads"].append(road("R3", "local", "hotel", "inn"))
    region = write_catalog(tmp_path / "region.yaml", doc)
    first = "{id: p, start: 2025-03-04, days: 2, size: 30, lodging: hotel, mode: car}"
    second = "{id: q, start: 2025-03-05, days: 1, size: 20, lodging: hotel, mode: car}"
    result = plan_season(
        write_groups(tmp_path, first, second), tmp_path / "out", catalog_path=region, workers=1
    )
    assert result.violations == ()
    q = next(s for s in result.summaries if s["id"] == "q")
    assert q["lodging"] == "inn"
    assert q["notes"] == [
        "moved from hotel to inn: hotel has 10 free beds on 2025-03-04 for 20 people"
    ]
    assert load_itinerary(tmp_path / "out" / "q" / "trip.json").request.start_site == "inn"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_crowded_seasons_never_overflow(
    tmp_path: Path, region_file: Path, seed: int
) -> None:
    import random

    rng = random.Random(seed)
    groups = [
        f"{{id: r{n}, start: 2025-03-0{rng.randint(4, 6)}, days: {rng.randint(1, 2)}, "
        f"size: {rng.choice([5, 10, 15, 20])}, lodging: hotel, mode: car, "
        f"pace: {rng.choice(['relaxed', 'normal', 'packed'])}}}"
        for n in range(8)
    ]
    result = plan_season(
        write_groups(tmp_path, *groups), tmp_path / "out", catalog_path=region_file, workers=1
    )
    assert result.violations == ()
    catalog = load_catalog(region_file)
    season = read_groups(tmp_path / "groups.yaml", catalog)
    planned = [
        (g.id, g.size, load_itinerary(tmp_path / "out" / g.id / "trip.json"))
        for g in season.groups
        if (tmp_path / "out" / g.id / "trip.json").exists()
    ]
    assert check_season(catalog, planned) == []
    for summary in result.summaries:
        assert summary["status"] == "held" or summary["error"]
