"""Options shared by every command, and the helpers that turn them into library objects."""

from __future__ import annotations

import datetime as dt
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


class TableFormat(StrEnum):
    """Output formats of listing commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def load(catalog_path: Path | None) -> Catalog:
    """Load the catalog named on the command line, or the embedded default."""
    from teatrip.catalog import load_catalog

    return load_catalog(catalog_path)


def parse_date(text: str, option: str) -> dt.date:
    """An ISO date from the command line, or a BadInputError naming the option."""
    from teatrip.errors import BadInputError

    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadInputError(
            f"{option}: {text!r} is not a date that exists (write YYYY-MM-DD)"
        ) from None
