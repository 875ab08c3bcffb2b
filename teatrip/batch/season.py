"""Plan a season: every group of a groups file, within every site's capacity, on a ledger.

How groups share the places (deterministic for a seed, whatever the number of workers):

* Groups are planned in *rounds*. Round ``r`` plans every pending group in parallel, each against
  the places held by groups accepted in earlier rounds (its *blocks*, see ``capacity.blocks``).
* The plans are then taken in priority order (start date, then id): a plan that still fits beside
  the groups accepted so far is accepted (written to ``DIR/<group>/`` and recorded in the ledger
  with its places); one that no longer fits waits for the next round, where it is planned again
  around everything held by then.
* The first pending group of a round always fits, so every round accepts at least one group and
  the season ends. What a plan is depends only on the group and the places held before its round,
  so one process, many cores or a Dask cluster give the same season, and a run interrupted in the
  middle of a round is finished (``resume``) exactly as it would have run.

A group whose lodging has too few free beds is moved to the nearest lodging with room (the
summary says so); a group that cannot be planned at all is recorded as failed with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from teatrip.batch.capacity import (
    NIGHT,
    Hold,
    Violation,
    blocks,
    check_holds,
    free_beds,
    holds_of,
    unknown_capacities,
)
from teatrip.batch.groups import Group, Season, read_groups
from teatrip.batch.ledger import Ledger
from teatrip.batch.work import BUDGET_S, CatalogSource, Job, Outcome, group_seed, plan_group
from teatrip.catalog import default_catalog_path, load_catalog
from teatrip.errors import BadInputError
from teatrip.fileio import read_bounded, write_files
from teatrip.formatting import say
from teatrip.geo import haversine_m
from teatrip.itinerary_io import request_to_dict
from teatrip.models import Catalog, Kind, TripRequest

__all__ = ["Progress", "SeasonResult", "plan_season"]


@dataclass(frozen=True)
class Progress:
    """Where a run is: groups settled out of those to plan, the round, seconds since the start."""

    done: int
    total: int
    round: int
    elapsed_s: float

    @property
    def eta_s(self) -> float | None:
        if not self.done:
            return None
        return self.elapsed_s / self.done * (self.total - self.done)


@dataclass(frozen=True)
class SeasonResult:
    """A season after a run: what this run planned, every group's summary, the checker's verdict."""

    folder: Path
    planned: tuple[str, ...]
    summaries: tuple[dict[str, Any], ...]
    violations: tuple[Violation, ...]
    unknown: tuple[str, ...]
    files: tuple[Path, ...]


class _Future(Protocol):
    def result(self) -> Outcome: ...


class _Runner(Protocol):
    def submit(self, job: Job) -> _Future: ...
    def close(self) -> None: ...


def plan_season(
    groups_file: Path | str,
    out: Path | str,
    *,
    catalog_path: Path | str | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    replan: Sequence[str] = (),
    resume: bool = False,
    formats: Sequence[str] = (),
    budget_s: float = BUDGET_S,
    progress: Callable[[Progress], None] | None = None,
) -> SeasonResult:
    """Plan every group of ``groups_file`` not yet held in the ledger of ``out``.

    ``workers``: local processes (default: the machine's cores; 1 plans in this process);
    ``scheduler``: a Dask scheduler address (or a ``distributed.Client``) to run on instead.
    ``replan``: groups to free and plan again. ``resume`` finishes an interrupted run.
    ``formats``: exports written beside each group's ``trip.json``. ``budget_s``: the engine's
    timed search per plan (default none: see ``work.BUDGET_S`` for why and what it costs).
    Raises CatalogError (exit 2, FILE:LINE) for a bad groups file before anything is written.
    """
    folder = Path(out)
    shown = str(catalog_path) if catalog_path is not None else "data/hills.yaml"
    source_path = Path(catalog_path) if catalog_path is not None else default_catalog_path()
    catalog = load_catalog(catalog_path)
    source = CatalogSource.of(catalog.path or shown, read_bounded(source_path))
    season = read_groups(groups_file, catalog)
    by_id = {group.id: group for group in season.groups}
    from teatrip.export import FORMATS

    unknown_formats = [f for f in formats if f not in FORMATS]
    if unknown_formats:
        names = ", ".join(FORMATS)
        raise BadInputError(
            say(
                "--export: unknown format {format} (one of: {names})",
                format=repr(unknown_formats[0]),
                names=names,
            )
        )
    unknown_replans = [g for g in replan if g not in by_id]
    if unknown_replans:
        raise BadInputError(
            say(
                "--replan: no group {group} in {file}",
                group=repr(unknown_replans[0]),
                file=str(groups_file),
            )
        )
    planned: list[str] = []
    with Ledger(folder) as ledger:
        if ledger.get("state") == "running" and not resume:
            raise BadInputError(
                f"{folder}: a previous run was interrupted; run again with --resume to finish "
                "it (the groups it planned are kept)"
            )
        known = ledger.groups()
        changed = [
            (g.id, _spec(g))
            for g in season.groups
            if g.id not in known or known[g.id].spec != _spec(g)
        ]
        ledger.add_pending(changed)
        ledger.free(replan)
        created = ledger.created()
        ledger.set(state="running", seed=str(season.seed))
        runner = _runner(source, workers, scheduler)
        try:
            planned = _rounds(ledger, catalog, season, created, budget_s, runner, formats, progress)
        finally:
            runner.close()
        ledger.set(state="done")
        return _finish(ledger, catalog, season, folder, tuple(planned))


def _spec(group: Group) -> str:
    """What a group asked for: a change means its plan must be made again."""
    request = request_to_dict(group.request)
    return json.dumps(
        {"request": request, "size": group.size, "name": group.name, "language": group.language},
        sort_keys=True,
        ensure_ascii=False,
    )


def _rounds(
    ledger: Ledger,
    catalog: Catalog,
    season: Season,
    created: dt.datetime,
    budget_s: float,
    runner: _Runner,
    formats: Sequence[str],
    progress: Callable[[Progress], None] | None,
) -> list[str]:
    started = time.monotonic()
    pending_ids = {r.id for r in ledger.groups().values() if r.status == "pending"}
    total = len(pending_ids & {g.id for g in season.groups})
    done = 0
    planned: list[str] = []
    solos: dict[str, tuple[tuple[str, ...], int]] = {}
    round_ = int(ledger.get("round", "1"))
    while True:
        records = ledger.groups()
        pending = [g for g in season.groups if records[g.id].status == "pending"]
        if not pending:
            return planned
        base_by_date: dict[dt.date, list[Hold]] = defaultdict(list)
        for hold in ledger.holds(before_round=round_):
            base_by_date[hold.date].append(hold)
        occupancy = _Occupancy(ledger.holds())
        jobs: list[tuple[Group, Job | str]] = []
        for group in pending:
            # the nights start the evening before the first day
            span = (group.request.start - dt.timedelta(days=1), *group.dates)
            base = [hold for day in span for hold in base_by_date.get(day, ())]
            job = _job(catalog, season, group, base, created, budget_s, solos.get(group.id))
            if isinstance(job, Job):
                job = replace(job, formats=("json", *formats))
            jobs.append((group, job))
        futures: Iterator[_Future | str] = (
            runner.submit(job) if isinstance(job, Job) else job for _, job in jobs
        )
        submitted = list(futures)
        first_clash: tuple[Group, Outcome, list[Violation]] | None = None
        for (group, _), future in zip(jobs, submitted, strict=True):
            if isinstance(future, str):
                outcome = Outcome(group.id, None, 0, (), 0, error=future)
            else:
                outcome = future.result()
            solos[group.id] = (outcome.solo_sites, outcome.solo_value)
            if outcome.itinerary is None:
                ledger.hold(group.id, "failed", round_, _record(group, outcome), [])
            else:
                holds = holds_of(group.id, group.size, outcome.itinerary)
                clash = occupancy.clashes(catalog, group.id, holds)
                if clash:
                    first_clash = first_clash or (group, outcome, clash)
                    continue  # planned again next round, around what is held by then
                (ledger.folder / group.id).mkdir(exist_ok=True)
                write_files(
                    [(ledger.folder / group.id / name, data) for name, data in outcome.files],
                    force=True,
                )
                ledger.hold(group.id, "held", round_, _record(group, outcome), holds)
                occupancy.add(holds)
            planned.append(group.id)
            done += 1
            if progress is not None:
                progress(Progress(done, total, round_, time.monotonic() - started))
        if first_clash is not None and not any(
            ledger.groups()[g.id].status != "pending" for g in pending
        ):
            # Nothing settled this round: a plan that cannot be kept out of full places (it
            # should not happen) is given up rather than tried for ever.
            group, outcome, clash = first_clash
            failed = replace(outcome, itinerary=None, error=f"could not keep out of {clash[0]}")
            ledger.hold(group.id, "failed", round_, _record(group, failed), [])
            planned.append(group.id)
            done += 1
        round_ += 1
        ledger.set(round=str(round_))


def _job(
    catalog: Catalog,
    season: Season,
    group: Group,
    base: Sequence[Hold],
    created: dt.datetime,
    budget_s: float,
    solo: tuple[tuple[str, ...], int] | None,
) -> Job | str:
    """The job for ``group`` around ``base``, or why it cannot be planned (no lodging has room)."""
    request, moved = _lodgings(catalog, group, base)
    if isinstance(request, str):
        return request
    placed = replace(group, request=request)
    return Job(
        group=placed,
        blocks=blocks(catalog, base, group.size, group.dates),
        seed=group_seed(season.seed, group.id),
        created=created,
        budget_s=budget_s,
        moved=moved,
        solo=solo,
    )


def _lodgings(
    catalog: Catalog, group: Group, base: Sequence[Hold]
) -> tuple[TripRequest | str, tuple[str, ...]]:
    """The request with each full lodging replaced by the nearest one with room for the group."""
    request = group.request
    nights: dict[str, list[dt.date]] = defaultdict(list)
    for k in range(1, request.days + 1):
        nights[request.lodging_on(k)].append(request.start + dt.timedelta(days=k - 2))
    sites = catalog.site_by_id
    swap: dict[str, str] = {}
    notes = []
    for lodging, dates in sorted(nights.items()):
        free = free_beds(catalog, base, lodging, dates)
        if free is None or free >= group.size:
            continue
        here = sites[lodging]
        others = sorted(
            (haversine_m(here.lat, here.lon, s.lat, s.lon), s.id)
            for s in catalog.sites
            if s.kind is Kind.LODGING and s.id != lodging and s.id not in nights
        )
        for _, other in others:
            room = free_beds(catalog, base, other, dates)
            if room is None or room >= group.size:
                swap[lodging] = other
                notes.append(
                    f"moved from {lodging} to {other}: {lodging} has {max(free, 0)} free beds "
                    f"on {dates[0]} for {group.size} people"
                )
                break
        else:
            return f"no lodging has {group.size} free beds from {dates[0]} ({lodging} is full)", ()
    if not swap:
        return request, ()
    moved = replace(
        request,
        start_site=swap.get(request.start_site, request.start_site),
        stays=tuple((day, swap.get(site, site)) for day, site in request.stays),
    )
    return moved, tuple(notes)


class _Occupancy:
    """Places held so far in a run, by site and date, to check a new plan against."""

    def __init__(self, holds: Iterable[Hold]) -> None:
        self.by_place: dict[tuple[str, dt.date, bool], list[Hold]] = defaultdict(list)
        self.add(holds)

    def add(self, holds: Iterable[Hold]) -> None:
        for hold in holds:
            self.by_place[(hold.site, hold.date, hold.kind == NIGHT)].append(hold)

    def clashes(self, catalog: Catalog, group: str, holds: Sequence[Hold]) -> list[Violation]:
        keys = {(h.site, h.date, h.kind == NIGHT) for h in holds}
        nearby = [h for key in sorted(keys) for h in self.by_place.get(key, ())]
        return [v for v in check_holds(catalog, [*nearby, *holds]) if group in v.groups]


def _record(group: Group, outcome: Outcome) -> dict[str, Any]:
    """The summary the ledger keeps for a group (what ``season.csv`` shows)."""
    it = outcome.itinerary
    sites = [] if it is None else [s for s in _visits(it)]
    return {
        "name": group.name,
        "start": group.request.start.isoformat(),
        "days": group.request.days,
        "size": group.size,
        "lodging": "" if it is None else it.request.start_site,
        "sights": len(sites),
        "sites": sites,
        "value": outcome.value,
        "solo_value": outcome.solo_value,
        "km": 0.0 if it is None else round(it.distance_m / 1000, 1),
        "lost": [f"{site}: {why}" for site, why in outcome.lost],
        "notes": list(outcome.notes),
        "error": outcome.error,
    }


def _visits(it: Any) -> list[str]:
    from teatrip.batch.work import visited

    return list(visited(it))


def _runner(source: CatalogSource, workers: int | None, scheduler: Any) -> _Runner:
    if scheduler is not None:
        return _DaskRunner(source, scheduler)
    import os

    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1:
        return _InlineRunner(source)
    return _PoolRunner(source, count)


class _Done:
    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome

    def result(self) -> Outcome:
        return self.outcome


class _Lazy:
    """Plans when asked for the result: one process, in priority order."""

    def __init__(self, source: CatalogSource, job: Job) -> None:
        self.source, self.job = source, job

    def result(self) -> Outcome:
        return plan_group(self.source, self.job)


class _InlineRunner:
    def __init__(self, source: CatalogSource) -> None:
        self.source = source

    def submit(self, job: Job) -> _Future:
        return _Lazy(self.source, job)

    def close(self) -> None:
        return None


def _ignore_interrupt() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool and keeps what is written.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _PoolRunner:
    """Local worker processes (spawned: each loads the catalog and its matrices once)."""

    def __init__(self, source: CatalogSource, count: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.source = source
        self.pool = ProcessPoolExecutor(
            max_workers=count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_ignore_interrupt,
        )

    def submit(self, job: Job) -> _Future:
        return self.pool.submit(plan_group, self.source, job)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskRunner:
    """An existing Dask distributed cluster (an address, or a ``distributed.Client``)."""

    def __init__(self, source: CatalogSource, scheduler: Any) -> None:
        import distributed

        # distributed's API is not annotated: hold it as Any rather than ignore each call.
        client_type: Any = distributed.Client
        self.client: Any
        if isinstance(scheduler, client_type):
            self.client, self.own = scheduler, False
        else:
            self.client, self.own = client_type(str(scheduler), set_as_default=False), True
        # Sent once to every worker; tasks refer to it.
        self.source = self.client.scatter(source, broadcast=True, hash=False)
        self.futures: list[Any] = []

    def submit(self, job: Job) -> _Future:
        future = self.client.submit(plan_group, self.source, job, pure=False)
        self.futures.append(future)
        return future  # type: ignore[no-any-return]

    def close(self) -> None:
        self.client.cancel(self.futures)
        self.futures.clear()
        if self.own:
            self.client.close()


def _finish(
    ledger: Ledger, catalog: Catalog, season: Season, folder: Path, planned: tuple[str, ...]
) -> SeasonResult:
    from teatrip.batch.report import write_reports

    records = ledger.groups()
    holds = ledger.holds()
    violations = check_holds(catalog, holds)
    unknown = unknown_capacities(catalog, {h.site for h in holds})
    summaries = tuple({"id": r.id, "status": r.status, **r.record} for r in records.values())
    files = write_reports(folder, catalog, season, summaries, holds, violations, unknown)
    return SeasonResult(folder, planned, summaries, tuple(violations), tuple(unknown), tuple(files))
