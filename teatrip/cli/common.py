"""Options shared by every command, and the helpers that turn them into library objects."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from teatrip.models import Catalog

CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        envvar="TEATRIP_CATALOG",
        help="Catalog YAML file (default: the shipped Thai Nguyen catalog).",
        show_default=False,
        dir_okay=False,
    ),
]


RoadsOption = Annotated[
    Path | None,
    typer.Option(
        "--roads",
        help="Road graph file from `teatrip roads import` (default: the catalog's roads).",
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


def print_json(data: object) -> None:
    """``data`` as indented JSON on stdout, Vietnamese letters kept as they are."""
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
