"""Exports of a saved itinerary: calendars, GPS and map files, spreadsheets and printable sheets.

Every format is produced from one ``Itinerary`` and agrees with the others on names, order and
times. Output is deterministic: the same saved trip gives the same bytes every time (the only
moment written that is not in the trip's plan is its ``created`` time).

    export_itinerary(it, "ics") -> bytes
    export_itinerary(it, "html", lang="vi") -> bytes     # the sheet in Vietnamese
    write_bundle(it, Path("out"), force=False) -> [out/trip.json, out/trip.ics, ...]

Every word people read is in the current language (:func:`teatrip.i18n.current`, which the
command line sets from ``--lang``), or in ``lang`` where a call gives one; machine keys (ids,
property names, the saved trip's JSON) are the same in every language.

Libraries, one per format: icalendar (RFC 5545 escaping and line folding; VTIMEZONE generated
from zoneinfo), gpxpy (GPX 1.1), lxml for KML (simplekml numbers element ids from a process-wide
counter, so two exports of one trip in one process would differ), geojson (RFC 7946 objects),
the standard csv module, and ``html.escape`` for Markdown/HTML (no template engine needed).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from teatrip.errors import BadInputError, ExportError
from teatrip.fileio import check_writable, write_files
from teatrip.i18n import gettext, language
from teatrip.models import Itinerary

__all__ = ["FORMATS", "ExportFormat", "export_itinerary", "write_bundle"]


@dataclass(frozen=True)
class ExportFormat:
    """One output format: its name on the command line, file extension and media type."""

    name: str
    extension: str
    media_type: str
    description: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("json", "json", "application/json", "saved itinerary (loads back)"),
        ExportFormat("ics", "ics", "text/calendar", "iCalendar: one event per stop"),
        ExportFormat(
            "gpx", "gpx", "application/gpx+xml", "GPX 1.1: waypoints, a route and a track per day"
        ),
        ExportFormat(
            "kml", "kml", "application/vnd.google-earth.kml+xml", "KML 2.2: a folder per day"
        ),
        ExportFormat("geojson", "geojson", "application/geo+json", "GeoJSON (RFC 7946)"),
        ExportFormat("csv", "csv", "text/csv", "CSV: a row per stop"),
        ExportFormat("md", "md", "text/markdown", "Markdown day sheets"),
        ExportFormat(
            "html", "html", "text/html", "printable HTML day sheets (A4, one page per day)"
        ),
    )
}


def _renderer(fmt: str, *, bom: bool) -> Callable[[Itinerary], bytes]:
    if fmt == "json":
        from teatrip.itinerary_io import dumps_itinerary

        return lambda it: dumps_itinerary(it).encode("utf-8")
    if fmt == "ics":
        from teatrip.export.ics import to_ics

        return to_ics
    if fmt == "gpx":
        from teatrip.export.gpx import to_gpx

        return to_gpx
    if fmt == "kml":
        from teatrip.export.kml import to_kml

        return to_kml
    if fmt == "geojson":
        from teatrip.export.geojson import to_geojson

        return to_geojson
    if fmt == "csv":
        from teatrip.export.csv import to_csv

        return lambda it: to_csv(it, bom=bom)
    if fmt == "md":
        from teatrip.export.markdown import to_markdown

        return to_markdown
    if fmt == "html":
        from teatrip.export.html import to_html

        return to_html
    known = ", ".join(FORMATS)
    raise BadInputError(
        gettext("unknown export format {fmt} (expected one of: {known})").format(
            fmt=repr(fmt), known=known
        )
    )


def export_itinerary(
    it: Itinerary, fmt: str, *, bom: bool = False, lang: str | None = None
) -> bytes:
    """The trip in format ``fmt`` (a key of ``FORMATS``), as the bytes of the file.

    ``bom`` adds a UTF-8 byte-order mark to CSV (for Excel); other formats ignore it. ``lang``
    ("vi" or "en") words the file in that language; without it, in the current one.
    """
    if lang is not None:
        with language(lang):
            return export_itinerary(it, fmt, bom=bom)
    render = _renderer(fmt, bom=bom)
    try:
        return render(it)
    except (ValueError, TypeError) as error:
        if isinstance(error, BadInputError):
            raise
        raise ExportError(
            gettext("cannot export the trip as {fmt}: {error}").format(fmt=fmt, error=error)
        ) from error


def write_bundle(
    it: Itinerary,
    directory: Path,
    *,
    force: bool = False,
    formats: Iterable[str] | None = None,
    stem: str = "trip",
    bom: bool = False,
    also: Sequence[tuple[Path, bytes | str]] = (),
    lang: str | None = None,
) -> list[Path]:
    """Write the trip in every format (or ``formats``) to ``directory/<stem>.<ext>``, and the
    files in ``also`` (e.g. the saved trip) in the same all-or-nothing step.

    All or nothing: every file is rendered and every target checked before anything is written,
    then every file is written in full beside its target and only then moved into place, so a
    refused overwrite (``OverwriteRefusedError``), a failing export, a full disk or Ctrl-C leaves
    the directory as it was (and removes it again if this call created it). Returns the paths
    written, in ``FORMATS`` order. ``lang`` words every file in that language.
    """
    directory = Path(directory)
    names = list(FORMATS) if formats is None else list(dict.fromkeys(formats))
    for name in names:
        if name not in FORMATS:
            _renderer(name, bom=bom)  # raises the unknown-format error
    targets = [(directory / f"{stem}.{FORMATS[name].extension}", name) for name in names]
    for path in [*(path for path, _ in targets), *(path for path, _ in also)]:
        check_writable(path, force=force)
    rendered = [(path, export_itinerary(it, name, bom=bom, lang=lang)) for path, name in targets]
    created = not directory.exists()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(
            gettext("{path}: cannot create directory: {error}").format(
                path=directory, error=error.strerror or error
            )
        ) from error
    try:
        write_files([*rendered, *also], force=force)
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                directory.rmdir()  # only if empty: never removes what someone else put there
        raise
    return [path for path, _ in rendered]
