"""`teatrip batch`: plan a season of groups within every site's capacity (``teatrip.batch``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from teatrip.cli.common import CatalogOption
from teatrip.i18n import N_, gettext, ngettext

if TYPE_CHECKING:
    from teatrip.batch import Progress

_BAR = 30


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command(
        "batch",
        help=N_("Plan every group of a season so that no site is ever over its capacity."),
    )
    def batch_command(
        groups: Annotated[
            Path,
            typer.Argument(
                help=N_("Groups file (YAML): the season's departures."),
                dir_okay=False,
                show_default=False,
            ),
        ],
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                "-o",
                help=N_(
                    "Season folder: the ledger, each group's trip in DIR/GROUP/, the summary "
                    "and the occupancy schedules. Run again to add departures."
                ),
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
                help=N_(
                    "Formats written beside each trip.json (ics, gpx, kml, geojson, csv, md, "
                    "html); repeatable or comma-separated."
                ),
                show_default=False,
            ),
        ] = None,
        replan: Annotated[
            list[str] | None,
            typer.Option(
                "--replan", help=N_("Free these groups' places and plan them again (repeatable).")
            ),
        ] = None,
        resume: Annotated[
            bool, typer.Option("--resume", help=N_("Finish an interrupted run."))
        ] = False,
        workers: Annotated[
            int | None,
            typer.Option(
                "--workers",
                "-j",
                min=1,
                help=N_("Local worker processes (default: one per core)."),
                show_default=False,
            ),
        ] = None,
        scheduler: Annotated[
            str | None,
            typer.Option(
                "--scheduler",
                help=N_(
                    "Run on an existing Dask distributed cluster: its scheduler address "
                    "(tcp://host:8786)."
                ),
                show_default=False,
            ),
        ] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress bar."))] = False,
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
        planned = ngettext(
            "{n} group planned this run", "{n} groups planned this run", len(result.planned)
        ).format(n=len(result.planned))
        typer.echo(
            gettext("{planned}; {held} of {total} held in {folder}").format(
                planned=planned, held=held, total=len(result.summaries), folder=result.folder
            )
        )
        for summary in failed:
            typer.echo(
                gettext("not planned: {group}: {error}").format(
                    group=summary["id"], error=summary.get("error", "")
                )
            )
        if result.unknown:
            typer.echo(
                gettext("capacity unknown (taken as unlimited): {sites}").format(
                    sites=", ".join(result.unknown)
                )
            )
        typer.echo(gettext("capacity violations: {n}").format(n=len(result.violations)))
        typer.echo(gettext("summary: {path}").format(path=result.folder / "season.md"))
        if result.violations:
            for violation in result.violations[:20]:
                typer.echo(gettext("violation: {what}").format(what=violation), err=True)
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
            remaining = gettext("{n} s").format(n=left) if left < 60 else duration_s(left)
            eta = ", " + gettext("ETA {time}").format(time=remaining)
        bar = "#" * filled + "." * (_BAR - filled)
        line = f"[{bar}] " + gettext("{done}/{total} groups, round {round}").format(
            done=p.done, total=p.total, round=p.round
        )
        line += eta
        sys.stderr.write(("\r" + line) if tty else line + "\n")
        sys.stderr.flush()

    return show
