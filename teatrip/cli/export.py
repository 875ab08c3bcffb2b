"""`teatrip export`: a saved trip to calendars, GPS/map files, spreadsheets and day sheets."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from teatrip.i18n import N_, gettext


class ExportTarget(StrEnum):
    """Formats `teatrip export --to` accepts; `all` writes every one into a directory."""

    ICS = "ics"
    GPX = "gpx"
    KML = "kml"
    GEOJSON = "geojson"
    CSV = "csv"
    MD = "md"
    HTML = "html"
    ALL = "all"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""

    @app.command(
        "export",
        help=N_(
            "Export a saved trip for calendars, navigation apps, spreadsheets and printing.\n\n"
            "Every format is made from the same saved trip and agrees on names, order and times. "
            "Files are written atomically and never overwritten without --force."
        ),
    )
    def export_command(
        trip: Annotated[
            Path,
            typer.Argument(
                help=N_("Saved trip: the JSON file `teatrip plan` writes."),
                dir_okay=False,
                show_default=False,
            ),
        ],
        to: Annotated[
            ExportTarget,
            typer.Option(
                "--to",
                "-t",
                help=N_(
                    "Format: ics (calendar), gpx, kml, geojson, csv, md, html (printable "
                    "day sheets), or all (every format, and the trip itself, into a directory)."
                ),
                case_sensitive=False,
                show_default=False,
            ),
        ],
        output: Annotated[
            str | None,
            typer.Option(
                "--output",
                "-o",
                help=N_(
                    "File to write, or '-' for standard output. Default: the trip's file name "
                    "with the format's extension, beside the trip (trip.json -> trip.ics). With "
                    "--to all: the directory to write into (default: TRIP-export beside the trip)."
                ),
                show_default=False,
            ),
        ] = None,
        force: Annotated[
            bool, typer.Option("--force", help=N_("Overwrite existing files."))
        ] = False,
        bom: Annotated[
            bool,
            typer.Option("--bom", help=N_("CSV only: start with a UTF-8 byte-order mark (Excel).")),
        ] = False,
    ) -> None:
        """Export a saved trip for calendars, navigation apps, spreadsheets and printing.

        Every format is made from the same saved trip and agrees on names, order and times.
        Files are written atomically and never overwritten without --force.
        """
        from teatrip.errors import BadInputError, one_line
        from teatrip.export import FORMATS, export_itinerary, write_bundle
        from teatrip.fileio import write_atomic
        from teatrip.itinerary_io import load_itinerary

        if bom and to not in (ExportTarget.CSV, ExportTarget.ALL):
            raise BadInputError(gettext("--bom only applies to --to csv"))
        itinerary = load_itinerary(trip)
        if to is ExportTarget.ALL:
            if output == "-":
                raise BadInputError(
                    gettext("--to all writes several files: give -o DIRECTORY, not '-'")
                )
            directory = Path(output) if output else trip.with_name(f"{trip.stem}-export")
            written = write_bundle(itinerary, directory, force=force, stem=trip.stem, bom=bom)
            for path in written:
                typer.echo(gettext("wrote {path}").format(path=one_line(str(path))), err=True)
            return
        data = export_itinerary(itinerary, to.value, bom=bom)
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        target = Path(output) if output else trip.with_suffix(f".{FORMATS[to.value].extension}")
        if target.resolve() == trip.resolve():
            raise BadInputError(
                gettext("{path}: refusing to write the export over the saved trip").format(
                    path=one_line(str(target))
                )
            )
        write_atomic(target, data, force=force)
        typer.echo(gettext("wrote {path}").format(path=one_line(str(target))), err=True)
