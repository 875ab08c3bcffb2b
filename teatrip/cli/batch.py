"""`teatrip batch`: plan a season of groups within every site's capacity (``teatrip.batch``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from teatrip.cli.common import CatalogOption

if TYPE_CHECKING:
    from teatrip.batch import Progress

_BAR = 30


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command("batch")
    def batch_command(
        groups: Annotated[
            Path,
            typer.Argument(
                help="Groups file (YAML): the season's departures.",
                dir_okay=False,
                show_default=False,
            ),
        ],
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                "-o",
                help="Season folder: the ledger, each group's trip in DIR/GROUP/, the summary "
                "and the occupancy schedules. Run again to add departures.",
                file_okay=False,
                show_default=False,
            ),
        ],
        catalog: CatalogOption = None,
        export: Annotated[
            list[str] | None,
            typer.Option(
                "--export",
                "-e",
                help="Formats written beside each trip.json (ics, gpx, kml, geojson, csv, md, "
                "html); repeatable or comma-separated.",
                show_default=False,
            ),
        ] = None,
        replan: Annotated[
            list[str] | None,
            typer.Option(
                "--replan", help="Free these groups' places and plan them again (repeatable)."
            ),
        ] = None,
        resume: Annotated[
            bool, typer.Option("--resume", help="Finish an interrupted run.")
        ] = False,
        workers: Annotated[
            int | None,
            typer.Option(
                "--workers",
                "-j",
                min=1,
                help="Local worker processes (default: one per core).",
                show_default=False,
            ),
        ] = None,
        scheduler: Annotated[
            str | None,
            typer.Option(
                "--scheduler",
                help="Run on an existing Dask distributed cluster: its scheduler address "
                "(tcp://host:8786).",
                show_default=False,
            ),
        ] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    ) -> None:
        """Plan every group of a season so that no site is ever over its capacity."""
        from teatrip.batch import plan_season
        from teatrip.request import parse_list

        formats = [f for f in parse_list(export) if f != "json"]
        result = plan_season(
            groups,
            out,
            catalog_path=catalog,
            workers=workers,
            scheduler=scheduler,
            replan=parse_list(replan),
            resume=resume,
            formats=formats,
            progress=None if quiet else _progress_bar(),
        )
        if not quiet:
            sys.stderr.write("\n")
        held = sum(1 for s in result.summaries if s["status"] == "held")
        failed = [s for s in result.summaries if s["status"] == "failed"]
        typer.echo(
            f"{len(result.planned)} groups planned this run; {held} of {len(result.summaries)} "
            f"held in {result.folder}"
        )
        for summary in failed:
            typer.echo(f"not planned: {summary['id']}: {summary.get('error', '')}")
        if result.unknown:
            typer.echo("capacity unknown (taken as unlimited): " + ", ".join(result.unknown))
        typer.echo(f"capacity violations: {len(result.violations)}")
        typer.echo(f"summary: {result.folder / 'season.md'}")
        if result.violations:
            for violation in result.violations[:20]:
                typer.echo(f"violation: {violation}", err=True)
            raise typer.Exit(1)


def _progress_bar() -> Callable[[Progress], None]:
    """A one-line bar on stderr: groups settled, round, ETA (redrawn in place on a terminal)."""
    from teatrip.formatting import duration_s

    tty = sys.stderr.isatty()
    last = [0.0]

    def show(p: Progress) -> None:
        now = time.monotonic()
        if not tty and p.done < p.total and now - last[0] < 5:
            return  # a log file gets a line every few seconds, not one per group
        last[0] = now
        filled = _BAR * p.done // max(p.total, 1)
        eta = ""
        if p.eta_s is not None:
            left = round(p.eta_s)
            eta = f", ETA {left} s" if left < 60 else f", ETA {duration_s(left)}"
        bar = "#" * filled + "." * (_BAR - filled)
        line = f"[{bar}] {p.done}/{p.total} groups, round {p.round}{eta}"
        sys.stderr.write(("\r" + line) if tty else line + "\n")
        sys.stderr.flush()

    return show
