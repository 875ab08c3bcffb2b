"""Options shared by every command, and the helpers that turn them into library objects."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from teatrip.i18n import N_

if TYPE_CHECKING:
    from teatrip.models import Catalog, TripRequest

CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        envvar="TEATRIP_CATALOG",
        help=N_("Catalog YAML file (default: the shipped Thai Nguyen catalog)."),
        show_default=False,
        dir_okay=False,
    ),
]


RoadsOption = Annotated[
    Path | None,
    typer.Option(
        "--roads",
        help=N_("Road graph file from `teatrip roads import` (default: the catalog's roads)."),
        show_default=False,
        dir_okay=False,
    ),
]


class TableFormat(StrEnum):
    """Output formats of listing commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def load(catalog_path: Path | None) -> Catalog:
    """Load the catalog named on the command line, or the embedded default."""
    from teatrip.catalog import load_catalog

    return load_catalog(catalog_path)


def with_catalog_identity(request: TripRequest, path: Path | None, catalog: Catalog) -> TripRequest:
    """``request`` recording which catalog it is planned on: the shipped one by name and version,
    any other (``path``, as given to --catalog) by path, version and the SHA-256 of its bytes."""
    import dataclasses

    from teatrip.catalog import SHIPPED_CATALOG_NAME

    if path is None:
        name, digest = SHIPPED_CATALOG_NAME, ""
    else:
        name, digest = str(path), file_sha256(path)
    return dataclasses.replace(
        request, catalog=name, catalog_sha256=digest, catalog_version=catalog.version
    )


def file_sha256(path: Path) -> str:
    """The SHA-256 of a catalog file's bytes (it has just been loaded, so it is readable)."""
    import hashlib

    from teatrip.fileio import read_bounded

    return hashlib.sha256(read_bounded(path)).hexdigest()


def json_text(data: object) -> str:
    """``data`` as indented JSON, Vietnamese letters kept as they are, but control and bidi
    characters (an RTL override in a catalog name) written as ``\\uXXXX`` escapes: the same
    JSON value, which cannot reorder or drive the terminal it is printed on."""
    import json

    from teatrip.errors import UNSAFE_CHARS

    text = json.dumps(data, ensure_ascii=False, indent=2)
    # They can only be inside strings (JSON's own syntax is ASCII), where an escape is valid.
    return UNSAFE_CHARS.sub(lambda char: f"\\u{ord(char[0]):04x}", text)


def print_json(data: object) -> None:
    """``data`` as terminal-safe indented JSON on stdout (see ``json_text``)."""
    typer.echo(json_text(data))
